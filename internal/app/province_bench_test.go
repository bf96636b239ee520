package app_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strconv"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// BenchmarkProvince measures the province's view at a province's size: 170
// wards (DIEUHANH_BENCH_WARDS to change it), each with 12 issued months of
// 150 executed items (306,000 items), every ward's 12 months of figures
// kept (2,040 rows), on SQLite and, with DIEUHANH_TEST_POSTGRES, on
// PostgreSQL.
//
//   - overview: GET /province's work with every row current (the target:
//     under 100 ms);
//   - overview_all_stale: the same on a new day, every ward's row
//     recomputed and kept (the first view of a day without the nightly job);
//   - recompute_ward_month: one ward-month computed from its records;
//   - trend_current: one ward's 12 months, current.
func BenchmarkProvince(b *testing.B) {
	wards := 170
	if v, err := strconv.Atoi(os.Getenv("DIEUHANH_BENCH_WARDS")); err == nil && v > 0 {
		wards = v
	}
	b.Run("sqlite", func(b *testing.B) { benchProvince(b, storetest.OpenSQLite(b), wards) })
	b.Run("postgres", func(b *testing.B) { benchProvince(b, storetest.OpenPostgres(b), wards) })
}

func benchProvince(b *testing.B, db *store.DB, wards int) {
	ctx := context.Background()
	now := vn("2026-11-25 10:00")
	a := app.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), b.TempDir())
	a.Password = auth.Params{Memory: 8 * 1024, Time: 1, Threads: 1}
	a.Now = func() time.Time { return now }
	start := time.Now()
	if _, err := demo.Load(ctx, db, a.Password, now); err != nil {
		b.Fatal(err)
	}
	if _, err := demo.LoadWards(ctx, db, a.Password, now, wards); err != nil {
		b.Fatal(err)
	}
	var ids []store.ProvinceWard
	if err := db.View(ctx, func(tx *store.Tx) error {
		var err error
		ids, err = tx.ProvinceWards(ctx)
		return err
	}); err != nil {
		b.Fatal(err)
	}
	nov := program.Month{Year: 2026, Month: time.November}
	items := 0
	for i, w := range ids {
		n, err := demo.GenerateHistory(ctx, db, w.ID, demo.History{Last: nov, Months: 12, PerMonth: 150, Seed: uint64(i + 1)})
		if err != nil {
			b.Fatal(err)
		}
		items += n
	}
	b.Logf("%d wards, %d items loaded in %s", len(ids), items, time.Since(start).Round(time.Second))
	start = time.Now()
	n, err := a.RefreshProvinceStats(ctx, now)
	if err != nil || n != len(ids)*app.TrendMonths {
		b.Fatalf("refresh: %d, %v", n, err)
	}
	full := time.Since(start)
	b.Logf("full recompute: %d ward-months in %s (%.2f ms each)", n, full.Round(time.Millisecond), float64(full.Microseconds())/1000/float64(n))
	viewer := provinceViewer
	// A ward of the generated history (the demo ward's November was there
	// before it, so its history skips it).
	one := ids[0]
	if one.Code == demo.WardCode {
		one = ids[1]
	}

	b.Run("overview", func(b *testing.B) {
		for b.Loop() {
			ov, err := a.ProvinceOverview(ctx, viewer, nov)
			if err != nil || len(ov.Rows) != len(ids) || ov.Recomputed != 0 {
				b.Fatalf("%d rows, %d recomputed, %v", len(ov.Rows), ov.Recomputed, err)
			}
		}
	})
	b.Run("trend_current", func(b *testing.B) {
		for b.Loop() {
			tr, err := a.ProvinceWardTrend(ctx, viewer, one.Code, nov)
			if err != nil || tr.Recomputed != 0 {
				b.Fatalf("%d recomputed, %v", tr.Recomputed, err)
			}
		}
	})
	b.Run("recompute_ward_month", func(b *testing.B) {
		w := one.ID
		for b.Loop() {
			f, err := a.ComputeWardMonth(ctx, w, nov)
			if err != nil || f.Items+f.Cancelled != 150 {
				b.Fatalf("%d items, %v", f.Items, err)
			}
		}
	})
	b.Run("overview_all_stale", func(b *testing.B) {
		day := now
		for b.Loop() {
			day = day.Add(24 * time.Hour)
			a.Now = func() time.Time { return day }
			ov, err := a.ProvinceOverview(ctx, viewer, nov)
			if err != nil || ov.Recomputed != len(ids) {
				b.Fatalf("%d recomputed, %v", ov.Recomputed, err)
			}
		}
		a.Now = func() time.Time { return now }
	})
}
