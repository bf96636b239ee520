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

var tables = []string{"wards", "units", "people", "leaders", "users", "programs", "program_items", "audit_log"}

func counts(t *testing.T, db *store.DB) map[string]int {
	return storetest.RowCounts(t, db, tables...)
}

func TestDemoLoadsOnceAndRealistically(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
		a := app.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), t.TempDir())
		a.Now = func() time.Time { return now }
		a.Password = auth.Params{Memory: 8 * 1024, Time: 1, Threads: 1}
		res, err := demo.Load(ctx, db, a.Password, now)
		if err != nil || !res.Loaded {
			t.Fatalf("load: %+v %v", res, err)
		}
		if err := demo.LoadPrograms(ctx, a, now); err != nil {
			t.Fatal(err)
		}
		first := counts(t, db)
		if first["people"] < 25 || first["users"] < 9 {
			t.Fatalf("counts = %v", first)
		}
		// Loading again on a database with a ward changes nothing.
		if res, err := demo.Load(ctx, db, a.Password, now); err != nil || res.Loaded {
			t.Fatalf("second load: %+v %v", res, err)
		}
		if again := counts(t, db); !maps.Equal(first, again) {
			t.Fatalf("second load changed %v → %v", first, again)
		}
		// Every login of the README signs in.
		for _, l := range demo.Logins {
			if _, err := a.Login(ctx, l.Login, demo.Password); err != nil {
				t.Errorf("login %s: %v", l.Login, err)
			}
		}
		// Three months: the previous and current issued (current amended),
		// the next in registration; a real mix of statuses.
		actor, _, _ := a.Actor(ctx, 1)
		states := map[string]int{}
		for _, m := range []program.Month{{Year: 2026, Month: 10}, {Year: 2026, Month: 11}, {Year: 2026, Month: 12}} {
			page, err := a.Program(ctx, actor, m)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(page.InProgramItems()); n < 40 {
				t.Errorf("%s: %d items", m, n)
			}
			for _, it := range page.Items {
				states[string(it.Status)]++
				if it.CarriedFrom != 0 {
					states["carried"]++
				}
				if it.Rejections > 0 {
					states["rejected"]++
				}
			}
			if m.Month == 11 && (page.State != program.StateIssued || page.Program.AmendmentNo != 1) {
				t.Errorf("november: %s, amendment %d", page.State, page.Program.AmendmentNo)
			}
			if m.Month == 12 && (page.State != program.StateDraft || page.LatePending != 1) {
				t.Errorf("december: %s, late pending %d", page.State, page.LatePending)
			}
		}
		for _, s := range []string{"done_on_time", "done_late", "in_progress_overdue", "pending_acceptance", "cancelled", "carried", "rejected", "not_started"} {
			if states[s] == 0 {
				t.Errorf("no %s item in the demo: %v", s, states)
			}
		}
	})
}
