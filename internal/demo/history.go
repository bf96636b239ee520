package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// History describes a generated past: `months` issued programs ending with
// `last`, each with `perMonth` items, for measuring the system at the size
// of a ward's five years (60 × 300).
type History struct {
	Last     program.Month
	Months   int
	PerMonth int
	Seed     uint64
}

// GenerateHistory bulk-inserts issued programs with executed items (done on
// time, late, rejected, overdue) and finish-to-start chains, one transaction
// per month. It bypasses the use cases for speed: the rows are what they
// would have produced, without their audit trail. Months that already have
// a program are skipped, so it can be run twice.
func GenerateHistory(ctx context.Context, db *store.DB, wardID int64, h History) (int, error) {
	rng := rand.New(rand.NewPCG(h.Seed, 2026))
	var leaders []org.Leader
	var units []org.Unit
	err := db.View(ctx, func(tx *store.Tx) error {
		var err error
		if leaders, err = tx.Leaders(ctx, wardID); err != nil {
			return err
		}
		units, err = tx.Units(ctx, wardID)
		return err
	})
	if err != nil {
		return 0, err
	}
	var leads []org.Unit
	for _, u := range units {
		if u.Kind != org.KindPartner {
			leads = append(leads, u)
		}
	}
	leaderOf := map[int64]int64{}
	for _, u := range leads {
		leaderOf[u.ID] = defaultLeader(leaders, u.ID)
	}
	cal := calendar.New(calendar.Rules{}, nil)
	total := 0
	m := h.Last
	for range h.Months - 1 {
		m = m.Prev()
	}
	for i := 0; i < h.Months; i, m = i+1, m.Next() {
		n, err := generateMonth(ctx, db, wardID, m, h.PerMonth, leads, leaderOf, cal, rng)
		if err != nil {
			return total, fmt.Errorf("history %s: %w", m, err)
		}
		total += n
	}
	// Years of rows at once: the planner must know them.
	return total, db.Analyze(ctx)
}

func defaultLeader(leaders []org.Leader, unitID int64) int64 {
	var chairman int64
	for _, l := range leaders {
		if l.Position == org.PositionChairman {
			chairman = l.ID
		}
		for _, p := range l.Portfolios {
			for _, u := range p.UnitIDs {
				if u == unitID && l.Position == org.PositionViceChairman {
					return l.ID
				}
			}
		}
	}
	return chairman
}

func generateMonth(ctx context.Context, db *store.DB, wardID int64, m program.Month, perMonth int, leads []org.Unit,
	leaderOf map[int64]int64, cal *calendar.Calendar, rng *rand.Rand) (int, error) {
	created := 0
	err := db.Update(ctx, func(tx *store.Tx) error {
		issuedAt := cal.PrevWorkingDay(m.Prev().Day(27)).Start().Add(14 * time.Hour)
		if _, err := tx.Program(ctx, wardID, m.Year, m.Month); err == nil {
			return nil // already there
		}
		p, err := tx.EnsureProgram(ctx, wardID, m.Year, m.Month, issuedAt)
		if err != nil {
			return err
		}
		reg, err := tx.RegisterNumbered(ctx, store.Registration{WardID: wardID, IssuedOn: calendar.DateOf(issuedAt).String(), Symbol: "CTr-UBND",
			Subject: "Chương trình công tác " + m.Label(), SourceKind: "program", SourceID: p.ID, At: issuedAt})
		if err != nil {
			return err
		}
		sub, appr := issuedAt.Add(-48*time.Hour), issuedAt.Add(-24*time.Hour)
		p.State, p.Number, p.IssuedOn = string(program.StateIssued), reg.Number, calendar.DateOf(issuedAt).String()
		p.SubmittedAt, p.ApprovedAt, p.IssuedAt = &sub, &appr, &issuedAt
		if err := tx.SaveProgram(ctx, p); err != nil {
			return err
		}
		lastOfUnit := map[int64][]int64{}
		kinds := program.Kinds()
		for i := range perMonth {
			u := leads[i%len(leads)]
			tpl := templates[u.Code]
			var title, product string
			kind := kinds[rng.IntN(len(kinds))]
			if len(tpl) > 0 {
				t := tpl[rng.IntN(len(tpl))]
				title, product, kind = fmt.Sprintf("%s (đợt %d)", t.title, i/len(leads)+1), t.product, t.kind
			} else {
				title, product = fmt.Sprintf("Nhiệm vụ số %d của %s", i+1, u.Name), "Báo cáo"
			}
			// Due dates rise through the month so chains point backwards.
			day := 2 + (i*26)/perMonth
			due := cal.NextWorkingDay(m.Day(day))
			if !m.Contains(due) {
				due = cal.PrevWorkingDay(m.Last())
			}
			it := store.Item{WardID: wardID, ProgramID: p.ID, Section: int(program.DefaultSection(kind)), Seq: i + 1, Title: title,
				Kind: string(kind), Source: string(program.SourceAnnualPlan), LeadUnitID: u.ID, LeaderID: leaderOf[u.ID],
				DueDate: due, OriginalDueDate: due, Product: product, Registration: string(program.RegRegistered),
				RegisteredAt: issuedAt.Add(-10 * 24 * time.Hour)}
			it.SearchText = vntext.Fold(title + " " + product + " " + u.Code)
			if prev := lastOfUnit[u.ID]; len(prev) > 0 && rng.IntN(3) > 0 {
				it.Predecessors = append(it.Predecessors, prev[len(prev)-1])
				if len(prev) > 3 && rng.IntN(2) == 0 {
					it.Predecessors = append(it.Predecessors, prev[len(prev)-3])
				}
			}
			// Outcomes: most on time, some late, some rejected, a few open.
			switch r := rng.IntN(100); {
			case r < 70:
				at := cal.AddWorkingDays(due, -1).Start().Add(15 * time.Hour)
				it.CompletedAt, it.Quality, it.Progress = &at, string(program.QualityAccepted), 100
			case r < 82:
				at := cal.AddWorkingDays(due, 2).Start().Add(10 * time.Hour)
				it.CompletedAt, it.Quality, it.Progress = &at, string(program.QualityAccepted), 100
			case r < 88:
				at := cal.AddWorkingDays(due, 3).Start().Add(10 * time.Hour)
				it.CompletedAt, it.Quality, it.Progress, it.Rejections = &at, string(program.QualityAccepted), 100, 1
			case r < 92:
				at := cal.AddWorkingDays(due, -1).Start().Add(9 * time.Hour)
				it.CompletedAt, it.Quality, it.Progress, it.Rejections = &at, string(program.QualityRejected), 100, 1
			default:
				it.Progress = rng.IntN(9) * 10
			}
			id, err := tx.CreateItem(ctx, it)
			if err != nil {
				return err
			}
			lastOfUnit[u.ID] = append(lastOfUnit[u.ID], id)
			created++
		}
		return historyRemediations(ctx, tx, wardID, p.ID, m, unitsByID(leads), cal, rng)
	})
	return created, err
}

func unitsByID(us []org.Unit) map[int64]org.Unit {
	out := make(map[int64]org.Unit, len(us))
	for _, u := range us {
		out[u.ID] = u
	}
	return out
}
