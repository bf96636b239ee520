package web

import (
	"mime"
	"mime/multipart"
	"net/http"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/store"
)

// maxJSONReport bounds a JSON report, whose files come base64-encoded and
// are decoded in memory: small files only (about 3 MB in all). Larger
// ones go as multipart/form-data, which is streamed to temporary files.
const maxJSONReport = 4 << 20

// formFiles returns the files of a multipart field as uploads. checkInput
// has already read the form: small files are in memory, the rest in
// temporary files, so each upload reads its content from there. done
// closes them; the temporary files are removed after the request.
func formFiles(r *http.Request, field string) (ups []app.Upload, done func(), err error) {
	var open []multipart.File
	done = func() {
		for _, f := range open {
			f.Close()
		}
	}
	if r.MultipartForm == nil {
		return nil, done, nil
	}
	for _, fh := range r.MultipartForm.File[field] {
		f, err := fh.Open()
		if err != nil {
			return nil, done, errs.Wrap(err, "web: open upload")
		}
		open = append(open, f)
		ups = append(ups, app.Upload{Name: fh.Filename, Content: f, Size: fh.Size})
	}
	return ups, done, nil
}

// isMultipart reports whether the request body is a multipart form.
func isMultipart(r *http.Request) bool {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return ct == "multipart/form-data"
}

// serveFile sends a stored file with its checked content type, streamed
// chunk by chunk (with ranges and Content-Length); disposition is
// "inline" or "attachment", the name goes in Content-Disposition (RFC
// 6266/5987 via mime).
func serveFile(w http.ResponseWriter, r *http.Request, disposition, name, contentType string, modified time.Time, content *store.BlobReader) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": name}))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", modified, content)
}
