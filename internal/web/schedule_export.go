package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/schedule"
)

// docContentTypes are the document download formats of the schedule.
var docContentTypes = map[string]string{
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"pdf":  "application/pdf",
}

func sendDoc(w http.ResponseWriter, name, format string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return errs.Wrap(err, "web: export "+format)
	}
	w.Header().Set("Content-Type", docContentTypes[format])
	w.Header().Set("Content-Disposition", "attachment; filename=\""+name+"\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "private, no-cache")
	buf.WriteTo(w)
	return nil
}

// scheduleExport answers …/schedules/{week}/export.{docx,pdf}.
func (s *Server) scheduleExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		wk, err := schedule.ParseWeek(r.PathValue("week"))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		doc, err := s.app.ScheduleDocument(r.Context(), actor(r), wk)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		write := doc.DOCX
		if format == "pdf" {
			write = doc.PDF
		}
		if err := sendDoc(w, fmt.Sprintf("lich-cong-tac-%s.%s", wk, format), format, write); err != nil {
			s.fail(w, r, err)
		}
	}
}

// invitationExport answers /events/{id}/invitation.{docx,pdf}: the GIẤY MỜI.
func (s *Server) invitationExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := pathID(r, "id")
		doc, err := s.app.InvitationDocument(r.Context(), actor(r), id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		write := doc.DOCX
		if format == "pdf" {
			write = doc.PDF
		}
		if err := sendDoc(w, fmt.Sprintf("giay-moi-%d.%s", id, format), format, write); err != nil {
			s.fail(w, r, err)
		}
	}
}

// conclusionExport answers /events/{id}/conclusion.{docx,pdf}: the meeting's
// conclusion notice (THÔNG BÁO kết luận).
func (s *Server) conclusionExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := pathID(r, "id")
		doc, err := s.app.ConclusionDocument(r.Context(), actor(r), id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		write := doc.DOCX
		if format == "pdf" {
			write = doc.PDF
		}
		if err := sendDoc(w, fmt.Sprintf("thong-bao-ket-luan-%d.%s", id, format), format, write); err != nil {
			s.fail(w, r, err)
		}
	}
}
