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
	n, err := generateHistory(ctx, db, wardID, h)
	if err != nil {
		return n, err
	}
	// Years of rows at once: the planner must know them.
	return n, db.Analyze(ctx)
}

// WardsHistory is the history of every demo ward of a province: Hòa Bình
// keeps History as it is (PerMonth items a month, its seed), and each ward
// added by LoadWards gets the same months with WardPerMonth items a month
// and a seed of its own, so wards differ but a run is reproducible.
type WardsHistory struct {
	History
	Wards        int // Hòa Bình and Wards−1 added wards
	WardPerMonth int
}

// WardProgress is told after each ward's history is written.
type WardProgress func(code string, items int, took time.Duration)

// GenerateWardsHistory runs GenerateHistory for the first ward (Hòa Bình)
// and for each ward
// LoadWards added (found by code; one that is missing is an error), one
// transaction per ward and month, and analyzes once at the end. Months a
// ward already has are skipped, so a second run adds nothing. It returns
// the number of items written.
func GenerateWardsHistory(ctx context.Context, db *store.DB, h WardsHistory, progress WardProgress) (int, error) {
	total := 0
	for i := range h.Wards {
		code, hist := WardCode, h.History
		if i > 0 {
			code, _ = ExtraWard(i)
			hist.PerMonth, hist.Seed = h.WardPerMonth, h.Seed+uint64(i)
		}
		var wardID int64
		if err := db.View(ctx, func(tx *store.Tx) error {
			var err error
			if i == 0 {
				// The database's first ward, as before there were several:
				// Hòa Bình, or the ward the database was made with.
				wardID, err = tx.FirstWardID(ctx)
				if err != nil {
					return err
				}
				w, err := tx.Ward(ctx, wardID)
				code = w.Code
				return err
			}
			w, err := tx.WardByCode(ctx, code)
			wardID = w.ID
			return err
		}); err != nil {
			return total, fmt.Errorf("history of ward %s: %w", code, err)
		}
		start := time.Now()
		n, err := generateHistory(ctx, db, wardID, hist)
		total += n
		if err != nil {
			return total, fmt.Errorf("history of ward %s: %w", code, err)
		}
		if progress != nil {
			progress(code, n, time.Since(start))
		}
	}
	// Hundreds of thousands of rows at once: the planner must know them.
	return total, db.Analyze(ctx)
}

func generateHistory(ctx context.Context, db *store.DB, wardID int64, h History) (int, error) {
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
	return total, nil
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
		// Items are built in memory, then written many per statement: a
		// province's history is hundreds of thousands of them. The random
		// draws are made in the same order as when they were written one by
		// one, so a seed gives the same history as before.
		items := make([]store.Item, 0, perMonth)
		var links [][2]int // item index, predecessor index
		lastOfUnit := map[int64][]int{}
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
			it := store.Item{WardID: wardID, ProgramID: p.ID, Year: m.Year, Month: m.Month, Section: int(program.DefaultSection(kind)),
				Seq: i + 1, Title: title, Kind: string(kind), Source: string(program.SourceAnnualPlan), LeadUnitID: u.ID,
				LeaderID: leaderOf[u.ID], DueDate: due, OriginalDueDate: due, Product: product, Registration: string(program.RegRegistered),
				RegisteredAt: issuedAt.Add(-10 * 24 * time.Hour)}
			it.SearchText = vntext.Fold(title + " " + product + " " + u.Code)
			if prev := lastOfUnit[u.ID]; len(prev) > 0 && rng.IntN(3) > 0 {
				links = append(links, [2]int{i, prev[len(prev)-1]})
				if len(prev) > 3 && rng.IntN(2) == 0 {
					links = append(links, [2]int{i, prev[len(prev)-3]})
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
			items = append(items, it)
			lastOfUnit[u.ID] = append(lastOfUnit[u.ID], i)
		}
		byID := unitsByID(leads)
		triggers := historyTriggers(items, m, byID, cal)
		ids, err := tx.InsertItems(ctx, items)
		if err != nil {
			return err
		}
		preds := make([]store.ItemLink, len(links))
		for k, l := range links {
			preds[k] = store.ItemLink{ItemID: ids[l[0]], PredID: ids[l[1]]}
		}
		if err := tx.AddPredecessors(ctx, preds); err != nil {
			return err
		}
		for k := range items {
			items[k].ID = ids[k]
		}
		created = len(items)
		return historyRemediations(ctx, tx, wardID, m, items, triggers, byID, cal, rng)
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
