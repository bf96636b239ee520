package program

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"dieuhanh/internal/calendar"
)

// Month is the month a program covers (one program per ward per month).
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf returns the month holding d.
func MonthOf(d calendar.Date) Month { return Month{Year: d.Year, Month: d.Month} }

// ParseMonth reads "YYYY-MM", the form used in URLs and the API.
func ParseMonth(s string) (Month, error) {
	s = strings.TrimSpace(s)
	bad := invalid("month_invalid", fmt.Sprintf("Tháng «%s» không hợp lệ (dạng YYYY-MM, ví dụ 2026-05).", s))
	y, m, ok := strings.Cut(s, "-")
	if !ok || len(y) != 4 || len(m) != 2 {
		return Month{}, bad
	}
	yy, err1 := strconv.Atoi(y)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || yy < 1900 || yy > 2100 || mm < 1 || mm > 12 {
		return Month{}, bad
	}
	return Month{Year: yy, Month: time.Month(mm)}, nil
}

// ParseMonthInput reads a month as a person types it in a form: "12/2026"
// or "5/2027" (mm/yyyy, as dates are shown), or the URL form "2026-12".
func ParseMonthInput(s string) (Month, error) {
	s = strings.TrimSpace(s)
	m, y, ok := strings.Cut(s, "/")
	if !ok {
		if mo, err := ParseMonth(s); err == nil {
			return mo, nil
		}
	} else if len(m) >= 1 && len(m) <= 2 && len(y) == 4 {
		yy, err1 := strconv.Atoi(y)
		mm, err2 := strconv.Atoi(m)
		if mo := (Month{Year: yy, Month: time.Month(mm)}); err1 == nil && err2 == nil && mo.Valid() {
			return mo, nil
		}
	}
	return Month{}, invalid("month_invalid", fmt.Sprintf("Tháng «%s» không hợp lệ: nhập theo dạng mm/yyyy, ví dụ 05/2026.", s))
}

// Valid reports whether m is a real month in the calendar's range.
func (m Month) Valid() bool {
	return m.Year >= 1900 && m.Year <= 2100 && m.Month >= time.January && m.Month <= time.December
}

// String is "YYYY-MM".
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Label is the Vietnamese form used in titles: "tháng 05 năm 2026".
func (m Month) Label() string { return fmt.Sprintf("tháng %02d năm %d", int(m.Month), m.Year) }

// Short is "05/2026".
func (m Month) Short() string { return fmt.Sprintf("%02d/%d", int(m.Month), m.Year) }

// Days is the number of days in the month.
func (m Month) Days() int {
	return calendar.DaysIn(m.Year, m.Month)
}

// First is the month's first day.
func (m Month) First() calendar.Date { return calendar.Date{Year: m.Year, Month: m.Month, Day: 1} }

// Last is the month's last day.
func (m Month) Last() calendar.Date {
	return calendar.Date{Year: m.Year, Month: m.Month, Day: m.Days()}
}

// Day is day n of the month, clamped to the month's last day (day 31 of
// February is its 28th or 29th) and to at least 1.
func (m Month) Day(n int) calendar.Date {
	n = max(1, min(n, m.Days()))
	return calendar.Date{Year: m.Year, Month: m.Month, Day: n}
}

// Contains reports whether d falls in the month.
func (m Month) Contains(d calendar.Date) bool { return d.Year == m.Year && d.Month == m.Month }

// Next is the following month.
func (m Month) Next() Month { return m.add(1) }

// Prev is the preceding month.
func (m Month) Prev() Month { return m.add(-1) }

func (m Month) add(n int) Month {
	i := m.Year*12 + int(m.Month) - 1 + n
	return Month{Year: i / 12, Month: time.Month(i%12 + 1)}
}

// Before reports whether m comes before o.
func (m Month) Before(o Month) bool {
	return m.Year < o.Year || m.Year == o.Year && m.Month < o.Month
}
