package app

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"

	"dieuhanh/internal/errs"
)

// MaxUploadBytes is the largest product or meeting file accepted.
const MaxUploadBytes = 20 << 20

// MaxReportFiles is the most files one report carries.
const MaxReportFiles = 3

// Upload is a file a user sends with a report.
type Upload struct {
	Name string
	Data []byte
}

// StoredFile is an upload checked and written under the data dir.
type StoredFile struct {
	Name        string
	ContentType string
	Size        int64
	SHA256      string
}

// fileKind says what a file really is, judged from its bytes: the name's
// extension must agree, so a renamed executable is refused.
func fileKind(name string, data []byte) (contentType string, ok bool) {
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf", ext == ".pdf"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", ext == ".png"
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "image/jpeg", ext == ".jpg" || ext == ".jpeg"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
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

// checkUploads validates every file before anything is stored.
func checkUploads(files []Upload, field string) ([]StoredFile, error) {
	var out []StoredFile
	for _, f := range files {
		name := filepath.Base(strings.ReplaceAll(f.Name, "\\", "/"))
		if len(f.Data) == 0 {
			return nil, errs.Fields{field: "Tệp «" + name + "» rỗng."}.Err()
		}
		if len(f.Data) > MaxUploadBytes {
			return nil, errs.Fields{field: "Tệp «" + name + "» lớn hơn 20 MB."}.Err()
		}
		ct, ok := fileKind(name, f.Data)
		if !ok {
			return nil, errs.Fields{field: "Tệp «" + name + "» không được chấp nhận: chỉ nhận PDF, DOCX, XLSX, PNG, JPEG (kiểm tra theo nội dung tệp)."}.Err()
		}
		sum := sha256.Sum256(f.Data)
		out = append(out, StoredFile{Name: name, ContentType: ct, Size: int64(len(f.Data)), SHA256: hex.EncodeToString(sum[:])})
	}
	return out, nil
}

// filePath is where a file with this hash lives under the data dir.
func (app *App) filePath(sha string) string {
	return filepath.Join(app.DataDir, "files", sha[:2], sha)
}

// writeFiles stores the checked uploads by content hash. Writing before the
// transaction is safe: an identical file is the same path, and an unused one
// costs only disk space, while a row never points to a missing file.
func (app *App) writeFiles(files []Upload, stored []StoredFile) error {
	for i, f := range files {
		p := app.filePath(stored[i].SHA256)
		if _, err := os.Stat(p); err == nil {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			return errs.Wrap(err, "app: files dir")
		}
		tmp := p + ".tmp"
		if err := os.WriteFile(tmp, f.Data, 0o640); err != nil {
			return errs.Wrap(err, "app: write file")
		}
		if err := os.Rename(tmp, p); err != nil {
			return errs.Wrap(err, "app: rename file")
		}
	}
	return nil
}

// OpenFile returns the bytes of a stored file by hash.
func (app *App) OpenFile(sha string) ([]byte, error) {
	if len(sha) != 64 {
		return nil, errs.E(errs.NotFound, "Không tìm thấy tệp.")
	}
	b, err := os.ReadFile(app.filePath(sha))
	if err != nil {
		return nil, errs.E(errs.NotFound, "Không tìm thấy tệp.")
	}
	return b, nil
}
