package app

import (
	"context"
	"fmt"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
)

// ActApproveMine is a leader's approval of the entries they chair in a
// submitted week ("Duyệt các nội dung tôi chủ trì").
const ActApproveMine ScheduleAction = "approve-mine"

func entryApproval(e store.Event) schedule.EntryApproval {
	return schedule.EntryApproval{Cancelled: e.Cancelled, Pending: e.Pending, Approved: e.EntryApproved.At != nil}
}

func approvals(es []store.Event) []schedule.EntryApproval {
	out := make([]schedule.EntryApproval, len(es))
	for i, e := range es {
		out[i] = entryApproval(e)
	}
	return out
}

func entryTarget(a auth.Actor, e store.Event) auth.Target {
	return auth.Target{WardID: a.WardID, UnitID: e.PreparingUnitID, LeaderID: e.ChairID}
}

// ApprovalCount is "x/y nội dung đã duyệt" of the week.
func (wv WeekView) ApprovalCount() (approved, total int) {
	es := make([]schedule.EntryApproval, len(wv.Events))
	for i, v := range wv.Events {
		es[i] = entryApproval(v.Event)
	}
	return schedule.ApprovalCount(es)
}

// ApprovalText is "3/25 nội dung đã duyệt".
func (wv WeekView) ApprovalText() string {
	a, n := wv.ApprovalCount()
	return fmt.Sprintf("%d/%d nội dung đã duyệt", a, n)
}

// WeekString is the entry's ISO week ("2026-W48"), for links back to it.
func (v EventView) WeekString() string { return schedule.WeekOf(calendar.DateOf(v.Start)).String() }

// canApproveEntry is whether a shows the approve button of e.
func canApproveEntry(a auth.Actor, e store.Event) bool {
	return schedule.CheckEntryApproval(schedule.ScheduleState(e.ScheduleState), entryApproval(e)) == nil &&
		auth.Can(a, auth.ApproveEntry, entryTarget(a, e))
}

// approveEntry stamps one entry as approved by a, with its audit record.
func (app *App) approveEntry(ctx context.Context, tx *store.Tx, a auth.Actor, e *store.Event) error {
	now := app.Now()
	e.EntryApproved, e.UpdatedAt = store.Stamp{At: &now, By: a.UserID}, now
	if err := tx.UpdateEvent(ctx, *e); err != nil {
		return err
	}
	e.Version++
	return app.audit(ctx, tx, a, "event", e.ID, "approve", "Duyệt nội dung lịch tuần: "+e.Title,
		map[string]any{"entry_approved_at": nil}, map[string]any{"entry_approved_at": now, "entry_approved_by": a.UserID})
}

// ApproveEntry approves one entry of a submitted week: the Chairman any
// entry, a Vice Chairman the entries they chair. version, when not 0, must
// be current. When it was the last entry waiting, the week is approved.
func (app *App) ApproveEntry(ctx context.Context, a auth.Actor, id int64, version int) error {
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		e, err := tx.Event(ctx, a.WardID, id)
		if err != nil {
			return err
		}
		if err := require(a, auth.ApproveEntry, entryTarget(a, e)); err != nil {
			return err
		}
		if err := schedule.CheckEntryApproval(schedule.ScheduleState(e.ScheduleState), entryApproval(e)); err != nil {
			return err
		}
		if version != 0 && version != e.Version {
			return errs.E(errs.Conflict, "Mục lịch đã được người khác thay đổi. Vui lòng tải lại trang rồi duyệt lại.")
		}
		if err := app.approveEntry(ctx, tx, a, &e); err != nil {
			return err
		}
		return app.approveWeekIfComplete(ctx, tx, a, e.ScheduleID)
	})
}

// ApproveMyEntries approves every entry a chairs that waits in a submitted
// week, and returns how many.
func (app *App) ApproveMyEntries(ctx context.Context, a auth.Actor, w schedule.Week) (int, error) {
	if a.LeaderID == 0 || !auth.Can(a, auth.ApproveEntry, auth.Target{WardID: a.WardID, LeaderID: a.LeaderID}) {
		return 0, forbidden()
	}
	if !w.Valid() {
		return 0, errs.E(errs.Invalid, "Tuần không hợp lệ.")
	}
	n := 0
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		sc, err := tx.Schedule(ctx, a.WardID, w.Year, w.Week)
		if errs.Is(err, errs.NotFound) {
			return errs.Ef(errs.Conflict, "Tuần %d chưa có mục lịch nào.", w.Week)
		}
		if err != nil {
			return err
		}
		if schedule.ScheduleState(sc.State) != schedule.ScheduleSubmitted {
			return schedule.CheckEntryApproval(schedule.ScheduleState(sc.State), schedule.EntryApproval{})
		}
		events, err := tx.ScheduleEvents(ctx, sc.ID)
		if err != nil {
			return err
		}
		for i := range events {
			e := &events[i]
			if e.ChairID != a.LeaderID || schedule.CheckEntryApproval(schedule.ScheduleSubmitted, entryApproval(*e)) != nil ||
				!auth.Can(a, auth.ApproveEntry, entryTarget(a, *e)) {
				continue
			}
			if err := app.approveEntry(ctx, tx, a, e); err != nil {
				return err
			}
			n++
		}
		if n == 0 {
			return errs.E(errs.Conflict, "Không có nội dung nào do bạn chủ trì đang chờ duyệt trong tuần này.")
		}
		return app.approveWeekIfComplete(ctx, tx, a, sc.ID)
	})
	return n, err
}

// approveWeekIfComplete turns a submitted week approved once every live
// entry is approved, and tells the Office it can publish.
func (app *App) approveWeekIfComplete(ctx context.Context, tx *store.Tx, a auth.Actor, scheduleID int64) error {
	sc, err := tx.ScheduleByID(ctx, scheduleID)
	if err != nil {
		return err
	}
	if schedule.ScheduleState(sc.State) != schedule.ScheduleSubmitted {
		return nil
	}
	events, err := tx.ScheduleEvents(ctx, sc.ID)
	if err != nil {
		return err
	}
	if !schedule.WeekFullyApproved(approvals(events)) {
		return nil
	}
	now := app.Now()
	w := schedule.Week{Year: sc.Year, Week: sc.Week}
	before := sc.State
	sc.State, sc.ApprovedAt, sc.ApprovedBy = string(schedule.ScheduleApproved), &now, a.UserID
	if err := tx.SaveSchedule(ctx, sc); err != nil {
		return err
	}
	if err := app.audit(ctx, tx, a, "schedule", sc.ID, "approve", fmt.Sprintf("Duyệt lịch công tác tuần %s (đã duyệt đủ các nội dung)", w),
		map[string]any{"state": before}, map[string]any{"state": sc.State}); err != nil {
		return err
	}
	users, err := tx.RoleUserIDs(ctx, a.WardID, string(org.RoleOffice))
	if err != nil || len(users) == 0 {
		return err
	}
	return tx.Notify(ctx, a.WardID, users, store.Notification{Title: "Lịch công tác tuần đã được duyệt", Body: w.Title(),
		Link: "/schedule/" + w.String()}, now)
}

// reopenApproval sends an approved week back to "submitted" when one of its
// entries lost its approval (edited) or a new one arrived: it needs approving
// again before the Office publishes.
func (app *App) reopenApproval(ctx context.Context, tx *store.Tx, a auth.Actor, scheduleID int64) error {
	sc, err := tx.ScheduleByID(ctx, scheduleID)
	if err != nil {
		return err
	}
	if schedule.ScheduleState(sc.State) != schedule.ScheduleApproved {
		return nil
	}
	sc.State, sc.ApprovedAt, sc.ApprovedBy = string(schedule.ScheduleSubmitted), nil, 0
	if err := tx.SaveSchedule(ctx, sc); err != nil {
		return err
	}
	return app.audit(ctx, tx, a, "schedule", sc.ID, "reopen",
		fmt.Sprintf("Lịch công tác tuần %s chờ duyệt lại nội dung mới hoặc đã sửa", schedule.Week{Year: sc.Year, Week: sc.Week}),
		map[string]any{"state": string(schedule.ScheduleApproved)}, map[string]any{"state": sc.State})
}

// approveRemaining approves every live entry of a week not yet approved
// (the Chairman's approval of the whole week).
func (app *App) approveRemaining(ctx context.Context, tx *store.Tx, a auth.Actor, scheduleID int64) error {
	events, err := tx.ScheduleEvents(ctx, scheduleID)
	if err != nil {
		return err
	}
	for i := range events {
		if ea := entryApproval(events[i]); ea.Cancelled || ea.Pending || ea.Approved {
			continue
		}
		if err := app.approveEntry(ctx, tx, a, &events[i]); err != nil {
			return err
		}
	}
	return nil
}
