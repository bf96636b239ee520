package program

import (
	"testing"
	"time"
)

func TestRegistrationDeadline(t *testing.T) {
	cal := testCal(t)
	for _, tc := range []struct {
		pm       Month
		closeDay int
		want     string
	}{
		{Month{2026, time.June}, 20, "2026-05-20"},     // Wednesday
		{Month{2026, time.June}, 0, "2026-05-20"},      // default 20
		{Month{2026, time.July}, 20, "2026-06-22"},     // 20/06 Saturday → Monday 22/06
		{Month{2026, time.March}, 20, "2026-02-23"},    // 20/02 in Tết → Monday 23/02
		{Month{2026, time.October}, 20, "2026-09-21"},  // 20/09 Sunday → Monday
		{Month{2027, time.January}, 20, "2026-12-21"},  // 20/12 Sunday, across the year
		{Month{2028, time.March}, 30, "2028-02-29"},    // clamped to the leap day (Tuesday)
		{Month{2026, time.March}, 31, "2026-03-02"},    // 28/02/2026 Saturday → Monday 02/03
		{Month{2026, time.February}, 10, "2026-01-10"}, // make-up Saturday: a working day, no roll
	} {
		got := RegistrationDeadline(tc.pm, tc.closeDay, cal)
		if got != d(tc.want) {
			t.Errorf("RegistrationDeadline(%s, %d) = %s, want %s", tc.pm, tc.closeDay, got, tc.want)
		}
	}
}

func TestIsLateRegistration(t *testing.T) {
	cal := testCal(t)
	june, july, march := Month{2026, time.June}, Month{2026, time.July}, Month{2026, time.March}
	for _, tc := range []struct {
		name string
		pm   Month
		at   time.Time
		late bool
	}{
		{"early in the month", june, vn("2026-05-04 08:00"), false},
		{"closing day 23:59 Vietnam time", june, vn("2026-05-20 23:59"), false},
		{"closing day 23:59 given in UTC", june, utc("2026-05-20T16:59:00Z"), false},
		{"00:01 the next day (still the 20th in UTC)", june, utc("2026-05-20T17:01:00Z"), true},
		{"closing Saturday rolls to Monday: Sunday is on time", july, vn("2026-06-21 10:00"), false},
		{"closing Saturday rolls to Monday: Monday evening on time", july, vn("2026-06-22 22:00"), false},
		{"closing Saturday rolls to Monday: Tuesday late", july, vn("2026-06-23 00:01"), true},
		{"closing day in Tết: on time until 23/02", march, vn("2026-02-23 17:00"), false},
		{"closing day in Tết: late on 24/02", march, vn("2026-02-24 08:00"), true},
		{"after the program month began", june, vn("2026-06-02 08:00"), true},
		{"for a month two ahead: on time", july, vn("2026-05-25 08:00"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsLateRegistration(tc.pm, tc.at, 20, cal); got != tc.late {
				t.Errorf("IsLateRegistration(%s, %s) = %v, want %v", tc.pm, tc.at, got, tc.late)
			}
		})
	}
}
