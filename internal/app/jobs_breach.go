package app

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/notify"
	"dieuhanh/internal/org"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
)

// This file is the meetings' part of the sweep: a readiness breach is
// recorded at the moment it happens — the deadline passing without the
// invitation or the documents — by the sweep, never by someone reading
// a page; and the owner of a meeting's next step is reminded on the two
// working days before its deadline passes.

// readinessHorizon is how far ahead the sweep looks for meetings: the
// longest lead time a ward may set (20 working days) plus the reminder's
// extra day, in working days.
const readinessHorizon = 22

// breachNoticeWindow: a breach recorded more than this after its moment
// is recorded but not announced (the overdue notice has the same bound).
const breachNoticeWindow = overdueNoticeDays * 24 * time.Hour

// unitPeople are the accounts told about a unit's work: its heads and
// staff (and the Office's own people when the unit is the Office).
func unitPeople(ctx context.Context, tx *store.Tx, unitID int64) ([]int64, error) {
	if unitID == 0 {
		return nil, nil
	}
	return tx.UnitUserIDs(ctx, unitID, string(org.RoleUnitHead), string(org.RoleUnitStaff), string(org.RoleOffice))
}

// recordBreach records a meeting's readiness breach if the rule says it is
// one at now and it is not recorded yet: the breach's moment is the
// deadline (the invitation or documents were missing then), the unit is
// the preparing unit, which owes a remediation entry for it; the
// preparing unit, the Office and the chair are told once. It reports
// whether it recorded one.
func (app *App) recordBreach(ctx context.Context, tx *store.Tx, d scheduleData, e *store.Event, now time.Time) (bool, error) {
	k := schedule.Kind(e.Kind)
	if e.BreachedAt != nil || e.Cancelled || !k.NeedsReadiness() {
		return false, nil
	}
	r, lead := readinessOf(*e), leadDays(d.ward.Settings, k)
	if !schedule.Breached(r, e.Start, now, lead, d.cal) {
		return false, nil
	}
	at := schedule.Deadline(r, e.Start, lead, d.cal)
	before := e.BreachedAt
	e.BreachedAt, e.BreachUnitID, e.UpdatedAt = &at, e.PreparingUnitID, now
	if err := tx.UpdateEvent(ctx, *e); err != nil {
		return false, err
	}
	e.Version++
	if err := tx.AddAudit(ctx, store.AuditEntry{WardID: e.WardID, At: now, ActorLogin: "system", Entity: "event", EntityID: e.ID,
		Action: "breach", Summary: "Ghi nhận vi phạm thời hạn chuẩn bị cuộc họp (hạn " + vnTime(at) + "): " + e.Title, RequestID: requestID(ctx)},
		map[string]any{"breached_at": before}, map[string]any{"breached_at": at, "unit_id": e.PreparingUnitID}); err != nil {
		return false, err
	}
	if err := app.noteBreach(ctx, tx, e.WardID, e.ID, e.PreparingUnitID, calendar.DateOf(e.Start), at); err != nil {
		return false, err
	}
	if now.Sub(at) > breachNoticeWindow {
		// An old breach found at once (the first sweep over a history):
		// recorded, not announced to people who moved on long ago.
		return true, nil
	}
	users, err := unitPeople(ctx, tx, e.PreparingUnitID)
	if err != nil {
		return false, err
	}
	office, err := tx.RoleUserIDs(ctx, e.WardID, string(org.RoleOffice))
	if err != nil {
		return false, err
	}
	users = append(users, office...)
	if e.ChairID != 0 {
		chair, err := tx.LeaderUserID(ctx, e.ChairID)
		if err != nil {
			return false, err
		}
		users = append(users, chair)
	}
	missing := "tài liệu"
	if !r.ScheduleReplacesInvitation && (r.InvitationIssuedAt == nil || r.InvitationIssuedAt.After(at)) {
		missing = "giấy mời và tài liệu"
	}
	unit := e.PreparingUnitName
	if unit == "" {
		unit = "Đơn vị chuẩn bị"
	}
	return true, tx.Notify(ctx, e.WardID, users, store.Notification{
		Kind:  string(notify.MeetingReadinessBreached),
		Title: "Vi phạm thời hạn chuẩn bị cuộc họp: " + e.Title,
		Body: fmt.Sprintf("%s chưa gửi %s trước hạn %s cho cuộc họp %s (%s).", unit, missing, vnTime(at), e.Title,
			schedule.TimeSpanVN(e.Start, e.End)),
		Link: fmt.Sprintf("/events/%d", e.ID),
		Key:  notify.Key(notify.MeetingReadinessBreached, "event", e.ID, at),
	}, now)
}

// vnTime shows an instant as people here read it; 24:00 reads as the end
// of the day before ("24:00 ngày 03/12/2026").
func vnTime(t time.Time) string {
	v := t.In(calendar.VN())
	if v.Hour() == 0 && v.Minute() == 0 {
		return "24:00 ngày " + calendar.DateOf(t.Add(-time.Nanosecond)).VN()
	}
	return v.Format("15:04") + " ngày " + calendar.DateOf(t).VN()
}

// SweepReadiness records, for one ward, every meeting whose readiness
// deadline passed without the invitation or the documents (one
// transaction each, at the deadline's moment), and reminds the owner of
// each unready meeting's next step on the working day before its
// deadline and on the deadline's day. It returns how many breaches it
// recorded.
func (app *App) SweepReadiness(ctx context.Context, wardID int64, now time.Time) (int, error) {
	var d scheduleData
	var open []store.Event
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if d, err = loadScheduleData(ctx, tx, wardID); err != nil {
			return err
		}
		horizon := d.cal.AddWorkingDays(calendar.DateOf(now), readinessHorizon).End()
		open, err = tx.ReadinessOpen(ctx, wardID, horizon)
		return err
	})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range open {
		k := schedule.Kind(e.Kind)
		r, lead := readinessOf(e), leadDays(d.ward.Settings, k)
		if schedule.Breached(r, e.Start, now, lead, d.cal) {
			err := app.DB.Update(ctx, func(tx *store.Tx) error {
				cur, err := tx.Event(ctx, wardID, e.ID)
				if err != nil {
					return err
				}
				ok, err := app.recordBreach(ctx, tx, d, &cur, now)
				if ok {
					n++
				}
				return err
			})
			// Recorded meanwhile by a step or another server: nothing to do.
			if err != nil && !errs.Is(err, errs.Conflict) {
				return n, err
			}
			continue
		}
		if err := app.remindReadiness(ctx, d, e, now); err != nil {
			return n, err
		}
	}
	return n, nil
}

// remindReadiness tells the owner of a meeting's next step, on the
// working day before the deadline's day and on that day (3 and 2 working
// days before a meeting with the default lead time of 2), once each.
func (app *App) remindReadiness(ctx context.Context, d scheduleData, e store.Event, now time.Time) error {
	r, lead := readinessOf(e), leadDays(d.ward.Settings, schedule.Kind(e.Kind))
	step := schedule.NextStep(r)
	if r.Urgent || step == schedule.StepNone || lead <= 0 {
		return nil
	}
	meeting := calendar.DateOf(e.Start)
	n, ok := notify.ReminderNow(d.cal, meeting, []int{lead + 1, lead}, now)
	if !ok {
		return nil
	}
	deadline := schedule.Deadline(r, e.Start, lead, d.cal)
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		var users []int64
		var err error
		switch step {
		case schedule.StepContent:
			users, err = unitPeople(ctx, tx, e.PreparingUnitID)
		case schedule.StepApprove:
			var u int64
			if l := d.leaderInCharge(e); l.ID != 0 {
				u, err = tx.LeaderUserID(ctx, l.ID)
			}
			users = []int64{u}
		default:
			users, err = tx.RoleUserIDs(ctx, e.WardID, string(org.RoleOffice))
		}
		if err != nil {
			return err
		}
		when := "hôm nay"
		if n > lead {
			when = "ngày mai"
		}
		return tx.Notify(ctx, e.WardID, users, store.Notification{
			Kind:  string(notify.MeetingReadinessDue),
			Title: "Hạn chuẩn bị cuộc họp " + when + ": " + e.Title,
			Body: fmt.Sprintf("Cuộc họp %s (%s) cần gửi giấy mời và tài liệu trước %s; bước đang chờ: %s.", e.Title,
				schedule.TimeSpanVN(e.Start, e.End), vnTime(deadline), step.Label()),
			Link: fmt.Sprintf("/events/%d", e.ID),
			Key:  notify.Key(notify.MeetingReadinessDue, "event", e.ID, deadline, strconv.Itoa(n)),
		}, now)
	})
}
