package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"time"

	"dieuhanh/internal/accountability"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/consolidation"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
)

// Every role's home page is its to-do list (seed ¶4): each line is what
// waits for this person and links to where they act. The Chairman, the
// Office and (for their portfolios) the Vice Chairmen also see the ward at
// a glance. Nothing here writes.

// Tones of a to-do line.
const (
	ToneLate = "bad"  // overdue, missed, refused
	ToneSoon = "warn" // due within days
)

// TodoLine is one thing waiting for the person.
type TodoLine struct {
	Kind string // what it is about, for the API: "program_approval", "item_overdue", …
	Text string
	When string // the deadline or moment, in words ("hạn 24/11/2026")
	Href string
	Tone string
}

// Dashboard is a person's home: the to-do list and, where allowed, the
// ward at a glance.
type Dashboard struct {
	Now    time.Time
	Lines  []TodoLine
	Glance *Glance
}

// Glance is this month's picture per unit.
type Glance struct {
	Month program.Month
	Rows  []GlanceRow
}

// GlanceRow is one unit's month: its card (items by bucket), the meetings
// it prepares that are not ready, and its remediation report's state.
type GlanceRow struct {
	Unit        org.Unit
	Card        accountability.Card
	NotReady    []int64 // meetings in the next two weeks it prepares, not ready
	Remediation *store.RemediationDue
}

// OnTimeShare is done on time ÷ due, 0 when nothing is due.
func (r GlanceRow) OnTimeShare() float64 {
	if n := r.Card.Counts[accountability.BucketDue]; n > 0 {
		return float64(r.Card.Counts[accountability.BucketOnTime]) / float64(n)
	}
	return 0
}

// dash gathers what the lines are built from, in one read transaction.
type dash struct {
	app   *App
	ctx   context.Context
	tx    *store.Tx
	a     auth.Actor
	now   time.Time
	today calendar.Date
	d     scheduleData
	lines []TodoLine
}

func (h *dash) add(kind, text, when, href, tone string) {
	h.lines = append(h.lines, TodoLine{Kind: kind, Text: text, When: when, Href: href, Tone: tone})
}

// maxPerKind bounds the lines of one kind; a last line links to the rest.
const maxPerKind = 5

// Dashboard builds the actor's home.
func (app *App) Dashboard(ctx context.Context, a auth.Actor) (Dashboard, error) {
	now := app.Now()
	var out Dashboard
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = store.Cached(ctx, tx, homeKey{a.UserID, now.Unix() / 60}, func() (Dashboard, error) { return app.dashboard(ctx, tx, a, now) })
		return err
	})
	out.Now = now
	return out, err
}

// homeKey keeps a person's home for the minute: it reads some twenty
// tables and is the page everyone opens first and returns to. Every change
// in the database renews it (store.Cached); the minute renews what the
// clock alone changes (overdue, due soon, meetings begun).
type homeKey struct{ user, minute int64 }

func (app *App) dashboard(ctx context.Context, tx *store.Tx, a auth.Actor, now time.Time) (Dashboard, error) {
	out := Dashboard{Now: now}
	err := func() error {
		d, err := loadScheduleData(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		h := &dash{app: app, ctx: ctx, tx: tx, a: a, now: now, today: calendar.DateOf(now), d: d}
		var events []*EventView
		if a.Role != org.RoleAdmin {
			week := schedule.WeekOf(h.today)
			es, err := tx.EventsBetween(ctx, a.WardID, week.Start(), h.today.AddDays(15).Start())
			if err != nil {
				return err
			}
			es = slices.DeleteFunc(es, func(e store.Event) bool { return e.Cancelled || e.Pending })
			events = d.views(es, now)
		}
		switch a.Role {
		case org.RoleChairman, org.RoleViceChairman:
			err = h.leader(events)
		case org.RoleOffice:
			err = h.office(events)
			if err == nil {
				err = h.unit(events, false)
			}
		case org.RoleUnitHead, org.RoleUnitStaff:
			err = h.unit(events, true)
		case org.RoleViewer:
			err = h.viewer()
		case org.RoleAdmin:
			err = h.admin()
		}
		if err == nil {
			err = h.documents()
		}
		if err != nil {
			return err
		}
		out.Lines = h.lines
		if auth.Can(a, auth.ViewWardGlance, auth.Target{WardID: a.WardID}) {
			g, flagged, err := h.glance(events)
			if err != nil {
				return err
			}
			out.Glance = g
			if a.Role == org.RoleChairman {
				out.Lines = append(out.Lines, flagged...)
			}
		}
		return nil
	}()
	return out, err
}

func monthShort(y int, m time.Month) string { return program.Month{Year: y, Month: m}.Short() }

func monthPath(y int, m time.Month) string { return program.Month{Year: y, Month: m}.String() }

// itemLines adds one line per item (at most maxPerKind), then one to the rest.
func (h *dash) itemLines(kind string, items []store.Item, text func(store.Item) (string, string, string), more string, moreHref string, total int) {
	for i, it := range items {
		if i == maxPerKind {
			break
		}
		t, when, tone := text(it)
		h.add(kind, t, when, fmt.Sprintf("/items/%d", it.ID), tone)
	}
	if total > maxPerKind && more != "" {
		h.add(kind, fmt.Sprintf(more, total-maxPerKind), "", moreHref, "")
	}
}

// leader is the Chairman's and a Vice Chairman's list.
func (h *dash) leader(events []*EventView) error {
	a, tx, ctx := h.a, h.tx, h.ctx
	chairman := a.Role == org.RoleChairman
	if chairman {
		ps, err := tx.ProgramsIn(ctx, a.WardID, string(program.StateSubmitted))
		if err != nil {
			return err
		}
		for _, p := range ps {
			h.add("program_approval", "Duyệt Chương trình công tác tháng "+monthShort(p.Year, p.Month), submittedWhen(p.SubmittedAt),
				"/programs/"+monthPath(p.Year, p.Month), ToneSoon)
		}
		ws, err := tx.SchedulesIn(ctx, a.WardID, string(schedule.ScheduleSubmitted))
		if err != nil {
			return err
		}
		for _, sc := range ws {
			w := schedule.Week{Year: sc.Year, Week: sc.Week}
			h.add("schedule_approval", fmt.Sprintf("Duyệt lịch công tác tuần %d (%s)", w.Week, w.RangeVN()), submittedWhen(sc.SubmittedAt),
				"/schedule/"+w.String(), ToneSoon)
		}
	} else {
		// A Vice Chairman approves the entries they chair in a submitted week.
		ws, err := tx.SchedulesIn(ctx, a.WardID, string(schedule.ScheduleSubmitted))
		if err != nil {
			return err
		}
		for _, sc := range ws {
			es, err := tx.ScheduleEvents(ctx, sc.ID)
			if err != nil {
				return err
			}
			n := 0
			for _, e := range es {
				if !e.Cancelled && e.EntryApproved.At == nil && canApproveEntry(a, e) {
					n++
				}
			}
			if n > 0 {
				w := schedule.Week{Year: sc.Year, Week: sc.Week}
				h.add("entry_approval", fmt.Sprintf("Duyệt %d mục lịch tuần %d (%s) do đồng chí chủ trì", n, w.Week, w.RangeVN()), "",
					"/schedule/"+w.String(), ToneSoon)
			}
		}
	}
	ams, err := tx.PendingAmendments(ctx, a.WardID)
	if err != nil {
		return err
	}
	for _, am := range ams {
		var in program.ItemInput
		json.Unmarshal([]byte(am.Payload), &in) // an unreadable payload names nothing
		if !auth.Can(a, auth.ApproveAmendment, amendmentTarget(a.WardID, am.Kind, in, am.ItemUnitID, am.ItemLeader)) {
			continue
		}
		title := am.ItemTitle
		if title == "" {
			title = in.Title
		}
		h.add("amendment", fmt.Sprintf("Quyết định đề nghị điều chỉnh chương trình tháng %s: %s «%s»", monthShort(am.Year, am.Month),
			program.AmendmentKind(am.Kind).Label(), title), "", "/programs/"+monthPath(am.Year, am.Month)+"#amendments", ToneSoon)
	}
	exts, err := tx.ItemsWithPendingExtension(ctx, a.WardID, a.LeaderID)
	if err != nil {
		return err
	}
	h.itemLines("extension", exts, func(it store.Item) (string, string, string) {
		return "Quyết định đề nghị gia hạn: " + it.Title + " (" + it.LeadUnitCode + ")", "hạn hiện tại " + it.DueDate.VN(), ToneSoon
	}, "Còn %d đề nghị gia hạn khác", "/programs/"+program.MonthOf(h.today).String()+"?leader="+fmt.Sprint(a.LeaderID), len(exts))
	verdicts, err := tx.ItemsAwaitingVerdict(ctx, a.WardID, a.LeaderID)
	if err != nil {
		return err
	}
	h.itemLines("evaluation", verdicts, func(it store.Item) (string, string, string) {
		return "Đánh giá kết quả: " + it.Title + " (" + it.LeadUnitCode + ")", "báo cáo hoàn thành " + it.CompletedAt.In(calendar.VN()).Format("02/01/2006"), ""
	}, "Còn %d nội dung khác chờ đánh giá", "/programs/"+program.MonthOf(h.today).String()+"?status=pending_acceptance&leader="+fmt.Sprint(a.LeaderID), len(verdicts))
	late, err := tx.LateRegistrationsPending(ctx, a.WardID, a.LeaderID)
	if err != nil {
		return err
	}
	h.itemLines("late_registration", late, func(it store.Item) (string, string, string) {
		return "Chấp nhận hoặc trả lại đăng ký muộn: " + it.Title + " (" + it.LeadUnitCode + ", tháng " + monthShort(it.Year, it.Month) + ")", "", ToneSoon
	}, "Còn %d đăng ký muộn khác", "", len(late))
	// Meeting content waiting for this leader's approval, and their clashes this week.
	week := schedule.WeekOf(h.today)
	n := 0
	for _, e := range events {
		if e.NeedsReadiness && e.NextStep == schedule.StepApprove && e.LeaderInCharge.ID == a.LeaderID && !e.Start.Before(h.now) {
			if n++; n <= maxPerKind {
				h.add("meeting_content", "Duyệt nội dung cuộc họp: "+e.Title, "họp "+e.Start.In(calendar.VN()).Format("15:04 02/01/2006")+
					", hạn chuẩn bị "+e.DeadlineDay().VN(), fmt.Sprintf("/events/%d", e.ID), toneOf(e.State))
			}
		}
	}
	if n > maxPerKind {
		h.add("meeting_content", fmt.Sprintf("Còn %d cuộc họp khác chờ duyệt nội dung", n-maxPerKind), "", "/schedule/"+week.Next().String(), "")
	}
	person := h.personOf(a.LeaderID)
	for _, e := range events {
		if !week.Contains(calendar.DateOf(e.Start)) || e.Start.Before(h.now) || (e.ChairID != a.LeaderID && !attends(e, person)) {
			continue
		}
		for _, c := range e.Conflicts {
			if c.Kind == schedule.ConflictPerson && slices.Contains(c.PersonIDs, person) && e.ID < c.OtherID {
				h.add("clash", "Trùng lịch: "+c.Message, e.Start.In(calendar.VN()).Format("15:04 02/01/2006"), fmt.Sprintf("/events/%d", e.ID), ToneLate)
			}
		}
	}
	// Remediation reports waiting for this leader's decision; missing ones
	// are escalated to the Chairman.
	rs, err := tx.RemediationsIn(ctx, a.WardID, 0, string(remediation.StateFiled))
	if err != nil {
		return err
	}
	for _, r := range rs {
		m := program.Month{Year: r.Year, Month: r.Month}
		if h.decidesRemediation(r.UnitID) {
			h.add("remediation_decision", "Xem xét báo cáo khắc phục "+remediation.MonthWords(m)+": "+r.UnitName, "", remediationPath(r.ID), ToneSoon)
		}
	}
	if chairman {
		if err := h.missingRemediations(0); err != nil {
			return err
		}
	}
	if chairman {
		reps, err := tx.ConsolidatedReports(ctx, a.WardID, 3)
		if err != nil {
			return err
		}
		for _, r := range reps {
			if r.State == reportSubmitted && r.DirectedAt == nil {
				h.add("report_directions", fmt.Sprintf("Cho ý kiến chỉ đạo Báo cáo tổng hợp tháng %s (số %s)", monthShort(r.Year, r.Month), r.Number),
					submittedWhen(r.SubmittedAt), ConsolidatedPath(program.Month{Year: r.Year, Month: r.Month}), "")
			}
		}
	}
	return nil
}

// missingShown bounds the reports recorded missing listed on a home.
const missingShown = maxPerKind

// missingRemediations lists the latest reports recorded missing (of the
// actor's unit when unitID is set) and a line to the month of the rest.
func (h *dash) missingRemediations(unitID int64) error {
	rs, total, err := h.tx.MissingRemediations(h.ctx, h.a.WardID, unitID, missingShown+1)
	if err != nil {
		return err
	}
	for i, r := range rs {
		m := program.Month{Year: r.Year, Month: r.Month}
		if i == missingShown {
			h.add("remediation_missing", fmt.Sprintf("Còn %d báo cáo khắc phục không nộp từ %s trở về trước", total-missingShown, remediation.MonthWords(m)), "",
				"/remediations?month="+m.String(), "")
			break
		}
		h.add("remediation_missing", "Không nộp báo cáo khắc phục "+remediation.MonthWords(m)+": "+r.UnitName, "hạn "+r.DueDate.VN(), remediationPath(r.ID), ToneLate)
	}
	return nil
}

// decidesRemediation reports whether the actor decides a unit's report:
// the Vice Chairman whose portfolio holds it, or the Chairman when no Vice
// Chairman's does.
func (h *dash) decidesRemediation(unitID int64) bool {
	if h.a.Role == org.RoleViceChairman {
		return slices.Contains(h.a.PortfolioUnitIDs, unitID)
	}
	for _, l := range h.d.leaders {
		for _, p := range l.Portfolios {
			if l.Position == org.PositionViceChairman && slices.Contains(p.UnitIDs, unitID) {
				return false
			}
		}
	}
	return true
}

// remediationPath is the page of an obligation.
func remediationPath(id int64) string { return fmt.Sprintf("/remediations/%d", id) }

func submittedWhen(t *time.Time) string {
	if t == nil {
		return ""
	}
	return "trình lúc " + t.In(calendar.VN()).Format("15:04 02/01/2006")
}

func toneOf(s schedule.State) string {
	switch s {
	case schedule.StateBreached:
		return ToneLate
	case schedule.StateDueSoon:
		return ToneSoon
	}
	return ""
}

func (h *dash) personOf(leaderID int64) int64 {
	if l, ok := h.d.leader(leaderID); ok {
		return l.PersonID
	}
	return 0
}

func attends(e *EventView, person int64) bool {
	if person == 0 {
		return false
	}
	for _, at := range e.Attendees {
		if at.PersonID == person {
			return true
		}
	}
	return e.ChairPersonID == person
}

// office is the Office's list: consolidation, issue and publication,
// meetings about to happen not ready, conclusion notices, remediation
// reports and the consolidated report.
func (h *dash) office(events []*EventView) error {
	a, tx, ctx, today := h.a, h.tx, h.ctx, h.today
	st := h.d.ward.Settings.WithDefaults()
	ps, err := tx.ProgramsIn(ctx, a.WardID, string(program.StateDraft), string(program.StateReturned), string(program.StateApproved))
	if err != nil {
		return err
	}
	cur := program.MonthOf(today)
	for _, p := range ps {
		m := program.Month{Year: p.Year, Month: p.Month}
		switch {
		case p.State == string(program.StateApproved):
			h.add("program_issue", "Ban hành Chương trình công tác tháng "+m.Short(), "Chủ tịch đã duyệt", "/programs/"+m.String(), ToneSoon)
		case p.State == string(program.StateReturned):
			h.add("program_returned", "Chương trình tháng "+m.Short()+" bị trả lại: chỉnh sửa và trình lại", p.ReturnComment, "/programs/"+m.String(), ToneLate)
		case m == cur.Next() && !today.Before(program.RegistrationDeadline(m, st.RegistrationCloseDay, h.d.cal)):
			h.add("program_consolidate", "Tổng hợp đăng ký, trình Chương trình công tác tháng "+m.Short(),
				"trình trước ngày "+cur.Day(st.ConsolidationDay).VN(), "/programs/"+m.String(), ToneSoon)
		}
	}
	late, err := tx.LateRegistrationsPending(ctx, a.WardID, 0)
	if err != nil {
		return err
	}
	if len(late) > 0 {
		it := late[0]
		h.add("late_registration", fmt.Sprintf("%d đăng ký muộn chờ lãnh đạo phụ trách chấp nhận (tháng %s)", len(late), monthShort(it.Year, it.Month)),
			"", "/programs/"+monthPath(it.Year, it.Month), "")
	}
	// Weeks: proposals to consolidate, approved weeks to publish.
	for _, w := range []schedule.Week{schedule.WeekOf(today), schedule.WeekOf(today).Next()} {
		sc, err := tx.Schedule(ctx, a.WardID, w.Year, w.Week)
		if err != nil {
			continue // no week yet: nothing proposed
		}
		switch schedule.ScheduleState(sc.State) {
		case schedule.ScheduleApproved:
			h.add("schedule_publish", fmt.Sprintf("Công bố lịch công tác tuần %d (%s)", w.Week, w.RangeVN()), "lãnh đạo đã duyệt", "/schedule/"+w.String(), ToneSoon)
		case schedule.ScheduleDraft:
			es, err := tx.ScheduleEvents(ctx, sc.ID)
			if err != nil {
				return err
			}
			n := 0
			for _, e := range es {
				if !e.Cancelled && !e.Consolidated {
					n++
				}
			}
			if n > 0 {
				dl := schedule.ProposalDeadline(w, time.Weekday(st.ProposalCloseWeekday), st.ProposalCloseHour)
				h.add("schedule_consolidate", fmt.Sprintf("Tổng hợp %d đề xuất lịch công tác tuần %d (%s)", n, w.Week, w.RangeVN()),
					"hạn đăng ký "+dl.In(calendar.VN()).Format("15:04 02/01/2006"), "/schedule/"+w.String(), "")
			}
		}
	}
	// Meetings in the next 3 working days that are not ready.
	horizon := h.d.cal.AddWorkingDays(today, 3)
	for _, e := range events {
		day := calendar.DateOf(e.Start)
		if !e.NeedsReadiness || e.NextStep == schedule.StepNone || e.Start.Before(h.now) || day.After(horizon) {
			continue
		}
		h.add("meeting_not_ready", fmt.Sprintf("Họp chưa sẵn sàng: %s (%s)", e.Title, e.Start.In(calendar.VN()).Format("15:04 02/01")),
			"bước tiếp theo: "+e.NextStep.Label()+", hạn "+e.DeadlineDay().VN(), fmt.Sprintf("/events/%d", e.ID), toneOf(e.State))
	}
	// Conclusion notices of the meetings held in the last three weeks.
	ms, err := tx.ScoreMeetings(ctx, a.WardID, today.AddDays(-21).Start(), h.now)
	if err != nil {
		return err
	}
	n := 0
	for _, m := range ms {
		if !schedule.Kind(m.Kind).IsMeeting() || m.ConclusionAt != nil {
			continue
		}
		due := schedule.ConclusionDue(calendar.DateOf(m.Start), st.ConclusionDays, h.d.cal)
		tone := ""
		if due.Before(today) {
			tone = ToneLate
		} else if !due.After(h.d.cal.AddWorkingDays(today, 1)) {
			tone = ToneSoon
		}
		if n++; n <= maxPerKind {
			h.add("conclusion_due", "Ban hành thông báo kết luận: "+m.Title, "hạn "+due.VN(), fmt.Sprintf("/events/%d", m.EventID), tone)
		}
	}
	// Remediation reports: waiting to be filed, recorded missing, filed
	// and waiting for receipt.
	if err := h.missingRemediations(0); err != nil {
		return err
	}
	rs, err := tx.RemediationsIn(ctx, a.WardID, 0, string(remediation.StateOpen), string(remediation.StateReturned), string(remediation.StateFiled))
	if err != nil {
		return err
	}
	for _, r := range rs {
		m := program.Month{Year: r.Year, Month: r.Month}
		switch remediation.State(r.State) {
		case remediation.StateOpen, remediation.StateReturned:
			if r.DueDate.After(h.d.cal.AddWorkingDays(today, 5)) {
				continue
			}
			tone := ToneSoon
			if r.DueDate.Before(today) {
				tone = ToneLate
			}
			h.add("remediation_due", "Chờ báo cáo khắc phục "+remediation.MonthWords(m)+": "+r.UnitName, "hạn "+r.DueDate.VN(), remediationPath(r.ID), tone)
		case remediation.StateFiled:
			if !r.Received {
				h.add("remediation_receipt", "Ghi nhận báo cáo khắc phục "+remediation.MonthWords(m)+": "+r.UnitName, "", remediationPath(r.ID), "")
			}
		}
	}
	// The consolidated report: drafts to finish and submit; directions to
	// register as program items.
	reps, err := tx.ConsolidatedReports(ctx, a.WardID, 3)
	if err != nil {
		return err
	}
	for _, r := range reps {
		m := program.Month{Year: r.Year, Month: r.Month}
		switch {
		case r.State == reportDraft:
			h.add("report_submit", "Hoàn thiện, trình Chủ tịch Báo cáo tổng hợp tháng "+m.Short(), "dự thảo lập lúc "+
				r.GeneratedAt.In(calendar.VN()).Format("15:04 02/01/2006"), ConsolidatedPath(m), ToneSoon)
		case r.DirectedAt != nil && r.Directions != "":
			items, err := tx.DirectiveItems(ctx, a.WardID, directiveSpan(m), DirectiveRef(r))
			if err != nil {
				return err
			}
			if len(items) == 0 {
				h.add("report_directions", "Đăng ký ý kiến chỉ đạo của Chủ tịch (báo cáo tháng "+m.Short()+") thành nội dung chương trình", "",
					ConsolidatedPath(m)+"#directions", "")
			}
		}
	}
	return nil
}

// unit is a unit head's or staff's list (and the Office's own items):
// their unit's items overdue, due soon and returned, the meetings it
// prepares, its remediation report, registration for next month.
func (h *dash) unit(events []*EventView, withMeetings bool) error {
	a, tx, ctx, today := h.a, h.tx, h.ctx, h.today
	if a.UnitID == 0 {
		return nil
	}
	st := h.d.ward.Settings.WithDefaults()
	cur := program.MonthOf(today)
	soon := h.d.cal.AddWorkingDays(today, st.DueSoonWorkingDays)
	items, more, err := tx.UnitOpenItems(ctx, a.WardID, a.UnitID, soon, cur.Year, cur.Month, 60)
	if err != nil {
		return err
	}
	var overdue, due, returned []store.Item
	for _, it := range items {
		f := facts(it)
		switch {
		case it.Quality == string(program.QualityRejected):
			returned = append(returned, it)
		case program.EffectiveDeadline(f, h.d.cal).Before(today):
			overdue = append(overdue, it)
		default:
			due = append(due, it)
		}
	}
	overdueMore := "Còn %d nội dung quá hạn khác"
	if more {
		overdueMore = "Còn hơn %d nội dung quá hạn khác"
	}
	// The rest of a kind: the unit's list with that status, in every month.
	unitItems := func(status string) string {
		code := ""
		for _, u := range h.d.units {
			if u.ID == a.UnitID {
				code = u.Code
			}
		}
		return "/search?" + url.Values{"unit": {code}, "coordinating": {"true"}, "status": {status}}.Encode()
	}
	h.itemLines("item_returned", returned, func(it store.Item) (string, string, string) {
		return "Không đạt, làm lại: " + it.Title, "hạn " + it.DueDate.VN(), ToneLate
	}, "", "", len(returned))
	h.itemLines("item_overdue", overdue, func(it store.Item) (string, string, string) {
		return "Quá hạn: " + it.Title, "hạn " + program.EffectiveDeadline(facts(it), h.d.cal).VN(), ToneLate
	}, overdueMore, unitItems(string(program.StatusOverdue)), len(overdue))
	slices.SortFunc(due, func(x, y store.Item) int { return x.DueDate.Compare(y.DueDate) })
	h.itemLines("item_due_soon", due, func(it store.Item) (string, string, string) {
		return "Sắp đến hạn: " + it.Title, "hạn " + program.EffectiveDeadline(facts(it), h.d.cal).VN(), ToneSoon
	}, "Còn %d nội dung sắp đến hạn khác", unitItems(string(program.StatusDueSoon)), len(due))
	back, err := tx.ReturnedRegistrations(ctx, a.WardID, a.UnitID)
	if err != nil {
		return err
	}
	h.itemLines("registration_returned", back, func(it store.Item) (string, string, string) {
		return "Đăng ký bị trả lại: " + it.Title + " (tháng " + monthShort(it.Year, it.Month) + ")", it.ReturnReason, ToneLate
	}, "", "", len(back))
	if withMeetings {
		n := 0
		for _, e := range events {
			if e.PreparingUnitID != a.UnitID || !e.NeedsReadiness || e.NextStep == schedule.StepNone || e.Start.Before(h.now) {
				continue
			}
			if n++; n <= maxPerKind {
				h.add("meeting_prepare", fmt.Sprintf("Chuẩn bị cuộc họp: %s (%s)", e.Title, e.Start.In(calendar.VN()).Format("15:04 02/01")),
					"bước tiếp theo: "+e.NextStep.Label()+", hạn "+e.DeadlineDay().VN(), fmt.Sprintf("/events/%d", e.ID), toneOf(e.State))
			}
		}
		if n > maxPerKind {
			h.add("meeting_prepare", fmt.Sprintf("Còn %d cuộc họp khác đơn vị chuẩn bị", n-maxPerKind), "", "/my/schedule", "")
		}
		rs, err := tx.RemediationsIn(ctx, a.WardID, a.UnitID, string(remediation.StateOpen), string(remediation.StateReturned))
		if err != nil {
			return err
		}
		missing, _, err := tx.MissingRemediations(ctx, a.WardID, a.UnitID, missingShown)
		if err != nil {
			return err
		}
		// A missing report can still be filed, late: the latest ones.
		rs = append(missing, rs...)
		for _, r := range rs {
			m := program.Month{Year: r.Year, Month: r.Month}
			tone := ""
			switch {
			case r.State == string(remediation.StateMissing) || r.DueDate.Before(today):
				tone = ToneLate
			case !r.DueDate.After(h.d.cal.AddWorkingDays(today, 2)):
				tone = ToneSoon
			}
			text := "Nộp báo cáo khắc phục " + remediation.MonthWords(m)
			if r.State == string(remediation.StateReturned) {
				text = "Báo cáo khắc phục " + remediation.MonthWords(m) + " bị trả lại: sửa và nộp lại"
			}
			h.add("remediation_file", text, "hạn "+r.DueDate.VN(), remediationPath(r.ID), tone)
		}
		// Registration for next month while the window is open.
		next := cur.Next()
		dl := program.RegistrationDeadline(next, st.RegistrationCloseDay, h.d.cal)
		if !today.After(dl) && auth.Can(a, auth.RegisterItem, auth.Target{WardID: a.WardID, UnitID: a.UnitID}) {
			h.add("registration_open", "Đăng ký nội dung Chương trình công tác tháng "+next.Short(), "hạn "+dl.VN(), "/programs/"+next.String(), "")
		}
		if a.Role == org.RoleUnitHead {
			ds, err := tx.Decisions(ctx, a.WardID, a.UnitID, nil, 3)
			if err != nil {
				return err
			}
			for _, d := range ds {
				if d.DecidedAt.After(h.now.AddDate(0, 0, -45)) {
					p, perr := accountability.ParsePeriod(d.Period)
					if perr != nil {
						continue
					}
					h.add("accountability_decision", "Kết luận của Chủ tịch UBND ("+p.Label()+"): "+accountability.DecisionKind(d.Kind).Label(),
						d.DecidedAt.In(calendar.VN()).Format("02/01/2006"), ScorecardUnitPath(p, a.UnitID), ToneLate)
				}
			}
		}
	}
	return nil
}

// viewer is a partner's or guest's list: the published meetings of this
// week and the next that concern them, the program items they coordinate.
func (h *dash) viewer() error {
	a, tx, ctx, today := h.a, h.tx, h.ctx, h.today
	w := schedule.WeekOf(today)
	scopes := []store.FeedScope{{Scope: "person", RefID: a.PersonID}}
	if a.UnitID != 0 {
		scopes = append(scopes, store.FeedScope{Scope: "unit", RefID: a.UnitID})
	}
	// This week's and next week's published schedules, with how many
	// entries concern the person or their unit.
	for _, wk := range []schedule.Week{w, w.Next()} {
		sc, err := tx.Schedule(ctx, a.WardID, wk.Year, wk.Week)
		if err != nil || sc.State != string(schedule.SchedulePublished) {
			continue
		}
		seen := map[int64]bool{}
		for _, fs := range scopes {
			es, err := tx.FeedEvents(ctx, a.WardID, fs, wk.Start(), wk.End())
			if err != nil {
				return err
			}
			for _, e := range es {
				if !e.Cancelled {
					seen[e.ID] = true
				}
			}
		}
		when := ""
		if sc.PublishedAt != nil {
			when = "công bố lúc " + sc.PublishedAt.In(calendar.VN()).Format("15:04 02/01/2006")
		}
		h.add("schedule_published", fmt.Sprintf("Xem lịch công tác tuần %d (%s): %d cuộc họp, làm việc liên quan đến đơn vị", wk.Week, wk.RangeVN(), len(seen)),
			when, "/schedule/"+wk.String(), "")
	}
	seen := map[int64]bool{}
	n := 0
	for _, sc := range scopes {
		es, err := tx.FeedEvents(ctx, a.WardID, sc, h.now, w.Next().End())
		if err != nil {
			return err
		}
		for _, e := range es {
			if seen[e.ID] || e.Cancelled {
				continue
			}
			seen[e.ID] = true
			if n++; n <= maxPerKind {
				h.add("meeting_invited", "Dự: "+e.Title, e.Start.In(calendar.VN()).Format("15:04 02/01/2006"), fmt.Sprintf("/events/%d", e.ID), "")
			}
		}
	}
	if n > maxPerKind {
		h.add("meeting_invited", fmt.Sprintf("Còn %d cuộc họp khác trong lịch đã công bố", n-maxPerKind), "", "/my/schedule", "")
	}
	if a.UnitID != 0 {
		cur := program.MonthOf(today)
		p, err := tx.Program(ctx, a.WardID, cur.Year, cur.Month)
		if err == nil && p.State == string(program.StateIssued) {
			items, err := tx.Items(ctx, p.ID)
			if err != nil {
				return err
			}
			c := 0
			for _, it := range items {
				if program.RegistrationState(it.Registration).InProgram() && !it.Cancelled && slices.Contains(it.CoordinatingUnitIDs, a.UnitID) {
					c++
				}
			}
			if c > 0 {
				h.add("coordinate", fmt.Sprintf("%d nội dung Chương trình công tác tháng %s đơn vị phối hợp thực hiện", c, cur.Short()), "",
					fmt.Sprintf("/programs/%s?unit=%d", cur, a.UnitID), "")
			}
		}
	}
	return nil
}

// admin is the administrator's list: the government's yearly holiday
// blocks to confirm, units and people without an account.
func (h *dash) admin() error {
	a, tx, ctx, today := h.a, h.tx, h.ctx, h.today
	for _, year := range []int{today.Year, today.Year + 1} {
		confs, err := tx.CalendarConfirmations(ctx, a.WardID, year)
		if err != nil {
			return err
		}
		var names []string
		for _, b := range blockStatuses(h.d.cal, year, confs) {
			if !b.Confirmed && !b.To.Before(today) {
				names = append(names, b.Name)
			}
		}
		if len(names) > 0 {
			h.add("calendar_confirm", fmt.Sprintf("Xác nhận lịch nghỉ năm %d theo thông báo của Chính phủ: %s", year, joinVN(names)), "",
				fmt.Sprintf("/admin/calendar?year=%d", year), "")
		}
	}
	units, err := tx.UnitsWithoutAccount(ctx, a.WardID)
	if err != nil {
		return err
	}
	for _, id := range units {
		for _, u := range h.d.units {
			if u.ID == id {
				h.add("unit_account", "Tạo tài khoản cho "+u.Name, "đơn vị chưa có tài khoản đăng nhập", "/admin/users", "")
			}
		}
	}
	n, err := tx.PeopleWithoutAccount(ctx, a.WardID)
	if err != nil {
		return err
	}
	if n > 0 {
		h.add("people_account", fmt.Sprintf("%d cán bộ chưa có tài khoản đăng nhập", n), "", "/admin/users", "")
	}
	return nil
}

func joinVN(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	out := xs[0]
	for _, x := range xs[1 : len(xs)-1] {
		out += ", " + x
	}
	return out + " và " + xs[len(xs)-1]
}

// glance is this month's picture per unit the actor may see; it also
// returns the Chairman's lines for the flagged units of this month and
// the last that have no decision yet.
func (h *dash) glance(events []*EventView) (*Glance, []TodoLine, error) {
	cur := program.MonthOf(h.today)
	prev := cur.Prev()
	periods := []string{accountability.MonthPeriod(cur).String(), accountability.MonthPeriod(prev).String()}
	f := h.d.ward.Settings.ScoreFormula.WithDefaults()
	d, err := loadScores(h.ctx, h.tx, h.a.WardID, monthsBack(prev, max(f.FlagOverdueMonths, 1)-1), cur, periods, h.now)
	if err != nil {
		return nil, nil, err
	}
	decided, err := h.tx.Decisions(h.ctx, h.a.WardID, 0, periods, 1000)
	if err != nil {
		return nil, nil, err
	}
	rs, err := h.tx.RemediationsIn(h.ctx, h.a.WardID, 0, string(remediation.StateOpen), string(remediation.StateReturned), string(remediation.StateFiled))
	if err != nil {
		return nil, nil, err
	}
	// Each unit's latest missing report is among the ward's latest few.
	missing, _, err := h.tx.MissingRemediations(h.ctx, h.a.WardID, 0, 12*len(d.units)+1)
	if err != nil {
		return nil, nil, err
	}
	rs = append(rs, missing...)
	g := &Glance{Month: cur}
	var flagged []TodoLine
	for _, u := range d.units {
		if !auth.Can(h.a, auth.ViewWardGlance, auth.Target{WardID: h.a.WardID, UnitID: u.ID}) {
			continue
		}
		c, _ := d.card(u.ID, accountability.MonthPeriod(cur))
		row := GlanceRow{Unit: u, Card: c}
		for _, e := range events {
			if e.PreparingUnitID == u.ID && e.NeedsReadiness && e.NextStep != schedule.StepNone && !e.Start.Before(h.now) {
				row.NotReady = append(row.NotReady, e.ID)
			}
		}
		for i := range rs {
			if rs[i].UnitID == u.ID && (row.Remediation == nil || remediationUrgency(rs[i]) > remediationUrgency(*row.Remediation)) {
				row.Remediation = &rs[i]
			}
		}
		g.Rows = append(g.Rows, row)
		for _, p := range []program.Month{prev, cur} {
			pc := c
			if p == prev {
				pc, _ = d.card(u.ID, accountability.MonthPeriod(p))
			}
			period := accountability.MonthPeriod(p)
			if !pc.Flagged || slices.ContainsFunc(decided, func(x store.Decision) bool { return x.UnitID == u.ID && x.Period == period.String() }) {
				continue
			}
			flagged = append(flagged, TodoLine{Kind: "unit_flagged", Text: "Đề nghị xem xét trách nhiệm: " + u.Name + " (" + period.Label() + ")",
				When: joinVN(pc.FlagReasons), Href: ScorecardUnitPath(period, u.ID), Tone: ToneLate})
		}
	}
	return g, flagged, nil
}

// remediationUrgency orders a unit's obligations for the glance: missing,
// then returned, open, filed.
func remediationUrgency(r store.RemediationDue) int {
	switch remediation.State(r.State) {
	case remediation.StateMissing:
		return 4
	case remediation.StateReturned:
		return 3
	case remediation.StateOpen:
		return 2
	}
	return 1
}

// Menu is where the menu's entries open: "Chương trình tháng" and "Lịch
// công tác" the month and week waiting for this person's action when
// there is one (else this month and this week); "Báo cáo tổng hợp" the
// latest month whose report is drafted (this month from its draft day).
type Menu struct {
	Month  program.Month
	Week   schedule.Week
	Report program.Month
}

// MenuTargets computes the person's menu targets at now.
func (app *App) MenuTargets(ctx context.Context, a auth.Actor) (Menu, error) {
	now := app.Now()
	today := calendar.DateOf(now)
	menu := Menu{Month: program.MonthOf(today), Week: schedule.WeekOf(today), Report: program.MonthOf(today)}
	if a.UserID == 0 || a.Role == org.RoleAdmin || a.Role == org.RoleViewer {
		return menu, nil
	}
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		menu, err = store.Cached(ctx, tx, menuKey{a.UserID, now.Unix() / 60}, func() (Menu, error) { return menuTargets(ctx, tx, a, now, menu) })
		return err
	})
	return menu, err
}

// menuKey keeps the menu's targets for a person for the minute (they are
// on every page; the week's proposals close at an hour).
type menuKey struct{ user, minute int64 }

func menuTargets(ctx context.Context, tx *store.Tx, a auth.Actor, now time.Time, menu Menu) (Menu, error) {
	today := calendar.DateOf(now)
	month, week := menu.Month, menu.Week
	err := func() error {
		o, err := loadOrgIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		st := o.Ward.Settings.WithDefaults()
		cal, err := calendarIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		if today.Before(consolidation.DraftDay(month, st.ReportDraftDaysBefore, cal)) {
			menu.Report = month.Prev()
		}
		ps, err := tx.ProgramsIn(ctx, a.WardID, string(program.StateDraft), string(program.StateSubmitted), string(program.StateReturned),
			string(program.StateApproved))
		if err != nil {
			return err
		}
		for _, p := range ps {
			m := program.Month{Year: p.Year, Month: p.Month}
			if m.Before(month) {
				continue
			}
			s := program.ProgramState(p.State)
			waits := (a.Role == org.RoleChairman && s == program.StateSubmitted) ||
				(a.Role == org.RoleOffice && m == month.Next() && (s == program.StateApproved || s == program.StateReturned ||
					s == program.StateDraft && today.After(program.RegistrationDeadline(m, st.RegistrationCloseDay, cal)))) ||
				((a.Role == org.RoleUnitHead || a.Role == org.RoleUnitStaff) && s == program.StateDraft && m == month.Next() &&
					!today.After(program.RegistrationDeadline(m, st.RegistrationCloseDay, cal)))
			if waits {
				menu.Month = m
				break
			}
		}
		ws, err := tx.SchedulesIn(ctx, a.WardID, string(schedule.ScheduleDraft), string(schedule.ScheduleSubmitted), string(schedule.ScheduleApproved))
		if err != nil {
			return err
		}
		for _, sc := range ws {
			sw := schedule.Week{Year: sc.Year, Week: sc.Week}
			if sw != week && sw != week.Next() {
				continue
			}
			s := schedule.ScheduleState(sc.State)
			waits := (a.Role.IsLeader() && s == schedule.ScheduleSubmitted) ||
				(a.Role == org.RoleOffice && (s == schedule.ScheduleApproved || s == schedule.ScheduleDraft && sw == week.Next())) ||
				((a.Role == org.RoleUnitHead || a.Role == org.RoleUnitStaff) && s == schedule.ScheduleDraft && sw == week.Next() &&
					now.Before(schedule.ProposalDeadline(sw, time.Weekday(st.ProposalCloseWeekday), st.ProposalCloseHour)))
			if waits {
				menu.Week = sw
				break
			}
		}
		return nil
	}()
	return menu, err
}
