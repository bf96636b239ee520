package schedule

import (
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

// Defaults of the weekly cycle (DESIGN.md "The cycle"); each is a ward
// setting (org.Settings).
const (
	DefaultProposalWeekday = time.Thursday
	DefaultProposalHour    = 16
	DefaultPublishWeekday  = time.Friday
	DefaultPublishHour     = 16
)

// cutoff is hour:00 Vietnam time on the given weekday of the week before w.
// Out-of-range settings fall back to the defaults given.
func cutoff(w Week, weekday time.Weekday, hour int, defWeekday time.Weekday, defHour int) time.Time {
	if weekday < time.Sunday || weekday > time.Saturday {
		weekday = defWeekday
	}
	if hour < 0 || hour > 24 {
		hour = defHour
	}
	sinceMonday := (int(weekday) + 6) % 7
	d := w.Monday().AddDays(-7 + sinceMonday)
	return time.Date(d.Year, d.Month, d.Day, hour, 0, 0, 0, calendar.VN())
}

// ProposalDeadline is when units stop proposing entries for week w: by
// default Thursday 16:00 Vietnam time of the week before. The cut-off is a
// wall-clock time and does not move for holidays.
func ProposalDeadline(w Week, closeWeekday time.Weekday, closeHour int) time.Time {
	return cutoff(w, closeWeekday, closeHour, DefaultProposalWeekday, DefaultProposalHour)
}

// PublishTime is when the schedule of week w is due to be published: by
// default Friday 16:00 Vietnam time of the week before.
func PublishTime(w Week, publishWeekday time.Weekday, publishHour int) time.Time {
	return cutoff(w, publishWeekday, publishHour, DefaultPublishWeekday, DefaultPublishHour)
}

// IsLateProposal reports whether a proposal made at for week w came after
// the proposal deadline (strictly after: 16:00:00 itself is on time). Late
// proposals are accepted but flagged.
func IsLateProposal(w Week, at time.Time, closeWeekday time.Weekday, closeHour int) bool {
	return at.After(ProposalDeadline(w, closeWeekday, closeHour))
}

// Transition checks a move of a week's schedule from one state to another
// and returns a Vietnamese error when the move does not exist:
//
//	draft → submitted       consolidated, sent for approval
//	submitted → draft       withdrawn or sent back
//	submitted → approved    approved
//	approved → published    published
//
// Nothing leaves published: later changes are versions of the entries. Who
// may make each move is the policy's (auth.Can), asked by the caller.
func Transition(from, to ScheduleState) error {
	type move struct{ from, to ScheduleState }
	switch (move{from, to}) {
	case move{ScheduleDraft, ScheduleSubmitted}, move{ScheduleApproved, SchedulePublished},
		move{ScheduleSubmitted, ScheduleDraft}, move{ScheduleSubmitted, ScheduleApproved}:
		return nil
	}
	if from == to {
		return errs.Ef(errs.Conflict, "Lịch tuần đã ở trạng thái «%s».", from.Label())
	}
	if !from.Valid() || !to.Valid() {
		return errs.E(errs.Invalid, "Trạng thái lịch tuần không hợp lệ.")
	}
	return errs.Ef(errs.Conflict, "Không thể chuyển lịch tuần từ «%s» sang «%s».", from.Label(), to.Label())
}
