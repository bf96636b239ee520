package app

import (
	"context"
	"slices"
	"strings"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/export"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
)

// ConclusionDocument lays out a meeting's conclusion notice (THÔNG BÁO,
// NN/TB-UBND; review D2): its number and date, the trích yếu "Kết luận
// của <chair> tại <meeting>", the opening (when, where, who chaired and
// attended), the conclusions, the tasks it assigned with their units and
// deadlines as they stand in the program, the recipients and the Office
// head's signature by order of the Chairman.
func (app *App) ConclusionDocument(ctx context.Context, a auth.Actor, eventID int64) (export.ConclusionDoc, error) {
	d, err := app.Event(ctx, a, eventID)
	if err != nil {
		return export.ConclusionDoc{}, err
	}
	if d.Conclusion == nil {
		return export.ConclusionDoc{}, errs.E(errs.NotFound, "Cuộc họp chưa có thông báo kết luận.")
	}
	o, err := app.LoadOrg(ctx, a)
	if err != nil {
		return export.ConclusionDoc{}, err
	}
	c := *d.Conclusion
	var items []store.Item
	drafter := ""
	err = app.DB.View(ctx, func(tx *store.Tx) error {
		for _, id := range c.ItemIDs {
			it, err := tx.Item(ctx, a.WardID, id)
			if errs.Is(err, errs.NotFound) {
				continue
			}
			if err != nil {
				return err
			}
			items = append(items, it)
		}
		if c.RecordedBy != 0 {
			u, err := tx.User(ctx, c.RecordedBy)
			if err != nil && !errs.Is(err, errs.NotFound) {
				return err
			}
			drafter = u.FullName
		}
		return nil
	})
	if err != nil {
		return export.ConclusionDoc{}, err
	}
	return conclusionDoc(o, d, c, items, drafter), nil
}

// conclusionDoc builds the notice from the meeting, its notice and the
// items the notice created.
func conclusionDoc(o Org, d EventDetail, c store.Conclusion, items []store.Item, drafter string) export.ConclusionDoc {
	w := o.Ward
	doc := export.ConclusionDoc{
		Header:    export.Header{ParentName: strings.ToUpper(w.ParentName), IssuerName: w.IssuerName(), Number: c.Number, Place: w.PlaceName},
		Signature: officeSignature(o),
	}
	if on, err := calendar.ParseDate(c.IssuedOn); err == nil {
		doc.Header.Year, doc.Header.Month, doc.Header.Day = on.Year, int(on.Month), on.Day
	}
	meeting := meetingPhrase(schedule.Kind(d.Kind))
	chair, chairName := "", ""
	if l, ok := o.LeaderByID(d.ChairID); ok {
		chair = l.Position.Label() + " Ủy ban nhân dân phường " + l.FullName
		chairName = "đồng chí " + l.FullName + ", " + l.Position.Label() + " Ủy ban nhân dân phường"
	}
	day := calendar.DateOf(d.Start)
	summary := "Kết luận"
	if chair != "" {
		summary += " của " + chair
	}
	doc.Summary = summary + " tại " + meeting + " ngày " + day.VN()
	intro := "Ngày " + day.VN()
	if v := d.VenueText(); v != "" {
		intro += ", tại " + v
	}
	// "chủ trì phiên họp … về <title>", unless the title names the meeting
	// itself ("Phiên họp UBND phường: …", "Làm việc với …").
	what := meeting + " về " + lowerFirst(strings.TrimRight(d.Title, "."))
	if s := invitationSummary(d.Title); s != "Dự "+d.Title {
		what = lowerFirst(strings.TrimPrefix(strings.TrimRight(s, "."), "Dự "))
	}
	if chairName != "" {
		intro += ", " + chairName + " chủ trì " + what
	} else {
		intro += ", " + w.CommitteeName() + " tổ chức " + what
	}
	var attendees []string
	for _, at := range d.Attendees {
		attendees = append(attendees, strings.TrimPrefix(attendee(o, at, true), "Đồng chí "))
	}
	if len(attendees) > 0 {
		intro += ". Tham dự có các đồng chí: " + strings.Join(attendees, "; ")
	}
	who := "chủ trì"
	if chair != "" {
		who = "đồng chí " + strings.Split(chair, " Ủy ban")[0]
	}
	doc.Intro = []string{intro + ".", "Sau khi nghe báo cáo và ý kiến của các đại biểu dự họp, " + who + " kết luận như sau:"}
	doc.Conclusions = lines(c.Summary)
	var units []string
	for _, it := range items {
		var coord []string
		for _, u := range it.CoordinatingUnitIDs {
			if x, ok := o.UnitByID(u); ok {
				coord = append(coord, x.Name)
			}
		}
		doc.Tasks = append(doc.Tasks, export.ConclusionTask{Content: it.Title, Lead: it.LeadUnitName, Coordinating: strings.Join(coord, "; "),
			Due: it.DueDate.VN()})
		if it.LeadUnitName != "" && !slices.Contains(units, it.LeadUnitName) {
			units = append(units, it.LeadUnitName)
		}
	}
	office := "Văn phòng HĐND và UBND phường"
	if u, ok := officeUnit(o); ok {
		office = u.Name
	}
	doc.Closing = office + " thông báo để các cơ quan, đơn vị, cá nhân có liên quan biết, thực hiện./."
	doc.Recipients = []string{"Chủ tịch, các Phó Chủ tịch UBND phường"}
	doc.Recipients = append(doc.Recipients, units...)
	doc.Recipients = append(doc.Recipients, "Thành phần dự họp", officeArchive(o, drafter))
	return doc
}

// lines splits text on new lines, dropping blank ones.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
