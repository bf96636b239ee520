package app

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// MaxUploadBytes is the largest product or meeting file accepted.
const MaxUploadBytes = 20 << 20

// MaxReportFiles is the most files one report carries.
const MaxReportFiles = 3

// MaxFileNameRunes bounds the name of an uploaded file.
const MaxFileNameRunes = 255

// Upload is a file a person sends. The web layer spools large uploads to
// temporary files, so Content usually reads from disk: nothing here holds
// a whole file in memory.
type Upload struct {
	Name    string
	Content io.ReaderAt
	Size    int64
}

// BytesUpload is an upload held in memory (small files sent as JSON; tests).
func BytesUpload(name string, data []byte) Upload {
	return Upload{Name: name, Content: bytes.NewReader(data), Size: int64(len(data))}
}

func (u Upload) reader() io.Reader { return io.NewSectionReader(u.Content, 0, u.Size) }

// StoredFile is an upload checked and ready to store.
type StoredFile struct {
	Name        string
	ContentType string
	Size        int64
	SHA256      string
}

// fileKind says what a file really is, judged from its bytes: the name's
// extension must agree, so a renamed executable is refused.
func fileKind(name string, content io.ReaderAt, size int64) (contentType string, ok bool) {
	ext := strings.ToLower(filepath.Ext(name))
	head := make([]byte, 8)
	n, _ := content.ReadAt(head, 0)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return "application/pdf", ext == ".pdf"
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", ext == ".png"
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return "image/jpeg", ext == ".jpg" || ext == ".jpeg"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		// zip reads only the central directory, not the whole file.
		zr, err := zip.NewReader(content, size)
		if err != nil {
			return "", false
		}
		has := map[string]bool{}
		for _, f := range zr.File {
			has[f.Name] = true
		}
		if !has["[Content_Types].xml"] {
			return "", false
		}
		switch {
		case has["word/document.xml"]:
			return "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ext == ".docx"
		case has["xl/workbook.xml"]:
			return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ext == ".xlsx"
		}
	}
	return "", false
}

// checkUploads validates every file before anything is stored: how many,
// name, size, kind (by content), and computes each one's SHA-256.
func checkUploads(files []Upload, field string) ([]StoredFile, error) {
	if len(files) > MaxReportFiles {
		return nil, errs.Fields{field: fmt.Sprintf("Mỗi lần gửi tối đa %d tệp.", MaxReportFiles)}.Err()
	}
	var out []StoredFile
	for _, f := range files {
		name := vntext.Clean(filepath.Base(strings.ReplaceAll(f.Name, "\\", "/")))
		switch {
		case name == "" || name == "." || name == "/":
			return nil, errs.Fields{field: "Tệp không có tên."}.Err()
		case utf8.RuneCountInString(name) > MaxFileNameRunes:
			return nil, errs.Fields{field: fmt.Sprintf("Tên tệp dài quá %d ký tự.", MaxFileNameRunes)}.Err()
		case f.Size <= 0:
			return nil, errs.Fields{field: "Tệp «" + name + "» rỗng."}.Err()
		case f.Size > MaxUploadBytes:
			return nil, errs.Fields{field: "Tệp «" + name + "» lớn hơn 20 MB."}.Err()
		}
		ct, ok := fileKind(name, f.Content, f.Size)
		if !ok {
			return nil, errs.Fields{field: "Tệp «" + name + "» không được chấp nhận: chỉ nhận PDF, DOCX, XLSX, PNG, JPEG (kiểm tra theo nội dung tệp)."}.Err()
		}
		h := sha256.New()
		if _, err := io.Copy(h, f.reader()); err != nil {
			return nil, errs.Wrap(err, "app: read upload")
		}
		out = append(out, StoredFile{Name: name, ContentType: ct, Size: f.Size, SHA256: hex.EncodeToString(h.Sum(nil))})
	}
	return out, nil
}

// storeFiles puts the checked uploads into the database in tx, the use
// case's own transaction: the file and the row pointing to it are stored
// together or not at all. Identical content is stored once.
func (app *App) storeFiles(ctx context.Context, tx *store.Tx, files []Upload, stored []StoredFile) error {
	for i, f := range files {
		if err := tx.PutBlob(ctx, stored[i].SHA256, f.Size, f.reader(), app.Now()); err != nil {
			return err
		}
	}
	return nil
}

// openFile returns a reader of a stored file by hash.
func (app *App) openFile(ctx context.Context, sha string) (*store.BlobReader, error) {
	if len(sha) != 64 {
		return nil, errs.E(errs.NotFound, "Không tìm thấy tệp.")
	}
	b, err := app.DB.OpenBlob(ctx, sha)
	if errs.Is(err, errs.NotFound) {
		return nil, errs.E(errs.NotFound, "Không tìm thấy tệp.")
	}
	return b, err
}
