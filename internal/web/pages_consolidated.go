package web

import (
	"bytes"
	"net/http"
	"strconv"

	"dieuhanh/internal/app"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
)

// The Office's monthly consolidated report to the Chairman (seed ¶4): the
// page with its computed part I and annex, the Office's edit and
// submission, the Chairman's directions, and their registration as items.

// consolidatedView is the report page's data.
type consolidatedView struct {
	app.ConsolidatedPage
	Doc      reportParts
	Prev     string
	Next     string
	DocxHref string
	PdfHref  string
	Org      app.Org
	Leaders  bool
}

// reportParts are the document's texts as the page shows them.
type reportParts struct {
	Intro   string
	Results []string
}

func (s *Server) loadConsolidated(w http.ResponseWriter, r *http.Request) (consolidatedView, bool) {
	m, err := pathMonth(r)
	if err != nil {
		s.fail(w, r, errs.Fields{"month": errs.Message(err)}.Err())
		return consolidatedView{}, false
	}
	page, err := s.app.ConsolidatedReport(r.Context(), actor(r), m)
	if err != nil {
		s.fail(w, r, err)
		return consolidatedView{}, false
	}
	doc, err := s.app.ConsolidatedDocument(r.Context(), actor(r), m)
	if err != nil {
		s.fail(w, r, err)
		return consolidatedView{}, false
	}
	v := consolidatedView{ConsolidatedPage: page, Prev: app.ConsolidatedPath(m.Prev()), DocxHref: app.ConsolidatedPath(m) + ".docx",
		PdfHref: app.ConsolidatedPath(m) + ".pdf", Org: app.Org{Ward: page.Ward, Units: page.Units, Leaders: page.Leaders}}
	if !m.Next().First().Start().After(s.app.Now()) {
		v.Next = app.ConsolidatedPath(m.Next())
	}
	v.Doc.Intro = doc.Intro
	if len(doc.Parts) > 0 {
		v.Doc.Results = doc.Parts[0].Paragraphs
	}
	return v, true
}

func (s *Server) consolidatedIndex(w http.ResponseWriter, r *http.Request) {
	redirect(w, r, app.ConsolidatedPath(currentMonth(s.app.Now())))
}

func (s *Server) consolidatedPage(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadConsolidated(w, r)
	if !ok {
		return
	}
	form := map[string][]string{"version": {strconv.Itoa(v.Report.Version)}, "shortcomings": {v.Report.Shortcomings},
		"recommendations": {v.Report.Recommendations}, "directions": {v.Report.Directions}}
	s.renderPage(w, r, http.StatusOK, "consolidated", &View{Title: "Báo cáo tổng hợp " + v.Month.Label(), Active: "reports", Form: form, Data: v})
}

// consolidatedFailed re-renders the page with a form's errors.
func (s *Server) consolidatedFailed(w http.ResponseWriter, r *http.Request, err error) {
	k := errs.KindOf(err)
	if k != errs.Invalid && k != errs.Conflict {
		s.fail(w, r, err)
		return
	}
	v, ok := s.loadConsolidated(w, r)
	if !ok {
		return
	}
	s.formFailed(w, r, err, "consolidated", &View{Title: "Báo cáo tổng hợp " + v.Month.Label(), Active: "reports", Data: v})
}

func (s *Server) consolidatedDraft(w http.ResponseWriter, r *http.Request) {
	m, err := pathMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.DraftConsolidatedReport(r.Context(), actor(r), m); err != nil {
		s.consolidatedFailed(w, r, err)
		return
	}
	s.flash(r, "Đã lập dự thảo báo cáo từ số liệu chương trình công tác.")
	redirect(w, r, app.ConsolidatedPath(m))
}

func (s *Server) consolidatedSave(w http.ResponseWriter, r *http.Request) {
	m, err := pathMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.ParseForm()
	in := app.ConsolidatedInput{Version: formInt(r, "version"), Shortcomings: r.PostFormValue("shortcomings"),
		Recommendations: r.PostFormValue("recommendations"), Submit: r.PostFormValue("action") == "submit"}
	rep, err := s.app.SaveConsolidatedReport(r.Context(), actor(r), m, in)
	if err != nil {
		s.consolidatedFailed(w, r, err)
		return
	}
	if in.Submit {
		s.flash(r, "Đã trình Chủ tịch báo cáo số "+rep.Number+".")
	} else {
		s.flash(r, "Đã lưu báo cáo.")
	}
	redirect(w, r, app.ConsolidatedPath(m))
}

func (s *Server) consolidatedDirections(w http.ResponseWriter, r *http.Request) {
	m, err := pathMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.ParseForm()
	if err := s.app.DirectConsolidatedReport(r.Context(), actor(r), m, formInt(r, "version"), r.PostFormValue("directions")); err != nil {
		s.consolidatedFailed(w, r, err)
		return
	}
	s.flash(r, "Đã ghi ý kiến chỉ đạo; Văn phòng đã được thông báo.")
	redirect(w, r, app.ConsolidatedPath(m)+"#directions")
}

func (s *Server) consolidatedItem(w http.ResponseWriter, r *http.Request) {
	m, err := pathMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.ParseForm()
	useSuggested(r)
	in := program.ItemInput{Title: r.PostFormValue("title"), Kind: program.Kind(r.PostFormValue("kind")), LeadUnitID: formInt64(r, "lead_unit"),
		CoordinatingUnitIDs: formInt64s(r, "coordinating_units"), LeaderID: formInt64(r, "leader"), DueDate: r.PostFormValue("due_date"),
		Product: r.PostFormValue("product"), AllowDayOff: r.PostFormValue("allow_day_off") == "1"}
	_, amended, err := s.app.RegisterDirective(r.Context(), actor(r), m, in)
	if err != nil {
		s.consolidatedFailed(w, r, err)
		return
	}
	if amended {
		s.flash(r, "Đã đề nghị bổ sung nội dung vào chương trình tháng "+m.Next().Short()+" (chờ Chủ tịch duyệt điều chỉnh).")
	} else {
		s.flash(r, "Đã đăng ký nội dung vào chương trình tháng "+m.Next().Short()+".")
	}
	redirect(w, r, app.ConsolidatedPath(m)+"#directions")
}

// consolidatedExport serves the report as DOCX or PDF.
func (s *Server) consolidatedExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		m, err := pathMonth(r)
		if err != nil {
			s.fail(w, r, errs.Fields{"month": errs.Message(err)}.Err())
			return
		}
		doc, err := s.app.ConsolidatedDocument(r.Context(), actor(r), m)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var buf bytes.Buffer
		ct := "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		if format == "pdf" {
			ct, err = "application/pdf", doc.PDF(&buf)
		} else {
			err = doc.DOCX(&buf)
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Content-Disposition", `attachment; filename="bao-cao-tong-hop-`+m.String()+`.`+format+`"`)
		w.Write(buf.Bytes())
	}
}
