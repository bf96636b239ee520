package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/document"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/signedpdf"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// SignatureInfo is one signature found in a signed PDF.
type SignatureInfo struct {
	Signer   string    // the certificate's subject name
	SignedAt time.Time // the signing time the signature claims
	Valid    bool      // the signature verifies against the bytes it covers
	// Changed: the file was modified after this signature (bytes beyond
	// the signed range that are not a later signature's own revision).
	Changed bool
	Note    string // anything else to show (issuer, chain problems)
}

// SignatureReader reads and verifies the signatures embedded in a PDF.
// The server plugs in the verifier; without one the page says the
// signatures were not checked.
type SignatureReader interface {
	ReadSignatures(pdf []byte) ([]SignatureInfo, error)
}

// NoSignatureCheck is what the page says with no reader plugged in.
const NoSignatureCheck = "chưa kiểm tra chữ ký"

// MaxSignedPDFBytes bounds a signed copy.
const MaxSignedPDFBytes = MaxUploadBytes

// checkPDF refuses a file that is not a PDF: the header, and the trailer a
// PDF ends with (startxref and %%EOF in the last kilobyte).
func checkPDF(name string, data []byte) error {
	switch {
	case len(data) == 0:
		return errs.Fields{"file": "Chọn tệp PDF đã ký."}.Err()
	case len(data) > MaxSignedPDFBytes:
		return errs.Fields{"file": "Tệp lớn quá 20 MB."}.Err()
	case strings.ToLower(filepath.Ext(name)) != ".pdf":
		return errs.Fields{"file": "Bản đã ký phải là tệp PDF (.pdf)."}.Err()
	case !bytes.HasPrefix(data, []byte("%PDF-1.")) && !bytes.HasPrefix(data, []byte("%PDF-2.")):
		return errs.Fields{"file": "Tệp không phải PDF dù mang đuôi .pdf: không nhận."}.Err()
	}
	tail := data[max(0, len(data)-1024):]
	if !bytes.Contains(tail, []byte("%%EOF")) || !bytes.Contains(tail, []byte("startxref")) {
		return errs.Fields{"file": "Tệp PDF bị hỏng hoặc không đầy đủ (thiếu phần kết thúc): không nhận."}.Err()
	}
	return nil
}

// UploadSignedDocument stores the signed copy of an issued document byte
// for byte with its SHA-256; a later upload replaces the link (the blob of
// the earlier one stays, as the history records it).
func (app *App) UploadSignedDocument(ctx context.Context, a auth.Actor, id int64, version int, name string, data []byte) (store.Document, error) {
	now := app.Now()
	name = vntext.Clean(filepath.Base(strings.ReplaceAll(name, "\\", "/")))
	if err := checkPDF(name, data); err != nil {
		return store.Document{}, err
	}
	// A file the signature reader cannot read as a PDF is not the PDF it
	// claims to be; read before the write transaction, which waits for no
	// parsing.
	if app.Signatures != nil {
		if _, err := app.Signatures.ReadSignatures(data); err != nil {
			return store.Document{}, errs.Fields{"file": "Tệp PDF không đọc được (" + errs.Message(err) + "): không nhận."}.Err()
		}
	}
	var out store.Document
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		c, err := loadDoc(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := require(a, auth.IssueDocument, c.target()); err != nil {
			return err
		}
		if !document.State(c.doc.State).Numbered() {
			return errs.E(errs.Conflict, "Chỉ lưu bản đã ký của văn bản đã phát hành.")
		}
		if version != c.doc.Version {
			return staleDocument()
		}
		sum := sha256.Sum256(data)
		hexSum := hex.EncodeToString(sum[:])
		if err := tx.PutBlob(ctx, hexSum, int64(len(data)), bytes.NewReader(data), now); err != nil {
			return err
		}
		before := c.doc
		d := c.doc
		d.SignedSHA256, d.SignedName, d.SignedSize, d.SignedAt, d.SignedBy, d.UpdatedAt = hexSum, name, int64(len(data)), &now, a.UserID, now
		if err := tx.UpdateDocument(ctx, d); err != nil {
			return err
		}
		d.Version++
		if err := app.docEvent(ctx, tx, a, id, "signed", "Lưu bản đã ký "+name+" (SHA-256 "+hexSum[:16]+"…)."); err != nil {
			return err
		}
		out = d
		return app.audit(ctx, tx, a, "document", id, "signed", "Lưu bản đã ký của văn bản số "+d.Number,
			map[string]any{"sha256": before.SignedSHA256}, map[string]any{"sha256": hexSum, "size": len(data)})
	})
	return out, err
}

// SignedDocument opens the signed copy for download.
func (app *App) SignedDocument(ctx context.Context, a auth.Actor, id int64) (store.Document, *store.BlobReader, error) {
	var d store.Document
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		c, err := loadDoc(ctx, tx, a, id)
		d = c.doc
		return err
	})
	if err != nil {
		return d, nil, err
	}
	if d.SignedSHA256 == "" {
		return d, nil, errs.E(errs.NotFound, "Văn bản chưa có bản đã ký.")
	}
	r, err := app.DB.OpenBlob(ctx, d.SignedSHA256)
	return d, r, err
}

// readSignatures reads the signed copy's signatures when a reader is
// plugged in; the note says why there is nothing to show otherwise.
func (app *App) readSignatures(ctx context.Context, d store.Document) ([]SignatureInfo, string) {
	if d.SignedSHA256 == "" {
		return nil, ""
	}
	if app.Signatures == nil {
		return nil, NoSignatureCheck
	}
	r, err := app.DB.OpenBlob(ctx, d.SignedSHA256)
	if err != nil {
		return nil, "không đọc được bản đã ký"
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, "không đọc được bản đã ký"
	}
	sigs, err := app.Signatures.ReadSignatures(data)
	if err != nil {
		return nil, "không đọc được chữ ký: " + errs.Message(err)
	}
	if len(sigs) == 0 {
		return nil, "tệp không có chữ ký số"
	}
	return sigs, ""
}

// pdfSignatures is the SignatureReader the app runs with: internal/signedpdf
// checks each signature's integrity and whether the file changed after it.
// No trusted roots are configured yet (the Government Cipher Committee's
// roots would go here), so every signer is reported as not traced to a
// trusted authority while integrity is still checked.
type pdfSignatures struct {
	now func() time.Time
}

func (p pdfSignatures) ReadSignatures(pdf []byte) ([]SignatureInfo, error) {
	rep, err := signedpdf.Verifier{Now: p.now()}.Verify(pdf)
	if err != nil {
		return nil, err
	}
	out := make([]SignatureInfo, 0, len(rep.Signatures))
	for _, s := range rep.Signatures {
		signer := s.SignerName
		if s.SignerOrganization != "" {
			signer += " (" + s.SignerOrganization + ")"
		}
		var notes []string
		if !s.Valid && s.Problem != "" {
			notes = append(notes, s.Problem)
		}
		if s.LaterSignatures > 0 {
			notes = append(notes, fmt.Sprintf("sau chữ ký này còn %d chữ ký", s.LaterSignatures))
		}
		if !s.Trusted && s.TrustProblem != "" {
			notes = append(notes, s.TrustProblem)
		}
		if s.Issuer != "" {
			notes = append(notes, "chứng thư do "+s.Issuer+" cấp")
		}
		// Bytes after the last signature are a change; a later signature
		// (the seal after the leader's) is not.
		out = append(out, SignatureInfo{Signer: signer, SignedAt: s.SigningTime, Valid: s.Valid,
			Changed: s.UnsignedChanges, Note: strings.Join(notes, "; ")})
	}
	return out, nil
}
