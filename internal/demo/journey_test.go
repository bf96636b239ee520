package demo_test

import (
	"context"
	"io"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/accountability"
	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// journeyDays are the days the demo and the main journeys must work on:
// month starts and ends, a Saturday, New Year's Day, the last working day
// before Tết 2027 and Tết Monday, a Saturday before the registration
// deadline, 30/4 and 2/9, a leap day.
var journeyDays = []string{"2026-12-01", "2026-12-14", "2026-12-19", "2026-12-31", "2027-01-01", "2027-02-05",
	"2027-02-08", "2027-02-20", "2027-04-30", "2027-09-02", "2028-02-29"}

// TestDemoAndJourneysOnEveryDate loads the demo at each clock value and
// checks that it shows what the README promises on that day, then runs the
// monthly program's journey (register, consolidate, approve, issue) and the
// weekly schedule's (propose, approve, publish) on it. A demo load takes
// about a second on SQLite and three on PostgreSQL; the clock values run in
// parallel (under a minute for all 44 loads on two cores).
func TestDemoAndJourneysOnEveryDate(t *testing.T) {
	for _, day := range journeyDays {
		for _, hm := range []string{"10:00", "16:30"} {
			now := vn(day + " " + hm)
			t.Run(day+"T"+hm, func(t *testing.T) {
				t.Parallel()
				storetest.Each(t, func(t *testing.T, db *store.DB) { demoJourneys(t, db, now) })
			})
		}
	}
}

// vn is a Vietnam wall-clock time.
func vn(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.VN())
	if err != nil {
		panic(err)
	}
	return t
}

type journey struct {
	t   *testing.T
	ctx context.Context
	app *app.App
	now time.Time
	cal *calendar.Calendar
	org app.Org
}

func (j *journey) actor(login string) auth.Actor {
	j.t.Helper()
	var id int64
	err := j.app.DB.View(j.ctx, func(tx *store.Tx) error {
		u, _, err := tx.UserByLogin(j.ctx, login)
		id = u.ID
		return err
	})
	if err != nil {
		j.t.Fatalf("user %s: %v", login, err)
	}
	a, _, err := j.app.Actor(j.ctx, id)
	if err != nil {
		j.t.Fatal(err)
	}
	return a
}

func (j *journey) program(m program.Month) app.ProgramPage {
	j.t.Helper()
	p, err := j.app.Program(j.ctx, j.actor("chutich"), m)
	if err != nil {
		j.t.Fatalf("program %s: %v", m, err)
	}
	return p
}

func (j *journey) check(err error, what string) {
	j.t.Helper()
	if err != nil {
		j.t.Fatalf("%s at %s: %v", what, j.now.Format("02/01/2006 15:04"), err)
	}
}

func (j *journey) unit(code string) int64 {
	for _, u := range j.org.Units {
		if u.Code == code {
			return u.ID
		}
	}
	j.t.Fatalf("no unit %s", code)
	return 0
}

func (j *journey) leader(login string) org.Leader {
	for _, l := range j.org.Leaders {
		if l.Login == login {
			return l
		}
	}
	j.t.Fatalf("no leader %s", login)
	return org.Leader{}
}

func demoJourneys(t *testing.T, db *store.DB, now time.Time) {
	ctx := context.Background()
	a := app.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), t.TempDir())
	a.Password = auth.Params{Memory: 8 * 1024, Time: 1, Threads: 1}
	a.Now = func() time.Time { return now }
	if _, err := demo.Load(ctx, db, a.Password, now); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadPrograms(ctx, a, now); err != nil {
		t.Fatal(err)
	}
	j := &journey{t: t, ctx: ctx, app: a, now: now}
	var err error
	j.org, err = a.LoadOrg(ctx, j.actor("admin"))
	j.check(err, "org")
	j.cal, err = a.Calendar(ctx, j.org.Ward.ID)
	j.check(err, "calendar")
	j.demoStates()
	j.remediationStates()
	j.accountabilityStates()
	j.incomingStates()
	j.programJourney()
	j.scheduleJourney()
}

// demoStates checks what the README says the demo shows on this day.
func (j *journey) demoStates() {
	t := j.t
	today := calendar.DateOf(j.now)
	cur := program.MonthOf(today)
	prev, next := cur.Prev(), cur.Next()
	at := func(d calendar.Date, hour int) time.Time { return d.Start().Add(time.Duration(hour) * time.Hour) }
	closeDay := j.org.Ward.Settings.RegistrationCloseDay

	states := map[string]int{}
	for _, m := range []program.Month{prev, cur, next} {
		page := j.program(m)
		if n := len(page.InProgramItems()); n < 40 {
			t.Errorf("%s: %d items in the program, want ≥ 40", m, n)
		}
		for _, it := range page.Items {
			states[string(it.Status)]++
			if it.CarriedFrom != 0 {
				states["carried"]++
			}
			if it.Rejections > 0 {
				states["rejected"]++
			}
			if it.Registration == string(program.RegLateAccepted) {
				states["late accepted"]++
			}
			if it.ApprovedExtension != nil {
				states["extended"]++
			}
		}
		switch m {
		case prev:
			if page.State != program.StateIssued || page.Program.AmendmentNo != 1 {
				t.Errorf("previous month %s: %s, amendment %d; want issued, amended once", m, page.State, page.Program.AmendmentNo)
			}
		case cur:
			// Its amendment is decided at 15:00 on the first working day from the 6th.
			amended := 0
			if !j.now.Before(at(j.cal.NextWorkingDay(cur.Day(6)), 15)) {
				amended = 1
			}
			if page.State != program.StateIssued || page.Program.AmendmentNo != amended {
				t.Errorf("current month %s: %s, amendment %d; want issued, amendment %d", m, page.State, page.Program.AmendmentNo, amended)
			}
		case next:
			// A registration can only be late after the deadline; the demo's
			// comes at 09:00 on the first working day after it.
			late := 0
			if !j.now.Before(at(j.cal.AddWorkingDays(program.RegistrationDeadline(next, closeDay, j.cal), 1), 9)) {
				late = 1
			}
			if page.State != program.StateDraft || page.LatePending != late {
				t.Errorf("next month %s: %s, %d late registrations waiting; want draft, %d", m, page.State, page.LatePending, late)
			}
		}
	}
	for _, s := range []string{"done_on_time", "done_late", "in_progress_overdue", "pending_acceptance", "cancelled", "not_started",
		"carried", "rejected", "late accepted", "extended"} {
		if states[s] == 0 {
			t.Errorf("no %s item in the demo: %v", s, states)
		}
	}

	// The weekly schedule: this week published, next week open; meetings
	// ready, due soon and breached in the coming weeks (the one due soon
	// is three working days ahead: across Tết, the week after next).
	w := schedule.WeekOf(today)
	readiness := map[schedule.State]int{}
	for i, want := range []schedule.ScheduleState{schedule.SchedulePublished, schedule.ScheduleDraft, ""} {
		view, err := j.app.WeekSchedule(j.ctx, j.actor("vanphong"), w)
		j.check(err, "week "+w.String())
		if want != "" && (view.State != want || len(view.Events) < 25) {
			t.Errorf("week %s (%d): %s with %d entries; want %s with ≥ 25", w, i, view.State, len(view.Events), want)
		}
		for _, e := range view.Events {
			readiness[e.State]++
		}
		w = w.Next()
	}
	for _, s := range []schedule.State{schedule.StateReady, schedule.StateDueSoon, schedule.StateBreached} {
		if readiness[s] == 0 {
			t.Errorf("no %s meeting this week or next: %v", s, readiness)
		}
	}
}

// remediationStates checks the remediation promises of the README: last
// month's reports filed and accepted (VHXH), returned with comments (VP),
// filed late (TTPVHCC) and missing (KTHTDT, told to the Chairman); this
// month's open until the units file them the day before the due date,
// after which what slipped since waits in next month's, open.
func (j *journey) remediationStates() {
	t := j.t
	today := calendar.DateOf(j.now)
	cur := program.MonthOf(today)
	office := j.actor("vanphong")
	states := func(m program.Month) (app.RemediationList, map[string]store.Remediation) {
		l, err := j.app.Remediations(j.ctx, office, m)
		j.check(err, "remediations "+m.String())
		out := map[string]store.Remediation{}
		for _, row := range l.Rows {
			if row.R != nil {
				out[row.Unit.Code] = *row.R
			}
		}
		return l, out
	}
	_, prev := states(cur.Prev())
	want := map[string]func(r store.Remediation) bool{
		"VHXH": func(r store.Remediation) bool { return r.State == "accepted" && !r.Late && r.Number != "" },
		"VP":   func(r store.Remediation) bool { return r.State == "returned" && r.DecisionComment != "" },
		"TTPVHCC": func(r store.Remediation) bool {
			return r.State == "filed" && r.Late && r.MissingAt != nil && r.ReceivedAt != nil
		},
		"KTHTDT": func(r store.Remediation) bool {
			return r.State == "missing" && r.MissingAt != nil && r.FirstFiledAt == nil
		},
	}
	for code, ok := range want {
		if r, found := prev[code]; !found || !ok(r) {
			t.Errorf("last month's report of %s: %+v", code, r)
		}
	}
	chair := j.actor("chutich")
	var notes []store.Notification
	j.check(j.app.DB.View(j.ctx, func(tx *store.Tx) error {
		var err error
		notes, _, err = tx.Notifications(j.ctx, chair.UserID, 200)
		return err
	}), "notifications")
	told := false
	for _, n := range notes {
		if strings.Contains(n.Title, "Chưa nộp báo cáo khắc phục "+remediation.MonthWords(cur.Prev())+": Phòng Kinh tế") {
			told = true
		}
	}
	if !told {
		t.Error("the Chairman was not told of the missing report")
	}
	curList, this := states(cur)
	open := func(rs map[string]store.Remediation, due calendar.Date) bool {
		for _, r := range rs {
			if r.State == "open" && r.DueDate.Equal(due) && !r.DueDate.Before(today) {
				return true
			}
		}
		return false
	}
	if !today.After(curList.DueDate) {
		if !open(this, curList.DueDate) {
			t.Errorf("no open obligation due %s this month: %v", curList.DueDate, this)
		}
		return
	}
	for code, r := range this {
		if r.State != "filed" && r.State != "accepted" {
			t.Errorf("this month's report of %s after its due date: %s", code, r.State)
		}
	}
	nextList, next := states(cur.Next())
	if !open(next, nextList.DueDate) {
		t.Errorf("no open obligation due %s next month: %v", nextList.DueDate, next)
	}
}

// programJourney takes next month's program from registration to issue.
func (j *journey) programJourney() {
	t := j.t
	next := program.MonthOf(calendar.DateOf(j.now)).Next()
	due := j.cal.NextWorkingDay(next.Day(15))
	in := program.ItemInput{Title: "Báo cáo rà soát hạ tầng thoát nước khu dân cư số 5", Kind: program.KindReport,
		Source: program.SourceAnnualPlan, LeadUnitID: j.unit("KTHTDT"), DueDate: due.String(), Product: "Báo cáo kết quả rà soát"}
	// The unit registers (late after the deadline, then waiting for its leader).
	id, err := j.app.RegisterItem(j.ctx, j.actor("truongphong.kt"), next, in)
	j.check(err, "register")
	late := program.IsLateRegistration(next, j.now, j.org.Ward.Settings.RegistrationCloseDay, j.cal)
	// The Office consolidates: the same item registered twice is merged.
	dup, err := j.app.RegisterItem(j.ctx, j.actor("vanphong"), next, in)
	j.check(err, "office registers a duplicate")
	j.check(j.app.RegistrationAction(j.ctx, j.actor("vanphong"), dup, program.RegMerge, "", id), "merge")
	// Every late registration waiting gets its leader's acceptance.
	accepted := 0
	for _, it := range j.program(next).Items {
		if it.Registration == string(program.RegLatePending) {
			j.check(j.app.RegistrationAction(j.ctx, j.actor(it.LeaderLogin), it.ID, program.RegAcceptLate, "", 0), "accept late")
			accepted++
		}
	}
	if wantLate := late && accepted == 0; wantLate {
		t.Errorf("registered after the deadline, but nothing waited for acceptance")
	}
	for _, step := range []struct {
		login  string
		action program.Action
	}{{"vanphong", program.ActionSubmit}, {"chutich", program.ActionApprove}, {"vanphong", program.ActionIssue}} {
		_, err := j.app.ProgramAction(j.ctx, j.actor(step.login), next, step.action, "", 0)
		j.check(err, string(step.action))
	}
	page := j.program(next)
	if page.State != program.StateIssued || !regexp.MustCompile(`^\d{2}/CTr-UBND$`).MatchString(page.Program.Number) ||
		page.Program.IssuedOn != calendar.DateOf(j.now).String() {
		t.Errorf("after issue: %s %q issued on %s", page.State, page.Program.Number, page.Program.IssuedOn)
	}
	i := slices.IndexFunc(page.Items, func(it app.ItemView) bool { return it.ID == id })
	d := slices.IndexFunc(page.Items, func(it app.ItemView) bool { return it.ID == dup })
	if i < 0 || d < 0 || !page.Items[i].InProgram || page.Items[i].Late != late || page.Items[i].Status != program.StatusNotStarted ||
		page.Items[d].Registration != string(program.RegMerged) {
		t.Errorf("items after issue: registered %+v, duplicate %+v", page.Items[i], page.Items[d])
	}
}

// scheduleJourney proposes a working session five working days ahead and
// takes its week through consolidation, approval and publication.
func (j *journey) scheduleJourney() {
	t := j.t
	day := j.cal.AddWorkingDays(calendar.DateOf(j.now), 5)
	w := schedule.WeekOf(day)
	start := day.Start().Add(14 * time.Hour)
	title := "Làm việc về công tác chi trả chế độ bảo trợ xã hội đột xuất"
	chair := j.leader("pct.vanhoa")
	id, _, err := j.app.ProposeEvent(j.ctx, j.actor("truongphong.vhxh"), w, app.EventInput{Title: title, Kind: schedule.KindWorkingSession,
		Start: start, End: start.Add(2 * time.Hour), ChairID: chair.ID, Venue: "Nhà văn hóa tổ dân phố 3", UnitIDs: []int64{j.unit("VP")}})
	j.check(err, "propose")
	for _, step := range []struct {
		login string
		act   app.ScheduleAction
	}{{"vanphong", app.ActConsolidate}, {"vanphong", app.ActSubmit}, {"chutich", app.ActApprove}, {"vanphong", app.ActPublish}} {
		j.check(j.app.MoveSchedule(j.ctx, j.actor(step.login), w, step.act), string(step.act)+" week "+w.String())
	}
	view, err := j.app.WeekSchedule(j.ctx, j.actor("chutich"), w)
	j.check(err, "week")
	i := slices.IndexFunc(view.Events, func(e *app.EventView) bool { return e.ID == id })
	if view.State != schedule.SchedulePublished || i < 0 || view.Events[i].Title != title || view.Events[i].EntryApproved.At == nil {
		t.Errorf("week %s after publishing: %s, entry %d of %d", w, view.State, i, len(view.Events))
	}
}

// accountabilityStates checks what the README promises of scorecards,
// accountability and the consolidated report on this day: last month has
// a flagged unit with the Chairman's decision, last month's report is
// submitted with its number, and every demo login has at least two lines
// on its home page.
func (j *journey) accountabilityStates() {
	t := j.t
	prev := program.MonthOf(calendar.DateOf(j.now)).Prev()
	page, err := j.app.Scorecards(j.ctx, j.actor("chutich"), accountability.MonthPeriod(prev), false)
	j.check(err, "scorecards")
	decided := 0
	for _, c := range page.Flagged() {
		if c.Decision != nil {
			decided++
		}
	}
	if decided == 0 {
		t.Errorf("last month (%s): no flagged unit with a decision; flagged: %d", prev, len(page.Flagged()))
	}
	rep, err := j.app.ConsolidatedReport(j.ctx, j.actor("vanphong"), prev)
	j.check(err, "consolidated report")
	if !rep.Submitted() || !regexp.MustCompile(`^\d{2}/BC-VP$`).MatchString(rep.Report.Number) || rep.Results.Totals.Due == 0 {
		t.Errorf("last month's report: %s %q, %d due", rep.Report.State, rep.Report.Number, rep.Results.Totals.Due)
	}
	logins := append(slices.Clone(demo.Logins), struct{ Login, Role string }{"giamdoc.ttpvhcc", "unit_head"})
	for _, l := range logins {
		d, err := j.app.Dashboard(j.ctx, j.actor(l.Login))
		j.check(err, "dashboard "+l.Login)
		if len(d.Lines) < 2 {
			t.Errorf("%s: %d to-do lines, want ≥ 2: %+v", l.Login, len(d.Lines), d.Lines)
		}
		if (l.Role == "chairman" || l.Role == "office" || l.Role == "vice_chairman") && (d.Glance == nil || len(d.Glance.Rows) == 0) {
			t.Errorf("%s: no ward at a glance", l.Login)
		}
	}
}
