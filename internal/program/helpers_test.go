package program

import (
	"testing"
	"time"

	"dieuhanh/internal/calendar"
)

// d parses "YYYY-MM-DD" or fails the test run.
func d(s string) calendar.Date {
	v, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// dp is a pointer to d(s).
func dp(s string) *calendar.Date { v := d(s); return &v }

// vn is a time given as Vietnam wall-clock time "YYYY-MM-DD HH:MM".
func vn(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, time.FixedZone("ICT", 7*3600))
	if err != nil {
		panic(err)
	}
	return t
}

// utc is a time given in RFC 3339.
func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func tp(t time.Time) *time.Time { return &t }

// testCal is the real calendar with the government's 2026 swap: Friday
// 02/01/2026 off, Saturday 10/01/2026 worked.
func testCal(tb testing.TB) *calendar.Calendar {
	tb.Helper()
	return calendar.New(calendar.Rules{}, []calendar.Override{
		{Date: d("2026-01-02"), Working: false, Name: "Nghỉ Tết Dương lịch (hoán đổi)"},
		{Date: d("2026-01-10"), Working: true, Name: "Làm bù cho ngày 02/01/2026"},
	})
}

func TestCalendarAssumptions(t *testing.T) {
	c := testCal(t)
	for _, tc := range []struct {
		day     string
		working bool
	}{
		{"2026-01-01", false}, {"2026-01-02", false}, {"2026-01-10", true}, {"2026-01-09", true},
		{"2026-02-13", true}, {"2026-02-16", false}, {"2026-02-20", false}, {"2026-02-23", true},
		{"2026-04-26", false}, {"2026-04-27", false}, {"2026-04-28", true},
		{"2026-04-30", false}, {"2026-05-01", false}, {"2026-05-04", true},
		{"2028-02-29", true},
	} {
		if got := c.IsWorkingDay(d(tc.day)); got != tc.working {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", tc.day, got, tc.working)
		}
	}
}
