package calendar

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"
)

// dayNum, fromDayNum, NewDate and Weekday must agree with package time over
// a wide range, including negative day numbers and century leap rules.
func TestDayNumAgreesWithTime(t *testing.T) {
	start := time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 400*366; i += 1 {
		tt := start.AddDate(0, 0, i)
		d := Date{tt.Year(), tt.Month(), tt.Day()}
		n := dayNum(d)
		if want := int(tt.Unix() / 86400); n != want {
			t.Fatalf("dayNum(%v) = %d, want %d", d, n, want)
		}
		if got := fromDayNum(n); got != d {
			t.Fatalf("fromDayNum(%d) = %v, want %v", n, got, d)
		}
		if got := d.Weekday(); got != tt.Weekday() {
			t.Fatalf("%v.Weekday() = %v, want %v", d, got, tt.Weekday())
		}
	}
}

func TestNewDateNormalizes(t *testing.T) {
	for _, tc := range []struct {
		y    int
		m    time.Month
		d    int
		want Date
	}{
		{2026, 2, 30, Date{2026, 3, 2}},
		{2028, 2, 30, Date{2028, 3, 1}},
		{2026, 13, 1, Date{2027, 1, 1}},
		{2026, 1, 0, Date{2025, 12, 31}},
		{2026, 0, 1, Date{2025, 12, 1}},
		{2026, -11, 1, Date{2025, 1, 1}},
		{2026, 3, -1, Date{2026, 2, 27}},
		{2026, 12, 32, Date{2027, 1, 1}},
		{2026, 5, 15, Date{2026, 5, 15}},
	} {
		if got := NewDate(tc.y, tc.m, tc.d); got != tc.want {
			t.Errorf("NewDate(%d, %d, %d) = %v, want %v", tc.y, tc.m, tc.d, got, tc.want)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 10000; i++ {
		y, m, d := 1900+r.IntN(300), time.Month(r.IntN(40)-14), r.IntN(800)-400
		tt := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		if got, want := NewDate(y, m, d), (Date{tt.Year(), tt.Month(), tt.Day()}); got != want {
			t.Fatalf("NewDate(%d, %d, %d) = %v, want %v", y, m, d, got, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2026-02-17", Date{2026, 2, 17}, true},
		{" 2028-02-29 ", Date{2028, 2, 29}, true},
		{"2026-02-29", Date{}, false},
		{"2026-02-30", Date{}, false},
		{"2026-04-31", Date{}, false},
		{"2026-13-01", Date{}, false},
		{"2026-00-10", Date{}, false},
		{"2026-1-5", Date{}, false},
		{"17/02/2026", Date{}, false},
		{"2026-02-1x", Date{}, false},
		{"+026-02-10", Date{}, false},
		{"", Date{}, false},
	} {
		got, err := ParseDate(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestParseVNDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Date
		ok   bool
	}{
		{"17/02/2026", Date{2026, 2, 17}, true},
		{"2/9/2026", Date{2026, 9, 2}, true},
		{"02/9/2026", Date{2026, 9, 2}, true},
		{"29/02/2028", Date{2028, 2, 29}, true},
		{"29/02/2026", Date{}, false},
		{"31/04/2026", Date{}, false},
		{"1/13/2026", Date{}, false},
		{"01/02/26", Date{}, false},
		{"001/02/2026", Date{}, false},
		{"2026-02-17", Date{}, false},
		{"1/2/2026/", Date{}, false},
		{"", Date{}, false},
	} {
		got, err := ParseVNDate(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseVNDate(%q) = %v, %v; want %v ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestDateFormatting(t *testing.T) {
	d := Date{2026, 1, 2}
	if d.String() != "2026-01-02" || d.VN() != "02/01/2026" {
		t.Errorf("got %q %q", d.String(), d.VN())
	}
	if (Date{}).String() != "" || (Date{}).VN() != "" {
		t.Error("zero Date must format as empty")
	}
	b, err := json.Marshal(struct {
		Due  Date
		Done Date
	}{Due: d})
	if err != nil || string(b) != `{"Due":"2026-01-02","Done":""}` {
		t.Fatalf("json = %s, %v", b, err)
	}
	var back struct{ Due, Done Date }
	if err := json.Unmarshal(b, &back); err != nil || back.Due != d || !back.Done.IsZero() {
		t.Fatalf("unmarshal = %+v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"Due":"2026-02-30"}`), &back); err == nil {
		t.Error("unmarshal accepted 2026-02-30")
	}
}

func TestDateArithmetic(t *testing.T) {
	a, b := Date{2026, 2, 16}, Date{2026, 3, 2}
	if a.DaysUntil(b) != 14 || b.DaysUntil(a) != -14 {
		t.Errorf("DaysUntil = %d, %d", a.DaysUntil(b), b.DaysUntil(a))
	}
	if a.AddDays(14) != b || b.AddDays(-14) != a || a.AddDays(0) != a {
		t.Error("AddDays")
	}
	if (Date{2028, 2, 28}).AddDays(1) != (Date{2028, 2, 29}) || (Date{2026, 12, 31}).AddDays(1) != (Date{2027, 1, 1}) {
		t.Error("AddDays across leap day / year end")
	}
	if !a.Before(b) || a.After(b) || !b.After(a) || a.Equal(b) || !a.Equal(a) {
		t.Error("Before/After/Equal")
	}
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 ||
		(Date{2025, 12, 31}).Compare(Date{2026, 1, 1}) != -1 || (Date{2026, 2, 1}).Compare(Date{2026, 1, 31}) != 1 {
		t.Error("Compare")
	}
	if !(Date{}).IsZero() || a.IsZero() {
		t.Error("IsZero")
	}
}

func TestWeeks(t *testing.T) {
	for _, tc := range []struct {
		d, monday  Date
		isoY, isoW int
	}{
		{Date{2026, 2, 17}, Date{2026, 2, 16}, 2026, 8},
		{Date{2026, 2, 22}, Date{2026, 2, 16}, 2026, 8},  // Sunday ends the week
		{Date{2026, 2, 16}, Date{2026, 2, 16}, 2026, 8},  // Monday starts it
		{Date{2027, 1, 1}, Date{2026, 12, 28}, 2026, 53}, // Friday; 2026 has 53 ISO weeks
		{Date{2025, 12, 31}, Date{2025, 12, 29}, 2026, 1},
	} {
		if got := tc.d.MondayOfWeek(); got != tc.monday {
			t.Errorf("%v.MondayOfWeek() = %v, want %v", tc.d, got, tc.monday)
		}
		if y, w := tc.d.ISOWeek(); y != tc.isoY || w != tc.isoW {
			t.Errorf("%v.ISOWeek() = %d-W%d, want %d-W%d", tc.d, y, w, tc.isoY, tc.isoW)
		}
	}
}

func TestWeekdayVN(t *testing.T) {
	want := []string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}
	for w, s := range want {
		if got := WeekdayVN(time.Weekday(w)); got != s {
			t.Errorf("WeekdayVN(%d) = %q, want %q", w, got, s)
		}
	}
}

func TestDaysIn(t *testing.T) {
	for _, tc := range []struct {
		y    int
		m    time.Month
		want int
	}{
		{2026, 2, 28}, {2028, 2, 29}, {1900, 2, 28}, {2000, 2, 29}, {2100, 2, 28},
		{2026, 4, 30}, {2026, 12, 31}, {2026, 1, 31}, {2026, 9, 30},
	} {
		if got := DaysIn(tc.y, tc.m); got != tc.want {
			t.Errorf("DaysIn(%d, %d) = %d, want %d", tc.y, tc.m, got, tc.want)
		}
	}
}

func TestVietnamTime(t *testing.T) {
	ny := time.FixedZone("EST", -5*3600)
	for _, tc := range []struct {
		t    time.Time
		want Date
	}{
		{time.Date(2026, 11, 24, 17, 30, 0, 0, time.UTC), Date{2026, 11, 25}},
		{time.Date(2026, 11, 24, 16, 59, 59, 999999999, time.UTC), Date{2026, 11, 24}},
		{time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC), Date{2026, 11, 25}},
		{time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC), Date{2027, 1, 1}},
		{time.Date(2026, 11, 24, 12, 0, 0, 0, ny), Date{2026, 11, 25}}, // 17:00 UTC
		{time.Date(2026, 11, 24, 23, 59, 0, 0, VN()), Date{2026, 11, 24}},
	} {
		if got := DateOf(tc.t); got != tc.want {
			t.Errorf("DateOf(%v) = %v, want %v", tc.t, got, tc.want)
		}
	}
	d := Date{2026, 2, 17}
	if got, want := d.Start(), time.Date(2026, 2, 16, 17, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Start = %v, want %v", got, want)
	}
	if got, want := d.End(), time.Date(2026, 2, 17, 17, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("End = %v, want %v", got, want)
	}
	if _, off := d.Start().Zone(); off != 7*3600 {
		t.Errorf("Start offset = %d", off)
	}
	if DateOf(d.Start()) != d || DateOf(d.End()) != d.AddDays(1) || DateOf(d.End().Add(-time.Nanosecond)) != d {
		t.Error("Start/End must bracket the day")
	}
}
