package app

import (
	"context"
	"fmt"
	"strings"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/export"
	"dieuhanh/internal/org"
	"dieuhanh/internal/schedule"
)

// ScheduleDocument lays out a week as the schedule the ward publishes
// (Decree 30/2020, A4 landscape): day and session rows, chair, attendees,
// venue, preparing unit, "Điều chỉnh" on changed entries.
func (app *App) ScheduleDocument(ctx context.Context, a auth.Actor, w schedule.Week) (export.ScheduleDoc, error) {
	wv, err := app.WeekSchedule(ctx, a, w)
	if err != nil {
		return export.ScheduleDoc{}, err
	}
	ward := wv.Ward
	doc := export.ScheduleDoc{
		Header:   export.Header{ParentName: strings.ToUpper(ward.ParentName), IssuerName: ward.IssuerName(), Place: ward.PlaceName},
		Title:    "LỊCH CÔNG TÁC CỦA LÃNH ĐẠO UBND " + strings.ToUpper(ward.Name),
		Subtitle: w.Title(),
		Recipients: []string{"Thường trực Đảng ủy, HĐND phường", "Chủ tịch, các Phó Chủ tịch UBND phường",
			"Các phòng chuyên môn, Trung tâm Phục vụ hành chính công", "Công an phường, Ban Chỉ huy Quân sự phường", "Lưu: VT, VP."},
		Signature: export.Signature{Authority: "TL. CHỦ TỊCH", Position: "CHÁNH VĂN PHÒNG"},
	}
	if p := wv.Schedule.PublishedAt; p != nil {
		d := calendar.DateOf(*p)
		doc.Header.Year, doc.Header.Month, doc.Header.Day = d.Year, int(d.Month), d.Day
	}
	for _, d := range wv.Days {
		day := export.ScheduleDay{Label: strings.Replace(d.Label, " (", "\n(", 1)}
		for _, s := range d.Sessions {
			se := export.ScheduleSession{Label: strings.ToUpper(s.Label)}
			for _, e := range s.Events {
				if e.Cancelled || e.Pending {
					continue
				}
				note := e.Notes
				if e.Adjusted {
					note = strings.TrimSpace("Điều chỉnh. " + note)
				}
				prep := ""
				if e.PreparingUnitName != "" {
					prep = e.PreparingUnitName
				}
				se.Rows = append(se.Rows, export.ScheduleRow{Time: strings.Replace(e.TimeText(), "–", " - ", 1), Content: e.Title,
					Chair: e.ChairTitle(), Attendees: e.AttendeesText(), Venue: e.VenueText(), Preparing: prep, Note: note})
			}
			if len(se.Rows) > 0 || s.Session != schedule.SessionEvening {
				day.Sessions = append(day.Sessions, se)
			}
		}
		doc.Days = append(doc.Days, day)
	}
	return doc, nil
}

// InvitationDocument generates the "GIẤY MỜI" of a meeting from its entry:
// the number issued at the invitation step, the chair, time, venue,
// attendees and the preparing unit.
func (app *App) InvitationDocument(ctx context.Context, a auth.Actor, id int64) (export.InvitationDoc, error) {
	d, err := app.Event(ctx, a, id)
	if err != nil {
		return export.InvitationDoc{}, err
	}
	if !schedule.Kind(d.Kind).IsMeeting() {
		return export.InvitationDoc{}, errs.E(errs.NotFound, "Mục lịch này không có giấy mời.")
	}
	o, err := app.LoadOrg(ctx, a)
	if err != nil {
		return export.InvitationDoc{}, err
	}
	ward := o.Ward
	doc := export.InvitationDoc{
		Header:     export.Header{ParentName: strings.ToUpper(ward.ParentName), IssuerName: ward.IssuerName(), Number: "/GM-UBND", Place: ward.PlaceName},
		Summary:    d.Title,
		Recipients: []string{"Như thành phần mời", "Lưu: VT, VP."},
	}
	if d.InvitationNumber != "" {
		doc.Header.Number = d.InvitationNumber
		at := calendar.DateOf(*d.InvitationIssued.At)
		doc.Header.Year, doc.Header.Month, doc.Header.Day = at.Year, int(at.Month), at.Day
	}
	doc.Body = append(doc.Body, ward.CommitteeName()+" trân trọng kính mời:")
	for _, at := range d.Attendees {
		doc.Attendees = append(doc.Attendees, at.Name)
	}
	start := d.Start.In(calendar.VN())
	day := calendar.DateOf(d.Start)
	doc.Body = append(doc.Body,
		fmt.Sprintf("Dự %s do %s chủ trì.", strings.ToLower(d.KindLabel()), d.ChairTitle()),
		fmt.Sprintf("Thời gian: %02d giờ %02d phút, %s, ngày %s.", start.Hour(), start.Minute(), strings.ToLower(calendar.WeekdayVN(day.Weekday())), day.VN()),
		"Địa điểm: "+d.VenueText()+".")
	if d.PreparingUnitName != "" {
		doc.Body = append(doc.Body, "Giao "+d.PreparingUnitName+" chuẩn bị nội dung, tài liệu phục vụ cuộc họp.")
	}
	doc.Body = append(doc.Body, "Rất mong các đại biểu đến dự đúng thời gian, thành phần./.")
	if l, ok := o.LeaderByID(d.ChairID); ok {
		if l.Position == org.PositionChairman {
			doc.Signature = export.Signature{Authority: "TM. ỦY BAN NHÂN DÂN", Position: "CHỦ TỊCH", Name: l.FullName}
		} else {
			doc.Signature = export.Signature{Authority: "KT. CHỦ TỊCH", Position: "PHÓ CHỦ TỊCH", Name: l.FullName}
		}
	}
	return doc, nil
}
