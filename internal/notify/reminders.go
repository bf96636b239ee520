package notify

import (
	"fmt"
	"strings"
	"time"

	"dieuhanh/internal/calendar"
)

// ReminderHour is when the reminders of a working day come: 07:00 Vietnam
// time, as the offices open.
const ReminderHour = 7

// WorkCalendar is what reminders need of a ward's working-day calendar
// (calendar.Calendar).
type WorkCalendar interface {
	IsWorkingDay(d calendar.Date) bool
	AddWorkingDays(d calendar.Date, n int) calendar.Date
	NextWorkingDay(d calendar.Date) calendar.Date
}

// ReminderDay is the working day of the reminder "n working days before"
// day due. A due day that is a day off counts from the next working day
// (a period ending on a day off ends on the next working day).
func ReminderDay(cal WorkCalendar, due calendar.Date, n int) calendar.Date {
	return cal.AddWorkingDays(cal.NextWorkingDay(due), -n)
}

// ReminderNow tells which reminder of a day due falls at now, among those
// n working days before it for n in steps: the one whose day is today,
// from ReminderHour on. A reminder belongs to its day: none comes on a day
// off, and one whose day passed while no server ran is not sent late with
// a count of days that is no longer true (the next one, and the digest,
// say what is true then).
func ReminderNow(cal WorkCalendar, due calendar.Date, steps []int, now time.Time) (int, bool) {
	today := calendar.DateOf(now)
	if !cal.IsWorkingDay(today) || now.Before(today.Start().Add(ReminderHour*time.Hour)) {
		return 0, false
	}
	for _, n := range steps {
		if ReminderDay(cal, due, n) == today {
			return n, true
		}
	}
	return 0, false
}

// Key is the unique key of what a sweep produces: the kind, the object and
// the instant it is about (a deadline, a due day), plus details such as
// which of several reminders. Recording under it once makes a re-run, or
// a second server, produce nothing more.
func Key(kind Kind, object string, id int64, due time.Time, details ...string) string {
	k := fmt.Sprintf("%s:%s:%d:%s", kind, object, id, due.UTC().Format(time.RFC3339))
	if len(details) > 0 {
		k += ":" + strings.Join(details, ":")
	}
	return k
}

// DayKey is Key for something about a day rather than an instant.
func DayKey(kind Kind, object string, id int64, day calendar.Date, details ...string) string {
	k := fmt.Sprintf("%s:%s:%d:%s", kind, object, id, day)
	if len(details) > 0 {
		k += ":" + strings.Join(details, ":")
	}
	return k
}

// DaysLeft says "n working days" the way a reminder does.
func DaysLeft(n int) string {
	switch n {
	case 0:
		return "hôm nay"
	case 1:
		return "còn 01 ngày làm việc"
	}
	return fmt.Sprintf("còn %02d ngày làm việc", n)
}
