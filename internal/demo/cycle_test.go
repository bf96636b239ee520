package demo

import (
	"testing"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
)

// Every month the demo can meet (2026–2100, Tết and the other holidays
// included) gets a cycle that the rules accept, in order: on-time
// registrations, then a late one and its acceptance, then submission,
// approval and issue before the month starts, then the amendment.
func TestCycleFollowsTheRulesEveryMonth(t *testing.T) {
	cal := calendar.New(calendar.Rules{}, nil)
	rules := org.DefaultSettings()
	at := func(d calendar.Date, hour int) time.Time { return d.Start().Add(time.Duration(hour) * time.Hour) }
	for m := (program.Month{Year: 2026, Month: time.January}); m.Year <= 2100; m = m.Next() {
		// As the current month (everything in the past) and as next month,
		// seen on the 1st of the month before at 10:00.
		for _, now := range []time.Time{at(m.Next().Day(28), 10), at(m.Prev().First(), 10)} {
			c := cycleOf(m, cal, rules, now)
			lastReg := c.register
			for i := range 3 {
				d := cal.AddWorkingDays(c.register, i)
				if !cal.IsWorkingDay(d) || program.IsLateRegistration(m, at(d, 13), rules.RegistrationCloseDay, cal) {
					t.Fatalf("%s (now %s): registration day %s is off or late", m, now.Format(time.DateOnly), d)
				}
				lastReg = d
			}
			if at(lastReg, 14).After(now) {
				t.Errorf("%s (now %s): registrations end %s, after now", m, now.Format(time.DateOnly), lastReg)
			}
			if !program.IsLateRegistration(m, at(c.late, 9), rules.RegistrationCloseDay, cal) {
				t.Errorf("%s: the late registration on %s is on time", m, c.late)
			}
			if program.IsLateRegistration(m, at(cal.AddWorkingDays(c.late, -1), 23), rules.RegistrationCloseDay, cal) {
				t.Errorf("%s: late on %s, but the working day before is late already", m, c.late)
			}
			steps := []struct {
				name string
				at   time.Time
			}{
				{"late", at(c.late, 9)}, {"accept", at(c.accept, 10)}, {"submit", at(c.submit, 15)},
				{"approve", at(c.approve, 9)}, {"issue", at(c.issue, 14)}, {"amend", at(c.amend, 9)},
			}
			if c.noLate {
				// Only where Tết leaves no working day between the deadline
				// and the month's end.
				if m != (program.Month{Year: 2034, Month: time.March}) {
					t.Errorf("%s: no late registration", m)
				}
				steps = steps[2:]
			}
			for i, s := range steps {
				if !cal.IsWorkingDay(calendar.DateOf(s.at)) {
					t.Errorf("%s: %s on %s, not a working day", m, s.name, calendar.DateOf(s.at))
				}
				if i > 0 && !s.at.After(steps[i-1].at) {
					t.Errorf("%s: %s (%s) not after %s (%s)", m, s.name, s.at, steps[i-1].name, steps[i-1].at)
				}
			}
			if carry := at(c.carry, c.carryHour); !carry.Before(at(c.submit, 15)) || !cal.IsWorkingDay(c.carry) {
				t.Errorf("%s: carry-over %s, submitted %s", m, carry, c.submit)
			}
			if !m.Prev().Contains(c.issue) || !m.Contains(c.amend) || !m.Contains(c.lateDue) || !cal.IsWorkingDay(c.lateDue) {
				t.Errorf("%s: issued %s, amended %s, late item due %s", m, c.issue, c.amend, c.lateDue)
			}
		}
	}
}
