package auth

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/org"
)

func TestPasswordRoundTrip(t *testing.T) {
	p := Params{Memory: 8 * 1024, Time: 1, Threads: 1} // cheap for tests
	h, err := HashPassword("dieuhanh-demo", p)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := CheckPassword("dieuhanh-demo", h); err != nil || !ok {
		t.Fatalf("right password refused: %v", err)
	}
	if ok, _ := CheckPassword("dieuhanh-dem0", h); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := HashPassword("dieuhanh-demo", p)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt not random")
	}
	if _, err := CheckPassword("x", "$2a$10$bcrypt"); err == nil {
		t.Fatal("non-argon2id hash accepted")
	}
}

func TestLoginWait(t *testing.T) {
	last := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
	tests := []struct {
		failures int
		after    time.Duration
		want     time.Duration
	}{
		{0, 0, 0},
		{4, 0, 0},
		{5, 0, 2 * time.Second},
		{5, time.Second, time.Second},
		{5, 3 * time.Second, 0},
		{6, 0, 4 * time.Second},
		{9, 0, 32 * time.Second},
		{14, 0, 15 * time.Minute},
		{60, 0, 15 * time.Minute},
		{60, 16 * time.Minute, 0},
	}
	for _, tt := range tests {
		if got := LoginWait(tt.failures, last, last.Add(tt.after)); got != tt.want {
			t.Errorf("LoginWait(%d, +%v) = %v, want %v", tt.failures, tt.after, got, tt.want)
		}
	}
}

// TestPolicyMatrix checks every role against every action, on the actor's
// own unit and on another unit, in the actor's ward and in another ward.
func TestPolicyMatrix(t *testing.T) {
	const ward, own, other, leader, otherLeader = 1, 10, 20, 5, 6
	actors := map[org.Role]Actor{
		org.RoleAdmin:        {UserID: 1, WardID: ward, Role: org.RoleAdmin},
		org.RoleChairman:     {UserID: 2, WardID: ward, Role: org.RoleChairman, LeaderID: 4},
		org.RoleViceChairman: {UserID: 3, WardID: ward, Role: org.RoleViceChairman, LeaderID: leader},
		org.RoleOffice:       {UserID: 4, WardID: ward, Role: org.RoleOffice, UnitID: 30},
		org.RoleUnitHead:     {UserID: 5, WardID: ward, Role: org.RoleUnitHead, UnitID: own},
		org.RoleUnitStaff:    {UserID: 6, WardID: ward, Role: org.RoleUnitStaff, UnitID: own},
		org.RoleViewer:       {UserID: 7, WardID: ward, Role: org.RoleViewer, UnitID: 40},
	}
	// allowed[action] = roles allowed on the own unit (with the VC as leader
	// in charge); allowedOther = roles allowed on another unit with another
	// leader in charge.
	type rule struct{ own, other string }
	rules := map[Action]rule{
		ViewOrg:            {"A C V O H S W", "A C V O H S W"},
		ManageOrg:          {"A", "A"},
		ManageUsers:        {"A", "A"},
		ViewCalendar:       {"A C V O H S W", "A C V O H S W"},
		ManageCalendar:     {"A", "A"},
		ViewAudit:          {"A C O", "A C O"},
		ViewDraftProgram:   {"A C V O H S", "A C V O H S"},
		DownloadProduct:    {"A C V O H S", "A C V O H S"},
		RegisterItem:       {"O H S", "O"},
		EditRegistration:   {"O H S", "O"},
		ConsolidateProgram: {"O", "O"},
		SubmitProgram:      {"O", "O"},
		ApproveProgram:     {"C", "C"},
		IssueProgram:       {"O", "O"},
		AcceptLateItem:     {"C V", "C"},
		ReportProgress:     {"H S", ""},
		CompleteItem:       {"H", ""},
		EvaluateItem:       {"C V", "C"},
		RequestExtension:   {"H", ""},
		DecideExtension:    {"C V", "C"},
		ProposeAmendment:   {"O H", "O"},
		ApproveAmendment:   {"C V", "C"},
		ProposeEvent:       {"C V O H S", "C V O"},
		ApproveSchedule:    {"C V", "C"},
		PublishSchedule:    {"O", "O"},
		PrepareMeeting:     {"H S", ""},
		ApproveMeeting:     {"C V", "C"},
		IssueInvitation:    {"O", "O"},

		// Weekly schedule additions.
		ConsolidateSchedule: {"O", "O"},
		RecordConclusion:    {"O", "O"},
		RequestSubstitute:   {"H", ""},
		ManageRooms:         {"A O", "A O"},

		// Approval of single entries (the VC: those they chair).
		ApproveEntry: {"C V", "C"},
	}
	letter := map[org.Role]string{org.RoleAdmin: "A", org.RoleChairman: "C", org.RoleViceChairman: "V",
		org.RoleOffice: "O", org.RoleUnitHead: "H", org.RoleUnitStaff: "S", org.RoleViewer: "W"}
	contains := func(list, l string) bool {
		for _, x := range strings.Fields(list) {
			if x == l {
				return true
			}
		}
		return false
	}
	for action, r := range rules {
		for role, a := range actors {
			l := letter[role]
			t.Run(fmt.Sprintf("%s/%s", action, role), func(t *testing.T) {
				ownT := Target{WardID: ward, UnitID: own, LeaderID: leader}
				otherT := Target{WardID: ward, UnitID: other, LeaderID: otherLeader}
				if got, want := Can(a, action, ownT), contains(r.own, l); got != want {
					t.Errorf("own unit: Can = %v, want %v", got, want)
				}
				if got, want := Can(a, action, otherT), contains(r.other, l); got != want {
					t.Errorf("other unit: Can = %v, want %v", got, want)
				}
				if Can(a, action, Target{WardID: ward + 1, UnitID: own, LeaderID: leader}) {
					t.Errorf("another ward: allowed")
				}
			})
		}
	}
	// A coordinating unit contributes but does not report the lead's progress.
	coord := Target{WardID: ward, UnitID: other, Units: []int64{own}}
	if !Can(actors[org.RoleUnitStaff], Contribute, coord) || Can(actors[org.RoleUnitStaff], ReportProgress, coord) {
		t.Error("coordinating unit: want contribute yes, progress no")
	}
	// The Office prepares the content of the meetings it presides over itself.
	if !Can(actors[org.RoleOffice], PrepareMeeting, Target{WardID: ward, UnitID: 30}) {
		t.Error("office: cannot prepare its own meeting")
	}
	// The week as a whole (no chair named) is the Chairman's to approve.
	for role, a := range actors {
		if got := Can(a, ApproveSchedule, Target{WardID: ward}); got != (role == org.RoleChairman) {
			t.Errorf("%s: approve the whole week = %v", role, got)
		}
	}
	if Can(Actor{}, ViewOrg, Target{}) {
		t.Error("anonymous actor allowed")
	}
}

// The Office carries out the items it leads itself (reports, session
// preparation) like a department, but not another unit's.
func TestOfficeExecutesItsOwnItems(t *testing.T) {
	office := Actor{UserID: 4, WardID: 1, Role: org.RoleOffice, UnitID: 30}
	own := Target{WardID: 1, UnitID: 30}
	other := Target{WardID: 1, UnitID: 10}
	for _, action := range []Action{ReportProgress, CompleteItem, RequestExtension, PrepareMeeting} {
		if !Can(office, action, own) || Can(office, action, other) {
			t.Errorf("%s: own %v other %v", action, Can(office, action, own), Can(office, action, other))
		}
	}
}
