package calendar

import (
	"errors"
	"fmt"
	"math"
)

// The Vietnamese lunar calendar follows the same rules as the Chinese one
// but is computed for Vietnam's meridian (UTC+7), which is why Tết sometimes
// differs from Chinese New Year (1985, 2007, 2030):
//
//   - a month starts on the local civil day of a new moon;
//   - month 11 is the month containing the December solstice;
//   - when 13 months lie between two consecutive months 11, the first of
//     them (after month 11) containing no major solar term is leap and takes
//     the number of the month before it.

// vnTZ is Vietnam's UTC offset in hours, used for all lunar computations.
// Historical use of UTC+8 before 1968 (north) and 1975 (south) is ignored,
// as in the calendars published in Vietnam today.
const vnTZ = 7.0

// lunarMinYear and lunarMaxYear bound the solar years for which lunar
// functions answer; the formulas are good well beyond, but the calendar is
// only checked against published dates for 1900–2100.
const (
	lunarMinYear = 1800
	lunarMaxYear = 2199
)

// ErrLunarRange is returned for lunar dates outside the supported range.
var ErrLunarRange = errors.New("calendar: lunar date out of supported range (1800–2199)")

// ErrNoSuchLunarDate is returned by FromLunar for a lunar date that does not
// exist (a leap flag on a non-leap month, day 30 of a 29-day month).
var ErrNoSuchLunarDate = errors.New("calendar: no such lunar date")

// LunarDate is a date in the Vietnamese lunar calendar. Year is the solar
// year in which that lunar year starts (its Tết).
type LunarDate struct {
	Year, Month, Day int
	Leap             bool
}

// IsZero reports whether ld is the zero value (returned out of range).
func (ld LunarDate) IsZero() bool { return ld == LunarDate{} }

// String returns the short form for month grids: "15/8", or "15/4 nhuận"
// for a day of a leap month.
func (ld LunarDate) String() string {
	if ld.IsZero() {
		return ""
	}
	if ld.Leap {
		return fmt.Sprintf("%d/%d nhuận", ld.Day, ld.Month)
	}
	return fmt.Sprintf("%d/%d", ld.Day, ld.Month)
}

// Long returns the long form used in documents, e.g. "ngày 15 tháng 8 năm
// Bính Ngọ" or "ngày 1 tháng 4 nhuận năm Canh Tý".
func (ld LunarDate) Long() string {
	if ld.IsZero() {
		return ""
	}
	leap := ""
	if ld.Leap {
		leap = " nhuận"
	}
	return fmt.Sprintf("ngày %d tháng %d%s năm %s", ld.Day, ld.Month, leap, CanChi(ld.Year))
}

// heavenlyStems and earthlyBranches name the sexagenary cycle (Can Chi).
var (
	heavenlyStems   = [10]string{"Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"}
	earthlyBranches = [12]string{"Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"}
)

// CanChi returns the sexagenary name of a lunar year, e.g. 2026 → "Bính Ngọ"
// (1984 was Giáp Tý, the start of a cycle).
func CanChi(lunarYear int) string {
	return heavenlyStems[mod(lunarYear-4, 10)] + " " + earthlyBranches[mod(lunarYear-4, 12)]
}

// lunarMonth is one month of a computed lunar calendar.
type lunarMonth struct {
	start int // day number of day 1
	month int // 1..12
	leap  bool
}

// month11 returns the new moon number and local start day of the month
// containing the December solstice of year y.
func month11(y int, tz float64) (k, start int) {
	sol := decemberSolstice(y)
	solDay := localDay(sol, tz)
	k = int(math.Round((sol - newMoon0) / synodicMonth))
	for newMoonDay(k+1, tz) <= solDay {
		k++
	}
	start = newMoonDay(k, tz)
	for start > solDay {
		k--
		start = newMoonDay(k, tz)
	}
	return k, start
}

// suiMonths returns the lunar months from month 11 of solar year y-1
// (inclusive) to month 11 of year y (exclusive), followed by a sentinel
// whose start is month 11 of year y. The list has 13 or 14 entries.
func suiMonths(y int, tz float64) []lunarMonth {
	k0, _ := month11(y-1, tz)
	k1, _ := month11(y, tz)
	n := k1 - k0
	starts := make([]int, n+1)
	for i := range starts {
		starts[i] = newMoonDay(k0+i, tz)
	}
	leapAt := -1
	if n == 13 {
		prev := majorTerm(starts[1], tz)
		for i := 1; i < n; i++ {
			next := majorTerm(starts[i+1], tz)
			if next == prev {
				leapAt = i
				break
			}
			prev = next
		}
	}
	months := make([]lunarMonth, 0, n+1)
	m := 10
	for i := 0; i < n; i++ {
		if i == leapAt {
			months = append(months, lunarMonth{starts[i], m, true})
			continue
		}
		m = m%12 + 1
		months = append(months, lunarMonth{starts[i], m, false})
	}
	return append(months, lunarMonth{start: starts[n]})
}

// lunarYearOf returns the lunar year of month lm in the sui list of solar
// year y: months 11 and 12 still belong to the previous lunar year.
func lunarYearOf(y int, lm lunarMonth) int {
	if lm.month >= 11 {
		return y - 1
	}
	return y
}

// ToLunar converts a solar date to the Vietnamese lunar calendar. It returns
// the zero LunarDate outside the supported range (years 1800–2199).
func ToLunar(d Date) LunarDate {
	if d.Year < lunarMinYear || d.Year > lunarMaxYear {
		return LunarDate{}
	}
	return toLunarTZ(d, vnTZ)
}

func toLunarTZ(d Date, tz float64) LunarDate {
	n := dayNum(d)
	y := d.Year
	months := suiMonths(y, tz)
	if n >= months[len(months)-1].start {
		y++
		months = suiMonths(y, tz)
	}
	for i := len(months) - 2; i >= 0; i-- {
		if months[i].start <= n {
			lm := months[i]
			return LunarDate{lunarYearOf(y, lm), lm.month, n - lm.start + 1, lm.leap}
		}
	}
	return LunarDate{} // unreachable: month 11 of y-1 starts before 1 January
}

// FromLunar converts a Vietnamese lunar date to the solar calendar, failing
// with ErrNoSuchLunarDate if it does not exist and ErrLunarRange outside
// lunar years 1800–2198.
func FromLunar(ld LunarDate) (Date, error) {
	if ld.Year < lunarMinYear || ld.Year >= lunarMaxYear {
		return Date{}, ErrLunarRange
	}
	return fromLunarTZ(ld, vnTZ)
}

func fromLunarTZ(ld LunarDate, tz float64) (Date, error) {
	if ld.Month < 1 || ld.Month > 12 || ld.Day < 1 || ld.Day > 30 {
		return Date{}, fmt.Errorf("%w: %s", ErrNoSuchLunarDate, ld.Long())
	}
	y := ld.Year
	if ld.Month >= 11 {
		y++
	}
	months := suiMonths(y, tz)
	for i := 0; i < len(months)-1; i++ {
		lm := months[i]
		if lm.month == ld.Month && lm.leap == ld.Leap {
			if ld.Day > months[i+1].start-lm.start {
				break
			}
			return fromDayNum(lm.start + ld.Day - 1), nil
		}
	}
	return Date{}, fmt.Errorf("%w: %s", ErrNoSuchLunarDate, ld.Long())
}

// TetDate returns the solar date of Tết Nguyên đán (lunar 1/1) of the lunar
// year that starts in solar year y, or the zero Date outside 1800–2199.
func TetDate(y int) Date {
	if y < lunarMinYear || y > lunarMaxYear {
		return Date{}
	}
	return tetTZ(y, vnTZ)
}

func tetTZ(y int, tz float64) Date {
	for _, lm := range suiMonths(y, tz) {
		if lm.month == 1 && !lm.leap {
			return fromDayNum(lm.start)
		}
	}
	return Date{} // unreachable: every sui has a month 1
}

// LeapMonth returns the leap month of lunar year y (1..12), or 0 if the year
// has none.
func LeapMonth(y int) int {
	if y < lunarMinYear || y >= lunarMaxYear {
		return 0
	}
	for _, lm := range lunarYearMonths(y, vnTZ) {
		if lm.leap {
			return lm.month
		}
	}
	return 0
}

// lunarYearMonths returns the months of lunar year y (1/1 to the last month
// before the next Tết), followed by a sentinel starting at the next Tết.
func lunarYearMonths(y int, tz float64) []lunarMonth {
	var out []lunarMonth
	for _, s := range [2]int{y, y + 1} {
		ms := suiMonths(s, tz)
		for _, lm := range ms[:len(ms)-1] {
			if lunarYearOf(s, lm) == y {
				out = append(out, lm)
			}
		}
		if s == y+1 {
			for _, lm := range ms {
				if lm.month == 1 && !lm.leap {
					out = append(out, lunarMonth{start: lm.start})
					break
				}
			}
		}
	}
	return out
}
