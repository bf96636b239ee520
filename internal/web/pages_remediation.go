package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"dieuhanh/internal/app"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/export"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
)

// Remediation reports (seed ¶2): the month's list with each unit's state,
// and one obligation's page with the unit's form, the Office's receipt, the
// leader's decision and the history.

// remediationMonth reads ?month=YYYY-MM (the current month by default).
func (s *Server) remediationMonth(r *http.Request) (program.Month, error) {
	q := r.URL.Query().Get("month")
	if q == "" {
		return currentMonth(s.app.Now()), nil
	}
	m, err := program.ParseMonth(q)
	if err != nil {
		// The message on the page, and beside the field for the API.
		msg := errs.Message(err)
		return m, &errs.Error{Kind: errs.Invalid, Code: errs.CodeOf(err), Message: msg, Fields: map[string]string{"month": msg}}
	}
	return m, nil
}

func (s *Server) remediationsPage(w http.ResponseWriter, r *http.Request) {
	m, err := s.remediationMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.app.Remediations(r.Context(), actor(r), m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, "remediations", &View{Title: "Báo cáo khắc phục " + remediation.MonthWords(m), Active: "remediations", Data: list})
}

// remediationView is the data of an obligation's page.
type remediationView struct {
	D       app.RemediationDetail
	Weekday string // of the due date
}

func (s *Server) remediationData(r *http.Request, id int64) (remediationView, error) {
	d, err := s.app.Remediation(r.Context(), actor(r), id)
	if err != nil {
		return remediationView{}, err
	}
	return remediationView{D: d, Weekday: calendar.WeekdayVN(d.R.DueDate.Weekday())}, nil
}

// remediationForm is the report as the form shows it: one field per entry
// and part, named as the rules name their messages
// ("entries.item:12.cause").
func remediationForm(d app.RemediationDetail) url.Values {
	v := url.Values{}
	v.Set("version", strconv.Itoa(d.R.Version))
	v.Set("responsibility", d.Report.Responsibility)
	for _, e := range d.Entries {
		p := "entries." + e.Key + "."
		v.Set(p+"cause_kind", string(e.Report.CauseKind))
		v.Set(p+"cause", e.Report.Cause)
		v.Set(p+"solutions", e.Report.Solutions)
		v.Set(p+"new_deadline", e.Report.NewDeadline)
		v.Set(p+"result", e.Report.Result)
	}
	return v
}

func (s *Server) remediationPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.remediationData(r, pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, "remediation", &View{Title: remediationTitle(v.D), Active: "remediations",
		Form: remediationForm(v.D), Data: v})
}

func remediationTitle(d app.RemediationDetail) string {
	return "Báo cáo khắc phục " + remediation.MonthWords(d.Month) + " · " + d.R.UnitName
}

// remediationFailed re-renders the page with a form's errors beside its
// fields: the report's under their own names, the decision's under
// "decision.".
func (s *Server) remediationFailed(w http.ResponseWriter, r *http.Request, id int64, form string, err error) {
	switch errs.KindOf(err) {
	case errs.Invalid, errs.Conflict:
	default:
		s.fail(w, r, err)
		return
	}
	v, derr := s.remediationData(r, id)
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	fields := map[string]string{}
	for k, msg := range errs.FieldsOf(err) {
		if form != "report" {
			k = form + "." + k
		}
		fields[k] = msg
	}
	values := remediationForm(v.D)
	if form == "report" {
		values = r.PostForm
	} else {
		for k, vs := range r.PostForm {
			values[form+"."+k] = vs
		}
	}
	status := statusOf(errs.KindOf(err))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		status = http.StatusRequestEntityTooLarge
	}
	s.renderPage(w, r, status, "remediation", &View{Title: remediationTitle(v.D), Active: "remediations", Errors: fields,
		Message: errs.Message(err), Form: values, Data: v})
}

func (s *Server) remediationDone(w http.ResponseWriter, r *http.Request, id int64, msg string) {
	s.flash(r, msg)
	redirect(w, r, "/remediations/"+strconv.FormatInt(id, 10))
}

// reportFromForm reads the report form: fields "entries.<key>.<part>",
// "responsibility", files "entries.<key>.files" (streamed to temporary
// files by checkInput) and "remove_file" checkboxes.
func reportFromForm(r *http.Request) (in app.RemediationInput, done func(), err error) {
	in.Version = formInt(r, "version")
	in.Report.Responsibility = r.PostFormValue("responsibility")
	in.File = r.PostFormValue("action") == "file"
	byKey := map[string]*remediation.EntryReport{}
	var keys []string
	for name, vals := range r.PostForm {
		rest, ok := strings.CutPrefix(name, "entries.")
		if !ok || len(vals) == 0 {
			continue
		}
		i := strings.LastIndex(rest, ".")
		if i < 0 {
			continue
		}
		key, part := rest[:i], rest[i+1:]
		e := byKey[key]
		if e == nil {
			e = &remediation.EntryReport{Key: key}
			byKey[key] = e
			keys = append(keys, key)
		}
		switch part {
		case "cause_kind":
			e.CauseKind = remediation.CauseKind(vals[0])
		case "cause":
			e.Cause = vals[0]
		case "solutions":
			e.Solutions = vals[0]
		case "new_deadline":
			e.NewDeadline = vals[0]
		case "result":
			e.Result = vals[0]
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		in.Report.Entries = append(in.Report.Entries, *byKey[k])
	}
	in.RemoveFiles = parseIDs(r.PostForm["remove_file"])
	done = func() {}
	if r.MultipartForm == nil {
		return in, done, nil
	}
	var closers []func()
	done = func() {
		for _, c := range closers {
			c()
		}
	}
	for name := range r.MultipartForm.File {
		rest, ok := strings.CutPrefix(name, "entries.")
		key, ok2 := strings.CutSuffix(rest, ".files")
		if !ok || !ok2 {
			continue
		}
		ups, close, err := formFiles(r, name)
		closers = append(closers, close)
		if err != nil {
			return in, done, err
		}
		if in.Files == nil {
			in.Files = map[string][]app.Upload{}
		}
		in.Files[key] = ups
	}
	return in, done, nil
}

func (s *Server) remediationReport(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	r.ParseForm()
	in, done, err := reportFromForm(r)
	defer done()
	if err == nil {
		err = s.app.SaveRemediationReport(r.Context(), actor(r), id, in)
	}
	if err != nil {
		s.remediationFailed(w, r, id, "report", err)
		return
	}
	msg := "Đã lưu dự thảo báo cáo khắc phục."
	if in.File {
		msg = "Đã nộp báo cáo khắc phục; Văn phòng sẽ ghi nhận và lãnh đạo phụ trách xem xét."
	}
	s.remediationDone(w, r, id, msg)
}

func (s *Server) remediationReceipt(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	r.ParseForm()
	if err := s.app.ReceiveRemediation(r.Context(), actor(r), id, formInt(r, "version")); err != nil {
		s.remediationFailed(w, r, id, "receipt", err)
		return
	}
	s.remediationDone(w, r, id, "Đã ghi nhận đã nhận báo cáo khắc phục.")
}

func (s *Server) remediationDecision(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	r.ParseForm()
	in := app.RemediationDecisionInput{Version: formInt(r, "version"), Decision: r.PostFormValue("decision"),
		Comment: r.PostFormValue("comment"), Objective: r.PostForm["objective"], ApproveDeadlines: r.PostForm["approve_deadline"]}
	if err := s.app.DecideRemediation(r.Context(), actor(r), id, in); err != nil {
		s.remediationFailed(w, r, id, "decision", err)
		return
	}
	msg := "Đã chấp nhận báo cáo khắc phục."
	if in.Decision == "return" {
		msg = "Đã trả lại báo cáo khắc phục để đơn vị nộp lại."
	}
	s.remediationDone(w, r, id, msg)
}

// remediationFile sends a product file of a report.
func (s *Server) remediationFile(w http.ResponseWriter, r *http.Request) {
	f, content, err := s.app.RemediationFile(r.Context(), actor(r), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	disp := "attachment"
	if f.ContentType == "application/pdf" || f.ContentType == "image/png" || f.ContentType == "image/jpeg" {
		disp = "inline"
	}
	serveFile(w, r, disp, f.Name, f.ContentType, f.UploadedAt, content)
}

// remediationExport answers …/remediations/{id}/export.{docx,pdf}: the
// report in the Decree 30/2020 layout; ?filing=N gives an earlier filing
// as it was filed.
func (s *Server) remediationExport(format string) http.HandlerFunc {
	write := map[string]func(export.RemediationDoc, *bytes.Buffer) error{
		"docx": func(d export.RemediationDoc, b *bytes.Buffer) error { return d.DOCX(b) },
		"pdf":  func(d export.RemediationDoc, b *bytes.Buffer) error { return d.PDF(b) },
	}[format]
	contentType := map[string]string{"docx": exportFormats["docx"].contentType, "pdf": exportFormats["pdf"].contentType}[format]
	return func(w http.ResponseWriter, r *http.Request) {
		seq := 0
		if q := r.URL.Query().Get("filing"); q != "" {
			n, err := strconv.Atoi(q)
			if err != nil || n < 1 || n > 1000 {
				s.fail(w, r, errs.Fields{"filing": "Lần nộp không hợp lệ."}.Err())
				return
			}
			seq = n
		}
		id := pathID(r, "id")
		doc, err := s.app.RemediationDocument(r.Context(), actor(r), id, seq)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var buf bytes.Buffer
		if err := write(doc, &buf); err != nil {
			s.fail(w, r, errs.Wrap(err, "web: export "+format))
			return
		}
		number := strings.NewReplacer("/", "-").Replace(strings.TrimPrefix(doc.Header.Number, "/"))
		name := fmt.Sprintf("bao-cao-khac-phuc-%d-%s.%s", id, number, format)
		if doc.Draft {
			name = fmt.Sprintf("du-thao-bao-cao-khac-phuc-%d.%s", id, format)
		}
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Content-Disposition", "attachment; filename=\""+name+"\"; filename*=UTF-8''"+url.PathEscape(name))
		w.Header().Set("Cache-Control", "private, no-cache")
		buf.WriteTo(w)
	}
}

// remediationTone is the badge tone of an obligation's state.
func remediationTone(state string) string {
	switch remediation.State(state) {
	case remediation.StateAccepted:
		return "good"
	case remediation.StateFiled:
		return "info"
	case remediation.StateOpen:
		return "warn"
	case remediation.StateMissing, remediation.StateReturned:
		return "bad"
	}
	return "idle"
}
