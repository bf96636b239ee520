package app_test

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// remediationTables are what a refused remediation step must leave as it
// was.
var remediationTables = []string{"remediations", "remediation_filings", "remediation_files", "extension_requests", "item_events",
	"doc_sequences", "audit_log", "notifications", "blobs"}

// remediationFixture is October 2026 of the economy department: A
// (deadline Friday 09/10) rejected on 06/10 and never redone, B (Friday
// 16/10) never done; the sweep of Monday 19/10 records both overdue, so
// the unit's October obligation lists A (rejected, overdue) and B
// (overdue), due Friday 23/10 (the 24th is a Saturday).
type remediationFixture struct {
	*fixture
	ctx  context.Context
	db   *store.DB
	a, b int64
	id   int64 // the obligation
}

func newRemediationFixture(t *testing.T, db *store.DB) *remediationFixture {
	ctx := context.Background()
	f := newFixture(t, db, vn("2026-09-14 09:00"))
	oct := program.Month{Year: 2026, Month: time.October}
	head := f.actor("truongphong.kt")
	reg := func(title, due string) int64 {
		t.Helper()
		id, err := f.app.RegisterItem(ctx, head, oct, program.ItemInput{Title: title, Kind: program.KindTask, Source: program.SourceAnnualPlan,
			LeadUnitID: f.units["KTHTDT"], DueDate: due, Product: "Báo cáo"})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	rf := &remediationFixture{fixture: f, ctx: ctx, db: db}
	rf.a = reg("Rà soát hồ sơ đất đai tồn đọng", "2026-10-09")
	rf.b = reg("Báo cáo tiến độ giải ngân vốn đầu tư công", "2026-10-16")
	f.now = vn("2026-09-28 09:00")
	for _, step := range []struct {
		who    string
		action program.Action
	}{{"vanphong", program.ActionSubmit}, {"chutich", program.ActionApprove}, {"vanphong", program.ActionIssue}} {
		if _, err := f.app.ProgramAction(ctx, f.actor(step.who), oct, step.action, "", 0); err != nil {
			t.Fatal(step.action, err)
		}
	}
	f.now = vn("2026-10-05 10:00")
	if err := f.app.Complete(ctx, head, rf.a, app.ReportInput{Note: "Đã gửi danh sách"}); err != nil {
		t.Fatal(err)
	}
	f.now = vn("2026-10-06 15:00")
	if err := f.app.Evaluate(ctx, f.actor("pct.kinhte"), rf.a, 0, program.QualityRejected, "Thiếu hồ sơ khu phố 3"); err != nil {
		t.Fatal(err)
	}
	f.now = vn("2026-10-19 10:00")
	if _, err := f.app.SweepOverdue(ctx, head.WardID, f.now); err != nil {
		t.Fatal(err)
	}
	list, err := f.app.Remediations(ctx, f.actor("vanphong"), oct)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range list.Rows {
		if row.Unit.Code == "KTHTDT" && row.R != nil {
			rf.id = row.R.ID
		}
	}
	if rf.id == 0 {
		t.Fatalf("no October obligation of KTHTDT: %+v", list.Rows)
	}
	return rf
}

func (rf *remediationFixture) detail(login string) app.RemediationDetail {
	rf.t.Helper()
	d, err := rf.app.Remediation(rf.ctx, rf.actor(login), rf.id)
	if err != nil {
		rf.t.Fatal(err)
	}
	return d
}

// report is a complete report: A's cause subjective with a new deadline,
// B's objective.
func (rf *remediationFixture) report(newDeadline string) remediation.Report {
	return remediation.Report{Responsibility: "Trưởng phòng chịu trách nhiệm trước Chủ tịch; đã kiểm điểm chuyên viên.",
		Entries: []remediation.EntryReport{
			{Key: remediation.ItemKey(rf.a), CauseKind: remediation.CauseSubjective, Cause: "Chậm tổng hợp hồ sơ khu phố 3.",
				Solutions: "Phân công thêm một chuyên viên.", NewDeadline: newDeadline, Result: "Đã rà soát 80% hồ sơ."},
			{Key: remediation.ItemKey(rf.b), CauseKind: remediation.CauseObjective, Cause: "Kho bạc chưa gửi số liệu.",
				Result: "Đã có số liệu, đang hoàn thiện báo cáo."},
		}}
}

// refused checks that a step was refused with a kind and a message, and
// that nothing was stored.
func (rf *remediationFixture) refused(what string, kind errs.Kind, field, msg string, step func() error) {
	rf.t.Helper()
	before := storetest.RowCounts(rf.t, rf.db, remediationTables...)
	version := rf.detail("vanphong").R.Version
	err := step()
	if errs.KindOf(err) != kind {
		rf.t.Fatalf("%s: %v (kind %s), want %s", what, err, errs.KindOf(err), kind)
	}
	got := errs.Message(err)
	if field != "" {
		got = errs.FieldsOf(err)[field]
	}
	if !strings.Contains(got, msg) {
		rf.t.Errorf("%s: message %q (fields %v), want %q", what, got, errs.FieldsOf(err), msg)
	}
	if after := storetest.RowCounts(rf.t, rf.db, remediationTables...); !maps.Equal(before, after) {
		rf.t.Errorf("%s changed the database: %v → %v", what, before, after)
	}
	if v := rf.detail("vanphong").R.Version; v != version {
		rf.t.Errorf("%s: version %d → %d", what, version, v)
	}
}

// The whole cycle of one report: staff draft, the head files (bad input
// refused with a message beside the field and nothing stored), the Office
// records receipt, the leader in charge returns it, the head files it again
// as a new document, and the leader accepts it, confirming an objective
// cause and agreeing the proposed new deadline.
func TestRemediationReportCycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		rf := newRemediationFixture(t, db)
		ctx := rf.ctx
		head, staff, office, pct, otherHead, otherPCT := rf.actor("truongphong.kt"), rf.actor("chuyenvien.kt"), rf.actor("vanphong"),
			rf.actor("pct.kinhte"), rf.actor("truongphong.vhxh"), rf.actor("pct.vanhoa")
		keyA, keyB := remediation.ItemKey(rf.a), remediation.ItemKey(rf.b)

		d := rf.detail("truongphong.kt")
		if d.R.State != "open" || d.R.DueDate.String() != "2026-10-23" || len(d.Entries) != 2 || d.Entries[0].Key != keyA ||
			len(d.Entries[0].Reasons) != 2 || d.Entries[0].Reasons[0].Reason != remediation.ReasonRejected || d.Entries[1].Key != keyB {
			t.Fatalf("obligation: %+v", d.Entries)
		}
		if !d.Actions.Draft || !d.Actions.File || d.Actions.Receive || d.Actions.Decide || d.LateNow {
			t.Errorf("the head's actions: %+v, late %v", d.Actions, d.LateNow)
		}
		if x := rf.detail("chuyenvien.kt").Actions; !x.Draft || x.File {
			t.Errorf("the staff's actions: %+v", x)
		}
		if d.Entries[0].Deadline.String() != "2026-10-09" || d.Entries[0].Status != program.StatusOverdue.Label() || d.Entries[0].Link == "" {
			t.Errorf("entry A: %+v", d.Entries[0])
		}

		// Staff save a draft (incomplete is fine).
		rf.now = vn("2026-10-20 09:00")
		draft := remediation.Report{Entries: []remediation.EntryReport{{Key: keyA, Cause: "Đang tổng hợp"}}}
		if err := rf.app.SaveRemediationReport(ctx, staff, rf.id, app.RemediationInput{Version: d.R.Version, Report: draft,
			Files: map[string][]app.Upload{keyA: {app.BytesUpload("danh-sach.pdf", []byte("%PDF-1.4\n% danh sách\n%%EOF\n"))}}}); err != nil {
			t.Fatal(err)
		}
		d = rf.detail("truongphong.kt")
		if d.R.State != "open" || d.Entries[0].Report.Cause != "Đang tổng hợp" || len(d.Entries[0].Files) != 1 || d.Current != nil {
			t.Fatalf("after the draft: state %s, entry %+v", d.R.State, d.Entries[0])
		}

		// Bad input: refused with a clear message, nothing stored.
		full := rf.report("2026-10-30")
		noCause := rf.report("2026-10-30")
		noCause.Entries[1].Cause = " "
		rf.refused("a report missing the cause of one item", errs.Invalid, "entries."+keyB+".cause",
			"«Báo cáo tiến độ giải ngân vốn đầu tư công»: chưa nêu nguyên nhân.", func() error {
				return rf.app.SaveRemediationReport(ctx, head, rf.id, app.RemediationInput{Version: d.R.Version, Report: noCause, File: true})
			})
		noResult := rf.report("2026-10-30")
		noResult.Entries[0].Result = ""
		rf.refused("a report missing the result of one item", errs.Invalid, "entries."+keyA+".result",
			"«Rà soát hồ sơ đất đai tồn đọng»: chưa nêu kết quả khắc phục", func() error {
				return rf.app.SaveRemediationReport(ctx, head, rf.id, app.RemediationInput{Version: d.R.Version, Report: noResult, File: true})
			})
		rf.refused("staff filing", errs.Forbidden, "", "không có quyền", func() error {
			return rf.app.SaveRemediationReport(ctx, staff, rf.id, app.RemediationInput{Version: d.R.Version, Report: full, File: true})
		})
		rf.refused("filing for another unit", errs.Forbidden, "", "của đơn vị khác", func() error {
			return rf.app.SaveRemediationReport(ctx, otherHead, rf.id, app.RemediationInput{Version: d.R.Version, Report: full, File: true})
		})
		rf.refused("a stale version", errs.Conflict, "", "tải lại trang", func() error {
			return rf.app.SaveRemediationReport(ctx, head, rf.id, app.RemediationInput{Version: d.R.Version - 1, Report: full, File: true})
		})
		rf.refused("a new deadline before the current one", errs.Invalid, "entries."+keyA+".new_deadline", "sau ngày hôm nay", func() error {
			return rf.app.SaveRemediationReport(ctx, head, rf.id, app.RemediationInput{Version: d.R.Version, Report: rf.report("2026-10-19"), File: true})
		})
		rf.refused("deciding before anything is filed", errs.Conflict, "", "chưa được nộp", func() error {
			return rf.app.DecideRemediation(ctx, pct, rf.id, app.RemediationDecisionInput{Version: d.R.Version, Decision: "accept"})
		})
		if _, err := rf.app.Remediations(ctx, office, program.Month{Year: 2026, Month: 13}); errs.FieldsOf(err)["month"] == "" {
			t.Errorf("an unknown month: %v", err)
		}

		// The head files on Tuesday 20/10: on time, number 01/BC-KTHTDT, A's
		// new deadline raised as an extension request, its deadline unchanged.
		if err := rf.app.SaveRemediationReport(ctx, head, rf.id, app.RemediationInput{Version: d.R.Version, Report: full, File: true}); err != nil {
			t.Fatal(err)
		}
		d = rf.detail("vanphong")
		if d.R.State != "filed" || d.R.Number != "10/BC-KTHTDT" || d.R.FiledOn != "2026-10-20" || d.R.Late || d.Current == nil ||
			d.Current.Number != "10/BC-KTHTDT" || d.Entries[0].Raised == 0 || d.Entries[0].Pending.NewDate.String() != "2026-10-30" ||
			d.Entries[0].Deadline.String() != "2026-10-09" || len(d.Entries[0].Files) != 1 {
			t.Fatalf("after filing: %+v %+v", d.R, d.Entries[0])
		}
		if !d.Actions.Receive || d.Actions.Draft {
			t.Errorf("the Office's actions: %+v", d.Actions)
		}
		if !hasNote(t, db, pct, "remediation_filed", "nộp báo cáo khắc phục tháng 10 năm 2026") ||
			!hasNote(t, db, office, "remediation_filed", "nộp báo cáo khắc phục") {
			t.Error("the Office and the leader in charge were not told of the filing")
		}
		rf.refused("filing twice", errs.Conflict, "", "đã nộp", func() error {
			return rf.app.SaveRemediationReport(ctx, head, rf.id, app.RemediationInput{Version: d.R.Version, Report: full, File: true})
		})
		rf.refused("deciding before the Office's receipt", errs.Conflict, "", "Văn phòng chưa ghi nhận", func() error {
			return rf.app.DecideRemediation(ctx, pct, rf.id, app.RemediationDecisionInput{Version: d.R.Version, Decision: "accept"})
		})
		if err := rf.app.ReceiveRemediation(ctx, office, rf.id, d.R.Version); err != nil {
			t.Fatal(err)
		}
		d = rf.detail("pct.kinhte")
		if d.R.ReceivedAt == nil || !d.Actions.Decide || !d.Entries[0].DecideDeadline {
			t.Fatalf("after receipt: %+v", d.Actions)
		}
		if x := rf.detail("pct.vanhoa").Actions; x.Decide {
			t.Error("a Vice Chairman of another portfolio may decide")
		}
		rf.refused("a Vice Chairman of another portfolio deciding", errs.Forbidden, "", "không có quyền", func() error {
			return rf.app.DecideRemediation(ctx, otherPCT, rf.id, app.RemediationDecisionInput{Version: d.R.Version, Decision: "accept"})
		})
		rf.refused("returning without comments", errs.Invalid, "comment", "Cần nêu ý kiến", func() error {
			return rf.app.DecideRemediation(ctx, pct, rf.id, app.RemediationDecisionInput{Version: d.R.Version, Decision: "return"})
		})
		rf.refused("confirming a cause the unit called subjective", errs.Invalid, "objective", "không nêu nguyên nhân khách quan", func() error {
			return rf.app.DecideRemediation(ctx, pct, rf.id, app.RemediationDecisionInput{Version: d.R.Version, Decision: "accept", Objective: []string{keyA}})
		})

		// Returned with comments: the proposed deadline is not agreed.
		rf.now = vn("2026-10-22 16:00")
		if err := rf.app.DecideRemediation(ctx, pct, rf.id, app.RemediationDecisionInput{Version: d.R.Version, Decision: "return",
			Comment: "Bổ sung kết quả rà soát khu phố 5."}); err != nil {
			t.Fatal(err)
		}
		d = rf.detail("truongphong.kt")
		if d.R.State != "returned" || d.R.DecisionComment != "Bổ sung kết quả rà soát khu phố 5." || d.Entries[0].Pending != nil ||
			!d.Actions.File || d.Report.Entries[0].Cause == "" {
			t.Fatalf("after the return: %+v %+v", d.R, d.Actions)
		}
		if exts := extensions(t, db, head, rf.a); len(exts) != 1 || exts[0].Decision != "rejected" || !strings.Contains(exts[0].Comment, "bị trả lại") {
			t.Errorf("A's extensions after the return: %+v", exts)
		}
		if !hasNote(t, db, head, "remediation_decided", "bị trả lại") {
			t.Error("the unit was not told of the return")
		}

		// Filed again on Monday 26/10, after the due date: a new document,
		// 02/BC-KTHTDT, still on time (the first filing was).
		rf.now = vn("2026-10-26 09:00")
		if err := rf.app.SaveRemediationReport(ctx, head, rf.id, app.RemediationInput{Version: d.R.Version, Report: rf.report("2026-10-30"), File: true}); err != nil {
			t.Fatal(err)
		}
		if err := rf.app.ReceiveRemediation(ctx, office, rf.id, rf.detail("vanphong").R.Version); err != nil {
			t.Fatal(err)
		}
		d = rf.detail("pct.kinhte")
		if d.R.Number != "11/BC-KTHTDT" || d.R.Late || len(d.Filings) != 2 || d.Filings[0].Decision != "returned" || d.R.DecisionComment != "" {
			t.Fatalf("after filing again: %+v, filings %+v", d.R, d.Filings)
		}
		rf.now = vn("2026-10-27 10:00")
		if err := rf.app.DecideRemediation(ctx, pct, rf.id, app.RemediationDecisionInput{Version: d.R.Version, Decision: "accept",
			Objective: []string{keyB}, ApproveDeadlines: []string{keyA}}); err != nil {
			t.Fatal(err)
		}
		d = rf.detail("truongphong.kt")
		if d.R.State != "accepted" || d.Entries[0].Deadline.String() != "2026-10-30" || d.Entries[0].OriginalDeadline.String() != "2026-10-09" {
			t.Fatalf("after acceptance: %+v %+v", d.R, d.Entries[0])
		}
		var itA, itB store.Item
		db.View(ctx, func(tx *store.Tx) error {
			itA, _ = tx.Item(ctx, head.WardID, rf.a)
			itB, _ = tx.Item(ctx, head.WardID, rf.b)
			return nil
		})
		if itA.ObjectiveExcused || !itB.ObjectiveExcused || itA.OverdueAt != nil {
			t.Errorf("A excused %v (overdue at %v), B excused %v", itA.ObjectiveExcused, itA.OverdueAt, itB.ObjectiveExcused)
		}
		rf.refused("deciding twice", errs.Conflict, "", "đã được chấp nhận", func() error {
			return rf.app.DecideRemediation(ctx, pct, rf.id, app.RemediationDecisionInput{Version: d.R.Version, Decision: "return", Comment: "x"})
		})
		rf.refused("a draft on an accepted report", errs.Conflict, "", "không sửa được nữa", func() error {
			return rf.app.SaveRemediationReport(ctx, staff, rf.id, app.RemediationInput{Version: d.R.Version, Report: full})
		})

		// The history tells the story; the document is the second filing.
		var story []string
		for _, h := range d.History {
			story = append(story, h.Who+": "+h.Text)
		}
		all := strings.Join(story, "\n")
		for _, want := range []string{"Mở báo cáo khắc phục tháng 10 năm 2026", "Chưa đạt yêu cầu về chất lượng", "Ngô Văn Khánh: Lưu dự thảo",
			"Bùi Quang Vinh: Nộp báo cáo khắc phục tháng 10 năm 2026, số 10/BC-KTHTDT.", "Phạm Thị Mai: Văn phòng ghi nhận đã nhận báo cáo số 10/BC-KTHTDT",
			"Trần Minh Tuấn: Trả lại báo cáo khắc phục số 10/BC-KTHTDT: Bổ sung", "Nộp lại báo cáo khắc phục tháng 10 năm 2026, số 11/BC-KTHTDT",
			"Trần Minh Tuấn: Chấp nhận báo cáo khắc phục số 11/BC-KTHTDT."} {
			if !strings.Contains(all, want) {
				t.Errorf("history lacks %q:\n%s", want, all)
			}
		}
		doc, err := rf.app.RemediationDocument(ctx, office, rf.id, 0)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Draft || doc.Header.Number != "11/BC-KTHTDT" || doc.Header.Day != 26 || len(doc.Entries) != 2 ||
			doc.Entries[0].NewDeadline != "30/10/2026" || doc.Entries[1].CauseKind != "khách quan" ||
			doc.Signature.Name != "Bùi Quang Vinh" || doc.Signature.Position != "Trưởng phòng" || doc.Header.IssuerName != "Phòng Kinh tế, Hạ tầng và Đô thị" {
			t.Errorf("document: %+v", doc)
		}
		first, err := rf.app.RemediationDocument(ctx, office, rf.id, 1)
		if err != nil || first.Header.Number != "10/BC-KTHTDT" || first.Header.Day != 20 {
			t.Errorf("the first filing's document: %+v %v", first.Header, err)
		}
		if _, err := rf.app.RemediationDocument(ctx, otherHead, rf.id, 0); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("another unit's document: %v", err)
		}
	})
}

// A report filed after its due date is late; one recorded missing and filed
// later is late too, and the Chairman, told it was missing, is told it came.
// An item with an extension already pending takes no second request.
func TestRemediationLateAndPending(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		rf := newRemediationFixture(t, db)
		ctx := rf.ctx
		head, chairman := rf.actor("truongphong.kt"), rf.actor("chutich")
		// Nothing filed by Friday 23/10: missing at its end.
		rf.now = vn("2026-10-24 08:00")
		if n, err := rf.app.SweepMissingReports(ctx, head.WardID, rf.now); err != nil || n != 1 {
			t.Fatalf("missing sweep: %d %v", n, err)
		}
		d := rf.detail("truongphong.kt")
		if d.R.State != "missing" || !d.LateNow || !d.Actions.File {
			t.Fatalf("missing: %s late %v %+v", d.R.State, d.LateNow, d.Actions)
		}
		// A pending extension on A (raised by hand in the database, as
		// another path would) refuses a second one, beside A's field.
		db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.CreateExtension(ctx, store.Extension{ItemID: rf.a, RequestedAt: rf.now, OldDate: d.Entries[0].Deadline,
				NewDate: d.Entries[0].Deadline.AddDays(20), Reason: "Chờ ý kiến cấp trên"}, head.UserID)
			return err
		})
		rf.refused("a second pending extension", errs.Invalid, "entries."+remediation.ItemKey(rf.a)+".new_deadline",
			"đã có đề nghị gia hạn đến 29/10/2026 đang chờ", func() error {
				return rf.app.SaveRemediationReport(ctx, head, rf.id, app.RemediationInput{Version: d.R.Version, Report: rf.report("2026-10-30"), File: true})
			})
		rf.now = vn("2026-10-26 09:00")
		if err := rf.app.SaveRemediationReport(ctx, head, rf.id, app.RemediationInput{Version: d.R.Version, Report: rf.report(""), File: true}); err != nil {
			t.Fatal(err)
		}
		d = rf.detail("chutich")
		if d.R.State != "filed" || !d.R.Late || d.R.MissingAt == nil || !d.Filings[0].Late {
			t.Fatalf("late filing: %+v", d.R)
		}
		if !hasNote(t, db, chairman, "remediation_filed", "nộp báo cáo khắc phục") {
			t.Error("the Chairman, told it was missing, was not told it came")
		}
		list, err := rf.app.Remediations(ctx, head, program.Month{Year: 2026, Month: time.October})
		if err != nil || list.All || len(list.Rows) != 1 || list.Rows[0].Unit.Code != "KTHTDT" || !list.Rows[0].R.Late || list.Rows[0].Entries != 2 ||
			len(list.Recent) != 1 {
			t.Errorf("the unit's list: %+v %v", list, err)
		}
		list, err = rf.app.Remediations(ctx, chairman, program.Month{Year: 2026, Month: time.October})
		if err != nil || !list.All || len(list.Rows) != 4 {
			t.Errorf("the Chairman's list: %d rows %v", len(list.Rows), err)
		}
		if _, err := rf.app.Remediations(ctx, rf.actor("congan"), program.Month{Year: 2026, Month: time.October}); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a partner's list: %v", err)
		}
	})
}

func hasNote(t *testing.T, db *store.DB, a auth.Actor, kind, title string) bool {
	t.Helper()
	rows, err := db.Raw().QueryContext(context.Background(), `SELECT title FROM notifications WHERE user_id = $1 AND kind = $2`, a.UserID, kind)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(s, title) {
			return true
		}
	}
	return false
}

func extensions(t *testing.T, db *store.DB, a auth.Actor, itemID int64) []store.Extension {
	t.Helper()
	var out []store.Extension
	if err := db.View(context.Background(), func(tx *store.Tx) error {
		var err error
		out, err = tx.Extensions(context.Background(), itemID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// The issued program closes with "Tổ chức thực hiện": the units report on
// what slipped before the 25th — for October 2026 by Friday 23/10, the
// 24th being a Saturday — and the Office follows up and reports.
func TestProgramStatesTheRemediationDuty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		rf := newRemediationFixture(t, db)
		doc, err := rf.app.ProgramDocument(rf.ctx, rf.actor("vanphong"), program.Month{Year: 2026, Month: time.October}, app.DefaultVersion)
		if err != nil {
			t.Fatal(err)
		}
		all := strings.Join(doc.Implementation, "\n")
		for _, want := range []string{"báo cáo kết quả khắc phục", "trước ngày 25/10/2026 (hạn cuối: Thứ Sáu, ngày 23/10/2026)",
			"Văn phòng HĐND và UBND theo dõi, đôn đốc", "báo cáo Chủ tịch Ủy ban nhân dân phường hằng tháng"} {
			if !strings.Contains(all, want) {
				t.Errorf("the program's closing part lacks %q:\n%s", want, all)
			}
		}
	})
}
