package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/document"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/notify"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
)

// DocumentPath is a document's page.
func DocumentPath(id int64) string { return fmt.Sprintf("/documents/%d", id) }

// DocumentStep moves a document one step: submit, check (the unit head's
// content check, then the Office's form check), approve, return (with a
// comment, back to draft), issue (the clerk numbers it and sends it to
// every recipient) or withdraw (with a reason). One transaction: a refused
// step changes nothing and burns no number.
func (app *App) DocumentStep(ctx context.Context, a auth.Actor, id int64, act document.Action, comment string, version int) (store.Document, error) {
	now := app.Now()
	comment = strings.TrimSpace(comment)
	var out store.Document
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		c, err := loadDoc(ctx, tx, a, id)
		if err != nil {
			return err
		}
		d := c.doc
		if d.SourceKind != "" {
			return errs.E(errs.Conflict, "Văn bản này được ban hành từ chức năng khác của hệ thống: không xử lý ở đây.")
		}
		state := document.State(d.State)
		switch act {
		case document.ActSubmit:
			err = require(a, auth.DraftDocument, c.target())
		case document.ActWithdraw:
			err = require(a, auth.IssueDocument, c.target())
		case document.ActCheck, document.ActApprove, document.ActReturn, document.ActIssue:
			step, ok := reviewAction(state)
			if !ok {
				_, err = document.Next(state, act)
				return err
			}
			err = require(a, step, c.target())
		default:
			return errs.E(errs.Invalid, "Thao tác không hợp lệ.")
		}
		if err != nil {
			return err
		}
		if version != d.Version {
			return staleDocument()
		}
		next, err := document.Next(state, act)
		if err != nil {
			return err
		}
		if act.NeedsComment() && comment == "" {
			if act == document.ActWithdraw {
				return errs.Fields{"comment": "Nhập lý do thu hồi văn bản."}.Err()
			}
			return errs.Fields{"comment": "Nhập ý kiến khi trả lại văn bản."}.Err()
		}
		if len([]rune(comment)) > 2000 {
			return errs.Fields{"comment": "Ý kiến dài quá 2000 ký tự."}.Err()
		}
		draft := document.Draft{SignerID: d.SignerID}
		for _, r := range c.recipients {
			draft.Recipients = append(draft.Recipients, document.Recipient{Kind: document.RecipientKind(r.Kind), Ref: r.RefID})
		}
		if act == document.ActSubmit || act == document.ActApprove || act == document.ActIssue {
			if err := document.ReadyToIssue(draft); err != nil {
				return err
			}
		}
		before := d
		d.State, d.UpdatedAt = string(next), now
		var text string
		switch act {
		case document.ActSubmit:
			d.ReturnComment = ""
			text = "Trình lãnh đạo đơn vị kiểm tra nội dung."
		case document.ActCheck:
			text = "Kiểm tra nội dung: đạt, chuyển Văn phòng kiểm tra thể thức."
			if state == document.StateChecked {
				text = "Kiểm tra thể thức: đạt, trình " + strings.ToLower(signerTitle(d)) + " ký."
			}
		case document.ActApprove:
			text = "Ký duyệt văn bản."
		case document.ActReturn:
			d.ReturnComment = comment
			text = "Trả lại văn bản: " + comment
		case document.ActIssue:
			if err := app.numberDocument(ctx, tx, a, &d, now); err != nil {
				return err
			}
			text = fmt.Sprintf("Phát hành văn bản số %s ngày %s, gửi %d nơi nhận.", d.Number, calendar.DateOf(now).VN(), len(c.recipients))
		case document.ActWithdraw:
			d.WithdrawnAt, d.WithdrawnBy, d.WithdrawReason = &now, a.UserID, comment
			text = "Thu hồi văn bản số " + d.Number + ": " + comment
		}
		if err := tx.UpdateDocument(ctx, d); err != nil {
			return err
		}
		d.Version++
		if err := app.docEvent(ctx, tx, a, d.ID, string(act), text); err != nil {
			return err
		}
		if err := app.afterStep(ctx, tx, a, c, d, act, state, now); err != nil {
			return err
		}
		out = d
		return app.audit(ctx, tx, a, "document", d.ID, string(act), act.Label()+" văn bản: "+d.Subject, docAudit(before), docAudit(d))
	})
	return out, err
}

func signerTitle(d store.Document) string {
	switch d.SignerPosition {
	case "CHỦ TỊCH":
		return "Chủ tịch"
	case "PHÓ CHỦ TỊCH":
		return "Phó Chủ tịch"
	}
	return "lãnh đạo"
}

// numberDocument draws the number from the ward's book for the year of
// issue (Vietnam time) and stamps the issue.
func (app *App) numberDocument(ctx context.Context, tx *store.Tx, a auth.Actor, d *store.Document, now time.Time) error {
	year := document.IssueYear(now)
	seq, book, err := tx.DrawDocNumber(ctx, a.WardID, year, d.Symbol)
	if err != nil {
		return err
	}
	d.Year, d.Book, d.NumberSeq, d.Number = year, book, seq, document.Number(seq, d.Symbol)
	d.IssuedOn, d.IssuedAt, d.IssuedBy = calendar.DateOf(now).String(), &now, a.UserID
	return nil
}

// afterStep tells whoever acts next; issuing sends the document.
func (app *App) afterStep(ctx context.Context, tx *store.Tx, a auth.Actor, c docContext, d store.Document, act document.Action,
	from document.State, now time.Time) error {
	link := DocumentPath(d.ID)
	tell := func(users []int64, title string) error {
		return tx.Notify(ctx, a.WardID, users, store.Notification{Title: title, Body: d.Subject, Link: link}, now)
	}
	switch act {
	case document.ActSubmit:
		heads, err := tx.UnitUserIDs(ctx, d.DraftingUnitID, "unit_head", "office")
		if err != nil {
			return err
		}
		return tell(heads, "Văn bản chờ kiểm tra nội dung")
	case document.ActCheck:
		if from == document.StateSubmitted {
			office, err := tx.RoleUserIDs(ctx, a.WardID, "office")
			if err != nil {
				return err
			}
			return tell(office, "Văn bản chờ kiểm tra thể thức")
		}
		return tell([]int64{d.SignerID}, "Văn bản chờ ký duyệt")
	case document.ActApprove:
		office, err := tx.RoleUserIDs(ctx, a.WardID, "office")
		if err != nil {
			return err
		}
		return tell(office, "Văn bản đã ký duyệt, chờ phát hành")
	case document.ActReturn:
		return tell([]int64{d.CreatedBy}, "Văn bản bị trả lại: "+d.ReturnComment)
	case document.ActIssue:
		return app.sendDocument(ctx, tx, a, c, d, now)
	case document.ActWithdraw:
		users, err := recipientUsers(ctx, tx, c.recipients)
		if err != nil {
			return err
		}
		return tx.Notify(ctx, a.WardID, users, store.Notification{Kind: string(notify.DocumentReceived),
			Title: "Thu hồi văn bản số " + d.Number, Body: d.WithdrawReason, Link: link}, now)
	}
	return nil
}

// recipientUsers are the accounts reached through internal recipient lines.
func recipientUsers(ctx context.Context, tx *store.Tx, rs []store.DocRecipient) ([]int64, error) {
	var out []int64
	for _, r := range rs {
		ids, err := recipientLineUsers(ctx, tx, r)
		if err != nil {
			return nil, err
		}
		out = append(out, ids...)
	}
	return out, nil
}

func recipientLineUsers(ctx context.Context, tx *store.Tx, r store.DocRecipient) ([]int64, error) {
	switch document.RecipientKind(r.Kind) {
	case document.ToUnit:
		return tx.UnitUserIDs(ctx, r.RefID, "unit_head", "unit_staff", "office", "viewer")
	case document.ToPerson:
		return tx.PersonUserIDs(ctx, r.RefID)
	case document.ToLeader:
		id, err := tx.LeaderUserID(ctx, r.RefID)
		if err != nil || id == 0 {
			return nil, err
		}
		return []int64{id}, nil
	}
	return nil, nil
}

// sendDocument is the issue's sending: every recipient is stamped sent;
// internal ones find it in "Văn bản đến" with a notification, external ones
// with an address get an email when the ward sends email.
func (app *App) sendDocument(ctx context.Context, tx *store.Tx, a auth.Actor, c docContext, d store.Document, now time.Time) error {
	if err := tx.MarkDocSent(ctx, d.ID, now); err != nil {
		return err
	}
	users, err := recipientUsers(ctx, tx, c.recipients)
	if err != nil {
		return err
	}
	title := fmt.Sprintf("Văn bản đến: %s số %s", document.Type(d.Type).Label(), d.Number)
	if err := tx.Notify(ctx, a.WardID, users, store.Notification{Kind: string(notify.DocumentReceived), Title: title,
		Body: d.Subject, Link: DocumentPath(d.ID)}, now); err != nil {
		return err
	}
	return app.mailExternal(ctx, tx, a, c.recipients, d, "", now)
}

// documentPDF renders an issued document and stores it, returning the
// stored file's SHA-256 and name for mail attachments.
func (app *App) documentPDF(ctx context.Context, tx *store.Tx, w org.Ward, c docContext, now time.Time) (sum, name string, err error) {
	o := outgoingDoc(w.IssuerName(), strings.ToUpper(w.ParentName), w.PlaceName, c, calendar.DateOf(now).Year)
	var buf bytes.Buffer
	if err := o.PDF(&buf); err != nil {
		return "", "", errs.Wrap(err, "app: document PDF")
	}
	h := sha256.Sum256(buf.Bytes())
	sum = hex.EncodeToString(h[:])
	if err := tx.PutBlob(ctx, sum, int64(buf.Len()), bytes.NewReader(buf.Bytes()), now); err != nil {
		return "", "", err
	}
	return sum, "van-ban-" + strings.NewReplacer("/", "-", "Đ", "D").Replace(c.doc.Number) + ".pdf", nil
}

// mailExternal queues the document to each external recipient with an
// address, when the ward sends email: the number, date and trích yếu in
// the message, the document as a PDF attachment.
func (app *App) mailExternal(ctx context.Context, tx *store.Tx, a auth.Actor, rs []store.DocRecipient, d store.Document, prefix string, now time.Time) error {
	on, err := tx.MailOn(ctx, a.WardID)
	if err != nil || !on {
		return err
	}
	w, err := tx.Ward(ctx, a.WardID)
	if err != nil {
		return err
	}
	all, err := tx.DocRecipients(ctx, d.ID)
	if err != nil {
		return err
	}
	var sum, file string
	for _, r := range rs {
		if r.Kind != string(document.ToExternal) || r.Email == "" {
			continue
		}
		if sum == "" {
			if sum, file, err = app.documentPDF(ctx, tx, w, docContext{doc: d, recipients: all}, now); err != nil {
				return err
			}
		}
		var b strings.Builder
		fmt.Fprintf(&b, "Kính gửi: %s\n\n%s%s gửi %s số %s ngày %s.\nTrích yếu: %s\n\n", r.Name, prefix, w.Name,
			strings.ToLower(document.Type(d.Type).Label()), d.Number, calendar.DateOf(*d.IssuedAt).VN(), d.Subject)
		b.WriteString("Văn bản gửi kèm theo thư này (tệp PDF).\n")
		if _, err := tx.EnqueueMail(ctx, store.OutboxMessage{WardID: a.WardID, To: r.Email, Kind: string(notify.DocumentReceived),
			Subject: prefix + w.Name + ": văn bản số " + d.Number, Text: b.String(), AttachmentSHA256: sum, AttachmentName: file,
			Key: fmt.Sprintf("document:%d:%d:%s", d.ID, r.ID, now.UTC().Format(time.RFC3339))}, now); err != nil {
			return err
		}
	}
	return nil
}
