package calendar

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

func d(y int, m time.Month, day int) Date { return Date{y, m, day} }

// overrides2026 is the government's 2026 schedule for civil servants:
// Tết Dương lịch off Thu 1/1 – Sun 4/1 with Fri 2/1 swapped for Sat 10/1
// (letter 12729/VPCP-KGVX).
func overrides2026() []Override {
	return []Override{
		{Date: d(2026, 1, 2), Working: false, Name: "Nghỉ hoán đổi Tết Dương lịch"},
		{Date: d(2026, 1, 10), Working: true, Name: "Làm bù cho ngày 02/01/2026"},
	}
}

func TestDaysOff2026Default(t *testing.T) {
	c := New(Rules{}, nil)
	type off struct {
		d    Date
		kind DayKind
		name string
	}
	want := []off{
		{d(2026, 1, 1), KindHoliday, "Tết Dương lịch"},
		{d(2026, 2, 16), KindHoliday, "Tết Nguyên đán"}, // 29 Tết, last day of Ất Tỵ
		{d(2026, 2, 17), KindHoliday, "Tết Nguyên đán"},
		{d(2026, 2, 18), KindHoliday, "Tết Nguyên đán"},
		{d(2026, 2, 19), KindHoliday, "Tết Nguyên đán"},
		{d(2026, 2, 20), KindHoliday, "Tết Nguyên đán"},
		{d(2026, 4, 26), KindHoliday, "Giỗ Tổ Hùng Vương"}, // a Sunday
		{d(2026, 4, 27), KindCompensatory, "Nghỉ bù Giỗ Tổ Hùng Vương"},
		{d(2026, 4, 30), KindHoliday, "Ngày Chiến thắng"},
		{d(2026, 5, 1), KindHoliday, "Ngày Quốc tế Lao động"},
		{d(2026, 9, 1), KindHoliday, "Quốc khánh"},
		{d(2026, 9, 2), KindHoliday, "Quốc khánh"},
	}
	got := c.DaysOff(2026, false)
	if len(got) != len(want) {
		t.Fatalf("DaysOff(2026) = %d days %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Date != w.d || g.Kind != w.kind || g.Name != w.name || g.Working {
			t.Errorf("DaysOff[%d] = %v %s %q, want %v %s %q", i, g.Date, g.Kind, g.Name, w.d, w.kind, w.name)
		}
	}
	all := c.DaysOff(2026, true)
	if len(all) != 104+11 {
		t.Errorf("DaysOff(2026, weekends) = %d days, want 115", len(all))
	}
	for i := 1; i < len(all); i++ {
		if !all[i-1].Date.Before(all[i].Date) {
			t.Fatalf("DaysOff not sorted at %v", all[i].Date)
		}
	}
	// 365 days − 104 weekend days − 11 weekday holidays and nghỉ bù.
	if n := c.WorkingDaysBetween(d(2025, 12, 31), d(2026, 12, 31)); n != 250 {
		t.Errorf("working days in 2026 = %d, want 250", n)
	}
	if c.Day(d(2026, 2, 17)).Lunar != (LunarDate{2026, 1, 1, false}) {
		t.Errorf("Day(Tết).Lunar = %+v", c.Day(d(2026, 2, 17)).Lunar)
	}
}

func TestCultureDay(t *testing.T) {
	off := New(Rules{}, nil)
	on := New(Rules{CultureDay: true}, nil)
	if !off.IsWorkingDay(d(2026, 11, 24)) {
		t.Error("24/11 must be a working day by default")
	}
	if di := on.Day(d(2026, 11, 24)); di.Working || di.Kind != KindHoliday || di.Name != "Ngày Văn hóa Việt Nam" {
		t.Errorf("Day(24/11/2026) with CultureDay = %+v", di)
	}
	// 24/11/2029 is a Saturday: nghỉ bù on Monday 26/11.
	if di := on.Day(d(2029, 11, 26)); di.Kind != KindCompensatory || di.Name != "Nghỉ bù Ngày Văn hóa Việt Nam" {
		t.Errorf("Day(26/11/2029) = %+v", di)
	}
}

func TestCompensatoryDays(t *testing.T) {
	c := New(Rules{}, nil)
	for _, tc := range []struct {
		day  Date
		kind DayKind
		name string
	}{
		// Tết Mậu Thân 2028 (26/1, Wednesday): the block runs Tue 25/1 – Sat
		// 29/1; the Saturday is compensated after the block and the
		// weekend, on Monday 31/1.
		{d(2028, 1, 25), KindHoliday, "Tết Nguyên đán"},
		{d(2028, 1, 29), KindHoliday, "Tết Nguyên đán"},
		{d(2028, 1, 30), KindWeekend, ""},
		{d(2028, 1, 31), KindCompensatory, "Nghỉ bù Tết Nguyên đán"},
		{d(2028, 2, 1), KindWorking, ""},
		// 2023: 2/9 is a Saturday, 1/9 Friday → Monday 4/9 off.
		{d(2023, 9, 1), KindHoliday, "Quốc khánh"},
		{d(2023, 9, 2), KindHoliday, "Quốc khánh"},
		{d(2023, 9, 4), KindCompensatory, "Nghỉ bù Quốc khánh"},
		{d(2023, 9, 5), KindWorking, ""},
		// 2024: 2/9 is a Monday, so the second day is 3/9, not Sunday 1/9.
		{d(2024, 9, 1), KindWeekend, ""},
		{d(2024, 9, 2), KindHoliday, "Quốc khánh"},
		{d(2024, 9, 3), KindHoliday, "Quốc khánh"},
		{d(2024, 9, 4), KindWorking, ""},
		// 2029: 1/9 Saturday and 2/9 Sunday → Monday 3/9 and Tuesday 4/9.
		{d(2029, 9, 3), KindCompensatory, "Nghỉ bù Quốc khánh"},
		{d(2029, 9, 4), KindCompensatory, "Nghỉ bù Quốc khánh"},
		{d(2029, 9, 5), KindWorking, ""},
		// 2022: 1/1 is a Saturday → Monday 3/1.
		{d(2022, 1, 3), KindCompensatory, "Nghỉ bù Tết Dương lịch"},
		// 2027: 1/5 Saturday → Monday 3/5 (30/4 is Friday).
		{d(2027, 4, 30), KindHoliday, "Ngày Chiến thắng"},
		{d(2027, 5, 3), KindCompensatory, "Nghỉ bù Ngày Quốc tế Lao động"},
		// 2021: 30/4 Friday, 1/5 Saturday → Monday 3/5.
		{d(2021, 5, 3), KindCompensatory, "Nghỉ bù Ngày Quốc tế Lao động"},
	} {
		di := c.Day(tc.day)
		if di.Kind != tc.kind || di.Name != tc.name || di.Working != (tc.kind == KindWorking) {
			t.Errorf("Day(%v) = %s %q working=%v, want %s %q", tc.day, di.Kind, di.Name, di.Working, tc.kind, tc.name)
		}
	}
}

func TestOverrides(t *testing.T) {
	c := New(Rules{}, overrides2026())
	if di := c.Day(d(2026, 1, 2)); di.Working || di.Kind != KindSwap || di.Name != "Nghỉ hoán đổi Tết Dương lịch" {
		t.Errorf("Day(2/1/2026) = %+v", di)
	}
	if di := c.Day(d(2026, 1, 10)); !di.Working || di.Kind != KindMakeup || di.Name != "Làm bù cho ngày 02/01/2026" {
		t.Errorf("Day(10/1/2026) = %+v", di)
	}
	if got := c.WorkingSaturdays(2026); len(got) != 1 || got[0] != d(2026, 1, 10) {
		t.Errorf("WorkingSaturdays(2026) = %v", got)
	}
	if got := New(Rules{}, nil).WorkingSaturdays(2026); len(got) != 0 {
		t.Errorf("WorkingSaturdays without overrides = %v", got)
	}
	// Moving the second Quốc khánh day from 1/9 to 3/9, and later entries
	// winning over earlier ones for the same date.
	c = New(Rules{}, []Override{
		{Date: d(2026, 9, 1), Working: false, Name: "x"},
		{Date: d(2026, 9, 1), Working: true},
		{Date: d(2026, 9, 3), Working: false, Name: "Quốc khánh"},
		{Date: d(2026, 9, 5), Working: false, Name: "Nghỉ lễ Quốc khánh"}, // a Saturday, already off
		{Date: d(2026, 9, 7), Working: false},
	})
	if di := c.Day(d(2026, 9, 1)); !di.Working || di.Kind != KindMakeup || di.Name != "Làm việc bù" {
		t.Errorf("Day(1/9/2026) = %+v", di)
	}
	if di := c.Day(d(2026, 9, 3)); di.Working || di.Kind != KindSwap || di.Name != "Quốc khánh" {
		t.Errorf("Day(3/9/2026) = %+v", di)
	}
	if di := c.Day(d(2026, 9, 5)); di.Working || di.Kind != KindWeekend || di.Name != "Nghỉ lễ Quốc khánh" {
		t.Errorf("Day(5/9/2026) = %+v", di)
	}
	if di := c.Day(d(2026, 9, 7)); di.Working || di.Kind != KindSwap || di.Name != "Nghỉ hoán đổi" {
		t.Errorf("Day(7/9/2026) = %+v", di)
	}
	// An override must not leak into other years or calendars.
	if !New(Rules{}, nil).IsWorkingDay(d(2026, 9, 3)) || !c.IsWorkingDay(d(2025, 9, 3)) {
		t.Error("override leaked")
	}
	// Overrides given with an unnormalized date still apply.
	c = New(Rules{}, []Override{{Date: Date{2026, 2, 30}, Working: false}}) // = 2/3/2026
	if c.IsWorkingDay(d(2026, 3, 2)) {
		t.Error("unnormalized override ignored")
	}
}

func TestAddWorkingDays(t *testing.T) {
	def := New(Rules{}, nil)
	gov := New(Rules{}, overrides2026())
	for _, tc := range []struct {
		name string
		c    *Calendar
		from Date
		n    int
		want Date
	}{
		{"zero", def, d(2026, 2, 14), 0, d(2026, 2, 14)},
		{"next day", def, d(2026, 3, 2), 1, d(2026, 3, 3)},
		{"over weekend", def, d(2026, 3, 6), 1, d(2026, 3, 9)},
		{"from a Saturday", def, d(2026, 1, 31), 1, d(2026, 2, 2)},
		{"across Tết 2026", def, d(2026, 2, 13), 1, d(2026, 2, 23)},
		{"five across Tết", def, d(2026, 2, 12), 5, d(2026, 2, 26)},
		{"from inside Tết", def, d(2026, 2, 18), 1, d(2026, 2, 23)},
		{"back across Tết", def, d(2026, 2, 23), -1, d(2026, 2, 13)},
		{"back two across Tết", def, d(2026, 2, 23), -2, d(2026, 2, 12)},
		{"make-up Saturday counts", gov, d(2026, 1, 9), 1, d(2026, 1, 10)},
		{"no make-up by default", def, d(2026, 1, 9), 1, d(2026, 1, 12)},
		{"swap skipped across year", gov, d(2025, 12, 31), 1, d(2026, 1, 5)},
		{"default across year", def, d(2025, 12, 31), 1, d(2026, 1, 2)},
		{"back onto make-up Saturday", gov, d(2026, 1, 12), -1, d(2026, 1, 10)},
		{"back across year with swap", gov, d(2026, 1, 5), -1, d(2025, 12, 31)},
		{"Giỗ Tổ and nghỉ bù", def, d(2026, 4, 24), 1, d(2026, 4, 28)},
		{"30/4 and 1/5", def, d(2026, 4, 29), 1, d(2026, 5, 4)},
		{"leap day", def, d(2028, 2, 28), 1, d(2028, 2, 29)},
		{"past leap day", def, d(2028, 2, 29), 1, d(2028, 3, 1)},
		{"back from 1 March 2028", def, d(2028, 3, 1), -1, d(2028, 2, 29)},
		{"month end", def, d(2026, 5, 29), 1, d(2026, 6, 1)},
		{"a year", def, d(2025, 12, 31), 250, d(2026, 12, 31)},
		{"a year back", def, d(2027, 1, 1), -250, d(2026, 1, 2)},
		{"three years", def, d(2026, 3, 2), 750, d(2026, 3, 2).AddDays(0)}, // replaced below
	} {
		if tc.name == "three years" {
			// Consistency rather than a hand count: 750 forward then back.
			got := tc.c.AddWorkingDays(tc.c.AddWorkingDays(tc.from, tc.n), -tc.n)
			if got != tc.from {
				t.Errorf("%s: round trip = %v, want %v", tc.name, got, tc.from)
			}
			continue
		}
		if got := tc.c.AddWorkingDays(tc.from, tc.n); got != tc.want {
			t.Errorf("%s: AddWorkingDays(%v, %d) = %v, want %v", tc.name, tc.from, tc.n, got, tc.want)
		}
	}
}

func TestNextPrevWorkingDay(t *testing.T) {
	c := New(Rules{}, overrides2026())
	for _, tc := range []struct {
		d, next, prev Date
	}{
		{d(2026, 3, 4), d(2026, 3, 4), d(2026, 3, 4)},    // a working Wednesday
		{d(2026, 3, 7), d(2026, 3, 9), d(2026, 3, 6)},    // Saturday
		{d(2026, 4, 26), d(2026, 4, 28), d(2026, 4, 24)}, // Giỗ Tổ on Sunday, then nghỉ bù
		{d(2026, 2, 14), d(2026, 2, 23), d(2026, 2, 13)}, // weekend before Tết
		{d(2026, 1, 1), d(2026, 1, 5), d(2025, 12, 31)},  // Tết Dương lịch + swap
		{d(2026, 1, 10), d(2026, 1, 10), d(2026, 1, 10)}, // make-up Saturday
		{d(2026, 1, 11), d(2026, 1, 12), d(2026, 1, 10)}, // Sunday after it
		{d(2026, 12, 31), d(2026, 12, 31), d(2026, 12, 31)},
	} {
		if got := c.NextWorkingDay(tc.d); got != tc.next {
			t.Errorf("NextWorkingDay(%v) = %v, want %v", tc.d, got, tc.next)
		}
		if got := c.PrevWorkingDay(tc.d); got != tc.prev {
			t.Errorf("PrevWorkingDay(%v) = %v, want %v", tc.d, got, tc.prev)
		}
	}
}

func TestDueBefore(t *testing.T) {
	back := New(Rules{CultureDay: true}, nil)
	fwd := New(Rules{CultureDay: true, DueBeforeRollForward: true}, nil)
	plain := New(Rules{}, nil)
	for _, tc := range []struct {
		name      string
		x         Date
		back, fwd Date
	}{
		{"24th a working Tuesday", d(2026, 3, 25), d(2026, 3, 24), d(2026, 3, 24)},
		{"24th a Sunday", d(2026, 5, 25), d(2026, 5, 22), d(2026, 5, 25)},
		{"24th a Saturday", d(2026, 1, 25), d(2026, 1, 23), d(2026, 1, 26)},
		{"24th a holiday (Văn hóa)", d(2026, 11, 25), d(2026, 11, 23), d(2026, 11, 25)},
		{"X−1 in Tết", d(2026, 2, 20), d(2026, 2, 13), d(2026, 2, 23)},
		{"before 1 January", d(2027, 1, 1), d(2026, 12, 31), d(2026, 12, 31)},
		{"before Monday", d(2026, 3, 9), d(2026, 3, 6), d(2026, 3, 9)},
	} {
		if got := back.DueBefore(tc.x); got != tc.back {
			t.Errorf("%s: DueBefore(%v) = %v, want %v", tc.name, tc.x, got, tc.back)
		}
		if got := fwd.DueBefore(tc.x); got != tc.fwd {
			t.Errorf("%s: DueBefore(%v) roll forward = %v, want %v", tc.name, tc.x, got, tc.fwd)
		}
	}
	if got := plain.DueBefore(d(2026, 11, 25)); got != d(2026, 11, 24) {
		t.Errorf("without CultureDay DueBefore(25/11/2026) = %v, want 24/11", got)
	}
}

func TestLastWorkingDayOfMonth(t *testing.T) {
	c := New(Rules{}, nil)
	for _, tc := range []struct {
		y    int
		m    time.Month
		want Date
	}{
		{2026, 1, d(2026, 1, 30)}, // 31 is Saturday
		{2026, 2, d(2026, 2, 27)}, // 28 is Saturday
		{2026, 4, d(2026, 4, 29)}, // 30/4 holiday
		{2026, 5, d(2026, 5, 29)}, // 30–31 weekend
		{2026, 6, d(2026, 6, 30)}, // Tuesday
		{2026, 12, d(2026, 12, 31)},
		{2028, 2, d(2028, 2, 29)}, // leap day, a Tuesday
		{2027, 2, d(2027, 2, 26)}, // 27–28 weekend
	} {
		if got := c.LastWorkingDayOfMonth(tc.y, tc.m); got != tc.want {
			t.Errorf("LastWorkingDayOfMonth(%d, %d) = %v, want %v", tc.y, tc.m, got, tc.want)
		}
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	gov := New(Rules{}, overrides2026())
	for _, tc := range []struct {
		a, b Date
		want int
	}{
		{d(2026, 3, 2), d(2026, 3, 2), 0},
		{d(2026, 3, 2), d(2026, 3, 3), 1},
		{d(2026, 3, 6), d(2026, 3, 8), 0},
		{d(2026, 2, 13), d(2026, 2, 23), 1},
		{d(2025, 12, 31), d(2026, 1, 12), 7}, // 5–9, Sat 10, 12
		{d(2026, 1, 12), d(2025, 12, 31), -7},
		{d(2024, 12, 31), d(2026, 12, 31), gov.WorkingDaysBetween(d(2024, 12, 31), d(2025, 12, 31)) + 250}, // 2/1 swapped for 10/1
	} {
		if got := gov.WorkingDaysBetween(tc.a, tc.b); got != tc.want {
			t.Errorf("WorkingDaysBetween(%v, %v) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestWorkingDayArithmeticProperties checks AddWorkingDays and
// WorkingDaysBetween against a day-by-day walk for random inputs.
func TestWorkingDayArithmeticProperties(t *testing.T) {
	c := New(Rules{CultureDay: true}, overrides2026())
	r := rand.New(rand.NewPCG(7, 11))
	for i := 0; i < 3000; i++ {
		from := d(1990, 1, 1).AddDays(r.IntN(60 * 365))
		n := r.IntN(1200) - 600
		got := c.AddWorkingDays(from, n)
		want := from
		for k := n; k != 0; {
			if k > 0 {
				want = want.AddDays(1)
				if c.IsWorkingDay(want) {
					k--
				}
			} else {
				want = want.AddDays(-1)
				if c.IsWorkingDay(want) {
					k++
				}
			}
		}
		if got != want {
			t.Fatalf("AddWorkingDays(%v, %d) = %v, walk gives %v", from, n, got, want)
		}
		// Both count the days strictly after the start: (from, got] going
		// forward, [got, from) going back.
		if n >= 0 {
			if w := c.WorkingDaysBetween(from, got); w != n {
				t.Fatalf("WorkingDaysBetween(%v, %v) = %d, want %d", from, got, w, n)
			}
		} else if w := c.WorkingDaysBetween(got.AddDays(-1), from.AddDays(-1)); w != -n {
			t.Fatalf("working days in [%v, %v) = %d, want %d", got, from, w, -n)
		}
		if w, v := c.WorkingDaysBetween(from, got), c.WorkingDaysBetween(got, from); w != -v {
			t.Fatalf("WorkingDaysBetween not antisymmetric: %d, %d", w, v)
		}
		if n != 0 && !c.IsWorkingDay(got) {
			t.Fatalf("AddWorkingDays(%v, %d) = %v is not a working day", from, n, got)
		}
	}
}

func TestMonthGrid(t *testing.T) {
	c := New(Rules{}, overrides2026())
	for _, tc := range []struct {
		y           int
		m           time.Month
		weeks       int
		first, last Date
	}{
		{2026, 2, 5, d(2026, 1, 26), d(2026, 3, 1)},
		{2026, 3, 6, d(2026, 2, 23), d(2026, 4, 5)},
		{2026, 6, 5, d(2026, 6, 1), d(2026, 7, 5)},
		{2027, 2, 4, d(2027, 2, 1), d(2027, 2, 28)}, // exactly four weeks
	} {
		g := c.Month(tc.y, tc.m)
		if len(g) != tc.weeks || g[0][0].Date != tc.first || g[len(g)-1][6].Date != tc.last {
			t.Errorf("Month(%d, %d): %d weeks %v..%v, want %d %v..%v", tc.y, tc.m,
				len(g), g[0][0].Date, g[len(g)-1][6].Date, tc.weeks, tc.first, tc.last)
		}
		for _, w := range g {
			if w[0].Date.Weekday() != time.Monday {
				t.Errorf("week starts on %v", w[0].Date)
			}
			for i := 1; i < 7; i++ {
				if w[i].Date != w[i-1].Date.AddDays(1) {
					t.Errorf("gap in week at %v", w[i].Date)
				}
			}
		}
	}
	g := c.Month(2026, 2)
	if tet := g[3][1]; tet.Date != d(2026, 2, 17) || tet.Lunar.String() != "1/1" || tet.Kind != KindHoliday {
		t.Errorf("grid Tết = %+v", tet)
	}
	if sat := c.Month(2026, 1)[1][5]; sat.Date != d(2026, 1, 10) || sat.Kind != KindMakeup || !sat.Working {
		t.Errorf("grid make-up Saturday = %+v", sat)
	}
}

// Day's lunar date must match ToLunar everywhere, including the year edges
// where the table switches between the two lunar years it spans.
func TestDayLunarMatchesToLunar(t *testing.T) {
	c := New(Rules{}, nil)
	for y := 2019; y <= 2034; y++ {
		for x := d(y, 1, 1); x.Year == y; x = x.AddDays(1) {
			if got, want := c.Day(x).Lunar, ToLunar(x); got != want {
				t.Fatalf("Day(%v).Lunar = %+v, ToLunar = %+v", x, got, want)
			}
		}
	}
}

func TestOutOfLunarRange(t *testing.T) {
	c := New(Rules{}, nil)
	// Outside 1800–2199 only the solar holidays remain; nothing panics.
	if c.IsWorkingDay(d(2300, 1, 1)) || !c.IsWorkingDay(d(2300, 1, 2)) {
		t.Error("2300: 1/1 must be off and 2/1 (a Tuesday) working")
	}
	if di := c.Day(d(1700, 5, 1)); di.Working || !di.Lunar.IsZero() {
		t.Errorf("Day(1/5/1700) = %+v", di)
	}
	if got := c.AddWorkingDays(d(2199, 12, 30), 5); got.Year != 2200 {
		t.Errorf("AddWorkingDays past the lunar range = %v", got)
	}
	_ = c.Day(Date{}) // the zero Date is a valid (if odd) input
}

func TestConcurrentUse(t *testing.T) {
	c := New(Rules{}, overrides2026())
	var wg sync.WaitGroup
	results := make([]Date, 8)
	for g := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[g] = c.AddWorkingDays(d(2024, 6, 1), 600)
		}()
	}
	wg.Wait()
	for _, r := range results {
		if r != results[0] {
			t.Fatalf("concurrent results differ: %v", results)
		}
	}
}

func BenchmarkAddWorkingDays(b *testing.B) {
	c := New(Rules{}, overrides2026())
	start := d(2026, 1, 5)
	c.AddWorkingDays(start, 250) // build the years once
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.AddWorkingDays(start.AddDays(i%200), 250)
	}
}

func BenchmarkIsWorkingDay(b *testing.B) {
	c := New(Rules{}, overrides2026())
	start := d(2026, 1, 1)
	c.IsWorkingDay(start)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.IsWorkingDay(start.AddDays(i % 365))
	}
}

func BenchmarkWorkingDaysBetween(b *testing.B) {
	c := New(Rules{}, nil)
	a, z := d(2026, 1, 5), d(2026, 12, 20)
	c.WorkingDaysBetween(a, z)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.WorkingDaysBetween(a, z)
	}
}

// BenchmarkBuildYear is the one-off cost of a year's first use.
func BenchmarkBuildYear(b *testing.B) {
	c := New(Rules{}, nil)
	for i := 0; i < b.N; i++ {
		c.build(2026)
	}
}

func BenchmarkToLunar(b *testing.B) {
	for i := 0; i < b.N; i++ {
		ToLunar(d(2026, 1, 1).AddDays(i % 365))
	}
}
