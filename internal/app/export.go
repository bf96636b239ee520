package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/export"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
	"dieuhanh/internal/store"
)

// DefaultVersion asks ProgramDocument for the month's document as it
// stands: the draft before issue, the program as issued afterwards.
const DefaultVersion = -1

// ProgramDocument lays out a month's program as the document the ward
// issues (Decree 30/2020). Before issue it is the draft ("DỰ THẢO", blank
// number and day). Once issued every version is a document of its own
// (art. 15(1), 18(3)): version 0 is the program as issued, frozen, under
// its number and date; version N is the N-th amendment, a CTr "điều chỉnh,
// bổ sung" (or a QĐ, ward setting) under its own number and date that
// lists what it changes and cites the original.
func (app *App) ProgramDocument(ctx context.Context, a auth.Actor, m program.Month, version int) (export.ProgramDoc, error) {
	page, err := app.Program(ctx, a, m)
	if err != nil {
		return export.ProgramDoc{}, err
	}
	if page.Program.ID == 0 || (page.State != program.StateIssued && !auth.Can(a, auth.ViewDraftProgram, auth.Target{WardID: a.WardID})) {
		return export.ProgramDoc{}, errs.Ef(errs.NotFound, "Chưa có chương trình %s.", m.Label())
	}
	if page.State != program.StateIssued {
		if version > 0 {
			return export.ProgramDoc{}, errs.Ef(errs.NotFound, "Chương trình %s chưa ban hành, chưa có văn bản điều chỉnh.", m.Label())
		}
		doc := programDoc(page)
		doc.Header.Draft, doc.Header.Year = true, calendar.DateOf(app.Now()).Year
		return doc, nil
	}
	if version < 0 {
		version = 0
	}
	var prev, cur *store.ProgramVersion
	for i := range page.Versions {
		if page.Versions[i].No == version {
			cur = &page.Versions[i]
		}
		if page.Versions[i].No == version-1 {
			prev = &page.Versions[i]
		}
	}
	switch {
	case cur == nil && version == 0:
		// A program issued before versions were kept: as it stands.
		return programDoc(page), nil
	case cur == nil:
		return export.ProgramDoc{}, errs.Ef(errs.NotFound, "Chương trình %s không có văn bản điều chỉnh lần %d.", m.Label(), version)
	case version == 0:
		return originalDoc(page, *cur)
	case prev == nil:
		return export.ProgramDoc{}, errs.Ef(errs.NotFound, "Thiếu phiên bản trước của điều chỉnh lần %d.", version)
	}
	return amendmentDoc(page, *prev, *cur)
}

func programDoc(page ProgramPage) export.ProgramDoc {
	w := page.Org.Ward
	m := page.Month
	doc := export.ProgramDoc{
		Header:  export.Header{ParentName: strings.ToUpper(w.ParentName), IssuerName: w.IssuerName(), Number: "/CTr-UBND", Place: w.PlaceName},
		Title:   "CHƯƠNG TRÌNH",
		Summary: fmt.Sprintf("Công tác %s của %s", monthWordsOf(m), w.CommitteeName()),
		Recipients: []string{"Thường trực Đảng ủy, HĐND phường (để báo cáo)", "Chủ tịch, các Phó Chủ tịch UBND phường",
			"Các phòng chuyên môn, Trung tâm Phục vụ hành chính công", "Công an phường, Ban Chỉ huy Quân sự phường", officeArchive(page.Org, "")},
	}
	if page.Program.Number != "" {
		doc.Header.Number = page.Program.Number
		if d, err := calendar.ParseDate(page.Program.IssuedOn); err == nil {
			doc.Header.Year, doc.Header.Month, doc.Header.Day = d.Year, int(d.Month), d.Day
		}
	}
	doc.Implementation = programImplementation(page)
	doc.Signature = chairmanSignature(page.Org)
	units := map[int64]string{}
	for _, u := range page.Org.Units {
		units[u.ID] = u.Name
	}
	for _, sec := range program.Sections() {
		var rows []export.ProgramRow
		for _, it := range page.Items {
			if !it.InProgram || program.Section(it.Section) != sec {
				continue
			}
			row := export.ProgramRow{No: strconv.Itoa(len(rows) + 1), Content: it.Title, Product: it.Product, Lead: it.LeadUnitName,
				Leader: leaderShort(it.LeaderPosition, it.LeaderName), Due: it.Deadline.VN()}
			var coord, notes []string
			for _, u := range it.CoordinatingUnitIDs {
				coord = append(coord, units[u])
			}
			row.Coordinating = strings.Join(coord, "; ")
			if it.CarriedFrom != 0 {
				// Thời hạn is the agreed new deadline; the old one is history.
				notes = append(notes, program.CarryNote(m.Prev(), it.OriginalDueDate))
			} else if !it.Deadline.Equal(it.DueDate) && it.ApprovedExtension != nil {
				notes = append(notes, "Gia hạn; hạn ban đầu "+it.OriginalDueDate.VN())
			}
			if it.AddedByAmendment {
				notes = append(notes, "Bổ sung")
			}
			if it.Cancelled {
				notes = append(notes, "Hủy: "+it.CancelReason)
			}
			if it.Late && it.Registration == string(program.RegLateAccepted) {
				notes = append(notes, "Đăng ký muộn")
			}
			row.Note = strings.Join(notes, "; ")
			rows = append(rows, row)
		}
		if len(rows) > 0 {
			doc.Sections = append(doc.Sections, export.ProgramSection{Roman: sec.Roman(), Title: strings.ToUpper(sec.Label()), Rows: rows})
		}
	}
	return doc
}

// programImplementation is the program's closing part "Tổ chức thực
// hiện" (seed ¶2, ¶4): the units carry it out and report on what slipped
// before the ward's remediation day of the month, the Office follows it
// up and reports to the Chairman.
func programImplementation(page ProgramPage) []string {
	m, st := page.Month, page.Org.Ward.Settings.WithDefaults()
	office := "Văn phòng HĐND và UBND phường"
	for _, u := range page.Org.Units {
		if u.Kind == org.KindOffice {
			office = u.Name
		}
	}
	var dueLine string
	if page.Calendar != nil {
		due := remediation.DueDate(m, st.RemediationDay, st.DueBeforeRollForward, page.Calendar)
		dueLine = fmt.Sprintf(" (hạn cuối: %s, ngày %s)", calendar.WeekdayVN(due.Weekday()), due.VN())
	}
	before := calendar.Date{Year: m.Year, Month: m.Month, Day: st.RemediationDay}
	return []string{
		"1. Các phòng chuyên môn, Trung tâm Phục vụ hành chính công và các đơn vị được giao chủ trì căn cứ Chương trình chủ động " +
			"tổ chức thực hiện, bảo đảm tiến độ và chất lượng; báo cáo tiến độ, kết quả thực hiện từng nội dung trên hệ thống điều hành.",
		fmt.Sprintf("2. Đối với nội dung chậm tiến độ, chưa đạt yêu cầu (quá hạn, hoàn thành quá hạn, bị đánh giá chưa đạt, chuyển sang "+
			"tháng sau chưa có thời hạn mới được chấp thuận) và cuộc họp chuẩn bị không đúng thời hạn, đơn vị chủ trì báo cáo kết quả "+
			"khắc phục (nguyên nhân chủ quan, khách quan; giải pháp bổ sung; đề xuất thời hạn mới; kết quả khắc phục) gửi Ủy ban nhân dân "+
			"phường qua %s trước ngày %s%s; Thủ trưởng đơn vị chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân phường về kết quả thực hiện "+
			"nhiệm vụ được giao.", office, before.VN(), dueLine),
		fmt.Sprintf("3. %s theo dõi, đôn đốc việc thực hiện Chương trình và việc khắc phục của các đơn vị; tổng hợp tình hình, kết quả "+
			"thực hiện, báo cáo Chủ tịch Ủy ban nhân dân phường hằng tháng; kịp thời báo cáo đơn vị không nộp hoặc nộp muộn báo cáo "+
			"khắc phục để xem xét trách nhiệm.", office),
	}
}

// leaderShort is how programs name the leader in charge: "PCT Trần Minh Tuấn".
func leaderShort(position, name string) string {
	if position == string(org.PositionChairman) {
		return "CT " + name
	}
	return "PCT " + name
}
