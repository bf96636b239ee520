package app_test

import (
	"context"
	"slices"
	"testing"

	"dieuhanh/internal/app"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// kinds lists the kinds of a dashboard's lines.
func kinds(d app.Dashboard) []string {
	var out []string
	for _, l := range d.Lines {
		out = append(out, l.Kind)
	}
	return out
}

// The to-do lists and the menu follow the calendar: on Friday 20/11/2026
// (the registration deadline for December) a unit head is asked to
// register and the menu opens December; on Monday 23/11 that line is
// gone, and the Office's menu opens December to consolidate it. Every
// line has a link or says why not; nothing is written.
func TestDashboardFollowsTheCycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, vn("2026-11-20 10:00"))
		ctx := context.Background()
		if err := demo.LoadPrograms(ctx, f.app, f.now); err != nil {
			t.Fatal(err)
		}
		head, office := f.actor("truongphong.kt"), f.actor("vanphong")
		before := storetest.RowCounts(t, db, "audit_log", "notifications", "remediations", "events", "program_items")
		d, err := f.app.Dashboard(ctx, head)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(kinds(d), "registration_open") || d.Glance != nil {
			t.Errorf("head on 20/11: %v, glance %v", kinds(d), d.Glance != nil)
		}
		for _, l := range d.Lines {
			if l.Text == "" {
				t.Errorf("an empty line: %+v", l)
			}
		}
		m, err := f.app.MenuTargets(ctx, head)
		if err != nil || m.Month.String() != "2026-12" {
			t.Errorf("head's menu on 20/11: %v %v", m.Month, err)
		}
		if m, _ := f.app.MenuTargets(ctx, office); m.Month.String() != "2026-11" || m.Report.String() != "2026-10" {
			t.Errorf("office's menu on 20/11: month %v report %v", m.Month, m.Report)
		}
		od, err := f.app.Dashboard(ctx, office)
		if err != nil || od.Glance == nil || len(od.Glance.Rows) != 4 {
			t.Fatalf("office's glance: %v", err)
		}
		if after := storetest.RowCounts(t, db, "audit_log", "notifications", "remediations", "events", "program_items"); !mapsEqual(before, after) {
			t.Errorf("reading the dashboard wrote: %v → %v", before, after)
		}
		f.now = vn("2026-11-23 10:00")
		d, _ = f.app.Dashboard(ctx, head)
		if slices.Contains(kinds(d), "registration_open") {
			t.Errorf("head on 23/11 still asked to register: %v", kinds(d))
		}
		if m, _ := f.app.MenuTargets(ctx, office); m.Month.String() != "2026-12" {
			t.Errorf("office's menu on 23/11: %v", m.Month)
		}
		od, _ = f.app.Dashboard(ctx, office)
		if !slices.Contains(kinds(od), "program_consolidate") {
			t.Errorf("office on 23/11: %v", kinds(od))
		}
	})
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
