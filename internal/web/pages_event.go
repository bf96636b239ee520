package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
)

// parseDay reads "2026-11-30" (the date input) or "30/11/2026".
func parseDay(s string) (calendar.Date, bool) {
	s = strings.TrimSpace(s)
	if d, err := calendar.ParseDate(s); err == nil {
		return d, true
	}
	if t, err := time.Parse("02/01/2006", s); err == nil {
		return calendar.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}, true
	}
	return calendar.Date{}, false
}

// atClock is the instant of day d at "HH:MM" in Vietnam; zero when unparsable.
func atClock(d calendar.Date, hm string) time.Time {
	t, err := time.Parse("15:04", strings.TrimSpace(hm))
	if err != nil || d.Year == 0 {
		return time.Time{}
	}
	return time.Date(d.Year, d.Month, d.Day, t.Hour(), t.Minute(), 0, 0, calendar.VN())
}

// eventFormProblems reports a date not in dd/mm/yyyy (or YYYY-MM-DD) and a
// time not in 24-hour HH:MM beside their fields, in the words the form
// uses, before the use case sees a zero instant.
func eventFormProblems(r *http.Request) error {
	f := errs.Fields{}
	if d := strings.TrimSpace(r.FormValue("date")); d == "" {
		f["date"] = "Vui lòng nhập ngày (dd/mm/yyyy)."
	} else if _, ok := parseDay(d); !ok {
		f["date"] = "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 07/12/2026."
	}
	for field, key := range map[string]string{"start": "starts_at", "end": "ends_at"} {
		v := strings.TrimSpace(r.FormValue(field))
		if v == "" {
			continue // the use case says which time is missing
		}
		if _, err := time.Parse("15:04", v); err != nil {
			f[key] = "Giờ không hợp lệ: nhập theo dạng 24 giờ HH:MM, ví dụ 14:30."
		}
	}
	if len(f) == 0 {
		return nil
	}
	return f.Err()
}

func eventInput(r *http.Request) app.EventInput {
	day, _ := parseDay(r.FormValue("date"))
	in := app.EventInput{
		Version: formInt(r, "version"), Title: r.FormValue("title"), Kind: schedule.Kind(r.FormValue("kind")),
		Start: atClock(day, r.FormValue("start")), End: atClock(day, r.FormValue("end")),
		Periodic: r.FormValue("periodic") != "", Urgent: r.FormValue("urgent") != "", UrgentReason: r.FormValue("urgent_reason"),
		ChairID: formInt64(r, "chair"), RoomID: formInt64(r, "room_id"), Venue: r.FormValue("venue"),
		RoomOverrideReason: r.FormValue("room_override_reason"), PreparingUnitID: formInt64(r, "preparing_unit_id"),
		FollowerID: formInt64(r, "follower_id"), Notes: r.FormValue("notes"), ReplacesInvitation: r.FormValue("replaces_invitation") != "",
		ProgramItemID: formInt64(r, "program_item_id"), PersonIDs: formInt64s(r, "person_ids"), UnitIDs: formInt64s(r, "unit_ids"),
	}
	for _, g := range strings.Split(r.FormValue("guests"), "\n") {
		if g = strings.TrimSpace(g); g != "" {
			in.Guests = append(in.Guests, g)
		}
	}
	return in
}

func eventForm(e store.Event) url.Values {
	vn := calendar.VN()
	v := url.Values{"version": {strconv.Itoa(e.Version)}, "title": {e.Title}, "kind": {e.Kind},
		"date": {e.Start.In(vn).Format("02/01/2006")}, "start": {e.Start.In(vn).Format("15:04")}, "end": {e.End.In(vn).Format("15:04")},
		"urgent_reason": {e.UrgentReason}, "chair": {idStr(e.ChairID)}, "room_id": {idStr(e.RoomID)}, "venue": {e.Venue},
		"room_override_reason": {e.RoomOverrideReason}, "preparing_unit_id": {idStr(e.PreparingUnitID)},
		"follower_id": {idStr(e.FollowerID)}, "notes": {e.Notes}, "program_item_id": {idStr(e.ProgramItemID)}}
	if e.ProgramItemID == 0 {
		v.Set("program_item_id", "")
	}
	for k, b := range map[string]bool{"periodic": e.Periodic, "urgent": e.Urgent, "replaces_invitation": e.ReplacesInvitation} {
		if b {
			v.Set(k, "1")
		}
	}
	var guests []string
	for _, a := range e.Attendees {
		switch {
		case a.PersonID != 0:
			v.Add("person_ids", idStr(a.PersonID))
		case a.UnitID != 0:
			v.Add("unit_ids", idStr(a.UnitID))
		default:
			guests = append(guests, a.Guest)
		}
	}
	v.Set("guests", strings.Join(guests, "\n"))
	return v
}

func idStr(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

// eventFormData is what the entry form needs to offer choices.
func (s *Server) eventFormData(r *http.Request, wk schedule.Week) (map[string]any, error) {
	o, err := s.app.LoadOrg(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	rooms, err := s.app.Rooms(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	return map[string]any{"Org": o, "Rooms": rooms, "Week": wk, "Kinds": schedule.Kinds(),
		"People": peopleGroups(o), "Items": s.weekItemChoices(r, wk)}, nil
}

// weekItemChoices are the program items an entry of week wk may belong
// to: those of the month(s) the week falls in, by month and section, so
// the form asks for an item by its title rather than its number. A viewer
// who may not see the program gets none (the field then keeps its value).
func (s *Server) weekItemChoices(r *http.Request, wk schedule.Week) []pickGroup {
	months := []program.Month{program.MonthOf(wk.Monday())}
	if last := program.MonthOf(wk.Sunday()); last != months[0] {
		months = append(months, last)
	}
	var out []pickGroup
	for _, m := range months {
		page, err := s.app.Program(r.Context(), actor(r), m)
		if err != nil {
			continue
		}
		for _, g := range itemGroups(page.Items) {
			g.Name = "Tháng " + m.Short() + " — " + g.Name
			out = append(out, g)
		}
	}
	return out
}

func (s *Server) eventNewPage(w http.ResponseWriter, r *http.Request) {
	wk, err := s.weekParam(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := s.eventFormData(r, wk)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	form := url.Values{"date": {wk.Monday().VN()}, "start": {"08:00"}, "end": {"10:00"}, "kind": {"working_session"}}
	if u := currentUser(r); u.UnitID != 0 {
		form.Set("preparing_unit_id", idStr(u.UnitID))
	}
	// A meeting planned in the monthly program, offered for its week.
	if itemID, _ := strconv.ParseInt(r.URL.Query().Get("item"), 10, 64); itemID != 0 {
		wv, err := s.app.WeekSchedule(r.Context(), actor(r), wk)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, it := range wv.Offered {
			if it.ID != itemID {
				continue
			}
			kind := map[string]string{"conference": "conference", "working_session": "working_session", "inspection": "inspection"}[it.Kind]
			form.Set("title", it.Title)
			form.Set("kind", kind)
			form.Set("date", it.DueDate.VN())
			form.Set("chair", idStr(it.LeaderID))
			form.Set("preparing_unit_id", idStr(it.LeadUnitID))
			form.Set("program_item_id", idStr(it.ID))
		}
	}
	s.renderPage(w, r, http.StatusOK, "event_edit", &View{Title: "Đăng ký lịch tuần " + wk.String(), Active: "schedule", Form: form, Data: data})
}

func (s *Server) eventCreate(w http.ResponseWriter, r *http.Request) {
	wk, err := s.weekParam(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.ParseForm()
	id, warnings, err := int64(0), []string(nil), eventFormProblems(r)
	if err == nil {
		id, warnings, err = s.app.ProposeEvent(r.Context(), actor(r), wk, eventInput(r))
	}
	if err != nil {
		data, derr := s.eventFormData(r, wk)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.formFailed(w, r, err, "event_edit", &View{Title: "Đăng ký lịch tuần " + wk.String(), Active: "schedule", Data: data})
		return
	}
	s.flash(r, strings.Join(append([]string{"Đã đăng ký lịch."}, warnings...), " "))
	redirect(w, r, fmt.Sprintf("/events/%d", id))
}

func (s *Server) eventPage(w http.ResponseWriter, r *http.Request) {
	s.renderEvent(w, r, pathID(r, "id"), http.StatusOK, nil)
}

// renderEvent shows the entry page; with a refused action's error it shows
// the messages beside the fields of the form that failed (nothing was saved).
func (s *Server) renderEvent(w http.ResponseWriter, r *http.Request, id int64, status int, failed error) {
	d, err := s.app.Event(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.app.LoadOrg(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &View{Title: d.Title, Active: "schedule", Data: map[string]any{
		"E": d, "Org": o, "ProgramKinds": program.Kinds(), "Act": newEventActions(actor(r), d, s.app.Now()),
	}}
	if failed != nil {
		v.Errors, v.Suggest, v.Message, v.Form = errs.FieldsOf(failed), errs.SuggestOf(failed), errs.Message(failed), r.PostForm
	}
	s.renderPage(w, r, status, "event", v)
}

// eventFailed answers a refused action on the entry page: invalid input and
// conflicts re-render the page with the messages; anything else fails.
func (s *Server) eventFailed(w http.ResponseWriter, r *http.Request, id int64, err error) {
	switch errs.KindOf(err) {
	case errs.Invalid, errs.Conflict:
		s.renderEvent(w, r, id, statusOf(errs.KindOf(err)), err)
	default:
		s.fail(w, r, err)
	}
}

// eventActions are what the viewer may do on the entry now; the template
// shows a form only where its flag is set.
type eventActions struct {
	Edit              bool // change or cancel it
	Step              bool // take the next step of the meeting's checklist
	Substitute        bool // send someone in their place
	DecideSubstitutes bool
	Conclusion        bool // the conclusion section: recorded, or the Office's to record
	Conclude          bool // record the conclusion notice now
}

// newEventActions decides each action by the policy for this viewer and
// this entry, and by the entry's state (the rules the use cases apply).
func newEventActions(a auth.Actor, d app.EventDetail, now time.Time) eventActions {
	e := d.Event
	return eventActions{
		Edit:              app.CanEditEvent(a, e),
		Step:              app.CanTakeStep(a, d.EventView),
		Substitute:        app.CanRequestSubstitute(a, e),
		DecideSubstitutes: app.CanDecideSubstitute(a, e),
		Conclusion: d.Conclusion != nil ||
			(schedule.Kind(e.Kind).IsMeeting() && auth.Can(a, auth.RecordConclusion, auth.Target{WardID: a.WardID})),
		Conclude: d.Conclusion == nil && app.CanRecordConclusion(a, e, now),
	}
}

func (s *Server) eventEditPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.app.Event(r.Context(), actor(r), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The form is for whoever may save it.
	if !app.CanEditEvent(actor(r), d.Event) {
		if d.Cancelled {
			s.fail(w, r, errs.E(errs.Conflict, "Mục lịch đã hủy; không sửa được."))
		} else {
			s.fail(w, r, errs.E(errs.Forbidden, "Bạn không có quyền sửa mục lịch này."))
		}
		return
	}
	data, err := s.eventFormData(r, d.Week)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data["Event"] = d
	s.renderPage(w, r, http.StatusOK, "event_edit", &View{Title: "Sửa lịch", Active: "schedule", Form: eventForm(d.Event), Data: data})
}

func (s *Server) eventUpdate(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	d, err := s.app.Event(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.ParseForm()
	warnings, err := []string(nil), eventFormProblems(r)
	if err == nil {
		warnings, err = s.app.UpdateEvent(r.Context(), actor(r), id, eventInput(r))
	}
	if err != nil {
		data, derr := s.eventFormData(r, d.Week)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		data["Event"] = d
		s.formFailed(w, r, err, "event_edit", &View{Title: "Sửa lịch", Active: "schedule", Data: data})
		return
	}
	s.flash(r, strings.Join(append([]string{"Đã lưu."}, warnings...), " "))
	redirect(w, r, fmt.Sprintf("/events/%d", id))
}

func (s *Server) eventCancel(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	r.ParseForm()
	if err := s.app.CancelEvent(r.Context(), actor(r), id, formInt(r, "version"), r.FormValue("cancel_reason")); err != nil {
		s.eventFailed(w, r, id, err)
		return
	}
	s.flash(r, "Đã hủy mục lịch.")
	redirect(w, r, fmt.Sprintf("/events/%d", id))
}

func (s *Server) eventReadiness(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	step := schedule.Step(r.FormValue("step"))
	// The content step may carry the content file in the same form: both are
	// recorded together or not at all.
	ups, done, err := formFiles(r, "file")
	defer done()
	switch {
	case err != nil:
	case len(ups) > 1:
		err = errs.Fields{"file": "Chỉ gửi một tệp."}.Err()
	case len(ups) == 1:
		err = s.app.ReadinessStepWithFile(r.Context(), actor(r), id, step, r.FormValue("comment"), ups[0])
	case step == schedule.StepDocuments && r.FormValue("no_documents") != "1":
		// "Gửi tài liệu" with nothing to send would show ✓ beside "Chưa có
		// tài liệu": the page asks for a file, or for the Office to say the
		// week's schedule and the invitation stand in for documents.
		var d app.EventDetail
		if d, err = s.app.Event(r.Context(), actor(r), id); err == nil && len(d.Files) == 0 {
			err = errs.Fields{"file": "Cuộc họp chưa có tài liệu: chọn tệp tài liệu để gửi, hoặc đánh dấu «Không có tài liệu riêng» nếu lịch công tác tuần và giấy mời thay cho tài liệu."}.Err()
		} else if err == nil {
			err = s.app.ReadinessStep(r.Context(), actor(r), id, step, r.FormValue("comment"))
		}
	default:
		err = s.app.ReadinessStep(r.Context(), actor(r), id, step, r.FormValue("comment"))
	}
	if err != nil {
		s.eventFailed(w, r, id, err)
		return
	}
	s.flash(r, "Đã ghi nhận: "+step.Label()+".")
	redirect(w, r, fmt.Sprintf("/events/%d", id))
}

// eventApprove is a leader's approval of the entry in its submitted week.
func (s *Server) eventApprove(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	r.ParseForm()
	if err := s.app.ApproveEntry(r.Context(), actor(r), id, formInt(r, "version")); err != nil {
		s.eventFailed(w, r, id, err)
		return
	}
	s.flash(r, "Đã duyệt nội dung.")
	if back := r.FormValue("back"); strings.HasPrefix(back, "/schedule/") {
		redirect(w, r, back)
		return
	}
	redirect(w, r, fmt.Sprintf("/events/%d", id))
}

func (s *Server) eventUpload(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	ups, done, err := formFiles(r, "file")
	defer done()
	if err == nil && len(ups) != 1 {
		err = errs.Fields{"file": "Chọn một tệp."}.Err()
	}
	if err == nil {
		_, err = s.app.UploadEventFile(r.Context(), actor(r), id, r.FormValue("purpose"), ups[0])
	}
	if err != nil {
		s.eventFailed(w, r, id, err)
		return
	}
	s.flash(r, "Đã tải lên "+ups[0].Name+".")
	redirect(w, r, fmt.Sprintf("/events/%d", id))
}

func (s *Server) eventFile(w http.ResponseWriter, r *http.Request) {
	f, content, err := s.app.EventFile(r.Context(), actor(r), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	serveFile(w, r, "attachment", f.Name, f.ContentType, f.UploadedAt, content)
}

func (s *Server) eventConclusion(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	r.ParseForm()
	useSuggested(r)
	in := app.ConclusionInput{Summary: r.FormValue("summary"), AllowDayOff: r.FormValue("allow_day_off") == "1"}
	if d, ok := parseDay(r.FormValue("issued_on")); ok {
		in.IssuedOn = d
	}
	titles := r.Form["ins_title"]
	var rowOf []int // instruction → form row, to show errors beside the row
	for i, t := range titles {
		if strings.TrimSpace(t) == "" {
			continue
		}
		rowOf = append(rowOf, i)
		at := func(k string) string {
			if vs := r.Form[k]; i < len(vs) {
				return vs[i]
			}
			return ""
		}
		due, _ := parseDay(at("ins_due"))
		unit, _ := strconv.ParseInt(at("ins_unit"), 10, 64)
		leader, _ := strconv.ParseInt(at("ins_leader"), 10, 64)
		in.Instructions = append(in.Instructions, app.Instruction{Title: t, LeadUnitID: unit, LeaderID: leader, DueDate: due,
			Product: at("ins_product"), Kind: program.Kind(at("ins_kind")), CoordinatingUnitIDs: formInt64s(r, fmt.Sprintf("ins_coord_%d", i))})
	}
	number, err := s.app.RecordConclusion(r.Context(), actor(r), id, in)
	if err != nil {
		for _, f := range []map[string]string{errs.FieldsOf(err), errs.SuggestOf(err)} {
			for k := range rowOf {
				key := fmt.Sprintf("instructions.%d", k)
				if msg, ok := f[key]; ok {
					delete(f, key)
					f[fmt.Sprintf("row.%d", rowOf[k])] = msg
				}
			}
		}
		s.eventFailed(w, r, id, err)
		return
	}
	s.flash(r, "Đã ghi thông báo kết luận số "+number+" và giao nhiệm vụ vào chương trình công tác.")
	redirect(w, r, fmt.Sprintf("/events/%d", id))
}

func (s *Server) eventSubstitute(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	r.ParseForm()
	if err := s.app.RequestSubstitute(r.Context(), actor(r), id, formInt64(r, "substitute_id"), r.FormValue("reason")); err != nil {
		s.eventFailed(w, r, id, err)
		return
	}
	s.flash(r, "Đã gửi đề nghị cử người dự thay tới lãnh đạo chủ trì.")
	redirect(w, r, fmt.Sprintf("/events/%d", id))
}

func (s *Server) eventSubstituteDecide(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	r.ParseForm()
	if err := s.app.DecideSubstitute(r.Context(), actor(r), id, pathID(r, "sid"), r.FormValue("decision") == "approve"); err != nil {
		s.eventFailed(w, r, id, err)
		return
	}
	s.flash(r, "Đã ghi quyết định.")
	redirect(w, r, fmt.Sprintf("/events/%d", id))
}
