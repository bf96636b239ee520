package program

import (
	"strings"
	"time"

	"dieuhanh/internal/calendar"
)

// DefaultDueSoonDays is the "sắp đến hạn" threshold in working days.
const DefaultDueSoonDays = 3

// ItemFacts are the recorded facts about an item from which its status is
// computed.
type ItemFacts struct {
	ID int64
	// DueDate is the item's deadline in the program (after amendments).
	DueDate calendar.Date
	// OriginalDueDate is the first deadline ever given, kept for display
	// (carried-over and extended items show it); it never affects the status.
	OriginalDueDate calendar.Date
	// ApprovedExtension is the new date of the last approved extension, if any.
	ApprovedExtension *calendar.Date
	Cancelled         bool
	Progress          int // percent, 0–100
	// CompletedAt is when the lead unit reported the current completion
	// (nil when none). Quality is the verdict on that report.
	CompletedAt *time.Time
	Quality     Quality
	// Rejections counts "không đạt" verdicts so far (for scoring; a rejection
	// also clears the completion, see ComputeStatus).
	Rejections int
	// Month is the month of the item's program; carry-over closes the item
	// when it ends (see carryover.go).
	Month Month
	// CarriedTo is the item's live copy in the next month's program (0 when
	// none); CarriedFrom the original of a copy (0 when it is none).
	CarriedTo, CarriedFrom int64
}

// Deadline is the approved deadline: the approved extension if there is
// one, else the due date.
func (f ItemFacts) Deadline() calendar.Date {
	if f.ApprovedExtension != nil {
		return *f.ApprovedExtension
	}
	return f.DueDate
}

// EffectiveDeadline is the last day on which the item is still on time: the
// approved deadline, moved to the next working day when it falls on a day
// off (Civil Code art. 148). The item is on time until 24:00 Vietnam time of
// that day.
func EffectiveDeadline(f ItemFacts, cal WorkCalendar) calendar.Date {
	return cal.NextWorkingDay(f.Deadline())
}

// completed reports whether the item has a completion report that still
// stands: a rejected one reopens the item.
func (f ItemFacts) completed() bool {
	return f.CompletedAt != nil && f.Quality != QualityRejected
}

// ComputeStatus derives the status of an item at now. The precedence is:
//
//  1. cancelled;
//     carried_over when the item has a live copy in the next month and its
//     own month has ended (CarriedOver): closed in its month, whatever else;
//  2. done_on_time / done_late when the completion is accepted: on time when
//     the completion was reported, in Vietnam time, on or before the
//     effective deadline (any time up to 24:00 of that day);
//  3. pending_acceptance when a completion is reported but not evaluated;
//  4. in_progress_overdue when today (Vietnam time) is after the effective
//     deadline, whatever the progress;
//  5. due_soon when WorkingDaysBetween(today, deadline) <= dueSoonDays, i.e.
//     at most that many working days remain after today up to and including
//     the deadline day: the deadline day itself (0 left) is due soon, and with
//     3 a Monday is due soon for a Thursday deadline. dueSoonDays < 0
//     disables it;
//  6. in_progress_on_time when progress > 0;
//  7. not_started.
//
// A rejected completion ("không đạt") reopens the item: it is computed as if
// no completion had been reported. A completion time without a verdict
// (Quality "") counts as pending.
func ComputeStatus(f ItemFacts, now time.Time, cal WorkCalendar, dueSoonDays int) Status {
	if f.Cancelled {
		return StatusCancelled
	}
	if CarriedOver(f, now) {
		return StatusCarriedOver
	}
	deadline := EffectiveDeadline(f, cal)
	if f.completed() {
		if f.Quality == QualityAccepted {
			if calendar.DateOf(*f.CompletedAt).After(deadline) {
				return StatusDoneLate
			}
			return StatusDoneOnTime
		}
		return StatusPendingAcceptance
	}
	today := calendar.DateOf(now)
	if today.After(deadline) {
		return StatusOverdue
	}
	if dueSoonDays >= 0 && cal.WorkingDaysBetween(today, deadline) <= dueSoonDays {
		return StatusDueSoon
	}
	if f.Progress > 0 {
		return StatusOnTime
	}
	return StatusNotStarted
}

// CompletedLate reports whether the current completion report (accepted or
// still pending) came after the effective deadline; false when there is none.
// The list can show "nộp quá hạn" beside "Chờ đánh giá".
func CompletedLate(f ItemFacts, cal WorkCalendar) bool {
	if !f.completed() {
		return false
	}
	return calendar.DateOf(*f.CompletedAt).After(EffectiveDeadline(f, cal))
}

// ValidateProgress checks a progress report: percent between 0 and 100.
func ValidateProgress(percent int) error {
	if percent < 0 || percent > 100 {
		return FieldErrors{"progress": "Tiến độ phải từ 0 đến 100%."}.Err()
	}
	return nil
}

// ValidateEvaluation checks a verdict on a completion report: accepted or
// rejected, and a rejection needs its reason.
func ValidateEvaluation(q Quality, reason string) error {
	switch q {
	case QualityAccepted:
		return nil
	case QualityRejected:
		if strings.TrimSpace(reason) == "" {
			return FieldErrors{"reason": "Cần nêu lý do khi đánh giá không đạt."}.Err()
		}
		return nil
	}
	return FieldErrors{"quality": "Chọn kết quả đánh giá: Đạt hoặc Không đạt."}.Err()
}

// CheckCanEvaluate refuses a verdict when there is no completion report
// waiting for one.
func CheckCanEvaluate(f ItemFacts) error {
	if f.Cancelled {
		return conflict("item_cancelled", "Nội dung đã bị hủy, không thể đánh giá.")
	}
	if f.CompletedAt == nil || f.Quality == QualityRejected {
		return conflict("not_completed", "Đơn vị chưa báo cáo hoàn thành, chưa thể đánh giá.")
	}
	if f.Quality == QualityAccepted {
		return conflict("already_evaluated", "Nội dung đã được đánh giá đạt, không thể đánh giá lại.")
	}
	return nil
}
