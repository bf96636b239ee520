package web_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"dieuhanh/internal/demo"
	"dieuhanh/internal/program"
)

// history300 is the demo ward with five years of 300-item months.
func history300(b *testing.B) *env {
	e := benchEnv(b)
	last := program.Month{Year: 2026, Month: time.September}
	if _, err := demo.GenerateHistory(context.Background(), e.db, 1, demo.History{Last: last, Months: 60, PerMonth: 300, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return e
}

func benchPage(b *testing.B, path string) {
	e := history300(b)
	c := e.login("vanphong")
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

// BenchmarkProgramPage300 renders the month page of a 300-item month
// (target < 20 ms).
func BenchmarkProgramPage300(b *testing.B) { benchPage(b, "/programs/2026-06") }

// BenchmarkCriticalPathPage300 renders the SVG timeline of a 300-item month.
func BenchmarkCriticalPathPage300(b *testing.B) { benchPage(b, "/programs/2026-06/critical-path") }

// BenchmarkAPIProgram300 is GET /api/v1/programs/{month} for 300 items
// (target < 20 ms).
func BenchmarkAPIProgram300(b *testing.B) {
	e := history300(b)
	tok := e.token("vanphong")
	req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/programs/2026-06", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	h := e.srv.Config.Handler
	b.ResetTimer()
	for b.Loop() {
		serve(b, h, req.Clone(req.Context()))
	}
}
