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
)

// ProgramDocument lays out a month's program as the document the ward
// issues (Decree 30/2020): the issued number and date, sections I–IV, the
// original deadline of carried-over or extended items, the amendment count,
// recipients and the Chairman's signature block.
func (app *App) ProgramDocument(ctx context.Context, a auth.Actor, m program.Month) (export.ProgramDoc, error) {
	page, err := app.Program(ctx, a, m)
	if err != nil {
		return export.ProgramDoc{}, err
	}
	if page.Program.ID == 0 || (page.State != program.StateIssued && !auth.Can(a, auth.ViewDraftProgram, auth.Target{WardID: a.WardID})) {
		return export.ProgramDoc{}, errs.Ef(errs.NotFound, "Chưa có chương trình %s.", m.Label())
	}
	return programDoc(page), nil
}

func programDoc(page ProgramPage) export.ProgramDoc {
	w := page.Org.Ward
	m := page.Month
	doc := export.ProgramDoc{
		Header:  export.Header{ParentName: strings.ToUpper(w.ParentName), IssuerName: w.IssuerName(), Number: "/CTr-UBND", Place: w.PlaceName},
		Title:   "CHƯƠNG TRÌNH",
		Summary: fmt.Sprintf("Công tác tháng %02d năm %d của %s", int(m.Month), m.Year, w.CommitteeName()),
		Recipients: []string{"Thường trực Đảng ủy, HĐND phường (để báo cáo)", "Chủ tịch, các Phó Chủ tịch UBND phường",
			"Các phòng chuyên môn, Trung tâm Phục vụ hành chính công", "Công an phường, Ban Chỉ huy Quân sự phường", "Lưu: VT, VP."},
	}
	if page.Program.Number != "" {
		doc.Header.Number = page.Program.Number
		if d, err := calendar.ParseDate(page.Program.IssuedOn); err == nil {
			doc.Header.Year, doc.Header.Month, doc.Header.Day = d.Year, int(d.Month), d.Day
		}
	}
	doc.Implementation = programImplementation(page)
	if page.Program.AmendmentNo > 0 {
		doc.Amendment = fmt.Sprintf("(Điều chỉnh lần %d)", page.Program.AmendmentNo)
	}
	for _, l := range page.Org.Leaders {
		if l.Position == org.PositionChairman {
			doc.Signature = export.Signature{Authority: "TM. ỦY BAN NHÂN DÂN", Position: "CHỦ TỊCH", Name: l.FullName}
		}
	}
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
