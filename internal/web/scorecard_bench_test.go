package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store/storetest"
	"dieuhanh/internal/web"
)

// demoHistory is what `dieuhanh demo --history-years 5` makes at testNow
// (25/11/2026): the demo ward with its three months of programs, their
// meetings, remediation and accountability story, and five years of
// 300-item months before them (18,000 items).
func demoHistory(b *testing.B) *env {
	t := &testing.T{}
	db := storetest.OpenSQLite(b)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(db, log, b.TempDir())
	a.Now = func() time.Time { return testNow }
	a.Password = auth.Params{Memory: 8 * 1024, Time: 1, Threads: 1}
	ctx := context.Background()
	if _, err := demo.Load(ctx, db, a.Password, testNow); err != nil {
		b.Fatal(err)
	}
	if err := demo.LoadPrograms(ctx, a, testNow); err != nil {
		b.Fatal(err)
	}
	last := program.Month{Year: 2026, Month: time.September}
	if _, err := demo.GenerateHistory(ctx, db, 1, demo.History{Last: last, Months: 60, PerMonth: 300, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	s, err := web.New(a, log, web.Options{})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s)
	b.Cleanup(srv.Close)
	return &env{t: t, db: db, app: a, srv: srv}
}

// pageAs times one page for a signed-in login.
func pageAs(b *testing.B, e *env, login, path string) {
	c := e.login(login)
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	for _, ck := range c.Jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	h := e.srv.Config.Handler
	b.ResetTimer()
	for b.Loop() {
		serve(b, h, req.Clone(req.Context()))
	}
}

// BenchmarkHomeByRole renders each demo login's home page (to-do list and,
// for the leaders and the Office, the ward at a glance) over five years of
// history (target < 20 ms each).
func BenchmarkHomeByRole(b *testing.B) {
	e := demoHistory(b)
	for _, l := range append(append([]struct{ Login, Role string }{}, demo.Logins...), struct{ Login, Role string }{"giamdoc.ttpvhcc", "unit_head"}) {
		b.Run(l.Login, func(b *testing.B) { pageAs(b, e, l.Login, "/") })
	}
}

// BenchmarkScorecardsYear is the year's scorecards of every unit, through
// the API and as the page with each unit's 12-month trend, over five years
// of history (target < 50 ms).
func BenchmarkScorecardsYear(b *testing.B) {
	e := demoHistory(b)
	b.Run("api", func(b *testing.B) {
		tok := e.token("chutich")
		req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/scorecards/2026", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		h := e.srv.Config.Handler
		b.ResetTimer()
		for b.Loop() {
			serve(b, h, req.Clone(req.Context()))
		}
	})
	b.Run("page", func(b *testing.B) { pageAs(b, e, "chutich", "/scorecards/2026") })
	b.Run("month-page", func(b *testing.B) { pageAs(b, e, "chutich", "/scorecards/2026-06") })
}

// BenchmarkConsolidatedExport is last month's consolidated report as DOCX
// and PDF over five years of history (target < 300 ms).
func BenchmarkConsolidatedExport(b *testing.B) {
	e := demoHistory(b)
	for _, f := range []string{"docx", "pdf"} {
		b.Run(f, func(b *testing.B) { pageAs(b, e, "chutich", "/reports/2026-10/consolidated."+f) })
	}
	b.Run("page", func(b *testing.B) { pageAs(b, e, "vanphong", "/reports/2026-10/consolidated") })
}
