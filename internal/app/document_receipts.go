package app

import (
	"context"
	"fmt"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/document"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/notify"
	"dieuhanh/internal/store"
)

// Receipts (đã gửi, đã mở, đã nhận), reminders, "Văn bản đến" and the
// register of outgoing documents.

// myLine returns the reader's recipient line of an issued document, or
// refuses: a document not addressed to the reader cannot be acknowledged.
func myLine(a auth.Actor, c docContext) (store.DocRecipient, error) {
	m := c.mine(a)
	if m == nil || !auth.Can(a, auth.ReceiveDocument, c.receiverTarget()) {
		return store.DocRecipient{}, errs.E(errs.Forbidden, "Văn bản này không gửi đến bạn hoặc đơn vị của bạn: không thể xác nhận đã nhận.")
	}
	if c.doc.State != string(document.StateIssued) || m.SentAt == nil {
		return store.DocRecipient{}, errs.E(errs.Conflict, "Văn bản chưa phát hành hoặc đã bị thu hồi.")
	}
	return *m, nil
}

// OpenDocument records that the reader opened their copy (the page posts
// it once shown); later openings change nothing.
func (app *App) OpenDocument(ctx context.Context, a auth.Actor, id int64) error {
	now := app.Now()
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		c, err := loadDoc(ctx, tx, a, id)
		if err != nil {
			return err
		}
		m, err := myLine(a, c)
		if err != nil {
			return err
		}
		first, err := tx.MarkDocOpened(ctx, m.ID, a.UserID, now)
		if err != nil || !first {
			return err
		}
		if err := app.docEvent(ctx, tx, a, id, "open", "Mở xem văn bản ("+m.Name+")."); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "document", id, "open", "Mở xem văn bản số "+c.doc.Number, nil, map[string]any{"recipient": m.Name})
	})
}

// AcknowledgeDocument records "đã nhận" for the reader's line.
func (app *App) AcknowledgeDocument(ctx context.Context, a auth.Actor, id int64) (store.DocRecipient, error) {
	now := app.Now()
	var out store.DocRecipient
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		c, err := loadDoc(ctx, tx, a, id)
		if err != nil {
			return err
		}
		m, err := myLine(a, c)
		if err != nil {
			return err
		}
		if m.AcknowledgedAt != nil {
			out = m
			return nil // acknowledged already (by a colleague of the unit, or twice)
		}
		if _, err := tx.AcknowledgeDoc(ctx, m.ID, a.UserID, now); err != nil {
			return err
		}
		m.AcknowledgedAt, m.AcknowledgedBy = &now, a.UserID
		if m.FirstOpenedAt == nil {
			m.FirstOpenedAt = &now
		}
		out = m
		if err := app.docEvent(ctx, tx, a, id, "acknowledge", "Xác nhận đã nhận văn bản ("+m.Name+")."); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "document", id, "acknowledge", "Xác nhận đã nhận văn bản số "+c.doc.Number,
			nil, map[string]any{"recipient": m.Name})
	})
	return out, err
}

// RemindDocument reminds every internal recipient who has not acknowledged
// (notification, by email by default) and emails external ones again; it
// returns how many lines were reminded.
func (app *App) RemindDocument(ctx context.Context, a auth.Actor, id int64, version int) (int, error) {
	now := app.Now()
	n := 0
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		c, err := loadDoc(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := require(a, auth.IssueDocument, c.target()); err != nil {
			return err
		}
		if c.doc.State != string(document.StateIssued) || c.doc.SourceKind != "" {
			return errs.E(errs.Conflict, "Chỉ nhắc được văn bản đã phát hành và chưa bị thu hồi.")
		}
		if version != c.doc.Version {
			return staleDocument()
		}
		var pending []store.DocRecipient
		for _, r := range c.recipients {
			if r.SentAt != nil && r.AcknowledgedAt == nil {
				pending = append(pending, r)
			}
		}
		if len(pending) == 0 {
			return errs.E(errs.Conflict, "Mọi nơi nhận đã xác nhận đã nhận: không còn ai để nhắc.")
		}
		users, err := recipientUsers(ctx, tx, pending)
		if err != nil {
			return err
		}
		d := c.doc
		if err := tx.Notify(ctx, a.WardID, users, store.Notification{Kind: string(notify.DocumentReminder),
			Title: fmt.Sprintf("Đề nghị xác nhận đã nhận văn bản số %s", d.Number), Body: d.Subject, Link: DocumentPath(d.ID)}, now); err != nil {
			return err
		}
		if err := app.mailExternal(ctx, tx, a, pending, d, "Nhắc lại: ", now); err != nil {
			return err
		}
		for _, r := range pending {
			if err := tx.MarkDocReminded(ctx, r.ID, now); err != nil {
				return err
			}
		}
		n = len(pending)
		if err := app.docEvent(ctx, tx, a, id, "remind", fmt.Sprintf("Nhắc %d nơi nhận chưa xác nhận đã nhận.", n)); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "document", id, "remind", "Nhắc nơi nhận văn bản số "+d.Number, nil, map[string]any{"reminded": n})
	})
	return n, err
}

// DocumentReceipts returns the recipients with their receipts: the
// drafting unit, the Office and the leaders see them.
func (app *App) DocumentReceipts(ctx context.Context, a auth.Actor, id int64) ([]store.DocRecipient, error) {
	var out []store.DocRecipient
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		c, err := loadDoc(ctx, tx, a, id)
		if err != nil {
			return err
		}
		out = c.recipients
		return nil
	})
	return out, err
}

// InboxDoc is a line of "Văn bản đến".
type InboxDoc struct {
	Doc       store.Document
	Recipient store.DocRecipient
}

// DocumentInbox lists the documents sent to the reader, their unit or
// the leader they are: those not acknowledged first.
func (app *App) DocumentInbox(ctx context.Context, a auth.Actor) ([]InboxDoc, error) {
	var out []InboxDoc
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		es, err := tx.DocInbox(ctx, docScope(a), 200)
		if err != nil {
			return err
		}
		for _, e := range es {
			out = append(out, InboxDoc{Doc: e.Document, Recipient: e.Recipient})
		}
		return nil
	})
	return out, err
}

// RegisterQuery selects the register's page.
type RegisterQuery struct {
	Year   int
	Type   string
	Unit   string // drafting unit code
	State  string
	Q      string
	Cursor string
	Limit  int
}

// RegisterPage is the register of a year with the drafts in progress.
type RegisterPage struct {
	Query      RegisterQuery
	Docs       []store.Document
	Next       string
	InProgress []store.Document
	Units      []OrgUnit
	CanDraft   bool
}

// OrgUnit is a unit as a filter choice.
type OrgUnit struct {
	ID         int64
	Code, Name string
}

// DocumentRegister returns a page of the register of outgoing documents.
func (app *App) DocumentRegister(ctx context.Context, a auth.Actor, q RegisterQuery) (RegisterPage, error) {
	if err := require(a, auth.ViewDocuments, auth.Target{}); err != nil {
		return RegisterPage{}, err
	}
	if q.Year == 0 {
		q.Year = document.IssueYear(app.Now())
	}
	if q.Year < 2000 || q.Year > 2100 {
		return RegisterPage{}, errs.Fields{"year": "Năm không hợp lệ."}.Err()
	}
	if q.Type != "" && !document.Type(q.Type).Valid() {
		return RegisterPage{}, errs.Fields{"type": "Loại văn bản không hợp lệ."}.Err()
	}
	if q.State != "" && q.State != string(document.StateIssued) && q.State != string(document.StateWithdrawn) {
		return RegisterPage{}, errs.Fields{"state": "Trạng thái không hợp lệ."}.Err()
	}
	p := RegisterPage{Query: q, CanDraft: auth.Can(a, auth.DraftDocument, auth.Target{WardID: a.WardID, UnitID: a.UnitID})}
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		units, err := tx.Units(ctx, a.WardID)
		if err != nil {
			return err
		}
		f := store.RegisterFilter{WardID: a.WardID, Year: q.Year, Type: q.Type, State: q.State, Query: q.Q, Cursor: q.Cursor, Limit: q.Limit}
		for _, u := range units {
			p.Units = append(p.Units, OrgUnit{ID: u.ID, Code: u.Code, Name: u.Name})
			if q.Unit != "" && u.Code == q.Unit {
				f.UnitID = u.ID
			}
		}
		if q.Unit != "" && f.UnitID == 0 {
			return errs.Fields{"unit": "Không có đơn vị này."}.Err()
		}
		if p.Docs, p.Next, err = tx.Register(ctx, f); err != nil {
			return err
		}
		if q.Cursor == "" {
			// The Office and the leaders see every unit's drafts; a unit its own.
			switch {
			case auth.Can(a, auth.ViewDraftDocument, auth.Target{WardID: a.WardID}):
				p.InProgress, err = tx.DocumentsInProgress(ctx, a.WardID, 0, 50)
			case auth.Can(a, auth.ViewDraftDocument, auth.Target{WardID: a.WardID, UnitID: a.UnitID}):
				p.InProgress, err = tx.DocumentsInProgress(ctx, a.WardID, a.UnitID, 50)
			}
		}
		return err
	})
	return p, err
}

// docScope is who the reader receives documents as.
func docScope(a auth.Actor) store.InboxScope {
	return store.InboxScope{WardID: a.WardID, UnitID: a.UnitID, PersonID: a.PersonID, LeaderID: a.LeaderID}
}
