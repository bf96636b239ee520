package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// EventInput is what a unit, the Office or a leader submits for an entry.
type EventInput struct {
	Version            int // for edits
	Title              string
	Kind               schedule.Kind
	Start, End         time.Time
	Periodic           bool
	Urgent             bool
	UrgentReason       string
	ChairID            int64 // leader
	RoomID             int64
	Venue              string // a field site when no room
	RoomOverrideReason string // the Office's reason to share a booked room
	PreparingUnitID    int64
	FollowerID         int64 // the Office officer who follows the entry
	Notes              string
	ReplacesInvitation bool // "Lịch này thay giấy mời"
	ProgramItemID      int64
	PersonIDs          []int64 // invited people (leaders through their person)
	UnitIDs            []int64 // invited units
	Guests             []string
}

func (in EventInput) normalize() EventInput {
	in.Title = vntext.Clean(in.Title)
	in.UrgentReason = vntext.Clean(in.UrgentReason)
	in.Venue = vntext.Clean(in.Venue)
	in.RoomOverrideReason = vntext.Clean(in.RoomOverrideReason)
	in.Notes = vntext.Clean(in.Notes)
	var guests []string
	for _, g := range in.Guests {
		if g = vntext.Clean(g); g != "" {
			guests = append(guests, g)
		}
	}
	in.Guests = guests
	in.PersonIDs = uniqueIDs(in.PersonIDs)
	in.UnitIDs = uniqueIDs(in.UnitIDs)
	return in
}

// uniqueIDs sorts and de-duplicates ids. Zero and negative ones are kept so
// validation reports them rather than dropping them silently.
func uniqueIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// EventView is an entry with what the pages and the API show about it.
type EventView struct {
	store.Event
	NeedsReadiness bool
	State          schedule.State
	Deadline       time.Time // invitation and documents due by then (exclusive)
	NextStep       schedule.Step
	Conflicts      []schedule.Conflict
	LeaderInCharge org.Leader // approves the content
	Warning        string     // periodic meetings with less than the recommended lead time
	CanApprove     bool       // the viewer may approve the entry in its submitted week
}

// KindLabel is the Vietnamese kind.
func (v EventView) KindLabel() string { return schedule.Kind(v.Kind).Label() }

// SessionLabel is Sáng / Chiều / Tối.
func (v EventView) SessionLabel() string { return schedule.Session(v.Session).Label() }

// VenueText is the room or the site.
func (v EventView) VenueText() string {
	if v.RoomName != "" {
		return v.RoomName
	}
	return v.Venue
}

// AttendeesText is the thành phần line.
func (v EventView) AttendeesText() string {
	names := make([]string, 0, len(v.Attendees))
	for _, a := range v.Attendees {
		names = append(names, a.Name)
	}
	return strings.Join(names, "; ")
}

// ChairTitle is "Chủ tịch Nguyễn Văn Hùng".
func (v EventView) ChairTitle() string {
	if v.ChairName == "" {
		return ""
	}
	return org.Position(v.ChairPosition).Label() + " " + v.ChairName
}

// TimeText is "08:00–10:00".
func (v EventView) TimeText() string {
	vn := calendar.VN()
	return v.Start.In(vn).Format("15:04") + "–" + v.End.In(vn).Format("15:04")
}

// DeadlineDay is the last day for the invitation and documents.
func (v EventView) DeadlineDay() calendar.Date {
	return calendar.DateOf(v.Deadline.Add(-time.Nanosecond))
}

// Blocking reports a room double-booking without an override.
func (v EventView) Blocking() bool { return schedule.HasBlocking(v.Conflicts) }

// Readiness returns the checklist of the entry.
func (v EventView) Readiness() schedule.Readiness { return readinessOf(v.Event) }

func readinessOf(e store.Event) schedule.Readiness {
	return schedule.Readiness{ContentUploadedAt: e.ContentUploaded.At, ApprovedAt: e.Approved.At, ReturnedAt: e.Returned.At,
		InvitationIssuedAt: e.InvitationIssued.At, DocumentsSentAt: e.DocumentsSent.At,
		ScheduleReplacesInvitation: e.ReplacesInvitation, Urgent: e.Urgent}
}

// DayView is one day of the week page.
type DayView struct {
	Date     calendar.Date
	Label    string // THỨ HAI (09/02/2026)
	DayOff   string // the holiday or "Thứ Bảy" when not a working day
	Sessions []SessionView
}

// SessionView is a session of a day.
type SessionView struct {
	Session schedule.Session
	Label   string
	Events  []*EventView
}

// LeaderRow is a leader's line in the by-leader layout.
type LeaderRow struct {
	Leader org.Leader
	Days   [7][]*EventView
}

// WeekView is the weekly schedule as pages show it.
type WeekView struct {
	Ward     org.Ward
	Week     schedule.Week
	Schedule store.Schedule // ID 0 while nobody has proposed anything
	State    schedule.ScheduleState
	Events   []*EventView
	Days     []DayView
	Leaders  []LeaderRow
	Rooms    []store.Room
	Deadline time.Time // proposals close
	// Offered are the monthly program's meetings due this week and not yet
	// scheduled: proposals waiting to be made.
	Offered []store.Item
}

// scheduleData is what readiness and conflicts need about a ward.
type scheduleData struct {
	ward    org.Ward
	cal     *calendar.Calendar
	leaders []org.Leader
	rooms   []store.Room
	people  []org.Person
	units   []org.Unit
}

func loadScheduleData(ctx context.Context, tx *store.Tx, wardID int64) (scheduleData, error) {
	var d scheduleData
	var err error
	if d.ward, err = tx.Ward(ctx, wardID); err != nil {
		return d, err
	}
	if d.cal, err = calendarIn(ctx, tx, wardID); err != nil {
		return d, err
	}
	if d.leaders, err = tx.Leaders(ctx, wardID); err != nil {
		return d, err
	}
	if d.rooms, err = tx.Rooms(ctx, wardID); err != nil {
		return d, err
	}
	if d.people, err = tx.People(ctx, wardID); err != nil {
		return d, err
	}
	d.units, err = tx.Units(ctx, wardID)
	return d, err
}

func (d scheduleData) names() schedule.NameMaps {
	n := schedule.NameMaps{People: map[int64]string{}, Rooms: map[int64]string{}}
	for _, p := range d.people {
		n.People[p.ID] = p.FullName
	}
	for _, r := range d.rooms {
		n.Rooms[r.ID] = r.Name
	}
	return n
}

func (d scheduleData) leader(id int64) (org.Leader, bool) {
	for _, l := range d.leaders {
		if l.ID == id {
			return l, true
		}
	}
	return org.Leader{}, false
}

// leaderInCharge is the leader who approves a meeting's content: the chair
// when the preparing unit is in the chair's portfolios, else the Vice
// Chairman whose portfolio covers the unit, else the chair.
func (d scheduleData) leaderInCharge(e store.Event) org.Leader {
	covers := func(l org.Leader) bool {
		for _, p := range l.Portfolios {
			if slices.Contains(p.UnitIDs, e.PreparingUnitID) {
				return true
			}
		}
		return false
	}
	chair, hasChair := d.leader(e.ChairID)
	if hasChair && covers(chair) {
		return chair
	}
	for _, l := range d.leaders {
		if l.Position == org.PositionViceChairman && covers(l) {
			return l
		}
	}
	return chair
}

// leadDays is how many working days ahead the invitation and documents of
// a meeting kind are due: the kind's own setting, else the ward's.
func leadDays(s org.Settings, k schedule.Kind) int {
	own := map[schedule.Kind]int{schedule.KindCommitteeSession: s.CommitteeLeadDays, schedule.KindConference: s.ConferenceLeadDays,
		schedule.KindWorkingSession: s.WorkingSessionLeadDays}[k]
	if own > 0 {
		return own
	}
	return s.MeetingLeadDays
}

func conflictEntry(e store.Event) schedule.ConflictEntry {
	c := schedule.ConflictEntry{ID: e.ID, Title: e.Title, Start: e.Start, End: e.End, ChairID: e.ChairPersonID,
		RoomID: e.RoomID, Cancelled: e.Cancelled, RoomOverride: e.RoomOverrideReason != ""}
	for _, a := range e.Attendees {
		if a.PersonID != 0 {
			c.PersonIDs = append(c.PersonIDs, a.PersonID)
		}
	}
	return c
}

// views computes readiness and conflicts of a set of events.
func (d scheduleData) views(events []store.Event, now time.Time) []*EventView {
	entries := make([]schedule.ConflictEntry, len(events))
	for i, e := range events {
		entries[i] = conflictEntry(e)
	}
	conflicts := schedule.Conflicts(entries, d.cal, d.names())
	out := make([]*EventView, len(events))
	for i, e := range events {
		v := &EventView{Event: e, Conflicts: conflicts[e.ID]}
		d.fillReadiness(v, now)
		out[i] = v
	}
	return out
}

func (d scheduleData) fillReadiness(v *EventView, now time.Time) {
	k := schedule.Kind(v.Kind)
	v.LeaderInCharge = d.leaderInCharge(v.Event)
	if !k.NeedsReadiness() || v.Cancelled {
		return
	}
	v.NeedsReadiness = true
	r := readinessOf(v.Event)
	lead := leadDays(d.ward.Settings, k)
	v.Deadline = schedule.Deadline(r, v.Start, lead, d.cal)
	v.State = schedule.ReadinessState(r, v.Start, now, lead, d.cal)
	v.NextStep = schedule.NextStep(r)
	if v.Periodic && v.NextStep != schedule.StepNone {
		v.Warning = schedule.PeriodicWarning(schedule.LeadDaysAvailable(v.ProposedAt, v.Start, d.cal), d.ward.Settings.PeriodicMeetingLeadDays)
	}
}

// WeekSchedule returns a week's schedule for the pages and the API. Viewers
// (partners, guests) see only a published week.
func (app *App) WeekSchedule(ctx context.Context, a auth.Actor, w schedule.Week) (WeekView, error) {
	if err := require(a, auth.ViewSchedule, auth.Target{}); err != nil {
		return WeekView{}, err
	}
	if !w.Valid() {
		return WeekView{}, errs.E(errs.Invalid, "Tuần không hợp lệ.")
	}
	now := app.Now()
	wv := WeekView{Week: w, State: schedule.ScheduleDraft}
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		d, err := loadScheduleData(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		wv.Ward, wv.Rooms = d.ward, d.rooms
		st := d.ward.Settings
		wv.Deadline = schedule.ProposalDeadline(w, time.Weekday(st.ProposalCloseWeekday), st.ProposalCloseHour)
		sc, err := tx.Schedule(ctx, a.WardID, w.Year, w.Week)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
		if err == nil {
			wv.Schedule, wv.State = sc, schedule.ScheduleState(sc.State)
		}
		due, err := tx.MeetingItemsDue(ctx, a.WardID, w.Monday(), w.Sunday())
		if err != nil {
			return err
		}
		// Offered to whoever may put the meeting into the week now.
		for _, it := range due {
			if CanProposeEvent(a, it.LeadUnitID, it.LeaderID, wv.State) {
				wv.Offered = append(wv.Offered, it)
			}
		}
		if wv.Schedule.ID == 0 {
			wv.Days, wv.Leaders = layout(w, nil, d)
			return nil
		}
		unpublished := auth.Can(a, auth.ViewUnpublishedSchedule, auth.Target{WardID: a.WardID})
		if !unpublished && wv.State != schedule.SchedulePublished {
			wv.Days, wv.Leaders = layout(w, nil, d)
			return nil
		}
		events, err := tx.ScheduleEvents(ctx, sc.ID)
		if err != nil {
			return err
		}
		if !unpublished {
			events = slices.DeleteFunc(events, func(e store.Event) bool { return e.Pending })
		}
		wv.Events = d.views(events, now)
		for _, v := range wv.Events {
			v.CanApprove = canApproveEntry(a, v.Event)
		}
		wv.Days, wv.Leaders = layout(w, wv.Events, d)
		return nil
	})
	return wv, err
}

func layout(w schedule.Week, events []*EventView, d scheduleData) ([]DayView, []LeaderRow) {
	days := make([]DayView, 0, 7)
	for _, day := range w.Days() {
		dv := DayView{Date: day, Label: strings.ToUpper(calendar.WeekdayVN(day.Weekday())) + " (" + day.VN() + ")"}
		if d.cal != nil {
			if info := d.cal.Day(day); !info.Working {
				dv.DayOff = info.Name
				if dv.DayOff == "" {
					dv.DayOff = "Ngày nghỉ"
				}
			}
		}
		for _, s := range schedule.Sessions() {
			sv := SessionView{Session: s, Label: s.Label()}
			for _, e := range events {
				if calendar.DateOf(e.Start) == day && schedule.Session(e.Session) == s {
					sv.Events = append(sv.Events, e)
				}
			}
			if s == schedule.SessionEvening && len(sv.Events) == 0 {
				continue
			}
			dv.Sessions = append(dv.Sessions, sv)
		}
		days = append(days, dv)
	}
	rows := make([]LeaderRow, 0, len(d.leaders))
	for _, l := range d.leaders {
		row := LeaderRow{Leader: l}
		for _, e := range events {
			attends := e.ChairID == l.ID
			for _, at := range e.Attendees {
				attends = attends || (at.PersonID != 0 && at.PersonID == l.PersonID)
			}
			if !attends {
				continue
			}
			i := int(calendar.DateOf(e.Start).Weekday()+6) % 7
			row.Days[i] = append(row.Days[i], e)
		}
		rows = append(rows, row)
	}
	return days, rows
}

// checkEventRefs verifies that everything an entry references belongs to
// the ward, reporting each problem beside its field.
func checkEventRefs(ctx context.Context, tx *store.Tx, wardID int64, in EventInput, d scheduleData, f errs.Fields) error {
	if in.ChairID != 0 {
		if _, ok := d.leader(in.ChairID); !ok {
			f.Add("chair", "Lãnh đạo chủ trì đã chọn không có trong phường.")
		}
	}
	if in.RoomID != 0 {
		found := false
		for _, r := range d.rooms {
			found = found || (r.ID == in.RoomID && r.Active)
		}
		if !found {
			f.Add("room_id", "Phòng họp đã chọn không có trong danh mục phòng họp của phường.")
		}
	}
	unitIn := func(id int64) bool {
		return slices.ContainsFunc(d.units, func(u org.Unit) bool { return u.ID == id })
	}
	personIn := func(id int64) bool {
		return slices.ContainsFunc(d.people, func(p org.Person) bool { return p.ID == id })
	}
	if in.PreparingUnitID != 0 && !unitIn(in.PreparingUnitID) {
		f.Add("preparing_unit_id", "Đơn vị chuẩn bị không có trong phường.")
	}
	if in.FollowerID != 0 && !personIn(in.FollowerID) {
		f.Add("follower_id", "Người theo dõi không có trong phường.")
	}
	for _, id := range in.PersonIDs {
		if !personIn(id) {
			f.Add("attendees", "Thành phần mời có người không thuộc phường.")
		}
	}
	for _, id := range in.UnitIDs {
		if !unitIn(id) {
			f.Add("attendees", "Thành phần mời có đơn vị không thuộc phường.")
		}
	}
	if in.ProgramItemID != 0 {
		if _, err := tx.Item(ctx, wardID, in.ProgramItemID); err != nil {
			if !errs.Is(err, errs.NotFound) {
				return err
			}
			f.Add("program_item_id", "Nhiệm vụ trong chương trình công tác không tồn tại.")
		}
	}
	return nil
}

func eventFrom(e store.Event, in EventInput) store.Event {
	e.Title, e.Kind, e.Session = in.Title, string(in.Kind), string(schedule.SessionOf(in.Start))
	e.Start, e.End = in.Start.UTC(), in.End.UTC()
	e.Periodic, e.Urgent, e.UrgentReason = in.Periodic, in.Urgent, in.UrgentReason
	if !in.Urgent {
		e.UrgentReason = ""
	}
	e.ChairID, e.RoomID, e.Venue, e.RoomOverrideReason = in.ChairID, in.RoomID, in.Venue, in.RoomOverrideReason
	e.PreparingUnitID, e.FollowerID, e.Notes = in.PreparingUnitID, in.FollowerID, in.Notes
	e.ReplacesInvitation, e.ProgramItemID = in.ReplacesInvitation, in.ProgramItemID
	var as []store.Attendee
	for _, p := range in.PersonIDs {
		as = append(as, store.Attendee{PersonID: p})
	}
	for _, u := range in.UnitIDs {
		as = append(as, store.Attendee{UnitID: u})
	}
	for _, g := range in.Guests {
		as = append(as, store.Attendee{Guest: g})
	}
	e.Attendees = as
	return e
}

// validateEntry applies the entry rules, the references and the room rule
// (a double-booked room blocks unless the Office gives a reason).
func (app *App) validateEntry(ctx context.Context, tx *store.Tx, a auth.Actor, w schedule.Week, in EventInput, createdAt time.Time,
	d scheduleData, self store.Event, others []store.Event) error {
	f := errs.Fields{}
	err := schedule.ValidateEntry(schedule.EntryInput{Title: in.Title, Kind: in.Kind, Start: in.Start, End: in.End, ChairID: in.ChairID,
		Periodic: in.Periodic, Urgent: in.Urgent, UrgentReason: in.UrgentReason, CreatedAt: createdAt,
		LeadDays: leadDays(d.ward.Settings, in.Kind)}, w, d.cal)
	for k, v := range errs.FieldsOf(err) {
		f.Add(k, v)
	}
	if err != nil && errs.FieldsOf(err) == nil {
		return err
	}
	schedule.CheckEntryDetails(schedule.EntryDetails{Kind: in.Kind, Venue: in.Venue, Notes: in.Notes, UrgentReason: in.UrgentReason,
		RoomOverrideReason: in.RoomOverrideReason, Guests: in.Guests, PersonIDs: in.PersonIDs, UnitIDs: in.UnitIDs,
		PreparingUnitID: in.PreparingUnitID}, f)
	if in.RoomID == 0 && in.Venue == "" {
		f.Add("venue", "Chọn phòng họp hoặc ghi địa điểm.")
	}
	if in.RoomOverrideReason != "" && !auth.Can(a, auth.ConsolidateSchedule, auth.Target{WardID: a.WardID}) {
		f.Add("room_override_reason", "Chỉ Văn phòng HĐND-UBND được bố trí dùng chung phòng họp đã có lịch.")
	}
	if err := checkEventRefs(ctx, tx, a.WardID, in, d, f); err != nil {
		return err
	}
	if len(f) == 0 && in.RoomID != 0 {
		// Room clashes against the other live entries of the same days.
		entries := []schedule.ConflictEntry{conflictEntry(self)}
		entries[0].RoomID, entries[0].Start, entries[0].End = in.RoomID, in.Start, in.End
		entries[0].RoomOverride = in.RoomOverrideReason != ""
		if entries[0].ID == 0 {
			entries[0].ID = -1
		}
		for _, o := range others {
			if o.ID != self.ID {
				entries = append(entries, conflictEntry(o))
			}
		}
		for _, c := range schedule.Conflicts(entries, nil, d.names())[entries[0].ID] {
			if c.Blocking {
				f.Add("room_id", c.Message+". Chọn phòng khác hoặc đề nghị Văn phòng bố trí.")
			}
		}
	}
	return f.Err()
}

// ProposeEvent adds an entry to a week's schedule: a unit proposes for itself
// (later than the cut-off it is flagged "đăng ký muộn"); the Office and the
// leaders add entries directly. It returns the id and the warnings.
func (app *App) ProposeEvent(ctx context.Context, a auth.Actor, w schedule.Week, in EventInput) (int64, []string, error) {
	in = in.normalize()
	// Who may propose only for their unit proposes for it.
	if in.PreparingUnitID == 0 && !auth.Can(a, auth.ProposeEvent, auth.Target{WardID: a.WardID, LeaderID: in.ChairID}) {
		in.PreparingUnitID = a.UnitID
	}
	if err := require(a, auth.ProposeEvent, auth.Target{UnitID: in.PreparingUnitID, LeaderID: in.ChairID}); err != nil {
		return 0, nil, err
	}
	if !w.Valid() {
		return 0, nil, errs.E(errs.Invalid, "Tuần không hợp lệ.")
	}
	now := app.Now()
	var id int64
	var warnings []string
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		d, err := loadScheduleData(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		sc, err := tx.EnsureSchedule(ctx, a.WardID, w.Year, w.Week, now)
		if err != nil {
			return err
		}
		// One writer per week at a time, then the week as it now is.
		if err := tx.LockSchedule(ctx, sc.ID); err != nil {
			return err
		}
		if sc, err = tx.ScheduleByID(ctx, sc.ID); err != nil {
			return err
		}
		direct := sc.State == string(schedule.ScheduleDraft) || auth.Can(a, auth.AddEventDirectly, auth.Target{WardID: a.WardID})
		if !weekTakesEntries(a, schedule.ScheduleState(sc.State)) {
			return errs.Ef(errs.Conflict, "Lịch tuần %d đang %s; chờ công bố rồi đăng ký bổ sung, hoặc đề nghị Văn phòng HĐND-UBND bổ sung.", w.Week,
				strings.ToLower(schedule.ScheduleState(sc.State).Label()))
		}
		others, err := tx.ScheduleEvents(ctx, sc.ID)
		if err != nil {
			return err
		}
		if err := app.validateEntry(ctx, tx, a, w, in, now, d, store.Event{}, others); err != nil {
			return err
		}
		st := d.ward.Settings
		e := eventFrom(store.Event{WardID: a.WardID, ScheduleID: sc.ID, ProposedBy: a.UserID, ProposedAt: now}, in)
		e.Late = !auth.Can(a, auth.AddEventDirectly, auth.Target{WardID: a.WardID}) &&
			schedule.IsLateProposal(w, now, time.Weekday(st.ProposalCloseWeekday), st.ProposalCloseHour)
		e.Consolidated = sc.State != string(schedule.ScheduleDraft)
		published := sc.State == string(schedule.SchedulePublished)
		if !direct {
			// A unit's addition to a published week waits for the Office to
			// consolidate it, a leader to approve it and the Office to publish it.
			e.Late, e.Consolidated, e.Pending, e.PendingStage = true, false, true, pendingProposed
			published = false
		}
		if published {
			e.Adjusted = true
		}
		if id, err = tx.CreateEvent(ctx, e); err != nil {
			return err
		}
		e.ID = id
		if e.Late {
			warnings = append(warnings, "Đăng ký muộn: sau hạn chốt đăng ký lịch tuần "+
				schedule.ProposalDeadline(w, time.Weekday(st.ProposalCloseWeekday), st.ProposalCloseHour).In(calendar.VN()).Format("15:04 02/01/2006")+".")
		}
		v := &EventView{Event: e}
		d.fillReadiness(v, now)
		if v.Warning != "" {
			warnings = append(warnings, v.Warning)
		}
		all := append(others, e)
		for _, c := range schedule.Conflicts(conflictEntries(all), d.cal, d.names())[id] {
			warnings = append(warnings, c.Message)
		}
		if err := app.audit(ctx, tx, a, "event", id, "create", "Đăng ký lịch: "+e.Title, nil, eventAudit(e)); err != nil {
			return err
		}
		if err := app.reopenApproval(ctx, tx, a, sc.ID); err != nil {
			return err
		}
		if published {
			return app.notifyAffected(ctx, tx, a, d, store.Event{}, e, "Bổ sung lịch công tác tuần")
		}
		if e.Pending {
			users, err := tx.RoleUserIDs(ctx, a.WardID, string(org.RoleOffice))
			if err != nil {
				return err
			}
			return tx.Notify(ctx, a.WardID, users, store.Notification{Kind: "schedule_changed", Title: "Đề nghị bổ sung lịch tuần đã công bố",
				Body: e.Title + " — " + schedule.TimeSpanVN(e.Start, e.End), Link: fmt.Sprintf("/events/%d", id)}, now)
		}
		return nil
	})
	return id, warnings, err
}

func conflictEntries(es []store.Event) []schedule.ConflictEntry {
	out := make([]schedule.ConflictEntry, len(es))
	for i, e := range es {
		out[i] = conflictEntry(e)
	}
	return out
}

func eventAudit(e store.Event) map[string]any {
	return map[string]any{"title": e.Title, "kind": e.Kind, "starts_at": e.Start, "ends_at": e.End, "chair_id": e.ChairID,
		"room_id": e.RoomID, "venue": e.Venue, "preparing_unit_id": e.PreparingUnitID, "attendees": e.Attendees,
		"notes": e.Notes, "urgent": e.Urgent, "urgent_reason": e.UrgentReason, "late": e.Late, "cancelled": e.Cancelled,
		"sequence": e.Sequence, "room_override_reason": e.RoomOverrideReason, "entry_approved_at": e.EntryApproved.At,
		"entry_approved_by": e.EntryApproved.By}
}

// snapshot is what the change rules compare.
func snapshot(e store.Event) schedule.EntrySnapshot {
	v := EventView{Event: e}
	s := schedule.EntrySnapshot{Title: e.Title, Kind: schedule.Kind(e.Kind), Start: e.Start, End: e.End, Venue: v.VenueText(),
		ChairID: e.ChairPersonID, ChairName: e.ChairName, Attendees: v.AttendeesText(), PreparingUnitID: e.PreparingUnitID,
		PreparingUnit: e.PreparingUnitName, Notes: e.Notes, Cancelled: e.Cancelled}
	for _, a := range e.Attendees {
		if a.PersonID != 0 {
			s.PersonIDs = append(s.PersonIDs, a.PersonID)
		}
		if a.UnitID != 0 {
			s.UnitIDs = append(s.UnitIDs, a.UnitID)
		}
	}
	return s
}

// canEdit decides who may change an entry: while the week is a draft the
// proposing unit (or the Office, or a leader); afterwards the Office.
func canEdit(a auth.Actor, e store.Event) error {
	if e.ScheduleState == string(schedule.ScheduleDraft) {
		return require(a, auth.ProposeEvent, auth.Target{UnitID: e.PreparingUnitID, LeaderID: e.ChairID})
	}
	return require(a, auth.ConsolidateSchedule, auth.Target{UnitID: e.PreparingUnitID})
}

// UpdateEvent changes an entry. in.Version must be current. After
// publication the change is marked "điều chỉnh", the sequence goes up and
// everyone affected is told.
func (app *App) UpdateEvent(ctx context.Context, a auth.Actor, id int64, in EventInput) ([]string, error) {
	in = in.normalize()
	now := app.Now()
	var warnings []string
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		before, err := tx.Event(ctx, a.WardID, id)
		if err != nil {
			return err
		}
		// One writer per week at a time, then the entry as it now is.
		if err := tx.LockSchedule(ctx, before.ScheduleID); err != nil {
			return err
		}
		if before, err = tx.Event(ctx, a.WardID, id); err != nil {
			return err
		}
		if err := canEdit(a, before); err != nil {
			return err
		}
		if before.ScheduleState == string(schedule.ScheduleDraft) && in.PreparingUnitID != before.PreparingUnitID {
			if err := require(a, auth.ProposeEvent, auth.Target{UnitID: in.PreparingUnitID}); err != nil {
				return err
			}
		}
		if before.Cancelled {
			return errs.E(errs.Conflict, "Mục lịch đã hủy; không sửa được.")
		}
		if in.Version != before.Version {
			return errs.E(errs.Conflict, "Mục lịch đã được người khác thay đổi trong lúc bạn sửa. Vui lòng tải lại trang để xem bản mới nhất rồi sửa lại.")
		}
		d, err := loadScheduleData(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		sc, err := tx.ScheduleByID(ctx, before.ScheduleID)
		if err != nil {
			return err
		}
		w := schedule.Week{Year: sc.Year, Week: sc.Week}
		others, err := tx.ScheduleEvents(ctx, sc.ID)
		if err != nil {
			return err
		}
		created := time.Time{}
		if !in.Start.Equal(before.Start) || string(in.Kind) != before.Kind || in.Urgent != before.Urgent {
			created = now
		}
		if err := app.validateEntry(ctx, tx, a, w, in, created, d, before, others); err != nil {
			return err
		}
		after := eventFrom(before, in)
		after.UpdatedAt = now
		if err := app.saveChange(ctx, tx, a, d, before, &after, "update"); err != nil {
			return err
		}
		for i := range others {
			if others[i].ID == id {
				others[i] = after
			}
		}
		for _, c := range schedule.Conflicts(conflictEntries(others), d.cal, d.names())[id] {
			warnings = append(warnings, c.Message)
		}
		return nil
	})
	return warnings, err
}

// saveChange writes an edited entry; after publication it bumps the
// sequence, marks the entry adjusted, keeps the change and notifies.
func (app *App) saveChange(ctx context.Context, tx *store.Tx, a auth.Actor, d scheduleData, before store.Event, after *store.Event, action string) error {
	// A pending addition is not shown yet: changing it is no adjustment.
	published := before.ScheduleState == string(schedule.SchedulePublished) && !before.Pending
	// Names for the diff come from the organization snapshot.
	if l, ok := d.leader(after.ChairID); ok {
		after.ChairName, after.ChairPersonID, after.ChairPosition = l.FullName, l.PersonID, string(l.Position)
	} else {
		after.ChairName, after.ChairPersonID = "", 0
	}
	after.RoomName = ""
	for _, r := range d.rooms {
		if r.ID == after.RoomID {
			after.RoomName = r.Name
		}
	}
	after.PreparingUnitName = ""
	for _, u := range d.units {
		if u.ID == after.PreparingUnitID {
			after.PreparingUnitName = u.Name
		}
	}
	for i, at := range after.Attendees {
		for _, p := range d.people {
			if at.PersonID != 0 && p.ID == at.PersonID {
				after.Attendees[i].Name = p.FullName
			}
		}
		for _, u := range d.units {
			if at.UnitID != 0 && u.ID == at.UnitID {
				after.Attendees[i].Name = u.Name
			}
		}
		if at.Guest != "" {
			after.Attendees[i].Name = at.Guest
		}
	}
	changes := schedule.DiffEntry(snapshot(before), snapshot(*after))
	if published && len(changes) > 0 {
		after.Sequence = before.Sequence + 1
		after.Adjusted = true
	}
	// Before publication an edit undoes the entry's approval: what was
	// approved is no longer what the schedule says.
	reopen := false
	if action == "update" && before.ScheduleState != string(schedule.SchedulePublished) && before.EntryApproved.At != nil && len(changes) > 0 {
		after.EntryApproved = store.Stamp{}
		reopen = before.ScheduleState == string(schedule.ScheduleApproved)
	}
	if err := tx.UpdateEvent(ctx, *after); err != nil {
		return err
	}
	after.Version = before.Version + 1
	summary := "Sửa lịch: " + after.Title
	if action == "cancel" {
		summary = "Hủy lịch: " + after.Title
	}
	if err := app.audit(ctx, tx, a, "event", after.ID, action, summary, eventAudit(before), eventAudit(*after)); err != nil {
		return err
	}
	if reopen {
		if err := app.reopenApproval(ctx, tx, a, after.ScheduleID); err != nil {
			return err
		}
	}
	if !published || len(changes) == 0 {
		return nil
	}
	parts := make([]string, len(changes))
	for i, c := range changes {
		parts[i] = c.String()
	}
	js, _ := json.Marshal(changes)
	if err := tx.AddEventChange(ctx, store.EventChange{EventID: after.ID, Sequence: after.Sequence, At: app.Now(), By: a.UserID,
		Summary: strings.Join(parts, "; "), Changes: string(js)}); err != nil {
		return err
	}
	return app.notifyAffected(ctx, tx, a, d, before, *after, "Điều chỉnh lịch công tác")
}

// notifyAffected tells everyone a published change touches (in-app).
func (app *App) notifyAffected(ctx context.Context, tx *store.Tx, a auth.Actor, d scheduleData, before, after store.Event, title string) error {
	aud := schedule.Affected(snapshot(before), snapshot(after))
	if before.ID == 0 {
		aud = schedule.Affected(schedule.EntrySnapshot{}, snapshot(after))
	}
	users, err := tx.PeopleUserIDs(ctx, aud.PersonIDs)
	if err != nil {
		return err
	}
	for _, u := range aud.UnitIDs {
		ids, err := tx.UnitUserIDs(ctx, u, string(org.RoleUnitHead), string(org.RoleUnitStaff), string(org.RoleOffice))
		if err != nil {
			return err
		}
		users = append(users, ids...)
	}
	users = slices.DeleteFunc(users, func(id int64) bool { return id == a.UserID })
	v := EventView{Event: after}
	body := after.Title + " — " + schedule.TimeSpanVN(after.Start, after.End)
	if vt := v.VenueText(); vt != "" {
		body += ", " + vt
	}
	if after.Cancelled {
		body = "ĐÃ HỦY: " + body
	}
	return tx.Notify(ctx, a.WardID, users, store.Notification{Kind: "schedule_changed", Title: title, Body: body, Link: fmt.Sprintf("/events/%d", after.ID)}, app.Now())
}

// CancelEvent cancels an entry (it stays in the schedule, marked cancelled).
func (app *App) CancelEvent(ctx context.Context, a auth.Actor, id int64, version int, reason string) error {
	reason = vntext.Clean(reason)
	if reason == "" {
		return errs.Fields{"cancel_reason": "Cần ghi lý do hủy."}.Err()
	}
	if err := schedule.CheckReason("cancel_reason", reason); err != nil {
		return err
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		before, err := tx.Event(ctx, a.WardID, id)
		if err != nil {
			return err
		}
		// One writer per week at a time, then the entry as it now is.
		if err := tx.LockSchedule(ctx, before.ScheduleID); err != nil {
			return err
		}
		if before, err = tx.Event(ctx, a.WardID, id); err != nil {
			return err
		}
		if err := canEdit(a, before); err != nil {
			return err
		}
		if before.Cancelled {
			return errs.E(errs.Conflict, "Mục lịch đã được hủy.")
		}
		if version != before.Version {
			return errs.E(errs.Conflict, "Mục lịch đã được người khác thay đổi. Vui lòng tải lại trang.")
		}
		d, err := loadScheduleData(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		after := before
		after.Attendees = slices.Clone(before.Attendees)
		after.Cancelled, after.CancelReason, after.UpdatedAt = true, reason, app.Now()
		return app.saveChange(ctx, tx, a, d, before, &after, "cancel")
	})
}

// EventDetail is the entry page's data.
type EventDetail struct {
	EventView
	Week          schedule.Week
	Files         []store.EventFile
	Changes       []store.EventChange
	Substitutes   []store.Substitute
	Conclusion    *store.Conclusion
	ConclusionDue calendar.Date
	Stampers      map[int64]string // user id → name, for the checklist
}

// hiddenFrom reports whether an entry is out of the actor's sight: viewers
// (partners, guests) see only published weeks, and in them not the additions
// still pending — as WeekSchedule shows them.
func hiddenFrom(a auth.Actor, e store.Event) bool {
	return !auth.Can(a, auth.ViewUnpublishedSchedule, auth.Target{WardID: a.WardID}) &&
		(e.ScheduleState != string(schedule.SchedulePublished) || e.Pending)
}

// Event returns one entry with its readiness, conflicts, files and history.
func (app *App) Event(ctx context.Context, a auth.Actor, id int64) (EventDetail, error) {
	if err := require(a, auth.ViewSchedule, auth.Target{}); err != nil {
		return EventDetail{}, err
	}
	var out EventDetail
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		e, err := tx.Event(ctx, a.WardID, id)
		if err != nil {
			return err
		}
		if hiddenFrom(a, e) {
			return errs.E(errs.NotFound, "Không tìm thấy mục lịch.")
		}
		d, err := loadScheduleData(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		sc, err := tx.ScheduleByID(ctx, e.ScheduleID)
		if err != nil {
			return err
		}
		out.Week = schedule.Week{Year: sc.Year, Week: sc.Week}
		others, err := tx.ScheduleEvents(ctx, sc.ID)
		if err != nil {
			return err
		}
		for _, v := range d.views(others, app.Now()) {
			if v.ID == id {
				out.EventView = *v
				out.CanApprove = canApproveEntry(a, v.Event)
			}
		}
		if out.Files, err = tx.EventFiles(ctx, id); err != nil {
			return err
		}
		if out.Changes, err = tx.EventChanges(ctx, id); err != nil {
			return err
		}
		if out.Substitutes, err = tx.Substitutes(ctx, id); err != nil {
			return err
		}
		c, err := tx.ConclusionOf(ctx, id)
		if err == nil {
			out.Conclusion = &c
		} else if !errs.Is(err, errs.NotFound) {
			return err
		}
		out.ConclusionDue = schedule.ConclusionDue(calendar.DateOf(e.Start), d.ward.Settings.ConclusionDays, d.cal)
		users, err := tx.Users(ctx, a.WardID)
		if err != nil {
			return err
		}
		out.Stampers = map[int64]string{}
		for _, u := range users {
			out.Stampers[u.ID] = u.DisplayName()
		}
		return nil
	})
	return out, err
}
