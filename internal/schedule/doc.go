// Package schedule holds the rules of the weekly work schedule (lịch công tác
// tuần) of a ward People's Committee and of meeting readiness: ISO weeks, the
// vocabularies (kinds, sessions, schedule states), the proposal and
// publication cut-offs, entry validation, conflict detection, the seed's
// readiness rule for invitations and documents (steps, roles, deadline,
// state), the conclusion notice's due date, and the diff of a published entry.
//
// Everything here is a pure function of its arguments: no SQL, no HTTP, no
// clock (the caller passes now), no global state beyond constant tables.
// Working-day arithmetic goes through the small WorkCalendar interface, which
// *calendar.Calendar satisfies. All times are instants (stored in UTC); the
// rules read them in Vietnam time (calendar.VN()).
//
// Errors meant for people are *errs.Error with Vietnamese messages: Invalid
// with per-field messages from ValidateEntry, Forbidden for a readiness step
// taken by the wrong person, Conflict for a step out of order.
package schedule

import "dieuhanh/internal/calendar"

// WorkCalendar is the working-day arithmetic the schedule rules need.
// *calendar.Calendar implements it.
type WorkCalendar interface {
	// IsWorkingDay reports whether d is a working day (make-up Saturdays are).
	IsWorkingDay(d calendar.Date) bool
	// AddWorkingDays returns the n-th working day after d (before d when
	// n < 0); d itself is not counted.
	AddWorkingDays(d calendar.Date, n int) calendar.Date
	// WorkingDaysBetween counts the working days in (a, b].
	WorkingDaysBetween(a, b calendar.Date) int
	// NextWorkingDay returns d when it is a working day, else the next one.
	NextWorkingDay(d calendar.Date) calendar.Date
	// Day describes d: working or not, and the holiday's name.
	Day(d calendar.Date) calendar.DayInfo
}
