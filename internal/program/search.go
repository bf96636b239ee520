package program

import (
	"time"

	"dieuhanh/internal/calendar"
)

// Searching items across months filters on their computed status, which
// depends on today and on the working-day calendar. To keep such a filter
// an indexed query, each status is translated here into conditions on
// stored facts and on a few dates computed once per request:
//
//   - the deadline in force is stored raw (column deadline); the effective
//     deadline is NextWorkingDay(deadline), and for any day x:
//     NextWorkingDay(deadline) < x  ⟺  deadline ≤ the last working day
//     before x. So "overdue today" is deadline ≤ Bounds.OverdueThrough,
//     a range on the stored column, and the calendar stays out of storage;
//   - "due soon" is the next window: OverdueThrough < deadline ≤
//     DueSoonThrough;
//   - "done late" compares the completion day with the effective deadline,
//     two per-item facts: it is stored once per change (completed_late, see
//     CompletedLate), maintained where completion, evaluation, extension or
//     the calendar change;
//   - "carried over" needs the item's month (stored as YM) to be closed.
//
// StoredStatus applies exactly these rules in Go; its tests hold it equal to
// ComputeStatus, and the store's SQL states the same conditions.

// Bounds are the dates a status filter compares stored facts with, for one
// moment and one calendar.
type Bounds struct {
	// Today is the date (Vietnam time) of the moment.
	Today calendar.Date
	// CurrentYM is Today's month as YYYYMM: a month is closed when its YM is
	// smaller.
	CurrentYM int
	// OverdueThrough is the last working day before Today: an open item is
	// overdue when its stored deadline is on or before it.
	OverdueThrough calendar.Date
	// DueSoonThrough is the last stored deadline that is still due soon
	// (after OverdueThrough); equal to OverdueThrough when "due soon" is
	// disabled or its window is empty.
	DueSoonThrough calendar.Date
}

// StatusBounds computes the bounds at now for a calendar and the ward's
// "due soon" threshold in working days (< 0 disables it).
func StatusBounds(now time.Time, cal WorkCalendar, dueSoonDays int) Bounds {
	today := calendar.DateOf(now)
	b := Bounds{Today: today, CurrentYM: YM(Month{Year: today.Year, Month: today.Month})}
	b.OverdueThrough = cal.PrevWorkingDay(today.AddDays(-1))
	b.DueSoonThrough = b.OverdueThrough
	if dueSoonDays >= 0 {
		// The effective deadline E is due soon when Today ≤ E and at most
		// dueSoonDays working days lie in (Today, E]: E ≤ X, X the day before
		// the (dueSoonDays+1)-th working day after Today. E ≤ X for
		// E = NextWorkingDay(deadline) ⟺ deadline ≤ PrevWorkingDay(X).
		x := cal.AddWorkingDays(today, dueSoonDays+1).AddDays(-1)
		if last := cal.PrevWorkingDay(x); last.After(b.OverdueThrough) {
			b.DueSoonThrough = last
		}
	}
	return b
}

// YM is a month as the integer YYYYMM, stored on each item for month
// ranges and month order.
func YM(m Month) int { return m.Year*100 + int(m.Month) }

// StoredFacts are the stored columns a status filter reads.
type StoredFacts struct {
	Cancelled bool
	// LiveCopy: the item has a live copy in the next month's program.
	LiveCopy bool
	YM       int
	// Completed: a completion is recorded (completed_at is set).
	Completed bool
	Quality   Quality
	// CompletedLate is the stored flag (see CompletedLate).
	CompletedLate bool
	// Deadline is the stored deadline in force (approved extension or due
	// date), before moving it to a working day.
	Deadline calendar.Date
	Progress int
}

// StoredStatus is the status of an item from its stored facts and the
// bounds: the same answer as ComputeStatus, through conditions an index
// can serve. The store's SQL mirrors each branch.
func StoredStatus(f StoredFacts, b Bounds) Status {
	switch {
	case f.Cancelled:
		return StatusCancelled
	case f.LiveCopy && f.YM < b.CurrentYM:
		return StatusCarriedOver
	case f.Completed && f.Quality == QualityAccepted:
		if f.CompletedLate {
			return StatusDoneLate
		}
		return StatusDoneOnTime
	case f.Completed && f.Quality != QualityRejected:
		return StatusPendingAcceptance
	case !f.Deadline.After(b.OverdueThrough):
		return StatusOverdue
	case !f.Deadline.After(b.DueSoonThrough):
		return StatusDueSoon
	case f.Progress > 0:
		return StatusOnTime
	}
	return StatusNotStarted
}

// StoredFactsOf are the stored facts of an item as the store keeps them
// (the completed_late flag computed by CompletedLate with cal).
func StoredFactsOf(f ItemFacts, cal WorkCalendar) StoredFacts {
	return StoredFacts{Cancelled: f.Cancelled, LiveCopy: f.CarriedTo != 0, YM: YM(f.Month),
		Completed: f.CompletedAt != nil, Quality: f.Quality, CompletedLate: CompletedLate(f, cal),
		Deadline: f.Deadline(), Progress: f.Progress}
}

// StoredDeadlineRange translates a range of effective deadlines (what
// people see: the deadline moved to a working day) into the range of stored
// deadlines with those effective deadlines, so the filter stays a range on
// the stored column: NextWorkingDay(d) ≥ from ⟺ d > the last working day
// before from, and NextWorkingDay(d) ≤ to ⟺ d ≤ PrevWorkingDay(to). A zero
// bound stays open.
func StoredDeadlineRange(from, to calendar.Date, cal WorkCalendar) (calendar.Date, calendar.Date) {
	if !from.IsZero() {
		from = cal.PrevWorkingDay(from.AddDays(-1)).AddDays(1)
	}
	if !to.IsZero() {
		to = cal.PrevWorkingDay(to)
	}
	return from, to
}
