package calendar

import (
	"errors"
	"math"
	"testing"
)

// Meeus example 49.a: the new moon of February 1977 (k = -283) is at
// JDE 2443192.65118.
func TestNewMoonMeeusExample(t *testing.T) {
	got := newMoonJDE(-283)
	if math.Abs(got-2443192.65118) > 0.00002 {
		t.Fatalf("newMoonJDE(-283) = %.5f, want 2443192.65118", got)
	}
}

// Meeus example 25.a: on 1992-10-13.0 TD the sun's apparent longitude is
// 199.90895° (low-accuracy method).
func TestSunLongitudeMeeusExample(t *testing.T) {
	got := sunLongitude(2448908.5)
	if math.Abs(got-199.90895) > 0.0005 {
		t.Fatalf("sunLongitude = %.5f, want 199.90895", got)
	}
}

// Tết Mậu Thân 1968 is the textbook case of UTC+7 versus UTC+8: North
// Vietnam, which had just moved to UTC+7, celebrated on 29 January, the
// South (still on UTC+8) on 30 January.
func TestTet1968(t *testing.T) {
	if got := TetDate(1968); got != (Date{1968, 1, 29}) {
		t.Errorf("TetDate(1968) = %v, want 1968-01-29", got)
	}
	if got := tetTZ(1968, 8); got != (Date{1968, 1, 30}) {
		t.Errorf("Tết 1968 at UTC+8 = %v, want 1968-01-30", got)
	}
}

// A modern published new moon: 2024-04-08 18:21 UTC (the day of the North
// American total eclipse).
func TestNewMoon2024(t *testing.T) {
	jde := newMoonJDE(300)
	ut := jde - deltaT(jdeYear(jde))/86400
	want := float64(dayNum(Date{2024, 4, 8})+unixEpochJDN) - 0.5 + (18*60+21)/1440.0
	if math.Abs(ut-want)*1440 > 1.5 {
		t.Errorf("new moon k=300 at JD %.5f UT, want %.5f (off %.1f min)", ut, want, (ut-want)*1440)
	}
}

// The December solstice must land on the published day (UTC+7).
func TestDecemberSolstice(t *testing.T) {
	for _, tc := range []struct {
		year int
		want Date
	}{
		{2020, Date{2020, 12, 21}}, // 10:02 UTC
		{2024, Date{2024, 12, 21}}, // 09:20 UTC → 16:20 ICT
		{2025, Date{2025, 12, 21}}, // 15:03 UTC → 22:03 ICT
		{2026, Date{2026, 12, 22}}, // 20:50 UTC 21/12 → 03:50 ICT 22/12
	} {
		got := fromDayNum(localDay(decemberSolstice(tc.year), vnTZ))
		if got != tc.want {
			t.Errorf("solstice %d = %v, want %v", tc.year, got, tc.want)
		}
	}
}

func TestTetDate(t *testing.T) {
	for _, tc := range []struct {
		year int
		vn   Date
		cn   Date // Chinese New Year (UTC+8), a check on the shared algorithm
	}{
		{1985, Date{1985, 1, 21}, Date{1985, 2, 20}},
		{2007, Date{2007, 2, 17}, Date{2007, 2, 18}},
		{2020, Date{2020, 1, 25}, Date{2020, 1, 25}},
		{2021, Date{2021, 2, 12}, Date{2021, 2, 12}},
		{2022, Date{2022, 2, 1}, Date{2022, 2, 1}},
		{2023, Date{2023, 1, 22}, Date{2023, 1, 22}},
		{2024, Date{2024, 2, 10}, Date{2024, 2, 10}},
		{2025, Date{2025, 1, 29}, Date{2025, 1, 29}},
		{2026, Date{2026, 2, 17}, Date{2026, 2, 17}},
		{2027, Date{2027, 2, 6}, Date{2027, 2, 6}},
		{2028, Date{2028, 1, 26}, Date{2028, 1, 26}},
		{2029, Date{2029, 2, 13}, Date{2029, 2, 13}},
		{2030, Date{2030, 2, 2}, Date{2030, 2, 3}},
		{2031, Date{2031, 1, 23}, Date{2031, 1, 23}},
	} {
		if got := TetDate(tc.year); got != tc.vn {
			t.Errorf("TetDate(%d) = %v, want %v", tc.year, got, tc.vn)
		}
		if got := tetTZ(tc.year, 8); got != tc.cn {
			t.Errorf("Chinese New Year %d = %v, want %v", tc.year, got, tc.cn)
		}
		if got := ToLunar(tc.vn); got != (LunarDate{tc.year, 1, 1, false}) {
			t.Errorf("ToLunar(%v) = %+v, want 1/1/%d", tc.vn, got, tc.year)
		}
	}
}

func TestGioTo(t *testing.T) {
	for _, want := range []Date{
		{2020, 4, 2}, {2021, 4, 21}, {2022, 4, 10}, {2023, 4, 29},
		{2024, 4, 18}, {2025, 4, 7}, {2026, 4, 26}, {2027, 4, 16},
		{2028, 4, 4}, {2029, 4, 23}, {2030, 4, 12},
		// The brief listed 2031-04-02, but month 3 of Tân Hợi starts with
		// the new moon of 2031-03-23 03:49 UTC (10:49 in Vietnam and 11:49
		// in China, far from midnight), so 10/3 is Tuesday 1 April 2031.
		{2031, 4, 1},
	} {
		got, err := FromLunar(LunarDate{Year: want.Year, Month: 3, Day: 10})
		if err != nil || got != want {
			t.Errorf("Giỗ Tổ %d = %v, %v; want %v", want.Year, got, err, want)
		}
	}
}

func TestLeapMonth(t *testing.T) {
	for _, tc := range []struct{ year, leap int }{
		{2017, 6}, {2019, 0}, {2020, 4}, {2021, 0}, {2022, 0}, {2023, 2},
		{2024, 0}, {2025, 6}, {2026, 0}, {2027, 0}, {2028, 5}, {2031, 3},
	} {
		if got := LeapMonth(tc.year); got != tc.leap {
			t.Errorf("LeapMonth(%d) = %d, want %d", tc.year, got, tc.leap)
		}
	}
}

func TestToLunarKnownDays(t *testing.T) {
	for _, tc := range []struct {
		d    Date
		want LunarDate
	}{
		{Date{2020, 5, 23}, LunarDate{2020, 4, 1, true}},    // first day of leap month 4
		{Date{2023, 3, 22}, LunarDate{2023, 2, 1, true}},    // first day of leap month 2
		{Date{2025, 7, 25}, LunarDate{2025, 6, 1, true}},    // first day of leap month 6
		{Date{2026, 2, 16}, LunarDate{2025, 12, 29, false}}, // the last day of Ất Tỵ
		{Date{2026, 9, 25}, LunarDate{2026, 8, 15, false}},  // Tết Trung thu 2026
		{Date{1900, 1, 1}, LunarDate{1899, 12, 1, false}},
	} {
		if got := ToLunar(tc.d); got != tc.want {
			t.Errorf("ToLunar(%v) = %+v, want %+v", tc.d, got, tc.want)
		}
	}
}

func TestFromLunarErrors(t *testing.T) {
	for _, ld := range []LunarDate{
		{2026, 4, 1, true},   // 2026 has no leap month
		{2020, 5, 1, true},   // 2020 leap month is 4, not 5
		{2026, 13, 1, false}, // no month 13
		{2026, 1, 0, false},
		{2026, 1, 31, false},
	} {
		if _, err := FromLunar(ld); !errors.Is(err, ErrNoSuchLunarDate) {
			t.Errorf("FromLunar(%+v) err = %v, want ErrNoSuchLunarDate", ld, err)
		}
	}
	// Day 30 exists only in 30-day months.
	for _, ld := range []LunarDate{{2026, 1, 30, false}, {2026, 2, 30, false}} {
		_, err := FromLunar(ld)
		start, _ := FromLunar(LunarDate{ld.Year, ld.Month, 1, false})
		next := ToLunar(start.AddDays(29))
		if (next.Day == 30) != (err == nil) {
			t.Errorf("FromLunar(%+v) err = %v but 30th day is %+v", ld, err, next)
		}
	}
	if _, err := FromLunar(LunarDate{1700, 1, 1, false}); !errors.Is(err, ErrLunarRange) {
		t.Errorf("FromLunar(1700) err = %v, want ErrLunarRange", err)
	}
	if got := ToLunar(Date{1700, 1, 1}); !got.IsZero() {
		t.Errorf("ToLunar(1700) = %+v, want zero", got)
	}
	if got := TetDate(2300); !got.IsZero() {
		t.Errorf("TetDate(2300) = %v, want zero", got)
	}
}

// TestLunarRoundTrip walks every day from 1900 to 2100 and checks that the
// lunar date advances by one day (or starts a new month after day 29/30),
// that months follow each other in order with at most one leap month a
// year, and that FromLunar inverts ToLunar.
func TestLunarRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("walks 73,000 days")
	}
	first, last := Date{1900, 1, 1}, Date{2100, 12, 31}
	prev := ToLunar(first.AddDays(-1))
	leapYears := map[int]int{}
	for d := first; !d.After(last); d = d.AddDays(1) {
		ld := ToLunar(d)
		if ld.Day == 1 {
			if prev.Day != 29 && prev.Day != 30 {
				t.Fatalf("%v: month ended on day %d", d, prev.Day)
			}
			switch {
			case ld.Leap:
				if ld.Month != prev.Month || prev.Leap || ld.Year != prev.Year {
					t.Fatalf("%v: leap month %+v after %+v", d, ld, prev)
				}
				leapYears[ld.Year]++
			case ld.Month == 1:
				if prev.Month != 12 || ld.Year != prev.Year+1 {
					t.Fatalf("%v: new year %+v after %+v", d, ld, prev)
				}
				if TetDate(ld.Year) != d {
					t.Fatalf("TetDate(%d) = %v, want %v", ld.Year, TetDate(ld.Year), d)
				}
			default:
				if ld.Month != prev.Month+1 || ld.Year != prev.Year {
					t.Fatalf("%v: month %+v after %+v", d, ld, prev)
				}
			}
		} else if ld != (LunarDate{prev.Year, prev.Month, prev.Day + 1, prev.Leap}) {
			t.Fatalf("%v: %+v after %+v", d, ld, prev)
		}
		back, err := FromLunar(ld)
		if err != nil || back != d {
			t.Fatalf("FromLunar(ToLunar(%v) = %+v) = %v, %v", d, ld, back, err)
		}
		prev = ld
	}
	for y, n := range leapYears {
		if n != 1 {
			t.Errorf("lunar year %d has %d leap months", y, n)
		}
		if LeapMonth(y) == 0 {
			t.Errorf("LeapMonth(%d) = 0 but a leap month was walked", y)
		}
	}
	// 1900–2100 has 74 or 75 leap months (7 in every 19 years).
	if n := len(leapYears); n < 73 || n > 76 {
		t.Errorf("%d leap years in 1900–2100", n)
	}
}

func TestLunarStrings(t *testing.T) {
	for _, tc := range []struct {
		ld          LunarDate
		short, long string
	}{
		{LunarDate{2026, 8, 15, false}, "15/8", "ngày 15 tháng 8 năm Bính Ngọ"},
		{LunarDate{2020, 4, 15, true}, "15/4 nhuận", "ngày 15 tháng 4 nhuận năm Canh Tý"},
		{LunarDate{2025, 1, 1, false}, "1/1", "ngày 1 tháng 1 năm Ất Tỵ"},
		{LunarDate{}, "", ""},
	} {
		if got := tc.ld.String(); got != tc.short {
			t.Errorf("String(%+v) = %q, want %q", tc.ld, got, tc.short)
		}
		if got := tc.ld.Long(); got != tc.long {
			t.Errorf("Long(%+v) = %q, want %q", tc.ld, got, tc.long)
		}
	}
	for y, want := range map[int]string{1984: "Giáp Tý", 1945: "Ất Dậu", 2024: "Giáp Thìn", 2023: "Quý Mão", 2027: "Đinh Mùi"} {
		if got := CanChi(y); got != want {
			t.Errorf("CanChi(%d) = %q, want %q", y, got, want)
		}
	}
}
