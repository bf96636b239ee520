package app_test

import (
	"bytes"
	"context"
	"io"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/export"
	"dieuhanh/internal/program"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
	"dieuhanh/internal/testenv"
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
			!strings.HasPrefix(qd.Summary, "Về việc điều chỉnh, bổ sung Chương trình công tác tháng 01 năm 2027") ||
			qd.Preamble[1] != "Căn cứ "+cite+" của Ủy ban nhân dân phường Hòa Bình;" || qd.Enacting != "QUYẾT ĐỊNH:" ||
			qd.Intro != "Điều 1. Điều chỉnh, bổ sung "+cite+" như sau:" || !strings.HasPrefix(qd.Closing[1], "Điều 3. ") {
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

// meetingOf finds the entry of the week titled with the prefix.
func meetingOf(t *testing.T, f *fixture, w schedule.Week, prefix string) app.EventView {
	t.Helper()
	wv, err := f.app.WeekSchedule(context.Background(), f.actor("vanphong"), w)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range wv.Days {
		for _, s := range d.Sessions {
			for _, e := range s.Events {
				if strings.HasPrefix(e.Title, prefix) {
					return *e
				}
			}
		}
	}
	t.Fatalf("no entry %q in %s", prefix, w)
	return app.EventView{}
}

// The GIẤY MỜI reads as administrative prose (review D5): the meeting by
// kind, the chair with title, attendees "Đồng chí <name>, <position>",
// "thứ Năm"; the weekly schedule names attendees with positions and is
// signed by the Office head with name (D3, D14); "Lưu" carries the
// drafter's initials and the copies (D13).
func TestInvitationAndScheduleProse(t *testing.T) {
	db := storetest.OpenSQLite(t)
	ctx := context.Background()
	f := newFixture(t, db, vn("2026-11-23 09:00"))
	office := f.actor("vanphong")
	week := schedule.WeekOf(calendar.DateOf(f.now))
	ws := meetingOf(t, f, week, "Làm việc với Phòng Kinh tế, Hạ tầng và Đô thị về cấp giấy phép")
	doc, err := f.app.InvitationDocument(ctx, office, ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Join(doc.Body, "\n")
	for _, want := range []string{"Ủy ban nhân dân phường Hòa Bình trân trọng kính mời:",
		"Đến dự buổi làm việc do đồng chí Trần Minh Tuấn, Phó Chủ tịch Ủy ban nhân dân phường chủ trì.",
		"Nội dung: Làm việc với Phòng Kinh tế, Hạ tầng và Đô thị về cấp giấy phép xây dựng.", "Thời gian: 14 giờ 00 phút, thứ Năm, ngày 26/11/2026."} {
		if !strings.Contains(body, want) {
			t.Errorf("invitation body lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "Dự làm việc") || strings.Contains(body, "thứ năm") {
		t.Errorf("invitation body:\n%s", body)
	}
	if doc.Summary != "Dự buổi làm việc với Phòng Kinh tế, Hạ tầng và Đô thị về cấp giấy phép xây dựng" {
		t.Errorf("summary = %q", doc.Summary)
	}
	if strings.Join(doc.Attendees, "|") != "Đồng chí Bùi Quang Vinh, Trưởng phòng Kinh tế, Hạ tầng và Đô thị|Đồng chí Dương Văn Phúc, Chuyên viên Phòng Kinh tế, Hạ tầng và Đô thị" {
		t.Errorf("attendees = %q", doc.Attendees)
	}
	cs := meetingOf(t, f, week, "Phiên họp thường kỳ")
	doc, err = f.app.InvitationDocument(ctx, office, cs.ID)
	if err != nil {
		t.Fatal(err)
	}
	var prose []string // what the system writes, not the entry's title
	for _, b := range append(doc.Body, doc.Attendees...) {
		if !strings.HasPrefix(b, "Nội dung: ") {
			prose = append(prose, b)
		}
	}
	body = strings.Join(prose, "\n")
	for _, want := range []string{"Đến dự phiên họp Ủy ban nhân dân phường do đồng chí Nguyễn Văn Hùng, Chủ tịch Ủy ban nhân dân phường chủ trì.",
		"Đồng chí Trần Minh Tuấn, Phó Chủ tịch Ủy ban nhân dân phường", "Đại diện lãnh đạo Phòng Kinh tế, Hạ tầng và Đô thị"} {
		if !strings.Contains(body, want) {
			t.Errorf("committee session lacks %q:\n%s", want, body)
		}
	}
	// The kind label is no longer lowercased into the sentence ("Dự phiên
	// họp ubnd"); names of rooms and units are printed as the ward wrote them.
	if strings.Contains(body, "ubnd") || strings.Contains(body, "Dự phiên họp") {
		t.Errorf("lowercased kind label in prose:\n%s", body)
	}
	if last := doc.Recipients[len(doc.Recipients)-1]; !regexp.MustCompile(`^Lưu: VT, VP \(([A-ZĐ]+\.)?02b\)\.$`).MatchString(last) {
		t.Errorf("archive line = %q", last)
	}

	// A meeting whose invitation is not issued yet prints as a draft: marked,
	// number and day blank, the year filled in.
	var pending int64
	for _, wk := range []schedule.Week{week, week.Next()} {
		wv, err := f.app.WeekSchedule(ctx, office, wk)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range wv.Days {
			for _, s := range d.Sessions {
				for _, e := range s.Events {
					if schedule.Kind(e.Kind).IsMeeting() && e.InvitationNumber == "" && pending == 0 {
						pending = e.ID
					}
				}
			}
		}
	}
	if pending == 0 {
		t.Fatal("no meeting without an invitation in the demo")
	}
	draft, err := f.app.InvitationDocument(ctx, office, pending)
	if err != nil {
		t.Fatal(err)
	}
	if h := draft.Header; !h.Draft || h.Number != "/GM-UBND" || h.Year != 2026 || h.Day != 0 || h.Month != 0 {
		t.Errorf("draft invitation header = %+v", h)
	}

	sd, err := f.app.ScheduleDocument(ctx, office, week)
	if err != nil {
		t.Fatal(err)
	}
	if sd.Signature != (export.Signature{Authority: "TL. CHỦ TỊCH", Position: "CHÁNH VĂN PHÒNG", Name: "Phạm Thị Mai"}) {
		t.Errorf("schedule signature = %+v", sd.Signature)
	}
	if last := sd.Recipients[len(sd.Recipients)-1]; last != "Lưu: VT, VP (PTM.02b)." {
		t.Errorf("schedule archive line = %q", last)
	}
	var att string
	for _, d := range sd.Days {
		for _, s := range d.Sessions {
			for _, r := range s.Rows {
				if strings.HasPrefix(r.Content, "Làm việc với Phòng Kinh tế, Hạ tầng và Đô thị") {
					att = r.Attendees
				}
			}
		}
	}
	if att != "Đ/c Bùi Quang Vinh, Trưởng phòng Kinh tế, Hạ tầng và Đô thị;\nĐ/c Dương Văn Phúc, Chuyên viên Phòng Kinh tế, Hạ tầng và Đô thị" {
		t.Errorf("schedule attendees = %q", att)
	}
	var buf bytes.Buffer
	if err := sd.PDF(&buf); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	// Position, room to sign (three empty lines at least), then the name.
	ls := strings.Split(text, "\n")
	pos, name := -1, -1
	for i, l := range ls {
		if strings.Contains(l, "CHÁNH VĂN PHÒNG") {
			pos = i
		}
		if strings.Contains(l, "Phạm Thị Mai") {
			name = i
		}
	}
	if pos < 0 || name-pos < 4 {
		t.Errorf("schedule signature: position on line %d, name on line %d:\n%s", pos, name, text)
	}
}

// The conclusion notice is a document (review D2): THÔNG BÁO, its number
// and date, "Kết luận của … tại …", the conclusions, the tasks with units
// and deadlines, signed by the Office head by order of the Chairman. The
// tasks it adds to the issued program are an amendment with a number of
// its own.
func TestConclusionNoticeDocument(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, vn("2026-11-23 09:00"))
		if err := demo.LoadPrograms(ctx, f.app, f.now); err != nil {
			t.Fatal(err)
		}
		office := f.actor("vanphong")
		week := schedule.WeekOf(calendar.DateOf(f.now))
		cs := meetingOf(t, f, week, "Phiên họp thường kỳ")
		if _, err := f.app.ConclusionDocument(ctx, office, cs.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("before the notice: %v", err)
		}
		f.now = vn("2026-11-27 09:00")
		o, err := f.app.LoadOrg(ctx, office)
		if err != nil {
			t.Fatal(err)
		}
		var pct int64
		for _, l := range o.Leaders {
			if l.FullName == "Trần Minh Tuấn" {
				pct = l.ID
			}
		}
		nov := program.Month{Year: 2026, Month: time.November}
		before, err := f.app.Program(ctx, office, nov)
		if err != nil {
			t.Fatal(err)
		}
		number, err := f.app.RecordConclusion(ctx, office, cs.ID, app.ConclusionInput{IssuedOn: calendar.DateOf(f.now),
			Summary: "Đẩy nhanh tiến độ giải phóng mặt bằng dự án đường Lê Lợi.\nHoàn thành số hóa hồ sơ thủ tục hành chính.",
			Instructions: []app.Instruction{{Title: "Lập phương án bồi thường các hộ còn lại", LeadUnitID: f.units["KTHTDT"],
				CoordinatingUnitIDs: []int64{f.units["CA"]}, LeaderID: pct, DueDate: calendar.Date{Year: 2026, Month: 11, Day: 30}}}})
		if err != nil {
			t.Fatal(err)
		}
		doc, err := f.app.ConclusionDocument(ctx, office, cs.ID)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Header.Number != number || doc.Header.Day != 27 || doc.Header.Month != 11 || doc.Header.Year != 2026 || doc.Header.Draft {
			t.Errorf("header = %+v (number %s)", doc.Header, number)
		}
		if doc.Summary != "Kết luận của Chủ tịch Ủy ban nhân dân phường Nguyễn Văn Hùng tại phiên họp Ủy ban nhân dân phường ngày 26/11/2026" {
			t.Errorf("summary = %q", doc.Summary)
		}
		if !strings.Contains(doc.Intro[0], "Ngày 26/11/2026, tại Hội trường UBND phường, đồng chí Nguyễn Văn Hùng, Chủ tịch Ủy ban nhân dân phường chủ trì phiên họp thường kỳ") ||
			!strings.Contains(doc.Intro[0], "Tham dự có các đồng chí: Trần Minh Tuấn, Phó Chủ tịch Ủy ban nhân dân phường;") {
			t.Errorf("intro = %q", doc.Intro)
		}
		if len(doc.Conclusions) != 2 || len(doc.Tasks) != 1 || doc.Tasks[0] != (export.ConclusionTask{Content: "Lập phương án bồi thường các hộ còn lại",
			Lead: "Phòng Kinh tế, Hạ tầng và Đô thị", Coordinating: "Công an phường", Due: "30/11/2026"}) {
			t.Errorf("conclusions %q, tasks %+v", doc.Conclusions, doc.Tasks)
		}
		if doc.Signature != (export.Signature{Authority: "TL. CHỦ TỊCH", Position: "CHÁNH VĂN PHÒNG", Name: "Phạm Thị Mai"}) {
			t.Errorf("signature = %+v", doc.Signature)
		}
		if last := doc.Recipients[len(doc.Recipients)-1]; last != "Lưu: VT, VP (PTM.02b)." {
			t.Errorf("archive line = %q", last)
		}
		for name, write := range map[string]func(io.Writer) error{"docx": doc.DOCX, "pdf": doc.PDF} {
			var buf bytes.Buffer
			if err := write(&buf); err != nil || buf.Len() < 1000 {
				t.Fatalf("%s: %d bytes, %v", name, buf.Len(), err)
			}
			if name == "pdf" {
				text := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
				for _, want := range []string{"THÔNG BÁO", "Số: " + number, "Hòa Bình, ngày 27 tháng 11 năm 2026", "Kết luận của Chủ tịch Ủy ban nhân dân phường",
					"Giao nhiệm vụ cụ thể như sau:", "1. Lập phương án bồi thường các hộ còn lại. Đơn vị chủ trì: Phòng Kinh tế, Hạ tầng và Đô thị; phối hợp: Công an phường. Thời hạn hoàn thành: 30/11/2026.",
					"TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Phạm Thị Mai", "- Lưu: VT, VP (PTM.02b)."} {
					if !strings.Contains(text, want) {
						t.Errorf("notice PDF lacks %q:\n%s", want, text)
					}
				}
			}
		}
		// The November program, issued, is amended by a document of its own.
		if before.State == program.StateIssued {
			after, err := f.app.Program(ctx, office, nov)
			if err != nil {
				t.Fatal(err)
			}
			v := after.Versions[len(after.Versions)-1]
			if len(after.Versions) != len(before.Versions)+1 || v.DocNumber == "" || v.DocNumber == after.Program.Number || v.DocIssuedOn != "2026-11-27" ||
				!strings.Contains(v.Reason, number) {
				t.Fatalf("versions after the notice: %+v", after.Versions)
			}
			am, err := f.app.ProgramDocument(ctx, office, nov, v.No)
			if err != nil {
				t.Fatal(err)
			}
			if am.Header.Number != v.DocNumber || !strings.Contains(am.Intro, "số "+after.Program.Number) ||
				len(rowsOf(am)) != 1 || !strings.HasPrefix(rowsOf(am)[0], "Lập phương án bồi thường") {
				t.Fatalf("amendment by the notice: %+v", am)
			}
		} else {
			t.Fatalf("the demo's November program is %s, want issued", before.State)
		}
	})
}

// pdfText extracts text with pdftotext (fails under CI=true without it).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command(testenv.Tool(t, "pdftotext"), "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
