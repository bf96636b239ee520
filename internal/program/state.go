package program

import (
	"fmt"
	"strings"
)

// ProgramState is where a monthly program is in its approval cycle:
// draft → submitted → approved → issued, with submitted → returned → submitted
// when the Chairman sends it back.
type ProgramState string

const (
	StateDraft     ProgramState = "draft"     // units register, the Office consolidates
	StateSubmitted ProgramState = "submitted" // waiting for the Chairman
	StateReturned  ProgramState = "returned"  // sent back by the Chairman with comments
	StateApproved  ProgramState = "approved"  // approved, waiting to be issued
	StateIssued    ProgramState = "issued"    // numbered and sent; frozen
)

var stateLabels = map[ProgramState]string{
	StateDraft:     "Đang đăng ký/tổng hợp",
	StateSubmitted: "Chờ Chủ tịch duyệt",
	StateReturned:  "Trả lại",
	StateApproved:  "Đã duyệt",
	StateIssued:    "Đã ban hành",
}

// ProgramStates lists the states in cycle order.
func ProgramStates() []ProgramState {
	return []ProgramState{StateDraft, StateSubmitted, StateReturned, StateApproved, StateIssued}
}

// Label is the Vietnamese name of the state.
func (s ProgramState) Label() string { return stateLabels[s] }

// Valid reports whether s is a known state.
func (s ProgramState) Valid() bool { _, ok := stateLabels[s]; return ok }

// Frozen reports whether the program's items change only by amendment.
func (s ProgramState) Frozen() bool { return s == StateIssued }

// ParseProgramState reads a state from its code.
func ParseProgramState(s string) (ProgramState, error) {
	v := ProgramState(strings.TrimSpace(s))
	if !v.Valid() {
		return "", invalid("state_unknown", fmt.Sprintf("Trạng thái chương trình «%s» không hợp lệ.", s))
	}
	return v, nil
}

// CheckItemEdit says whether the Office (or a unit) may add, edit, merge or
// return items directly in a program in state s: only while it is a draft or
// has been returned. Otherwise the error explains what to do instead.
func CheckItemEdit(s ProgramState) error {
	switch s {
	case StateDraft, StateReturned:
		return nil
	case StateSubmitted:
		return conflict("program_submitted", "Chương trình đang chờ Chủ tịch duyệt, không thể sửa. Đề nghị Chủ tịch trả lại nếu cần chỉnh sửa.")
	case StateApproved:
		return conflict("program_approved", "Chương trình đã được duyệt và đang chờ ban hành, không thể sửa.")
	case StateIssued:
		return conflict("program_frozen", "Chương trình đã ban hành; mọi thay đổi phải qua điều chỉnh, bổ sung (có lý do và người duyệt).")
	default:
		return invalid("state_unknown", "Trạng thái chương trình không hợp lệ.")
	}
}

// Action moves a program from one state to another.
type Action string

const (
	ActionSubmit  Action = "submit"  // the Office submits the consolidated draft
	ActionApprove Action = "approve" // the Chairman approves
	ActionReturn  Action = "return"  // the Chairman returns it with comments
	ActionIssue   Action = "issue"   // the Office issues it with a number
)

var actionLabels = map[Action]string{
	ActionSubmit:  "Trình Chủ tịch",
	ActionApprove: "Duyệt",
	ActionReturn:  "Trả lại",
	ActionIssue:   "Ban hành",
}

// Label is the Vietnamese name of the action (a button's text).
func (a Action) Label() string { return actionLabels[a] }

// ParseAction reads an action from its code (the last URL segment).
func ParseAction(s string) (Action, error) {
	a := Action(strings.TrimSpace(s))
	if _, ok := actionLabels[a]; !ok {
		return "", invalid("action_unknown", fmt.Sprintf("Thao tác «%s» không hợp lệ.", s))
	}
	return a, nil
}

// Transition applies action to a program in state from and returns the new
// state. Returning needs a comment; every impossible move gets a Vietnamese
// message saying why (approving twice, issuing before approval, …).
func Transition(from ProgramState, action Action, comment string) (ProgramState, error) {
	if !from.Valid() {
		return from, invalid("state_unknown", "Trạng thái chương trình không hợp lệ.")
	}
	switch action {
	case ActionSubmit:
		switch from {
		case StateDraft, StateReturned:
			return StateSubmitted, nil
		case StateSubmitted:
			return from, conflict("already_submitted", "Chương trình đã được trình, đang chờ Chủ tịch duyệt.")
		case StateApproved:
			return from, conflict("already_approved", "Chương trình đã được duyệt, không cần trình lại.")
		case StateIssued:
			return from, conflict("already_issued", "Chương trình đã ban hành, không thể trình lại.")
		}
	case ActionApprove:
		switch from {
		case StateSubmitted:
			return StateApproved, nil
		case StateDraft, StateReturned:
			return from, conflict("not_submitted", "Chương trình chưa được trình, chưa thể duyệt.")
		case StateApproved:
			return from, conflict("already_approved", "Chương trình đã được duyệt rồi, không thể duyệt lần nữa.")
		case StateIssued:
			return from, conflict("already_issued", "Chương trình đã ban hành, không thể duyệt lại.")
		}
	case ActionReturn:
		switch from {
		case StateSubmitted:
			if strings.TrimSpace(comment) == "" {
				return from, invalid("comment_required", "Cần nhập ý kiến khi trả lại chương trình.")
			}
			return StateReturned, nil
		case StateDraft, StateReturned:
			return from, conflict("not_submitted", "Chương trình chưa được trình, không có gì để trả lại.")
		case StateApproved:
			return from, conflict("already_approved", "Chương trình đã được duyệt, không thể trả lại.")
		case StateIssued:
			return from, conflict("already_issued", "Chương trình đã ban hành; mọi thay đổi phải qua điều chỉnh, bổ sung.")
		}
	case ActionIssue:
		switch from {
		case StateApproved:
			return StateIssued, nil
		case StateDraft, StateReturned, StateSubmitted:
			return from, conflict("not_approved", "Chương trình chưa được Chủ tịch duyệt, chưa thể ban hành.")
		case StateIssued:
			return from, conflict("already_issued", "Chương trình đã ban hành rồi.")
		}
	}
	return from, invalid("action_unknown", fmt.Sprintf("Thao tác «%s» không hợp lệ.", action))
}

// CheckSubmit refuses to submit a program while late registrations wait
// for their leader in charge, or when nothing is in it.
func CheckSubmit(latePending, inProgram int) error {
	if latePending > 0 {
		return conflict("late_pending", fmt.Sprintf("Còn %d nội dung đăng ký muộn chưa được lãnh đạo phụ trách chấp nhận hoặc trả lại.", latePending))
	}
	if inProgram == 0 {
		return conflict("program_empty", "Chương trình chưa có nội dung nào để trình.")
	}
	return nil
}

// ProgramNumber formats the issued program's number from its per-ward,
// per-year sequence: 5 → "05/CTr-UBND".
func ProgramNumber(seq int) string { return fmt.Sprintf("%02d/CTr-UBND", seq) }

// RegistrationState is where one registered item stands during
// consolidation.
type RegistrationState string

const (
	RegRegistered   RegistrationState = "registered"    // on time, in the program
	RegLatePending  RegistrationState = "late_pending"  // late, waiting for the leader in charge
	RegLateAccepted RegistrationState = "late_accepted" // late, accepted by the leader in charge
	RegReturned     RegistrationState = "returned"      // returned to the unit with a reason
	RegMerged       RegistrationState = "merged"        // merged into another item as a duplicate
)

var regLabels = map[RegistrationState]string{
	RegRegistered:   "Đã đăng ký",
	RegLatePending:  "Đăng ký muộn – chờ lãnh đạo chấp nhận",
	RegLateAccepted: "Đăng ký muộn – đã được chấp nhận",
	RegReturned:     "Trả lại đơn vị",
	RegMerged:       "Đã gộp",
}

// Label is the Vietnamese name of the registration state.
func (r RegistrationState) Label() string { return regLabels[r] }

// Valid reports whether r is a known registration state.
func (r RegistrationState) Valid() bool { _, ok := regLabels[r]; return ok }

// InProgram reports whether the item counts in the program (is consolidated,
// printed, and tracked).
func (r RegistrationState) InProgram() bool { return r == RegRegistered || r == RegLateAccepted }

// ParseRegistrationState reads a registration state from its code.
func ParseRegistrationState(s string) (RegistrationState, error) {
	v := RegistrationState(strings.TrimSpace(s))
	if !v.Valid() {
		return "", invalid("registration_state_unknown", fmt.Sprintf("Trạng thái đăng ký «%s» không hợp lệ.", s))
	}
	return v, nil
}

// InitialRegistration is the state of a new registration: late ones wait for
// the leader in charge.
func InitialRegistration(late bool) RegistrationState {
	if late {
		return RegLatePending
	}
	return RegRegistered
}

// RegAction acts on one registration during consolidation.
type RegAction string

const (
	RegAcceptLate RegAction = "accept_late" // the leader in charge accepts a late registration
	RegReturn     RegAction = "return"      // the Office (or the leader, refusing a late one) returns it to the unit; reason required
	RegMerge      RegAction = "merge"       // the Office merges a duplicate into another item
	RegResubmit   RegAction = "resubmit"    // the unit sends a returned registration again
)

// RegTransition applies a consolidation action to one registration. reason
// is required to return; resubmitting is late again when late is true (the
// caller decides with IsLateRegistration at the time of resubmission).
func RegTransition(from RegistrationState, action RegAction, reason string, late bool) (RegistrationState, error) {
	switch action {
	case RegAcceptLate:
		switch from {
		case RegLatePending:
			return RegLateAccepted, nil
		case RegRegistered, RegLateAccepted:
			return from, conflict("not_late_pending", "Nội dung này không ở trạng thái đăng ký muộn chờ chấp nhận.")
		}
	case RegReturn:
		switch from {
		case RegRegistered, RegLatePending, RegLateAccepted:
			if strings.TrimSpace(reason) == "" {
				return from, invalid("reason_required", "Cần nêu lý do khi trả lại nội dung cho đơn vị.")
			}
			return RegReturned, nil
		}
	case RegMerge:
		switch from {
		case RegRegistered, RegLatePending, RegLateAccepted, RegReturned:
			return RegMerged, nil
		}
	case RegResubmit:
		if from == RegReturned {
			return InitialRegistration(late), nil
		}
		return from, conflict("not_returned", "Chỉ gửi lại được nội dung đã bị trả lại.")
	default:
		return from, invalid("action_unknown", fmt.Sprintf("Thao tác «%s» không hợp lệ.", action))
	}
	switch from {
	case RegReturned:
		return from, conflict("registration_returned", "Nội dung đã bị trả lại đơn vị.")
	case RegMerged:
		return from, conflict("registration_merged", "Nội dung đã được gộp vào nội dung khác.")
	}
	return from, invalid("registration_state_unknown", "Trạng thái đăng ký không hợp lệ.")
}
