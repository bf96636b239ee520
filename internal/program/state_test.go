package program

import (
	"dieuhanh/internal/errs"
	"errors"
	"testing"
	"time"
)

func TestTransition(t *testing.T) {
	tests := []struct {
		from    ProgramState
		action  Action
		comment string
		want    ProgramState
		code    string
	}{
		{StateDraft, ActionSubmit, "", StateSubmitted, ""},
		{StateReturned, ActionSubmit, "", StateSubmitted, ""},
		{StateSubmitted, ActionSubmit, "", StateSubmitted, "already_submitted"},
		{StateApproved, ActionSubmit, "", StateApproved, "already_approved"},
		{StateIssued, ActionSubmit, "", StateIssued, "already_issued"},

		{StateSubmitted, ActionApprove, "", StateApproved, ""},
		{StateApproved, ActionApprove, "", StateApproved, "already_approved"}, // approving twice
		{StateDraft, ActionApprove, "", StateDraft, "not_submitted"},
		{StateReturned, ActionApprove, "", StateReturned, "not_submitted"},
		{StateIssued, ActionApprove, "", StateIssued, "already_issued"},

		{StateSubmitted, ActionReturn, "Bổ sung nội dung của Phòng Văn hóa - Xã hội", StateReturned, ""},
		{StateSubmitted, ActionReturn, "  ", StateSubmitted, "comment_required"},
		{StateDraft, ActionReturn, "x", StateDraft, "not_submitted"},
		{StateApproved, ActionReturn, "x", StateApproved, "already_approved"},
		{StateIssued, ActionReturn, "x", StateIssued, "already_issued"},

		{StateApproved, ActionIssue, "", StateIssued, ""},
		{StateSubmitted, ActionIssue, "", StateSubmitted, "not_approved"},
		{StateDraft, ActionIssue, "", StateDraft, "not_approved"},
		{StateIssued, ActionIssue, "", StateIssued, "already_issued"},

		{StateDraft, "publish", "", StateDraft, "action_unknown"},
		{"nonsense", ActionSubmit, "", "nonsense", "state_unknown"},
	}
	for _, tc := range tests {
		got, err := Transition(tc.from, tc.action, tc.comment)
		if got != tc.want || codeOf(err) != tc.code {
			t.Errorf("Transition(%s, %s) = %s, %v; want %s, code %q", tc.from, tc.action, got, err, tc.want, tc.code)
		}
	}
	_, err := Transition(StateApproved, ActionApprove, "")
	if errs.Message(err) != "Chương trình đã được duyệt rồi, không thể duyệt lần nữa." {
		t.Errorf("approving twice: %q", err)
	}
	var re *RuleError
	if !errors.As(err, &re) || re.Kind != errs.Conflict {
		t.Error("approving twice should be a conflict")
	}
	if !errors.Is(err, &RuleError{Code: "already_approved"}) {
		t.Error("errors.Is by code")
	}
}

func TestCheckItemEdit(t *testing.T) {
	for s, code := range map[ProgramState]string{
		StateDraft: "", StateReturned: "", StateSubmitted: "program_submitted",
		StateApproved: "program_approved", StateIssued: "program_frozen", "x": "state_unknown",
	} {
		if got := codeOf(CheckItemEdit(s)); got != code {
			t.Errorf("CheckItemEdit(%s) = %q, want %q", s, got, code)
		}
	}
	if !StateIssued.Frozen() || StateApproved.Frozen() {
		t.Error("only the issued program is frozen")
	}
}

func TestRegTransition(t *testing.T) {
	tests := []struct {
		from   RegistrationState
		action RegAction
		reason string
		late   bool
		want   RegistrationState
		code   string
	}{
		{RegLatePending, RegAcceptLate, "", false, RegLateAccepted, ""},
		{RegRegistered, RegAcceptLate, "", false, RegRegistered, "not_late_pending"},
		{RegRegistered, RegReturn, "Trùng nội dung của Văn phòng", false, RegReturned, ""},
		{RegLatePending, RegReturn, "Không cần thiết trong tháng", false, RegReturned, ""},
		{RegRegistered, RegReturn, "", false, RegRegistered, "reason_required"},
		{RegRegistered, RegMerge, "", false, RegMerged, ""},
		{RegMerged, RegMerge, "", false, RegMerged, "registration_merged"},
		{RegReturned, RegResubmit, "", false, RegRegistered, ""},
		{RegReturned, RegResubmit, "", true, RegLatePending, ""},
		{RegRegistered, RegResubmit, "", false, RegRegistered, "not_returned"},
		{RegReturned, RegAcceptLate, "", false, RegReturned, "registration_returned"},
		{RegRegistered, "x", "", false, RegRegistered, "action_unknown"},
	}
	for _, tc := range tests {
		got, err := RegTransition(tc.from, tc.action, tc.reason, tc.late)
		if got != tc.want || codeOf(err) != tc.code {
			t.Errorf("RegTransition(%s, %s) = %s, %v; want %s, %q", tc.from, tc.action, got, err, tc.want, tc.code)
		}
	}
	if InitialRegistration(true) != RegLatePending || InitialRegistration(false) != RegRegistered {
		t.Error("InitialRegistration")
	}
	if !RegLateAccepted.InProgram() || RegLatePending.InProgram() || RegMerged.InProgram() {
		t.Error("InProgram")
	}
}

func TestEnums(t *testing.T) {
	for _, k := range Kinds() {
		if k.Label() == "" || DefaultSection(k).Label() == "" {
			t.Errorf("kind %s: label %q, section %d", k, k.Label(), DefaultSection(k))
		}
		if got, err := ParseKind(" " + string(k) + " "); got != k || err != nil {
			t.Errorf("ParseKind(%s) = %s, %v", k, got, err)
		}
	}
	if KindProposal.Label() != "Tờ trình" || DefaultSection(KindProposal) != SectionCommitteeSession ||
		DefaultSection(KindInspection) != SectionMeetings || DefaultSection(KindOther) != SectionOther {
		t.Error("proposal/inspection defaults")
	}
	if _, err := ParseKind("họp"); err == nil || errs.Message(err) != "Loại nội dung «họp» không hợp lệ." {
		t.Errorf("ParseKind(họp) = %v", err)
	}
	if _, err := ParseKind(""); codeOf(err) != "kind_required" {
		t.Errorf("ParseKind empty = %v", err)
	}
	for _, s := range Sources() {
		if s.Label() == "" {
			t.Errorf("source %s has no label", s)
		}
		if got, _ := ParseSource(string(s)); got != s {
			t.Errorf("ParseSource(%s)", s)
		}
	}
	if _, err := ParseSource("plan"); err == nil {
		t.Error("ParseSource(plan)")
	}
	for in, want := range map[string]Section{"I": 1, "ii": 2, "3": 3, " IV ": 4} {
		if got, err := ParseSection(in); got != want || err != nil {
			t.Errorf("ParseSection(%q) = %d, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "V", "0", "5"} {
		if _, err := ParseSection(in); err == nil {
			t.Errorf("ParseSection(%q) accepted", in)
		}
	}
	if SectionMeetings.Heading() != "III. Hội nghị, làm việc, kiểm tra" || SectionLeaders.Label() != "Nội dung trình Chủ tịch, Phó Chủ tịch UBND" || Section(0).Heading() != "" {
		t.Error("section headings")
	}
	wantLabels := []string{"Đã hủy", "Chuyển sang tháng sau", "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Chờ đánh giá",
		"Đang thực hiện quá hạn", "Sắp đến hạn", "Đang thực hiện trong hạn", "Chưa thực hiện"}
	tones := map[string]bool{}
	for i, s := range Statuses() {
		if s.Label() != wantLabels[i] || s.Tone() == "" {
			t.Errorf("status %s: %q %q", s, s.Label(), s.Tone())
		}
		tones[s.Tone()] = true
		if got, _ := ParseStatus(string(s)); got != s {
			t.Errorf("ParseStatus(%s)", s)
		}
	}
	if len(tones) != len(Statuses()) {
		t.Error("tones should be distinct")
	}
	if !StatusDueSoon.Open() || StatusDoneLate.Open() || StatusCancelled.Open() || StatusCarriedOver.Open() || !StatusDoneLate.Done() {
		t.Error("Open/Done")
	}
	if QualityAccepted.Label() != "Đạt" || QualityRejected.Label() != "Không đạt" {
		t.Error("quality labels")
	}
	if q, err := ParseQuality(""); q != QualityPending || err != nil {
		t.Error("ParseQuality empty")
	}
	if _, err := ParseQuality("ok"); err == nil {
		t.Error("ParseQuality(ok)")
	}
	for _, s := range ProgramStates() {
		if s.Label() == "" {
			t.Errorf("state %s has no label", s)
		}
		if got, _ := ParseProgramState(string(s)); got != s {
			t.Errorf("ParseProgramState(%s)", s)
		}
	}
	if StateSubmitted.Label() != "Chờ Chủ tịch duyệt" || StateDraft.Label() != "Đang đăng ký/tổng hợp" {
		t.Error("state labels")
	}
	if a, err := ParseAction("approve"); a != ActionApprove || err != nil {
		t.Error("ParseAction")
	}
	if ProgramNumber(5) != "05/CTr-UBND" || ProgramNumber(123) != "123/CTr-UBND" {
		t.Error("ProgramNumber")
	}
}

func TestMonth(t *testing.T) {
	m, err := ParseMonth("2026-02")
	if err != nil || m != (Month{2026, time.February}) {
		t.Fatalf("ParseMonth = %v, %v", m, err)
	}
	if m.String() != "2026-02" || m.Label() != "tháng 02 năm 2026" || m.Short() != "02/2026" {
		t.Error("formats")
	}
	if m.Last() != d("2026-02-28") || (Month{2028, time.February}).Last() != d("2028-02-29") {
		t.Error("Last")
	}
	if m.Day(31) != d("2026-02-28") || m.Day(0) != d("2026-02-01") {
		t.Error("Day clamps")
	}
	if (Month{2026, time.December}).Next() != (Month{2027, time.January}) || (Month{2026, time.January}).Prev() != (Month{2025, time.December}) {
		t.Error("Next/Prev across years")
	}
	if !m.Contains(d("2026-02-14")) || m.Contains(d("2026-03-01")) || !m.Before(m.Next()) || m.Next().Before(m) {
		t.Error("Contains/Before")
	}
	for _, s := range []string{"2026-13", "2026-1", "26-01", "2026/01", "", "abcd-ef", "1800-01"} {
		if _, err := ParseMonth(s); err == nil {
			t.Errorf("ParseMonth(%q) accepted", s)
		}
	}
	if MonthOf(d("2026-04-30")) != (Month{2026, time.April}) {
		t.Error("MonthOf")
	}
}
