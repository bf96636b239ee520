package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/notify"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
	"dieuhanh/internal/store"
)

// This file is the items', the registration window's and the remediation
// reports' part of the sweep: reminders on the working days the rules
// name, an overdue notice once, and the close of a registration window
// recorded at its moment. Everything is keyed (kind + object + due
// instant), so a sweep run twice, or by two servers, tells nobody twice.

// Reminder days, in working days before the day something is due.
var (
	deadlineSteps     = []int{3, 1} // an item's deadline: the lead unit and the leader in charge
	registrationSteps = []int{2}    // the registration window: units that registered nothing
	remediationSteps  = []int{2}    // a remediation report: the unit's heads and the Office
)

// overdueNoticeDays bounds the overdue notice: an item whose deadline is
// older than this when the sweep first sees it overdue (a server stopped
// for weeks, or history loaded at once) is left to the digest.
const overdueNoticeDays = 7

// itemPeople are told about an item: its lead unit and its leader in charge.
func itemPeople(ctx context.Context, tx *store.Tx, it store.Item) ([]int64, error) {
	users, err := unitPeople(ctx, tx, it.LeadUnitID)
	if err != nil {
		return nil, err
	}
	leader, err := tx.LeaderUserID(ctx, it.LeaderID)
	return append(users, leader), err
}

// wardRules are the calendar and settings a sweep works with.
type wardRules struct {
	ward org.Ward
	cal  *calendar.Calendar
}

func (app *App) wardRules(ctx context.Context, wardID int64) (wardRules, error) {
	var r wardRules
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if r.ward, err = tx.Ward(ctx, wardID); err != nil {
			return err
		}
		r.ward.Settings = r.ward.Settings.WithDefaults()
		r.cal, err = calendarIn(ctx, tx, wardID)
		return err
	})
	return r, err
}

// RemindDeadlines tells the lead unit and the leader in charge of each open
// item 3 working days and 1 working day before its deadline.
func (app *App) RemindDeadlines(ctx context.Context, wardID int64, now time.Time) error {
	w, err := app.wardRules(ctx, wardID)
	if err != nil {
		return err
	}
	today := calendar.DateOf(now)
	var items []store.Item
	err = app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		// A deadline on a day off counts from the next working day: read a
		// few calendar days beyond the last reminder's day.
		items, err = tx.ItemsDueBetween(ctx, wardID, today, w.cal.AddWorkingDays(today, deadlineSteps[0]).AddDays(10))
		return err
	})
	if err != nil {
		return err
	}
	for _, it := range items {
		due := program.EffectiveDeadline(facts(it), w.cal)
		n, ok := notify.ReminderNow(w.cal, due, deadlineSteps, now)
		if !ok || it.CarriedTo != 0 {
			continue
		}
		err := app.DB.Update(ctx, func(tx *store.Tx) error {
			users, err := itemPeople(ctx, tx, it)
			if err != nil {
				return err
			}
			return tx.Notify(ctx, wardID, users, store.Notification{
				Kind:  string(notify.DeadlineApproaching),
				Title: fmt.Sprintf("Nhiệm vụ %s đến hạn: %s", notify.DaysLeft(n), it.Title),
				Body:  fmt.Sprintf("Hạn hoàn thành: %s. Đơn vị chủ trì: %s. Lãnh đạo phụ trách: %s.", due.VN(), it.LeadUnitName, it.LeaderName),
				Link:  fmt.Sprintf("/items/%d", it.ID),
				Key:   notify.Key(notify.DeadlineApproaching, "item", it.ID, due.End(), strconv.Itoa(n)),
			}, now)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// NoticeOverdue tells the lead unit and the leader in charge, once, of
// each item the sweep recorded overdue (at its overdue moment).
func (app *App) NoticeOverdue(ctx context.Context, wardID int64, now time.Time) error {
	w, err := app.wardRules(ctx, wardID)
	if err != nil {
		return err
	}
	var items []store.Item
	err = app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		items, err = tx.ItemsOverdueSince(ctx, wardID, calendar.DateOf(now).AddDays(-overdueNoticeDays))
		return err
	})
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.OverdueAt == nil || it.CarriedTo != 0 || it.OverdueAt.After(now) {
			continue
		}
		err := app.DB.Update(ctx, func(tx *store.Tx) error {
			users, err := itemPeople(ctx, tx, it)
			if err != nil {
				return err
			}
			return tx.Notify(ctx, wardID, users, store.Notification{
				Kind:  string(notify.ItemOverdue),
				Title: "Nhiệm vụ quá hạn: " + it.Title,
				Body: fmt.Sprintf("Đã quá hạn %s mà chưa hoàn thành. Đơn vị chủ trì: %s. Đơn vị chủ trì cần báo cáo kết quả khắc phục trước ngày %d.",
					vnTime(*it.OverdueAt), it.LeadUnitName, w.ward.Settings.RemediationDay),
				Link: fmt.Sprintf("/items/%d", it.ID),
				Key:  notify.Key(notify.ItemOverdue, "item", it.ID, *it.OverdueAt),
			}, now)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// SweepRegistration handles the registration windows around now: 2
// working days before one closes, units that registered nothing are
// reminded; when it has closed, the close is recorded once at its moment
// (audit) and the Office is told which units registered nothing.
func (app *App) SweepRegistration(ctx context.Context, wardID int64, now time.Time) error {
	w, err := app.wardRules(ctx, wardID)
	if err != nil {
		return err
	}
	this := program.MonthOf(calendar.DateOf(now))
	// The window of next month's program closes this month; a window
	// moved past a month's end by days off may close early in this one.
	for _, pm := range []program.Month{this, this.Next()} {
		deadline := program.RegistrationDeadline(pm, w.ward.Settings.RegistrationCloseDay, w.cal)
		if !now.Before(deadline.End()) {
			if err := app.recordRegistrationClosed(ctx, w, pm, deadline, now); err != nil {
				return err
			}
			continue
		}
		n, ok := notify.ReminderNow(w.cal, deadline, registrationSteps, now)
		if !ok {
			continue
		}
		err := app.DB.Update(ctx, func(tx *store.Tx) error {
			units, err := tx.UnitsWithoutItems(ctx, wardID, pm.Year, pm.Month)
			if err != nil {
				return err
			}
			for _, u := range units {
				users, err := tx.UnitUserIDs(ctx, u, string(org.RoleUnitHead), string(org.RoleUnitStaff), string(org.RoleOffice))
				if err != nil {
					return err
				}
				if err := tx.Notify(ctx, wardID, users, store.Notification{
					Kind:  string(notify.RegistrationClosing),
					Title: fmt.Sprintf("Sắp hết hạn đăng ký chương trình công tác %s", pm.Label()),
					Body: fmt.Sprintf("Đơn vị chưa đăng ký nội dung nào cho chương trình %s; hạn đăng ký: hết ngày %s (%s).",
						pm.Label(), deadline.VN(), notify.DaysLeft(n)),
					Link: "/programs/" + pm.String(),
					Key:  notify.DayKey(notify.RegistrationClosing, "unit", u, deadline, pm.String(), strconv.Itoa(n)),
				}, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// recordRegistrationClosed records once that the registration window of
// pm closed at the end of deadline, naming the units that registered
// nothing, and tells the Office.
func (app *App) recordRegistrationClosed(ctx context.Context, w wardRules, pm program.Month, deadline calendar.Date, now time.Time) error {
	key := "registration_closed:" + pm.String()
	var done bool
	if err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		done, err = tx.Marked(ctx, w.ward.ID, key)
		return err
	}); err != nil || done {
		return err
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		at := deadline.End()
		first, err := tx.MarkOnce(ctx, w.ward.ID, key, at)
		if err != nil || !first {
			return err
		}
		ids, err := tx.UnitsWithoutItems(ctx, w.ward.ID, pm.Year, pm.Month)
		if err != nil {
			return err
		}
		units, err := tx.Units(ctx, w.ward.ID)
		if err != nil {
			return err
		}
		var names []string
		for _, id := range ids {
			for _, u := range units {
				if u.ID == id {
					names = append(names, u.Name)
				}
			}
		}
		summary := fmt.Sprintf("Hết hạn đăng ký chương trình công tác %s (24:00 ngày %s)", pm.Label(), deadline.VN())
		body := "Mọi đơn vị đã đăng ký nội dung."
		if len(names) > 0 {
			body = "Chưa đăng ký nội dung nào: " + strings.Join(names, "; ") + "."
		}
		if err := tx.AddAudit(ctx, store.AuditEntry{WardID: w.ward.ID, At: now, ActorLogin: "system", Entity: "program_registration",
			Action: "registration_closed", Summary: summary + ". " + body},
			nil, map[string]any{"month": pm.String(), "closed_at": at, "units_without_items": ids}); err != nil {
			return err
		}
		office, err := tx.RoleUserIDs(ctx, w.ward.ID, string(org.RoleOffice))
		if err != nil {
			return err
		}
		return tx.Notify(ctx, w.ward.ID, office, store.Notification{
			Kind: string(notify.RegistrationClosing), Title: summary, Body: body, Link: "/programs/" + pm.String(),
			Key: notify.Key(notify.RegistrationClosing, "program-month", int64(pm.Year*100+int(pm.Month)), at, "closed"),
		}, now)
	})
}

// RemindRemediation tells a unit's heads and the Office 2 working days
// before a remediation report is due, when it is not filed yet.
func (app *App) RemindRemediation(ctx context.Context, wardID int64, now time.Time) error {
	w, err := app.wardRules(ctx, wardID)
	if err != nil {
		return err
	}
	today := calendar.DateOf(now)
	var awaiting []store.Remediation
	err = app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		awaiting, err = tx.RemediationsAwaiting(ctx, wardID, today, w.cal.AddWorkingDays(today, remediationSteps[0]).AddDays(10))
		return err
	})
	if err != nil {
		return err
	}
	for _, r := range awaiting {
		if r.State == string(remediation.StateMissing) {
			continue
		}
		n, ok := notify.ReminderNow(w.cal, r.DueDate, remediationSteps, now)
		if !ok {
			continue
		}
		err := app.DB.Update(ctx, func(tx *store.Tx) error {
			heads, err := tx.UnitUserIDs(ctx, r.UnitID, string(org.RoleUnitHead), string(org.RoleOffice))
			if err != nil {
				return err
			}
			office, err := tx.RoleUserIDs(ctx, wardID, string(org.RoleOffice))
			if err != nil {
				return err
			}
			m := program.Month{Year: r.Year, Month: r.Month}
			return tx.Notify(ctx, wardID, append(heads, office...), store.Notification{
				Kind:  string(notify.RemediationDue),
				Title: fmt.Sprintf("Báo cáo khắc phục %s của %s: %s đến hạn", remediation.MonthWords(m), r.UnitName, notify.DaysLeft(n)),
				Body:  fmt.Sprintf("Hạn nộp báo cáo kết quả khắc phục: hết ngày %s.", r.DueDate.VN()),
				Link:  fmt.Sprintf("/remediations/%d", r.ID),
				Key:   notify.Key(notify.RemediationDue, "remediation", r.ID, remediation.DueInstant(r.DueDate), strconv.Itoa(n)),
			}, now)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
