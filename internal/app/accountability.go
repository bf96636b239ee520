package app

import (
	"context"
	"fmt"
	"strings"

	"dieuhanh/internal/accountability"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// The Chairman's part of the scorecards (seed ¶3): the general points of
// each unit and the accountability decision on a unit's head.

// GeneralInput is the Chairman's general points of a unit for a period.
type GeneralInput struct {
	UnitID  int64
	Points  float64
	Note    string
	Version int // 0 for new points, else the version the Chairman saw
}

// scoredUnitIn checks that a unit of the ward is scored under its formula.
func scoredUnitIn(ctx context.Context, tx *store.Tx, wardID, unitID int64, f accountability.Formula) error {
	u, err := tx.Unit(ctx, wardID, unitID)
	if errs.Is(err, errs.NotFound) {
		return errs.Fields{"unit": "Đơn vị không thuộc phường."}.Err()
	}
	if err != nil {
		return err
	}
	if !scoredUnit(u) && !f.WithDefaults().IncludePartners {
		return errs.Fields{"unit": "Đơn vị phối hợp không tính điểm theo công thức của phường."}.Err()
	}
	return nil
}

// SetGeneralScore enters or changes a unit's general points; stale edits
// are refused, every change is audited.
func (app *App) SetGeneralScore(ctx context.Context, a auth.Actor, p accountability.Period, in GeneralInput) error {
	if err := require(a, auth.EnterGeneralPoints, auth.Target{UnitID: in.UnitID}); err != nil {
		return err
	}
	in.Note = vntext.Clean(in.Note)
	now := app.Now()
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		w, err := tx.Ward(ctx, a.WardID)
		if err != nil {
			return err
		}
		f := w.Settings.ScoreFormula
		if err := accountability.CheckGeneral(f, in.Points, in.Note); err != nil {
			return err
		}
		if err := scoredUnitIn(ctx, tx, a.WardID, in.UnitID, f); err != nil {
			return err
		}
		before, err := tx.GeneralScores(ctx, a.WardID, []string{p.String()})
		if err != nil {
			return err
		}
		var old any
		for _, g := range before {
			if g.UnitID == in.UnitID {
				old = map[string]any{"points": g.Points, "note": g.Note}
			}
		}
		g := store.GeneralScore{UnitID: in.UnitID, Period: p.String(), Points: in.Points, Note: in.Note, Version: in.Version}
		if err := tx.SaveGeneralScore(ctx, a.WardID, g, a.UserID, now); err != nil {
			return err
		}
		u, _ := tx.Unit(ctx, a.WardID, in.UnitID)
		return app.audit(ctx, tx, a, "general_score", in.UnitID, "general_points",
			fmt.Sprintf("Chấm điểm tiêu chí chung %s: %s %s điểm", p.Label(), u.Name, accountability.Num(in.Points)),
			old, map[string]any{"period": p.String(), "points": in.Points, "note": in.Note})
	})
}

// DecisionInput is the Chairman's decision on a unit for a period.
type DecisionInput struct {
	UnitID  int64
	Kind    accountability.DecisionKind
	Note    string
	ItemIDs []int64 // the unit's items of the period it rests on
}

// RecordDecision records the Chairman's decision on a unit's head (nhắc
// nhở, kiểm điểm, đề nghị xem xét trách nhiệm) with the items it rests on,
// once per unit and period; the head is told, the change audited.
func (app *App) RecordDecision(ctx context.Context, a auth.Actor, p accountability.Period, in DecisionInput) (int64, error) {
	if err := require(a, auth.DecideAccountability, auth.Target{UnitID: in.UnitID}); err != nil {
		return 0, err
	}
	in.Note = vntext.Clean(in.Note)
	in.ItemIDs = uniqueIDs(in.ItemIDs)
	// The unit's card gives the items the decision may rest on.
	page, err := app.Scorecards(ctx, a, p, false)
	if err != nil {
		return 0, err
	}
	uc, ok := page.Card(in.UnitID)
	if !ok {
		return 0, errs.Fields{"unit": "Đơn vị không có trong đánh giá, xếp loại của kỳ này."}.Err()
	}
	allowed := append(append([]int64{}, uc.Card.Items[accountability.BucketAssigned]...), uc.Card.Items[accountability.BucketCancelled]...)
	for _, e := range uc.Evidence {
		allowed = append(allowed, e.ItemIDs...) // the flag's look-back months too
	}
	if err := accountability.CheckDecision(in.Kind, in.Note, in.ItemIDs, allowed); err != nil {
		return 0, err
	}
	now := app.Now()
	var id int64
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		heads, err := tx.UnitHeads(ctx, a.WardID)
		if err != nil {
			return err
		}
		head := heads[in.UnitID]
		d := store.Decision{WardID: a.WardID, UnitID: in.UnitID, PersonID: head.PersonID, Period: p.String(), Kind: string(in.Kind),
			Note: in.Note, ItemIDs: in.ItemIDs, DecidedBy: a.UserID, DecidedAt: now}
		if id, err = tx.CreateDecision(ctx, d); err != nil {
			return err
		}
		reasons := strings.Join(uc.Card.FlagReasons, " ")
		if head.UserID != 0 {
			if err := tx.Notify(ctx, a.WardID, []int64{head.UserID}, store.Notification{
				Kind:  "accountability_decision",
				Title: fmt.Sprintf("Kết luận của Chủ tịch UBND %s: %s", p.Label(), in.Kind.Label()),
				Body:  strings.TrimSpace(uc.Unit.Name + ". " + in.Note + " " + reasons),
				Link:  ScorecardUnitPath(p, in.UnitID),
			}, now); err != nil {
				return err
			}
		}
		return app.audit(ctx, tx, a, "accountability_decision", id, "decide",
			fmt.Sprintf("%s đối với %s (%s)", in.Kind.Label(), uc.Unit.Name, p.Label()), nil,
			map[string]any{"unit_id": in.UnitID, "person_id": head.PersonID, "period": p.String(), "kind": in.Kind, "note": in.Note,
				"item_ids": in.ItemIDs, "flag_reasons": uc.Card.FlagReasons})
	})
	return id, err
}

// ScorecardUnitPath is the page of a unit's card for a period.
func ScorecardUnitPath(p accountability.Period, unitID int64) string {
	return fmt.Sprintf("/scorecards/%s/units/%d", p, unitID)
}

// UnitDecisions lists the Chairman's decisions on a unit, newest first.
func (app *App) UnitDecisions(ctx context.Context, a auth.Actor, unitID int64) ([]store.Decision, error) {
	if err := require(a, auth.ViewScorecard, auth.Target{UnitID: unitID}); err != nil {
		return nil, err
	}
	var out []store.Decision
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.Decisions(ctx, a.WardID, unitID, nil, 100)
		return err
	})
	return out, err
}

// DecisionView is a decision as pages and the API show it.
type DecisionView struct {
	store.Decision
	KindLabel   string
	PeriodLabel string
	Href        string // the unit's card of the period
}

// DecisionViews names each decision's kind and period.
func DecisionViews(ds []store.Decision) []DecisionView {
	out := make([]DecisionView, 0, len(ds))
	for _, d := range ds {
		v := DecisionView{Decision: d, KindLabel: accountability.DecisionKind(d.Kind).Label(), PeriodLabel: d.Period}
		if p, err := accountability.ParsePeriod(d.Period); err == nil {
			v.PeriodLabel, v.Href = p.Label(), ScorecardUnitPath(p, d.UnitID)
		}
		out = append(out, v)
	}
	return out
}
