package remediation

import (
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/program"
)

// ItemHistory is what the trigger rules need to know about one item.
type ItemHistory struct {
	Facts program.ItemFacts
	// Rejections are the instants of "không đạt" verdicts.
	Rejections []time.Time
	// AcceptedAt is when the current completion was judged "đạt" (nil when
	// not accepted).
	AcceptedAt *time.Time
	// CarriedAt is when the item was carried over to the next month without
	// an agreed new deadline (nil when not, or with one).
	CarriedAt *time.Time
}

// Trigger is one reason an item joins an obligation, with the moment it
// happened: the record carries that moment, whoever noticed it and when.
type Trigger struct {
	Reason Reason
	At     time.Time
}

// ItemTriggers lists the triggers that have happened to an item by now, in
// time order. A cancelled item triggers nothing more. Overdue happens at the
// end of the effective deadline when no completion stood by then, or at a
// later rejection that reopened the item after its deadline; finished late
// happens when a late completion is accepted; each rejection is a trigger.
func ItemTriggers(h ItemHistory, now time.Time, cal program.WorkCalendar) []Trigger {
	f := h.Facts
	if f.Cancelled {
		return nil
	}
	var out []Trigger
	add := func(r Reason, at time.Time) {
		if !at.After(now) {
			out = append(out, Trigger{r, at})
		}
	}
	deadlineEnd := program.EffectiveDeadline(f, cal).End()
	st := program.ComputeStatus(f, now, cal, -1)
	switch st {
	case program.StatusOverdue:
		at := deadlineEnd
		// Reopened by a rejection after the deadline: overdue from then.
		if f.CompletedAt != nil && f.CompletedAt.Before(deadlineEnd) {
			for _, r := range h.Rejections {
				if r.After(at) {
					at = r
				}
			}
		}
		add(ReasonOverdue, at)
	case program.StatusCarriedOver:
		// Closed in its month as carried over: if its deadline passed in the
		// month, it was overdue from then until the close.
		if program.CarriedLate(f, cal) && (f.CompletedAt == nil || !f.CompletedAt.Before(deadlineEnd)) {
			add(ReasonOverdue, deadlineEnd)
		}
	case program.StatusDoneLate, program.StatusPendingAcceptance:
		// Finished after the deadline: it was overdue from the deadline until
		// the completion, whatever the verdict.
		if f.CompletedAt != nil && !f.CompletedAt.Before(deadlineEnd) {
			add(ReasonOverdue, deadlineEnd)
		}
		if st == program.StatusDoneLate && h.AcceptedAt != nil {
			add(ReasonDoneLate, *h.AcceptedAt)
		}
	}
	for _, r := range h.Rejections {
		add(ReasonRejected, r)
	}
	if h.CarriedAt != nil {
		add(ReasonCarriedOver, *h.CarriedAt)
	}
	sortTriggers(out)
	return out
}

func sortTriggers(ts []Trigger) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].At.Before(ts[j-1].At); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

// OverdueSince is the instant an unfinished item with this deadline became
// overdue: the end of its effective deadline (Civil Code art. 148: a
// deadline on a day off moves to the next working day).
func OverdueSince(deadline calendar.Date, cal program.WorkCalendar) time.Time {
	return cal.NextWorkingDay(deadline).End()
}
