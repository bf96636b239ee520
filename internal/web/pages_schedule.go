package web

import (
	"net/http"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
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
	s.renderPage(w, r, http.StatusOK, "schedule_week", &View{Title: "Lịch công tác tuần " + wk.String(), Active: "schedule",
		Data: map[string]any{"W": wv, "Layout": layout, "Actions": scheduleActions(a, wv),
			// The form starts with the viewer's own unit preparing.
			"CanPropose": app.CanProposeEvent(a, a.UnitID, 0, wv.State)}})
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
	act := app.ScheduleAction(r.PathValue("action"))
	if err := s.app.MoveSchedule(r.Context(), actor(r), wk, act); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, map[app.ScheduleAction]string{app.ActConsolidate: "Đã tổng hợp lịch tuần.", app.ActSubmit: "Đã trình Chủ tịch duyệt lịch tuần.",
		app.ActApprove: "Đã duyệt lịch tuần.", app.ActPublish: "Đã công bố lịch tuần.", app.ActReturn: "Đã trả lại lịch tuần.", app.ActApproveMine: "Đã duyệt các nội dung bạn chủ trì."}[act])
	redirect(w, r, "/schedule/"+wk.String())
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
