package app_test

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/document"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// incomingTables are what a refused incoming step must leave as it was.
var incomingTables = []string{"incoming_documents", "incoming_coordinating_units", "incoming_items", "incoming_history",
	"program_items", "programs", "amendments", "doc_sequences", "audit_log", "notifications", "blobs"}

// minimalPDF is enough of a PDF for the upload check (its magic number).
var minimalPDF = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

func entry(arrived string) document.IncomingEntry {
	d, _ := calendar.ParseDate(arrived)
	return document.IncomingEntry{ArrivedOn: d, Issuer: "UBND Thành phố", NumberSymbol: "125/UBND-KT", DocDate: d.AddDays(-2),
		Subject: "Về việc triển khai kế hoạch chỉnh trang đô thị năm 2027", Notes: "Đề nghị các phường báo cáo kết quả", Urgency: document.IncomingUrgent}
}

func (f *fixture) register(ctx context.Context, e document.IncomingEntry, file *app.Upload) store.Incoming {
	f.t.Helper()
	d, err := f.app.RegisterIncoming(ctx, f.actor("vanphong"), app.IncomingInput{Entry: e, File: file})
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

// Arrival numbers run per year from 1; a document that arrived on 31/12
// and is registered on 2/1 continues last year's book; a refused entry
// takes no number.
func TestIncomingArrivalNumbers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, vn("2026-12-30 09:00"))
		pdf := app.BytesUpload("cv125.pdf", minimalPDF)
		a := f.register(ctx, entry("2026-12-30"), &pdf)
		if _, err := f.app.RegisterIncoming(ctx, f.actor("vanphong"), app.IncomingInput{Entry: document.IncomingEntry{ArrivedOn: a.ArrivedOn}}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("empty entry: %v", err)
		}
		f.now = vn("2027-01-02 09:00")
		b := f.register(ctx, entry("2027-01-02"), nil)
		c := f.register(ctx, entry("2026-12-31"), nil)
		got := []string{}
		for _, d := range []store.Incoming{a, b, c} {
			got = append(got, strings.Join([]string{itoa(int64(d.Year)), itoa(int64(d.ArrivalNo))}, "/"))
		}
		if strings.Join(got, " ") != "2026/1 2027/1 2026/2" {
			t.Fatalf("arrival numbers %v", got)
		}
		if a.FileSHA256 == "" || a.FileName != "cv125.pdf" {
			t.Fatalf("file not kept: %+v", a)
		}
		_, r, err := f.app.IncomingFile(ctx, f.actor("chutich"), a.ID)
		if err != nil || r.Size() != int64(len(minimalPDF)) {
			t.Fatalf("file: %v", err)
		}
	})
}

// A file that is not the PDF it claims to be is refused beside the field,
// with nothing stored; so is a real file of another kind.
func TestIncomingRefusesNonPDF(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenSQLite(t)
	f := newFixture(t, db, vn("2026-11-30 09:00"))
	before := storetest.RowCounts(t, db, incomingTables...)
	for _, up := range []app.Upload{
		app.BytesUpload("congvan.pdf", []byte("MZ\x90\x00 not a pdf")),
		app.BytesUpload("anh.png", []byte("\x89PNG\r\n\x1a\n0000")),
		app.BytesUpload("trong.pdf", nil),
	} {
		_, err := f.app.RegisterIncoming(ctx, f.actor("vanphong"), app.IncomingInput{Entry: entry("2026-11-30"), File: &up})
		if msg := errs.FieldsOf(err)["file"]; msg == "" {
			t.Errorf("%s: %v", up.Name, err)
		}
	}
	if after := storetest.RowCounts(t, db, incomingTables...); !maps.Equal(before, after) {
		t.Fatalf("refused uploads changed the database: %v → %v", before, after)
	}
}

// The journey of issue 10 §4: register, route to the Chairman, who
// assigns the economy department with a coordinating unit and a deadline
// next month: one item in next month's program, sourced "directive",
// linked back, the units told; refusals change nothing.
func TestIncomingAssignCreatesItem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, vn("2026-11-30 09:00"))
		d := f.register(ctx, entry("2026-11-30"), nil)
		clerk, chair, vc, head := f.actor("vanphong"), f.actor("chutich"), f.actor("pct.kinhte"), f.actor("truongphong.kt")

		if _, err := f.app.RegisterIncoming(ctx, head, app.IncomingInput{Entry: entry("2026-11-30")}); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("a department registers: %v", err)
		}
		if _, err := f.app.Incoming(ctx, head, d.ID); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("a department sees an unassigned document: %v", err)
		}
		if err := f.app.RouteIncoming(ctx, clerk, d.ID, app.IncomingRouteInput{Version: d.Version}); errs.FieldsOf(err)["leader"] == "" {
			t.Fatalf("route without a leader: %v", err)
		}
		if err := f.app.RouteIncoming(ctx, clerk, d.ID, app.IncomingRouteInput{Version: d.Version, LeaderID: chair.LeaderID, Note: "Kính trình Chủ tịch"}); err != nil {
			t.Fatal(err)
		}
		if err := f.app.RouteIncoming(ctx, clerk, d.ID, app.IncomingRouteInput{Version: d.Version, LeaderID: vc.LeaderID}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("stale route: %v", err)
		}
		inbox, err := f.app.InboxPage(ctx, chair, store.InboxFilter{})
		if err != nil || len(inbox.Items) == 0 || !strings.Contains(inbox.Items[0].Title, "Văn bản đến") {
			t.Fatalf("the Chairman is not told: %+v %v", inbox.Items, err)
		}
		det, err := f.app.Incoming(ctx, chair, d.ID)
		if err != nil || !det.Decide || det.Route || det.D.State != "routed" {
			t.Fatalf("chairman's page: %+v %v", det, err)
		}
		if dv, _ := f.app.Incoming(ctx, vc, d.ID); dv.Decide {
			t.Fatal("a Vice Chairman may decide what went to the Chairman")
		}
		dec := app.IncomingDecisionInput{Version: det.D.Version, Action: document.IncomingAssign, IncomingAssignment: document.IncomingAssignment{
			LeadUnitID: f.units["KTHTDT"], CoordinatingUnitIDs: []int64{f.units["VHXH"]}, Deadline: calendar.NewDate(2026, 12, 13),
			Comment: "Phòng Kinh tế chủ trì, báo cáo trước ngày 15/12"}}
		before := storetest.RowCounts(t, db, incomingTables...)
		// 13/12/2026 is a Sunday: the day-off warning offers Friday 11/12.
		if _, err := f.app.DecideIncoming(ctx, chair, d.ID, dec); errs.CodeOf(err) != program.RuleDueDateDayOff || errs.SuggestOf(err)["deadline"] != "2026-12-11" {
			t.Fatalf("day off: %v %v", err, errs.SuggestOf(err))
		}
		if _, err := f.app.DecideIncoming(ctx, vc, d.ID, dec); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("a Vice Chairman decides: %v", err)
		}
		bad := dec
		bad.Deadline = calendar.NewDate(2027, 1, 5)
		if _, err := f.app.DecideIncoming(ctx, chair, d.ID, bad); errs.FieldsOf(err)["deadline"] == "" {
			t.Fatalf("deadline in two months: %v", err)
		}
		if after := storetest.RowCounts(t, db, incomingTables...); !maps.Equal(before, after) {
			t.Fatalf("refused directions changed the database: %v → %v", before, after)
		}
		dec.Deadline = calendar.NewDate(2026, 12, 11)
		itemID, err := f.app.DecideIncoming(ctx, chair, d.ID, dec)
		if err != nil {
			t.Fatal(err)
		}
		it := f.item(itemID)
		if it.Year != 2026 || it.Month != time.December || it.Source != "directive" || it.LeadUnitID != f.units["KTHTDT"] ||
			!strings.Contains(it.SourceRef, "125/UBND-KT") || it.LeaderID != chair.LeaderID || it.DueDate != dec.Deadline ||
			len(it.CoordinatingUnitIDs) != 1 || it.Title != d.Subject {
			t.Fatalf("item: %+v", it.Item)
		}
		src, ok, err := f.app.IncomingOfItem(ctx, head, itemID)
		if err != nil || !ok || src.ID != d.ID {
			t.Fatalf("item not linked back: %v %v", ok, err)
		}
		det, err = f.app.Incoming(ctx, head, d.ID)
		if err != nil || len(det.Items) != 1 || det.D.State != "assigned" || len(det.History) != 3 || det.Decide || det.Route {
			t.Fatalf("head's page: %+v %v", det, err)
		}
		if _, err := f.app.DecideIncoming(ctx, chair, d.ID, app.IncomingDecisionInput{Version: det.D.Version, Action: document.IncomingAssign,
			IncomingAssignment: dec.IncomingAssignment}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("assigned twice: %v", err)
		}
		inbox, _ = f.app.InboxPage(ctx, head, store.InboxFilter{})
		if len(inbox.Items) == 0 || !strings.Contains(inbox.Items[0].Title, "giao đơn vị") {
			t.Fatalf("the head is not told: %+v", inbox.Items)
		}
		// The head's register shows it; another department's does not.
		reg, err := f.app.IncomingRegister(ctx, head, store.IncomingFilter{Year: 2026})
		if err != nil || reg.All || len(reg.Rows) != 1 {
			t.Fatalf("head's register: %+v %v", reg, err)
		}
		reg, err = f.app.IncomingRegister(ctx, f.actor("giamdoc.ttpvhcc"), store.IncomingFilter{Year: 2026})
		if err != nil || len(reg.Rows) != 0 {
			t.Fatalf("another unit's register: %+v %v", reg, err)
		}
		// Diacritic-insensitive search on the trích yếu and the body.
		for q, n := range map[string]int{"chinh trang do thi": 1, "BÁO CÁO kết quả": 1, "đ": 1, "hộ nghèo": 0, "100%": 0} {
			reg, err := f.app.IncomingRegister(ctx, clerk, store.IncomingFilter{Year: 2026, Q: q})
			if err != nil || len(reg.Rows) != n {
				t.Errorf("q=%q: %d rows, %v", q, len(reg.Rows), err)
			}
		}
	})
}

// When the deadline's month already has an issued program, the item
// enters it as an approved addition with a new amendment, as a conclusion
// notice's instruction does; "for information" creates nothing.
func TestIncomingIntoIssuedProgram(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenSQLite(t)
	f := newFixture(t, db, vn("2026-10-12 09:00"))
	nov := program.Month{Year: 2026, Month: time.November}
	if _, err := f.app.RegisterItem(ctx, f.actor("truongphong.kt"), nov, program.ItemInput{Title: "Báo cáo thu ngân sách", Kind: program.KindReport,
		Source: program.SourceAnnualPlan, LeadUnitID: f.units["KTHTDT"], DueDate: "2026-11-16", Product: "Báo cáo"}); err != nil {
		t.Fatal(err)
	}
	f.now = vn("2026-10-26 09:00")
	for _, step := range []struct {
		who    string
		action program.Action
	}{{"vanphong", program.ActionSubmit}, {"chutich", program.ActionApprove}, {"vanphong", program.ActionIssue}} {
		if _, err := f.app.ProgramAction(ctx, f.actor(step.who), nov, step.action, "", 0); err != nil {
			t.Fatal(step.action, err)
		}
	}
	f.now = vn("2026-11-10 09:00")
	clerk, vc := f.actor("vanphong"), f.actor("pct.kinhte")
	d := f.register(ctx, entry("2026-11-10"), nil)
	if err := f.app.RouteIncoming(ctx, clerk, d.ID, app.IncomingRouteInput{Version: d.Version, LeaderID: vc.LeaderID}); err != nil {
		t.Fatal(err)
	}
	itemID, err := f.app.DecideIncoming(ctx, vc, d.ID, app.IncomingDecisionInput{Version: d.Version + 1, Action: document.IncomingAssign,
		IncomingAssignment: document.IncomingAssignment{LeadUnitID: f.units["KTHTDT"], Deadline: calendar.NewDate(2026, 11, 20), Title: "Báo cáo chỉnh trang đô thị"}})
	if err != nil {
		t.Fatal(err)
	}
	it := f.item(itemID)
	if it.Month != time.November || !it.AddedByAmendment || it.LeaderID != vc.LeaderID {
		t.Fatalf("item: %+v", it.Item)
	}
	var p store.Program
	db.View(ctx, func(tx *store.Tx) error {
		var err error
		p, err = tx.Program(ctx, vc.WardID, 2026, time.November)
		return err
	})
	if p.AmendmentNo != 1 {
		t.Fatalf("amendment no = %d", p.AmendmentNo)
	}

	e := f.register(ctx, entry("2026-11-10"), nil)
	f.app.RouteIncoming(ctx, clerk, e.ID, app.IncomingRouteInput{Version: e.Version, LeaderID: vc.LeaderID})
	before := storetest.RowCounts(t, db, "program_items")
	if _, err := f.app.DecideIncoming(ctx, vc, e.ID, app.IncomingDecisionInput{Version: e.Version + 1, Action: document.IncomingFile,
		IncomingAssignment: document.IncomingAssignment{Comment: "Để biết"}}); err != nil {
		t.Fatal(err)
	}
	if after := storetest.RowCounts(t, db, "program_items"); !maps.Equal(before, after) {
		t.Fatal("filing created an item")
	}
	det, _ := f.app.Incoming(ctx, clerk, e.ID)
	if det.D.State != "filed" || det.Route {
		t.Fatalf("filed: %+v", det.D)
	}
}

// The deadline's day-off warning across the year's end, Tết and a leap
// year: the working day offered, and a working day accepted.
func TestIncomingDeadlineDayOff(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenSQLite(t)
	f := newFixture(t, db, vn("2026-12-30 09:00"))
	cases := []struct {
		now, deadline, suggest string // suggest "" = accepted
	}{
		{"2026-12-30 09:00", "2027-01-01", "2026-12-31"}, // New Year's Day: the working day before, last year
		{"2026-12-30 09:00", "2027-01-04", ""},
		{"2028-02-28 09:00", "2028-02-29", ""},           // a leap day that is a Tuesday
		{"2028-02-28 09:00", "2028-03-04", "2028-03-03"}, // a Saturday
		{"2028-02-01 09:00", "2028-02-29", ""},
	}
	for _, c := range cases {
		f.now = vn(c.now)
		today := calendar.DateOf(f.now).String()
		d := f.register(ctx, entry(today), nil)
		chair := f.actor("chutich")
		if err := f.app.RouteIncoming(ctx, f.actor("vanphong"), d.ID, app.IncomingRouteInput{Version: d.Version, LeaderID: chair.LeaderID}); err != nil {
			t.Fatal(err)
		}
		due, _ := calendar.ParseDate(c.deadline)
		_, err := f.app.DecideIncoming(ctx, chair, d.ID, app.IncomingDecisionInput{Version: d.Version + 1, Action: document.IncomingAssign,
			IncomingAssignment: document.IncomingAssignment{LeadUnitID: f.units["VHXH"], Deadline: due}})
		switch {
		case c.suggest == "" && err != nil:
			t.Errorf("%s → %s: %v", c.now, c.deadline, err)
		case c.suggest != "" && errs.SuggestOf(err)["deadline"] != c.suggest:
			t.Errorf("%s → %s: suggest %v, want %s (%v)", c.now, c.deadline, errs.SuggestOf(err), c.suggest, err)
		}
	}
}

// The register pages by 50 with a cursor, and the export reads the whole
// year in arrival order (more than one page of the store's reads).
func TestIncomingRegisterPagesAndExport(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenSQLite(t)
	f := newFixture(t, db, vn("2026-11-30 09:00"))
	const n = 230
	err := db.Update(ctx, func(tx *store.Tx) error {
		for i := range n {
			no, err := tx.NextArrivalNo(ctx, 1, 2026)
			if err != nil {
				return err
			}
			day := calendar.NewDate(2026, 1, 2).AddDays(i)
			if _, err := tx.CreateIncoming(ctx, store.Incoming{WardID: 1, Year: 2026, ArrivalNo: no, ArrivedOn: day, Issuer: "Sở Y tế",
				NumberSymbol: "1/SYT", DocDate: day, Subject: "Về việc phòng chống dịch", SubjectFold: "ve viec phong chong dich",
				Urgency: "thuong", State: "registered", RegisteredAt: day.Start()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	clerk := f.actor("vanphong")
	var seen []int
	filter := store.IncomingFilter{Year: 2026}
	for {
		p, err := f.app.IncomingRegister(ctx, clerk, filter)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range p.Rows {
			seen = append(seen, d.ArrivalNo)
		}
		if p.Next == 0 {
			break
		}
		if len(p.Rows) != app.IncomingPageSize {
			t.Fatalf("a page of %d", len(p.Rows))
		}
		filter.Before = p.Next
	}
	rows, year, err := f.app.IncomingRegisterAll(ctx, clerk, store.IncomingFilter{Year: 2026})
	if err != nil || year != 2026 || len(rows) != n || len(seen) != n || rows[0].ArrivalNo != 1 || rows[n-1].ArrivalNo != n || seen[0] != n || seen[n-1] != 1 {
		t.Fatalf("export %d rows (year %d, %v), pages %d rows", len(rows), year, err, len(seen))
	}
}
