package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// What obliges a unit to report on remediation is recorded when it
// happens: a rejection at once, an item passing its deadline by the sweep,
// each once however often the sweep runs, in the obligation of the right
// month; an obligation with nothing filed by its due date is recorded
// missing and escalated to the Chairman.
func TestRemediationTriggers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, vn("2026-09-14 09:00"))
		oct := program.Month{Year: 2026, Month: time.October}
		head, pct := f.actor("truongphong.kt"), f.actor("pct.kinhte")
		reg := func(title, due string) int64 {
			t.Helper()
			id, err := f.app.RegisterItem(ctx, head, oct, program.ItemInput{Title: title, Kind: program.KindTask, Source: program.SourceAnnualPlan,
				LeadUnitID: f.units["KTHTDT"], DueDate: due, Product: "Báo cáo"})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		a := reg("Rà soát hồ sơ đất đai tồn đọng", "2026-10-09")
		b := reg("Báo cáo tiến độ giải ngân vốn đầu tư công", "2026-10-16")
		c := reg("Kiểm tra trật tự xây dựng cuối tháng", "2026-10-28")
		wardID := head.WardID
		f.now = vn("2026-09-28 09:00")
		for _, step := range []struct {
			who    string
			action program.Action
		}{{"vanphong", program.ActionSubmit}, {"chutich", program.ActionApprove}, {"vanphong", program.ActionIssue}} {
			if _, err := f.app.ProgramAction(ctx, f.actor(step.who), oct, step.action, "", 0); err != nil {
				t.Fatal(step.action, err)
			}
		}

		// A rejected on 06/10: the October obligation opens with it.
		f.now = vn("2026-10-05 10:00")
		if err := f.app.Complete(ctx, head, a, app.ReportInput{Note: "Đã gửi danh sách"}); err != nil {
			t.Fatal(err)
		}
		f.now = vn("2026-10-06 15:00")
		if err := f.app.Evaluate(ctx, pct, a, 0, program.QualityRejected, "Thiếu hồ sơ phường 3"); err != nil {
			t.Fatal(err)
		}
		obligation := func(m time.Month) store.Remediation {
			t.Helper()
			var r store.Remediation
			err := db.View(ctx, func(tx *store.Tx) error {
				var err error
				r, err = tx.RemediationFor(ctx, wardID, f.units["KTHTDT"], 2026, m)
				return err
			})
			if err != nil {
				t.Fatalf("obligation of month %d: %v", m, err)
			}
			return r
		}
		r := obligation(time.October)
		if r.DueDate.String() != "2026-10-23" || r.State != "open" || len(r.Entries) != 1 || r.Entries[0].ItemID != a ||
			r.Entries[0].Reason != "rejected" || !r.Entries[0].At.Equal(vn("2026-10-06 15:00")) {
			t.Fatalf("after the rejection: %+v", r)
		}

		// A (reopened by the rejection, deadline Friday 09/10) and B (Friday
		// 16/10) pass their deadlines: the sweep of Monday 19/10 records them
		// at 10/10 and 17/10 00:00, once, however often it runs.
		f.now = vn("2026-10-19 10:00")
		for i, want := range []int{2, 0} {
			n, err := f.app.SweepOverdue(ctx, wardID, f.now)
			if err != nil || n != want {
				t.Fatalf("sweep %d: %d, %v; want %d", i, n, err, want)
			}
		}
		r = obligation(time.October)
		if len(r.Entries) != 3 || r.Entries[1].ItemID != a || r.Entries[1].Reason != "overdue" || !r.Entries[1].At.Equal(vn("2026-10-10 00:00")) ||
			r.Entries[2].ItemID != b || r.Entries[2].Reason != "overdue" || !r.Entries[2].At.Equal(vn("2026-10-17 00:00")) {
			t.Fatalf("after the sweep: %+v", r.Entries)
		}
		var itB store.Item
		db.View(ctx, func(tx *store.Tx) error { var err error; itB, err = tx.Item(ctx, wardID, b); return err })
		if itB.OverdueAt == nil || !itB.OverdueAt.Equal(vn("2026-10-17 00:00")) {
			t.Fatalf("B's overdue moment: %v", itB.OverdueAt)
		}

		// Nothing filed by Friday 23/10 (the 24th is a Saturday): missing at
		// 24/10 00:00, escalated to the Chairman; only once.
		f.now = vn("2026-10-23 23:59")
		if n, _ := f.app.SweepMissingReports(ctx, wardID, f.now); n != 0 {
			t.Fatalf("missing before the end of the due date: %d", n)
		}
		f.now = vn("2026-10-24 08:00")
		for i, want := range []int{1, 0} {
			if n, err := f.app.SweepMissingReports(ctx, wardID, f.now); err != nil || n != want {
				t.Fatalf("missing sweep %d: %d %v", i, n, err)
			}
		}
		r = obligation(time.October)
		if r.State != "missing" || r.MissingAt == nil || !r.MissingAt.Equal(vn("2026-10-24 00:00")) {
			t.Fatalf("missing: %+v", r)
		}
		for _, who := range []string{"chutich", "vanphong", "truongphong.kt"} {
			var notes []store.Notification
			db.View(ctx, func(tx *store.Tx) error {
				var err error
				notes, _, err = tx.Notifications(ctx, f.actor(who).UserID, 50)
				return err
			})
			found := false
			for _, n := range notes {
				if strings.Contains(n.Title, "Chưa nộp báo cáo khắc phục tháng 10 năm 2026") {
					found = true
				}
			}
			if !found {
				t.Errorf("%s was not told of the missing report: %+v", who, notes)
			}
		}

		// C passes its deadline (28/10) after October's due date: it goes
		// into November's obligation, due Tuesday 24/11/2026.
		f.now = vn("2026-11-02 08:00")
		if n, err := f.app.SweepOverdue(ctx, wardID, f.now); err != nil || n != 1 {
			t.Fatalf("sweep in November: %d %v", n, err)
		}
		nov := obligation(time.November)
		if nov.DueDate.String() != "2026-11-24" || len(nov.Entries) != 1 || nov.Entries[0].ItemID != c || !nov.Entries[0].At.Equal(vn("2026-10-29 00:00")) {
			t.Fatalf("November obligation: %+v", nov)
		}
		if got := obligation(time.October); len(got.Entries) != 3 {
			t.Errorf("October changed: %+v", got.Entries)
		}
		// B finished late and accepted: "done late" joins November's report.
		f.now = vn("2026-11-03 09:00")
		if err := f.app.Complete(ctx, head, b, app.ReportInput{Note: "Đã gửi báo cáo"}); err != nil {
			t.Fatal(err)
		}
		f.now = vn("2026-11-03 16:00")
		if err := f.app.Evaluate(ctx, pct, b, 0, program.QualityAccepted, ""); err != nil {
			t.Fatal(err)
		}
		nov = obligation(time.November)
		if len(nov.Entries) != 2 || nov.Entries[1].ItemID != b || nov.Entries[1].Reason != "done_late" {
			t.Fatalf("done late: %+v", nov.Entries)
		}
	})
}
