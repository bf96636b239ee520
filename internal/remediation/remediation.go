// Package remediation holds the rules of seed ¶2: every item of a month that
// slips (overdue, finished late, rejected, carried over without an agreed
// new deadline) and every meeting-readiness breach obliges the unit that
// leads it to report what it did about it (báo cáo kết quả khắc phục)
// before the 25th. One obligation per unit per report month lists its
// entries; the unit files the report, the Office records receipt, the
// leader in charge accepts it or returns it.
//
// Everything here is pure: no SQL, no HTTP, no clock (callers pass now).
package remediation

import (
	"fmt"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
)

// Reason is why an entry joined an obligation.
type Reason string

const (
	ReasonOverdue         Reason = "overdue"          // the item passed its deadline unfinished
	ReasonDoneLate        Reason = "done_late"        // finished after its deadline
	ReasonRejected        Reason = "rejected"         // a completion was judged "không đạt"
	ReasonCarriedOver     Reason = "carried_over"     // moved to the next month without an agreed new deadline
	ReasonReadinessBreach Reason = "readiness_breach" // a meeting the unit prepares broke the 2-day rule
)

var reasonLabels = map[Reason]string{
	ReasonOverdue:         "Chậm tiến độ (quá hạn)",
	ReasonDoneLate:        "Hoàn thành quá hạn",
	ReasonRejected:        "Chưa đạt yêu cầu về chất lượng",
	ReasonCarriedOver:     "Chuyển sang tháng sau chưa có thời hạn mới được chấp thuận",
	ReasonReadinessBreach: "Chuẩn bị cuộc họp không đúng thời hạn",
}

// Label is the Vietnamese name of the reason.
func (r Reason) Label() string { return reasonLabels[r] }

// Valid reports whether r is a known reason.
func (r Reason) Valid() bool { _, ok := reasonLabels[r]; return ok }

// Reasons lists every reason in display order.
func Reasons() []Reason {
	return []Reason{ReasonOverdue, ReasonDoneLate, ReasonRejected, ReasonCarriedOver, ReasonReadinessBreach}
}

// State is where an obligation stands.
type State string

const (
	StateOpen     State = "open"     // entries listed, nothing filed yet
	StateFiled    State = "filed"    // the unit head filed the report; waiting for the leader
	StateReturned State = "returned" // the leader returned it with comments; to be filed again
	StateAccepted State = "accepted" // the leader accepted it
	StateMissing  State = "missing"  // nothing filed by the due date (recorded, escalated)
)

var stateLabels = map[State]string{
	StateOpen:     "Phải báo cáo",
	StateFiled:    "Đã nộp, chờ xem xét",
	StateReturned: "Bị trả lại, phải nộp lại",
	StateAccepted: "Đã được chấp nhận",
	StateMissing:  "Không nộp đúng hạn",
}

// Label is the Vietnamese name of the state.
func (s State) Label() string { return stateLabels[s] }

// Valid reports whether s is a known state.
func (s State) Valid() bool { _, ok := stateLabels[s]; return ok }

// States lists every state in the order of the cycle.
func States() []State {
	return []State{StateOpen, StateMissing, StateFiled, StateReturned, StateAccepted}
}

// AwaitsFiling reports whether the unit still has to file (or file again).
func (s State) AwaitsFiling() bool {
	return s == StateOpen || s == StateReturned || s == StateMissing
}

// CauseKind is the nature of the cause a unit gives for an entry.
type CauseKind string

const (
	CauseSubjective CauseKind = "subjective" // chủ quan: the unit's own doing
	CauseObjective  CauseKind = "objective"  // khách quan: outside the unit's control
)

var causeLabels = map[CauseKind]string{CauseSubjective: "Chủ quan", CauseObjective: "Khách quan"}

// Label is the Vietnamese name of the cause kind.
func (c CauseKind) Label() string { return causeLabels[c] }

// Valid reports whether c is a known cause kind.
func (c CauseKind) Valid() bool { _, ok := causeLabels[c]; return ok }

// CauseKinds lists the kinds in display order.
func CauseKinds() []CauseKind { return []CauseKind{CauseSubjective, CauseObjective} }

// DefaultDay is the day of the month the report is due before (seed ¶2:
// "trước ngày 25").
const DefaultDay = 25

// WorkCalendar is the working-day arithmetic the rules need;
// *calendar.Calendar implements it.
type WorkCalendar interface {
	IsWorkingDay(d calendar.Date) bool
	NextWorkingDay(d calendar.Date) calendar.Date
	PrevWorkingDay(d calendar.Date) calendar.Date
}

// DueDate is the last day on which the report of month m is on time: the
// end of the day before day (25 by default), pulled back to the previous
// working day when that day is not one. With rollForward the ward instead
// moves it to the next working day, but never past day itself: a report due
// "before the 25th" is never due on the 26th, so when the next working day
// is later than the 25th the date is pulled back after all.
func DueDate(m program.Month, day int, rollForward bool, cal WorkCalendar) calendar.Date {
	if day < 2 {
		day = DefaultDay
	}
	x := m.Day(day)
	d := x.AddDays(-1)
	if cal.IsWorkingDay(d) {
		return d
	}
	if rollForward {
		if n := cal.NextWorkingDay(d); !n.After(x) {
			return n
		}
	}
	return cal.PrevWorkingDay(d)
}

// DueInstant is the end of the due date in Vietnam time: a report filed
// before this instant is on time.
func DueInstant(due calendar.Date) time.Time { return due.End() }

// ReportMonth is the month whose report an entry belongs to when its event
// happened at t for an item (or meeting) of month own: the later of own and
// t's month, moved to the next month while t is after that month's due
// date (an obligation opened after its month's due date is due before the
// 25th of the next month), or while that month's report has already been
// filed (filed reports stay as filed; what happens afterwards goes into the
// next one). filed may be nil.
func ReportMonth(t time.Time, own program.Month, due func(program.Month) calendar.Date, filed func(program.Month) bool) program.Month {
	m := program.MonthOf(calendar.DateOf(t))
	if own.Year > m.Year || (own.Year == m.Year && own.Month > m.Month) {
		m = own
	}
	// Two steps are always enough: a due date falls inside its own month,
	// so after one step t is before the next month's due date; a filed
	// month can push once more.
	for range 24 {
		if t.Before(DueInstant(due(m))) && (filed == nil || !filed(m)) {
			return m
		}
		m = m.Next()
	}
	return m
}

// Action is a step of the report's workflow.
type Action string

const (
	ActionFile    Action = "file"    // the unit head files (or files again)
	ActionReceive Action = "receive" // the Office records receipt
	ActionAccept  Action = "accept"  // the leader in charge (or the Chairman) accepts
	ActionReturn  Action = "return"  // … or returns it with comments
)

var actionLabels = map[Action]string{
	ActionFile: "Nộp báo cáo", ActionReceive: "Ghi nhận đã nhận", ActionAccept: "Chấp nhận", ActionReturn: "Trả lại",
}

// Label is the Vietnamese name of the action.
func (a Action) Label() string { return actionLabels[a] }

// Facts are what the workflow rules look at.
type Facts struct {
	State    State
	Received bool // the Office recorded receipt of the current filing
	Entries  int  // entries listed in the obligation
}

// Transition applies an action: the new state, or a rule error saying why
// not. Filing needs entries; the Office records receipt of a filed report
// once; the leader decides only on a received report, and a return needs
// its comments.
func Transition(f Facts, a Action, comment string) (State, error) {
	switch a {
	case ActionFile:
		if !f.State.AwaitsFiling() {
			if f.State == StateAccepted {
				return "", conflict("already_accepted", "Báo cáo đã được chấp nhận, không nộp lại.")
			}
			return "", conflict("already_filed", "Báo cáo đã nộp, đang chờ xem xét.")
		}
		if f.Entries == 0 {
			return "", conflict("nothing_to_report", "Không có nội dung nào phải báo cáo khắc phục.")
		}
		return StateFiled, nil
	case ActionReceive:
		if f.State != StateFiled {
			return "", conflict("not_filed", "Báo cáo chưa được nộp, chưa thể ghi nhận.")
		}
		if f.Received {
			return "", conflict("already_received", "Văn phòng đã ghi nhận báo cáo này.")
		}
		return StateFiled, nil
	case ActionAccept, ActionReturn:
		if f.State == StateAccepted {
			return "", conflict("already_decided", "Báo cáo đã được chấp nhận trước đó.")
		}
		if f.State != StateFiled {
			return "", conflict("not_filed", "Báo cáo chưa được nộp, chưa thể xem xét.")
		}
		if !f.Received {
			return "", conflict("not_received", "Văn phòng chưa ghi nhận báo cáo; chưa thể xem xét.")
		}
		if a == ActionReturn {
			if len([]rune(trim(comment))) == 0 {
				return "", errs.Fields{"comment": "Cần nêu ý kiến khi trả lại báo cáo."}.Err()
			}
			return StateReturned, nil
		}
		return StateAccepted, nil
	}
	return "", invalid("action_unknown", fmt.Sprintf("Thao tác «%s» không hợp lệ.", a))
}

// FiledLate reports whether a filing at t missed the due date.
func FiledLate(t time.Time, due calendar.Date) bool { return !t.Before(DueInstant(due)) }

// BecomesMissing reports whether an obligation in state s is missing at
// now: nothing filed (ever) by the end of its due date.
func BecomesMissing(s State, everFiled bool, due calendar.Date, now time.Time) bool {
	return s == StateOpen && !everFiled && !now.Before(DueInstant(due))
}

// ReportNumber is "NN/BC-<unit code>": the unit's own book of reports,
// numbered from 01 each year (Decree 30/2020 art. 15).
func ReportNumber(seq int, unitCode string) string {
	return fmt.Sprintf("%02d/BC-%s", seq, unitCode)
}

// Symbol is the numbering book of a unit's reports.
func Symbol(unitCode string) string { return "BC-" + unitCode }

// Subject is the report's trích yếu. Months 1 and 2 take a leading zero as
// in the date line (Decree 30/2020), so both read the same.
func Subject(m program.Month) string {
	return "Kết quả khắc phục các nội dung chậm tiến độ, chưa đạt yêu cầu " + MonthWords(m)
}

// MonthWords is "tháng 10 năm 2026" / "tháng 01 năm 2027".
func MonthWords(m program.Month) string {
	if m.Month < 3 {
		return fmt.Sprintf("tháng %02d năm %d", int(m.Month), m.Year)
	}
	return fmt.Sprintf("tháng %d năm %d", int(m.Month), m.Year)
}

func invalid(code, msg string) *errs.Error {
	return &errs.Error{Kind: errs.Invalid, Code: code, Message: msg}
}

func conflict(code, msg string) *errs.Error {
	return &errs.Error{Kind: errs.Conflict, Code: code, Message: msg}
}
