package web

import (
	"fmt"
	"net/http"
	"strings"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/export"
	"dieuhanh/internal/schedule"
)

// currentWeek is the ISO week of the app's clock in Vietnam.
func (s *Server) currentWeek() schedule.Week {
	return schedule.WeekOf(calendar.DateOf(s.app.Now()))
}

// weekParam reads {week} ("2026-W48"); empty means the current week.
func (s *Server) weekParam(r *http.Request) (schedule.Week, error) {
	p := r.PathValue("week")
	if p == "" {
		return s.currentWeek(), nil
	}
	return schedule.ParseWeek(p)
}

func (s *Server) schedulePage(w http.ResponseWriter, r *http.Request) {
	wk, err := s.weekParam(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderWeek(w, r, wk, http.StatusOK, &View{})
}

// renderWeek shows the week page; v carries a refused action's messages.
func (s *Server) renderWeek(w http.ResponseWriter, r *http.Request, wk schedule.Week, status int, v *View) {
	wv, err := s.app.WeekSchedule(r.Context(), actor(r), wk)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	layout := "day"
	if r.URL.Query().Get("view") == "leader" {
		layout = "leader"
	}
	a := actor(r)
	// Today's day comes first on a phone; "Hôm nay" shows only it.
	today := calendar.DateOf(s.app.Now().In(calendar.VN())).String()
	hasToday := false
	for _, d := range wv.Days {
		hasToday = hasToday || d.Date.String() == today
	}
	onlyToday := hasToday && r.URL.Query().Get("day") == "today"
	v.Title, v.Active = "Lịch công tác tuần "+wk.String(), "schedule"
	v.Data = map[string]any{"W": wv, "Layout": layout, "Actions": scheduleActions(a, wv),
		"Today": today, "HasToday": hasToday, "OnlyToday": onlyToday, "Warnings": approvalWarnings(wv),
		// The form starts with the viewer's own unit preparing.
		"CanPropose": app.CanProposeEvent(a, a.UnitID, 0, wv.State)}
	s.renderPage(w, r, status, "schedule_week", v)
}

// weekWarning is a clash or a day-off entry the approver confirms.
type weekWarning struct {
	EventID       int64
	Title, Reason string
}

// approvalWarnings are the warnings the Chairman confirms when approving
// a submitted week (none otherwise).
func approvalWarnings(wv app.WeekView) []weekWarning {
	if wv.State != schedule.ScheduleSubmitted {
		return nil
	}
	return weekWarnings(wv)
}

// weekWarnings lists the warnings of the week's live entries.
func weekWarnings(wv app.WeekView) []weekWarning {
	var out []weekWarning
	for _, e := range wv.Events {
		if e.Cancelled {
			continue
		}
		for _, c := range e.Conflicts {
			out = append(out, weekWarning{EventID: e.ID, Title: e.Title, Reason: c.Message})
		}
	}
	return out
}

// scheduleAction is a workflow button shown on the week page.
type scheduleAction struct {
	Action, Label string
	Primary       bool
}

func scheduleActions(a auth.Actor, wv app.WeekView) []scheduleAction {
	can := func(action auth.Action) bool { return auth.Can(a, action, auth.Target{WardID: a.WardID}) }
	var out []scheduleAction
	if wv.Schedule.ID == 0 {
		return nil
	}
	switch wv.State {
	case schedule.ScheduleDraft:
		if can(auth.ConsolidateSchedule) {
			out = append(out, scheduleAction{"consolidate", "Tổng hợp", false}, scheduleAction{"submit", "Trình Chủ tịch duyệt", true})
		}
	case schedule.ScheduleSubmitted:
		if can(auth.ApproveSchedule) {
			out = append(out, scheduleAction{"approve", "Duyệt lịch tuần", true}, scheduleAction{"return", "Trả lại để chỉnh sửa", false})
		}
		for _, e := range wv.Events {
			if e.CanApprove && a.LeaderID != 0 && e.ChairID == a.LeaderID {
				out = append(out, scheduleAction{string(app.ActApproveMine), "Duyệt các nội dung tôi chủ trì", !can(auth.ApproveSchedule)})
				break
			}
		}
	case schedule.ScheduleApproved:
		if can(auth.PublishSchedule) {
			out = append(out, scheduleAction{"publish", "Công bố lịch tuần", true})
		}
	case schedule.SchedulePublished:
		stages := map[string]bool{}
		approvable := false
		for _, e := range wv.Events {
			if e.Pending && !e.Cancelled {
				stages[e.PendingStage] = true
			}
			approvable = approvable || app.CanApprovePending(a, e.Event)
		}
		if stages["proposed"] && can(auth.ConsolidateSchedule) {
			out = append(out, scheduleAction{"consolidate", "Tổng hợp mục bổ sung", true})
		}
		if approvable {
			out = append(out, scheduleAction{"approve", "Duyệt mục bổ sung", true})
		}
		if stages["approved"] && can(auth.PublishSchedule) {
			out = append(out, scheduleAction{"publish", "Công bố mục bổ sung", true})
		}
	}
	return out
}

func (s *Server) scheduleMove(w http.ResponseWriter, r *http.Request) {
	wk, err := s.weekParam(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.ParseForm()
	act := app.ScheduleAction(r.PathValue("action"))
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	// Returning a week says why, as returning a program does.
	if act == app.ActReturn && reason == "" {
		s.renderWeek(w, r, wk, http.StatusBadRequest, &View{Form: r.PostForm,
			Errors: map[string]string{"reason": "Vui lòng ghi lý do trả lại để Văn phòng biết cần chỉnh sửa gì."}})
		return
	}
	// Approving a week that carries warnings asks to confirm them.
	var before app.WeekView
	if act == app.ActApprove || act == app.ActConsolidate {
		if before, err = s.app.WeekSchedule(r.Context(), actor(r), wk); err != nil {
			s.fail(w, r, err)
			return
		}
		if ws := approvalWarnings(before); act == app.ActApprove && len(ws) > 0 && r.PostFormValue("confirm") != "1" {
			s.renderWeek(w, r, wk, http.StatusBadRequest, &View{Form: r.PostForm,
				Message: fmt.Sprintf("Lịch tuần còn %d cảnh báo (trùng lịch, họp vào ngày nghỉ). Xem danh sách bên dưới, đánh dấu «Tôi đã xem các cảnh báo» rồi bấm Duyệt lại.", len(ws)),
				Errors:  map[string]string{"confirm": "Đánh dấu để xác nhận đã xem các cảnh báo."}})
			return
		}
	}
	if err := s.app.MoveScheduleReason(r.Context(), actor(r), wk, act, reason); err != nil {
		if k := errs.KindOf(err); k == errs.Invalid || k == errs.Conflict {
			s.renderWeek(w, r, wk, statusOf(k), &View{Form: r.PostForm, Message: errs.Message(err), Errors: errs.FieldsOf(err)})
			return
		}
		s.fail(w, r, err)
		return
	}
	msg := map[app.ScheduleAction]string{app.ActSubmit: "Đã trình Chủ tịch duyệt lịch tuần.",
		app.ActApprove: "Đã duyệt lịch tuần.", app.ActPublish: "Đã công bố lịch tuần.", app.ActReturn: "Đã trả lại lịch tuần. Lý do: " + reason,
		app.ActApproveMine: "Đã duyệt các nội dung bạn chủ trì."}[act]
	if act == app.ActConsolidate {
		msg = consolidateReport(before)
	}
	s.flash(r, msg)
	redirect(w, r, "/schedule/"+wk.String())
}

// consolidateReport says what consolidating the week found: how many
// entries there are, how many are late or wait to be added, and the
// warnings to resolve before submitting.
func consolidateReport(wv app.WeekView) string {
	live, late, pending := 0, 0, 0
	for _, e := range wv.Events {
		if e.Cancelled {
			continue
		}
		live++
		if e.Late {
			late++
		}
		if e.Pending {
			pending++
		}
	}
	msg := fmt.Sprintf("Đã tổng hợp lịch tuần %d: %d nội dung", wv.Week.Week, live)
	if late > 0 {
		msg += fmt.Sprintf(", %d đăng ký muộn", late)
	}
	if pending > 0 {
		msg += fmt.Sprintf(", %d mục bổ sung", pending)
	}
	if ws := weekWarnings(wv); len(ws) > 0 {
		msg += fmt.Sprintf("; %d cảnh báo trùng lịch hoặc ngày nghỉ cần xem (đánh dấu ⚠ trong lịch).", len(ws))
	} else {
		msg += "; không có trùng lịch hay họp vào ngày nghỉ."
	}
	return msg
}

func (s *Server) schedulePrint(w http.ResponseWriter, r *http.Request) {
	wk, err := s.weekParam(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The print page is the document itself (the DOCX and PDF's content):
	// issuer lines with their rule, date, table, recipients, signature.
	doc, err := s.app.ScheduleDocument(r.Context(), actor(r), wk)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, "schedule_print", &View{Title: "In lịch công tác tuần " + wk.String(), Bare: true,
		Data: map[string]any{"D": doc, "Recipients": export.RecipientList(doc.Recipients)}})
}

func (s *Server) mySchedulePage(w http.ResponseWriter, r *http.Request) {
	wk := s.currentWeek()
	if q := r.URL.Query().Get("week"); q != "" {
		var err error
		if wk, err = schedule.ParseWeek(q); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	wv, err := s.app.MySchedule(r.Context(), actor(r), wk)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, "my_schedule", &View{Title: "Lịch của tôi", Active: "my", Data: map[string]any{"W": wv}})
}
