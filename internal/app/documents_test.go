package app_test

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/export"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// rowsOf lists a document's rows as "content | due | note".
func rowsOf(doc export.ProgramDoc) []string {
	var out []string
	for _, s := range doc.Sections {
		for _, r := range s.Rows {
			out = append(out, r.Content+" | "+r.Due+" | "+r.Note)
		}
	}
	return out
}

// An amendment is a document of its own (issue 10 §1, review D1): it
// draws its own number in the approving transaction and bears its own
// date, its preamble cites the original by number and date; the original
// keeps its number, date and content. With the ward setting, the next
// amendment is a decision (QĐ).
func TestAmendmentIsItsOwnDocument(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, vn("2026-12-18 09:00"))
		jan := program.Month{Year: 2027, Month: time.January}
		head, office, chair := f.actor("truongphong.kt"), f.actor("vanphong"), f.actor("chutich")
		for _, title := range []string{"Báo cáo thu ngân sách", "Kế hoạch chỉnh trang đô thị"} {
			if _, err := f.app.RegisterItem(ctx, head, jan, program.ItemInput{Title: title, Kind: program.KindReport, Source: program.SourceAnnualPlan,
				LeadUnitID: f.units["KTHTDT"], DueDate: "2027-01-20", Product: "Báo cáo"}); err != nil {
				t.Fatal(err)
			}
		}
		// The draft is marked and leaves the number and day blank, not the year.
		draft, err := f.app.ProgramDocument(ctx, office, jan, app.DefaultVersion)
		if err != nil {
			t.Fatal(err)
		}
		if !draft.Header.Draft || draft.Header.Number != "/CTr-UBND" || draft.Header.Year != 2026 || draft.Header.Day != 0 {
			t.Fatalf("draft header = %+v", draft.Header)
		}
		if _, err := f.app.ProgramDocument(ctx, office, jan, 1); !errs.Is(err, errs.NotFound) {
			t.Fatalf("amendment of a draft: %v", err)
		}
		f.app.ProgramAction(ctx, office, jan, program.ActionSubmit, "", 0)
		f.app.ProgramAction(ctx, chair, jan, program.ActionApprove, "", 0)
		if _, err := f.app.ProgramAction(ctx, office, jan, program.ActionIssue, "", 0); err != nil {
			t.Fatal(err)
		}
		orig, err := f.app.ProgramDocument(ctx, office, jan, app.DefaultVersion)
		if err != nil {
			t.Fatal(err)
		}
		origNo := orig.Header.Number
		if !regexp.MustCompile(`^\d{2}/CTr-UBND$`).MatchString(origNo) || orig.Header.Draft || orig.Header.Day != 18 || orig.Header.Month != 12 {
			t.Fatalf("issued header = %+v", orig.Header)
		}
		origRows := rowsOf(orig)

		// Four days later the Chairman approves an added item.
		f.now = vn("2026-12-22 10:00")
		amID, err := f.app.ProposeAmendment(ctx, office, jan, app.AmendmentInput{Kind: program.AmendAdd, Reason: "Triển khai chỉ đạo của thành phố",
			Item: program.ItemInput{Title: "Kiểm tra an toàn thực phẩm dịp Tết", Kind: program.KindInspection, Source: program.SourceAnnualPlan,
				LeadUnitID: f.units["KTHTDT"], DueDate: "2027-01-25", Product: "Biên bản"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.app.DecideAmendment(ctx, chair, amID, true, ""); err != nil {
			t.Fatal(err)
		}

		// The original is frozen: same number, date and rows.
		again, err := f.app.ProgramDocument(ctx, office, jan, 0)
		if err != nil {
			t.Fatal(err)
		}
		if again.Header.Number != origNo || again.Header.Day != 18 || strings.Join(rowsOf(again), "\n") != strings.Join(origRows, "\n") {
			t.Fatalf("original after amendment: %+v\n%v", again.Header, rowsOf(again))
		}
		// The amendment: its own number and date, citing the original.
		am, err := f.app.ProgramDocument(ctx, office, jan, 1)
		if err != nil {
			t.Fatal(err)
		}
		h := am.Header
		if h.Number == origNo || !regexp.MustCompile(`^\d{2}/CTr-UBND$`).MatchString(h.Number) || h.Day != 22 || h.Month != 12 || h.Year != 2026 || h.Draft {
			t.Fatalf("amendment header = %+v (original %s)", h, origNo)
		}
		cite := "Chương trình công tác số " + origNo + " ngày 18/12/2026"
		if am.Title != "CHƯƠNG TRÌNH" || am.Summary != "Điều chỉnh, bổ sung Chương trình công tác tháng 01 năm 2027 của Ủy ban nhân dân phường Hòa Bình" ||
			!strings.Contains(am.Intro, cite) || !strings.Contains(strings.Join(am.Implementation, " "), cite+" giữ nguyên") {
			t.Fatalf("amendment text: %q / %q / %q", am.Summary, am.Intro, am.Implementation)
		}
		if rows := rowsOf(am); len(rows) != 1 || rows[0] != "Kiểm tra an toàn thực phẩm dịp Tết | 25/01/2027 | Bổ sung" {
			t.Fatalf("amendment rows = %q", rows)
		}
		// The number is kept in the version's columns for the register.
		page, err := f.app.Program(ctx, office, jan)
		if err != nil {
			t.Fatal(err)
		}
		v := page.Versions[1]
		if v.DocType != "CTr" || v.DocSymbol != "CTr-UBND" || v.DocNumber != h.Number || v.DocIssuedOn != "2026-12-22" || v.DocSeq < 2 ||
			page.Versions[0].DocNumber != origNo || page.Versions[0].DocIssuedOn != "2026-12-18" {
			t.Fatalf("versions = %+v", page.Versions)
		}
		for name, write := range map[string]func(io.Writer) error{"docx": am.DOCX, "pdf": am.PDF, "xlsx": am.XLSX} {
			var buf bytes.Buffer
			if err := write(&buf); err != nil || buf.Len() < 1000 {
				t.Errorf("%s: %d bytes, %v", name, buf.Len(), err)
			}
		}

		// The ward issues amendments as decisions from now on.
		admin := f.actor("admin")
		o, err := f.app.LoadOrg(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		st := o.Ward.Settings
		st.AmendmentByDecision = true
		if err := f.app.UpdateWard(ctx, admin, app.WardInput{Version: o.Ward.Version, Name: o.Ward.Name, PlaceName: o.Ward.PlaceName,
			ParentName: o.Ward.ParentName, Settings: st}); err != nil {
			t.Fatal(err)
		}
		f.now = vn("2027-01-05 10:00")
		var itemID int64
		for _, it := range page.Items {
			if it.Title == "Báo cáo thu ngân sách" {
				itemID = it.ID
			}
		}
		amID, err = f.app.ProposeAmendment(ctx, office, jan, app.AmendmentInput{Kind: program.AmendCancel, ItemID: itemID, Reason: "Đã lồng ghép vào báo cáo quý"})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.app.DecideAmendment(ctx, chair, amID, true, ""); err != nil {
			t.Fatal(err)
		}
		qd, err := f.app.ProgramDocument(ctx, office, jan, 2)
		if err != nil {
			t.Fatal(err)
		}
		if qd.Header.Number != "01/QĐ-UBND" || qd.Header.Year != 2027 || qd.Title != "QUYẾT ĐỊNH" ||
			!strings.HasPrefix(qd.Summary, "Về việc điều chỉnh, bổ sung Chương trình công tác tháng 01 năm 2027") || !strings.Contains(qd.Intro, cite) {
			t.Fatalf("decision = %+v", qd)
		}
		if rows := rowsOf(qd); len(rows) != 1 || !strings.HasSuffix(rows[0], "| Hủy") {
			t.Fatalf("decision rows = %q", rows)
		}
		if _, err := f.app.ProgramDocument(ctx, office, jan, 3); !errs.Is(err, errs.NotFound) {
			t.Fatalf("version 3: %v", err)
		}
	})
}
