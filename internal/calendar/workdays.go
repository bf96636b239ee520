package calendar

import (
	"sort"
	"sync/atomic"
	"time"
)

// Override is an admin-entered exception for one date, from the yearly
// government letters (VPCP) that swap working days for civil servants: a
// weekday made a day off (Working=false) or a weekend or holiday made a
// working day (Working=true, e.g. a make-up Saturday).
type Override struct {
	Date    Date
	Working bool
	Name    string
}

// Rules holds the configurable parts of the working-day calendar.
type Rules struct {
	// CultureDay makes 24/11 "Ngày Văn hóa Việt Nam" a holiday. It is off by
	// default until the law enacting it exists.
	CultureDay bool
	// DueBeforeRollForward chooses what "before day X" means when X−1 is not
	// a working day: false (default) pulls the deadline back to the previous
	// working day; true rolls it forward to the next one, as Civil Code art.
	// 148 does for periods.
	DueBeforeRollForward bool
}

// DayKind says why a day is or is not a working day.
type DayKind string

// The kinds of day, as stored in the calendar table and shown to admins.
const (
	KindWorking      DayKind = "working"
	KindWeekend      DayKind = "weekend"
	KindHoliday      DayKind = "holiday"
	KindCompensatory DayKind = "compensatory" // nghỉ bù for a holiday on a weekend
	KindSwap         DayKind = "swap"         // weekday off by override (hoán đổi)
	KindMakeup       DayKind = "makeup"       // weekend or holiday worked by override (làm bù)
)

// Default names for overrides entered without one.
const (
	defaultSwapName   = "Nghỉ hoán đổi"
	defaultMakeupName = "Làm việc bù"
)

// kindByCode maps the compact per-day codes of a yearTable to DayKind.
var kindByCode = [...]DayKind{KindWorking, KindWeekend, KindHoliday, KindCompensatory, KindSwap, KindMakeup}

const (
	codeWorking uint8 = iota
	codeWeekend
	codeHoliday
	codeCompensatory
	codeSwap
	codeMakeup
)

// DayInfo describes one day of the working-day calendar.
type DayInfo struct {
	Date    Date
	Working bool
	Kind    DayKind
	Name    string // holiday or override name; "" for ordinary days
	Lunar   LunarDate
}

// Calendar answers working-day questions for a ward. It is immutable after
// New and safe for concurrent use. Each year is computed on first use and
// kept, because deadline computations ask millions of questions.
type Calendar struct {
	rules     Rules
	overrides map[int][]Override // by year; later entries win
	years     [lunarMaxYear - lunarMinYear + 1]atomic.Pointer[yearTable]
}

// New returns a calendar with the statutory holidays under rules, with
// overrides applied last (for the same date, the last override wins).
func New(rules Rules, overrides []Override) *Calendar {
	c := &Calendar{rules: rules, overrides: map[int][]Override{}}
	for _, o := range overrides {
		if o.Date.IsZero() {
			continue
		}
		o.Date = NewDate(o.Date.Year, o.Date.Month, o.Date.Day)
		c.overrides[o.Date.Year] = append(c.overrides[o.Date.Year], o)
	}
	return c
}

// Rules returns the rules the calendar was built with.
func (c *Calendar) Rules() Rules { return c.rules }

// yearTable is the computed calendar of one solar year.
type yearTable struct {
	year    int
	first   int // day number of 1 January
	n       int // days in the year
	working [366]bool
	kind    [366]uint8
	cum     [367]int32 // cum[i] = working days among days 0..i-1
	names   map[int]string
	lunar   []lunarSpan // lunar months covering the year, by start
	tet     []int       // indices of the statutory Tết days, for HolidayBlocks
}

// lunarSpan is a lunar month with its lunar year.
type lunarSpan struct {
	start int
	ld    LunarDate // day 1 of the month
}

// table returns the computed year y, building it on first use. Concurrent
// first uses may build it twice; one result wins and both are identical.
func (c *Calendar) table(y int) *yearTable {
	if y < lunarMinYear || y > lunarMaxYear {
		return c.build(y)
	}
	p := &c.years[y-lunarMinYear]
	if t := p.Load(); t != nil {
		return t
	}
	p.CompareAndSwap(nil, c.build(y))
	return p.Load()
}

// locate returns the year table of d and d's index in it.
func (c *Calendar) locate(d Date) (*yearTable, int) {
	if d.Month < time.January || d.Month > time.December || d.Day < 1 || d.Day > DaysIn(d.Year, d.Month) {
		d = NewDate(d.Year, d.Month, d.Day)
	}
	t := c.table(d.Year)
	return t, dayNum(d) - t.first
}

type holiday struct {
	day  int
	name string
}

// build computes year y: weekends, statutory holidays, compensatory days,
// then overrides.
func (c *Calendar) build(y int) *yearTable {
	t := &yearTable{year: y, first: dayNum(Date{y, 1, 1}), names: map[int]string{}}
	t.n = 365
	if isLeap(y) {
		t.n = 366
	}
	for i := 0; i < t.n; i++ {
		switch time.Weekday(mod(t.first+i+4, 7)) {
		case time.Saturday, time.Sunday:
			t.kind[i] = codeWeekend
		default:
			t.working[i] = true
		}
	}

	// Statutory holidays, Labour Code 2019 art. 112.
	hols := []holiday{
		{dayNum(Date{y, 1, 1}), "Tết Dương lịch"},
		{dayNum(Date{y, 4, 30}), "Ngày Chiến thắng"},
		{dayNum(Date{y, 5, 1}), "Ngày Quốc tế Lao động"},
		{dayNum(Date{y, 9, 2}), "Quốc khánh"},
	}
	// The second Quốc khánh day is fixed yearly by the Prime Minister;
	// NationalDaySecond gives the default, which the admin confirms or
	// corrects with overrides.
	hols = append(hols, holiday{dayNum(NationalDaySecond(y)), "Quốc khánh"})
	if c.rules.CultureDay {
		hols = append(hols, holiday{dayNum(Date{y, 11, 24}), "Ngày Văn hóa Việt Nam"})
	}
	if y >= lunarMinYear && y <= lunarMaxYear {
		a := suiMonths(y, vnTZ)
		b := suiMonths(y+1, vnTZ)
		for _, lm := range a[:len(a)-1] {
			t.lunar = append(t.lunar, lunarSpan{lm.start, LunarDate{lunarYearOf(y, lm), lm.month, 1, lm.leap}})
			if lm.leap {
				continue
			}
			switch lm.month {
			case 1: // Tết: the last day of the old year and lunar 1/1–4/1
				for i := -1; i <= 3; i++ {
					hols = append(hols, holiday{lm.start + i, "Tết Nguyên đán"})
					t.tet = append(t.tet, lm.start+i-t.first)
				}
			case 3:
				hols = append(hols, holiday{lm.start + 9, "Giỗ Tổ Hùng Vương"})
			}
		}
		for _, lm := range b {
			t.lunar = append(t.lunar, lunarSpan{lm.start, LunarDate{lunarYearOf(y+1, lm), lm.month, 1, lm.leap}})
		}
	}
	sort.SliceStable(hols, func(i, j int) bool { return hols[i].day < hols[j].day })

	// Mark holidays; two holidays on the same day make one day off.
	for _, h := range hols {
		i := h.day - t.first
		if t.kind[i] == codeHoliday {
			if t.names[i] != h.name {
				t.names[i] += "; " + h.name
			}
			continue
		}
		t.kind[i] = codeHoliday
		t.working[i] = false
		t.names[i] = h.name
	}
	// Nghỉ bù: each holiday day on a weekend gives the next weekday that is
	// not already off. Walking in date order pushes the compensation for a
	// weekend inside the Tết block past the end of the block.
	for k, h := range hols {
		if k > 0 && hols[k-1].day == h.day {
			continue // merged with the previous holiday
		}
		i := h.day - t.first
		if wd := time.Weekday(mod(h.day+4, 7)); wd != time.Saturday && wd != time.Sunday {
			continue
		}
		j := i + 1
		for j < t.n && t.kind[j] != codeWorking {
			j++
		}
		if j < t.n {
			t.kind[j] = codeCompensatory
			t.working[j] = false
			t.names[j] = "Nghỉ bù " + t.names[i]
		}
	}

	for _, o := range c.overrides[y] {
		i := dayNum(o.Date) - t.first
		switch {
		case o.Working && !t.working[i]:
			t.working[i] = true
			t.kind[i] = codeMakeup
			t.names[i] = nonEmpty(o.Name, defaultMakeupName)
		case !o.Working && t.working[i]:
			t.working[i] = false
			t.kind[i] = codeSwap
			t.names[i] = nonEmpty(o.Name, defaultSwapName)
		case o.Name != "" && (t.names[i] == "" || t.kind[i] == codeSwap || t.kind[i] == codeMakeup):
			t.names[i] = o.Name
		}
	}
	for i := 0; i < t.n; i++ {
		t.cum[i+1] = t.cum[i]
		if t.working[i] {
			t.cum[i+1]++
		}
	}
	t.cum[366] = t.cum[t.n]
	return t
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// info returns the DayInfo of day index i of t.
func (t *yearTable) info(i int) DayInfo {
	n := t.first + i
	di := DayInfo{Date: fromDayNum(n), Working: t.working[i], Kind: kindByCode[t.kind[i]], Name: t.names[i]}
	if k := sort.Search(len(t.lunar), func(k int) bool { return t.lunar[k].start > n }) - 1; k >= 0 && k < len(t.lunar)-1 {
		di.Lunar = t.lunar[k].ld
		di.Lunar.Day = n - t.lunar[k].start + 1
	}
	return di
}

// nth returns the first index j with cum[j+1] >= target: the day on which
// the running count of working days reaches target.
func (t *yearTable) nth(target int32) int {
	return sort.Search(t.n, func(j int) bool { return t.cum[j+1] >= target })
}

// Day describes d: whether it is a working day, why, and its lunar date.
func (c *Calendar) Day(d Date) DayInfo {
	t, i := c.locate(d)
	return t.info(i)
}

// IsWorkingDay reports whether d is a working day for civil servants.
func (c *Calendar) IsWorkingDay(d Date) bool {
	t, i := c.locate(d)
	return t.working[i]
}

// AddWorkingDays returns the n-th working day after d (n > 0) or before d
// (n < 0). d itself is never counted, so a period of "n ngày làm việc"
// triggered on d ends on AddWorkingDays(d, n). n == 0 returns d.
func (c *Calendar) AddWorkingDays(d Date, n int) Date {
	if n == 0 {
		return d
	}
	t, i := c.locate(d)
	if n > 0 {
		for {
			avail := int(t.cum[t.n] - t.cum[i+1]) // working days after i
			if n <= avail {
				return fromDayNum(t.first + t.nth(t.cum[i+1]+int32(n)))
			}
			n -= avail
			t, i = c.table(t.year+1), -1
		}
	}
	m := -n
	for {
		avail := int(t.cum[i]) // working days before i
		if m <= avail {
			return fromDayNum(t.first + t.nth(t.cum[i]-int32(m)+1))
		}
		m -= avail
		t = c.table(t.year - 1)
		i = t.n
	}
}

// WorkingDaysBetween returns the number of working days in (a, b], i.e. how
// many working days a period starting after a has used by the end of b. It
// is negative when b is before a.
func (c *Calendar) WorkingDaysBetween(a, b Date) int {
	if b.Before(a) {
		return -c.WorkingDaysBetween(b, a)
	}
	ta, ia := c.locate(a)
	tb, ib := c.locate(b)
	if ta.year == tb.year {
		return int(tb.cum[ib+1] - ta.cum[ia+1])
	}
	total := int(ta.cum[ta.n] - ta.cum[ia+1])
	for y := ta.year + 1; y < tb.year; y++ {
		t := c.table(y)
		total += int(t.cum[t.n])
	}
	return total + int(tb.cum[ib+1])
}

// NextWorkingDay returns d if it is a working day, else the next working
// day: a period ending on a non-working day ends at the end of the next
// working day (Civil Code art. 148).
func (c *Calendar) NextWorkingDay(d Date) Date {
	if c.IsWorkingDay(d) {
		return d
	}
	return c.AddWorkingDays(d, 1)
}

// PrevWorkingDay returns d if it is a working day, else the previous one.
func (c *Calendar) PrevWorkingDay(d Date) Date {
	if c.IsWorkingDay(d) {
		return d
	}
	return c.AddWorkingDays(d, -1)
}

// DueBefore returns the due date of "before day X" (trước ngày X): the end
// of X−1, moved to a working day per Rules.DueBeforeRollForward when X−1 is
// not one. Pulling back is the default because a report due "before the
// 25th" is needed by the 25th, not after it.
func (c *Calendar) DueBefore(x Date) Date {
	d := x.AddDays(-1)
	if c.rules.DueBeforeRollForward {
		return c.NextWorkingDay(d)
	}
	return c.PrevWorkingDay(d)
}

// LastWorkingDayOfMonth returns the last working day of month m of year y,
// the default issue date of a monthly program.
func (c *Calendar) LastWorkingDayOfMonth(y int, m time.Month) Date {
	return c.PrevWorkingDay(NewDate(y, m+1, 0))
}

// DaysOff returns every non-working day of year, in date order. Holidays
// that fall on a weekend are included with their holiday name even when
// includeWeekends is false; plain weekends only when it is true.
func (c *Calendar) DaysOff(year int, includeWeekends bool) []DayInfo {
	t := c.table(year)
	var out []DayInfo
	for i := 0; i < t.n; i++ {
		if t.working[i] || (!includeWeekends && t.kind[i] == codeWeekend) {
			continue
		}
		out = append(out, t.info(i))
	}
	return out
}

// WorkingSaturdays returns the weekend days of year made working days by
// override (make-up days; in practice Saturdays), in date order, so the
// weekly schedule can warn about them.
func (c *Calendar) WorkingSaturdays(year int) []Date {
	t := c.table(year)
	var out []Date
	for i := 0; i < t.n; i++ {
		wd := time.Weekday(mod(t.first+i+4, 7))
		if t.working[i] && (wd == time.Saturday || wd == time.Sunday) {
			out = append(out, fromDayNum(t.first+i))
		}
	}
	return out
}

// Month returns the weeks (Monday to Sunday) covering month m of year y,
// including the days of neighbouring months that complete the first and last
// weeks, for a month grid.
func (c *Calendar) Month(y int, m time.Month) [][7]DayInfo {
	first := NewDate(y, m, 1)
	last := NewDate(y, m+1, 0)
	var weeks [][7]DayInfo
	for d := first.MondayOfWeek(); !d.After(last); {
		var w [7]DayInfo
		for i := range w {
			w[i] = c.Day(d)
			d = d.AddDays(1)
		}
		weeks = append(weeks, w)
	}
	return weeks
}
