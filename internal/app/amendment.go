package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// AmendmentInput is a request to add, change or cancel an item of an issued
// program. Item carries the new item (add) or the changed fields (change).
type AmendmentInput struct {
	Kind   program.AmendmentKind
	ItemID int64
	Item   program.ItemInput
	Reason string
}

// AmendmentView is an amendment as its program lists it.
type AmendmentView struct {
	store.Amendment
	Title  string      // the item concerned; for an addition, the proposed item
	Target auth.Target // what deciding it asks of the policy (auth.ApproveAmendment)
}

// amendmentViews names each amendment's item and its decider from the
// program's items.
func amendmentViews(wardID int64, ams []store.Amendment, items []ItemView) []AmendmentView {
	byID := map[int64]ItemView{}
	for _, it := range items {
		byID[it.ID] = it
	}
	out := make([]AmendmentView, 0, len(ams))
	for _, am := range ams {
		var in program.ItemInput
		json.Unmarshal([]byte(am.Payload), &in) // an unreadable payload names nothing
		it := byID[am.ItemID]
		v := AmendmentView{Amendment: am, Title: it.Title, Target: amendmentTarget(wardID, am.Kind, in, it.LeadUnitID, it.LeaderID)}
		if am.Kind != string(program.AmendCancel) && in.Title != "" && (v.Title == "" || am.Kind == string(program.AmendAdd)) {
			v.Title = in.Title
		}
		out = append(out, v)
	}
	return out
}

// amendmentTarget is the policy target of deciding an amendment: the
// Chairman decides any; a Vice Chairman only when they are the leader in
// charge of the item as it is (itemLeader, 0 for an addition) and as
// proposed (in, for an addition or a change).
func amendmentTarget(wardID int64, kind string, in program.ItemInput, itemUnit, itemLeader int64) auth.Target {
	t := auth.Target{WardID: wardID, UnitID: itemUnit}
	var leaders []int64
	if itemLeader != 0 {
		leaders = append(leaders, itemLeader)
	}
	if kind != string(program.AmendCancel) {
		leaders = append(leaders, in.LeaderID)
		if in.LeadUnitID != 0 {
			t.UnitID = in.LeadUnitID
		}
	}
	if len(leaders) > 0 {
		t.LeaderID, t.Leaders = leaders[0], leaders[1:]
	}
	return t
}

// ProposeAmendment records a requested change to an issued program; the
// Chairman, or the Vice Chairman for their own portfolio, decides it.
func (app *App) ProposeAmendment(ctx context.Context, a auth.Actor, m program.Month, in AmendmentInput) (int64, error) {
	in.Reason = vntext.Clean(in.Reason)
	in.Item = cleanItem(in.Item)
	if err := program.ValidateText("reason", in.Reason, program.MaxReasonRunes); err != nil {
		return 0, err
	}
	if err := program.ValidateAmendment(program.AmendmentInput{Kind: in.Kind, ItemID: in.ItemID, Reason: in.Reason}); err != nil {
		return 0, err
	}
	now := app.Now()
	var id int64
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		p, err := tx.Program(ctx, a.WardID, m.Year, m.Month)
		if err != nil {
			return err
		}
		if p.State != string(program.StateIssued) {
			return errs.E(errs.Conflict, "Chương trình chưa ban hành: hãy sửa trực tiếp trong bản dự thảo.")
		}
		o, err := loadOrgIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		var leaders []int64
		var current store.Item // the item changed or cancelled
		target := auth.Target{UnitID: in.Item.LeadUnitID}
		if in.Kind != program.AmendAdd {
			it, err := tx.Item(ctx, a.WardID, in.ItemID)
			if err != nil || it.ProgramID != p.ID {
				return errs.Fields{"item": "Nội dung cần điều chỉnh không thuộc chương trình này."}.Err()
			}
			if it.Cancelled {
				return errs.E(errs.Conflict, "Nội dung đã bị hủy.")
			}
			target = itemTarget(it)
			current = it
			leaders = append(leaders, it.LeaderID)
			if in.Kind == program.AmendChange && in.Item.LeaderID == 0 {
				in.Item.LeaderID = it.LeaderID
			}
		}
		if err := require(a, auth.ProposeAmendment, target); err != nil {
			return err
		}
		if in.Kind != program.AmendCancel {
			if in.Item.LeaderID == 0 {
				in.Item.LeaderID = DefaultLeader(o, in.Item.LeadUnitID)
			}
			in.Item.ID = in.ItemID
			due, err := program.ValidateItem(in.Item, m)
			if err != nil {
				return err
			}
			if in.Kind == program.AmendAdd || !due.Equal(current.DueDate) {
				cal, err := calendarIn(ctx, tx, a.WardID)
				if err != nil {
					return err
				}
				if err := program.CheckDueDay("due_date", due, cal, m.First(), in.Item.AllowDayOff); err != nil {
					return err
				}
			}
			if err := checkItemRefs(ctx, tx, o, in.ItemID, in.Item); err != nil {
				return err
			}
			leaders = append(leaders, in.Item.LeaderID)
		}
		payload, err := json.Marshal(in.Item)
		if err != nil {
			return errs.Wrap(err, "app: amendment payload")
		}
		if id, err = tx.CreateAmendment(ctx, store.Amendment{ProgramID: p.ID, Kind: string(in.Kind), ItemID: in.ItemID, Payload: string(payload), Reason: in.Reason, RequestedAt: now}, a.UserID); err != nil {
			return err
		}
		// The approvers: the Chairman, and the leader(s) in charge.
		users, err := tx.RoleUserIDs(ctx, a.WardID, "chairman")
		if err != nil {
			return err
		}
		for _, l := range leaders {
			uid, err := tx.LeaderUserID(ctx, l)
			if err != nil {
				return err
			}
			users = append(users, uid)
		}
		title := fmt.Sprintf("Đề nghị %s chương trình %s", in.Kind.Label(), m.Label())
		if err := tx.Notify(ctx, a.WardID, users, store.Notification{Kind: "program_amended", Title: title, Body: in.Reason, Link: "/programs/" + m.String()}, now); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "program", p.ID, "amend_request", title+": "+in.Reason, nil, map[string]any{"kind": in.Kind, "item_id": in.ItemID, "item": in.Item})
	})
	return id, err
}

// DecideAmendment approves or rejects an amendment. Approval applies it,
// counts "điều chỉnh lần N" and freezes a new version of the program.
func (app *App) DecideAmendment(ctx context.Context, a auth.Actor, amendmentID int64, approve bool, comment string) error {
	comment = vntext.Clean(comment)
	if err := program.ValidateText("comment", comment, program.MaxReasonRunes); err != nil {
		return err
	}
	if !approve && comment == "" {
		return errs.Fields{"comment": "Cần nêu lý do không đồng ý điều chỉnh."}.Err()
	}
	now := app.Now()
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		am, err := tx.AmendmentByID(ctx, amendmentID)
		if err != nil {
			return err
		}
		p, err := tx.ProgramByID(ctx, a.WardID, am.ProgramID)
		if err != nil {
			return errs.E(errs.NotFound, "Không tìm thấy đề nghị điều chỉnh.")
		}
		var in program.ItemInput
		if err := json.Unmarshal([]byte(am.Payload), &in); err != nil {
			return errs.Wrap(err, "app: amendment payload")
		}
		var it store.Item
		if am.ItemID != 0 {
			if it, err = tx.Item(ctx, a.WardID, am.ItemID); err != nil {
				return err
			}
		}
		if err := require(a, auth.ApproveAmendment, amendmentTarget(a.WardID, am.Kind, in, it.LeadUnitID, it.LeaderID)); err != nil {
			return err
		}
		state := "rejected"
		if approve {
			state = "approved"
		}
		if err := tx.DecideAmendment(ctx, am.ID, state, comment, a.UserID, now); err != nil {
			return err
		}
		m := program.Month{Year: p.Year, Month: p.Month}
		summary := fmt.Sprintf("Không đồng ý %s: %s", program.AmendmentKind(am.Kind).Label(), am.Reason)
		if approve {
			if err := app.applyAmendment(ctx, tx, a, p, am, in, it, m); err != nil {
				return err
			}
			v, err := app.freezeAmendment(ctx, tx, a, p, am.Reason, now)
			if err != nil {
				return err
			}
			summary = fmt.Sprintf("%s chương trình %s (%s, văn bản số %s): %s", program.AmendmentKind(am.Kind).Label(), m.Label(), v.Label, v.DocNumber, am.Reason)
		}
		users, err := tx.RoleUserIDs(ctx, a.WardID, "office")
		if err != nil {
			return err
		}
		unit := in.LeadUnitID
		if unit == 0 {
			unit = it.LeadUnitID
		}
		unitUsers, err := tx.UnitUserIDs(ctx, unit, "unit_head", "unit_staff")
		if err != nil {
			return err
		}
		if err := tx.Notify(ctx, a.WardID, append(users, unitUsers...), store.Notification{Kind: "program_amended", Title: summary, Body: comment, Link: "/programs/" + m.String()}, now); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "program", p.ID, "amend_decision", summary, map[string]any{"amendment": am.ID}, map[string]any{"state": state, "comment": comment})
	})
}

func (app *App) applyAmendment(ctx context.Context, tx *store.Tx, a auth.Actor, p store.Program, am store.Amendment, in program.ItemInput, it store.Item, m program.Month) error {
	now := app.Now()
	switch program.AmendmentKind(am.Kind) {
	case program.AmendAdd:
		due, err := program.ValidateItem(in, m)
		if err != nil {
			return err
		}
		section := in.Section
		if section == 0 {
			section = program.DefaultSection(in.Kind)
		}
		newItem := store.Item{WardID: a.WardID, ProgramID: p.ID, Section: int(section), Title: in.Title, Description: in.Description,
			Kind: string(in.Kind), Source: string(in.Source), SourceRef: in.SourceRef, LeadUnitID: in.LeadUnitID, LeaderID: in.LeaderID,
			DueDate: due, OriginalDueDate: due, Product: in.Product, QualityCriteria: in.QualityCriteria,
			Registration: string(program.RegRegistered), AddedByAmendment: true, RegisteredBy: a.UserID, RegisteredAt: now,
			SearchText: searchText(in, ""), CoordinatingUnitIDs: in.CoordinatingUnitIDs, Predecessors: in.Predecessors}
		id, err := tx.CreateItem(ctx, newItem)
		if err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "program_item", id, "amend_add", "Bổ sung theo điều chỉnh: "+in.Title, nil, itemAudit(newItem))
	case program.AmendChange:
		due, err := program.ValidateItem(in, m)
		if err != nil {
			return err
		}
		before := itemAudit(it)
		it.Title, it.Description, it.Kind, it.Source, it.SourceRef = in.Title, in.Description, string(in.Kind), string(in.Source), in.SourceRef
		it.LeadUnitID, it.LeaderID, it.Product, it.QualityCriteria = in.LeadUnitID, in.LeaderID, in.Product, in.QualityCriteria
		it.CoordinatingUnitIDs, it.Predecessors = in.CoordinatingUnitIDs, in.Predecessors
		if in.Section != 0 {
			it.Section = int(in.Section)
		}
		it.DueDate = due // the original due date stays for the record
		it.SearchText = searchText(in, "")
		if err := tx.UpdateItem(ctx, it); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "program_item", it.ID, "amend_change", "Điều chỉnh: "+it.Title+". Lý do: "+am.Reason, before, itemAudit(it))
	case program.AmendCancel:
		before := itemAudit(it)
		it.Cancelled, it.CancelReason = true, am.Reason
		if err := tx.UpdateItem(ctx, it); err != nil {
			return err
		}
		if !program.MonthClosed(m, now) {
			// A copy planned into the next month goes with it.
			if err := app.voidCarryCopy(ctx, tx, a, it, false); err != nil {
				return err
			}
		}
		return app.audit(ctx, tx, a, "program_item", it.ID, "amend_cancel", "Hủy: "+it.Title+". Lý do: "+am.Reason, before, itemAudit(it))
	}
	return errs.E(errs.Invalid, "Loại điều chỉnh không hợp lệ.")
}

// freezeAmendment counts one more amendment of an issued program and
// freezes its items as a new version ("Điều chỉnh lần N"), issued as a
// document of its own (Decree 30 art. 15(1), 18(3)): a CTr "điều chỉnh, bổ
// sung", or a QĐ by ward setting, numbered from the ward's sequence for the
// year in this transaction and dated today. The original keeps its number.
func (app *App) freezeAmendment(ctx context.Context, tx *store.Tx, a auth.Actor, p store.Program, reason string, now time.Time) (store.ProgramVersion, error) {
	p.AmendmentNo++
	if err := tx.SaveProgram(ctx, p); err != nil {
		return store.ProgramVersion{}, err
	}
	items, err := tx.Items(ctx, p.ID)
	if err != nil {
		return store.ProgramVersion{}, err
	}
	snap, err := app.snapshot(ctx, tx, a.WardID, items)
	if err != nil {
		return store.ProgramVersion{}, err
	}
	w, err := tx.Ward(ctx, a.WardID)
	if err != nil {
		return store.ProgramVersion{}, err
	}
	docType, symbol := amendmentDocKind(w.Settings)
	issued := calendar.DateOf(now)
	// Drawn from the ward's book and entered in the register of documents
	// issued, like every number the ward gives.
	reg, err := tx.RegisterNumbered(ctx, store.Registration{WardID: a.WardID, IssuedOn: issued.String(), Symbol: symbol,
		Subject: "Điều chỉnh, bổ sung Chương trình công tác " + program.Month{Year: p.Year, Month: p.Month}.Label() + " (lần " + fmt.Sprint(p.AmendmentNo) + ")",
		By:      a.UserID, SourceKind: "amendment", SourceID: p.ID, At: now})
	if err != nil {
		return store.ProgramVersion{}, err
	}
	v := store.ProgramVersion{ProgramID: p.ID, No: p.AmendmentNo, Label: "Điều chỉnh lần " + fmt.Sprint(p.AmendmentNo), Reason: reason,
		CreatedAt: now, Snapshot: snap, DocType: docType, DocSeq: reg.Seq, DocSymbol: symbol, DocNumber: reg.Number,
		DocIssuedOn: issued.String()}
	return v, tx.AddProgramVersion(ctx, v, a.UserID)
}

// recordApprovedAddition records an item added to an issued program by a
// decision of its own (a conclusion notice) as an approved amendment, so
// the program's amendments list shows where it came from.
func (app *App) recordApprovedAddition(ctx context.Context, tx *store.Tx, a auth.Actor, programID, itemID int64, reason string, now time.Time) error {
	id, err := tx.CreateAmendment(ctx, store.Amendment{ProgramID: programID, Kind: string(program.AmendAdd), ItemID: itemID, Payload: "{}", Reason: reason, RequestedAt: now}, a.UserID)
	if err != nil {
		return err
	}
	return tx.DecideAmendment(ctx, id, "approved", "", a.UserID, now)
}
