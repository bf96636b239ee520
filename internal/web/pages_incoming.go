package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/document"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/export"
	"dieuhanh/internal/store"
)

// Incoming documents (văn bản đến): the year's register (Sổ văn bản đến)
// with its filters, search and XLSX, the clerk's register form, a
// document's page with its PDF, the routing and the leader's direction.

// incomingFilterOf reads the register's query: year, state, urgency,
// unit, q, before.
func incomingFilterOf(r *http.Request) (store.IncomingFilter, error) {
	q := r.URL.Query()
	f := store.IncomingFilter{State: q.Get("state"), Urgency: q.Get("urgency"), Q: strings.TrimSpace(q.Get("q"))}
	bad := errs.Fields{}
	num := func(key string) int64 {
		v := strings.TrimSpace(q.Get(key))
		if v == "" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			bad.Add(key, "Giá trị không hợp lệ.")
		}
		return n
	}
	f.Year, f.UnitID, f.Before = int(num("year")), num("unit"), int(num("before"))
	return f, bad.Err()
}

// incomingRegisterView is the register page's data.
type incomingRegisterView struct {
	P     app.IncomingRegisterPage
	Next  string // the next page's URL
	Query url.Values
	Years []int
}

// Label is the state's label, for the template.
func (incomingRegisterView) Label(s string) string { return document.IncomingState(s).Label() }

// Urgency is an urgency's label.
func (incomingRegisterView) Urgency(u string) string { return document.IncomingUrgency(u).Label() }

// States and Urgencies are the filters' choices.
func (incomingRegisterView) States() []document.IncomingState { return document.IncomingStates }
func (incomingRegisterView) Urgencies() []document.IncomingUrgency {
	return document.IncomingUrgencies
}

func (s *Server) incomingRegisterPage(w http.ResponseWriter, r *http.Request) {
	f, err := incomingFilterOf(r)
	if err == nil {
		var p app.IncomingRegisterPage
		p, err = s.app.IncomingRegister(r.Context(), actor(r), f)
		if err == nil {
			v := incomingRegisterView{P: p, Query: r.URL.Query()}
			if p.Next != 0 {
				q := r.URL.Query()
				q.Set("before", strconv.Itoa(p.Next))
				v.Next = "/incoming?" + q.Encode()
			}
			this := calendar.DateOf(s.app.Now()).Year
			for y := this; y >= this-4; y-- {
				v.Years = append(v.Years, y)
			}
			s.renderPage(w, r, http.StatusOK, "incoming", &View{Title: fmt.Sprintf("Sổ văn bản đến năm %d", p.Filter.Year), Active: "incoming", Data: v})
			return
		}
	}
	s.fail(w, r, err)
}

// incomingExport is the year's register (by the same filters) as XLSX,
// in arrival order, the columns of the register book (Decree 30/2020,
// Appendix IV).
func (s *Server) incomingExport(w http.ResponseWriter, r *http.Request) {
	f, err := incomingFilterOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, year, err := s.app.IncomingRegisterAll(r.Context(), actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sh := export.Sheet{Name: fmt.Sprintf("Sổ VB đến %d", year), Title: fmt.Sprintf("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM %d", year),
		Heads:  []string{"Số đến", "Ngày đến", "Tác giả", "Số, ký hiệu", "Ngày văn bản", "Trích yếu nội dung", "Độ khẩn", "Đơn vị hoặc người nhận", "Hạn giải quyết", "Tình trạng"},
		Widths: []float64{8, 12, 28, 16, 12, 60, 12, 28, 12, 20}}
	for _, d := range rows {
		to := d.LeadUnitName
		if to == "" && d.RoutedToName != "" {
			to = d.RoutedToName
		}
		deadline := ""
		if !d.Deadline.IsZero() {
			deadline = d.Deadline.VN()
		}
		sh.Rows = append(sh.Rows, []any{d.ArrivalNo, d.ArrivedOn.VN(), d.Issuer, d.NumberSymbol, d.DocDate.VN(), d.Subject,
			document.IncomingUrgency(d.Urgency).Label(), to, deadline, document.IncomingState(d.State).Label()})
	}
	s.sendXLSX(w, r, fmt.Sprintf("so-van-ban-den-%d.xlsx", year), export.Workbook{Sheets: []export.Sheet{sh}})
}

// incomingNewView is the register form's data.
type incomingNewView struct {
	Urgencies []document.IncomingUrgency
}

func (s *Server) incomingNewPage(w http.ResponseWriter, r *http.Request) {
	if !auth.Can(actor(r), auth.RegisterIncoming, auth.Target{WardID: actor(r).WardID}) {
		s.fail(w, r, errs.E(errs.Forbidden, "Bạn không có quyền vào sổ văn bản đến."))
		return
	}
	today := calendar.DateOf(s.app.Now()).String()
	form := url.Values{"arrived_on": {today}, "urgency": {string(document.IncomingNormal)}}
	s.renderPage(w, r, http.StatusOK, "incoming_new", &View{Title: "Vào sổ văn bản đến", Active: "incoming", Form: form,
		Data: incomingNewView{Urgencies: document.IncomingUrgencies}})
}

// incomingEntryOf reads the register form's fields (dates YYYY-MM-DD from
// the date inputs, or dd/mm/yyyy typed); a date that does not parse is a
// message beside its field.
func incomingEntryOf(get func(string) string) (document.IncomingEntry, errs.Fields) {
	bad := errs.Fields{}
	date := func(field string) calendar.Date {
		v := strings.TrimSpace(get(field))
		if v == "" {
			return calendar.Date{}
		}
		d, err := calendar.ParseDate(v)
		if err != nil {
			if d, err = calendar.ParseVNDate(v); err != nil {
				bad.Add(field, "Ngày không hợp lệ (dd/mm/yyyy).")
			}
		}
		return d
	}
	e := document.IncomingEntry{ArrivedOn: date("arrived_on"), Issuer: get("issuer"), NumberSymbol: get("number_symbol"),
		DocDate: date("doc_date"), Subject: get("subject"), Notes: get("notes"), Urgency: document.IncomingUrgency(get("urgency"))}
	return e, bad
}

func (s *Server) incomingCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	e, bad := incomingEntryOf(r.PostFormValue)
	ups, done, err := formFiles(r, "file")
	defer done()
	if err == nil && len(ups) > 1 {
		err = errs.Fields{"file": "Chỉ đính kèm một tệp PDF."}.Err()
	}
	if err == nil {
		err = bad.Err()
	}
	var d store.Incoming
	if err == nil {
		in := app.IncomingInput{Entry: e}
		if len(ups) == 1 {
			in.File = &ups[0]
		}
		d, err = s.app.RegisterIncoming(r.Context(), actor(r), in)
	}
	if err != nil {
		switch errs.KindOf(err) {
		case errs.Invalid, errs.Conflict:
		default:
			s.fail(w, r, err)
			return
		}
		status := statusOf(errs.KindOf(err))
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			status = http.StatusRequestEntityTooLarge
		}
		s.renderPage(w, r, status, "incoming_new", &View{Title: "Vào sổ văn bản đến", Active: "incoming", Form: r.PostForm,
			Errors: errs.FieldsOf(err), Message: errs.Message(err), Data: incomingNewView{Urgencies: document.IncomingUrgencies}})
		return
	}
	s.flash(r, fmt.Sprintf("Đã vào sổ văn bản đến: số đến %d/%d.", d.ArrivalNo, d.Year))
	redirect(w, r, "/incoming/"+strconv.FormatInt(d.ID, 10))
}

// incomingDocView is a document's page data.
type incomingDocView struct {
	app.IncomingDetail
	History []incomingHistoryLine
}

// incomingHistoryLine is a step of the history as the page shows it.
type incomingHistoryLine struct {
	At, Who, What, Note string
}

// incomingActionLabel names a history step in Vietnamese.
func incomingActionLabel(a string) string {
	switch a {
	case "register":
		return "Vào sổ văn bản đến"
	case "route":
		return "Chuyển lãnh đạo cho ý kiến"
	case "assign":
		return "Giao xử lý"
	case "file":
		return "Để biết, lưu hồ sơ"
	}
	return a
}

// vnDateTime is a moment as dd/mm/yyyy HH:MM in Vietnam time.
func vnDateTime(t time.Time) string { return t.In(vnZone()).Format("02/01/2006 15:04") }

// State and Urgency label the document's.
func (v incomingDocView) State() string   { return document.IncomingState(v.D.State).Label() }
func (v incomingDocView) Urgency() string { return document.IncomingUrgency(v.D.Urgency).Label() }

// RoutedAt and DecidedAt are the steps' moments, dd/mm/yyyy HH:MM.
func (v incomingDocView) RoutedAt() string {
	if v.D.RoutedAt == nil {
		return ""
	}
	return vnDateTime(*v.D.RoutedAt)
}

func (v incomingDocView) RegisteredAt() string { return vnDateTime(v.D.RegisteredAt) }

func (s *Server) incomingData(r *http.Request, id int64) (incomingDocView, error) {
	d, err := s.app.Incoming(r.Context(), actor(r), id)
	if err != nil {
		return incomingDocView{}, err
	}
	v := incomingDocView{IncomingDetail: d}
	for _, h := range d.History {
		v.History = append(v.History, incomingHistoryLine{At: vnDateTime(h.At), Who: h.ActorName, What: incomingActionLabel(h.Action), Note: h.Note})
	}
	return v, nil
}

// incomingDocForm is the forms' defaults: the version, the leader the
// document went to (or the Chairman), the deadline's suggestion empty.
func incomingDocForm(v incomingDocView) url.Values {
	f := url.Values{"version": {strconv.Itoa(v.D.Version)}, "action": {"assign"}}
	leader := v.D.RoutedTo
	if leader == 0 && len(v.Leaders) > 0 {
		leader = v.Leaders[0].ID
	}
	f.Set("leader", strconv.FormatInt(leader, 10))
	return f
}

func incomingTitle(d store.Incoming) string {
	return fmt.Sprintf("Văn bản đến số %d/%d — %s", d.ArrivalNo, d.Year, d.NumberSymbol)
}

func (s *Server) incomingPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.incomingData(r, pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, "incoming_doc", &View{Title: incomingTitle(v.D), Active: "incoming", Form: incomingDocForm(v), Data: v})
}

// incomingFailed shows the document's page again with a form's errors
// beside its fields.
func (s *Server) incomingFailed(w http.ResponseWriter, r *http.Request, id int64, err error) {
	switch errs.KindOf(err) {
	case errs.Invalid, errs.Conflict:
	default:
		s.fail(w, r, err)
		return
	}
	v, derr := s.incomingData(r, id)
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	form := incomingDocForm(v)
	for k, vs := range r.PostForm {
		form[k] = vs
	}
	form.Set("version", strconv.Itoa(v.D.Version))
	s.renderPage(w, r, statusOf(errs.KindOf(err)), "incoming_doc", &View{Title: incomingTitle(v.D), Active: "incoming", Form: form,
		Errors: errs.FieldsOf(err), Suggest: errs.SuggestOf(err), Message: errs.Message(err), Data: v})
}

func (s *Server) incomingRoute(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	r.ParseForm()
	err := s.app.RouteIncoming(r.Context(), actor(r), id, app.IncomingRouteInput{Version: formInt(r, "version"),
		LeaderID: formInt64(r, "leader"), Note: r.PostFormValue("note")})
	if err != nil {
		s.incomingFailed(w, r, id, err)
		return
	}
	s.flash(r, "Đã chuyển văn bản đến lãnh đạo cho ý kiến chỉ đạo.")
	redirect(w, r, "/incoming/"+strconv.FormatInt(id, 10))
}

func (s *Server) incomingDecide(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	r.ParseForm()
	useSuggested(r)
	in := app.IncomingDecisionInput{Version: formInt(r, "version"), Action: document.IncomingStep(r.PostFormValue("action")),
		AllowDayOff: r.PostFormValue("allow_day_off") != ""}
	in.LeadUnitID = formInt64(r, "lead_unit")
	in.CoordinatingUnitIDs = formInt64s(r, "coordinating_units")
	in.Title, in.Comment = r.PostFormValue("title"), r.PostFormValue("comment")
	var err error
	if v := strings.TrimSpace(r.PostFormValue("deadline")); v != "" && in.Action == document.IncomingAssign {
		if in.Deadline, err = calendar.ParseDate(v); err != nil {
			if in.Deadline, err = calendar.ParseVNDate(v); err != nil {
				err = errs.Fields{"deadline": "Ngày không hợp lệ (dd/mm/yyyy)."}.Err()
			}
		}
	}
	var itemID int64
	if err == nil {
		itemID, err = s.app.DecideIncoming(r.Context(), actor(r), id, in)
	}
	if err != nil {
		s.incomingFailed(w, r, id, err)
		return
	}
	msg := "Đã ghi ý kiến: để biết, lưu hồ sơ."
	if itemID != 0 {
		msg = "Đã giao xử lý; nhiệm vụ đã vào chương trình công tác của đơn vị chủ trì."
	}
	s.flash(r, msg)
	redirect(w, r, "/incoming/"+strconv.FormatInt(id, 10))
}

func (s *Server) incomingFile(w http.ResponseWriter, r *http.Request) {
	d, content, err := s.app.IncomingFile(r.Context(), actor(r), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	serveFile(w, r, "inline", d.FileName, "application/pdf", d.RegisteredAt, content)
}

// Checked reports whether a unit was ticked in the submitted form.
func (incomingDocView) Checked(f url.Values, id int64) bool {
	for _, v := range f["coordinating_units"] {
		if v == strconv.FormatInt(id, 10) {
			return true
		}
	}
	return false
}
