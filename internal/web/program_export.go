package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"dieuhanh/internal/app"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/export"
	"dieuhanh/internal/program"
)

// exportFormats are the program's download formats.
var exportFormats = map[string]struct {
	contentType string
	write       func(export.ProgramDoc, io.Writer) error
}{
	"docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", export.ProgramDoc.DOCX},
	"pdf":  {"application/pdf", export.ProgramDoc.PDF},
	"xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.ProgramDoc.XLSX},
}

// programExport answers GET …/programs/{month}/export.{docx,pdf,xlsx}: the
// month's program in the Decree 30/2020 layout.
func (s *Server) programExport(format string) http.HandlerFunc {
	f := exportFormats[format]
	return func(w http.ResponseWriter, r *http.Request) {
		m, err := program.ParseMonth(r.PathValue("month"))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		// ?version=N: the N-th amendment, a document of its own; without
		// it, the draft or the program as issued.
		version := app.DefaultVersion
		if v := r.URL.Query().Get("version"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 999 {
				s.fail(w, r, errs.E(errs.Invalid, "Phiên bản không hợp lệ."))
				return
			}
			version = n
		}
		doc, err := s.app.ProgramDocument(r.Context(), actor(r), m, version)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var buf bytes.Buffer
		if err := f.write(doc, &buf); err != nil {
			s.fail(w, r, errs.Wrap(err, "web: export "+format))
			return
		}
		name := fmt.Sprintf("chuong-trinh-cong-tac-%s.%s", m, format)
		if version > 0 {
			name = fmt.Sprintf("chuong-trinh-cong-tac-%s-dieu-chinh-%d.%s", m, version, format)
		}
		w.Header().Set("Content-Type", f.contentType)
		w.Header().Set("Content-Disposition", "attachment; filename=\""+name+"\"; filename*=UTF-8''"+url.PathEscape(name))
		w.Header().Set("Cache-Control", "private, no-cache")
		buf.WriteTo(w)
	}
}
