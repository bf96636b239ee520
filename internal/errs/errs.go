// Package errs holds dieuhanh's one error type. Every layer returns *Error for
// anything a person should read; the web layer maps Kind to an HTTP status and
// a JSON code in one place. Messages are Vietnamese because they reach users.
package errs

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Kind classifies an error. The string is the JSON API code.
type Kind string

const (
	Invalid      Kind = "invalid"
	NotFound     Kind = "not_found"
	Forbidden    Kind = "forbidden"
	Conflict     Kind = "conflict"
	Unauthorized Kind = "unauthorized"
	TooMany      Kind = "too_many_requests"
	Internal     Kind = "internal"
)

// Error is a failure with a kind, a message for people, optional per-field
// messages (shown beside form fields), and the underlying cause for the log.
type Error struct {
	Kind Kind
	// Code is an optional stable machine code of the rule that refused the
	// request (e.g. "already_approved"); errors.Is matches on it.
	Code    string
	Message string
	Fields  map[string]string
	// Suggest holds per-field values to offer instead of what was typed
	// (e.g. the previous working day for a due date on a day off), keyed
	// like Fields: forms offer them with one click, the API returns them.
	Suggest map[string]string
	Err     error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Kind))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "; %s: %s", k, e.Fields[k])
		}
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, &Error{Code: c}) match on the code alone.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code != "" && t.Code == e.Code
}

// E builds an error of the given kind with a Vietnamese message.
func E(kind Kind, msg string) *Error { return &Error{Kind: kind, Message: msg} }

// Ef is E with formatting.
func Ef(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// Wrap turns an unexpected error into an internal one, keeping the cause for
// the log while users only see a generic message.
func Wrap(err error, op string) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Kind: Internal, Message: "Lỗi hệ thống, vui lòng thử lại sau.", Err: fmt.Errorf("%s: %w", op, err)}
}

// KindOf reports the kind of err; errors that are not *Error are internal.
func KindOf(err error) Kind {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// Is reports whether err is an *Error of the given kind.
func Is(err error, kind Kind) bool { return err != nil && KindOf(err) == kind }

// Fields collects per-field validation messages; Err returns nil when empty.
type Fields map[string]string

// Add records msg for field unless the field already has a message, so the
// first (most basic) problem is the one shown.
func (f Fields) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Err returns an Invalid error carrying the fields, or nil.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Message: "Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu.", Fields: map[string]string(f)}
}

// FieldsOf returns the per-field messages of err, if any.
func FieldsOf(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// SuggestOf returns the per-field suggested values of err, if any.
func SuggestOf(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Suggest
	}
	return nil
}

// CodeOf returns the rule code of err, or "".
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// Message returns the text to show a person for err.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return "Lỗi hệ thống, vui lòng thử lại sau."
}
