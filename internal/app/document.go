package app

import (
	"context"
	"fmt"
	"strings"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/document"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// Outgoing documents (văn bản đi): drafting and editing, the page of one
// document. The workflow is in document_workflow.go, receipts and the
// register in document_receipts.go, the signed copy in document_signed.go.

// DocumentInput is a draft as typed (form or API).
type DocumentInput struct {
	Type         string           `json:"type"`
	Subject      string           `json:"subject"`
	Body         []string         `json:"body"`
	Addressees   []string         `json:"addressees"`
	Recipients   []RecipientInput `json:"recipients"`
	Signer       string           `json:"signer"`        // the signer's login
	DraftingUnit string           `json:"drafting_unit"` // unit code ("": the caller's unit)
	Urgency      string           `json:"urgency"`
	Relation     string           `json:"relation"` // thay_the | dinh_chinh, with Replaces
	Replaces     int64            `json:"replaces"`
	Version      int              `json:"version"`
}

// RecipientInput names one recipient: a unit by code or id, a person or a
// leader by login or id, or an external body by name (code, email).
type RecipientInput struct {
	Kind  string `json:"kind"`
	ID    int64  `json:"id,omitempty"`
	Code  string `json:"code,omitempty"`
	Login string `json:"login,omitempty"`
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
}

// DocumentActions are what the reader may do on the document now.
type DocumentActions struct {
	Edit, Submit, Check, Approve, Return, Issue, Withdraw, Remind, UploadSigned, Acknowledge, Open, Replace bool
	// AssignPoints: the Office may turn the numbered requests into items.
	AssignPoints bool
	CheckLabel   string
}

// DocumentView is a document's page.
type DocumentView struct {
	Doc        store.Document
	Recipients []store.DocRecipient
	History    []store.DocEvent
	Actions    DocumentActions
	// Mine is the reader's own recipient line (nil when not addressed).
	Mine *store.DocRecipient
	// Replaces is the document this one replaces or corrects, if any.
	Replaces *store.Document
	// Signatures is what the signature reader found in the signed copy;
	// SignatureNote says why there is nothing to show.
	Signatures    []SignatureInfo
	SignatureNote string
	// Points are the numbered requests with the items made of them.
	Points []DocPoint
}

// StateLabel is the state in words.
func (v DocumentView) StateLabel() string { return document.State(v.Doc.State).Label() }

// docContext is a document with what policy needs about it.
type docContext struct {
	doc        store.Document
	recipients []store.DocRecipient
	signerLead int64 // the signer's leader id
}

func (c docContext) target() auth.Target {
	return auth.Target{UnitID: c.doc.DraftingUnitID, LeaderID: c.signerLead}
}

// receiverTarget is the recipients as a policy target.
func (c docContext) receiverTarget() auth.Target {
	var t auth.Target
	for _, r := range c.recipients {
		switch document.RecipientKind(r.Kind) {
		case document.ToUnit:
			t.Units = append(t.Units, r.RefID)
		case document.ToPerson:
			t.People = append(t.People, r.RefID)
		case document.ToLeader:
			t.Leaders = append(t.Leaders, r.RefID)
		}
	}
	return t
}

// mine returns the reader's recipient line: their own (person, leader)
// before their unit's.
func (c docContext) mine(a auth.Actor) *store.DocRecipient {
	var unit *store.DocRecipient
	for i := range c.recipients {
		r := &c.recipients[i]
		switch {
		case r.Kind == string(document.ToPerson) && a.PersonID != 0 && r.RefID == a.PersonID,
			r.Kind == string(document.ToLeader) && a.LeaderID != 0 && r.RefID == a.LeaderID:
			return r
		case r.Kind == string(document.ToUnit) && a.UnitID != 0 && r.RefID == a.UnitID && unit == nil:
			unit = r
		}
	}
	return unit
}

func loadDoc(ctx context.Context, tx *store.Tx, a auth.Actor, id int64) (docContext, error) {
	var c docContext
	var err error
	if c.doc, err = tx.Document(ctx, a.WardID, id); err != nil {
		return c, err
	}
	if c.recipients, err = tx.DocRecipients(ctx, id); err != nil {
		return c, err
	}
	if c.doc.SignerID != 0 {
		u, err := tx.User(ctx, c.doc.SignerID)
		if err != nil {
			return c, err
		}
		c.signerLead = u.LeaderID
	}
	t := c.target()
	rt := c.receiverTarget()
	t.Units, t.People, t.Leaders = rt.Units, rt.People, rt.Leaders
	if !auth.Can(a, auth.ViewDocuments, t) {
		return c, errs.E(errs.NotFound, "Không tìm thấy văn bản.")
	}
	// A draft is its unit's, the Office's and the leaders' until issued.
	if !document.State(c.doc.State).Numbered() && !auth.Can(a, auth.ViewDraftDocument, c.target()) {
		return c, errs.E(errs.NotFound, "Không tìm thấy văn bản.")
	}
	return c, nil
}

// reviewAction is the policy step the state waits for (who may check,
// approve, issue or return it now).
func reviewAction(s document.State) (auth.Action, bool) {
	switch s {
	case document.StateSubmitted:
		return auth.CheckDocument, true
	case document.StateChecked:
		return auth.CheckDocumentForm, true
	case document.StateFormChecked:
		return auth.SignDocument, true
	case document.StateApproved:
		return auth.IssueDocument, true
	}
	return "", false
}

func documentActions(a auth.Actor, c docContext) DocumentActions {
	s := document.State(c.doc.State)
	t := c.target()
	can := func(act auth.Action) bool { return auth.Can(a, act, t) }
	var out DocumentActions
	draft := s == document.StateDraft && c.doc.SourceKind == ""
	out.Edit = draft && can(auth.DraftDocument)
	out.Submit = out.Edit
	if step, ok := reviewAction(s); ok {
		out.Return = can(step)
		switch s {
		case document.StateSubmitted, document.StateChecked:
			out.Check = can(step)
			out.CheckLabel = document.CheckLabel(s)
		case document.StateFormChecked:
			out.Approve = can(step)
		case document.StateApproved:
			out.Issue = can(step)
		}
	}
	issued := s == document.StateIssued
	out.Withdraw = issued && c.doc.SourceKind == "" && can(auth.IssueDocument)
	out.Remind = issued && c.doc.SourceKind == "" && can(auth.IssueDocument)
	out.UploadSigned = issued && can(auth.IssueDocument)
	out.AssignPoints = issued && c.doc.SourceKind == "" && can(auth.IssueDocument) && len(docPoints(c.doc.Body)) > 0
	out.Replace = s.Numbered() && c.doc.SourceKind == "" && auth.Can(a, auth.DraftDocument, auth.Target{UnitID: c.doc.DraftingUnitID})
	if m := c.mine(a); m != nil && issued && m.SentAt != nil {
		out.Acknowledge = m.AcknowledgedAt == nil && auth.Can(a, auth.ReceiveDocument, c.receiverTarget())
		out.Open = m.FirstOpenedAt == nil && auth.Can(a, auth.ReceiveDocument, c.receiverTarget())
	}
	return out
}

// resolved is a DocumentInput checked against the organization.
type resolved struct {
	draft      document.Draft
	body       []string
	addressees []string
	unit       org.Unit
	signer     org.User
	authority  document.Authority
	recipients []store.DocRecipient
}

// resolveDocument cleans the input and resolves its names: drafting unit,
// signer, recipients. Every problem is a field message.
func resolveDocument(ctx context.Context, tx *store.Tx, a auth.Actor, in DocumentInput) (resolved, error) {
	var r resolved
	f := errs.Fields{}
	o, err := loadOrgIn(ctx, tx, a.WardID)
	if err != nil {
		return r, err
	}
	users, err := tx.Users(ctx, a.WardID)
	if err != nil {
		return r, err
	}
	byLogin := map[string]org.User{}
	byPerson := map[int64]org.User{}
	for _, u := range users {
		byLogin[u.Login] = u
		if u.PersonID != 0 {
			byPerson[u.PersonID] = u
		}
	}
	for _, p := range in.Body {
		if p = strings.TrimSpace(vntext.Clean(p)); p != "" {
			r.body = append(r.body, p)
		}
	}
	for _, p := range in.Addressees {
		if p = strings.TrimSpace(vntext.Clean(p)); p != "" {
			r.addressees = append(r.addressees, p)
		}
	}
	code := strings.ToUpper(strings.TrimSpace(in.DraftingUnit))
	for _, u := range o.Units {
		if (code != "" && u.Code == code) || (code == "" && u.ID == a.UnitID) {
			r.unit = u
		}
	}
	if r.unit.ID == 0 {
		if code == "" {
			f.Add("drafting_unit", "Chọn đơn vị soạn thảo.")
		} else {
			f.Add("drafting_unit", fmt.Sprintf("Không có đơn vị mã %q.", code))
		}
	}
	if login := strings.ToLower(strings.TrimSpace(in.Signer)); login != "" {
		u, ok := byLogin[login]
		post := document.SignerPost("")
		if ok && !u.Disabled {
			switch u.Role {
			case org.RoleChairman:
				post = document.PostChairman
			case org.RoleViceChairman:
				post = document.PostViceChairman
			}
		}
		if au, ok := document.AuthorityFor(post); ok {
			r.signer, r.authority = u, au
		} else {
			f.Add("signer", "Người ký phải là Chủ tịch hoặc một Phó Chủ tịch UBND phường.")
		}
	}
	seen := map[string]bool{}
	for i, ri := range in.Recipients {
		key := fmt.Sprintf("recipients.%d", i)
		rec := store.DocRecipient{Kind: strings.TrimSpace(ri.Kind)}
		switch document.RecipientKind(rec.Kind) {
		case document.ToUnit:
			for _, u := range o.Units {
				if (ri.ID != 0 && u.ID == ri.ID) || (ri.ID == 0 && strings.EqualFold(u.Code, strings.TrimSpace(ri.Code))) {
					rec.RefID, rec.Code, rec.Name = u.ID, u.Code, u.Name
				}
			}
		case document.ToPerson:
			for _, p := range o.People {
				u := byPerson[p.ID]
				if (ri.ID != 0 && p.ID == ri.ID) || (ri.ID == 0 && ri.Login != "" && u.Login == strings.ToLower(strings.TrimSpace(ri.Login))) {
					rec.RefID, rec.Code, rec.Name, rec.Email = p.ID, u.Login, personLine(p), p.Email
				}
			}
		case document.ToLeader:
			for _, l := range o.Leaders {
				if (ri.ID != 0 && l.ID == ri.ID) || (ri.ID == 0 && ri.Login != "" && l.Login == strings.ToLower(strings.TrimSpace(ri.Login))) {
					rec.RefID, rec.Code, rec.Name = l.ID, l.Login, l.Position.Label()+" "+l.FullName
					if p, ok := o.PersonByID(l.PersonID); ok {
						rec.Email = p.Email
					}
				}
			}
		case document.ToExternal:
			rec.Name, rec.Code, rec.Email = vntext.Clean(strings.TrimSpace(ri.Name)), strings.TrimSpace(ri.Code), strings.TrimSpace(ri.Email)
			// Checked here so the message lands on this line's index.
			one := document.Draft{Type: document.CongVan, Subject: "x", Recipients: []document.Recipient{{Kind: document.ToExternal, Name: rec.Name, Email: rec.Email}}}
			if msg := errs.FieldsOf(one.Validate())["recipients.0"]; msg != "" {
				f.Add(key, msg)
				continue
			}
		default:
			f.Add(key, "Loại nơi nhận không hợp lệ.")
			continue
		}
		if document.RecipientKind(rec.Kind).Internal() && rec.RefID == 0 {
			f.Add(key, "Không tìm thấy nơi nhận này trong tổ chức.")
			continue
		}
		dup := fmt.Sprintf("%s:%d:%s", rec.Kind, rec.RefID, strings.ToLower(rec.Name))
		if seen[dup] {
			continue
		}
		seen[dup] = true
		r.recipients = append(r.recipients, rec)
		r.draft.Recipients = append(r.draft.Recipients, document.Recipient{Kind: document.RecipientKind(rec.Kind), Ref: rec.RefID,
			Code: rec.Code, Name: rec.Name, Email: rec.Email})
	}
	urgency := document.Urgency(in.Urgency)
	if urgency == "" {
		urgency = document.Normal
	}
	r.draft.Type, r.draft.Subject, r.draft.Body = document.Type(in.Type), vntext.Clean(strings.TrimSpace(in.Subject)), r.body
	r.draft.Addressees, r.draft.SignerID, r.draft.Urgency = r.addressees, r.signer.ID, urgency
	r.draft.Relation, r.draft.ReplacesID, r.draft.DraftUnitID = document.RelationKind(in.Relation), in.Replaces, r.unit.ID
	for k, v := range errs.FieldsOf(r.draft.Validate()) {
		f.Add(k, v)
	}
	if in.Replaces != 0 {
		old, err := tx.Document(ctx, a.WardID, in.Replaces)
		if err != nil || !document.State(old.State).Numbered() {
			f.Add("replaces", "Văn bản bị thay thế hoặc đính chính phải là văn bản đã ban hành.")
		}
	}
	return r, f.Err()
}

// personLine is a person as a recipient line: "Đồng chí <name>, <title>".
func personLine(p org.Person) string {
	s := "Đồng chí " + p.FullName
	if p.Title != "" {
		s += ", " + p.Title
		if p.UnitName != "" {
			s += " " + p.UnitName
		}
	}
	return s
}

func (r resolved) apply(d *store.Document) {
	d.Type, d.Subject, d.Body, d.Addressees = string(r.draft.Type), r.draft.Subject, r.body, r.addressees
	d.DraftingUnitID, d.UnitCode, d.UnitName = r.unit.ID, r.unit.Code, r.unit.Name
	d.Symbol = document.Symbol(r.draft.Type, r.unit.Code)
	d.SignerID, d.SignerName, d.Authority = r.signer.ID, r.signer.FullName, r.authority.Prefix
	d.SignerPosition = r.authority.Position
	d.Urgency, d.Relation, d.ReplacesID = string(r.draft.Urgency), string(r.draft.Relation), r.draft.ReplacesID
}

// actorName is the reader's full name for history lines.
func actorName(ctx context.Context, tx *store.Tx, a auth.Actor) string {
	if u, err := tx.User(ctx, a.UserID); err == nil && u.FullName != "" {
		return u.FullName
	}
	return a.Login
}

func (app *App) docEvent(ctx context.Context, tx *store.Tx, a auth.Actor, id int64, action, text string) error {
	return tx.AddDocEvent(ctx, store.DocEvent{DocumentID: id, At: app.Now(), ActorID: a.UserID, ActorName: actorName(ctx, tx, a),
		Action: action, Text: text})
}

func docAudit(d store.Document) map[string]any {
	return map[string]any{"type": d.Type, "subject": d.Subject, "state": d.State, "number": d.Number, "signer_id": d.SignerID,
		"urgency": d.Urgency, "paragraphs": len(d.Body)}
}

// CreateDocument saves a new draft of the caller's (or the named) unit.
func (app *App) CreateDocument(ctx context.Context, a auth.Actor, in DocumentInput) (store.Document, error) {
	now := app.Now()
	var out store.Document
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		r, err := resolveDocument(ctx, tx, a, in)
		if r.unit.ID != 0 && !auth.Can(a, auth.DraftDocument, auth.Target{WardID: a.WardID, UnitID: r.unit.ID}) {
			return forbidden()
		}
		if err != nil {
			return err
		}
		d := store.Document{WardID: a.WardID, Year: document.IssueYear(now), State: string(document.StateDraft),
			CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now, Version: 1}
		r.apply(&d)
		if d.ID, err = tx.CreateDocument(ctx, d); err != nil {
			return err
		}
		if err := tx.SetDocRecipients(ctx, d.ID, r.recipients); err != nil {
			return err
		}
		text := "Tạo dự thảo " + strings.ToLower(document.Type(d.Type).Label()) + "."
		if d.ReplacesID != 0 {
			text = fmt.Sprintf("Tạo dự thảo %s văn bản đã ban hành.", strings.ToLower(document.RelationKind(d.Relation).Label()))
		}
		if err := app.docEvent(ctx, tx, a, d.ID, "create", text); err != nil {
			return err
		}
		out = d
		return app.audit(ctx, tx, a, "document", d.ID, "create", "Soạn văn bản: "+d.Subject, nil, docAudit(d))
	})
	return out, err
}

// UpdateDocument saves a draft's new text; only a draft changes, and only
// from the version the editor saw.
func (app *App) UpdateDocument(ctx context.Context, a auth.Actor, id int64, in DocumentInput) (store.Document, error) {
	now := app.Now()
	var out store.Document
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		c, err := loadDoc(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := require(a, auth.DraftDocument, c.target()); err != nil {
			return err
		}
		if err := editable(c.doc); err != nil {
			return err
		}
		if in.Version != c.doc.Version {
			return staleDocument()
		}
		r, err := resolveDocument(ctx, tx, a, in)
		if err != nil {
			return err
		}
		if r.unit.ID != c.doc.DraftingUnitID && !auth.Can(a, auth.DraftDocument, auth.Target{WardID: a.WardID, UnitID: r.unit.ID}) {
			return forbidden()
		}
		before := c.doc
		d := c.doc
		r.apply(&d)
		d.UpdatedAt = now
		if err := tx.UpdateDocument(ctx, d); err != nil {
			return err
		}
		d.Version++
		if err := tx.SetDocRecipients(ctx, d.ID, r.recipients); err != nil {
			return err
		}
		if err := app.docEvent(ctx, tx, a, d.ID, "edit", "Sửa dự thảo."); err != nil {
			return err
		}
		out = d
		return app.audit(ctx, tx, a, "document", d.ID, "edit", "Sửa dự thảo văn bản: "+d.Subject, docAudit(before), docAudit(d))
	})
	return out, err
}

func editable(d store.Document) error {
	switch {
	case d.SourceKind != "":
		return errs.E(errs.Conflict, "Văn bản này được ban hành từ chức năng khác của hệ thống: không sửa ở đây.")
	case document.State(d.State).Numbered():
		return errs.E(errs.Conflict, "Văn bản đã phát hành không được sửa; muốn thay đổi, hãy ban hành văn bản thay thế hoặc đính chính.")
	case !document.State(d.State).Editable():
		return errs.E(errs.Conflict, "Văn bản đang trình duyệt: chỉ sửa được khi bị trả lại.")
	}
	return nil
}

func staleDocument() error {
	return errs.E(errs.Conflict, "Văn bản đã được người khác thay đổi trong lúc bạn xem. Vui lòng tải lại trang để xem bản mới nhất.")
}

// Document returns a document's page for the reader. It writes nothing:
// the first opening is recorded by OpenDocument, a POST from the page.
func (app *App) Document(ctx context.Context, a auth.Actor, id int64) (DocumentView, error) {
	var v DocumentView
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		c, err := loadDoc(ctx, tx, a, id)
		if err != nil {
			return err
		}
		v.Doc, v.Recipients = c.doc, c.recipients
		if v.History, err = tx.DocHistory(ctx, id); err != nil {
			return err
		}
		v.Actions = documentActions(a, c)
		if v.Points, err = documentPoints(ctx, tx, c.doc); err != nil {
			return err
		}
		if m := c.mine(a); m != nil {
			mine := *m
			v.Mine = &mine
		}
		if c.doc.ReplacesID != 0 {
			old, err := tx.Document(ctx, a.WardID, c.doc.ReplacesID)
			if err != nil {
				return err
			}
			v.Replaces = &old
		}
		return nil
	})
	if err != nil {
		return v, err
	}
	v.Signatures, v.SignatureNote = app.readSignatures(ctx, v.Doc)
	return v, nil
}

// DocumentEditor is what the form needs: the document (zero for a new
// one) and the organization to pick recipients and the signer from.
type DocumentEditor struct {
	Doc        store.Document
	Recipients []store.DocRecipient
	Org        Org
	Signers    []org.User
	// DraftUnits are the units the reader may draft for (their own; the
	// Office any), the caller's first.
	DraftUnits []org.Unit
}

// EditDocument returns the form of a draft (id 0: a new one).
func (app *App) EditDocument(ctx context.Context, a auth.Actor, id int64) (DocumentEditor, error) {
	var e DocumentEditor
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		if id != 0 {
			c, err := loadDoc(ctx, tx, a, id)
			if err != nil {
				return err
			}
			if err := require(a, auth.DraftDocument, c.target()); err != nil {
				return err
			}
			if err := editable(c.doc); err != nil {
				return err
			}
			e.Doc, e.Recipients = c.doc, c.recipients
		} else if !auth.Can(a, auth.DraftDocument, auth.Target{WardID: a.WardID, UnitID: a.UnitID}) {
			return forbidden()
		}
		var err error
		if e.Org, err = loadOrgIn(ctx, tx, a.WardID); err != nil {
			return err
		}
		for _, u := range e.Org.Units {
			if auth.Can(a, auth.DraftDocument, auth.Target{WardID: a.WardID, UnitID: u.ID}) {
				if u.ID == a.UnitID {
					e.DraftUnits = append([]org.Unit{u}, e.DraftUnits...)
				} else {
					e.DraftUnits = append(e.DraftUnits, u)
				}
			}
		}
		users, err := tx.Users(ctx, a.WardID)
		if err != nil {
			return err
		}
		for _, u := range users {
			if !u.Disabled && (u.Role == org.RoleChairman || u.Role == org.RoleViceChairman) {
				e.Signers = append(e.Signers, u)
			}
		}
		return nil
	})
	return e, err
}

// EditDocumentSource returns an issued document as the starting text of
// the one replacing or correcting it.
func (app *App) EditDocumentSource(ctx context.Context, a auth.Actor, id int64) (DocumentEditor, error) {
	var e DocumentEditor
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		c, err := loadDoc(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !documentActions(a, c).Replace {
			return forbidden()
		}
		e.Doc, e.Recipients = c.doc, c.recipients
		return nil
	})
	return e, err
}
