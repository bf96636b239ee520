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
// (Decree 30/2020, A4 landscape): day and session rows, chair, attendees
// with their positions, venue, preparing unit, "Điều chỉnh" on changed
// entries, signed by the Office head by order of the Chairman with room to
// sign and the head's name from the organization. A week not yet published
// is a draft: marked, its day left blank.
func (app *App) ScheduleDocument(ctx context.Context, a auth.Actor, w schedule.Week) (export.ScheduleDoc, error) {
	wv, err := app.WeekSchedule(ctx, a, w)
	if err != nil {
		return export.ScheduleDoc{}, err
	}
	o, err := app.LoadOrg(ctx, a)
	if err != nil {
		return export.ScheduleDoc{}, err
	}
	ward := wv.Ward
	doc := export.ScheduleDoc{
		Header:   export.Header{ParentName: strings.ToUpper(ward.ParentName), IssuerName: ward.IssuerName(), Place: ward.PlaceName},
		Title:    "LỊCH CÔNG TÁC CỦA LÃNH ĐẠO UBND " + strings.ToUpper(ward.Name),
		Subtitle: w.Title(),
		Recipients: []string{"Thường trực Đảng ủy, HĐND phường", "Chủ tịch, các Phó Chủ tịch UBND phường",
			"Các phòng chuyên môn, Trung tâm Phục vụ hành chính công", "Công an phường, Ban Chỉ huy Quân sự phường", officeArchive(o, "")},
		Signature: officeSignature(o),
	}
	if p := wv.Schedule.PublishedAt; p != nil {
		d := calendar.DateOf(*p)
		doc.Header.Year, doc.Header.Month, doc.Header.Day = d.Year, int(d.Month), d.Day
	} else {
		doc.Header.Draft, doc.Header.Year = true, calendar.DateOf(app.Now()).Year
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
				var attendees []string
				for _, at := range e.Attendees {
					attendees = append(attendees, attendee(o, at, false))
				}
				se.Rows = append(se.Rows, export.ScheduleRow{Time: strings.Replace(e.TimeText(), "–", " - ", 1), Content: e.Title,
					Chair: e.ChairTitle(), Attendees: strings.Join(attendees, ";\n"), Venue: e.VenueText(), Preparing: e.PreparingUnitName, Note: note})
			}
			if len(se.Rows) > 0 || s.Session != schedule.SessionEvening {
				day.Sessions = append(day.Sessions, se)
			}
		}
		doc.Days = append(doc.Days, day)
	}
	return doc, nil
}

// meetingPhrase is what the invited attend, in administrative prose, by
// kind: "phiên họp Ủy ban nhân dân phường", "buổi làm việc" (review D5:
// never the lowercased label or an abbreviation).
func meetingPhrase(k schedule.Kind) string {
	switch k {
	case schedule.KindCommitteeSession:
		return "phiên họp Ủy ban nhân dân phường"
	case schedule.KindWeeklyBriefing:
		return "buổi giao ban của lãnh đạo Ủy ban nhân dân phường"
	case schedule.KindConference:
		return "hội nghị"
	}
	return "buổi làm việc"
}

// invitationSummary is the trích yếu of a GIẤY MỜI: "Dự " and the meeting
// as titled, its first word lowercased when it is a common word ("Làm
// việc với …" → "Dự buổi làm việc với …"; "Họp Ban Chỉ đạo …" → "Dự họp Ban
// Chỉ đạo …"); a title that starts with a name stays as it is.
func invitationSummary(title string) string {
	title = strings.TrimSpace(title)
	words := strings.Fields(title)
	if len(words) == 0 {
		return ""
	}
	first := strings.ToLower(words[0])
	switch first {
	case "làm":
		return "Dự buổi " + lowerFirst(title)
	case "phiên", "họp", "hội", "giao", "buổi", "sơ", "tổng", "triển", "kiểm", "tiếp":
		return "Dự " + lowerFirst(title)
	case "dự":
		return title
	}
	return "Dự " + title
}

// InvitationDocument generates the "GIẤY MỜI" of a meeting from its entry:
// the number issued at the invitation step (before it, a draft with blank
// number and day), the attendees by name and position, the chair with
// title, time, venue and the preparing unit, in administrative prose.
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
		Header:  export.Header{ParentName: strings.ToUpper(ward.ParentName), IssuerName: ward.IssuerName(), Number: "/GM-UBND", Place: ward.PlaceName},
		Summary: invitationSummary(d.Title),
	}
	drafter := ""
	if d.InvitationNumber != "" {
		doc.Header.Number = d.InvitationNumber
		at := calendar.DateOf(*d.InvitationIssued.At)
		doc.Header.Year, doc.Header.Month, doc.Header.Day = at.Year, int(at.Month), at.Day
		drafter = d.Stampers[d.InvitationIssued.By]
	} else {
		doc.Header.Draft, doc.Header.Year = true, calendar.DateOf(app.Now()).Year
	}
	doc.Recipients = []string{"Như thành phần mời", officeArchive(o, drafter)}
	doc.Body = append(doc.Body, ward.CommitteeName()+" trân trọng kính mời:")
	for _, at := range d.Attendees {
		doc.Attendees = append(doc.Attendees, attendee(o, at, true))
	}
	chair := ""
	if l, ok := o.LeaderByID(d.ChairID); ok {
		chair = " do đồng chí " + l.FullName + ", " + l.Position.Label() + " Ủy ban nhân dân phường chủ trì"
	}
	start := d.Start.In(calendar.VN())
	day := calendar.DateOf(d.Start)
	doc.Body = append(doc.Body,
		"Đến dự "+meetingPhrase(schedule.Kind(d.Kind))+chair+".",
		"Nội dung: "+strings.TrimRight(d.Title, ".")+".",
		fmt.Sprintf("Thời gian: %02d giờ %02d phút, %s, ngày %s.", start.Hour(), start.Minute(), lowerFirst(calendar.WeekdayVN(day.Weekday())), day.VN()),
		"Địa điểm: "+d.VenueText()+".")
	if d.PreparingUnitName != "" {
		doc.Body = append(doc.Body, "Giao "+d.PreparingUnitName+" chuẩn bị nội dung, tài liệu phục vụ cuộc họp.")
	}
	doc.Body = append(doc.Body, "Rất mong các đồng chí đến dự đúng thời gian, thành phần./.")
	if l, ok := o.LeaderByID(d.ChairID); ok {
		if l.Position == org.PositionChairman {
			doc.Signature = export.Signature{Authority: "TM. ỦY BAN NHÂN DÂN", Position: "CHỦ TỊCH", Name: l.FullName}
		} else {
			doc.Signature = export.Signature{Authority: "KT. CHỦ TỊCH", Position: "PHÓ CHỦ TỊCH", Name: l.FullName}
		}
	}
	return doc, nil
}
