package app

import (
	"context"
	"strings"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/document"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/export"
	"dieuhanh/internal/store"
)

// DocumentExport lays a document out for DOCX and PDF: numbered and dated
// once issued, a draft (blank number, "DỰ THẢO") before.
func (app *App) DocumentExport(ctx context.Context, a auth.Actor, id int64) (export.OutgoingDoc, store.Document, error) {
	var out export.OutgoingDoc
	var doc store.Document
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		c, err := loadDoc(ctx, tx, a, id)
		if err != nil {
			return err
		}
		doc = c.doc
		if doc.SourceKind != "" {
			return errs.E(errs.NotFound, "Văn bản này được in từ chức năng đã ban hành nó.")
		}
		w, err := tx.Ward(ctx, a.WardID)
		if err != nil {
			return err
		}
		out = outgoingDoc(w.IssuerName(), strings.ToUpper(w.ParentName), w.PlaceName, c, app.Now().Year())
		return nil
	})
	return out, doc, err
}

func outgoingDoc(issuer, parent, place string, c docContext, year int) export.OutgoingDoc {
	d := c.doc
	t := document.Type(d.Type)
	h := export.Header{ParentName: parent, IssuerName: issuer, Place: place, Number: "/" + d.Symbol, Year: year}
	if document.State(d.State).Numbered() {
		on, _ := calendar.ParseDate(d.IssuedOn)
		h.Number, h.Year, h.Month, h.Day = d.Number, on.Year, int(on.Month), on.Day
	}
	o := export.OutgoingDoc{Header: h, Draft: !document.State(d.State).Numbered(), Urgency: document.Urgency(d.Urgency).Stamp(),
		Title: t.Title(), Subject: d.Subject, Addressees: d.Addressees, Body: d.Body}
	for _, r := range c.recipients {
		o.Recipients = append(o.Recipients, r.Name)
	}
	keep := "Lưu: VT"
	if d.UnitCode != "" {
		keep += ", " + d.UnitCode
	}
	o.Recipients = append(o.Recipients, keep)
	if au, ok := document.AuthorityFor(signerPost(d)); ok {
		o.Signature = export.Signature{Authority: au.Line(), Position: au.Position, Name: d.SignerName}
	}
	return o
}

// signerPost reads the post the document was signed in from its stored
// authority.
func signerPost(d store.Document) document.SignerPost {
	switch d.Authority {
	case "TM.":
		return document.PostChairman
	case "KT.":
		return document.PostViceChairman
	case "Q.":
		return document.PostActingChairman
	case "TL.":
		return document.PostOfficeChief
	}
	return ""
}
