package app

import (
	"context"
	"fmt"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
	"dieuhanh/internal/store"
)

// This file records what obliges a unit to report on remediation (seed ¶2),
// at the moment it happens: from the use case that changed an item (a
// rejection, a late completion accepted) and from the sweep
// for what time alone brings (an item passing its deadline, a report not
// filed by its due date). Both paths record each (item, reason, moment)
// once, so they can overlap and re-run freely. (A carried-over item always
// gets an agreed new deadline — see carryover.go — so "carried over without
// one" never arises; its lateness in its own month is the overdue trigger.)

// remediationRules are a ward's inputs to the remediation rules.
type remediationRules struct {
	cal      *calendar.Calendar
	settings org.Settings
}

func remediationRulesIn(ctx context.Context, tx *store.Tx, wardID int64) (remediationRules, error) {
	w, err := tx.Ward(ctx, wardID)
	if err != nil {
		return remediationRules{}, err
	}
	cal, err := calendarIn(ctx, tx, wardID)
	return remediationRules{cal: cal, settings: w.Settings.WithDefaults()}, err
}

// due is the report due date of month m.
func (r remediationRules) due(m program.Month) calendar.Date {
	return remediation.DueDate(m, r.settings.RemediationDay, r.settings.DueBeforeRollForward, r.cal)
}

// scoredUnit reports whether a unit owes remediation reports: the Office,
// departments and the service center; partners (police, military command)
// coordinate and are accountable in their own chains.
func scoredUnit(u org.Unit) bool { return u.Kind != org.KindPartner }

// openEntry puts one (item or meeting, reason, moment) into the right
// obligation of its unit, opening it when needed. It reports whether the
// entry is new.
func (app *App) openEntry(ctx context.Context, tx *store.Tx, rules remediationRules, wardID, unitID int64, own program.Month,
	e store.RemediationEntry, now time.Time) (bool, error) {
	if done, err := tx.RemediationEntryRecorded(ctx, e.ItemID, e.EventID, e.Reason, e.At); err != nil || done {
		return false, err
	}
	filed := func(m program.Month) bool {
		r, err := tx.RemediationFor(ctx, wardID, unitID, m.Year, m.Month)
		return err == nil && (r.State == string(remediation.StateFiled) || r.State == string(remediation.StateAccepted))
	}
	m := remediation.ReportMonth(e.At, own, rules.due, filed)
	r, created, err := tx.EnsureRemediation(ctx, wardID, unitID, m.Year, m.Month, rules.due(m), now)
	if err != nil {
		return false, err
	}
	e.RemediationID = r.ID
	added, err := tx.AddRemediationEntry(ctx, e)
	if err != nil || !added {
		return false, err
	}
	// A returned report gets a new entry: it is to be filed again anyway.
	// An entry joining an obligation recorded missing keeps it missing.
	// Only an obligation still worth acting on is announced: one opened
	// long after its due date (the first sweep over years of history) is
	// recorded quietly, as the reminders are.
	if created && now.Before(remediation.DueInstant(r.DueDate).Add(staleNotice)) {
		users, err := app.remediationRecipients(ctx, tx, wardID, unitID)
		if err != nil {
			return false, err
		}
		mm := remediation.MonthWords(m)
		if err := tx.Notify(ctx, wardID, users, store.Notification{
			Kind:  "remediation_opened",
			Title: "Phải báo cáo kết quả khắc phục " + mm,
			Body: fmt.Sprintf("%s có nội dung chậm tiến độ hoặc chưa đạt yêu cầu; hạn nộp báo cáo khắc phục: %s.",
				r.UnitName, r.DueDate.VN()),
			Link: fmt.Sprintf("/remediations/%d", r.ID),
		}, now); err != nil {
			return false, err
		}
	}
	return true, nil
}

// staleNotice is how long after an obligation's due date its opening is
// still announced.
const staleNotice = 7 * 24 * time.Hour

// remediationRecipients are the people of a unit told about its
// obligation: its head(s) and staff.
func (app *App) remediationRecipients(ctx context.Context, tx *store.Tx, wardID, unitID int64) ([]int64, error) {
	return tx.UnitUserIDs(ctx, unitID, "unit_head", "unit_staff", "office")
}

// noteItemTriggers records every remediation trigger of one item that has
// happened by now and is not recorded yet. Use cases that change an item
// call it in their transaction; the sweep calls it for items that passed
// their deadline.
func (app *App) noteItemTriggers(ctx context.Context, tx *store.Tx, wardID, itemID int64, now time.Time) error {
	it, err := tx.Item(ctx, wardID, itemID)
	if err != nil {
		return err
	}
	if !program.RegistrationState(it.Registration).InProgram() || it.MergedInto != 0 || it.ProgramState != string(program.StateIssued) {
		return nil
	}
	u, err := tx.Unit(ctx, wardID, it.LeadUnitID)
	if err != nil {
		return err
	}
	if !scoredUnit(u) {
		return nil
	}
	rules, err := remediationRulesIn(ctx, tx, wardID)
	if err != nil {
		return err
	}
	rejections, accepted, err := tx.ItemVerdicts(ctx, itemID)
	if err != nil {
		return err
	}
	h := remediation.ItemHistory{Facts: facts(it), Rejections: rejections, AcceptedAt: accepted}
	own := program.Month{Year: it.Year, Month: it.Month}
	for _, tr := range remediation.ItemTriggers(h, now, rules.cal) {
		if _, err := app.openEntry(ctx, tx, rules, wardID, it.LeadUnitID, own,
			store.RemediationEntry{ItemID: itemID, Reason: string(tr.Reason), At: tr.At}, now); err != nil {
			return err
		}
		if tr.Reason == remediation.ReasonOverdue && it.OverdueAt == nil {
			if _, err := tx.MarkOverdue(ctx, itemID, tr.At); err != nil {
				return err
			}
		}
	}
	return nil
}

// noteBreach records a meeting-readiness breach against the unit that
// prepares the meeting, at the moment of the breach.
func (app *App) noteBreach(ctx context.Context, tx *store.Tx, wardID, eventID, unitID int64, meetingDay calendar.Date, at time.Time) error {
	if unitID == 0 {
		return nil
	}
	u, err := tx.Unit(ctx, wardID, unitID)
	if err != nil || !scoredUnit(u) {
		return err
	}
	rules, err := remediationRulesIn(ctx, tx, wardID)
	if err != nil {
		return err
	}
	_, err = app.openEntry(ctx, tx, rules, wardID, unitID, program.MonthOf(meetingDay),
		store.RemediationEntry{EventID: eventID, Reason: string(remediation.ReasonReadinessBreach), At: at}, at)
	return err
}

// SweepOverdue records, for one ward, every item that passed its deadline
// unfinished and is not recorded yet, each at the moment it became overdue.
// Its cost follows the open items (a partial index), not the history. It
// returns how many items it recorded.
func (app *App) SweepOverdue(ctx context.Context, wardID int64, now time.Time) (int, error) {
	var candidates []store.OverdueCandidate
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		candidates, err = tx.OverdueCandidates(ctx, wardID, calendar.DateOf(now))
		return err
	})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range candidates {
		// One transaction per item: a sweep over many items never holds the
		// writer for long, and a crash loses nothing recorded so far.
		err := app.DB.Update(ctx, func(tx *store.Tx) error {
			before, err := tx.Item(ctx, wardID, c.ItemID)
			if err != nil || before.OverdueAt != nil {
				return err
			}
			if err := app.noteItemTriggers(ctx, tx, wardID, c.ItemID, now); err != nil {
				return err
			}
			after, err := tx.Item(ctx, wardID, c.ItemID)
			if err == nil && after.OverdueAt != nil {
				n++
			}
			return err
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// SweepMissingReports records, for one ward, every obligation with nothing
// filed by the end of its due date as missing (at the due instant) and
// escalates it to the Chairman, the unit and the Office.
func (app *App) SweepMissingReports(ctx context.Context, wardID int64, now time.Time) (int, error) {
	var open []store.Remediation
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		open, err = tx.RemediationsToMark(ctx, wardID, calendar.DateOf(now).AddDays(1))
		return err
	})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range open {
		if !remediation.BecomesMissing(remediation.State(r.State), r.FirstFiledAt != nil, r.DueDate, now) {
			continue
		}
		err := app.DB.Update(ctx, func(tx *store.Tx) error {
			if err := tx.LockRemediation(ctx, r.ID); err != nil {
				return err
			}
			cur, err := tx.Remediation(ctx, wardID, r.ID)
			if err != nil || cur.State != string(remediation.StateOpen) || cur.FirstFiledAt != nil {
				return err
			}
			at := remediation.DueInstant(cur.DueDate)
			cur.State, cur.MissingAt = string(remediation.StateMissing), &at
			if err := tx.SaveRemediation(ctx, cur); err != nil {
				return err
			}
			users, err := app.remediationRecipients(ctx, tx, wardID, cur.UnitID)
			if err != nil {
				return err
			}
			// Escalated to the Chairman; the Office follows up (seed ¶4).
			chair, err := tx.RoleUserIDs(ctx, wardID, "chairman", "office")
			if err != nil {
				return err
			}
			m := program.Month{Year: cur.Year, Month: cur.Month}
			if err := tx.Notify(ctx, wardID, append(users, chair...), store.Notification{
				Kind:  "remediation_missing",
				Title: "Chưa nộp báo cáo khắc phục " + remediation.MonthWords(m) + ": " + cur.UnitName,
				Body:  fmt.Sprintf("Hạn nộp %s đã qua mà %s chưa nộp báo cáo kết quả khắc phục.", cur.DueDate.VN(), cur.UnitName),
				Link:  fmt.Sprintf("/remediations/%d", cur.ID),
			}, now); err != nil {
				return err
			}
			if err := tx.AddAudit(ctx, store.AuditEntry{WardID: wardID, At: now, ActorLogin: "system", Entity: "remediation", EntityID: cur.ID,
				Action: "missing", Summary: "Không nộp báo cáo khắc phục đúng hạn: " + cur.UnitName + " " + remediation.MonthWords(m)}, nil, nil); err != nil {
				return err
			}
			n++
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
