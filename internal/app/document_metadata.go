package app

import (
	"bytes"
	"context"
	"io"
	"strings"
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/document"
	"dieuhanh/internal/edoc"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/store"
)

// DocumentMetadata is an issued document's metadata as Decree 30/2020
// Appendix VI lists it, for the province's document system; with the
// attachment (the signed copy when filed, else the document's PDF) it
// makes the edXML package. Only documents drafted here have one: what
// another function numbered (a program, an invitation) is exchanged from
// there.
func (app *App) DocumentMetadata(ctx context.Context, a auth.Actor, id int64, withFile bool) (edoc.Metadata, []edoc.Attachment, error) {
	var m edoc.Metadata
	var c docContext
	var ward struct{ name, parent, place, organID string }
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if c, err = loadDoc(ctx, tx, a, id); err != nil {
			return err
		}
		w, err := tx.Ward(ctx, a.WardID)
		if err != nil {
			return err
		}
		ward.name, ward.parent, ward.place, ward.organID = "UBND "+w.Name, w.ParentName, w.PlaceName, w.Settings.OrganID
		return nil
	})
	if err != nil {
		return m, nil, err
	}
	d := c.doc
	if d.SourceKind != "" {
		return m, nil, errs.E(errs.NotFound, "Văn bản này được trao đổi từ chức năng đã ban hành nó.")
	}
	if !document.State(d.State).Numbered() {
		return m, nil, errs.E(errs.Conflict, "Văn bản chưa phát hành: chưa có số, ngày để trao đổi điện tử.")
	}
	number, notation, _ := strings.Cut(d.Number, "/")
	issued, err := calendar.ParseDate(d.IssuedOn)
	if err != nil {
		return m, nil, errs.Wrap(err, "app: issued date")
	}
	m = edoc.Metadata{
		From:             edoc.Organ{OrganID: ward.organID, OrganName: ward.name, OrganInCharge: ward.parent},
		CodeNumber:       number,
		CodeNotation:     notation,
		PromulgationDate: time.Date(issued.Year, issued.Month, issued.Day, 0, 0, 0, 0, calendar.VN()),
		PlaceName:        ward.place,
		TypeID:           1,
		TypeName:         document.Type(d.Type).Label(),
		Subject:          d.Subject,
		SentAt:           app.Now(),
	}
	if len(d.Body) > 0 {
		m.Content = d.Body[0]
	}
	if au, ok := document.AuthorityFor(signerPost(d)); ok {
		m.Signer = edoc.Signer{Competence: au.Line(), Position: au.Position, FullName: d.SignerName}
	}
	if p, ok := edoc.PriorityOf(d.Urgency); ok {
		m.Priority = p
	}
	for _, r := range c.recipients {
		o := edoc.Organ{OrganName: r.Name, Email: r.Email}
		if document.RecipientKind(r.Kind) == document.ToExternal {
			o.OrganID = r.Code
		}
		m.To = append(m.To, o)
		m.ToPlaces = append(m.ToPlaces, r.Name)
	}
	keep := "Lưu: VT"
	if d.UnitCode != "" {
		keep += ", " + d.UnitCode
	}
	m.ToPlaces = append(m.ToPlaces, keep)
	if err := edoc.Validate(m); err != nil {
		return m, nil, err
	}
	if !withFile {
		return m, nil, nil
	}
	att, err := app.documentFile(ctx, a, d)
	return m, []edoc.Attachment{att}, err
}

// documentFile is the file sent with the metadata: the signed copy when it
// is filed, else the document's PDF as the system prints it.
func (app *App) documentFile(ctx context.Context, a auth.Actor, d store.Document) (edoc.Attachment, error) {
	name := strings.NewReplacer("/", "-", "Đ", "D").Replace(d.Number) + ".pdf"
	if d.SignedSHA256 != "" {
		r, err := app.DB.OpenBlob(ctx, d.SignedSHA256)
		if err != nil {
			return edoc.Attachment{}, err
		}
		data, err := io.ReadAll(r)
		return edoc.Attachment{Name: name, ContentType: "application/pdf", Description: "Bản đã ký số", Data: data}, errs.Wrap(err, "app: signed copy")
	}
	o, _, err := app.DocumentExport(ctx, a, d.ID)
	if err != nil {
		return edoc.Attachment{}, err
	}
	var b bytes.Buffer
	if err := o.PDF(&b); err != nil {
		return edoc.Attachment{}, errs.Wrap(err, "app: document PDF")
	}
	return edoc.Attachment{Name: name, ContentType: "application/pdf", Description: "Văn bản", Data: b.Bytes()}, nil
}
