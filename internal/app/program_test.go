package app_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

type fixture struct {
	t     *testing.T
	app   *app.App
	now   time.Time
	units map[string]int64
}

// vn is a Vietnam wall-clock time.
func vn(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, time.FixedZone("ICT", 7*3600))
	if err != nil {
		panic(err)
	}
	return t
}

func newFixture(t *testing.T, db *store.DB, now time.Time) *fixture {
	a := app.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), t.TempDir())
	a.Password = auth.Params{Memory: 8 * 1024, Time: 1, Threads: 1}
	f := &fixture{t: t, app: a, now: now, units: map[string]int64{}}
	a.Now = func() time.Time { return f.now }
	if _, err := demo.Load(context.Background(), db, a.Password, now); err != nil {
		t.Fatal(err)
	}
	actor := f.actor("admin")
	o, err := a.LoadOrg(context.Background(), actor)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range o.Units {
		f.units[u.Code] = u.ID
	}
	return f
}

func (f *fixture) actor(login string) auth.Actor {
	f.t.Helper()
	var id int64
	f.app.DB.View(context.Background(), func(tx *store.Tx) error {
		u, _, err := tx.UserByLogin(context.Background(), login)
		id = u.ID
		return err
	})
	a, _, err := f.app.Actor(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	return a
}

func (f *fixture) item(id int64) app.ItemView {
	f.t.Helper()
	d, err := f.app.Item(context.Background(), f.actor("chutich"), id)
	if err != nil {
		f.t.Fatal(err)
	}
	return d.Item
}

func TestProgramCycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// 18/12/2026: registering for January 2027 is on time (window closes 20/12).
		f := newFixture(t, db, vn("2026-12-18 09:00"))
		jan := program.Month{Year: 2027, Month: time.January}
		head, staff, office, chairman, pct := f.actor("truongphong.kt"), f.actor("chuyenvien.kt"), f.actor("vanphong"), f.actor("chutich"), f.actor("pct.kinhte")
		in := program.ItemInput{Title: "Báo cáo kết quả thu ngân sách năm 2026", Kind: program.KindReport, Source: program.SourceAnnualPlan,
			LeadUnitID: f.units["KTHTDT"], CoordinatingUnitIDs: []int64{f.units["VP"]}, DueDate: "2027-01-15", Product: "Báo cáo"}
		id, err := f.app.RegisterItem(ctx, head, jan, in)
		if err != nil {
			t.Fatal(err)
		}
		it := f.item(id)
		if it.Registration != "registered" || it.Late || it.LeaderLogin != "pct.kinhte" || it.Status != program.StatusNotStarted {
			t.Fatalf("registered item = %+v", it)
		}
		// A second item depends on the first; a cycle back is refused, naming it.
		in2 := in
		in2.Title, in2.DueDate, in2.Predecessors = "Tờ trình dự toán bổ sung", "2027-01-25", []int64{id}
		id2, err := f.app.RegisterItem(ctx, staff, jan, in2)
		if err != nil {
			t.Fatal(err)
		}
		in.Predecessors = []int64{id2}
		err = f.app.UpdateItem(ctx, head, id, it.Version, in)
		if !errs.Is(err, errs.Invalid) || !strings.Contains(errs.FieldsOf(err)["predecessors"], "Vòng lặp phụ thuộc") {
			t.Fatalf("cycle: %v", err)
		}
		in.Predecessors = nil
		// Another unit's head cannot edit it; staff cannot approve.
		if err := f.app.UpdateItem(ctx, f.actor("truongphong.vhxh"), id, 0, in); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("other unit edit: %v", err)
		}
		if _, err := f.app.ProgramAction(ctx, staff, jan, program.ActionApprove, "", 0); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("staff approve: %v", err)
		}
		// A late registration (after 20/12) needs the leader in charge.
		f.now = vn("2026-12-22 09:00")
		in3 := in
		in3.Title, in3.DueDate = "Kiểm tra trật tự xây dựng tuyến phố chính", "2027-01-20"
		in3.Kind = program.KindInspection
		id3, err := f.app.RegisterItem(ctx, head, jan, in3)
		if err != nil {
			t.Fatal(err)
		}
		if it := f.item(id3); it.Registration != "late_pending" || !it.Late {
			t.Fatalf("late item = %+v", it)
		}
		if _, err := f.app.ProgramAction(ctx, office, jan, program.ActionSubmit, "", 0); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("submit with a late item pending: %v", err)
		}
		if err := f.app.RegistrationAction(ctx, f.actor("pct.vanhoa"), id3, program.RegAcceptLate, "", 0); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("another VC accepts: %v", err)
		}
		if err := f.app.RegistrationAction(ctx, pct, id3, program.RegAcceptLate, "", 0); err != nil {
			t.Fatal(err)
		}
		// Submit, approve (twice refused), issue with number 01/CTr-UBND.
		if _, err := f.app.ProgramAction(ctx, office, jan, program.ActionSubmit, "", 0); err != nil {
			t.Fatal(err)
		}
		if _, err := f.app.ProgramAction(ctx, office, jan, program.ActionApprove, "", 0); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("office approves its own draft: %v", err)
		}
		if _, err := f.app.ProgramAction(ctx, chairman, jan, program.ActionApprove, "", 0); err != nil {
			t.Fatal(err)
		}
		if _, err := f.app.ProgramAction(ctx, chairman, jan, program.ActionApprove, "", 0); !errors.Is(err, &errs.Error{Code: "already_approved"}) {
			t.Fatalf("approve twice: %v", err)
		}
		p, err := f.app.ProgramAction(ctx, office, jan, program.ActionIssue, "", 0)
		if err != nil || p.Number != "21/CTr-UBND" || p.IssuedOn != "2026-12-22" {
			t.Fatalf("issue: %+v %v", p, err)
		}
		// Frozen: no more direct edits.
		if err := f.app.UpdateItem(ctx, head, id, 0, in); !errs.Is(err, errs.Conflict) {
			t.Fatalf("edit after issue: %v", err)
		}
		// Execution: progress, bad percent, completion, rejection reopens, acceptance.
		f.now = vn("2027-01-08 10:00")
		if err := f.app.ReportProgress(ctx, head, id, app.ReportInput{Percent: 101}); errs.FieldsOf(err)["progress"] == "" {
			t.Fatalf("percent 101: %v", err)
		}
		if err := f.app.ReportProgress(ctx, f.actor("truongphong.vhxh"), id, app.ReportInput{Percent: 10}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("other unit reports: %v", err)
		}
		bad := app.BytesUpload("baocao.pdf", []byte("MZ\x90\x00 not a pdf"))
		if err := f.app.ReportProgress(ctx, staff, id, app.ReportInput{Percent: 50, Files: []app.Upload{bad}}); errs.FieldsOf(err)["files"] == "" {
			t.Fatalf("renamed exe: %v", err)
		}
		pdf := app.BytesUpload("du-thao.pdf", []byte("%PDF-1.4\n%…\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"))
		if err := f.app.ReportProgress(ctx, staff, id, app.ReportInput{Percent: 50, Note: "Đã tổng hợp số liệu", Files: []app.Upload{pdf}}); err != nil {
			t.Fatal(err)
		}
		if it := f.item(id); it.Status != program.StatusOnTime || it.Progress != 50 {
			t.Fatalf("after progress: %s %d", it.Status, it.Progress)
		}
		if err := f.app.Complete(ctx, staff, id, app.ReportInput{Note: "xong"}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("staff completes: %v", err)
		}
		if err := f.app.Complete(ctx, head, id, app.ReportInput{Note: "Đã gửi báo cáo"}); err != nil {
			t.Fatal(err)
		}
		if it := f.item(id); it.Status != program.StatusPendingAcceptance {
			t.Fatalf("after completion: %s", it.Status)
		}
		if err := f.app.Evaluate(ctx, pct, id, 0, program.QualityRejected, ""); errs.FieldsOf(err)["reason"] == "" {
			t.Fatalf("reject without reason: %v", err)
		}
		if err := f.app.Evaluate(ctx, pct, id, 0, program.QualityRejected, "Thiếu số liệu quý IV"); err != nil {
			t.Fatal(err)
		}
		if it := f.item(id); it.Status != program.StatusOnTime || it.Rejections != 1 {
			t.Fatalf("after rejection: %s rejections %d", it.Status, it.Rejections)
		}
		f.now = vn("2027-01-14 16:00")
		if err := f.app.Complete(ctx, head, id, app.ReportInput{Note: "Đã bổ sung số liệu"}); err != nil {
			t.Fatal(err)
		}
		f.now = vn("2027-01-18 09:00")
		if err := f.app.Evaluate(ctx, pct, id, 0, program.QualityAccepted, ""); err != nil {
			t.Fatal(err)
		}
		if it := f.item(id); it.Status != program.StatusDoneOnTime {
			t.Fatalf("accepted: %s", it.Status)
		}
		if err := f.app.Evaluate(ctx, pct, id, 0, program.QualityAccepted, ""); !errs.Is(err, errs.Conflict) {
			t.Fatalf("evaluate twice: %v", err)
		}
		// Extension: too late for item 3 (deadline 20/01, asked 19/01), then
		// item 2 (25/01, a Monday) asked on Wednesday 20/01 — 3 working days ahead.
		f.now = vn("2027-01-19 09:00")
		if err := f.app.RequestExtension(ctx, head, id3, "2027-01-29", "Chờ ý kiến các ngành", false); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("late extension: %v", err)
		}
		if err := f.app.RequestExtension(ctx, head, id2, "29/01/2027", "Chờ số liệu của Chi cục Thuế", false); err != nil {
			t.Fatal(err)
		}
		if err := f.app.DecideExtension(ctx, pct, id2, program.ExtensionApproved, ""); err != nil {
			t.Fatal(err)
		}
		if it := f.item(id2); it.Deadline.String() != "2027-01-29" || it.DueDate.String() != "2027-01-25" || it.OriginalDueDate.String() != "2027-01-25" {
			t.Fatalf("extended: deadline %s due %s original %s", it.Deadline, it.DueDate, it.OriginalDueDate)
		}
		// Item 3 passes its deadline: overdue; the critical path shows it late.
		f.now = vn("2027-01-21 09:00")
		if it := f.item(id3); it.Status != program.StatusOverdue {
			t.Fatalf("item 3: %s", it.Status)
		}
		// Amendment: cancel item 3, approved by the VC of its portfolio.
		amID, err := f.app.ProposeAmendment(ctx, office, jan, app.AmendmentInput{Kind: program.AmendCancel, ItemID: id3, Reason: "Đã lồng ghép vào đợt kiểm tra của thành phố"})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.app.DecideAmendment(ctx, f.actor("pct.vanhoa"), amID, true, ""); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("another VC decides: %v", err)
		}
		if err := f.app.DecideAmendment(ctx, pct, amID, true, ""); err != nil {
			t.Fatal(err)
		}
		page, err := f.app.Program(ctx, office, jan)
		if err != nil {
			t.Fatal(err)
		}
		if page.Program.AmendmentNo != 1 || len(page.Versions) != 2 || page.Versions[1].Label != "Điều chỉnh lần 1" {
			t.Fatalf("versions: %+v", page.Versions)
		}
		if it := f.item(id3); it.Status != program.StatusCancelled {
			t.Fatalf("cancelled: %s", it.Status)
		}
		// Carry-over: only item 2 (not done, not cancelled) is a candidate;
		// it moves to February with the agreed 12/02, its extended deadline
		// 29/01 kept as the old one.
		cands, err := f.app.CarryOverCandidates(ctx, office, jan)
		if err != nil || len(cands.Candidates) != 1 || cands.Candidates[0].Item.ID != id2 || !cands.CanCarry {
			t.Fatalf("candidates: %+v %v", cands.Candidates, err)
		}
		n, err := f.app.CarryOver(ctx, office, jan, []app.CarryChoice{{ItemID: id2, DueDate: "12/02/2027"}}, false)
		if err != nil || n != 1 {
			t.Fatalf("carry over: %d %v", n, err)
		}
		if _, err := f.app.CarryOver(ctx, office, jan, []app.CarryChoice{{ItemID: id2, DueDate: "12/02/2027"}}, false); !errs.Is(err, errs.Invalid) ||
			!strings.Contains(errs.FieldsOf(err)["items.0"], "đã được chuyển sang tháng sau") {
			t.Fatalf("carry twice: %v", err)
		}
		feb, _ := f.app.Program(ctx, office, jan.Next())
		if len(feb.Items) != 1 || feb.Items[0].Source != "carried_over" || feb.Items[0].OriginalDueDate.String() != "2027-01-29" ||
			feb.Items[0].DueDate.String() != "2027-02-12" || feb.Items[0].CarriedFrom != id2 {
			t.Fatalf("february: %+v", feb.Items)
		}
		// Everything above is in the audit log.
		d, _ := f.app.Item(ctx, chairman, id)
		var actions []string
		for _, e := range d.Audit {
			actions = append(actions, e.Action)
		}
		if got := strings.Join(actions, ","); got != "evaluation,completion,evaluation,completion,progress,register" {
			t.Fatalf("audit of item 1 = %s", got)
		}
	})
}

// TestProgramDocument lays out an issued, amended program for export: the
// number, the amendment count, sections, original deadlines of extended
// items, and the three formats open.
func TestProgramDocument(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, vn("2026-12-18 09:00"))
		jan := program.Month{Year: 2027, Month: time.January}
		head, office := f.actor("truongphong.kt"), f.actor("vanphong")
		for i, title := range []string{"Báo cáo thu ngân sách", "Kiểm tra trật tự xây dựng"} {
			kind := program.KindReport
			if i == 1 {
				kind = program.KindInspection
			}
			if _, err := f.app.RegisterItem(ctx, head, jan, program.ItemInput{Title: title, Kind: kind, Source: program.SourceAnnualPlan,
				LeadUnitID: f.units["KTHTDT"], CoordinatingUnitIDs: []int64{f.units["CA"]}, DueDate: "2027-01-20", Product: "Báo cáo & biên bản <kèm theo>"}); err != nil {
				t.Fatal(err)
			}
		}
		f.app.ProgramAction(ctx, office, jan, program.ActionSubmit, "", 0)
		f.app.ProgramAction(ctx, f.actor("chutich"), jan, program.ActionApprove, "", 0)
		if _, err := f.app.ProgramAction(ctx, office, jan, program.ActionIssue, "", 0); err != nil {
			t.Fatal(err)
		}
		doc, err := f.app.ProgramDocument(ctx, office, jan, app.DefaultVersion)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Header.Number != "21/CTr-UBND" || doc.Header.Day != 18 || doc.Header.Month != 12 || doc.Signature.Name != "Nguyễn Văn Hùng" ||
			doc.Summary != "Công tác tháng 01 năm 2027 của Ủy ban nhân dân phường Hòa Bình" {
			t.Fatalf("doc = %+v", doc)
		}
		if len(doc.Sections) != 2 || doc.Sections[0].Roman != "II" || doc.Sections[1].Roman != "III" ||
			doc.Sections[0].Rows[0].Lead != "Phòng Kinh tế, Hạ tầng và Đô thị" || doc.Sections[0].Rows[0].Coordinating != "Công an phường" ||
			doc.Sections[0].Rows[0].Leader != "PCT Trần Minh Tuấn" || doc.Sections[0].Rows[0].Due != "20/01/2027" {
			t.Fatalf("sections = %+v", doc.Sections)
		}
		var buf bytes.Buffer
		for name, write := range map[string]func(io.Writer) error{"docx": doc.DOCX, "pdf": doc.PDF, "xlsx": doc.XLSX} {
			buf.Reset()
			if err := write(&buf); err != nil || buf.Len() < 1000 {
				t.Errorf("%s: %d bytes, %v", name, buf.Len(), err)
			}
		}
	})
}

// A unit head who forgets the lead unit is told which field, not refused.
func TestRegisterWithoutLeadUnit(t *testing.T) {
	db := storetest.OpenSQLite(t)
	f := newFixture(t, db, vn("2026-12-18 09:00"))
	_, err := f.app.RegisterItem(context.Background(), f.actor("truongphong.kt"), program.Month{Year: 2027, Month: time.January},
		program.ItemInput{Title: "Báo cáo", Kind: program.KindReport, Source: program.SourceAnnualPlan, DueDate: "2027-01-15", Product: "Báo cáo"})
	if errs.FieldsOf(err)["lead_unit"] == "" {
		t.Fatalf("err = %v, want a lead_unit field message", err)
	}
}

// TestItemSummaryIsTheItemPagesItem: the answer to an API write comes from
// ItemSummary, which does not load the month; it must say exactly what the
// item page says, and hide from a partner what the page hides.
func TestItemSummaryIsTheItemPagesItem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, vn("2026-12-18 09:00"))
		jan := program.Month{Year: 2027, Month: time.January}
		head := f.actor("truongphong.kt")
		first, err := f.app.RegisterItem(ctx, head, jan, program.ItemInput{Title: "Báo cáo thu ngân sách", Kind: program.KindReport,
			Source: program.SourceAnnualPlan, LeadUnitID: f.units["KTHTDT"], CoordinatingUnitIDs: []int64{f.units["VP"]}, DueDate: "2027-01-15", Product: "Báo cáo"})
		if err != nil {
			t.Fatal(err)
		}
		second, err := f.app.RegisterItem(ctx, head, jan, program.ItemInput{Title: "Tờ trình dự toán bổ sung", Kind: program.KindReport,
			Source: program.SourceAnnualPlan, LeadUnitID: f.units["KTHTDT"], DueDate: "2027-01-25", Product: "Tờ trình", Predecessors: []int64{first}})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{first, second} {
			d, err := f.app.Item(ctx, head, id)
			if err != nil {
				t.Fatal(err)
			}
			v, err := f.app.ItemSummary(ctx, head, id)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(v, d.Item) {
				t.Errorf("item %d: summary\n%+v\npage\n%+v", id, v, d.Item)
			}
		}
		// January's program is not issued: a partner sees neither.
		if _, err := f.app.ItemSummary(ctx, f.actor("congan"), second); !errs.Is(err, errs.NotFound) {
			t.Errorf("a partner reads an unissued item: %v", err)
		}
	})
}

// TestUnitItemsFromAMonth: "Việc của phòng" (the search with the unit and
// its coordinated items, from a month on) lists exactly the items the unit
// leads or coordinates in the programs from that month, page after page,
// whatever the months before.
func TestUnitItemsFromAMonth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, vn("2026-12-18 09:00"))
		if _, err := demo.GenerateHistory(ctx, db, 1, demo.History{Last: program.Month{Year: 2026, Month: time.November}, Months: 4, PerMonth: 40, Seed: 3}); err != nil {
			t.Fatal(err)
		}
		// One item the economy department only coordinates, in January.
		jan := program.Month{Year: 2027, Month: time.January}
		coord, err := f.app.RegisterItem(ctx, f.actor("vanphong"), jan, program.ItemInput{Title: "Rà soát hồ sơ đất đai", Kind: program.KindReport,
			Source: program.SourceAnnualPlan, LeadUnitID: f.units["VP"], CoordinatingUnitIDs: []int64{f.units["KTHTDT"]}, DueDate: "2027-01-15", Product: "Báo cáo"})
		if err != nil {
			t.Fatal(err)
		}
		unit := f.units["KTHTDT"]
		from := program.Month{Year: 2026, Month: time.October}
		var got []store.SearchRow
		p := app.SearchParams{Unit: "KTHTDT", Coordinating: "true", MonthFrom: from.String(), Limit: "7"}
		for {
			res, err := f.app.SearchItems(ctx, f.actor("vanphong"), p, false)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, res.Rows...)
			if res.Next == "" {
				break
			}
			p.Cursor = res.Next
		}
		// Worked out the long way: every program's items, filtered here.
		want := map[int64]bool{}
		for m := (program.Month{Year: 2026, Month: time.July}); !jan.Before(m); m = m.Next() {
			page, err := f.app.Program(ctx, f.actor("vanphong"), m)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range page.Items {
				if m.Before(from) {
					continue
				}
				if it.LeadUnitID == unit || slices.Contains(it.CoordinatingUnitIDs, unit) {
					want[it.ID] = true
				}
			}
		}
		seen := map[int64]bool{}
		for _, it := range got {
			seen[it.ID] = true
			if !want[it.ID] {
				t.Errorf("item %d (%d) is not the unit's from %s", it.ID, it.YM, from.Short())
			}
		}
		if len(got) != len(seen) {
			t.Errorf("%d rows over the pages for %d items: a row repeated", len(got), len(seen))
		}
		if len(seen) != len(want) || !seen[coord] || len(want) < 10 {
			t.Errorf("%d items listed, %d expected (coordinated one listed: %v)", len(seen), len(want), seen[coord])
		}
	})
}
