package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
	"dieuhanh/internal/web"
)

// searchBenchPath is issue 12 §3's query: a unit's overdue items across
// all months, by deadline, 50 at a time.
const searchBenchPath = "/api/v1/items?unit=KTHTDT&overdue=true&sort=due_date&limit=50"

// BenchmarkItemsSearch serves searchBenchPath in process (no network) out
// of 10k and 100k items of history (300-item months), on SQLite and, when
// DIEUHANH_TEST_POSTGRES is set, on PostgreSQL. Its cost must not follow the
// history: 100k within ±20 % of 10k. The plan of the query is logged.
func BenchmarkItemsSearch(b *testing.B) {
	type engine struct {
		name string
		open func(testing.TB) *store.DB
	}
	engines := []engine{{"sqlite", func(tb testing.TB) *store.DB { return storetest.OpenSQLite(tb) }}}
	if os.Getenv("DIEUHANH_TEST_POSTGRES") != "" {
		engines = append(engines, engine{"postgres", storetest.OpenPostgres})
	}
	for _, en := range engines {
		for _, size := range []struct {
			name   string
			months int
		}{{"10k", 34}, {"100k", 334}} {
			b.Run(en.name+"/"+size.name, func(b *testing.B) {
				db := en.open(b)
				log := slog.New(slog.NewTextHandler(io.Discard, nil))
				a := app.New(db, log, b.TempDir())
				a.Now = func() time.Time { return testNow }
				a.Password = auth.Params{Memory: 8 * 1024, Time: 1, Threads: 1}
				ctx := context.Background()
				if _, err := demo.Load(ctx, db, a.Password, testNow); err != nil {
					b.Fatal(err)
				}
				n, err := demo.GenerateHistory(ctx, db, 1, demo.History{Last: program.Month{Year: 2026, Month: time.September},
					Months: size.months, PerMonth: 300, Seed: 1})
				if err != nil {
					b.Fatal(err)
				}
				if en.name == "postgres" {
					storetest.Exec(ctx, db, `ANALYZE`)
				}
				s, err := web.New(a, log, web.Options{})
				if err != nil {
					b.Fatal(err)
				}
				srv := httptest.NewServer(s)
				defer srv.Close()
				tok := benchToken(b, srv, "vanphong")
				req, _ := http.NewRequest("GET", srv.URL+searchBenchPath, nil)
				req.Header.Set("Authorization", "Bearer "+tok)
				h := srv.Config.Handler
				// Searches no index can narrow, timed once for the notes: words
				// matching nothing (a scan of every item) through the API, and
				// the page with its counts per status.
				jar := loginJar(b, srv, "vanphong")
				for _, p := range []string{"/api/v1/items?q=khong+co+tu+nay&limit=50", "/search?q=khong+co+tu+nay", "/search?unit=KTHTDT"} {
					start := time.Now()
					for range 5 {
						r, _ := http.NewRequest("GET", srv.URL+p, nil)
						r.Header.Set("Authorization", "Bearer "+tok)
						if strings.HasPrefix(p, "/search") {
							r.Header.Del("Authorization")
							for _, ck := range jar.Jar.Cookies(r.URL) {
								r.AddCookie(ck)
							}
						}
						serve(b, h, r)
					}
					b.Logf("%s: %v per request", p, time.Since(start)/5)
				}
				logPlan(b, a, db)
				serve(b, h, req.Clone(ctx)) // warm the caches
				b.ResetTimer()
				for b.Loop() {
					serve(b, h, req.Clone(ctx))
				}
				b.ReportMetric(float64(n), "items")
			})
		}
	}
}

// logPlan logs the engine's plan of the benchmark's query.
func logPlan(b *testing.B, a *app.App, db *store.DB) {
	ctx := context.Background()
	err := db.View(ctx, func(tx *store.Tx) error {
		units, err := tx.Units(ctx, 1)
		if err != nil {
			return err
		}
		var unit int64
		for _, u := range units {
			if u.Code == "KTHTDT" {
				unit = u.ID
			}
		}
		cal, err := a.Calendar(ctx, 1)
		if err != nil {
			return err
		}
		plan, err := tx.ExplainSearch(ctx, store.ItemQuery{WardID: 1, UnitID: unit, Overdue: true, Sort: "due_date", Limit: 50,
			Bounds: program.StatusBounds(testNow, cal, 3)})
		b.Logf("plan:\n%s", plan)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
}
