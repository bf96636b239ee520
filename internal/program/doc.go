// Package program holds the rules of the monthly work program (chương trình
// công tác tháng) of a ward People's Committee: the vocabularies (kinds,
// sources, sections, statuses), registration and its window, item validation,
// the program's approval state machine, amendments and version diffs,
// carry-over, extensions, consolidation warnings, the computed item status and
// the critical path (khung đường găng).
//
// Everything here is a pure function of its arguments: no SQL, no HTTP, no
// clock (the caller passes now), no global state beyond constant tables.
// Working-day arithmetic goes through the small WorkCalendar interface, which
// *calendar.Calendar satisfies.
//
// Errors meant for people carry Vietnamese messages: FieldErrors for form
// fields, *RuleError for a refused action, *CycleError for a dependency cycle.
package program

import (
	"sort"
	"strings"

	"dieuhanh/internal/calendar"
)

// WorkCalendar is the working-day arithmetic the program rules need.
// *calendar.Calendar implements it.
type WorkCalendar interface {
	// IsWorkingDay reports whether d is a working day (make-up Saturdays are).
	IsWorkingDay(d calendar.Date) bool
	// AddWorkingDays returns the n-th working day after d (before d when n < 0);
	// d itself is not counted.
	AddWorkingDays(d calendar.Date, n int) calendar.Date
	// WorkingDaysBetween counts the working days in (a, b].
	WorkingDaysBetween(a, b calendar.Date) int
	// NextWorkingDay returns d when it is a working day, else the next one.
	NextWorkingDay(d calendar.Date) calendar.Date
	// PrevWorkingDay returns d when it is a working day, else the previous one.
	PrevWorkingDay(d calendar.Date) calendar.Date
}

// FieldErrors maps a field name (the JSON name of the input) to a Vietnamese
// message shown beside that field. A nil or empty FieldErrors is not an error:
// use Err to return it.
type FieldErrors map[string]string

// Error lists the messages in field order so logs and tests are stable.
func (f FieldErrors) Error() string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(k)
		b.WriteString(": ")
		b.WriteString(f[k])
	}
	return b.String()
}

// add records msg for field unless the field already has a message, so the
// first (most basic) problem of a field is the one shown.
func (f FieldErrors) add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Err returns f as an error, or nil when it holds no message.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return f
}

// RuleError is an action refused by a rule of the program, with a Vietnamese
// message for people. Conflict is true when the request is well formed but
// clashes with the current state (approving twice, editing a frozen program):
// the API answers 409 for those and 422 for the others.
type RuleError struct {
	Code     string // stable machine code, e.g. "already_approved"
	Message  string // Vietnamese, shown as is
	Conflict bool
}

func (e *RuleError) Error() string { return e.Message }

// Is makes errors.Is(err, &RuleError{Code: c}) match on the code alone.
func (e *RuleError) Is(target error) bool {
	t, ok := target.(*RuleError)
	return ok && t.Code == e.Code
}

func invalid(code, msg string) *RuleError { return &RuleError{Code: code, Message: msg} }
func conflict(code, msg string) *RuleError {
	return &RuleError{Code: code, Message: msg, Conflict: true}
}
