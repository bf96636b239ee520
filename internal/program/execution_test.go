package program

import (
	"testing"

	"dieuhanh/internal/errs"
)

// wantRule checks err against a rule code ("" = allowed).
func wantRule(t *testing.T, name string, err error, code string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		return
	}
	if codeOf(err) != code || !errs.Is(err, errs.Conflict) {
		t.Errorf("%s: %v, want conflict %s", name, err, code)
	}
}

func TestCheckExecution(t *testing.T) {
	tests := []struct {
		name      string
		state     ProgramState
		reg       RegistrationState
		cancelled bool
		code      string
	}{
		{"issued, in the program", StateIssued, RegRegistered, false, ""},
		{"late but accepted", StateIssued, RegLateAccepted, false, ""},
		{"draft program", StateDraft, RegRegistered, false, "program_not_issued"},
		{"approved, not yet issued", StateApproved, RegRegistered, false, "program_not_issued"},
		{"returned registration", StateIssued, RegReturned, false, "item_not_in_program"},
		{"merged registration", StateIssued, RegMerged, false, "item_not_in_program"},
		{"cancelled by amendment", StateIssued, RegRegistered, true, "item_cancelled"},
	}
	for _, tt := range tests {
		wantRule(t, tt.name, CheckExecution(tt.state, tt.reg, tt.cancelled), tt.code)
	}
}

// Progress, completion and extension follow the completion report: a
// rejected one reopens the item.
func TestExecutionSteps(t *testing.T) {
	done := tp(vn("2026-11-18 09:00"))
	tests := []struct {
		name                    string
		f                       ItemFacts
		pending                 bool
		progress, complete, ext string
	}{
		{"under way", ItemFacts{Progress: 40}, false, "", "", ""},
		{"extension waiting", ItemFacts{}, true, "", "", "extension_pending"},
		{"completion waiting", ItemFacts{CompletedAt: done, Quality: QualityPending}, false, "item_completed", "completion_pending", "item_completed"},
		{"accepted", ItemFacts{CompletedAt: done, Quality: QualityAccepted}, false, "item_completed", "item_accepted", "item_completed"},
		{"rejected: reopened", ItemFacts{CompletedAt: done, Quality: QualityRejected, Rejections: 1}, false, "", "", ""},
	}
	for _, tt := range tests {
		wantRule(t, tt.name+": progress", CheckProgress(tt.f), tt.progress)
		wantRule(t, tt.name+": completion", CheckCompletion(tt.f), tt.complete)
		wantRule(t, tt.name+": extension", CheckExtensionRequest(tt.f, tt.pending), tt.ext)
	}
}

func TestRegAllowed(t *testing.T) {
	tests := []struct {
		from                         RegistrationState
		accept, ret, merge, resubmit bool
	}{
		{RegRegistered, false, true, true, false},
		{RegLatePending, true, true, true, false},
		{RegLateAccepted, false, true, true, false},
		{RegReturned, false, false, true, true},
		{RegMerged, false, false, false, false},
	}
	for _, tt := range tests {
		got := [4]bool{RegAllowed(tt.from, RegAcceptLate), RegAllowed(tt.from, RegReturn), RegAllowed(tt.from, RegMerge), RegAllowed(tt.from, RegResubmit)}
		if want := [4]bool{tt.accept, tt.ret, tt.merge, tt.resubmit}; got != want {
			t.Errorf("%s: accept, return, merge, resubmit = %v, want %v", tt.from, got, want)
		}
	}
}

// The extension form is offered while a request is still in time.
func TestCheckExtensionTime(t *testing.T) {
	cal := testCal(t)
	deadline := d("2026-11-27") // a Friday
	tests := []struct {
		at   string
		code string
	}{
		{"2026-11-24 16:00", ""},                   // Tuesday: 3 working days left
		{"2026-11-25 23:59", ""},                   // Wednesday: the last day
		{"2026-11-26 08:00", "extension_too_late"}, // Thursday
		{"2026-11-30 08:00", "extension_after_deadline"},
	}
	for _, tt := range tests {
		err := CheckExtensionTime(deadline, vn(tt.at), 2, cal)
		if (tt.code == "") != (err == nil) || (err != nil && codeOf(err) != tt.code) {
			t.Errorf("%s: %v, want %q", tt.at, err, tt.code)
		}
	}
}

// A program goes to the Chairman once every late registration is decided
// and something is in it.
func TestCheckSubmit(t *testing.T) {
	wantRule(t, "ready", CheckSubmit(0, 12), "")
	wantRule(t, "late registrations waiting", CheckSubmit(2, 12), "late_pending")
	wantRule(t, "empty", CheckSubmit(0, 0), "program_empty")
}
