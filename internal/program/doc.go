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
// Errors meant for people are the project's one error type (errs) with
// Vietnamese messages: FieldErrors for form fields, *RuleError for a refused
// action, and *CycleError (which unwraps to an errs.Error) for a cycle.
package program

import (
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
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

// FieldErrors are per-field Vietnamese messages; they are the project's one
// error type (errs), so the web layer maps them without translation.
type FieldErrors = errs.Fields

// RuleError is an action refused by a rule of the program, with a stable
// code and a Vietnamese message: kind conflict when the request clashes with
// the current state (approving twice, editing a frozen program), invalid
// otherwise. It is errs.Error.
type RuleError = errs.Error

func invalid(code, msg string) *RuleError {
	return &errs.Error{Kind: errs.Invalid, Code: code, Message: msg}
}

func conflict(code, msg string) *RuleError {
	return &errs.Error{Kind: errs.Conflict, Code: code, Message: msg}
}
