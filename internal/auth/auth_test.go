package auth

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
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
		org.RoleChairman:     {UserID: 2, WardID: ward, Role: org.RoleChairman, PersonID: 102, LeaderID: 4},
		org.RoleViceChairman: {UserID: 3, WardID: ward, Role: org.RoleViceChairman, PersonID: 103, LeaderID: leader},
		org.RoleOffice:       {UserID: 4, WardID: ward, Role: org.RoleOffice, PersonID: 104, UnitID: 30},
		org.RoleUnitHead:     {UserID: 5, WardID: ward, Role: org.RoleUnitHead, PersonID: 105, UnitID: own},
		org.RoleUnitStaff:    {UserID: 6, WardID: ward, Role: org.RoleUnitStaff, PersonID: 106, UnitID: own},
		org.RoleViewer:       {UserID: 7, WardID: ward, Role: org.RoleViewer, PersonID: 107, UnitID: 40},
		// The province's accounts belong to no ward.
		org.RoleProvinceAdmin:  {UserID: 8, Role: org.RoleProvinceAdmin},
		org.RoleProvinceViewer: {UserID: 9, Role: org.RoleProvinceViewer},
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

		ViewProgram:  {"A C V O H S W", "A C V O H S W"},
		ViewSchedule: {"A C V O H S W", "A C V O H S W"},
		// A coordinating unit's action: never on a unit's own item (see below).
		Contribute: {"", ""},
		// The Office's items are the Chairman's assignments.
		AssignItem: {"O", "O"},
		// Partners and guests see only what is published.
		ViewUnpublishedSchedule: {"A C V O H S", "A C V O H S"},
		// The Office and the leaders add entries at any stage, never late.
		AddEventDirectly: {"C V O", "C V O"},
		// A target with a unit is that unit's calendar (other scopes below).
		SubscribeFeed: {"H S", ""},
		// The job runner and the email settings are the IT officer's.
		ViewJobs:   {"A", "A"},
		ManageMail: {"A", "A"},

		// Remediation reports: a unit its own; the Office and the leaders
		// all; the Vice Chairman decides for the units of their portfolios
		// (none in this matrix's actor, see TestRemediationDecider).
		ViewRemediation:    {"C V O H S", "C V O"},
		DraftRemediation:   {"H S", ""},
		FileRemediation:    {"H", ""},
		ReceiveRemediation: {"O", "O"},
		DecideRemediation:  {"C", "C"},

		// Scorecards: the Vice Chairman by portfolio (TestScorecardScopes).
		ViewScorecard:            {"C O H", "C O"},
		EnterGeneralPoints:       {"C", "C"},
		DecideAccountability:     {"C", "C"},
		ViewWardGlance:           {"C O", "C O"},
		ViewConsolidatedReport:   {"C V O", "C V O"},
		EditConsolidatedReport:   {"O", "O"},
		DirectConsolidatedReport: {"C", "C"},

		// Incoming documents: a unit sees those assigned to it; the leader
		// they were routed to (or the Chairman) decides.
		ViewIncoming:         {"C V O H S", "C V O"},
		ViewIncomingRegister: {"C V O", "C V O"},
		RegisterIncoming:     {"O", "O"},
		RouteIncoming:        {"O", "O"},
		DecideIncoming:       {"C V", "C"},
		// Outgoing documents: the signer is the target's leader (TestDocumentReceivers).
		ViewDocuments:     {"A C V O H S", "A C V O H S"},
		ViewDraftDocument: {"C V O H S", "C V O"},
		DraftDocument:     {"O H S", "O"},
		CheckDocument:     {"H", ""},
		CheckDocumentForm: {"O", "O"},
		SignDocument:      {"C V", "C"},
		IssueDocument:     {"O", "O"},
		ReceiveDocument:   {"H S", ""},

		// The province: every ward's state for both of its roles; creating,
		// disabling and enabling wards for its administrator. No ward role
		// has either, and neither province role any action above.
		ViewWards:    {"P Q", "P Q"},
		ManageWards:  {"P", "P"},
		ViewProvince: {"P Q", "P Q"},
	}
	if missing := unlisted(t, rules); len(missing) > 0 {
		t.Errorf("actions missing from the matrix: %v", missing)
	}
	letter := map[org.Role]string{org.RoleAdmin: "A", org.RoleChairman: "C", org.RoleViceChairman: "V",
		org.RoleOffice: "O", org.RoleUnitHead: "H", org.RoleUnitStaff: "S", org.RoleViewer: "W",
		org.RoleProvinceAdmin: "P", org.RoleProvinceViewer: "Q"}
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
				// The province's actions are over every ward; any other is
				// refused in another ward.
				province := action == ViewWards || action == ManageWards || action == ViewProvince
				if got := Can(a, action, Target{WardID: ward + 1, UnitID: own, LeaderID: leader}); got && !province {
					t.Errorf("another ward: allowed")
				}
				// A province account with a target naming no ward is no
				// member of "ward 0": still refused inside any ward.
				if a.Role.IsProvince() && !province && Can(a, action, Target{}) {
					t.Errorf("no ward named: allowed")
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

// A refused province account is told why: it acts on the list of wards,
// not inside one; a ward's account asking for the province's action too.
func TestProvinceRefusals(t *testing.T) {
	tests := []struct {
		role   org.Role
		action Action
		want   string
	}{
		{org.RoleProvinceAdmin, RegisterItem, "Tài khoản cấp tỉnh không thực hiện công việc trong phường"},
		{org.RoleProvinceViewer, ApproveProgram, "Tài khoản cấp tỉnh không thực hiện công việc trong phường"},
		{org.RoleProvinceAdmin, ManageOrg, "Tài khoản cấp tỉnh không thực hiện công việc trong phường"},
		{org.RoleProvinceViewer, ManageWards, "Chỉ quản trị cấp tỉnh được tạo, ngừng hoặc mở lại phường"},
		{org.RoleAdmin, ManageWards, "Chỉ tài khoản cấp tỉnh được xem và quản lý danh sách phường."},
		{org.RoleChairman, ViewWards, "Chỉ tài khoản cấp tỉnh được xem và quản lý danh sách phường."},
		{org.RoleChairman, ViewProvince, "Chỉ tài khoản cấp tỉnh được xem tổng quan các phường."},
		{org.RoleAdmin, ViewProvince, "Chỉ tài khoản cấp tỉnh được xem tổng quan các phường."},
		{org.RoleUnitHead, ApproveProgram, "Bạn không có quyền thực hiện thao tác này."},
	}
	for _, tt := range tests {
		a := Actor{UserID: 1, Role: tt.role}
		if !tt.role.IsProvince() {
			a.WardID = 1
		}
		if Can(a, tt.action, Target{WardID: a.WardID}) {
			t.Errorf("%s %s: allowed", tt.role, tt.action)
		}
		if got := Refusal(a, tt.action); !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s %s: %q, want %q…", tt.role, tt.action, got, tt.want)
		}
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

// A Vice Chairman decides on the remediation reports of the units in
// their portfolios only; the Chairman on every unit's; the list of a unit's
// own reports is for its members, the ward's list for the Office and the
// leaders.
func TestRemediationDecider(t *testing.T) {
	vc := Actor{UserID: 3, WardID: 1, Role: org.RoleViceChairman, LeaderID: 5, PortfolioUnitIDs: []int64{10, 11}}
	for unit, want := range map[int64]bool{10: true, 11: true, 20: false, 0: false} {
		if got := Can(vc, DecideRemediation, Target{WardID: 1, UnitID: unit}); got != want {
			t.Errorf("unit %d: decide = %v, want %v", unit, got, want)
		}
	}
	staff := Actor{UserID: 6, WardID: 1, Role: org.RoleUnitStaff, UnitID: 10}
	office := Actor{UserID: 4, WardID: 1, Role: org.RoleOffice, UnitID: 30}
	if Can(staff, ViewRemediation, Target{WardID: 1}) || !Can(office, ViewRemediation, Target{WardID: 1}) || !Can(vc, ViewRemediation, Target{WardID: 1}) {
		t.Error("the ward's list: the Office and leaders only")
	}
	// The Office files its own unit's report like a department.
	if !Can(office, FileRemediation, Target{WardID: 1, UnitID: 30}) || Can(office, FileRemediation, Target{WardID: 1, UnitID: 10}) {
		t.Error("office: files its own report only")
	}
}

// unlisted returns the actions declared in policy.go that the matrix does
// not list, so a new action cannot skip the matrix.
func unlisted[R any](t *testing.T, rules map[Action]R) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "policy.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			v := spec.(*ast.ValueSpec)
			if id, ok := v.Type.(*ast.Ident); !ok || id.Name != "Action" {
				continue
			}
			for i, name := range v.Names {
				lit, ok := v.Values[i].(*ast.BasicLit)
				if !ok {
					continue
				}
				value, _ := strconv.Unquote(lit.Value)
				if _, ok := rules[Action(value)]; !ok {
					missing = append(missing, name.Name)
				}
			}
		}
	}
	return missing
}

// A feed is a calendar of someone's schedule: one's own, one's unit's, the
// leaders' (for the leaders and the Office) and the ward's for everyone.
func TestFeedScopes(t *testing.T) {
	const ward = 1
	head := Actor{UserID: 5, WardID: ward, Role: org.RoleUnitHead, PersonID: 105, UnitID: 10}
	office := Actor{UserID: 4, WardID: ward, Role: org.RoleOffice, PersonID: 104, UnitID: 30}
	vc := Actor{UserID: 3, WardID: ward, Role: org.RoleViceChairman, PersonID: 103, LeaderID: 5}
	viewer := Actor{UserID: 7, WardID: ward, Role: org.RoleViewer, PersonID: 107, UnitID: 40}
	admin := Actor{UserID: 1, WardID: ward, Role: org.RoleAdmin}
	tests := []struct {
		name  string
		a     Actor
		t     Target
		allow bool
	}{
		{"the ward's, anyone", viewer, Target{WardID: ward}, true},
		{"the ward's, the admin", admin, Target{WardID: ward}, true},
		{"one's own", head, Target{WardID: ward, People: []int64{105}}, true},
		{"someone else's", head, Target{WardID: ward, People: []int64{106}}, false},
		{"no person, no personal feed", admin, Target{WardID: ward, People: []int64{0}}, false},
		{"one's unit's", viewer, Target{WardID: ward, UnitID: 40}, true},
		{"another unit's", head, Target{WardID: ward, UnitID: 40}, false},
		{"a leader's, by the Office", office, Target{WardID: ward, LeaderID: 6}, true},
		{"a leader's, by a leader", vc, Target{WardID: ward, LeaderID: 6}, true},
		{"a leader's, by a unit", head, Target{WardID: ward, LeaderID: 5}, false},
		{"another ward's", viewer, Target{WardID: ward + 1}, false},
	}
	for _, tt := range tests {
		if got := Can(tt.a, SubscribeFeed, tt.t); got != tt.allow {
			t.Errorf("%s: Can = %v", tt.name, got)
		}
	}
}

// An amendment that moves an item to another leader is the Chairman's to
// decide, or the Vice Chairman's when both leaders are them.
func TestAmendmentLeaders(t *testing.T) {
	const ward, mine, theirs = 1, 5, 6
	vc := Actor{UserID: 3, WardID: ward, Role: org.RoleViceChairman, LeaderID: mine}
	chairman := Actor{UserID: 2, WardID: ward, Role: org.RoleChairman, LeaderID: 4}
	tests := []struct {
		name    string
		t       Target
		vc, chm bool
	}{
		{"own portfolio", Target{WardID: ward, LeaderID: mine}, true, true},
		{"stays in own portfolio", Target{WardID: ward, LeaderID: mine, Leaders: []int64{mine}}, true, true},
		{"moved to another portfolio", Target{WardID: ward, LeaderID: mine, Leaders: []int64{theirs}}, false, true},
		{"moved into own portfolio", Target{WardID: ward, LeaderID: theirs, Leaders: []int64{mine}}, false, true},
		{"another's portfolio", Target{WardID: ward, LeaderID: theirs}, false, true},
		{"no leader named", Target{WardID: ward}, false, true},
	}
	for _, tt := range tests {
		if got := Can(vc, ApproveAmendment, tt.t); got != tt.vc {
			t.Errorf("%s: Vice Chairman %v", tt.name, got)
		}
		if got := Can(chairman, ApproveAmendment, tt.t); got != tt.chm {
			t.Errorf("%s: Chairman %v", tt.name, got)
		}
	}
}

// Each step of a meeting's checklist belongs to someone: the preparing unit
// uploads the content, the leader in charge approves it, the Office issues
// the invitation and sends the documents.
func TestMeetingSteps(t *testing.T) {
	const ward, unit, otherUnit, officeUnit, vanhoa, kinhte = 1, 5, 6, 1, 21, 22
	head := Actor{UserID: 31, WardID: ward, Role: org.RoleUnitHead, PersonID: 131, UnitID: unit}
	staff := Actor{UserID: 32, WardID: ward, Role: org.RoleUnitStaff, PersonID: 132, UnitID: unit}
	otherHead := Actor{UserID: 33, WardID: ward, Role: org.RoleUnitHead, PersonID: 133, UnitID: otherUnit}
	office := Actor{UserID: 41, WardID: ward, Role: org.RoleOffice, PersonID: 141, UnitID: officeUnit}
	leader := Actor{UserID: 21, WardID: ward, Role: org.RoleViceChairman, PersonID: 121, LeaderID: vanhoa}
	otherLeader := Actor{UserID: 22, WardID: ward, Role: org.RoleViceChairman, PersonID: 122, LeaderID: kinhte}
	chairman := Actor{UserID: 20, WardID: ward, Role: org.RoleChairman, PersonID: 120, LeaderID: 20}
	admin := Actor{UserID: 1, WardID: ward, Role: org.RoleAdmin}
	meeting := Target{WardID: ward, UnitID: unit, LeaderID: vanhoa}
	tests := []struct {
		name   string
		a      Actor
		action Action
		t      Target
		allow  bool
	}{
		{"unit head uploads", head, PrepareMeeting, meeting, true},
		{"unit staff uploads", staff, PrepareMeeting, meeting, true},
		{"another unit cannot upload", otherHead, PrepareMeeting, meeting, false},
		{"the Office uploads when it prepares", office, PrepareMeeting, Target{WardID: ward, UnitID: officeUnit}, true},
		{"the Office cannot upload for a department", office, PrepareMeeting, meeting, false},
		{"a leader cannot upload", leader, PrepareMeeting, meeting, false},
		{"leader in charge approves", leader, ApproveMeeting, meeting, true},
		{"the Chairman approves", chairman, ApproveMeeting, meeting, true},
		{"another Vice Chairman cannot", otherLeader, ApproveMeeting, meeting, false},
		{"no leader in charge: the Chairman only", otherLeader, ApproveMeeting, Target{WardID: ward, UnitID: unit}, false},
		{"the Office cannot approve", office, ApproveMeeting, meeting, false},
		{"the unit head cannot approve", head, ApproveMeeting, meeting, false},
		{"the Office issues the invitation", office, IssueInvitation, meeting, true},
		{"the unit cannot issue it", head, IssueInvitation, meeting, false},
		{"the admin cannot send documents", admin, IssueInvitation, meeting, false},
	}
	for _, tt := range tests {
		if got := Can(tt.a, tt.action, tt.t); got != tt.allow {
			t.Errorf("%s: Can = %v", tt.name, got)
		}
	}
}

// A substitute is sent by an invited head: invited in person or through
// their unit.
func TestSubstituteInvitees(t *testing.T) {
	const ward = 1
	head := Actor{UserID: 5, WardID: ward, Role: org.RoleUnitHead, PersonID: 105, UnitID: 10}
	staff := Actor{UserID: 6, WardID: ward, Role: org.RoleUnitStaff, PersonID: 106, UnitID: 10}
	noPerson := Actor{UserID: 8, WardID: ward, Role: org.RoleUnitHead, UnitID: 10}
	tests := []struct {
		name  string
		a     Actor
		t     Target
		allow bool
	}{
		{"invited in person", head, Target{WardID: ward, People: []int64{105}}, true},
		{"the unit invited", head, Target{WardID: ward, Units: []int64{10}}, true},
		{"someone else invited", head, Target{WardID: ward, People: []int64{106}, Units: []int64{20}}, false},
		{"staff send nobody", staff, Target{WardID: ward, People: []int64{106}, Units: []int64{10}}, false},
		{"an account without a person", noPerson, Target{WardID: ward, Units: []int64{10}}, false},
	}
	for _, tt := range tests {
		if got := Can(tt.a, RequestSubstitute, tt.t); got != tt.allow {
			t.Errorf("%s: Can = %v", tt.name, got)
		}
	}
}

// Scorecards follow the lines of answerability: a Vice Chairman sees the
// units of their portfolios, a unit head their own unit; with no unit named
// the question is whether the scorecards open at all.
func TestScorecardScopes(t *testing.T) {
	vc := Actor{UserID: 3, WardID: 1, Role: org.RoleViceChairman, LeaderID: 5, PortfolioUnitIDs: []int64{10, 11}}
	head := Actor{UserID: 5, WardID: 1, Role: org.RoleUnitHead, UnitID: 10}
	staff := Actor{UserID: 6, WardID: 1, Role: org.RoleUnitStaff, UnitID: 10}
	viewer := Actor{UserID: 7, WardID: 1, Role: org.RoleViewer, UnitID: 40}
	for _, tc := range []struct {
		name   string
		a      Actor
		action Action
		unit   int64
		want   bool
	}{
		{"VC opens the scorecards", vc, ViewScorecard, 0, true},
		{"VC, own portfolio", vc, ViewScorecard, 11, true},
		{"VC, another portfolio", vc, ViewScorecard, 20, false},
		{"VC glance, own portfolio", vc, ViewWardGlance, 10, true},
		{"VC glance, another portfolio", vc, ViewWardGlance, 20, false},
		{"head opens the scorecards", head, ViewScorecard, 0, true},
		{"head, own unit", head, ViewScorecard, 10, true},
		{"head, another unit", head, ViewScorecard, 11, false},
		{"head has no ward glance", head, ViewWardGlance, 0, false},
		{"staff see no scorecard", staff, ViewScorecard, 0, false},
		{"staff, own unit", staff, ViewScorecard, 10, false},
		{"partners see no scorecard", viewer, ViewScorecard, 0, false},
	} {
		if got := Can(tc.a, tc.action, Target{WardID: 1, UnitID: tc.unit}); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// A document reaches a unit's members, a person, or a leader named among
// its recipients; nobody else may acknowledge it. The Office heads its own
// drafts' content check.
func TestDocumentReceivers(t *testing.T) {
	head := Actor{UserID: 5, WardID: 1, Role: org.RoleUnitHead, PersonID: 105, UnitID: 10}
	vc := Actor{UserID: 3, WardID: 1, Role: org.RoleViceChairman, PersonID: 103, LeaderID: 5}
	office := Actor{UserID: 4, WardID: 1, Role: org.RoleOffice, PersonID: 104, UnitID: 30}
	cases := []struct {
		name string
		a    Actor
		t    Target
		want bool
	}{
		{"unit member", head, Target{WardID: 1, Units: []int64{20, 10}}, true},
		{"other unit", head, Target{WardID: 1, Units: []int64{20}}, false},
		{"named person", office, Target{WardID: 1, People: []int64{104}}, true},
		{"leader", vc, Target{WardID: 1, Leaders: []int64{9, 5}}, true},
		{"other leader", vc, Target{WardID: 1, Leaders: []int64{9}}, false},
		{"nobody named", office, Target{WardID: 1}, false},
	}
	for _, c := range cases {
		if got := Can(c.a, ReceiveDocument, c.t); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	if !Can(office, CheckDocument, Target{WardID: 1, UnitID: 30}) {
		t.Error("the Office cannot check its own draft")
	}
	if Can(vc, SignDocument, Target{WardID: 1, UnitID: 10, LeaderID: 6}) {
		t.Error("a Vice Chairman signs a document another leader signs")
	}
}
