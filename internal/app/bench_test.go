package app_test

import (
	"context"
	"testing"
	"time"

	"dieuhanh/internal/demo"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store/storetest"
)

// BenchmarkProgramMonth300 loads one 300-item month (statuses, warnings,
// versions) out of five years of history: the work behind the month page
// and GET /api/v1/programs/{month}.
func BenchmarkProgramMonth300(b *testing.B) {
	db := storetest.OpenSQLite(b)
	f := newFixture(&testing.T{}, db, vn("2026-11-25 10:00"))
	ctx := context.Background()
	last := program.Month{Year: 2026, Month: time.September}
	if _, err := demo.GenerateHistory(ctx, db, 1, demo.History{Last: last, Months: 60, PerMonth: 300, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	office := f.actor("vanphong")
	m := program.Month{Year: 2026, Month: time.June}
	b.ResetTimer()
	for b.Loop() {
		page, err := f.app.Program(ctx, office, m)
		if err != nil || len(page.Items) != 300 {
			b.Fatalf("%d items, %v", len(page.Items), err)
		}
	}
}

// BenchmarkCriticalPathMonth300 is the critical path of a stored 300-item month.
func BenchmarkCriticalPathMonth300(b *testing.B) {
	db := storetest.OpenSQLite(b)
	f := newFixture(&testing.T{}, db, vn("2026-11-25 10:00"))
	ctx := context.Background()
	if _, err := demo.GenerateHistory(ctx, db, 1, demo.History{Last: program.Month{Year: 2026, Month: time.June}, Months: 1, PerMonth: 300, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	office := f.actor("vanphong")
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := f.app.CriticalPath(ctx, office, program.Month{Year: 2026, Month: time.June}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRegisterItem is one acknowledged write: a department registers
// an item for next month (the transaction, its audit entry and the commit
// on a file-backed SQLite with WAL and synchronous=FULL). Run it with a
// fixed count (-benchtime=200x): the month grows by one item per loop.
func BenchmarkRegisterItem(b *testing.B) {
	db := storetest.OpenSQLite(b)
	f := newFixture(&testing.T{}, db, vn("2026-12-18 09:00"))
	ctx := context.Background()
	head := f.actor("truongphong.kt")
	jan := program.Month{Year: 2027, Month: time.January}
	b.ResetTimer()
	for b.Loop() {
		if _, err := f.app.RegisterItem(ctx, head, jan, program.ItemInput{Title: "Báo cáo thu ngân sách", Kind: program.KindReport,
			Source: program.SourceAnnualPlan, LeadUnitID: f.units["KTHTDT"], DueDate: "2027-01-20", Product: "Báo cáo"}); err != nil {
			b.Fatal(err)
		}
	}
}
