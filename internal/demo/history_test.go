package demo_test

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// TestWardsHistory: `demo --wards 3 --history-years` gives every ward its
// months of history; an added ward's items are its own (its units and
// leaders), their stored search facts are what the status rules compute
// (each row's status from stored facts equals ComputeStatus on the item,
// its facts equal StoredFactsOf), the open ones carry their overdue moment,
// their slips are remediation entries of the ward; a second run adds
// nothing.
func TestWardsHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
		a := app.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), t.TempDir())
		a.Now = func() time.Time { return now }
		a.Password = auth.Params{Memory: 8 * 1024, Time: 1, Threads: 1}
		if _, err := demo.Load(ctx, db, a.Password, now); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.LoadWards(ctx, db, a.Password, now, 3); err != nil {
			t.Fatal(err)
		}
		h := demo.WardsHistory{History: demo.History{Last: program.Month{Year: 2026, Month: time.September}, Months: 3, PerMonth: 24, Seed: 1},
			Wards: 3, WardPerMonth: 15}
		var told []string
		n, err := demo.GenerateWardsHistory(ctx, db, h, func(code string, items int, _ time.Duration) { told = append(told, code) })
		if err != nil {
			t.Fatal(err)
		}
		if n != 3*24+2*3*15 || len(told) != 3 || told[0] != demo.WardCode || told[2] != "benthanh" {
			t.Fatalf("generated %d items, told %v", n, told)
		}
		tables := []string{"programs", "program_items", "item_predecessors", "remediations", "remediation_entries", "remediation_filings", "documents"}
		first := storetest.RowCounts(t, db, tables...)

		var wardID int64
		var items []store.Item
		var rows []store.SearchRow
		units := map[int64]bool{}
		err = db.View(ctx, func(tx *store.Tx) error {
			w, err := tx.WardByCode(ctx, "benthanh")
			if err != nil {
				return err
			}
			wardID = w.ID
			us, err := tx.Units(ctx, wardID)
			for _, u := range us {
				units[u.ID] = true
			}
			if err != nil {
				return err
			}
			ps, err := tx.Programs(ctx, wardID)
			if err != nil {
				return err
			}
			for _, p := range ps {
				if p.State != "issued" || p.Number == "" {
					t.Errorf("program %d-%d: %s %q", p.Year, p.Month, p.State, p.Number)
				}
				its, err := tx.Items(ctx, p.ID)
				if err != nil {
					return err
				}
				items = append(items, its...)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		cal, err := a.Calendar(ctx, wardID)
		if err != nil {
			t.Fatal(err)
		}
		b := program.StatusBounds(now, cal, 3)
		err = db.View(ctx, func(tx *store.Tx) error {
			var err error
			rows, _, err = tx.SearchItems(ctx, store.ItemQuery{WardID: wardID, Bounds: b, Sort: "due_date", Limit: 1000})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 45 || len(rows) != 45 {
			t.Fatalf("benthanh has %d items, search finds %d", len(items), len(rows))
		}
		byID := map[int64]store.Item{}
		statuses := map[program.Status]int{}
		for _, it := range items {
			byID[it.ID] = it
			if it.WardID != wardID || !units[it.LeadUnitID] {
				t.Errorf("item %d: ward %d, lead unit %d not of ward %d", it.ID, it.WardID, it.LeadUnitID, wardID)
			}
		}
		for _, r := range rows {
			it := byID[r.ID]
			f := program.ItemFacts{ID: it.ID, DueDate: it.DueDate, OriginalDueDate: it.OriginalDueDate, ApprovedExtension: it.ApprovedExtension,
				Cancelled: it.Cancelled, Progress: it.Progress, CompletedAt: it.CompletedAt, Quality: program.Quality(it.Quality),
				Rejections: it.Rejections, Month: program.Month{Year: it.Year, Month: it.Month}, CarriedTo: it.CarriedTo}
			want := program.ComputeStatus(f, now, cal, 3)
			if r.Status != want || r.Facts != program.StoredFactsOf(f, cal) {
				t.Errorf("item %d %q: stored %+v → %s; computed %+v → %s", it.ID, it.Title, r.Facts, r.Status, program.StoredFactsOf(f, cal), want)
			}
			if !r.UpdatedAt.Equal(it.RegisteredAt) {
				t.Errorf("item %d: updated %v, registered %v", it.ID, r.UpdatedAt, it.RegisteredAt)
			}
			if want == program.StatusOverdue && it.OverdueAt == nil || want == program.StatusDoneOnTime && it.OverdueAt != nil {
				t.Errorf("item %d: %s, overdue at %v", it.ID, want, it.OverdueAt)
			}
			statuses[want]++
		}
		if statuses[program.StatusDoneOnTime] == 0 || statuses[program.StatusDoneLate] == 0 || statuses[program.StatusOverdue] == 0 {
			t.Errorf("statuses %v", statuses)
		}
		var entries, foreign int
		if err := db.Raw().QueryRowContext(ctx, `SELECT COUNT(*), SUM(CASE WHEN i.ward_id <> r.ward_id THEN 1 ELSE 0 END)
			FROM remediation_entries e JOIN remediations r ON r.id = e.remediation_id JOIN program_items i ON i.id = e.item_id
			WHERE r.ward_id = $1`, wardID).Scan(&entries, &foreign); err != nil {
			t.Fatal(err)
		}
		if entries == 0 || foreign != 0 {
			t.Errorf("benthanh: %d remediation entries, %d of another ward's items", entries, foreign)
		}

		// Again: every month is there, nothing is added.
		if n, err := demo.GenerateWardsHistory(ctx, db, h, nil); err != nil || n != 0 {
			t.Fatalf("second run: %d items, %v", n, err)
		}
		if again := storetest.RowCounts(t, db, tables...); !maps.Equal(first, again) {
			t.Errorf("second run changed %v → %v", first, again)
		}
	})
}
