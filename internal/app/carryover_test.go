package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// statusOf is the computed status of an item now.
func (f *fixture) statusOf(id int64) program.Status {
	f.t.Helper()
	return f.item(id).Status
}

// October 2026 has four late or unfinished items. The Office plans them
// into November on Friday 23/10 (the 24th is a Saturday) — before October
// ends — and each item's lateness is then counted once: an item completed
// before the close stays October's and its copy is void (the old code kept a
// copy "waiting for evaluation" in November, overdue from 1 November with
// its October deadline); an item still unfinished at the close is closed in
// October as carried over, and its copy counts in November against the
// agreed new deadline only.
func TestCarryOverCountsEachItemOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, vn("2026-09-10 09:00"))
		oct := program.Month{Year: 2026, Month: time.October}
		nov := oct.Next()
		head, office, chair, vc := f.actor("truongphong.kt"), f.actor("vanphong"), f.actor("chutich"), f.actor("pct.kinhte")
		reg := func(title, due string) int64 {
			id, err := f.app.RegisterItem(ctx, head, oct, program.ItemInput{Title: title, Kind: program.KindReport, Source: program.SourceAnnualPlan,
				LeadUnitID: f.units["KTHTDT"], DueDate: due, Product: "Báo cáo"})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		a, b, c, d := reg("A: báo cáo thu ngân sách", "2026-10-07"), reg("B: rà soát hồ sơ đất đai", "2026-10-16"),
			reg("C: kiểm tra trật tự xây dựng", "2026-10-20"), reg("D: kế hoạch chỉnh trang đô thị", "2026-10-27")
		issue := func(m program.Month, at string) {
			t.Helper()
			for _, step := range []struct {
				at     string
				who    string
				action program.Action
			}{{at + " 09:00", "vanphong", program.ActionSubmit}, {at + " 10:00", "chutich", program.ActionApprove}, {at + " 11:00", "vanphong", program.ActionIssue}} {
				f.now = vn(step.at)
				if _, err := f.app.ProgramAction(ctx, f.actor(step.who), m, step.action, "", 0); err != nil {
					t.Fatalf("%s %s: %v", step.action, m, err)
				}
			}
		}
		issue(oct, "2026-09-28")
		report := func(at string, id int64, pct int) error {
			f.now = vn(at)
			return f.app.ReportProgress(ctx, head, id, app.ReportInput{Percent: pct, Note: "Đang thực hiện"})
		}
		complete := func(at string, id int64) error {
			f.now = vn(at)
			return f.app.Complete(ctx, head, id, app.ReportInput{Note: "Đã hoàn thành"})
		}
		if err := report("2026-10-15 10:00", a, 30); err != nil {
			t.Fatal(err)
		}
		if err := complete("2026-10-19 10:00", c); err != nil { // C waits for its verdict
			t.Fatal(err)
		}

		// Friday 23/10: the Office plans the carry-over. C is not a
		// candidate: its verdict belongs to October.
		f.now = vn("2026-10-23 15:00")
		page, err := f.app.CarryOverCandidates(ctx, office, oct)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]string{}
		for _, cand := range page.Candidates {
			got[cand.Item.ID] = cand.Suggest.String()
		}
		if len(got) != 3 || got[a] != "2026-11-06" || got[b] != "2026-11-16" || got[d] != "2026-11-27" || !page.CanCarry {
			t.Fatalf("candidates = %v", got)
		}
		// A new deadline outside November, or on a day off, is refused;
		// nothing is saved.
		_, err = f.app.CarryOver(ctx, office, oct, []app.CarryChoice{{ItemID: a, DueDate: "2026-10-30"}, {ItemID: b, DueDate: "2026-11-15"}}, false)
		if fe := errs.FieldsOf(err); !strings.Contains(fe["items.0.due_date"], "phải nằm trong tháng 11 năm 2026") {
			t.Fatalf("outside November: %v", err)
		}
		_, err = f.app.CarryOver(ctx, office, oct, []app.CarryChoice{{ItemID: a, DueDate: "2026-11-13"}, {ItemID: b, DueDate: "2026-11-15"}}, false)
		if errs.CodeOf(err) != program.RuleDueDateDayOff || errs.SuggestOf(err)["items.1.due_date"] != "2026-11-13" {
			t.Fatalf("Sunday 15/11: %v", err)
		}
		if _, err := f.app.CarryOver(ctx, office, oct, []app.CarryChoice{{ItemID: c, DueDate: "2026-11-13"}}, false); !strings.Contains(errs.FieldsOf(err)["items.0"], "chờ đánh giá") {
			t.Fatalf("carrying C: %v", err)
		}
		n, err := f.app.CarryOver(ctx, office, oct, []app.CarryChoice{{ItemID: a, DueDate: "13/11/2026"}, {ItemID: b, DueDate: "2026-11-16"}, {ItemID: d, DueDate: "2026-11-27"}}, false)
		if err != nil || n != 3 {
			t.Fatalf("carry over: %d %v", n, err)
		}
		copyOf := map[int64]int64{}
		for _, id := range []int64{a, b, d} {
			copyOf[id] = f.item(id).CarriedTo
			if copyOf[id] == 0 {
				t.Fatalf("item %d has no copy", id)
			}
		}
		ca := f.item(copyOf[a])
		if ca.DueDate.String() != "2026-11-13" || ca.OriginalDueDate.String() != "2026-10-07" || ca.CarriedFrom != a || ca.Progress != 30 ||
			ca.Source != string(program.SourceCarriedOver) || ca.Year != 2026 || ca.Month != time.November {
			t.Fatalf("copy of A = %+v", ca.Item)
		}
		// November is issued with the three copies; until October ends the
		// work is still reported on the original.
		issue(nov, "2026-10-26")
		f.now = vn("2026-10-27 10:00")
		if err := f.app.ReportProgress(ctx, head, copyOf[a], app.ReportInput{Percent: 40}); errs.CodeOf(err) != "carry_not_started" {
			t.Fatalf("progress on the copy in October: %v", err)
		}
		if err := report("2026-10-27 10:00", a, 40); err != nil {
			t.Fatalf("progress on the original in October: %v", err)
		}
		// D is cancelled in October: its copy goes with it.
		f.now = vn("2026-10-28 09:00")
		amID, err := f.app.ProposeAmendment(ctx, office, oct, app.AmendmentInput{Kind: program.AmendCancel, ItemID: d, Reason: "Lồng ghép vào kế hoạch của thành phố"})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.app.DecideAmendment(ctx, vc, amID, true, ""); err != nil {
			t.Fatal(err)
		}
		// B is completed late on 29/10, before the close: it stays October's.
		if err := complete("2026-10-29 10:00", b); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[int64]string{b: "Không chuyển tiếp: nội dung đã báo cáo hoàn thành trong tháng 10/2026.",
			d: "Không chuyển tiếp: nội dung gốc tháng 10/2026 đã bị hủy."} {
			if cp := f.item(copyOf[id]); !cp.Cancelled || cp.CancelReason != want || cp.Status != program.StatusCancelled {
				t.Errorf("copy of %d: cancelled=%v %q %s", id, cp.Cancelled, cp.CancelReason, cp.Status)
			}
			if f.item(id).CarriedTo != 0 {
				t.Errorf("item %d still points to its void copy", id)
			}
		}
		f.now = vn("2026-10-31 23:00")
		if s := f.statusOf(a); s != program.StatusOverdue {
			t.Errorf("A at 23:00 on 31/10 = %s", s)
		}

		// 1 November: A is closed in October as carried over (late); its copy
		// counts against 13/11 and is not overdue.
		f.now = vn("2026-11-01 08:00")
		if it := f.item(a); it.Status != program.StatusCarriedOver || !it.CarriedLate {
			t.Errorf("A on 1/11 = %s late=%v", it.Status, it.CarriedLate)
		}
		if s := f.statusOf(copyOf[a]); s != program.StatusOnTime {
			t.Errorf("copy of A on 1/11 = %s, want on time (deadline 13/11)", s)
		}
		f.now = vn("2026-11-02 09:00")
		if err := f.app.ReportProgress(ctx, head, a, app.ReportInput{Percent: 50}); errs.CodeOf(err) != "carried_over" {
			t.Errorf("progress on the closed original: %v", err)
		}
		if err := f.app.Complete(ctx, head, a, app.ReportInput{Note: "Xong"}); errs.CodeOf(err) != "carried_over" {
			t.Errorf("completion on the closed original: %v", err)
		}
		if err := f.app.ReportProgress(ctx, head, copyOf[a], app.ReportInput{Percent: 60}); err != nil {
			t.Errorf("progress on the copy in November: %v", err)
		}

		// 3 November: B accepted (done late in October); C rejected: it
		// reopens in October, where it is counted, and November is issued so
		// it is not carried.
		f.now = vn("2026-11-03 10:00")
		if err := f.app.Evaluate(ctx, vc, b, 0, program.QualityAccepted, ""); err != nil {
			t.Fatal(err)
		}
		if err := f.app.Evaluate(ctx, vc, c, 0, program.QualityRejected, "Thiếu số liệu"); err != nil {
			t.Fatal(err)
		}
		if page, err := f.app.CarryOverCandidates(ctx, office, oct); err != nil || page.CanCarry || len(page.Candidates) != 1 || page.Candidates[0].Item.ID != c {
			t.Errorf("after November's issue: can=%v candidates=%d %v", page.CanCarry, len(page.Candidates), err)
		}
		if _, err := f.app.CarryOver(ctx, office, oct, []app.CarryChoice{{ItemID: c, DueDate: "2026-11-20"}}, false); !errs.Is(err, errs.Conflict) {
			t.Errorf("carry into an issued November: %v", err)
		}

		// Each item counts once: October has A (carried over, late), B (done
		// late) and C (overdue again); November has only A's copy, on time.
		count := func(m program.Month) map[program.Status][]string {
			page, err := f.app.Program(ctx, chair, m)
			if err != nil {
				t.Fatal(err)
			}
			out := map[program.Status][]string{}
			for _, it := range page.InProgramItems() {
				out[it.Status] = append(out[it.Status], it.Title[:1])
			}
			return out
		}
		octS, novS := count(oct), count(nov)
		if strings.Join(octS[program.StatusCarriedOver], "") != "A" || strings.Join(octS[program.StatusDoneLate], "") != "B" ||
			strings.Join(octS[program.StatusOverdue], "") != "C" || strings.Join(octS[program.StatusCancelled], "") != "D" {
			t.Errorf("October = %v", octS)
		}
		if strings.Join(novS[program.StatusOnTime], "") != "A" || len(novS[program.StatusOverdue]) != 0 || len(novS[program.StatusPendingAcceptance]) != 0 ||
			strings.Join(novS[program.StatusCancelled], "") != "BD" {
			t.Errorf("November = %v", novS)
		}

		// The November document shows the agreed deadline, the October one as
		// history in Ghi chú (review D8).
		doc, err := f.app.ProgramDocument(ctx, office, nov, app.DefaultVersion)
		if err != nil {
			t.Fatal(err)
		}
		var row string
		for _, sec := range doc.Sections {
			for _, r := range sec.Rows {
				if strings.HasPrefix(r.Content, "A:") {
					row = r.Due + " | " + r.Note
				}
			}
		}
		if row != "13/11/2026 | Chuyển từ tháng 10/2026, quá hạn từ 07/10/2026" {
			t.Errorf("November row of A = %q", row)
		}

		// A's copy missing 13/11 is November's lateness, a new one.
		f.now = vn("2026-11-16 09:00")
		if s := f.statusOf(copyOf[a]); s != program.StatusOverdue {
			t.Errorf("copy of A after 13/11 = %s", s)
		}
		if s := f.statusOf(a); s != program.StatusCarriedOver {
			t.Errorf("A stays carried over in October: %s", s)
		}
		// The history is in the audit log.
		var actions []string
		for _, e := range f.detail(a).Audit {
			actions = append(actions, e.Action)
		}
		if !strings.Contains(strings.Join(actions, ","), "carry_over") {
			t.Errorf("audit of A = %v", actions)
		}
		actions = nil
		for _, e := range f.detail(copyOf[b]).Audit {
			actions = append(actions, e.Action)
		}
		if got := strings.Join(actions, ","); got != "carry_void,carry_over" {
			t.Errorf("audit of B's copy = %s", got)
		}
	})
}

func (f *fixture) detail(id int64) app.ItemDetail {
	f.t.Helper()
	d, err := f.app.Item(context.Background(), f.actor("chutich"), id)
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}
