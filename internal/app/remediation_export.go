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
	"dieuhanh/internal/remediation"
	"dieuhanh/internal/store"
)

// RemediationDocument lays out a unit's remediation report as the document
// it files (Decree 30/2020): the filing seq's as filed (0: the current
// report — the latest filing, or the draft marked "DỰ THẢO" before any).
func (app *App) RemediationDocument(ctx context.Context, a auth.Actor, id int64, seq int) (export.RemediationDoc, error) {
	var doc export.RemediationDoc
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		d, err := app.remediationDetail(ctx, tx, a, id, app.Now())
		if err != nil {
			return err
		}
		var filing *store.RemediationFiling
		switch {
		case seq > 0:
			for i := range d.Filings {
				if d.Filings[i].Seq == seq {
					filing = &d.Filings[i]
				}
			}
			if filing == nil {
				return errs.Ef(errs.NotFound, "Không có lần nộp thứ %d của báo cáo này.", seq)
			}
		case !remediation.State(d.R.State).AwaitsFiling():
			filing = d.Current
		}
		rep := d.Report
		if filing != nil {
			if rep, err = parseReport(filing.Report); err != nil {
				return err
			}
			// A filed document says what stood when it was filed: the
			// entries listed by then, their status at that moment.
			all, err := app.remediationEntries(ctx, tx, a, d.R, d.Org, rep, filing, nil, filing.FiledAt)
			if err != nil {
				return err
			}
			d.Entries = d.Entries[:0]
			for _, e := range all {
				if len(e.Reasons) > 0 && !e.Reasons[0].At.After(filing.FiledAt) {
					d.Entries = append(d.Entries, e)
				}
			}
		}
		signer, err := remediationSigner(ctx, tx, d, filing)
		if err != nil {
			return err
		}
		doc = remediationDoc(d, rep, filing, signer)
		return nil
	})
	return doc, err
}

// remediationSigner is the person who signs: the one who filed, or for a
// draft the unit's head (the first account with the unit_head role; the
// Office's chief for the Office).
func remediationSigner(ctx context.Context, tx *store.Tx, d RemediationDetail, filing *store.RemediationFiling) (org.Person, error) {
	var userID int64
	if filing != nil {
		userID = filing.FiledBy
	} else {
		heads, err := tx.UnitUserIDs(ctx, d.R.UnitID, "unit_head", "office")
		if err != nil {
			return org.Person{}, err
		}
		if len(heads) > 0 {
			userID = heads[0]
		}
	}
	if userID == 0 {
		return org.Person{}, nil
	}
	u, err := tx.User(ctx, userID)
	if err != nil || u.PersonID == 0 {
		return org.Person{}, err
	}
	for _, p := range d.Org.People {
		if p.ID == u.PersonID {
			return p, nil
		}
	}
	return org.Person{}, nil
}

// remediationDoc fills the report document from an obligation and the
// report as filed (or drafted).
func remediationDoc(d RemediationDetail, rep remediation.Report, filing *store.RemediationFiling, signer org.Person) export.RemediationDoc {
	w, u := d.Org.Ward, d.Unit
	unitName := u.Name
	if unitName == "" {
		unitName = d.R.UnitName
	}
	doc := export.RemediationDoc{
		Header: export.Header{ParentName: w.IssuerName(), IssuerName: unitName, Number: "/" + remediation.Symbol(d.R.UnitCode), Place: w.PlaceName},
		Draft:  filing == nil,
		// The summary breaks after "tiến độ," so it reads as two balanced lines.
		Subject:   strings.Replace(remediation.Subject(d.Month), "tiến độ, ", "tiến độ,\n", 1),
		Addressee: w.CommitteeName(),
		Opening: fmt.Sprintf("Thực hiện Chương trình công tác %s của %s, %s báo cáo kết quả khắc phục các nội dung chậm tiến độ, "+
			"chưa đạt yêu cầu như sau:", remediation.MonthWords(d.Month), w.CommitteeName(), unitName),
		Responsibility: rep.Responsibility,
		Closing: fmt.Sprintf("Trên đây là báo cáo kết quả khắc phục các nội dung chậm tiến độ, chưa đạt yêu cầu %s của %s, "+
			"kính báo cáo %s xem xét, chỉ đạo./.", remediation.MonthWords(d.Month), unitName, w.CommitteeName()),
		Signature: remediationSignature(signer),
	}
	if filing != nil {
		doc.Header.Number = filing.Number
		if day, err := calendar.ParseDate(filing.FiledOn); err == nil {
			doc.Header.Year, doc.Header.Month, doc.Header.Day = day.Year, int(day.Month), day.Day
		}
	}
	typed := map[string]remediation.EntryReport{}
	for _, e := range rep.Entries {
		typed[e.Key] = e
	}
	for _, e := range d.Entries {
		er := typed[e.Key]
		de := export.RemediationDocEntry{Title: e.Title, Reasons: reasonsLine(e.Reasons), Cause: er.Cause, Solutions: er.Solutions,
			Result: er.Result}
		if er.CauseKind.Valid() {
			de.CauseKind = strings.ToLower(er.CauseKind.Label())
		}
		if e.IsItem() {
			de.Deadline = e.Deadline.VN()
			if !e.OriginalDeadline.IsZero() && !e.OriginalDeadline.Equal(e.Deadline) {
				de.Deadline += " (hạn ban đầu " + e.OriginalDeadline.VN() + ")"
			}
			de.Deadline += "; tình trạng: " + e.Status
		} else {
			de.Deadline = e.Status
		}
		if nd, err := calendar.ParseDate(er.NewDeadline); err == nil {
			de.NewDeadline = nd.VN()
		}
		doc.Entries = append(doc.Entries, de)
	}
	office := "Văn phòng HĐND và UBND"
	for _, x := range d.Org.Units {
		if x.Kind == org.KindOffice {
			office = x.Name
		}
	}
	doc.Recipients = []string{"Như trên", "Chủ tịch, PCT UBND phường phụ trách"}
	if u.Kind != org.KindOffice {
		doc.Recipients = append(doc.Recipients, office)
	}
	// The unit keeps its copy; the signer answers for the draft (Decree 30,
	// Annex I, boxes 12–13).
	doc.Recipients = append(doc.Recipients, export.ArchiveLine(d.R.UnitCode, signer.FullName, 2))
	return doc
}

// reasonsLine says why an entry is reported, each reason with its moment.
func reasonsLine(rs []RemediationReason) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, fmt.Sprintf("%s (%s)", r.Reason.Label(), r.At.In(calendar.VN()).Format("02/01/2006")))
	}
	return strings.Join(parts, "; ")
}

// remediationSignature is the signature block of a unit head: "TRƯỞNG
// PHÒNG" and the name; a deputy signs "KT." for the head ("KT. TRƯỞNG
// PHÒNG / PHÓ TRƯỞNG PHÒNG").
func remediationSignature(p org.Person) export.Signature {
	title := strings.TrimSpace(p.Title)
	if title == "" {
		title = "Trưởng phòng"
	}
	s := export.Signature{Position: title, Name: p.FullName}
	if rest, ok := strings.CutPrefix(title, "Phó "); ok {
		s.Authority = "KT. " + rest
	}
	return s
}
