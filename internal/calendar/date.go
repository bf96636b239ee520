// Package calendar is the single source of truth for civil dates, the
// Vietnamese lunar calendar and the working-day calendar used by every
// deadline computation in dieuhanh.
//
// It is pure: no SQL, no HTTP, no clock and no mutable package state. All
// civil dates are interpreted in Vietnam time (UTC+7, no DST since 1975).
package calendar

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a civil date without time zone. The zero Date means "no date";
// Date is comparable with == and usable as a map key.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// MinYear and MaxYear bound every year dieuhanh accepts from a person (dates,
// months, weeks): the lunar calendar, and so the holidays, is checked
// against published tables for 1900–2100 only.
const (
	MinYear = 1900
	MaxYear = 2100
)

// InRange reports whether d falls in the years MinYear–MaxYear.
func (d Date) InRange() bool { return d.Year >= MinYear && d.Year <= MaxYear }

// VN returns Vietnam's time zone as a fixed UTC+7 zone. A fixed zone is used
// instead of Asia/Ho_Chi_Minh so the binary never depends on tzdata being
// installed; Vietnam has had no DST or offset change since 1975.
func VN() *time.Location { return time.FixedZone("ICT", 7*3600) }

// vnOffset is the Vietnam UTC offset in seconds.
const vnOffset = 7 * 3600

// NewDate returns the date y-m-d, normalizing overflow the way time.Date
// does (e.g. 31 April becomes 1 May, day 0 is the last day of the previous
// month).
func NewDate(y int, m time.Month, d int) Date {
	if m >= time.January && m <= time.December && d >= 1 && d <= 28 {
		return Date{y, m, d}
	}
	// Normalize months first, then days via the day number.
	mi := int(m) - 1
	y += floorDiv(mi, 12)
	mi = mod(mi, 12)
	return fromDayNum(dayNum(Date{y, time.Month(mi + 1), 1}) + d - 1)
}

// DateOf returns the civil date of t in Vietnam time, whatever t's location.
func DateOf(t time.Time) Date {
	// Shift the instant by the offset and read the UTC calendar date; this
	// avoids allocating a location per call.
	y, m, d := t.UTC().Add(vnOffset * time.Second).Date()
	return Date{y, m, d}
}

// ParseDate parses the ISO form "2006-01-02" and rejects dates that do not
// exist (2026-02-30).
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("calendar: invalid date %q: want YYYY-MM-DD", s)
	}
	return parseParts(s, s[0:4], s[5:7], s[8:10])
}

// ParseVNDate parses the Vietnamese form "dd/mm/yyyy", also accepting one
// digit day and month ("2/9/2026") as people type them.
func ParseVNDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	parts := strings.Split(s, "/")
	if len(parts) != 3 || len(parts[0]) < 1 || len(parts[0]) > 2 ||
		len(parts[1]) < 1 || len(parts[1]) > 2 || len(parts[2]) != 4 {
		return Date{}, fmt.Errorf("calendar: invalid date %q: want dd/mm/yyyy", s)
	}
	return parseParts(s, parts[2], parts[1], parts[0])
}

func parseParts(s, ys, ms, ds string) (Date, error) {
	y, err1 := atoiDigits(ys)
	m, err2 := atoiDigits(ms)
	d, err3 := atoiDigits(ds)
	if err1 != nil || err2 != nil || err3 != nil {
		return Date{}, fmt.Errorf("calendar: invalid date %q: not a number", s)
	}
	if m < 1 || m > 12 {
		return Date{}, fmt.Errorf("calendar: invalid date %q: month out of range", s)
	}
	if d < 1 || d > DaysIn(y, time.Month(m)) {
		return Date{}, fmt.Errorf("calendar: invalid date %q: day out of range", s)
	}
	if y < 1 {
		return Date{}, fmt.Errorf("calendar: invalid date %q: year out of range", s)
	}
	return Date{y, time.Month(m), d}, nil
}

// atoiDigits accepts only ASCII digits (strconv.Atoi would take signs).
func atoiDigits(s string) (int, error) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, errors.New("not digits")
		}
	}
	return strconv.Atoi(s)
}

// String formats d as "2006-01-02"; the zero Date formats as "" so unset
// dates render as empty form fields.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// VN formats d as "02/01/2006", the form used in Vietnamese documents; the
// zero Date formats as "".
func (d Date) VN() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}

// MarshalText encodes d as "2006-01-02" (or "" for the zero Date) so JSON and
// form encoders use the ISO form.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText is the inverse of MarshalText; "" decodes to the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d == Date{} }

// AddDays returns d shifted by n calendar days.
func (d Date) AddDays(n int) Date {
	if n == 0 {
		return d
	}
	return fromDayNum(dayNum(d) + n)
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// Day 0 (1970-01-01) was a Thursday.
	return time.Weekday(mod(dayNum(d)+4, 7))
}

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	default:
		return cmpInt(d.Day, o.Day)
	}
}

func cmpInt(a, b int) int {
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

// Before reports whether d is strictly before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is strictly after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Equal reports whether d and o are the same date.
func (d Date) Equal(o Date) bool { return d == o }

// DaysUntil returns the number of calendar days from d to o (o - d).
func (d Date) DaysUntil(o Date) int { return dayNum(o) - dayNum(d) }

// Start returns 00:00 of d in Vietnam time.
func (d Date) Start() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, VN())
}

// End returns 24:00 of d in Vietnam time, i.e. the next day's Start: a
// deadline "by the end of d" is met by anything strictly before End.
func (d Date) End() time.Time { return d.AddDays(1).Start() }

// MondayOfWeek returns the Monday of d's week; weeks run Monday to Sunday as
// in Vietnamese weekly schedules.
func (d Date) MondayOfWeek() Date {
	return d.AddDays(-mod(int(d.Weekday())+6, 7))
}

// ISOWeek returns the ISO 8601 year and week number of d.
func (d Date) ISOWeek() (year, week int) {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).ISOWeek()
}

// DaysIn returns the number of days in month m of year y.
func DaysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	default:
		return 31
	}
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// WeekdayVN returns the Vietnamese name of w: "Thứ Hai" … "Thứ Bảy",
// "Chủ nhật".
func WeekdayVN(w time.Weekday) string {
	switch w {
	case time.Sunday:
		return "Chủ nhật"
	case time.Monday:
		return "Thứ Hai"
	case time.Tuesday:
		return "Thứ Ba"
	case time.Wednesday:
		return "Thứ Tư"
	case time.Thursday:
		return "Thứ Năm"
	case time.Friday:
		return "Thứ Sáu"
	case time.Saturday:
		return "Thứ Bảy"
	}
	return ""
}

// dayNum returns the number of days from 1970-01-01 to d in the proleptic
// Gregorian calendar. d must be normalized (valid month and day).
//
// It counts in a calendar whose year starts on 1 March, so the leap day is
// the last day of the year and month lengths follow a fixed 5-month cycle
// (31,30,31,30,31), which makes the count a closed formula.
func dayNum(d Date) int {
	y := d.Year
	m := int(d.Month)
	if m <= 2 {
		y--
		m += 12
	}
	// m is now 3..14, counted from March.
	era := floorDiv(y, 400)
	yoe := y - era*400                     // year of the 400-year era, 0..399
	doy := (153*(m-3)+2)/5 + d.Day - 1     // day of the March-based year, 0..365
	doe := yoe*365 + yoe/4 - yoe/100 + doy // day of the era, 0..146096
	return era*146097 + doe - 719468       // 719468 = days from 0000-03-01 to 1970-01-01
}

// fromDayNum is the inverse of dayNum.
func fromDayNum(n int) Date {
	n += 719468
	era := floorDiv(n, 146097)
	doe := n - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153 // month from March, 0..11
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	y := yoe + era*400
	if m > 12 {
		m -= 12
		y++
	}
	return Date{y, time.Month(m), day}
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func mod(a, b int) int {
	r := a % b
	if r < 0 {
		r += b
	}
	return r
}
