package province

import (
	"testing"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
	"dieuhanh/internal/schedule"
)

func d(s string) calendar.Date {
	v, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func dp(s string) *calendar.Date { v := d(s); return &v }

// vn is Vietnam wall-clock time "YYYY-MM-DD HH:MM".
func vn(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.VN())
	if err != nil {
		panic(err)
	}
	return t
}

func tp(t time.Time) *time.Time { return &t }

var cal = calendar.New(calendar.Rules{}, nil)

// October 2026 ends on a Saturday (31/10) and its 24th is a Saturday too.
var october = program.Month{Year: 2026, Month: time.October}

// item builds an item's stored facts through the real rules
// (program.StoredFactsOf computes the completed-late flag with the
// calendar).
func item(f program.ItemFacts, rejections int) ItemFact {
	f.Month = october
	if f.Quality == "" {
		f.Quality = program.QualityPending
	}
	return ItemFact{StoredFacts: program.StoredFactsOf(f, cal), Rejections: rejections}
}

func TestTallyItems(t *testing.T) {
	items := []ItemFact{
		// Due on Saturday 31/10, completed on Monday 02/11: on time (the
		// deadline moves to the next working day).
		item(program.ItemFacts{DueDate: d("2026-10-31"), CompletedAt: tp(vn("2026-11-02 16:00")), Quality: program.QualityAccepted}, 0),
		// Completed two days late, accepted.
		item(program.ItemFacts{DueDate: d("2026-10-20"), CompletedAt: tp(vn("2026-10-22 09:00")), Quality: program.QualityAccepted}, 0),
		// Due on Saturday 31/10, nothing reported.
		item(program.ItemFacts{DueDate: d("2026-10-31"), Progress: 40}, 0),
		// Due 15/10 but extended to 20/11: running within its deadline.
		item(program.ItemFacts{DueDate: d("2026-10-15"), ApprovedExtension: dp("2026-11-20"), Progress: 50}, 0),
		// Cancelled by amendment: outside every count.
		item(program.ItemFacts{DueDate: d("2026-10-10"), Cancelled: true}, 0),
		// Judged "không đạt": reopened, its deadline passed.
		item(program.ItemFacts{DueDate: d("2026-10-16"), CompletedAt: tp(vn("2026-10-15 10:00")), Quality: program.QualityRejected}, 1),
		// Completed, waiting for the verdict, deadline passed.
		item(program.ItemFacts{DueDate: d("2026-10-23"), CompletedAt: tp(vn("2026-10-23 10:00"))}, 0),
		// Carried over into November.
		item(program.ItemFacts{DueDate: d("2026-10-28"), CarriedTo: 99}, 0),
		// Done early, on time, with its deadline still ahead (extended).
		item(program.ItemFacts{DueDate: d("2026-10-09"), ApprovedExtension: dp("2026-11-30"), CompletedAt: tp(vn("2026-11-01 08:00")),
			Quality: program.QualityAccepted}, 1),
		// Not started, due at the end of November (extended).
		item(program.ItemFacts{DueDate: d("2026-10-30"), ApprovedExtension: dp("2026-11-27")}, 0),
	}
	tests := []struct {
		name string
		now  time.Time
		want Figures
	}{
		// Monday 02/11: the Saturday deadline's working day is today: the
		// open item is due soon, not overdue, and not yet in the base.
		{"monday after a saturday deadline", vn("2026-11-02 10:00"), Figures{Items: 9, Cancelled: 1, DoneOnTime: 2, DoneLate: 1,
			PendingAcceptance: 1, Overdue: 1, DueSoon: 1, InProgress: 1, NotStarted: 1, CarriedOver: 1, Rejected: 2, DueByNow: 6}},
		// Tuesday 03/11: it is overdue and counts in the base.
		{"tuesday", vn("2026-11-03 10:00"), Figures{Items: 9, Cancelled: 1, DoneOnTime: 2, DoneLate: 1,
			PendingAcceptance: 1, Overdue: 2, InProgress: 1, NotStarted: 1, CarriedOver: 1, Rejected: 2, DueByNow: 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := TallyItems(items, program.StatusBounds(tt.now, cal, program.DefaultDueSoonDays))
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			sum := got.DoneOnTime + got.DoneLate + got.PendingAcceptance + got.Overdue + got.NotDue() + got.CarriedOver
			if sum != got.Items {
				t.Errorf("statuses add up to %d, items %d", sum, got.Items)
			}
		})
	}
}

// The statuses counted are the statuses the ward's pages show
// (ComputeStatus), item by item, on every day around a month's end.
func TestTallyAgreesWithComputeStatus(t *testing.T) {
	facts := []program.ItemFacts{
		{DueDate: d("2026-10-31")},
		{DueDate: d("2026-10-30"), Progress: 10},
		{DueDate: d("2026-10-31"), CompletedAt: tp(vn("2026-11-02 23:59")), Quality: program.QualityAccepted},
		{DueDate: d("2026-10-31"), CompletedAt: tp(vn("2026-11-03 00:01")), Quality: program.QualityAccepted},
		{DueDate: d("2026-10-20"), ApprovedExtension: dp("2026-11-04")},
	}
	for day := d("2026-10-28"); !day.After(d("2026-11-06")); day = day.AddDays(1) {
		now := day.Start().Add(10 * time.Hour)
		b := program.StatusBounds(now, cal, program.DefaultDueSoonDays)
		for i, f := range facts {
			f.Month, f.Quality = october, program.QualityPending
			if facts[i].Quality != "" {
				f.Quality = facts[i].Quality
			}
			want := program.ComputeStatus(f, now, cal, program.DefaultDueSoonDays)
			one := TallyItems([]ItemFact{{StoredFacts: program.StoredFactsOf(f, cal)}}, b)
			got := map[program.Status]int{program.StatusDoneOnTime: one.DoneOnTime, program.StatusDoneLate: one.DoneLate,
				program.StatusOverdue: one.Overdue, program.StatusDueSoon: one.DueSoon, program.StatusOnTime: one.InProgress,
				program.StatusNotStarted: one.NotStarted}
			if got[want] != 1 {
				t.Errorf("%s item %d: ComputeStatus %s, tally %+v", day, i, want, one)
			}
			// Due by now exactly when the effective deadline is before today.
			due := program.EffectiveDeadline(f, cal).Before(day) || want.Done()
			if (one.DueByNow == 1) != due {
				t.Errorf("%s item %d: due by now %d, want %v", day, i, one.DueByNow, due)
			}
		}
	}
}

func TestOnTimePercent(t *testing.T) {
	if _, ok := (Figures{Items: 3, NotStarted: 3}).OnTimePercent(); ok {
		t.Error("a rate where nothing is due")
	}
	if p, ok := (Figures{DoneOnTime: 2, DueByNow: 3}).OnTimePercent(); !ok || p < 66.66 || p > 66.67 {
		t.Errorf("2 of 3: %v %v", p, ok)
	}
	if p, ok := (Figures{DoneOnTime: 0, DueByNow: 4}).OnTimePercent(); !ok || p != 0 {
		t.Errorf("0 of 4: %v %v", p, ok)
	}
}

func TestMeetings(t *testing.T) {
	// Thursday 05/11/2026 09:00, 2 working days ahead: due by the end of
	// Tuesday 03/11.
	start := vn("2026-11-05 09:00")
	sent := schedule.Readiness{InvitationIssuedAt: tp(vn("2026-11-02 16:00")), DocumentsSentAt: tp(vn("2026-11-02 17:00"))}
	late := schedule.Readiness{InvitationIssuedAt: tp(vn("2026-11-02 16:00")), DocumentsSentAt: tp(vn("2026-11-04 08:00"))}
	tests := []struct {
		name             string
		m                Meeting
		now              time.Time
		counted, notOnes bool
	}{
		{"sent in time", Meeting{Kind: schedule.KindConference, Start: start, Readiness: sent, LeadDays: 2}, vn("2026-11-06 10:00"), true, false},
		{"documents a day late", Meeting{Kind: schedule.KindConference, Start: start, Readiness: late, LeadDays: 2}, vn("2026-11-06 10:00"), true, true},
		{"nothing sent, deadline not over", Meeting{Kind: schedule.KindCommitteeSession, Start: start, LeadDays: 2}, vn("2026-11-03 23:00"), true, false},
		{"nothing sent, deadline over", Meeting{Kind: schedule.KindCommitteeSession, Start: start, LeadDays: 2}, vn("2026-11-04 00:01"), true, true},
		{"the schedule replaces the invitation", Meeting{Kind: schedule.KindWorkingSession, Start: start, LeadDays: 2,
			Readiness: schedule.Readiness{ScheduleReplacesInvitation: true, DocumentsSentAt: tp(vn("2026-11-02 10:00"))}}, vn("2026-11-06 10:00"), true, false},
		{"urgent, sent before the start", Meeting{Kind: schedule.KindConference, Start: start, LeadDays: 2,
			Readiness: schedule.Readiness{Urgent: true, InvitationIssuedAt: tp(vn("2026-11-05 07:00")), DocumentsSentAt: tp(vn("2026-11-05 08:00"))}}, vn("2026-11-06 10:00"), true, false},
		{"recorded breach stands", Meeting{Kind: schedule.KindConference, Start: start, Readiness: sent, LeadDays: 2, Breached: true}, vn("2026-11-06 10:00"), true, true},
		{"weekly briefing: no readiness rule", Meeting{Kind: schedule.KindWeeklyBriefing, Start: start, LeadDays: 2}, vn("2026-11-06 10:00"), false, false},
		{"cancelled", Meeting{Kind: schedule.KindConference, Start: start, LeadDays: 2, Cancelled: true}, vn("2026-11-06 10:00"), false, false},
		{"waiting for the cycle", Meeting{Kind: schedule.KindConference, Start: start, LeadDays: 2, Pending: true}, vn("2026-11-06 10:00"), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f Figures
			TallyMeetings(&f, []Meeting{tt.m}, tt.now, cal)
			if (f.Meetings == 1) != tt.counted || (f.MeetingsNotReady == 1) != tt.notOnes {
				t.Errorf("got %d counted, %d not ready", f.Meetings, f.MeetingsNotReady)
			}
		})
	}
}

func TestReports(t *testing.T) {
	// "Before the 25th": the 24th of October 2026 is a Saturday, so the
	// report is due by the end of Friday 23/10.
	due := remediation.DueDate(october, remediation.DefaultDay, false, cal)
	if due != d("2026-10-23") {
		t.Fatalf("due %s", due)
	}
	tests := []struct {
		name          string
		r             Report
		now           time.Time
		missing, late bool
	}{
		{"open, due date not over", Report{State: remediation.StateOpen, Due: due}, vn("2026-10-23 23:59"), false, false},
		{"open, due date over (the sweep has not run)", Report{State: remediation.StateOpen, Due: due}, vn("2026-10-24 00:00"), true, false},
		{"recorded missing", Report{State: remediation.StateMissing, Due: due}, vn("2026-10-26 09:00"), true, false},
		{"filed on time", Report{State: remediation.StateFiled, EverFiled: true, Due: due}, vn("2026-10-26 09:00"), false, false},
		{"filed late after being missing", Report{State: remediation.StateFiled, EverFiled: true, Late: true, Due: due}, vn("2026-10-28 09:00"), false, true},
		{"returned once filed: not missing", Report{State: remediation.StateReturned, EverFiled: true, Due: due}, vn("2026-10-28 09:00"), false, false},
		{"accepted", Report{State: remediation.StateAccepted, EverFiled: true, Due: due}, vn("2026-10-28 09:00"), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f Figures
			TallyReports(&f, []Report{tt.r}, tt.now)
			if f.Reports != 1 || (f.ReportsMissing == 1) != tt.missing || (f.ReportsLate == 1) != tt.late {
				t.Errorf("got %+v", f)
			}
		})
	}
}

func TestIssue(t *testing.T) {
	nov := program.Month{Year: 2026, Month: time.November}
	issued := string(program.StateIssued)
	tests := []struct {
		name     string
		m        program.Month
		state    string
		issuedAt *time.Time
		today    string
		deadline string
		late     bool
	}{
		// October ends on a Saturday: November's program is due Friday 30/10.
		{"issued on the last working day", nov, issued, tp(vn("2026-10-30 15:00")), "2026-11-25", "2026-10-30", false},
		{"issued on the Saturday after", nov, issued, tp(vn("2026-10-31 09:00")), "2026-11-25", "2026-10-30", true},
		{"issued the next month", nov, issued, tp(vn("2026-11-02 09:00")), "2026-11-25", "2026-10-30", true},
		{"approved, deadline today", nov, string(program.StateApproved), nil, "2026-10-30", "2026-10-30", false},
		{"approved, deadline over", nov, string(program.StateApproved), nil, "2026-10-31", "2026-10-30", true},
		{"no program, deadline over", nov, "", nil, "2026-11-03", "2026-10-30", true},
		{"no program yet, in time", program.Month{Year: 2026, Month: time.December}, "", nil, "2026-11-25", "2026-11-30", false},
		// August 2026 ends on a Monday: September's program is due on it.
		{"august ends on a monday", program.Month{Year: 2026, Month: time.September}, issued, tp(vn("2026-08-31 16:00")), "2026-09-10", "2026-08-31", false},
		// January's is due the last working day of December, across the year.
		{"across the year", program.Month{Year: 2027, Month: time.January}, issued, tp(vn("2027-01-04 08:00")), "2027-01-10", "2026-12-31", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Issue(tt.m, tt.state, tt.issuedAt, d(tt.today), cal)
			if got.Deadline != d(tt.deadline) || got.Late != tt.late {
				t.Errorf("got %+v, want deadline %s late %v", got, tt.deadline, tt.late)
			}
			if got.Issued() != (tt.state == issued) || (got.Issued() && got.IssuedOn != calendar.DateOf(*tt.issuedAt)) {
				t.Errorf("issued: %+v", got)
			}
		})
	}
}

func TestCurrent(t *testing.T) {
	today := d("2026-11-25")
	for _, tt := range []struct {
		stamp int64
		day   calendar.Date
		want  bool
	}{
		{7, today, true},
		{6, today, false},           // the ward changed since
		{7, d("2026-11-24"), false}, // computed yesterday: statuses moved at midnight
		{8, today, false},           // a newer row than the stamp read: recompute, never trust
		{7, calendar.Date{}, false}, // never computed
	} {
		if got := Current(tt.stamp, tt.day, 7, today); got != tt.want {
			t.Errorf("Current(%d, %s) = %v", tt.stamp, tt.day, got)
		}
	}
}
