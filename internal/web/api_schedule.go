package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
	"dieuhanh/internal/schedule"
)

type apiRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type apiAttendee struct {
	PersonID int64  `json:"person_id,omitempty"`
	UnitID   int64  `json:"unit_id,omitempty"`
	Guest    string `json:"guest,omitempty"`
	Name     string `json:"name"`
}

type apiConflict struct {
	Kind     string `json:"kind"`
	OtherID  int64  `json:"other_id,omitempty"`
	Blocking bool   `json:"blocking"`
	Message  string `json:"message"`
}

type apiReadiness struct {
	State              string  `json:"state"`
	StateLabel         string  `json:"state_label"`
	Deadline           *string `json:"deadline"`
	NextStep           string  `json:"next_step"`
	ContentUploadedAt  *string `json:"content_uploaded_at"`
	ApprovedAt         *string `json:"approved_at"`
	ReturnedAt         *string `json:"returned_at"`
	ReturnComment      string  `json:"return_comment,omitempty"`
	InvitationIssuedAt *string `json:"invitation_issued_at"`
	InvitationNumber   string  `json:"invitation_number,omitempty"`
	DocumentsSentAt    *string `json:"documents_sent_at"`
	BreachedAt         *string `json:"breached_at"`
}

// apiApproval is the entry's approval in its week (not the meeting
// content's, which is readiness.approved_at).
type apiApproval struct {
	ApprovedAt *string `json:"approved_at"`
	ApprovedBy *apiRef `json:"approved_by"`
}

type apiEvent struct {
	ID            int64         `json:"id"`
	Title         string        `json:"title"`
	Kind          string        `json:"kind"`
	KindLabel     string        `json:"kind_label"`
	Session       string        `json:"session"`
	StartsAt      string        `json:"starts_at"`
	EndsAt        string        `json:"ends_at"`
	Periodic      bool          `json:"periodic"`
	Urgent        bool          `json:"urgent"`
	UrgentReason  string        `json:"urgent_reason,omitempty"`
	Chair         *apiRef       `json:"chair"`
	Venue         string        `json:"venue"`
	RoomID        int64         `json:"room_id,omitempty"`
	PreparingUnit *apiRef       `json:"preparing_unit"`
	Follower      *apiRef       `json:"follower"`
	Notes         string        `json:"notes"`
	Attendees     []apiAttendee `json:"attendees"`
	Conflicts     []apiConflict `json:"conflicts"`
	Late          bool          `json:"late"`
	Pending       bool          `json:"pending"`
	Adjusted      bool          `json:"adjusted"`
	Cancelled     bool          `json:"cancelled"`
	Sequence      int           `json:"sequence"`
	Approval      apiApproval   `json:"approval"`
	Version       int           `json:"version"`
	Readiness     *apiReadiness `json:"readiness"`
}

func rfc(t time.Time) string { return t.In(calendar.VN()).Format(time.RFC3339) }

func rfcPtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := rfc(*t)
	return &s
}

func toAPIEvent(v *app.EventView) apiEvent {
	out := apiEvent{ID: v.ID, Title: v.Title, Kind: v.Kind, KindLabel: v.KindLabel(), Session: v.Session, StartsAt: rfc(v.Start),
		EndsAt: rfc(v.End), Periodic: v.Periodic, Urgent: v.Urgent, UrgentReason: v.UrgentReason, Venue: v.VenueText(), RoomID: v.RoomID,
		Notes: v.Notes, Late: v.Late, Pending: v.Pending, Adjusted: v.Adjusted, Cancelled: v.Cancelled, Sequence: v.Sequence, Version: v.Version,
		Attendees: []apiAttendee{}, Conflicts: []apiConflict{}}
	if v.ChairID != 0 {
		out.Chair = &apiRef{v.ChairID, v.ChairTitle()}
	}
	if v.EntryApproved.At != nil {
		out.Approval = apiApproval{ApprovedAt: rfcPtr(v.EntryApproved.At), ApprovedBy: &apiRef{v.EntryApproved.By, v.EntryApproverName}}
	}
	if v.PreparingUnitID != 0 {
		out.PreparingUnit = &apiRef{v.PreparingUnitID, v.PreparingUnitName}
	}
	if v.FollowerID != 0 {
		out.Follower = &apiRef{v.FollowerID, v.FollowerName}
	}
	for _, a := range v.Attendees {
		out.Attendees = append(out.Attendees, apiAttendee{PersonID: a.PersonID, UnitID: a.UnitID, Guest: a.Guest, Name: a.Name})
	}
	for _, c := range v.Conflicts {
		out.Conflicts = append(out.Conflicts, apiConflict{Kind: string(c.Kind), OtherID: c.OtherID, Blocking: c.Blocking, Message: c.Message})
	}
	if v.NeedsReadiness {
		out.Readiness = &apiReadiness{State: string(v.State), StateLabel: v.State.Label(), Deadline: rfcPtr(&v.Deadline),
			NextStep: string(v.NextStep), ContentUploadedAt: rfcPtr(v.ContentUploaded.At), ApprovedAt: rfcPtr(v.Approved.At),
			ReturnedAt: rfcPtr(v.Returned.At), ReturnComment: v.ReturnComment, InvitationIssuedAt: rfcPtr(v.InvitationIssued.At),
			InvitationNumber: v.InvitationNumber, DocumentsSentAt: rfcPtr(v.DocumentsSent.At), BreachedAt: rfcPtr(v.BreachedAt)}
	}
	return out
}

func (s *Server) apiWeekParam(w http.ResponseWriter, r *http.Request) (schedule.Week, bool) {
	wk, err := schedule.ParseWeek(r.PathValue("week"))
	if err != nil {
		s.fail(w, r, err)
		return wk, false
	}
	return wk, true
}

func (s *Server) apiSchedule(w http.ResponseWriter, r *http.Request) {
	wk, ok := s.apiWeekParam(w, r)
	if !ok {
		return
	}
	wv, err := s.app.WeekSchedule(r.Context(), actor(r), wk)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	events := make([]apiEvent, 0, len(wv.Events))
	for _, v := range wv.Events {
		events = append(events, toAPIEvent(v))
	}
	out := map[string]any{"week": wk.String(), "title": wk.Title(), "state": wv.State, "state_label": wv.State.Label(),
		"from": wk.Monday().String(), "to": wk.Sunday().String(), "proposal_deadline": rfc(wv.Deadline),
		"published_at": rfcPtr(wv.Schedule.PublishedAt), "version": wv.Schedule.Version, "events": events}
	out["approved_entries"], out["entries"] = wv.ApprovalCount()
	writeJSON(w, http.StatusOK, out)
}

// apiEventBody is the JSON of a new or edited entry. Times are RFC 3339.
type apiEventBody struct {
	Version            int      `json:"version"`
	Title              string   `json:"title"`
	Kind               string   `json:"kind"`
	StartsAt           string   `json:"starts_at"`
	EndsAt             string   `json:"ends_at"`
	Periodic           bool     `json:"periodic"`
	Urgent             bool     `json:"urgent"`
	UrgentReason       string   `json:"urgent_reason"`
	ChairID            int64    `json:"chair_id"`
	RoomID             int64    `json:"room_id"`
	Venue              string   `json:"venue"`
	RoomOverrideReason string   `json:"room_override_reason"`
	PreparingUnitID    int64    `json:"preparing_unit_id"`
	FollowerID         int64    `json:"follower_id"`
	Notes              string   `json:"notes"`
	ReplacesInvitation bool     `json:"replaces_invitation"`
	ProgramItemID      int64    `json:"program_item_id"`
	PersonIDs          []int64  `json:"person_ids"`
	UnitIDs            []int64  `json:"unit_ids"`
	Guests             []string `json:"guests"`
}

func (b apiEventBody) input() (app.EventInput, error) {
	f := errs.Fields{}
	parse := func(field, s string) time.Time {
		if strings.TrimSpace(s) == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			f.Add(field, "Thời gian không hợp lệ: cần dạng RFC 3339, ví dụ 2026-11-30T08:00:00+07:00.")
		}
		return t
	}
	in := app.EventInput{Version: b.Version, Title: b.Title, Kind: schedule.Kind(b.Kind), Start: parse("starts_at", b.StartsAt),
		End: parse("ends_at", b.EndsAt), Periodic: b.Periodic, Urgent: b.Urgent, UrgentReason: b.UrgentReason, ChairID: b.ChairID,
		RoomID: b.RoomID, Venue: b.Venue, RoomOverrideReason: b.RoomOverrideReason, PreparingUnitID: b.PreparingUnitID,
		FollowerID: b.FollowerID, Notes: b.Notes, ReplacesInvitation: b.ReplacesInvitation, ProgramItemID: b.ProgramItemID,
		PersonIDs: b.PersonIDs, UnitIDs: b.UnitIDs, Guests: b.Guests}
	return in, f.Err()
}

func (s *Server) apiEventCreate(w http.ResponseWriter, r *http.Request) {
	wk, ok := s.apiWeekParam(w, r)
	if !ok {
		return
	}
	var b apiEventBody
	if err := decodeJSON(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	in, err := b.input()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, warnings, err := s.app.ProposeEvent(r.Context(), actor(r), wk, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeEvent(w, r, id, http.StatusCreated, warnings)
}

func (s *Server) writeEvent(w http.ResponseWriter, r *http.Request, id int64, status int, warnings []string) {
	d, err := s.app.Event(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if warnings == nil {
		warnings = []string{}
	}
	writeJSON(w, status, map[string]any{"event": toAPIEvent(&d.EventView), "warnings": warnings})
}

func (s *Server) apiEvent(w http.ResponseWriter, r *http.Request) {
	s.writeEvent(w, r, pathID(r, "id"), http.StatusOK, nil)
}

func (s *Server) apiEventPatch(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	d, err := s.app.Event(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Start from the stored entry so a PATCH changes only what it names.
	b := apiEventBody{Title: d.Title, Kind: d.Kind, StartsAt: rfc(d.Start), EndsAt: rfc(d.End), Periodic: d.Periodic, Urgent: d.Urgent,
		UrgentReason: d.UrgentReason, ChairID: d.ChairID, RoomID: d.RoomID, Venue: d.Venue, RoomOverrideReason: d.RoomOverrideReason,
		PreparingUnitID: d.PreparingUnitID, FollowerID: d.FollowerID, Notes: d.Notes, ReplacesInvitation: d.ReplacesInvitation,
		ProgramItemID: d.ProgramItemID, Version: -1}
	for _, a := range d.Attendees {
		switch {
		case a.PersonID != 0:
			b.PersonIDs = append(b.PersonIDs, a.PersonID)
		case a.UnitID != 0:
			b.UnitIDs = append(b.UnitIDs, a.UnitID)
		default:
			b.Guests = append(b.Guests, a.Guest)
		}
	}
	if err := decodeJSON(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	if b.Version < 0 {
		s.fail(w, r, errs.Fields{"version": "Cần gửi kèm version của mục lịch (để tránh ghi đè thay đổi của người khác)."}.Err())
		return
	}
	in, err := b.input()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	warnings, err := s.app.UpdateEvent(r.Context(), actor(r), id, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeEvent(w, r, id, http.StatusOK, warnings)
}

func (s *Server) apiEventReadiness(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	var b struct {
		Step    string `json:"step"`
		Comment string `json:"comment"`
	}
	if err := decodeJSON(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.ReadinessStep(r.Context(), actor(r), id, schedule.Step(b.Step), b.Comment); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeEvent(w, r, id, http.StatusOK, nil)
}

// apiEventApprove approves an entry of a submitted week ({"version": n}
// optional; stale → 409).
func (s *Server) apiEventApprove(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	var b struct {
		Version int `json:"version"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &b); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if err := s.app.ApproveEntry(r.Context(), actor(r), id, b.Version); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeEvent(w, r, id, http.StatusOK, nil)
}

func (s *Server) apiScheduleMove(w http.ResponseWriter, r *http.Request) {
	wk, ok := s.apiWeekParam(w, r)
	if !ok {
		return
	}
	// An optional body {"reason": "…"} says why a week is returned.
	var body struct {
		Reason string `json:"reason"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &body); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if err := s.app.MoveScheduleReason(r.Context(), actor(r), wk, app.ScheduleAction(r.PathValue("action")), body.Reason); err != nil {
		s.fail(w, r, err)
		return
	}
	s.apiSchedule(w, r)
}

func (s *Server) apiMyFeeds(w http.ResponseWriter, r *http.Request) {
	feeds, err := s.app.MyFeeds(r.Context(), actor(r))
	s.writeFeeds(w, r, feeds, err)
}

// apiMyFeedsCreate makes the caller's missing feed URLs (a GET writes
// nothing).
func (s *Server) apiMyFeedsCreate(w http.ResponseWriter, r *http.Request) {
	feeds, err := s.app.CreateFeeds(r.Context(), actor(r))
	s.writeFeeds(w, r, feeds, err)
}

func (s *Server) writeFeeds(w http.ResponseWriter, r *http.Request, feeds []app.Feed, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type feed struct {
		ID    int64   `json:"id"`
		Scope string  `json:"scope"`
		RefID int64   `json:"ref_id,omitempty"`
		Label string  `json:"label"`
		URL   *string `json:"url"` // null: not made yet (POST /api/v1/me/feeds)
	}
	out := make([]feed, 0, len(feeds))
	for _, f := range feeds {
		var u *string
		if f.Token != "" {
			v := baseURL(r) + "/ics/" + f.Token + ".ics"
			u = &v
		}
		out = append(out, feed{f.ID, f.Scope, f.RefID, f.Label, u})
	}
	writeJSON(w, http.StatusOK, map[string]any{"feeds": out})
}

func (s *Server) apiEventCancel(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	var b struct {
		Version int    `json:"version"`
		Reason  string `json:"reason"`
	}
	if err := decodeJSON(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.CancelEvent(r.Context(), actor(r), id, b.Version, b.Reason); err != nil {
		if f := errs.FieldsOf(err); f["cancel_reason"] != "" {
			err = errs.Fields{"reason": f["cancel_reason"]}.Err()
		}
		s.fail(w, r, err)
		return
	}
	s.writeEvent(w, r, id, http.StatusOK, nil)
}

func (s *Server) apiEventConclusion(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	var b struct {
		IssuedOn     string `json:"issued_on"`
		Summary      string `json:"summary"`
		Instructions []struct {
			Title               string  `json:"title"`
			Description         string  `json:"description"`
			Kind                string  `json:"kind"`
			LeadUnitID          int64   `json:"lead_unit_id"`
			CoordinatingUnitIDs []int64 `json:"coordinating_unit_ids"`
			LeaderID            int64   `json:"leader_id"`
			DueDate             string  `json:"due_date"`
			Product             string  `json:"product"`
			Section             int     `json:"section"`
		} `json:"instructions"`
		AllowDayOff bool `json:"allow_day_off"`
	}
	if err := decodeJSON(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	in := app.ConclusionInput{Summary: b.Summary, AllowDayOff: b.AllowDayOff}
	f := errs.Fields{}
	if b.IssuedOn != "" {
		d, ok := parseDay(b.IssuedOn)
		if !ok {
			f.Add("issued_on", "Ngày không hợp lệ: cần dạng YYYY-MM-DD.")
		}
		in.IssuedOn = d
	}
	for i, ins := range b.Instructions {
		due, ok := parseDay(ins.DueDate)
		if !ok {
			f.Add(fmt.Sprintf("instructions.%d", i), "Hạn hoàn thành không hợp lệ: cần dạng YYYY-MM-DD.")
		}
		in.Instructions = append(in.Instructions, app.Instruction{Title: ins.Title, Description: ins.Description, Kind: program.Kind(ins.Kind),
			LeadUnitID: ins.LeadUnitID, CoordinatingUnitIDs: ins.CoordinatingUnitIDs, LeaderID: ins.LeaderID, DueDate: due,
			Product: ins.Product, Section: ins.Section})
	}
	if err := f.Err(); err != nil {
		s.fail(w, r, err)
		return
	}
	number, err := s.app.RecordConclusion(r.Context(), actor(r), id, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.app.Event(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := map[string]any{"number": number, "item_ids": []int64{}}
	if d.Conclusion != nil {
		out["item_ids"], out["issued_on"], out["due_on"] = d.Conclusion.ItemIDs, d.Conclusion.IssuedOn, d.Conclusion.DueOn
	}
	writeJSON(w, http.StatusCreated, out)
}
