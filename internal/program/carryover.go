package program

import (
	"fmt"
	"time"

	"dieuhanh/internal/calendar"
)

// Carry-over (chuyển nội dung sang tháng sau) moves the work left unfinished
// in month M into the program of M+1, counting each item's lateness once.
//
// The Office drafts M+1's program around the 25th of M and has it issued by
// M's last working day, so what will not be finished is planned into it
// before M ends: the Office picks the unfinished items and gives each an
// agreed new deadline inside M+1. The copy links to its original (carried
// from), shows the original deadline as history and is agreed when the
// Chairman approves the M+1 program that carries it. The plan holds only for
// what is still unfinished when M closes (24:00 of its last day, Vietnam
// time):
//
//   - an item whose completion is reported before the close stays in M
//     (done on time or late there, or waiting there for its verdict) and its
//     copy is void: cancelled at once, never counted;
//   - an item with no standing completion at the close is closed in M as
//     "chuyển sang tháng sau" (StatusCarriedOver), counted once there as
//     unfinished (late when its deadline passed within M), and not reported
//     on any more; the work goes on on the copy, which counts in M+1 against
//     its new deadline only.
//
// A completion waiting for its verdict is not unfinished: the verdict
// belongs to M. A rejection reopens the item in M, where it stays counted;
// it is not carried unless the Office carries it while M+1 is still a draft.
// The copy itself cannot be reported on before M closes: until then the
// work is reported on the original.

// MaxCarryOver bounds one carry-over request (a month has far fewer items).
const MaxCarryOver = 500

// MonthClosed reports whether month m has ended at now (Vietnam time).
func MonthClosed(m Month, now time.Time) bool {
	return m.Valid() && calendar.DateOf(now).After(m.Last())
}

// CanCarry reports whether an item of an issued program may be carried over:
// not cancelled, no standing completion (none, or a rejected one), and no
// live copy in the next month already.
func CanCarry(f ItemFacts) bool {
	return !f.Cancelled && !f.completed() && f.CarriedTo == 0
}

// CarriedOver reports whether the item is closed in its month as carried
// over: it has a live copy in the next month and its month has ended.
func CarriedOver(f ItemFacts, now time.Time) bool {
	return f.CarriedTo != 0 && !f.Cancelled && MonthClosed(f.Month, now)
}

// CarriedLate reports whether a carried item was late in its own month: its
// effective deadline fell within the month, so at the close it had passed.
// An item extended into the next month was carried unfinished but in time.
func CarriedLate(f ItemFacts, cal WorkCalendar) bool {
	return f.Month.Valid() && !EffectiveDeadline(f, cal).After(f.Month.Last())
}

// SuggestCarryDeadline is the new deadline the carry-over form offers for
// an item of month from: the original deadline when it already lies in the
// next month (an extension), else the same day of the next month (clamped
// to its length, 31/10 → 30/11), moved back to a working day, or forward
// when that would leave the month (a 1st on a weekend, Tết). The Office
// changes it as agreed with the leader in charge.
func SuggestCarryDeadline(from Month, f ItemFacts, cal WorkCalendar) calendar.Date {
	to := from.Next()
	deadline := f.Deadline()
	if to.Contains(deadline) {
		return cal.NextWorkingDay(deadline)
	}
	d := to.Day(deadline.Day)
	if from.Contains(deadline) && deadline.Day == from.Days() {
		d = to.Last() // the last day stays the last day: 30/09 → 31/10
	}
	if p := cal.PrevWorkingDay(d); to.Contains(p) {
		return p
	}
	return cal.NextWorkingDay(d)
}

// ValidateCarryDeadline checks the agreed new deadline of a copy carried
// from month from into the next month: a date inside the next month, not
// before the original's approved deadline. (A day off is the separate
// day-off warning.) Problems come back as one message for the field.
func ValidateCarryDeadline(from Month, f ItemFacts, due calendar.Date) string {
	to := from.Next()
	switch {
	case due.IsZero():
		return "Chưa nhập thời hạn mới (thời hạn đã thống nhất với lãnh đạo phụ trách)."
	case !to.Contains(due):
		return fmt.Sprintf("Thời hạn mới phải nằm trong %s (từ %s đến %s).", to.Label(), to.First().VN(), to.Last().VN())
	case due.Before(f.Deadline()):
		return fmt.Sprintf("Thời hạn mới không được trước thời hạn hiện tại (%s).", f.Deadline().VN())
	}
	return ""
}

// CarryNote is the "Ghi chú" of a copy in the next month's program: where
// it comes from and the deadline it had there, "quá hạn từ" when that
// deadline fell within the old month (it was overdue when carried), e.g.
// "Chuyển từ tháng 10/2026, quá hạn từ 07/10/2026".
func CarryNote(from Month, oldDeadline calendar.Date) string {
	if oldDeadline.IsZero() {
		return "Chuyển từ tháng " + from.Short()
	}
	if oldDeadline.After(from.Last()) {
		return fmt.Sprintf("Chuyển từ tháng %s, hạn cũ %s", from.Short(), oldDeadline.VN())
	}
	return fmt.Sprintf("Chuyển từ tháng %s, quá hạn từ %s", from.Short(), oldDeadline.VN())
}

// VoidCarryReason is why a planned copy is cancelled when its original is
// completed (or cancelled) before its month closes.
func VoidCarryReason(from Month, completed bool) string {
	if completed {
		return "Không chuyển tiếp: nội dung đã báo cáo hoàn thành trong tháng " + from.Short() + "."
	}
	return "Không chuyển tiếp: nội dung gốc tháng " + from.Short() + " đã bị hủy."
}

// CheckCarryExecution refuses execution steps (progress, contributions,
// completion, extension requests) where the carry-over puts the work
// elsewhere: on an original closed as carried over, and on a copy before the
// month it comes from has ended.
func CheckCarryExecution(f ItemFacts, now time.Time) error {
	if CarriedOver(f, now) {
		return conflict("carried_over", fmt.Sprintf(
			"Nội dung đã chuyển sang chương trình tháng %s; báo cáo trên nội dung chuyển tiếp.", f.Month.Next().Short()))
	}
	if f.CarriedFrom != 0 && f.Month.Valid() && !MonthClosed(f.Month.Prev(), now) {
		return conflict("carry_not_started", fmt.Sprintf(
			"Nội dung chuyển tiếp thực hiện từ ngày %s; đến hết ngày %s báo cáo trên nội dung gốc của tháng %s.",
			f.Month.First().VN(), f.Month.Prev().Last().VN(), f.Month.Prev().Short()))
	}
	return nil
}
