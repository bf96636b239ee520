package program

import (
	"fmt"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

// RuleDueDateDayOff is the rule code of a due date that falls on a day off:
// a warning the person confirms ("Vẫn giữ ngày này") or resolves with the
// offered working day, never a silent acceptance.
const RuleDueDateDayOff = "due_date_day_off"

// DayOff is a due date on a day off with the working day to offer instead.
type DayOff struct {
	Date    calendar.Date
	Suggest calendar.Date
	Message string
}

// DueDayOff reports whether d falls on a day off and, if so, the working
// day to offer: the previous working day, or the next one when the previous
// is before earliest (the first day the date may take, e.g. the program
// month's first day; zero for no bound). Make-up Saturdays are working
// days: no warning. The message reads, e.g.:
//
//	Ngày 25/10/2026 là Chủ nhật (ngày nghỉ). Chọn ngày làm việc liền trước: Thứ Sáu 23/10/2026?
//	Ngày 02/09/2026 là Thứ Tư, ngày nghỉ (Quốc khánh). Chọn ngày làm việc liền trước: Thứ Hai 31/08/2026?
func DueDayOff(d calendar.Date, cal WorkCalendar, earliest calendar.Date) (DayOff, bool) {
	if d.IsZero() || cal.IsWorkingDay(d) {
		return DayOff{}, false
	}
	wd := calendar.WeekdayVN(d.Weekday())
	what := fmt.Sprintf("Ngày %s là %s (ngày nghỉ).", d.VN(), wd)
	if describer, ok := cal.(dayDescriber); ok {
		if name := describer.Day(d).Name; name != "" {
			what = fmt.Sprintf("Ngày %s là %s, ngày nghỉ (%s).", d.VN(), wd, name)
		}
	}
	s, side := cal.PrevWorkingDay(d), "liền trước"
	if !earliest.IsZero() && s.Before(earliest) {
		s, side = cal.NextWorkingDay(d), "liền sau"
	}
	return DayOff{Date: d, Suggest: s, Message: fmt.Sprintf("%s Chọn ngày làm việc %s: %s %s?",
		what, side, calendar.WeekdayVN(s.Weekday()), s.VN())}, true
}

// DayOffError is the warning for the given fields (field → day off): an
// invalid error with rule code RuleDueDateDayOff, the message beside each
// field and the offered working day (YYYY-MM-DD) as the field's
// suggestion. nil when offs is empty.
func DayOffError(offs map[string]DayOff) error {
	if len(offs) == 0 {
		return nil
	}
	e := &errs.Error{Kind: errs.Invalid, Code: RuleDueDateDayOff, Fields: map[string]string{}, Suggest: map[string]string{},
		Message: "Thời hạn rơi vào ngày nghỉ: chọn ngày làm việc được gợi ý, hoặc xác nhận vẫn giữ ngày này."}
	for k, o := range offs {
		e.Fields[k], e.Suggest[k] = o.Message, o.Suggest.String()
	}
	return e
}

// CheckDueDay is DueDayOff for one field: nil when d is a working day or
// the person confirmed the day off (allow), else DayOffError.
func CheckDueDay(field string, d calendar.Date, cal WorkCalendar, earliest calendar.Date, allow bool) error {
	if allow {
		return nil
	}
	if o, off := DueDayOff(d, cal, earliest); off {
		return DayOffError(map[string]DayOff{field: o})
	}
	return nil
}
