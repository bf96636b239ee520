package app

import (
	"fmt"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/document"
	"dieuhanh/internal/org"
)

// documents adds the home page's lines about documents: those waiting for
// the reader's step (check, approval, issue), the reader's drafts returned
// with comments, and Văn bản đến not yet acknowledged.
func (h *dash) documents() error {
	a, tx, ctx := h.a, h.tx, h.ctx
	if a.Role == org.RoleAdmin {
		return nil
	}
	unit := int64(-1)
	switch {
	case auth.Can(a, auth.ViewDraftDocument, auth.Target{WardID: a.WardID}):
		unit = 0
	case auth.Can(a, auth.ViewDraftDocument, auth.Target{WardID: a.WardID, UnitID: a.UnitID}):
		unit = a.UnitID
	}
	if unit >= 0 {
		drafts, err := tx.DocumentsInProgress(ctx, a.WardID, unit, 100)
		if err != nil {
			return err
		}
		n := 0
		for _, d := range drafts {
			c := docContext{doc: d}
			if d.SignerID != 0 {
				u, err := tx.User(ctx, d.SignerID)
				if err != nil {
					return err
				}
				c.signerLead = u.LeaderID
			}
			x := documentActions(a, c)
			text := ""
			switch {
			case x.Check:
				text = x.CheckLabel + " văn bản: " + d.Subject
			case x.Approve:
				text = "Ký duyệt văn bản: " + d.Subject
			case x.Issue:
				text = "Cấp số, phát hành văn bản: " + d.Subject
			case d.State == string(document.StateDraft) && d.ReturnComment != "" && d.CreatedBy == a.UserID:
				text = "Sửa văn bản bị trả lại: " + d.Subject
			default:
				continue
			}
			if n++; n > maxPerKind {
				continue
			}
			h.add("document_step", text, document.Type(d.Type).Label(), DocumentPath(d.ID), ToneSoon)
		}
		if n > maxPerKind {
			h.add("document_step", fmt.Sprintf("Còn %d văn bản khác chờ bạn xử lý", n-maxPerKind), "", "/documents", "")
		}
	}
	es, err := tx.DocInbox(ctx, docScope(a), 200)
	if err != nil {
		return err
	}
	waiting := 0
	for _, e := range es {
		if e.Recipient.AcknowledgedAt == nil && e.Document.State == string(document.StateIssued) {
			waiting++
		}
	}
	if waiting > 0 {
		h.add("document_inbox", fmt.Sprintf("%d văn bản đến chưa xác nhận đã nhận", waiting), "", "/documents/inbox", "")
	}
	return nil
}
