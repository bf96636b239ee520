package schedule

import (
	"fmt"
	"strconv"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

// Week is an ISO 8601 week (Monday to Sunday), the unit of the weekly
// schedule. Year is the ISO week-numbering year, which differs from the
// calendar year around 1 January: 01/01/2027 is in 2026-W53. The zero value
// is not a valid week.
type Week struct {
	Year, Week int
}

// WeekOf returns the ISO week holding d.
func WeekOf(d calendar.Date) Week {
	y, w := utcDate(d).ISOWeek()
	return Week{Year: y, Week: w}
}

// WeeksInYear is 52 or 53: the number of ISO weeks of ISO year y (28
// December always falls in the last one).
func WeeksInYear(y int) int {
	_, w := time.Date(y, time.December, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

// ParseWeek reads the ISO form "2026-W48", exactly as String writes it (an
// upper-case W, so every week has one URL), in the years
// calendar.MinYear–MaxYear. The week must exist in that year: 2026-W53
// does, 2027-W53 does not.
func ParseWeek(s string) (Week, error) {
	bad := errs.Ef(errs.Invalid, "Tuần «%s» không hợp lệ: cần dạng NNNN-Wtt (chữ W hoa), ví dụ 2026-W48.", s)
	if len(s) != 8 || s[4] != '-' || s[5] != 'W' || !digits(s[:4]) || !digits(s[6:]) {
		return Week{}, bad
	}
	y, _ := strconv.Atoi(s[:4])
	n, _ := strconv.Atoi(s[6:])
	if y < calendar.MinYear || y > calendar.MaxYear {
		return Week{}, errs.Ef(errs.Invalid, "Tuần «%s» không hợp lệ: năm phải từ %d đến %d.", s, calendar.MinYear, calendar.MaxYear)
	}
	w := Week{Year: y, Week: n}
	if !w.Valid() {
		return Week{}, errs.Ef(errs.Invalid, "Năm %d chỉ có %d tuần; không có tuần %02d.", y, WeeksInYear(y), n)
	}
	return w, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Valid reports whether w names an existing ISO week in the years
// calendar.MinYear–MaxYear.
func (w Week) Valid() bool {
	return w.Year >= calendar.MinYear && w.Year <= calendar.MaxYear && w.Week >= 1 && w.Week <= WeeksInYear(w.Year)
}

// String is the ISO form used in URLs and the API: "2026-W48".
func (w Week) String() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Week) }

// Monday is the first day of the week.
func (w Week) Monday() calendar.Date {
	// 4 January is always in week 1.
	jan4 := time.Date(w.Year, time.January, 4, 0, 0, 0, 0, time.UTC)
	offset := (int(jan4.Weekday()) + 6) % 7 // days since Monday
	return dateOf(jan4.AddDate(0, 0, -offset+7*(w.Week-1)))
}

// Sunday is the last day of the week.
func (w Week) Sunday() calendar.Date { return w.Monday().AddDays(6) }

// Days are Monday to Sunday.
func (w Week) Days() [7]calendar.Date {
	var ds [7]calendar.Date
	m := w.Monday()
	for i := range ds {
		ds[i] = m.AddDays(i)
	}
	return ds
}

// Contains reports whether d falls within the week.
func (w Week) Contains(d calendar.Date) bool { return WeekOf(d) == w }

// Next is the following week, across ISO year boundaries.
func (w Week) Next() Week { return WeekOf(w.Monday().AddDays(7)) }

// Prev is the preceding week, across ISO year boundaries.
func (w Week) Prev() Week { return WeekOf(w.Monday().AddDays(-7)) }

// Start is 00:00 Vietnam time on Monday; End is 24:00 on Sunday.
func (w Week) Start() time.Time { return w.Monday().Start() }

// End is 24:00 Vietnam time on Sunday (the next Monday's start).
func (w Week) End() time.Time { return w.Sunday().End() }

// RangeVN is the span as written in messages: "23/11 – 29/11/2026", or
// "28/12/2026 – 03/01/2027" when the week straddles two years.
func (w Week) RangeVN() string {
	m, s := w.Monday(), w.Sunday()
	if m.Year == s.Year {
		return fmt.Sprintf("%02d/%02d – %s", m.Day, int(m.Month), s.VN())
	}
	return m.VN() + " – " + s.VN()
}

// Title is the heading of the printed schedule: "Tuần thứ 48, từ ngày 23/11
// đến ngày 29/11/2026".
func (w Week) Title() string {
	m, s := w.Monday(), w.Sunday()
	from := fmt.Sprintf("%02d/%02d", m.Day, int(m.Month))
	if m.Year != s.Year {
		from = m.VN()
	}
	return fmt.Sprintf("Tuần thứ %02d, từ ngày %s đến ngày %s", w.Week, from, s.VN())
}

func utcDate(d calendar.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

func dateOf(t time.Time) calendar.Date {
	return calendar.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}
