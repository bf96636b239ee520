package app_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
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

// Reports recorded missing stay missing: years of them must not flood the
// homes. The Chairman and the Office see the latest five, newest first,
// and one line to the rest; a unit head sees the unit's latest five; the
// Chairman's glance still flags each unit's latest. A later change is seen
// at once (the homes are kept between requests).
func TestDashboardMissingReportsAreBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, vn("2026-11-20 10:00"))
		ctx := context.Background()
		head, office, chair := f.actor("truongphong.kt"), f.actor("vanphong"), f.actor("chutich")
		// 30 months of missing reports of the head's unit, 2023-01 … 2025-06.
		for i := range 30 {
			y, m := 2023+i/12, i%12+1
			if err := storetest.Exec(ctx, db, `INSERT INTO remediations (ward_id, unit_id, year, month, due_date, state, opened_at, missing_at)
				VALUES ($1, $2, $3, $4, $5, 'missing', $6, $6)`, head.WardID, head.UnitID, y, m,
				fmt.Sprintf("%04d-%02d-24", y, m), f.now.UTC()); err != nil {
				t.Fatal(err)
			}
		}
		missingLines := func(d app.Dashboard, kind string) []app.TodoLine {
			var out []app.TodoLine
			for _, l := range d.Lines {
				if l.Kind == kind && strings.Contains(l.Text, "khắc phục") {
					out = append(out, l)
				}
			}
			return out
		}
		for _, who := range []string{"office", "chairman"} {
			a := map[string]auth.Actor{"office": office, "chairman": chair}[who]
			d, err := f.app.Dashboard(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			ls := missingLines(d, "remediation_missing")
			if len(ls) != 6 {
				t.Fatalf("%s: %d missing-report lines, want 5 and one to the rest: %+v", who, len(ls), ls)
			}
			if !strings.Contains(ls[0].Text, "tháng 6 năm 2025") || !strings.Contains(ls[4].Text, "tháng 02 năm 2025") {
				t.Errorf("%s: not the newest first: %q … %q", who, ls[0].Text, ls[4].Text)
			}
			if ls[5].Text != "Còn 25 báo cáo khắc phục không nộp từ tháng 01 năm 2025 trở về trước" || ls[5].Href != "/remediations?month=2025-01" {
				t.Errorf("%s: the line to the rest: %+v", who, ls[5])
			}
		}
		d, err := f.app.Dashboard(ctx, head)
		if err != nil {
			t.Fatal(err)
		}
		if ls := missingLines(d, "remediation_file"); len(ls) != 5 {
			t.Errorf("head: %d missing-report lines, want the latest 5", len(ls))
		}
		cd, _ := f.app.Dashboard(ctx, chair)
		flagged := false
		for _, r := range cd.Glance.Rows {
			if r.Unit.ID == head.UnitID && r.Remediation != nil && r.Remediation.Year == 2025 && r.Remediation.Month == time.June {
				flagged = true
			}
		}
		if !flagged {
			t.Errorf("the glance does not flag the unit's latest missing report")
		}
		// One report is finally filed: every home shows 24 in the rest.
		if err := storetest.Exec(ctx, db, `UPDATE remediations SET state = 'filed' WHERE ward_id = $1 AND year = 2025 AND month = 6`, head.WardID); err != nil {
			t.Fatal(err)
		}
		d, _ = f.app.Dashboard(ctx, office)
		if ls := missingLines(d, "remediation_missing"); len(ls) != 6 || !strings.HasPrefix(ls[5].Text, "Còn 24 ") {
			t.Errorf("after a report was filed the office's home still shows the old count: %+v", ls)
		}
	})
}
