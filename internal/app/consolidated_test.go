package app_test

import (
	"bytes"
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

// The November report of the fixture: drafted by the sweep once, its part
// I computed from the record (the hand-worked numbers of
// TestScorecardFixture), parts II and III drafted, edited and submitted by
// the Office with the number 01/BC-VP, then the Chairman's directions
// registered as an item of December (issued: an amendment).
func TestConsolidatedReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newScoreFixture(t, db)
		ctx := context.Background()
		nov := program.Month{Year: 2026, Month: time.November}
		office, chair := f.actor("vanphong"), f.actor("chutich")
		// Before its draft day a month has no report; on 10/12 November's
		// (drafted on its last working day, 30/11) is made, December's not.
		if err := f.app.DraftConsolidatedReports(ctx, 1, f.now); err != nil {
			t.Fatal(err)
		}
		before := storetest.RowCounts(t, db, "consolidated_reports", "notifications", "audit_log")
		if err := f.app.DraftConsolidatedReports(ctx, 1, f.now); err != nil {
			t.Fatal(err)
		}
		if after := storetest.RowCounts(t, db, "consolidated_reports", "notifications", "audit_log"); after["consolidated_reports"] != 1 ||
			after["notifications"] != before["notifications"] || after["audit_log"] != before["audit_log"] {
			t.Fatalf("drafting twice: %v → %v", before, after)
		}
		page, err := f.app.ConsolidatedReport(ctx, office, nov)
		if err != nil {
			t.Fatal(err)
		}
		if page.Report.State != "draft" || !page.CanEdit || page.CanDirect || page.Number != "/BC-VP" || page.DraftDay.String() != "2026-11-30" {
			t.Fatalf("draft page: %+v", page.Report)
		}
		var kt *struct{ due, onTime, overdue int }
		for _, u := range page.Results.Units {
			if u.Code == "KTHTDT" {
				kt = &struct{ due, onTime, overdue int }{u.Due, u.OnTime, u.Overdue}
				if !u.Flagged || u.Head != "Bùi Quang Vinh" {
					t.Errorf("KTHTDT line: %+v", u)
				}
			}
			if u.Code == "CA" {
				t.Error("the ward Police are in the report")
			}
		}
		if kt == nil || kt.due != 9 || kt.onTime != 4 || kt.overdue != 2 {
			t.Errorf("KTHTDT in part I: %+v", kt)
		}
		if o := page.Results.Overdue; len(o) != 2 || o[0].ID != f.ids["F"] || o[1].Deadline != "19/11/2026" {
			t.Errorf("overdue items named: %+v", o)
		}
		for _, want := range []string{"Phòng Văn hóa - Xã hội chưa nộp báo cáo kết quả khắc phục đúng hạn"} {
			if !strings.Contains(page.Report.Shortcomings, want) {
				t.Errorf("part II lacks %q:\n%s", want, page.Report.Shortcomings)
			}
		}
		for _, want := range []string{"Nội dung F (KTHTDT", "Nội dung G (KTHTDT", "xem xét trách nhiệm", "Bùi Quang Vinh"} {
			if !strings.Contains(page.Report.Recommendations, want) {
				t.Errorf("part III lacks %q:\n%s", want, page.Report.Recommendations)
			}
		}
		// Bad input: a stale version, an empty part on submission, someone
		// else than the Office; nothing is saved.
		counts := storetest.RowCounts(t, db, "consolidated_reports", "audit_log", "doc_sequences")
		for _, bad := range []struct {
			who  string
			in   app.ConsolidatedInput
			want errs.Kind
		}{
			{"vanphong", app.ConsolidatedInput{Version: page.Report.Version + 1, Shortcomings: "a", Recommendations: "b"}, errs.Conflict},
			{"vanphong", app.ConsolidatedInput{Version: page.Report.Version, Shortcomings: " ", Recommendations: "b", Submit: true}, errs.Invalid},
			{"chutich", app.ConsolidatedInput{Version: page.Report.Version, Shortcomings: "a", Recommendations: "b"}, errs.Forbidden},
		} {
			if _, err := f.app.SaveConsolidatedReport(ctx, f.actor(bad.who), nov, bad.in); errs.KindOf(err) != bad.want {
				t.Errorf("%s %+v: %v, want %s", bad.who, bad.in, err, bad.want)
			}
		}
		if after := storetest.RowCounts(t, db, "consolidated_reports", "audit_log", "doc_sequences"); after["audit_log"] != counts["audit_log"] ||
			after["doc_sequences"] != counts["doc_sequences"] {
			t.Errorf("a refused edit stored something: %v → %v", counts, after)
		}
		r, err := f.app.SaveConsolidatedReport(ctx, office, nov, app.ConsolidatedInput{Version: page.Report.Version,
			Shortcomings:    page.Report.Shortcomings + "\nNguyên nhân chủ yếu do chậm phối hợp giữa các đơn vị.",
			Recommendations: page.Report.Recommendations, Submit: true})
		if err != nil {
			t.Fatal(err)
		}
		if r.State != "submitted" || r.Number != "19/BC-VP" || r.IssuedOn != "2026-12-10" {
			t.Errorf("submitted: %+v", r)
		}
		if _, err := f.app.SaveConsolidatedReport(ctx, office, nov, app.ConsolidatedInput{Version: r.Version, Shortcomings: "x", Recommendations: "y"}); !errs.Is(err, errs.Conflict) {
			t.Errorf("editing a submitted report: %v", err)
		}
		// The Chairman's directions, then one registered as a December item:
		// December is issued, so it is an addition for the Chairman to approve.
		page, _ = f.app.ConsolidatedReport(ctx, chair, nov)
		if !page.CanDirect || page.CanEdit {
			t.Errorf("chairman on a submitted report: direct %v edit %v", page.CanDirect, page.CanEdit)
		}
		if err := f.app.DirectConsolidatedReport(ctx, chair, nov, page.Report.Version, " "); !errs.Is(err, errs.Invalid) {
			t.Errorf("empty directions: %v", err)
		}
		if err := f.app.DirectConsolidatedReport(ctx, chair, nov, page.Report.Version,
			"Giao Phòng Kinh tế, Hạ tầng và Đô thị hoàn thành nội dung F trong tháng 12."); err != nil {
			t.Fatal(err)
		}
		id, amended, err := f.app.RegisterDirective(ctx, office, nov, program.ItemInput{Title: "Hoàn thành nội dung F theo chỉ đạo",
			Kind: program.KindTask, LeadUnitID: f.units["KTHTDT"], DueDate: "2026-12-18", Product: "Báo cáo kết quả"})
		if err != nil || !amended || id == 0 {
			t.Fatalf("register the direction: %d %v %v", id, amended, err)
		}
		if err := f.app.DecideAmendment(ctx, chair, id, true, ""); err != nil {
			t.Fatal(err)
		}
		page, err = f.app.ConsolidatedReport(ctx, office, nov)
		if err != nil || len(page.Directive) != 1 || page.Directive[0].SourceRef != "Ý kiến chỉ đạo của Chủ tịch UBND tại Báo cáo số 19/BC-VP" {
			t.Errorf("items from the directions: %v %+v", err, page.Directive)
		}
		// The document: numbered, dated, the parts and the annex.
		doc, err := f.app.ConsolidatedDocument(ctx, chair, nov)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := doc.DOCX(&buf); err != nil {
			t.Fatal(err)
		}
		if doc.Header.Number != "19/BC-VP" || doc.Header.Day != 10 || doc.Draft || doc.Annex == nil || len(doc.Annex.Rows) != 4 ||
			doc.Signature.Name != "Phạm Thị Mai" || !strings.Contains(doc.Intro, "Văn phòng HĐND và UBND báo cáo") {
			t.Errorf("document: %+v", doc)
		}
		// Partners and staff do not read it.
		for _, login := range []string{"congan", "chuyenvien.kt", "truongphong.kt"} {
			if _, err := f.app.ConsolidatedReport(ctx, f.actor(login), nov); !errs.Is(err, errs.Forbidden) {
				t.Errorf("%s reads the report: %v", login, err)
			}
		}
	})
}
