package program

import (
	"time"

	"dieuhanh/internal/calendar"
)

// DefaultRegistrationCloseDay is the day of month M until which units
// register items for the program of month M+1.
const DefaultRegistrationCloseDay = 20

// RegistrationDeadline is the last day on which registering an item for
// program month pm is on time: day closeDay of the previous month (clamped
// to that month's length; closeDay <= 0 means the default 20), moved to the
// next working day when it is a day off (Civil Code art. 148, as for any
// period ending on a non-working day). The window closes at 24:00 Vietnam
// time of that day.
func RegistrationDeadline(pm Month, closeDay int, cal WorkCalendar) calendar.Date {
	if closeDay <= 0 {
		closeDay = DefaultRegistrationCloseDay
	}
	return cal.NextWorkingDay(pm.Prev().Day(closeDay))
}

// IsLateRegistration reports whether an item registered at registeredAt for
// program month pm is late ("đăng ký muộn"): registered, in Vietnam time,
// after RegistrationDeadline. A late registration is accepted but waits for
// the leader in charge.
func IsLateRegistration(pm Month, registeredAt time.Time, closeDay int, cal WorkCalendar) bool {
	return calendar.DateOf(registeredAt).After(RegistrationDeadline(pm, closeDay, cal))
}
