package auth

import (
	"slices"

	"dieuhanh/internal/org"
)

// Actor is who asks: the signed-in user reduced to what policy needs.
type Actor struct {
	UserID   int64
	Login    string
	WardID   int64
	Role     org.Role
	UnitID   int64
	PersonID int64 // the person the account belongs to (0 for the admin)
	LeaderID int64 // set for the Chairman and Vice Chairmen
	// PortfolioUnitIDs are the departments in a Vice Chairman's portfolios.
	PortfolioUnitIDs []int64
}

// Target describes the record an action touches. Zero fields mean "not
// applicable" (e.g. a ward-wide action).
type Target struct {
	WardID   int64
	UnitID   int64   // the owning (lead, presiding, proposing) unit
	Units    []int64 // other units involved (coordinating units, attendees)
	People   []int64 // people involved (invited attendees, the owner of a personal calendar)
	LeaderID int64   // the leader in charge of the item or meeting
	// Leaders are further leaders in charge concerned besides LeaderID (an
	// amendment moving an item to another leader): a Vice Chairman acts as
	// the leader in charge only when they are every one of them.
	Leaders []int64
}

// Action names what is asked. The list is the map of what can be done.
type Action string

const (
	// Organization and administration.
	ViewOrg        Action = "org.view"
	ManageOrg      Action = "org.manage"   // ward, units, people, leaders, settings
	ManageUsers    Action = "users.manage" // accounts, roles, passwords
	ViewCalendar   Action = "calendar.view"
	ManageCalendar Action = "calendar.manage"
	ViewAudit      Action = "audit.view"
	// SubscribeFeed is a calendar feed of the schedule of the target: a
	// person's (Target.People), a unit's (Target.UnitID), a leader's
	// (Target.LeaderID) or, with none of them, the whole ward's.
	SubscribeFeed Action = "feed.subscribe"

	// Monthly program.
	ViewProgram        Action = "program.view"
	ViewDraftProgram   Action = "program.view_draft" // a program not yet issued, its registrations and history
	DownloadProduct    Action = "item.files"         // an item's product files
	RegisterItem       Action = "item.register"      // register an item for the unit
	AssignItem         Action = "item.assign"        // add an item the Chairman assigns: never late, marked "giao"
	EditRegistration   Action = "item.edit"          // edit an item before the program is submitted
	ConsolidateProgram Action = "program.consolidate"
	SubmitProgram      Action = "program.submit"
	ApproveProgram     Action = "program.approve" // approve or return
	IssueProgram       Action = "program.issue"
	AcceptLateItem     Action = "item.accept_late"
	ReportProgress     Action = "item.progress"
	Contribute         Action = "item.contribute" // a coordinating unit's contribution
	CompleteItem       Action = "item.complete"
	EvaluateItem       Action = "item.evaluate"
	RequestExtension   Action = "item.extension"
	DecideExtension    Action = "item.extension_decide"
	ProposeAmendment   Action = "program.amend"
	ApproveAmendment   Action = "program.amend_approve"

	// Weekly schedule and meetings.
	ViewSchedule        Action = "schedule.view"
	ProposeEvent        Action = "event.propose"
	ConsolidateSchedule Action = "schedule.consolidate"
	ApproveSchedule     Action = "schedule.approve"
	PublishSchedule     Action = "schedule.publish"
	PrepareMeeting      Action = "meeting.prepare"  // upload content and report
	ApproveMeeting      Action = "meeting.approve"  // the leader in charge approves the content
	IssueInvitation     Action = "meeting.invite"   // invitation and documents, with the Office
	RecordConclusion    Action = "meeting.conclude" // conclusion notice

	RequestSubstitute Action = "meeting.substitute" // an invited head names a substitute
	ManageRooms       Action = "rooms.manage"       // meeting rooms and the lobby display links

	// ApproveEntry approves one entry of a submitted week (the Chairman any,
	// a Vice Chairman those they chair: Target.LeaderID is the chair).
	// ApproveSchedule with no leader is the Chairman's approval of the week.
	ApproveEntry Action = "event.approve"

	// ViewUnpublishedSchedule sees a week before it is published and the
	// additions to a published week still waiting (partners and guests see
	// only what is published).
	ViewUnpublishedSchedule Action = "schedule.view_unpublished"
	// AddEventDirectly adds entries to a week at any stage and is never
	// late; units propose before the cut-off, and into a week already
	// consolidated only once it is published, through the additions' cycle.
	AddEventDirectly Action = "event.add_direct"

	// Background work and email (the job runner, the outbox).
	ViewJobs   Action = "jobs.view"   // the jobs' last and next runs, the mail that failed
	ManageMail Action = "mail.manage" // the ward's SMTP server, the test mail, resending failed mail
	// Remediation reports (seed ¶2). The target is the obligation's unit;
	// with no unit, ViewRemediation is the ward-wide list.
	ViewRemediation    Action = "remediation.view"    // a unit its own; the Office and the leaders all
	DraftRemediation   Action = "remediation.draft"   // the unit's staff and head type the report
	FileRemediation    Action = "remediation.file"    // the unit head files it
	ReceiveRemediation Action = "remediation.receive" // the Office records receipt
	DecideRemediation  Action = "remediation.decide"  // the Vice Chairman of the unit's portfolio, or the Chairman
	// Scorecards, accountability and the Office's monthly report (seed ¶3–4).
	// ViewScorecard with no unit opens the scorecards at all; with a unit,
	// that unit's card and the items behind it: the Chairman and the Office
	// every unit, a Vice Chairman the units of their portfolios, a unit head
	// their own unit. Staff and partners have none.
	ViewScorecard        Action = "scorecard.view"
	EnterGeneralPoints   Action = "scorecard.general"     // the Chairman's 0–30 general points
	DecideAccountability Action = "accountability.decide" // nhắc nhở, kiểm điểm, đề nghị xem xét trách nhiệm
	// ViewWardGlance is the ward at a glance on the home page; with a unit,
	// that unit's row (a Vice Chairman sees their portfolios' units).
	ViewWardGlance           Action = "dashboard.ward"
	ViewConsolidatedReport   Action = "report.view"   // the Office's monthly report to the Chairman
	EditConsolidatedReport   Action = "report.edit"   // draft, edit, submit; register its directions as items
	DirectConsolidatedReport Action = "report.direct" // the Chairman's directions on it

	// Incoming documents (văn bản đến). The target of one document is its
	// lead unit (UnitID), coordinating units (Units) and the leader it was
	// routed to (LeaderID).
	ViewIncoming         Action = "incoming.view"          // one document: the Office, the leaders, the units it was assigned to
	ViewIncomingRegister Action = "incoming.register_view" // the whole register; a unit sees the documents assigned to it
	RegisterIncoming     Action = "incoming.register"      // the records clerk enters it in the register
	RouteIncoming        Action = "incoming.route"         // the clerk sends it to a leader
	DecideIncoming       Action = "incoming.decide"        // assign to units or file: the leader it went to, or the Chairman
	// Outgoing documents (văn bản đi). The target is the drafting unit
	// (UnitID) and the signer's leader id (LeaderID); for receiving, the
	// recipients (Units, People, Leaders — any one of them matches).
	ViewDocuments     Action = "document.view"       // the register (all staff); a document sent to you
	ViewDraftDocument Action = "document.view_draft" // a document not yet issued: its drafting unit, the Office, the leaders
	DraftDocument     Action = "document.draft"      // draft, edit, submit: the drafting unit's members, the Office
	CheckDocument     Action = "document.check"      // the drafting unit's head checks the content
	CheckDocumentForm Action = "document.check_form" // the Office checks the form (thể thức)
	SignDocument      Action = "document.sign"       // the signer approves or returns: the Chairman, a Vice Chairman chosen as signer
	IssueDocument     Action = "document.issue"      // the records clerk numbers, sends, reminds, withdraws, files the signed copy
	ReceiveDocument   Action = "document.receive"    // a recipient acknowledges ("đã nhận")

	// The province (several wards in one deployment): its accounts belong
	// to no ward and act on the list of wards only, never inside one.
	ViewWards   Action = "wards.view"   // every ward's state and number of accounts
	ManageWards Action = "wards.manage" // create a ward with its first admin, disable and enable it
	// ViewProvince is the province's view across its wards, read-only:
	// each ward's month in figures, the ranking, a ward's 12-month trend
	// and its lists of the month (province_admin and province_viewer).
	ViewProvince Action = "province.view"
)

// Can decides whether the actor may perform action on target. It is the only
// place that decides; handlers and use cases call it and never re-derive.
func Can(a Actor, action Action, t Target) bool {
	if a.UserID == 0 {
		return false
	}
	r := a.Role
	if r.IsProvince() {
		// Above every ward and inside none: no ward's program, schedule,
		// documents or settings, whatever the target says.
		switch action {
		case ViewWards, ViewProvince:
			return true
		case ManageWards:
			return r == org.RoleProvinceAdmin
		}
		return false
	}
	if t.WardID != 0 && t.WardID != a.WardID {
		return false
	}
	ownUnit := t.UnitID != 0 && t.UnitID == a.UnitID
	involved := ownUnit
	for _, u := range t.Units {
		if u == a.UnitID && u != 0 {
			involved = true
		}
	}
	leaderInCharge := a.LeaderID != 0 && t.LeaderID == a.LeaderID
	for _, l := range t.Leaders {
		if l != a.LeaderID {
			leaderInCharge = false
		}
	}
	personInvolved := false
	for _, p := range t.People {
		if p == a.PersonID && p != 0 {
			personInvolved = true
		}
	}
	chairman := r == org.RoleChairman
	office := r == org.RoleOffice
	unitMember := r == org.RoleUnitHead || r == org.RoleUnitStaff
	// The Office also leads items of its own (reports, session preparation)
	// and carries them out like any department.
	executor := unitMember || office

	switch action {
	case ViewOrg, ViewProgram, ViewSchedule, ViewCalendar:
		return true
	case ViewDraftProgram:
		// Partners and guests see what is issued and sent to them.
		return r != org.RoleViewer
	case DownloadProduct:
		return r != org.RoleViewer || involved
	case ManageOrg, ManageUsers, ManageCalendar, ViewJobs, ManageMail:
		return r == org.RoleAdmin
	case ViewAudit:
		return r == org.RoleAdmin || office || chairman
	case SubscribeFeed:
		switch {
		case len(t.People) > 0:
			return personInvolved
		case t.UnitID != 0:
			return ownUnit
		case t.LeaderID != 0:
			// The leaders' calendars: the leaders themselves and the Office
			// that keeps them.
			return office || r.IsLeader()
		}
		return true

	case RegisterItem:
		// Units register their own items (staff may draft for their head);
		// the Office adds the items the Chairman assigns.
		return office || (unitMember && ownUnit)
	case EditRegistration:
		return office || (unitMember && ownUnit)
	case AssignItem:
		return office
	case ConsolidateProgram, SubmitProgram, IssueProgram:
		return office
	case ApproveProgram:
		return chairman
	case AcceptLateItem, EvaluateItem, DecideExtension:
		return chairman || (r == org.RoleViceChairman && leaderInCharge)
	case ReportProgress:
		return executor && ownUnit
	case Contribute:
		return executor && involved && !ownUnit
	case CompleteItem, RequestExtension:
		return (r == org.RoleUnitHead || office) && ownUnit
	case ProposeAmendment:
		return office || (r == org.RoleUnitHead && ownUnit)
	case ApproveAmendment:
		return chairman || (r == org.RoleViceChairman && leaderInCharge)

	case ViewUnpublishedSchedule:
		return r != org.RoleViewer
	case ProposeEvent:
		return office || (unitMember && ownUnit) || r.IsLeader()
	case AddEventDirectly:
		return office || r.IsLeader()
	case ConsolidateSchedule, PublishSchedule, IssueInvitation, RecordConclusion:
		return office
	case ApproveSchedule:
		return chairman || (r == org.RoleViceChairman && leaderInCharge)
	case PrepareMeeting:
		return executor && ownUnit
	case RequestSubstitute:
		// An invited head, in person or through their unit, sends someone else.
		return r == org.RoleUnitHead && a.PersonID != 0 && (personInvolved || involved)
	case ManageRooms:
		return office || r == org.RoleAdmin
	case ApproveMeeting:
		return chairman || (r == org.RoleViceChairman && leaderInCharge)
	case ApproveEntry:
		return chairman || (r == org.RoleViceChairman && leaderInCharge)

	case ViewDocuments:
		return r != org.RoleViewer || involved || personInvolved
	case ViewDraftDocument:
		return office || r.IsLeader() || (unitMember && ownUnit)
	case DraftDocument:
		return office || (unitMember && ownUnit)
	case CheckDocument:
		return (r == org.RoleUnitHead || office) && ownUnit
	case CheckDocumentForm, IssueDocument:
		return office
	case SignDocument:
		return chairman || (r == org.RoleViceChairman && a.LeaderID != 0 && t.LeaderID == a.LeaderID)
	case ReceiveDocument:
		return involved || personInvolved || (a.LeaderID != 0 && slices.Contains(t.Leaders, a.LeaderID))
	case ViewRemediation:
		return office || r.IsLeader() || (unitMember && ownUnit)
	case DraftRemediation:
		return executor && ownUnit
	case FileRemediation:
		return (r == org.RoleUnitHead || office) && ownUnit
	case ReceiveRemediation:
		return office
	case DecideRemediation:
		return chairman || (r == org.RoleViceChairman && t.UnitID != 0 && slices.Contains(a.PortfolioUnitIDs, t.UnitID))
	case ViewScorecard:
		switch r {
		case org.RoleChairman, org.RoleOffice:
			return true
		case org.RoleViceChairman:
			return t.UnitID == 0 || inPortfolio(a, t.UnitID)
		case org.RoleUnitHead:
			return t.UnitID == 0 || ownUnit
		}
		return false
	case ViewWardGlance:
		return chairman || office || (r == org.RoleViceChairman && (t.UnitID == 0 || inPortfolio(a, t.UnitID)))
	case EnterGeneralPoints, DecideAccountability, DirectConsolidatedReport:
		return chairman
	case ViewConsolidatedReport:
		return chairman || office || r == org.RoleViceChairman
	case EditConsolidatedReport:
		return office

	case ViewIncoming:
		return office || r.IsLeader() || involved
	case ViewIncomingRegister:
		return office || r.IsLeader()
	case RegisterIncoming, RouteIncoming:
		return office
	case DecideIncoming:
		return chairman || (r == org.RoleViceChairman && leaderInCharge)
	}
	return false
}

// Refusal is the message for an action Can refused: province accounts and
// the province's own actions get their reason, the rest the general one.
func Refusal(a Actor, action Action) string {
	switch {
	case a.Role.IsProvince() && action == ManageWards:
		return "Chỉ quản trị cấp tỉnh được tạo, ngừng hoặc mở lại phường; tài khoản theo dõi cấp tỉnh chỉ xem."
	case a.Role.IsProvince():
		return "Tài khoản cấp tỉnh không thực hiện công việc trong phường (đăng ký, duyệt, giao việc, văn bản…): chỉ quản lý và theo dõi danh sách phường."
	case action == ViewWards || action == ManageWards:
		return "Chỉ tài khoản cấp tỉnh được xem và quản lý danh sách phường."
	case action == ViewProvince:
		return "Chỉ tài khoản cấp tỉnh được xem tổng quan các phường."
	}
	return "Bạn không có quyền thực hiện thao tác này."
}

// inPortfolio reports whether unit is in one of a Vice Chairman's portfolios.
func inPortfolio(a Actor, unit int64) bool {
	for _, u := range a.PortfolioUnitIDs {
		if u == unit && u != 0 {
			return true
		}
	}
	return false
}
