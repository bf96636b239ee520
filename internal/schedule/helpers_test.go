package schedule

import (
	"testing"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

func day(y int, m time.Month, d int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: d} }

// vnAt is hh:mm Vietnam time on y-m-d.
func vnAt(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, calendar.VN())
}

func ptr(t time.Time) *time.Time { return &t }

// testCalendar is the 2026 calendar the hard cases need. The overrides are
// explicit so the tests hold whatever the default rules compute.
func testCalendar(t testing.TB) *calendar.Calendar {
	t.Helper()
	off := func(d calendar.Date, name string) calendar.Override {
		return calendar.Override{Date: d, Working: false, Name: name}
	}
	ov := []calendar.Override{
		off(day(2026, 1, 1), "Tết Dương lịch"),
		off(day(2026, 1, 2), "Nghỉ hoán đổi Tết Dương lịch"),
		{Date: day(2026, 1, 10), Working: true, Name: "Làm bù cho ngày 02/01/2026"},
		off(day(2026, 2, 16), "Tết Nguyên đán"),
		off(day(2026, 2, 17), "Tết Nguyên đán"),
		off(day(2026, 2, 18), "Tết Nguyên đán"),
		off(day(2026, 2, 19), "Tết Nguyên đán"),
		off(day(2026, 2, 20), "Tết Nguyên đán"),
		off(day(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương"),
		off(day(2026, 4, 30), "Ngày Giải phóng miền Nam, thống nhất đất nước"),
		off(day(2026, 5, 1), "Ngày Quốc tế Lao động"),
	}
	return calendar.New(calendar.Rules{}, ov)
}

func wantKind(t *testing.T, err error, kind errs.Kind) {
	t.Helper()
	if !errs.Is(err, kind) {
		t.Fatalf("error = %v, want kind %s", err, kind)
	}
}
