// Package province holds the rules of the province's view across its wards
// (issue 13): what each figure of a ward's month counts, when a kept figure
// is still current, and how the wards are ranked.
//
// Every figure reuses the rule the ward itself lives by, so the province
// and the ward never disagree about the same month:
//
//   - an item's status is program.StoredStatus on the stored search facts
//     (the statuses "Tra cứu" filters on, held equal to ComputeStatus);
//   - a meeting is not ready when schedule.Breached says so: the invitation
//     or the documents were not sent by the readiness deadline (2 working
//     days before by default, the ward's lead time per kind);
//   - a remediation report is missing when it is recorded so, or when
//     remediation.BecomesMissing holds (nothing ever filed by the end of
//     its due date, the 24th pulled back to a working day);
//   - a program is issued late when it was issued after, or is still not
//     issued after, its deadline: the last working day of the month before
//     (calendar.LastWorkingDayOfMonth, "the default issue date of a monthly
//     program", the Office issues it "by the last working day of M").
//
// Everything here is pure: no SQL, no HTTP, no clock (callers pass now).
package province

import (
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
	"dieuhanh/internal/schedule"
)

// Figures are one ward's month as the province sees it.
type Figures struct {
	// Items counts the registered items of the month's issued program
	// (registered or accepted late), cancelled ones aside; the counts by
	// status below add up to it.
	Items             int
	Cancelled         int
	DoneOnTime        int
	DoneLate          int
	PendingAcceptance int
	Overdue           int
	DueSoon           int
	InProgress        int // in progress, on time (program.StatusOnTime)
	NotStarted        int
	CarriedOver       int
	// Rejected counts the items judged "không đạt" at least once (each
	// rejection reopens the item, which then shows under another status).
	Rejected int
	// DueByNow is the base of the on-time rate: the items whose effective
	// deadline (the deadline in force moved to a working day) is over
	// before today, plus the items already done whatever their deadline.
	DueByNow int

	// Meetings counts the month's meetings the readiness rule applies to
	// (committee sessions, conferences, working sessions; neither
	// cancelled nor waiting for the week's cycle); MeetingsNotReady those
	// that broke it.
	Meetings         int
	MeetingsNotReady int

	// Reports counts the month's remediation obligations (one per unit
	// with something to report, due before the 25th of the month);
	// ReportsMissing those with nothing filed by the due date, still not
	// filed; ReportsLate those filed after it.
	Reports        int
	ReportsMissing int
	ReportsLate    int

	Program ProgramIssue
}

// NotDue is what is still running within its deadline: not started, in
// progress and due soon.
func (f Figures) NotDue() int { return f.NotStarted + f.InProgress + f.DueSoon }

// OnTimePercent is the on-time rate: items done on time (accepted, the
// completion reported by the end of the effective deadline) out of the
// items due by now (DueByNow), in percent. ok is false when nothing is due
// yet: there is no rate, not a rate of 0.
func (f Figures) OnTimePercent() (pct float64, ok bool) {
	if f.DueByNow == 0 {
		return 0, false
	}
	return 100 * float64(f.DoneOnTime) / float64(f.DueByNow), true
}

// ItemFact is what the figures need of one item: the stored search facts
// and the number of rejections.
type ItemFact struct {
	program.StoredFacts
	Rejections int
}

// TallyItems counts a month's items by status at the bounds of today (see
// program.StatusBounds) into f's item figures.
func TallyItems(items []ItemFact, b program.Bounds) Figures {
	var f Figures
	for _, it := range items {
		st := program.StoredStatus(it.StoredFacts, b)
		if st == program.StatusCancelled {
			f.Cancelled++
			continue
		}
		f.Items++
		if it.Rejections > 0 {
			f.Rejected++
		}
		switch st {
		case program.StatusDoneOnTime:
			f.DoneOnTime++
		case program.StatusDoneLate:
			f.DoneLate++
		case program.StatusPendingAcceptance:
			f.PendingAcceptance++
		case program.StatusOverdue:
			f.Overdue++
		case program.StatusDueSoon:
			f.DueSoon++
		case program.StatusOnTime:
			f.InProgress++
		case program.StatusNotStarted:
			f.NotStarted++
		case program.StatusCarriedOver:
			f.CarriedOver++
		}
		if DueByNow(it.StoredFacts, st, b) {
			f.DueByNow++
		}
	}
	return f
}

// DueByNow reports whether an item (not cancelled) counts in the base of
// the on-time rate: done (on time or late), or its effective deadline is
// before today. The stored deadline d has NextWorkingDay(d) < today exactly
// when d ≤ b.OverdueThrough (see program.StatusBounds), so an item due on a
// Saturday is due by now from the Tuesday, as it is overdue from then.
func DueByNow(f program.StoredFacts, st program.Status, b program.Bounds) bool {
	if st == program.StatusCancelled {
		return false
	}
	return st.Done() || !f.Deadline.After(b.OverdueThrough)
}

// Meeting is what the readiness figure needs of one meeting.
type Meeting struct {
	Kind      schedule.Kind
	Start     time.Time
	Cancelled bool
	Pending   bool // a late addition to a published week, not in it yet
	Readiness schedule.Readiness
	// LeadDays is the ward's lead time for the meeting's kind.
	LeadDays int
	// Breached is the breach the sweep recorded, if any: it stands even if
	// the ward's lead time changed since.
	Breached bool
}

// Counted reports whether the readiness rule applies to the meeting.
func (m Meeting) Counted() bool {
	return !m.Cancelled && !m.Pending && m.Kind.NeedsReadiness()
}

// NotReady reports whether a counted meeting broke the readiness rule by
// now: recorded as breached, or schedule.Breached at now (the sweep records
// a breach within minutes; the figure does not wait for it).
func (m Meeting) NotReady(now time.Time, cal schedule.WorkCalendar) bool {
	return m.Counted() && (m.Breached || schedule.Breached(m.Readiness, m.Start, now, m.LeadDays, cal))
}

// TallyMeetings counts the month's meetings into f.
func TallyMeetings(f *Figures, ms []Meeting, now time.Time, cal schedule.WorkCalendar) {
	for _, m := range ms {
		if !m.Counted() {
			continue
		}
		f.Meetings++
		if m.NotReady(now, cal) {
			f.MeetingsNotReady++
		}
	}
}

// Report is what the figures need of one remediation obligation.
type Report struct {
	State     remediation.State
	EverFiled bool // a report was filed at least once
	Late      bool // filed after the due date
	Due       calendar.Date
}

// Missing reports whether the report is missing at now: recorded missing
// by the sweep, or nothing ever filed by the end of its due date.
func (r Report) Missing(now time.Time) bool {
	return r.State == remediation.StateMissing || remediation.BecomesMissing(r.State, r.EverFiled, r.Due, now)
}

// TallyReports counts the month's remediation obligations into f.
func TallyReports(f *Figures, rs []Report, now time.Time) {
	for _, r := range rs {
		f.Reports++
		switch {
		case r.Missing(now):
			f.ReportsMissing++
		case r.Late:
			f.ReportsLate++
		}
	}
}

// ProgramIssue is how the month's program stands against its deadline.
type ProgramIssue struct {
	// State is the program's state (program.ProgramState), "" when the ward
	// has no program for the month.
	State    string
	Deadline calendar.Date // the last working day of the month before
	IssuedOn calendar.Date // zero while not issued
	// Late: issued after the deadline, or not issued and the deadline is
	// over.
	Late bool
}

// Issued reports whether the program is issued.
func (p ProgramIssue) Issued() bool { return p.State == string(program.StateIssued) }

// MonthEnds is the calendar arithmetic the issue deadline needs;
// *calendar.Calendar implements it.
type MonthEnds interface {
	LastWorkingDayOfMonth(y int, m time.Month) calendar.Date
}

// IssueDeadline is the last day to issue month m's program: the last
// working day of the month before (DESIGN: the Office issues it "by the
// last working day of M" for M+1).
func IssueDeadline(m program.Month, cal MonthEnds) calendar.Date {
	p := m.Prev()
	return cal.LastWorkingDayOfMonth(p.Year, p.Month)
}

// Issue states the program of month m at today: state is "" when there is
// none, issuedAt the moment it was issued (nil while not issued).
func Issue(m program.Month, state string, issuedAt *time.Time, today calendar.Date, cal MonthEnds) ProgramIssue {
	p := ProgramIssue{State: state, Deadline: IssueDeadline(m, cal)}
	if state == string(program.StateIssued) && issuedAt != nil {
		p.IssuedOn = calendar.DateOf(*issuedAt)
		p.Late = p.IssuedOn.After(p.Deadline)
		return p
	}
	p.Late = today.After(p.Deadline)
	return p
}

// Current reports whether a kept row of figures still holds: it was
// computed at the ward's current change stamp (nothing of the ward changed
// since) and today (statuses move with the clock: an item becomes overdue
// at midnight without any write).
func Current(rowStamp int64, rowDay calendar.Date, stamp int64, today calendar.Date) bool {
	return rowStamp == stamp && rowDay == today
}
