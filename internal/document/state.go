package document

import (
	"unicode"

	"dieuhanh/internal/errs"
)

// State is where a document stands in its workflow.
type State string

const (
	StateDraft       State = "draft"
	StateSubmitted   State = "submitted"    // waiting for the drafting unit's head
	StateChecked     State = "checked"      // the head checked it: waiting for the Office's check of form
	StateFormChecked State = "form_checked" // the Office checked the form: waiting for the signer
	StateApproved    State = "approved"     // signed off: waiting for the clerk to number and issue
	StateIssued      State = "issued"       // numbered, sent, frozen
	StateWithdrawn   State = "withdrawn"    // issued then withdrawn; its number stays used
)

var stateLabels = map[State]string{
	StateDraft:       "Dự thảo",
	StateSubmitted:   "Chờ lãnh đạo đơn vị kiểm tra",
	StateChecked:     "Chờ Văn phòng kiểm tra thể thức",
	StateFormChecked: "Chờ lãnh đạo ký duyệt",
	StateApproved:    "Đã duyệt, chờ phát hành",
	StateIssued:      "Đã phát hành",
	StateWithdrawn:   "Đã thu hồi",
}

// States lists the states in workflow order.
func States() []State {
	return []State{StateDraft, StateSubmitted, StateChecked, StateFormChecked, StateApproved, StateIssued, StateWithdrawn}
}

// Valid reports whether s is a known state.
func (s State) Valid() bool { _, ok := stateLabels[s]; return ok }

// Label is the Vietnamese name.
func (s State) Label() string { return stateLabels[s] }

// Editable reports whether the text may still change: only a draft; an
// issued document is frozen, and one under review goes back to draft
// (returned) before it changes.
func (s State) Editable() bool { return s == StateDraft }

// Numbered reports whether the document holds a number.
func (s State) Numbered() bool { return s == StateIssued || s == StateWithdrawn }

// Action is a step of the workflow.
type Action string

const (
	ActSubmit   Action = "submit"   // the drafter sends it to the unit head
	ActCheck    Action = "check"    // the head checks content, then the Office checks form
	ActApprove  Action = "approve"  // the signer approves
	ActReturn   Action = "return"   // any reviewer returns it with a comment
	ActIssue    Action = "issue"    // the clerk numbers and sends it
	ActWithdraw Action = "withdraw" // the Office withdraws an issued document, with a reason
)

var actionLabels = map[Action]string{
	ActSubmit: "Trình", ActCheck: "Kiểm tra", ActApprove: "Ký duyệt", ActReturn: "Trả lại",
	ActIssue: "Phát hành", ActWithdraw: "Thu hồi",
}

// Actions lists the steps.
func Actions() []Action {
	return []Action{ActSubmit, ActCheck, ActApprove, ActReturn, ActIssue, ActWithdraw}
}

// Valid reports whether a is a known step.
func (a Action) Valid() bool { _, ok := actionLabels[a]; return ok }

// Label is the Vietnamese name of the step.
func (a Action) Label() string { return actionLabels[a] }

// CheckLabel names the check a state waits for.
func CheckLabel(s State) string {
	if s == StateChecked {
		return "Kiểm tra thể thức"
	}
	return "Kiểm tra nội dung"
}

// NeedsComment reports whether the step must carry a comment or reason.
func (a Action) NeedsComment() bool { return a == ActReturn || a == ActWithdraw }

// Next is the state after action a in state s, or a conflict error naming
// why the step is not possible now.
func Next(s State, a Action) (State, error) {
	switch a {
	case ActSubmit:
		if s == StateDraft {
			return StateSubmitted, nil
		}
	case ActCheck:
		switch s {
		case StateSubmitted:
			return StateChecked, nil
		case StateChecked:
			return StateFormChecked, nil
		}
	case ActApprove:
		if s == StateFormChecked {
			return StateApproved, nil
		}
	case ActReturn:
		switch s {
		case StateSubmitted, StateChecked, StateFormChecked, StateApproved:
			return StateDraft, nil
		}
	case ActIssue:
		if s == StateApproved {
			return StateIssued, nil
		}
	case ActWithdraw:
		if s == StateIssued {
			return StateWithdrawn, nil
		}
	default:
		return s, errs.E(errs.Invalid, "Thao tác không hợp lệ.")
	}
	switch s {
	case StateIssued:
		if a == ActReturn || a == ActSubmit || a == ActCheck || a == ActApprove || a == ActIssue {
			return s, errs.E(errs.Conflict, "Văn bản đã phát hành: không thể sửa hay trình lại; muốn thay đổi, hãy ban hành văn bản thay thế hoặc đính chính.")
		}
	case StateWithdrawn:
		return s, errs.E(errs.Conflict, "Văn bản đã bị thu hồi.")
	}
	return s, errs.Ef(errs.Conflict, "Văn bản đang ở trạng thái “%s”: không thể %s.", s.Label(), lower(a.Label()))
}

func lower(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = unicode.ToLower(r[0])
	}
	return string(r)
}
