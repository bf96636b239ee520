package app

import (
	"context"
	"fmt"
	"slices"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// ReceiveRemediation records that the Office received the report filed on
// obligation id (on time or late, as the filing says); the leaders who
// decide are told it waits for them.
func (app *App) ReceiveRemediation(ctx context.Context, a auth.Actor, id int64, version int) error {
	now := app.Now()
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.LockRemediation(ctx, id); err != nil {
			return err
		}
		d, err := app.remediationDetail(ctx, tx, a, id, now)
		if err != nil {
			return err
		}
		r := d.R
		if err := require(a, auth.ReceiveRemediation, remediationTarget(r)); err != nil {
			return err
		}
		if version != r.Version {
			return staleRemediation()
		}
		if _, err := remediation.Transition(remediation.Facts{State: remediation.State(r.State), Received: r.ReceivedAt != nil,
			Entries: len(d.Entries)}, remediation.ActionReceive, ""); err != nil {
			return err
		}
		r.ReceivedAt, r.ReceivedBy = &now, a.UserID
		if err := tx.SaveRemediation(ctx, r); err != nil {
			return err
		}
		if d.Current != nil {
			f := *d.Current
			f.ReceivedAt, f.ReceivedBy = &now, a.UserID
			if err := tx.SaveRemediationFiling(ctx, f); err != nil {
				return err
			}
		}
		m := remediation.MonthWords(d.Month)
		timing := "đúng hạn"
		if r.Late {
			timing = "nộp muộn"
		}
		deciders, err := leaderUserIDs(ctx, tx, d.Deciders)
		if err != nil {
			return err
		}
		link := fmt.Sprintf("/remediations/%d", r.ID)
		if err := tx.Notify(ctx, a.WardID, deciders, store.Notification{Kind: "remediation_filed",
			Title: fmt.Sprintf("Chờ xem xét: báo cáo khắc phục %s của %s", m, r.UnitName),
			Body:  fmt.Sprintf("Số %s, %s; Văn phòng đã nhận.", r.Number, timing), Link: link}, now); err != nil {
			return err
		}
		unit, err := tx.UnitUserIDs(ctx, r.UnitID, "unit_head", "unit_staff", "office")
		if err != nil {
			return err
		}
		if err := tx.Notify(ctx, a.WardID, unit, store.Notification{Kind: "remediation_filed",
			Title: fmt.Sprintf("Văn phòng đã nhận báo cáo khắc phục %s (số %s)", m, r.Number), Link: link}, now); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "remediation", r.ID, "receive", fmt.Sprintf("Văn phòng ghi nhận đã nhận báo cáo số %s (%s).", r.Number, timing),
			map[string]any{"received": false}, map[string]any{"received": true, "number": r.Number, "late": r.Late})
	})
}

func staleRemediation() error {
	return errs.E(errs.Conflict, "Báo cáo khắc phục đã được người khác thay đổi trong lúc bạn xem. Vui lòng tải lại trang để xem bản mới nhất.")
}

// RemediationDecisionInput is the leader's decision as sent: "accept" or
// "return", comments, and the entry keys confirmed as objective and whose
// proposed new deadlines are agreed.
type RemediationDecisionInput struct {
	Version          int
	Decision         string
	Comment          string
	Objective        []string
	ApproveDeadlines []string
}

// DecideRemediation accepts or returns the received report on obligation
// id. Accepting confirms the objective causes chosen (the items' or
// meetings' deductions are removed from the scorecard) and settles the new
// deadlines the filing proposed through the extension decision: agreed
// where chosen, not agreed otherwise. Returning sends the report back with
// comments, to be filed again as a new document; the deadlines it proposed
// are not agreed. Proposals whose item another leader is in charge of stay
// pending for that leader.
func (app *App) DecideRemediation(ctx context.Context, a auth.Actor, id int64, in RemediationDecisionInput) error {
	accept, err := remediation.ParseDecision(in.Decision)
	if err != nil {
		return err
	}
	dec := remediation.Decision{Accept: accept, Comment: vntext.Clean(in.Comment), Objective: in.Objective, ApproveDeadlines: in.ApproveDeadlines}
	now := app.Now()
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.LockRemediation(ctx, id); err != nil {
			return err
		}
		d, err := app.remediationDetail(ctx, tx, a, id, now)
		if err != nil {
			return err
		}
		r := d.R
		if err := require(a, auth.DecideRemediation, remediationTarget(r)); err != nil {
			return err
		}
		if in.Version != r.Version {
			return staleRemediation()
		}
		action := remediation.ActionReturn
		if accept {
			action = remediation.ActionAccept
		}
		state, err := remediation.Transition(remediation.Facts{State: remediation.State(r.State), Received: r.ReceivedAt != nil,
			Entries: len(d.Entries)}, action, dec.Comment)
		if err != nil {
			return err
		}
		if d.Current == nil {
			return errs.E(errs.Conflict, "Báo cáo chưa được nộp, chưa thể xem xét.")
		}
		filed, err := parseReport(d.Current.Report)
		if err != nil {
			return err
		}
		// The proposals this leader settles: raised by the current filing,
		// still pending, on items whose extensions they decide.
		proposed := map[string]bool{}
		byKey := map[string]RemediationEntryView{}
		for _, e := range d.Entries {
			byKey[e.Key] = e
			if e.Raised != 0 && e.DecideDeadline {
				proposed[e.Key] = true
			}
		}
		if err := remediation.CheckDecision(dec, filed, domainEntries(d.Entries), proposed); err != nil {
			return err
		}

		m := remediation.MonthWords(d.Month)
		for _, key := range dec.Objective {
			e := byKey[key]
			if e.IsItem() {
				if err := tx.SetItemExcused(ctx, a.WardID, e.ItemID, true); err != nil {
					return err
				}
				if err := app.audit(ctx, tx, a, "program_item", e.ItemID, "objective_excused",
					"Xác nhận nguyên nhân khách quan (báo cáo khắc phục số "+r.Number+"): "+e.Title,
					map[string]any{"objective_excused": false}, map[string]any{"objective_excused": true}); err != nil {
					return err
				}
				continue
			}
			if err := tx.SetBreachExcused(ctx, a.WardID, e.EventID, true); err != nil {
				return err
			}
			if err := app.audit(ctx, tx, a, "event", e.EventID, "breach_excused",
				"Xác nhận nguyên nhân khách quan (báo cáo khắc phục số "+r.Number+"): "+e.Title,
				map[string]any{"breach_excused": false}, map[string]any{"breach_excused": true}); err != nil {
				return err
			}
		}
		var agreed, refused []string
		for _, key := range sortedKeys(proposed) {
			e := byKey[key]
			decision, comment := program.ExtensionRejected, "Không đồng ý thời hạn mới đề xuất trong báo cáo khắc phục số "+r.Number+"."
			switch {
			case !accept:
				comment = "Báo cáo khắc phục số " + r.Number + " bị trả lại: " + dec.Comment
			case slices.Contains(dec.ApproveDeadlines, key):
				decision, comment = program.ExtensionApproved, ""
			}
			if err := app.decideExtension(ctx, tx, a, e.item, decision, truncateRunes(comment, program.MaxReasonRunes), now); err != nil {
				return err
			}
			if decision == program.ExtensionApproved {
				agreed = append(agreed, key)
			} else {
				refused = append(refused, key)
			}
		}

		before := map[string]any{"state": r.State}
		r.State, r.DecidedAt, r.DecidedBy, r.DecisionComment = string(state), &now, a.UserID, dec.Comment
		if err := tx.SaveRemediation(ctx, r); err != nil {
			return err
		}
		f := *d.Current
		f.Decision, f.DecidedAt, f.DecidedBy, f.Comment = string(state), &now, a.UserID, dec.Comment
		if err := tx.SaveRemediationFiling(ctx, f); err != nil {
			return err
		}
		var title, summary string
		if accept {
			title = fmt.Sprintf("Báo cáo khắc phục %s (số %s) đã được chấp nhận", m, r.Number)
			summary = fmt.Sprintf("Chấp nhận báo cáo khắc phục số %s.", r.Number)
		} else {
			title = fmt.Sprintf("Báo cáo khắc phục %s (số %s) bị trả lại, cần nộp lại", m, r.Number)
			summary = fmt.Sprintf("Trả lại báo cáo khắc phục số %s: %s", r.Number, dec.Comment)
		}
		if accept && dec.Comment != "" {
			summary += " Ý kiến: " + dec.Comment
		}
		users, err := tx.UnitUserIDs(ctx, r.UnitID, "unit_head", "unit_staff")
		if err != nil {
			return err
		}
		office, err := tx.RoleUserIDs(ctx, a.WardID, "office")
		if err != nil {
			return err
		}
		if err := tx.Notify(ctx, a.WardID, append(users, office...), store.Notification{Kind: "remediation_decided", Title: title,
			Body: dec.Comment, Link: fmt.Sprintf("/remediations/%d", r.ID)}, now); err != nil {
			return err
		}
		after := map[string]any{"state": r.State, "comment": dec.Comment, "objective": dec.Objective, "deadlines_agreed": agreed,
			"deadlines_not_agreed": refused}
		return app.audit(ctx, tx, a, "remediation", r.ID, string(action), summary, before, after)
	})
}

// truncateRunes cuts s to at most n characters.
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
