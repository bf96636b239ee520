package program

import (
	"fmt"
	"strings"
	"time"

	"dieuhanh/internal/calendar"
)

// DefaultExtensionLeadDays is how many working days before the deadline an
// extension must be asked for, at the latest.
const DefaultExtensionLeadDays = 2

// ExtensionDecision is the state of an extension request.
type ExtensionDecision string

const (
	ExtensionPending  ExtensionDecision = "pending"
	ExtensionApproved ExtensionDecision = "approved"
	ExtensionRejected ExtensionDecision = "rejected"
)

var extensionLabels = map[ExtensionDecision]string{
	ExtensionPending:  "Chờ quyết định",
	ExtensionApproved: "Đồng ý gia hạn",
	ExtensionRejected: "Không đồng ý",
}

// Label is the Vietnamese name of the decision.
func (d ExtensionDecision) Label() string { return extensionLabels[d] }

// Valid reports whether d is a known decision.
func (d ExtensionDecision) Valid() bool { _, ok := extensionLabels[d]; return ok }

// ExtensionRequest is a request to move an item's deadline (xin gia hạn).
type ExtensionRequest struct {
	RequestedAt time.Time
	NewDate     calendar.Date
	Reason      string
	Decision    ExtensionDecision
	DecidedAt   time.Time
}

// ApprovedExtension returns the new date of the most recently decided
// approved request, or nil when none was approved. Feed it into
// ItemFacts.ApprovedExtension.
func ApprovedExtension(reqs []ExtensionRequest) *calendar.Date {
	var best *ExtensionRequest
	for i := range reqs {
		r := &reqs[i]
		if r.Decision == ExtensionApproved && (best == nil || !r.DecidedAt.Before(best.DecidedAt)) {
			best = r
		}
	}
	if best == nil {
		return nil
	}
	d := best.NewDate
	return &d
}

// LatestExtensionRequestDay is the last working day on which an extension of
// deadline can be asked with leadDays working days to spare:
// AddWorkingDays(deadline', -leadDays), deadline' being the deadline moved to
// a working day. (A request on a day off right after it still passes
// ValidateExtension.)
func LatestExtensionRequestDay(deadline calendar.Date, leadDays int, cal WorkCalendar) calendar.Date {
	d := cal.NextWorkingDay(deadline)
	if leadDays <= 0 {
		return d
	}
	return cal.AddWorkingDays(d, -leadDays)
}

// ValidateExtension checks an extension request made at requestedAt on an
// item whose approved deadline is deadline (ItemFacts.Deadline).
//
// With D the deadline moved to a working day (EffectiveDeadline) and r the
// request day in Vietnam time, the request is in time iff r <= D and
// WorkingDaysBetween(r, D) >= leadDays, i.e. at least leadDays working days
// remain after the request day up to and including D. With the default 2 and
// a Friday deadline, Wednesday is the last day; with a Tuesday deadline,
// Friday, Saturday and Sunday all pass and Monday does not. leadDays <= 0
// allows asking until the end of D.
//
// A request out of time is refused with a *RuleError; otherwise FieldErrors
// cover the new date (required, after the current deadline) and the reason
// (required). A new date on a day off is then the day-off warning
// (RuleDueDateDayOff, offering the previous working day after the current
// deadline) unless the person confirmed it (allowDayOff).
func ValidateExtension(deadline calendar.Date, requestedAt time.Time, newDate calendar.Date, reason string, leadDays int, cal WorkCalendar, allowDayOff bool) error {
	if err := CheckExtensionTime(deadline, requestedAt, leadDays, cal); err != nil {
		return err
	}
	d := cal.NextWorkingDay(deadline)
	fe := FieldErrors{}
	switch {
	case newDate.IsZero():
		fe.Add("new_date", "Chưa nhập thời hạn mới.")
	case !newDate.After(d):
		fe.Add("new_date", fmt.Sprintf("Thời hạn mới phải sau thời hạn hiện tại (%s).", d.VN()))
	}
	if strings.TrimSpace(reason) == "" {
		fe.Add("reason", "Cần nêu lý do xin gia hạn.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return CheckDueDay("new_date", newDate, cal, d.AddDays(1), allowDayOff)
}

// CheckExtensionTime refuses an extension asked at requestedAt that comes
// too late for an item whose approved deadline is deadline (see
// ValidateExtension): a page offers the request only while it is in time.
func CheckExtensionTime(deadline calendar.Date, requestedAt time.Time, leadDays int, cal WorkCalendar) error {
	d := cal.NextWorkingDay(deadline)
	r := calendar.DateOf(requestedAt)
	if r.After(d) {
		return invalid("extension_after_deadline", fmt.Sprintf("Đã quá thời hạn %s, không thể xin gia hạn.", d.VN()))
	}
	if leadDays > 0 && cal.WorkingDaysBetween(r, d) < leadDays {
		return invalid("extension_too_late", fmt.Sprintf(
			"Phải xin gia hạn trước thời hạn ít nhất %d ngày làm việc (thời hạn %s, chậm nhất ngày %s).",
			leadDays, d.VN(), LatestExtensionRequestDay(deadline, leadDays, cal).VN()))
	}
	return nil
}

// ValidateExtensionDecision checks the leader's decision on a pending
// request: approve or reject, and a rejection needs a reason.
func ValidateExtensionDecision(current, decision ExtensionDecision, comment string) error {
	if current != ExtensionPending {
		return conflict("extension_decided", "Đề nghị gia hạn này đã được quyết định.")
	}
	switch decision {
	case ExtensionApproved:
		return nil
	case ExtensionRejected:
		if strings.TrimSpace(comment) == "" {
			return FieldErrors{"comment": "Cần nêu lý do không đồng ý gia hạn."}.Err()
		}
		return nil
	}
	return FieldErrors{"decision": "Chọn đồng ý hoặc không đồng ý gia hạn."}.Err()
}
