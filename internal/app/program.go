package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// ItemView is a stored item with what is computed from it: the status,
// never typed by anyone, and the deadline that counts.
type ItemView struct {
	store.Item
	Status        program.Status
	Deadline      calendar.Date // effective: the approved extension or the due date, on a working day
	CompletedLate bool          // completion reported after the deadline (shown beside "Chờ đánh giá")
	CarriedLate   bool          // closed as carried over after its deadline passed in its month
	Coordinating  []string      // unit codes
	InProgram     bool
}

// Facts are the item's inputs to the pure status rules.
func facts(it store.Item) program.ItemFacts {
	return program.ItemFacts{
		ID: it.ID, DueDate: it.DueDate, OriginalDueDate: it.OriginalDueDate, ApprovedExtension: it.ApprovedExtension,
		Cancelled: it.Cancelled, Progress: it.Progress, CompletedAt: it.CompletedAt,
		Quality: program.Quality(it.Quality), Rejections: it.Rejections,
		Month: program.Month{Year: it.Year, Month: it.Month}, CarriedTo: it.CarriedTo, CarriedFrom: it.CarriedFrom,
	}
}

// Facts are the item's inputs to the pure rules of the program package.
func (v ItemView) Facts() program.ItemFacts { return facts(v.Item) }

// viewItems computes status and deadline for each item.
func viewItems(items []store.Item, units []org.Unit, now time.Time, cal *calendar.Calendar, dueSoon int) []ItemView {
	codes := map[int64]string{}
	for _, u := range units {
		codes[u.ID] = u.Code
	}
	out := make([]ItemView, len(items))
	for i, it := range items {
		f := facts(it)
		v := ItemView{Item: it, Status: program.ComputeStatus(f, now, cal, dueSoon), Deadline: program.EffectiveDeadline(f, cal),
			CompletedLate: program.CompletedLate(f, cal), InProgram: program.RegistrationState(it.Registration).InProgram()}
		v.CarriedLate = v.Status == program.StatusCarriedOver && program.CarriedLate(f, cal)
		for _, u := range it.CoordinatingUnitIDs {
			v.Coordinating = append(v.Coordinating, codes[u])
		}
		out[i] = v
	}
	return out
}

// ProgramPage is a month's program with everything its pages need.
type ProgramPage struct {
	Month        program.Month
	Program      store.Program // ID 0 when nobody registered anything yet
	State        program.ProgramState
	Items        []ItemView // every registration, including returned and merged ones
	Warnings     []program.Warning
	Deadline     calendar.Date // registration window
	Versions     []store.ProgramVersion
	Amendments   []AmendmentView
	Org          Org
	Now          time.Time
	LatePending  int
	Calendar     *calendar.Calendar
	NextProgram  store.Program // for carry-over: the following month's program (ID 0 if none)
	CanCarryOver bool
}

// InProgramItems are the items that count (printed, tracked).
func (p ProgramPage) InProgramItems() []ItemView {
	var out []ItemView
	for _, it := range p.Items {
		if it.InProgram {
			out = append(out, it)
		}
	}
	return out
}

// loadOrgIn reads the organization inside a transaction.
func loadOrgIn(ctx context.Context, tx *store.Tx, wardID int64) (Org, error) {
	return store.Cached(ctx, tx, orgKey{wardID}, func() (Org, error) { return readOrg(ctx, tx, wardID) })
}

// orgKey keeps a ward's organization in the store's cache: it was read on
// nearly every request (five statements) and changes a few times a year.
type orgKey struct{ ward int64 }

func readOrg(ctx context.Context, tx *store.Tx, wardID int64) (Org, error) {
	var o Org
	var err error
	if o.Ward, err = tx.Ward(ctx, wardID); err != nil {
		return o, err
	}
	if o.Units, err = tx.Units(ctx, wardID); err != nil {
		return o, err
	}
	if o.People, err = tx.People(ctx, wardID); err != nil {
		return o, err
	}
	o.Leaders, err = tx.Leaders(ctx, wardID)
	return o, err
}

// Program loads a month's program for any signed-in user.
func (app *App) Program(ctx context.Context, a auth.Actor, m program.Month) (ProgramPage, error) {
	if err := require(a, auth.ViewProgram, auth.Target{}); err != nil {
		return ProgramPage{}, err
	}
	if !m.Valid() {
		return ProgramPage{}, errs.E(errs.Invalid, "Tháng không hợp lệ.")
	}
	now := app.Now()
	page := ProgramPage{Month: m, Now: now, State: program.StateDraft}
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if page.Org, err = loadOrgIn(ctx, tx, a.WardID); err != nil {
			return err
		}
		if page.Calendar, err = calendarIn(ctx, tx, a.WardID); err != nil {
			return err
		}
		st := page.Org.Ward.Settings
		page.Deadline = program.RegistrationDeadline(m, st.RegistrationCloseDay, page.Calendar)
		p, err := tx.Program(ctx, a.WardID, m.Year, m.Month)
		if errs.Is(err, errs.NotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		page.Program, page.State = p, program.ProgramState(p.State)
		items, err := tx.Items(ctx, p.ID)
		if err != nil {
			return err
		}
		page.Items = viewItems(items, page.Org.Units, now, page.Calendar, st.DueSoonWorkingDays)
		var warn []program.WarnItem
		for _, it := range page.Items {
			if it.Registration == string(program.RegLatePending) {
				page.LatePending++
			}
			if !it.InProgram {
				continue
			}
			warn = append(warn, program.WarnItem{ID: it.ID, Title: it.Title, LeaderID: it.LeaderID, LeaderName: it.LeaderName,
				DueDate: it.DueDate, Predecessors: it.Predecessors, Cancelled: it.Cancelled})
		}
		page.Warnings = program.Warnings(warn, page.Calendar, st.MaxItemsPerLeaderPerDay)
		if page.Versions, err = tx.ProgramVersions(ctx, p.ID); err != nil {
			return err
		}
		ams, err := tx.Amendments(ctx, p.ID)
		if err != nil {
			return err
		}
		page.Amendments = amendmentViews(a.WardID, ams, page.Items)
		next, err := tx.Program(ctx, a.WardID, m.Next().Year, m.Next().Month)
		if err == nil {
			page.NextProgram = next
		} else if !errs.Is(err, errs.NotFound) {
			return err
		}
		return nil
	})
	if err == nil && !auth.Can(a, auth.ViewDraftProgram, auth.Target{WardID: a.WardID}) {
		page = issuedOnly(page)
	}
	if err == nil {
		next := program.ProgramState(page.NextProgram.State)
		page.CanCarryOver = page.State == program.StateIssued && (page.NextProgram.ID == 0 || next == program.StateDraft || next == program.StateReturned)
	}
	return page, err
}

// issuedOnly is what partners and guests see of a month: nothing before
// the program is issued, then only the items in it.
func issuedOnly(page ProgramPage) ProgramPage {
	page.Warnings, page.Amendments, page.LatePending = nil, nil, 0
	if page.State != program.StateIssued {
		page.Items, page.Versions = nil, nil
		return page
	}
	var in []ItemView
	for _, it := range page.Items {
		if it.InProgram {
			in = append(in, it)
		}
	}
	page.Items = in
	return page
}

// ItemForm is what a unit (or the Office) submits for an item.
type ItemForm = program.ItemInput

// cleanItem normalizes the free text of an item.
func cleanItem(in program.ItemInput) program.ItemInput {
	in.Title = vntext.Clean(in.Title)
	in.Description = vntext.Clean(in.Description)
	in.SourceRef = vntext.Clean(in.SourceRef)
	in.Product = vntext.Clean(in.Product)
	in.QualityCriteria = vntext.Clean(in.QualityCriteria)
	in.DueDate = strings.TrimSpace(in.DueDate)
	return in
}

// DefaultLeader is the leader whose portfolio includes the unit: a Vice
// Chairman first, else the Chairman. The registering unit may change it.
func DefaultLeader(o Org, unitID int64) int64 {
	var chairman int64
	for _, l := range o.Leaders {
		if l.Position == org.PositionChairman && chairman == 0 {
			chairman = l.ID
		}
		for _, p := range l.Portfolios {
			if slices.Contains(p.UnitIDs, unitID) && l.Position == org.PositionViceChairman {
				return l.ID
			}
		}
	}
	for _, l := range o.Leaders {
		for _, p := range l.Portfolios {
			if slices.Contains(p.UnitIDs, unitID) {
				return l.ID
			}
		}
	}
	return chairman
}

// checkItemRefs verifies that the units, leader and predecessors exist in
// the actor's ward, and that the dependencies make no cycle.
func checkItemRefs(ctx context.Context, tx *store.Tx, o Org, itemID int64, in program.ItemInput) error {
	f := errs.Fields{}
	if _, ok := o.UnitByID(in.LeadUnitID); !ok {
		f.Add("lead_unit", "Đơn vị chủ trì không tồn tại trong phường.")
	}
	for _, u := range in.CoordinatingUnitIDs {
		if _, ok := o.UnitByID(u); !ok {
			f.Add("coordinating_units", "Đơn vị phối hợp không tồn tại trong phường.")
		}
	}
	if _, ok := o.LeaderByID(in.LeaderID); !ok {
		f.Add("leader", "Lãnh đạo phụ trách không tồn tại trong phường.")
	}
	if len(in.Predecessors) > 0 {
		found, err := tx.ItemsByIDs(ctx, o.Ward.ID, in.Predecessors)
		if err != nil {
			return err
		}
		if len(found) != len(in.Predecessors) {
			f.Add("predecessors", "Nội dung phải hoàn thành trước không tồn tại trong chương trình của phường.")
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	if itemID != 0 && len(in.Predecessors) > 0 {
		edges, err := tx.Edges(ctx, o.Ward.ID)
		if err != nil {
			return err
		}
		edges[itemID] = in.Predecessors
		if cycle := program.FindCycle([]int64{itemID}, edges); len(cycle) > 0 {
			items, err := tx.ItemsByIDs(ctx, o.Ward.ID, cycle)
			if err != nil {
				return err
			}
			titles := map[int64]string{}
			for _, it := range items {
				titles[it.ID] = it.Title
			}
			return program.NewCycleError(cycle, titles)
		}
	}
	return nil
}

func searchText(in program.ItemInput, unitCode string) string {
	return vntext.Fold(strings.Join([]string{in.Title, in.Description, in.Product, in.SourceRef, unitCode}, " "))
}

// RegisterItem registers an item for a month: a unit for itself (late after
// the window, then the leader in charge must accept it), or the Office for
// an item the Chairman assigns.
func (app *App) RegisterItem(ctx context.Context, a auth.Actor, m program.Month, in program.ItemInput) (int64, error) {
	in = cleanItem(in)
	in.ID = 0
	// Field problems first: they reveal nothing, and "choose a lead unit"
	// helps more than a refusal.
	if in.LeadUnitID == 0 {
		if _, err := program.ValidateItem(in, m); err != nil {
			return 0, err
		}
	}
	if err := require(a, auth.RegisterItem, auth.Target{UnitID: in.LeadUnitID}); err != nil {
		return 0, err
	}
	now := app.Now()
	var id int64
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		o, err := loadOrgIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		if in.LeaderID == 0 {
			in.LeaderID = DefaultLeader(o, in.LeadUnitID)
		}
		due, err := program.ValidateItem(in, m)
		if err != nil {
			return err
		}
		if err := checkItemRefs(ctx, tx, o, 0, in); err != nil {
			return err
		}
		p, err := tx.EnsureProgram(ctx, a.WardID, m.Year, m.Month, now)
		if err != nil {
			return err
		}
		if err := program.CheckItemEdit(program.ProgramState(p.State)); err != nil {
			return err
		}
		cal, err := calendarIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		if err := program.CheckDueDay("due_date", due, cal, m.First(), in.AllowDayOff); err != nil {
			return err
		}
		assigned := auth.Can(a, auth.AssignItem, auth.Target{WardID: a.WardID, UnitID: in.LeadUnitID})
		late := !assigned && program.IsLateRegistration(m, now, o.Ward.Settings.RegistrationCloseDay, cal)
		section := in.Section
		if section == 0 {
			section = program.DefaultSection(in.Kind)
		}
		unit, _ := o.UnitByID(in.LeadUnitID)
		it := store.Item{
			WardID: a.WardID, ProgramID: p.ID, Section: int(section), Title: in.Title, Description: in.Description,
			Kind: string(in.Kind), Source: string(in.Source), SourceRef: in.SourceRef, LeadUnitID: in.LeadUnitID,
			LeaderID: in.LeaderID, DueDate: due, OriginalDueDate: due, Product: in.Product, QualityCriteria: in.QualityCriteria,
			Registration: string(program.InitialRegistration(late)), Late: late, Assigned: assigned,
			RegisteredBy: a.UserID, RegisteredAt: now, SearchText: searchText(in, unit.Code),
			CoordinatingUnitIDs: in.CoordinatingUnitIDs, Predecessors: in.Predecessors,
		}
		if id, err = tx.CreateItem(ctx, it); err != nil {
			return err
		}
		summary := "Đăng ký nội dung: " + in.Title
		if late {
			summary = "Đăng ký muộn nội dung: " + in.Title
			uid, err := tx.LeaderUserID(ctx, in.LeaderID)
			if err != nil {
				return err
			}
			if err := tx.Notify(ctx, a.WardID, []int64{uid}, store.Notification{
				Title: "Đăng ký muộn chờ chấp nhận: " + in.Title,
				Body:  fmt.Sprintf("%s đăng ký sau hạn %s cho chương trình %s.", unit.Name, program.RegistrationDeadline(m, o.Ward.Settings.RegistrationCloseDay, cal).VN(), m.Label()),
				Link:  fmt.Sprintf("/items/%d", id),
			}, now); err != nil {
				return err
			}
		}
		return app.audit(ctx, tx, a, "program_item", id, "register", summary, nil, itemAudit(it))
	})
	return id, err
}

// itemAudit is what the audit log keeps of an item.
func itemAudit(it store.Item) map[string]any {
	return map[string]any{
		"title": it.Title, "kind": it.Kind, "section": it.Section, "lead_unit_id": it.LeadUnitID, "coordinating_unit_ids": it.CoordinatingUnitIDs,
		"leader_id": it.LeaderID, "due_date": it.DueDate.String(), "original_due_date": it.OriginalDueDate.String(), "product": it.Product,
		"quality_criteria": it.QualityCriteria, "source": it.Source, "source_ref": it.SourceRef, "predecessors": it.Predecessors,
		"registration": it.Registration, "cancelled": it.Cancelled, "progress": it.Progress, "quality": it.Quality,
		"completed_at": it.CompletedAt, "rejections": it.Rejections,
	}
}

// loadItem reads an item and its program for a write.
func loadItem(ctx context.Context, tx *store.Tx, a auth.Actor, id int64) (store.Item, store.Program, error) {
	it, err := tx.Item(ctx, a.WardID, id)
	if err != nil {
		return it, store.Program{}, err
	}
	p, err := tx.ProgramByID(ctx, a.WardID, it.ProgramID)
	return it, p, err
}

func itemTarget(it store.Item) auth.Target {
	return auth.Target{WardID: it.WardID, UnitID: it.LeadUnitID, Units: it.CoordinatingUnitIDs, LeaderID: it.LeaderID}
}

// checkVersion refuses an edit made on an old copy of the item.
func checkItemVersion(it store.Item, version int) error {
	if version != 0 && version != it.Version {
		return errs.E(errs.Conflict, "Nội dung công việc đã được người khác thay đổi trong lúc bạn sửa. Vui lòng tải lại trang để xem bản mới nhất rồi sửa lại.")
	}
	return nil
}

// UpdateItem edits a registration while the program is still a draft.
func (app *App) UpdateItem(ctx context.Context, a auth.Actor, id int64, version int, in program.ItemInput) error {
	in = cleanItem(in)
	in.ID = id
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		it, p, err := loadItem(ctx, tx, a, id)
		if err != nil {
			return err
		}
		// A unit may only edit its own items and keep them its own.
		if err := require(a, auth.EditRegistration, itemTarget(it)); err != nil {
			return err
		}
		if err := require(a, auth.EditRegistration, auth.Target{UnitID: in.LeadUnitID}); err != nil {
			return err
		}
		if err := program.CheckItemEdit(program.ProgramState(p.State)); err != nil {
			return err
		}
		if err := checkItemVersion(it, version); err != nil {
			return err
		}
		o, err := loadOrgIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		if in.LeaderID == 0 {
			in.LeaderID = it.LeaderID
		}
		m := program.Month{Year: p.Year, Month: p.Month}
		due, err := program.ValidateItem(in, m)
		if err != nil {
			return err
		}
		if !due.Equal(it.DueDate) {
			cal, err := calendarIn(ctx, tx, a.WardID)
			if err != nil {
				return err
			}
			if err := program.CheckDueDay("due_date", due, cal, m.First(), in.AllowDayOff); err != nil {
				return err
			}
		}
		if err := checkItemRefs(ctx, tx, o, id, in); err != nil {
			return err
		}
		before := itemAudit(it)
		section := in.Section
		if section == 0 {
			section = program.Section(it.Section)
		}
		unit, _ := o.UnitByID(in.LeadUnitID)
		it.Section, it.Title, it.Description, it.Kind, it.Source, it.SourceRef = int(section), in.Title, in.Description, string(in.Kind), string(in.Source), in.SourceRef
		it.LeadUnitID, it.LeaderID, it.Product, it.QualityCriteria = in.LeadUnitID, in.LeaderID, in.Product, in.QualityCriteria
		it.CoordinatingUnitIDs, it.Predecessors = in.CoordinatingUnitIDs, in.Predecessors
		if !due.Equal(it.DueDate) {
			it.DueDate, it.OriginalDueDate = due, due // before issue the registration's date is simply its date
		}
		it.SearchText = searchText(in, unit.Code)
		if err := tx.UpdateItem(ctx, it); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "program_item", id, "update", "Sửa nội dung: "+in.Title, before, itemAudit(it))
	})
}

// RegistrationAction applies a consolidation step to one registration:
// accept a late one (leader in charge), return it with a reason or merge a
// duplicate (the Office), or resubmit a returned one (the unit).
func (app *App) RegistrationAction(ctx context.Context, a auth.Actor, id int64, action program.RegAction, reason string, mergeInto int64) error {
	reason = vntext.Clean(reason)
	if err := program.ValidateText("reason", reason, program.MaxReasonRunes); err != nil {
		return err
	}
	now := app.Now()
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		it, p, err := loadItem(ctx, tx, a, id)
		if err != nil {
			return err
		}
		t := itemTarget(it)
		switch action {
		case program.RegAcceptLate:
			err = require(a, auth.AcceptLateItem, t)
		case program.RegReturn:
			// The Office returns during consolidation; the leader in charge
			// may refuse a late registration.
			if !auth.Can(a, auth.ConsolidateProgram, t) && !(it.Registration == string(program.RegLatePending) && auth.Can(a, auth.AcceptLateItem, t)) {
				err = forbidden()
			}
		case program.RegMerge:
			err = require(a, auth.ConsolidateProgram, t)
		case program.RegResubmit:
			err = require(a, auth.EditRegistration, t)
		default:
			err = errs.E(errs.Invalid, "Thao tác không hợp lệ.")
		}
		if err != nil {
			return err
		}
		if err := program.CheckItemEdit(program.ProgramState(p.State)); err != nil {
			return err
		}
		o, err := loadOrgIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		cal, err := calendarIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		m := program.Month{Year: p.Year, Month: p.Month}
		late := program.IsLateRegistration(m, now, o.Ward.Settings.RegistrationCloseDay, cal)
		next, err := program.RegTransition(program.RegistrationState(it.Registration), action, reason, late)
		if err != nil {
			return err
		}
		before := itemAudit(it)
		if action == program.RegMerge {
			target, err := tx.Item(ctx, a.WardID, mergeInto)
			if err != nil || target.ProgramID != it.ProgramID || target.ID == it.ID {
				return errs.Fields{"merge_into": "Chọn một nội dung khác của cùng chương trình để gộp vào."}.Err()
			}
			it.MergedInto = target.ID
		}
		if action == program.RegReturn {
			it.ReturnReason = reason
		}
		if action == program.RegResubmit {
			it.Late = late
			it.ReturnReason = ""
		}
		it.Registration = string(next)
		if err := tx.UpdateItem(ctx, it); err != nil {
			return err
		}
		// Tell the unit what happened to its registration.
		if action != program.RegResubmit {
			users, err := tx.UnitUserIDs(ctx, it.LeadUnitID, "unit_head", "unit_staff")
			if err != nil {
				return err
			}
			msg := map[program.RegAction]string{program.RegAcceptLate: "Đăng ký muộn đã được chấp nhận", program.RegReturn: "Nội dung bị trả lại", program.RegMerge: "Nội dung đã được gộp"}[action]
			if err := tx.Notify(ctx, a.WardID, users, store.Notification{Title: msg + ": " + it.Title, Body: reason, Link: fmt.Sprintf("/items/%d", it.ID)}, now); err != nil {
				return err
			}
		}
		return app.audit(ctx, tx, a, "program_item", id, string(action), regSummary(action)+": "+it.Title, before, itemAudit(it))
	})
}

func regSummary(a program.RegAction) string {
	switch a {
	case program.RegAcceptLate:
		return "Chấp nhận đăng ký muộn"
	case program.RegReturn:
		return "Trả lại đơn vị"
	case program.RegMerge:
		return "Gộp nội dung trùng"
	case program.RegResubmit:
		return "Gửi lại đăng ký"
	}
	return string(a)
}

// ProgramAction moves the month's program: the Office submits and issues,
// the Chairman approves or returns with comments. Issuing numbers it
// (NN/CTr-UBND), freezes version 0 and tells every department.
func (app *App) ProgramAction(ctx context.Context, a auth.Actor, m program.Month, action program.Action, comment string, version int) (store.Program, error) {
	comment = vntext.Clean(comment)
	if err := program.ValidateText("comment", comment, program.MaxReasonRunes); err != nil {
		return store.Program{}, err
	}
	var policy auth.Action
	switch action {
	case program.ActionSubmit:
		policy = auth.SubmitProgram
	case program.ActionApprove, program.ActionReturn:
		policy = auth.ApproveProgram
	case program.ActionIssue:
		policy = auth.IssueProgram
	default:
		return store.Program{}, errs.E(errs.Invalid, "Thao tác không hợp lệ.")
	}
	if err := require(a, policy, auth.Target{}); err != nil {
		return store.Program{}, err
	}
	now := app.Now()
	var out store.Program
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		p, err := tx.Program(ctx, a.WardID, m.Year, m.Month)
		if errs.Is(err, errs.NotFound) {
			return errs.Ef(errs.Conflict, "Chương trình %s chưa có nội dung nào.", m.Label())
		}
		if err != nil {
			return err
		}
		if version != 0 && version != p.Version {
			return errs.E(errs.Conflict, "Chương trình đã được người khác thay đổi. Vui lòng tải lại trang.")
		}
		next, err := program.Transition(program.ProgramState(p.State), action, comment)
		if err != nil {
			return err
		}
		items, err := tx.Items(ctx, p.ID)
		if err != nil {
			return err
		}
		before := map[string]any{"state": p.State, "number": p.Number}
		if action == program.ActionSubmit {
			pending, inProgram := 0, 0
			for _, it := range items {
				if it.Registration == string(program.RegLatePending) {
					pending++
				}
				if program.RegistrationState(it.Registration).InProgram() {
					inProgram++
				}
			}
			if err := program.CheckSubmit(pending, inProgram); err != nil {
				return err
			}
			p.SubmittedAt = &now
		}
		var note store.Notification
		link := "/programs/" + m.String()
		notifyRoles := []string{"office"}
		switch action {
		case program.ActionSubmit:
			notifyRoles = []string{"chairman"}
			note = store.Notification{Title: "Chương trình " + m.Label() + " chờ Chủ tịch duyệt", Link: link}
		case program.ActionApprove:
			p.ApprovedAt = &now
			p.ReturnComment = ""
			note = store.Notification{Title: "Chủ tịch đã duyệt chương trình " + m.Label(), Link: link}
		case program.ActionReturn:
			p.ReturnComment = comment
			note = store.Notification{Title: "Chủ tịch trả lại chương trình " + m.Label(), Body: comment, Link: link}
		case program.ActionIssue:
			if err := app.issue(ctx, tx, a, &p, items, now); err != nil {
				return err
			}
			// Departments, leaders and partners are told.
			notifyRoles = []string{"unit_head", "unit_staff", "vice_chairman", "chairman", "viewer"}
			note = store.Notification{Kind: "program_issued", Title: fmt.Sprintf("Đã ban hành Chương trình số %s: công tác %s", p.Number, m.Label()), Link: link}
		}
		notifyUsers, err := tx.RoleUserIDs(ctx, a.WardID, notifyRoles...)
		if err != nil {
			return err
		}
		p.State = string(next)
		if err := tx.SaveProgram(ctx, p); err != nil {
			return err
		}
		p.Version++
		out = p
		if err := tx.Notify(ctx, a.WardID, notifyUsers, note, now); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "program", p.ID, string(action), action.Label()+" chương trình "+m.Label(),
			before, map[string]any{"state": p.State, "number": p.Number, "comment": comment})
	})
	return out, err
}

// issue numbers the program (NN/CTr-UBND, the ward's sequence for the
// year of issue), dates it and freezes version 0.
func (app *App) issue(ctx context.Context, tx *store.Tx, a auth.Actor, p *store.Program, items []store.Item, now time.Time) error {
	issued := calendar.DateOf(now)
	reg, err := tx.RegisterNumbered(ctx, store.Registration{WardID: a.WardID, IssuedOn: issued.String(), Symbol: "CTr-UBND",
		Subject: "Chương trình công tác " + program.Month{Year: p.Year, Month: p.Month}.Label(), By: a.UserID,
		SourceKind: "program", SourceID: p.ID, At: now})
	if err != nil {
		return err
	}
	p.Number, p.IssuedOn, p.IssuedAt = reg.Number, issued.String(), &now
	snap, err := app.snapshot(ctx, tx, a.WardID, items)
	if err != nil {
		return err
	}
	return tx.AddProgramVersion(ctx, store.ProgramVersion{ProgramID: p.ID, No: 0, Label: "Ban hành", CreatedAt: now, Snapshot: snap,
		DocType: "CTr", DocSeq: reg.Seq, DocSymbol: "CTr-UBND", DocNumber: p.Number, DocIssuedOn: p.IssuedOn}, a.UserID)
}

// snapshot freezes the program's items (in the program) as JSON.
func (app *App) snapshot(ctx context.Context, tx *store.Tx, wardID int64, items []store.Item) (string, error) {
	o, err := loadOrgIn(ctx, tx, wardID)
	if err != nil {
		return "", err
	}
	titles := map[int64]string{}
	for _, it := range items {
		titles[it.ID] = it.Title
	}
	var snaps []program.ItemSnapshot
	for _, it := range items {
		if !program.RegistrationState(it.Registration).InProgram() {
			continue
		}
		snaps = append(snaps, itemSnapshot(o, it, titles))
	}
	b, err := json.Marshal(program.ProgramVersion{Items: snaps})
	return string(b), err
}

func itemSnapshot(o Org, it store.Item, titles map[int64]string) program.ItemSnapshot {
	s := program.ItemSnapshot{ID: it.ID, Title: it.Title, Kind: program.Kind(it.Kind), Section: program.Section(it.Section),
		LeadUnit: it.LeadUnitCode, Leader: it.LeaderName, DueDate: it.DueDate, OriginalDueDate: it.OriginalDueDate,
		Product: it.Product, Cancelled: it.Cancelled}
	for _, u := range it.CoordinatingUnitIDs {
		if x, ok := o.UnitByID(u); ok {
			s.CoordinatingUnits = append(s.CoordinatingUnits, x.Code)
		}
	}
	for _, p := range it.Predecessors {
		s.Predecessors = append(s.Predecessors, titles[p])
	}
	if it.CarriedFrom != 0 {
		s.Note = program.CarryNote(program.Month{Year: it.Year, Month: it.Month}.Prev(), it.OriginalDueDate)
	}
	if it.AddedByAmendment {
		s.Note = strings.TrimPrefix(s.Note+"; Bổ sung", "; ")
	}
	return s
}

// requireIssued refuses execution steps on an item of a program that is not
// issued, or an item that is not in it.
func requireIssued(it store.Item, p store.Program) error {
	return program.CheckExecution(program.ProgramState(p.State), program.RegistrationState(it.Registration), it.Cancelled)
}

// loadForExecution reads an item for an execution step: the actor must be
// allowed the step, and the item must be in an issued program.
func loadForExecution(ctx context.Context, tx *store.Tx, a auth.Actor, id int64, policy auth.Action) (store.Item, error) {
	it, p, err := loadItem(ctx, tx, a, id)
	if err != nil {
		return it, err
	}
	if err := require(a, policy, itemTarget(it)); err != nil {
		return it, err
	}
	return it, requireIssued(it, p)
}

// ReportInput is a progress report, a contribution or a completion report.
type ReportInput struct {
	Version int
	Percent int
	Note    string
	Files   []Upload
}

// execution records one execution step of an item with its files.
func (app *App) execution(ctx context.Context, a auth.Actor, id int64, policy auth.Action, kind string, in ReportInput,
	apply func(tx *store.Tx, it *store.Item, now time.Time) (summary string, notify []int64, note store.Notification, err error)) error {
	in.Note = vntext.Clean(in.Note)
	if err := program.ValidateText("note", in.Note, program.MaxNoteRunes); err != nil {
		return err
	}
	stored, err := checkUploads(in.Files, "files")
	if err != nil {
		return err
	}
	now := app.Now()
	// Validate and authorize before storing anything.
	var it store.Item
	err = app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if it, err = loadForExecution(ctx, tx, a, id, policy); err != nil {
			return err
		}
		if err := program.CheckCarryExecution(facts(it), now); err != nil {
			return err
		}
		return checkItemVersion(it, in.Version)
	})
	if err != nil {
		return err
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		it, p, err := loadItem(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := requireIssued(it, p); err != nil {
			return err
		}
		if err := program.CheckCarryExecution(facts(it), now); err != nil {
			return err
		}
		if err := checkItemVersion(it, in.Version); err != nil {
			return err
		}
		before := itemAudit(it)
		summary, users, note, err := apply(tx, &it, now)
		if err != nil {
			return err
		}
		if err := tx.UpdateItem(ctx, it); err != nil {
			return err
		}
		var pct *int
		if kind == "progress" || kind == "completion" {
			pct = &it.Progress
		}
		evID, err := tx.AddItemEvent(ctx, store.ItemEvent{ItemID: id, At: now, ActorID: a.UserID, UnitID: a.UnitID, Kind: kind, Percent: pct, Note: in.Note})
		if err != nil {
			return err
		}
		if err := app.storeFiles(ctx, tx, in.Files, stored); err != nil {
			return err
		}
		var names []string
		for _, f := range stored {
			if _, err := tx.AddItemFile(ctx, store.ItemFile{ItemID: id, EventID: evID, Name: f.Name, ContentType: f.ContentType, Size: f.Size, SHA256: f.SHA256, UploadedAt: now}, a.UserID); err != nil {
				return err
			}
			names = append(names, f.Name)
		}
		if err := tx.Notify(ctx, a.WardID, users, note, now); err != nil {
			return err
		}
		// A completion after the deadline reveals the overdue moment even
		// if no sweep recorded it (the server was down, say).
		if err := app.noteItemTriggers(ctx, tx, a.WardID, id, now); err != nil {
			return err
		}
		after := itemAudit(it)
		after["note"], after["files"] = in.Note, names
		return app.audit(ctx, tx, a, "program_item", id, kind, summary, before, after)
	})
}

// ReportProgress records the lead unit's progress.
func (app *App) ReportProgress(ctx context.Context, a auth.Actor, id int64, in ReportInput) error {
	if err := program.ValidateProgress(in.Percent); err != nil {
		return err
	}
	return app.execution(ctx, a, id, auth.ReportProgress, "progress", in, func(tx *store.Tx, it *store.Item, now time.Time) (string, []int64, store.Notification, error) {
		if err := program.CheckProgress(facts(*it)); err != nil {
			return "", nil, store.Notification{}, err
		}
		it.Progress, it.ProgressNote = in.Percent, vntext.Clean(in.Note)
		return fmt.Sprintf("Báo cáo tiến độ %d%%: %s", in.Percent, it.Title), nil, store.Notification{}, nil
	})
}

// Contribute records a coordinating unit's contribution.
func (app *App) Contribute(ctx context.Context, a auth.Actor, id int64, in ReportInput) error {
	if strings.TrimSpace(in.Note) == "" && len(in.Files) == 0 {
		return errs.Fields{"note": "Vui lòng nêu nội dung phối hợp hoặc đính kèm tệp."}.Err()
	}
	return app.execution(ctx, a, id, auth.Contribute, "contribution", in, func(tx *store.Tx, it *store.Item, now time.Time) (string, []int64, store.Notification, error) {
		users, err := tx.UnitUserIDs(ctx, it.LeadUnitID, "unit_head", "unit_staff")
		return "Đơn vị phối hợp góp ý, gửi sản phẩm: " + it.Title, users,
			store.Notification{Title: "Đơn vị phối hợp đã gửi nội dung: " + it.Title, Link: fmt.Sprintf("/items/%d", it.ID)}, err
	})
}

// Complete records the lead unit's completion report; the leader in charge
// then evaluates it.
func (app *App) Complete(ctx context.Context, a auth.Actor, id int64, in ReportInput) error {
	return app.execution(ctx, a, id, auth.CompleteItem, "completion", in, func(tx *store.Tx, it *store.Item, now time.Time) (string, []int64, store.Notification, error) {
		if err := program.CheckCompletion(facts(*it)); err != nil {
			return "", nil, store.Notification{}, err
		}
		if strings.TrimSpace(in.Note) == "" && len(in.Files) == 0 {
			return "", nil, store.Notification{}, errs.Fields{"note": "Vui lòng nêu kết quả hoặc đính kèm sản phẩm khi báo cáo hoàn thành."}.Err()
		}
		t := now
		it.CompletedAt, it.Quality, it.Progress = &t, string(program.QualityPending), 100
		// Completed before its month closed (CheckCarryExecution refuses it
		// after): the item stays in its month and a planned copy is void.
		if err := app.voidCarryCopy(ctx, tx, a, *it, true); err != nil {
			return "", nil, store.Notification{}, err
		}
		it.CarriedTo = 0
		uid, err := tx.LeaderUserID(ctx, it.LeaderID)
		return "Báo cáo hoàn thành: " + it.Title, []int64{uid},
			store.Notification{Title: "Chờ đánh giá: " + it.Title, Body: it.LeadUnitName + " đã báo cáo hoàn thành.", Link: fmt.Sprintf("/items/%d", it.ID)}, err
	})
}

// Evaluate records the leader in charge's verdict: đạt, or không đạt with
// the reason (the item reopens and the rejection is counted).
func (app *App) Evaluate(ctx context.Context, a auth.Actor, id int64, version int, quality program.Quality, reason string) error {
	reason = vntext.Clean(reason)
	if err := program.ValidateText("reason", reason, program.MaxReasonRunes); err != nil {
		return err
	}
	if err := program.ValidateEvaluation(quality, reason); err != nil {
		return err
	}
	now := app.Now()
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		it, err := loadForExecution(ctx, tx, a, id, auth.EvaluateItem)
		if err != nil {
			return err
		}
		if err := checkItemVersion(it, version); err != nil {
			return err
		}
		if err := program.CheckCanEvaluate(facts(it)); err != nil {
			return err
		}
		before := itemAudit(it)
		it.Quality = string(quality)
		summary := "Đánh giá đạt: " + it.Title
		if quality == program.QualityRejected {
			it.Rejections++
			summary = "Đánh giá không đạt: " + it.Title
		}
		if err := tx.UpdateItem(ctx, it); err != nil {
			return err
		}
		if _, err := tx.AddItemEvent(ctx, store.ItemEvent{ItemID: id, At: now, ActorID: a.UserID, Kind: "evaluation", Note: reason, Quality: string(quality)}); err != nil {
			return err
		}
		users, err := tx.UnitUserIDs(ctx, it.LeadUnitID, "unit_head", "unit_staff")
		if err != nil {
			return err
		}
		if err := tx.Notify(ctx, a.WardID, users, store.Notification{Kind: "evaluation_result", Title: summary, Body: reason, Link: fmt.Sprintf("/items/%d", id)}, now); err != nil {
			return err
		}
		// A rejection, or a late completion accepted, obliges the unit to
		// report on remediation (seed ¶2).
		if err := app.noteItemTriggers(ctx, tx, a.WardID, id, now); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "program_item", id, "evaluation", summary, before, itemAudit(it))
	})
}

// RequestExtension asks the leader in charge for a new deadline, at least N
// working days before the current one (ward setting). A new date on a day
// off is a warning unless allowDayOff (the person confirmed it).
func (app *App) RequestExtension(ctx context.Context, a auth.Actor, id int64, newDate, reason string, allowDayOff bool) error {
	reason = vntext.Clean(reason)
	if err := program.ValidateText("reason", reason, program.MaxReasonRunes); err != nil {
		return err
	}
	now := app.Now()
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		it, err := loadForExecution(ctx, tx, a, id, auth.RequestExtension)
		if err != nil {
			return err
		}
		if err := program.CheckCarryExecution(facts(it), now); err != nil {
			return err
		}
		if err := program.CheckExtensionRequest(facts(it), it.PendingExtension); err != nil {
			return err
		}
		nd, perr := parseDay(newDate)
		if perr != nil {
			return errs.Fields{"new_date": "Thời hạn mới không phải là ngày hợp lệ (dd/mm/yyyy)."}.Err()
		}
		if !nd.InRange() {
			return errs.Fields{"new_date": fmt.Sprintf("Năm của thời hạn mới phải từ %d đến %d.", calendar.MinYear, calendar.MaxYear)}.Err()
		}
		cal, err := calendarIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		w, err := tx.Ward(ctx, a.WardID)
		if err != nil {
			return err
		}
		deadline := facts(it).Deadline()
		if err := program.ValidateExtension(deadline, now, nd, reason, w.Settings.ExtensionLeadDays, cal, allowDayOff); err != nil {
			return err
		}
		if _, err := tx.CreateExtension(ctx, store.Extension{ItemID: id, RequestedAt: now, OldDate: deadline, NewDate: nd, Reason: reason}, a.UserID); err != nil {
			return err
		}
		if _, err := tx.AddItemEvent(ctx, store.ItemEvent{ItemID: id, At: now, ActorID: a.UserID, UnitID: a.UnitID, Kind: "extension_request",
			Note: fmt.Sprintf("Xin gia hạn từ %s đến %s. Lý do: %s", deadline.VN(), nd.VN(), reason)}); err != nil {
			return err
		}
		uid, err := tx.LeaderUserID(ctx, it.LeaderID)
		if err != nil {
			return err
		}
		if err := tx.Notify(ctx, a.WardID, []int64{uid}, store.Notification{Kind: "extension_requested", Title: "Đề nghị gia hạn: " + it.Title,
			Body: fmt.Sprintf("Đến %s. %s", nd.VN(), reason), Link: fmt.Sprintf("/items/%d", id)}, now); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "program_item", id, "extension_request", "Xin gia hạn: "+it.Title,
			map[string]any{"deadline": deadline.String()}, map[string]any{"new_date": nd.String(), "reason": reason})
	})
}

// parseDay reads "dd/mm/yyyy" or "YYYY-MM-DD".
func parseDay(s string) (calendar.Date, error) {
	s = strings.TrimSpace(s)
	if d, err := calendar.ParseDate(s); err == nil {
		return d, nil
	}
	return calendar.ParseVNDate(s)
}

// DecideExtension approves or refuses the pending extension of an item.
func (app *App) DecideExtension(ctx context.Context, a auth.Actor, id int64, decision program.ExtensionDecision, comment string) error {
	comment = vntext.Clean(comment)
	if err := program.ValidateText("comment", comment, program.MaxReasonRunes); err != nil {
		return err
	}
	now := app.Now()
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		it, _, err := loadItem(ctx, tx, a, id)
		if err != nil {
			return err
		}
		return app.decideExtension(ctx, tx, a, it, decision, comment, now)
	})
}

// decideExtension decides the pending extension of it in tx: the item page
// and the decision on a remediation report (which settles the new
// deadlines its filing proposed) share it.
func (app *App) decideExtension(ctx context.Context, tx *store.Tx, a auth.Actor, it store.Item, decision program.ExtensionDecision, comment string, now time.Time) error {
	id := it.ID
	if err := require(a, auth.DecideExtension, itemTarget(it)); err != nil {
		return err
	}
	exts, err := tx.Extensions(ctx, id)
	if err != nil {
		return err
	}
	var pending *store.Extension
	for i := range exts {
		if exts[i].Decision == string(program.ExtensionPending) {
			pending = &exts[i]
		}
	}
	if pending == nil {
		return errs.E(errs.Conflict, "Không có đề nghị gia hạn nào đang chờ quyết định.")
	}
	if err := program.ValidateExtensionDecision(program.ExtensionPending, decision, comment); err != nil {
		return err
	}
	if err := tx.DecideExtension(ctx, pending.ID, string(decision), comment, a.UserID, now); err != nil {
		return err
	}
	label := "Đồng ý gia hạn đến " + pending.NewDate.VN()
	if decision == program.ExtensionRejected {
		label = "Không đồng ý gia hạn"
	}
	if _, err := tx.AddItemEvent(ctx, store.ItemEvent{ItemID: id, At: now, ActorID: a.UserID, Kind: "extension_decision", Note: strings.TrimSuffix(label+". "+comment, " ")}); err != nil {
		return err
	}
	users, err := tx.UnitUserIDs(ctx, it.LeadUnitID, "unit_head", "unit_staff")
	if err != nil {
		return err
	}
	if err := tx.Notify(ctx, a.WardID, users, store.Notification{Kind: "extension_decided", Title: label + ": " + it.Title, Body: comment,
		Link: fmt.Sprintf("/items/%d", id)}, now); err != nil {
		return err
	}
	return app.audit(ctx, tx, a, "program_item", id, "extension_decision", label+": "+it.Title,
		map[string]any{"deadline": pending.OldDate.String()}, map[string]any{"decision": decision, "new_date": pending.NewDate.String(), "comment": comment})
}

// ItemDetail is an item with its history for the item page.
type ItemDetail struct {
	Item         ItemView
	Program      store.Program
	Events       []store.ItemEvent
	Extensions   []store.Extension
	Audit        []store.AuditEntry
	Predecessors []ItemView
	Successors   []ItemView
	Scheduled    *program.Scheduled
	Delays       []ItemView // items this late item holds up on the critical path
	Others       []ItemView // the month's other items (merge targets, predecessor choices)
	Org          Org
	Calendar     *calendar.Calendar
	Now          time.Time
	ExtensionDay calendar.Date // the last day to ask for an extension
	// CarryBlock says why no report is taken on this item now because of a
	// carry-over (closed as carried over, or a copy whose month has not
	// begun); "" otherwise.
	CarryBlock string
}

// Item loads one item with its full history.
func (app *App) Item(ctx context.Context, a auth.Actor, id int64) (ItemDetail, error) {
	return app.item(ctx, a, id, true)
}

// ItemRecord is Item without the audit history (the API's item, which does
// not show it).
func (app *App) ItemRecord(ctx context.Context, a auth.Actor, id int64) (ItemDetail, error) {
	return app.item(ctx, a, id, false)
}

func (app *App) item(ctx context.Context, a auth.Actor, id int64, withAudit bool) (ItemDetail, error) {
	if err := require(a, auth.ViewProgram, auth.Target{}); err != nil {
		return ItemDetail{}, err
	}
	var d ItemDetail
	d.Now = app.Now()
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		// The item, its program and its month come from the cache while
		// nothing changes: one statement finds the program.
		pid, err := tx.ItemProgramID(ctx, a.WardID, id)
		if err != nil {
			return err
		}
		p, err := store.Cached(ctx, tx, programKey{a.WardID, pid}, func() (store.Program, error) { return tx.ProgramByID(ctx, a.WardID, pid) })
		if err != nil {
			return err
		}
		if d.Org, err = loadOrgIn(ctx, tx, a.WardID); err != nil {
			return err
		}
		if d.Calendar, err = calendarIn(ctx, tx, a.WardID); err != nil {
			return err
		}
		st := d.Org.Ward.Settings
		plan, err := store.Cached(ctx, tx, monthPlanKey{p.ID, d.Now.Unix() / 60}, func() (*monthPlan, error) {
			return readMonthPlan(ctx, tx, p, d.Org, d.Calendar, d.Now)
		})
		if err != nil {
			return err
		}
		it, ok := plan.items[id]
		if !ok {
			if it, err = tx.Item(ctx, a.WardID, id); err != nil {
				return err
			}
		}
		if !auth.Can(a, auth.ViewDraftProgram, auth.Target{WardID: a.WardID}) &&
			(p.State != string(program.StateIssued) || !program.RegistrationState(it.Registration).InProgram()) {
			return errs.E(errs.NotFound, "Không tìm thấy nội dung công việc.")
		}
		d.Program = p
		views, byID := plan.views, plan.byID
		if v, ok := byID[id]; ok {
			d.Item = v
		} else {
			d.Item = viewItems([]store.Item{it}, d.Org.Units, d.Now, d.Calendar, st.DueSoonWorkingDays)[0]
		}
		d.ExtensionDay = program.LatestExtensionRequestDay(facts(it).Deadline(), st.ExtensionLeadDays, d.Calendar)
		if err := program.CheckCarryExecution(facts(it), d.Now); err != nil {
			d.CarryBlock = errs.Message(err)
		}
		for _, pid := range it.Predecessors {
			if v, ok := byID[pid]; ok {
				d.Predecessors = append(d.Predecessors, v)
			}
		}
		viewer := !auth.Can(a, auth.ViewDraftProgram, auth.Target{WardID: a.WardID})
		for _, v := range views {
			if slices.Contains(v.Predecessors, id) {
				d.Successors = append(d.Successors, v)
			}
			if v.ID != id && (v.InProgram || !viewer) {
				d.Others = append(d.Others, v)
			}
		}
		if res, err := plan.path, plan.pathErr; err == nil {
			if s, ok := res.Item(id); ok {
				d.Scheduled = &s
				for _, x := range s.Delays {
					d.Delays = append(d.Delays, byID[x])
				}
			}
		}
		if d.Events, err = tx.ItemEvents(ctx, id); err != nil {
			return err
		}
		if d.Extensions, err = tx.Extensions(ctx, id); err != nil {
			return err
		}
		if !withAudit || !auth.Can(a, auth.ViewDraftProgram, auth.Target{WardID: a.WardID}) {
			return nil // partners see the item, not who changed what
		}
		d.Audit, _, err = tx.AuditLog(ctx, a.WardID, store.AuditFilter{Entity: "program_item", EntityID: id, Limit: 200})
		return err
	})
	return d, err
}

// monthPlan is a month's items as views and its critical path: what an
// item's page shows of its month (predecessors, successors, what delays
// it). It is worked out once per change and minute and shared by the
// month's items, so opening an item no longer reads and plans the whole
// month each time.
type monthPlan struct {
	items   map[int64]store.Item
	views   []ItemView
	byID    map[int64]ItemView
	path    program.Result
	pathErr error
}

type monthPlanKey struct{ program, minute int64 }

// programKey keeps a program's row (its state, number, dates).
type programKey struct{ ward, program int64 }

func readMonthPlan(ctx context.Context, tx *store.Tx, p store.Program, o Org, cal *calendar.Calendar, now time.Time) (*monthPlan, error) {
	all, err := tx.Items(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	mp := &monthPlan{items: map[int64]store.Item{}, views: viewItems(all, o.Units, now, cal, o.Ward.Settings.DueSoonWorkingDays), byID: map[int64]ItemView{}}
	for _, it := range all {
		mp.items[it.ID] = it
	}
	for _, v := range mp.views {
		mp.byID[v.ID] = v
	}
	mp.path, mp.pathErr = criticalPath(mp.views, program.Month{Year: p.Year, Month: p.Month}, cal)
	return mp, nil
}

// ItemSummary is one item as lists and API writes show it, without its
// month: answering a write must not load and re-plan the whole program
// (that was 80 % of the CPU of a registration in a 1,500-item month).
func (app *App) ItemSummary(ctx context.Context, a auth.Actor, id int64) (ItemView, error) {
	if err := require(a, auth.ViewProgram, auth.Target{}); err != nil {
		return ItemView{}, err
	}
	var v ItemView
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		it, p, err := loadItem(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !auth.Can(a, auth.ViewDraftProgram, auth.Target{WardID: a.WardID}) &&
			(p.State != string(program.StateIssued) || !program.RegistrationState(it.Registration).InProgram()) {
			return errs.E(errs.NotFound, "Không tìm thấy nội dung công việc.")
		}
		o, err := loadOrgIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		cal, err := calendarIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		v = viewItems([]store.Item{it}, o.Units, app.Now(), cal, o.Ward.Settings.DueSoonWorkingDays)[0]
		return nil
	})
	return v, err
}

// criticalPath runs the critical path over the items of a program that
// count and are not cancelled.
func criticalPath(views []ItemView, m program.Month, cal *calendar.Calendar) (program.Result, error) {
	var nodes []program.Node
	for _, v := range views {
		if !v.InProgram || v.Cancelled {
			continue
		}
		nodes = append(nodes, program.Node{ID: v.ID, Title: v.Title, Due: v.Deadline, Predecessors: v.Predecessors,
			Overdue: v.Status == program.StatusOverdue})
	}
	return program.CriticalPath(nodes, cal, m.First())
}

// CriticalPath computes the month's critical path (khung đường găng).
func (app *App) CriticalPath(ctx context.Context, a auth.Actor, m program.Month) (program.Result, ProgramPage, error) {
	page, err := app.Program(ctx, a, m)
	if err != nil {
		return program.Result{}, page, err
	}
	res, err := criticalPath(page.Items, m, page.Calendar)
	return res, page, err
}

// ItemFile returns a product file of the ward and a reader of its content.
func (app *App) ItemFile(ctx context.Context, a auth.Actor, id int64) (store.ItemFile, *store.BlobReader, error) {
	if err := require(a, auth.ViewProgram, auth.Target{}); err != nil {
		return store.ItemFile{}, nil, err
	}
	var f store.ItemFile
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if f, err = tx.ItemFileByID(ctx, a.WardID, id); err != nil {
			return err
		}
		it, err := tx.Item(ctx, a.WardID, f.ItemID)
		if err != nil {
			return err
		}
		if !auth.Can(a, auth.DownloadProduct, itemTarget(it)) {
			return errs.E(errs.NotFound, "Không tìm thấy tệp.")
		}
		return nil
	})
	if err != nil {
		return f, nil, err
	}
	b, err := app.openFile(ctx, f.SHA256)
	return f, b, err
}
