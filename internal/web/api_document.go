package web

import (
	"net/http"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/document"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/store"
)

// The outgoing documents API (docs/api.md): the register, one document,
// drafting, the workflow steps, receipts, Văn bản đến, the signed copy.
// Units by code, people and leaders by login, dates YYYY-MM-DD, moments in
// Vietnam time.

func apiTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.In(vnZone())
}

func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// documentJSON is a document as the register lists it.
func documentJSON(d store.Document) map[string]any {
	body, addr := d.Body, d.Addressees
	if body == nil {
		body = []string{}
	}
	if addr == nil {
		addr = []string{}
	}
	out := map[string]any{
		"id": d.ID, "version": d.Version, "type": d.Type, "type_label": document.Type(d.Type).Label(), "year": d.Year,
		"number": nonEmpty(d.Number), "symbol": d.Symbol, "subject": d.Subject, "body": body, "addressees": addr,
		"drafting_unit": nonEmpty(d.UnitCode), "signer": nonEmpty(d.SignerName), "authority": nonEmpty(d.Authority),
		"position": nonEmpty(d.SignerPosition), "urgency": d.Urgency, "state": d.State, "state_label": document.State(d.State).Label(),
		"return_comment": nonEmpty(d.ReturnComment), "issued_on": nonEmpty(d.IssuedOn), "issued_at": apiTime(d.IssuedAt),
		"withdrawn_at": apiTime(d.WithdrawnAt), "withdraw_reason": nonEmpty(d.WithdrawReason),
		"source": nonEmpty(d.SourceKind), "relation": nonEmpty(d.Relation),
	}
	if d.ReplacesID != 0 {
		out["replaces"] = d.ReplacesID
	}
	if d.SignedSHA256 != "" {
		out["signed"] = map[string]any{"name": d.SignedName, "size": d.SignedSize, "sha256": d.SignedSHA256, "at": apiTime(d.SignedAt)}
	}
	return out
}

func recipientJSON(r store.DocRecipient) map[string]any {
	return map[string]any{"kind": r.Kind, "code": nonEmpty(r.Code), "name": r.Name, "email": nonEmpty(r.Email),
		"sent_at": apiTime(r.SentAt), "first_opened_at": apiTime(r.FirstOpenedAt), "acknowledged_at": apiTime(r.AcknowledgedAt),
		"acknowledged_by": nonEmpty(r.AckByName), "reminded_at": apiTime(r.RemindedAt)}
}

func recipientsJSON(rs []store.DocRecipient) []map[string]any {
	out := []map[string]any{}
	for _, r := range rs {
		out = append(out, recipientJSON(r))
	}
	return out
}

func (s *Server) writeDocument(w http.ResponseWriter, r *http.Request, id int64, status int) {
	v, err := s.app.Document(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := documentJSON(v.Doc)
	out["recipients"] = recipientsJSON(v.Recipients)
	hist := []map[string]any{}
	for _, h := range v.History {
		hist = append(hist, map[string]any{"at": h.At.In(vnZone()), "by": h.ActorName, "action": h.Action, "text": h.Text})
	}
	out["history"] = hist
	x := v.Actions
	out["actions"] = map[string]bool{"edit": x.Edit, "submit": x.Submit, "check": x.Check, "approve": x.Approve, "return": x.Return,
		"issue": x.Issue, "withdraw": x.Withdraw, "remind": x.Remind, "signed": x.UploadSigned, "acknowledge": x.Acknowledge,
		"assign": x.AssignPoints}
	if v.Doc.SignedSHA256 != "" {
		sigs := []map[string]any{}
		for _, sg := range v.Signatures {
			sigs = append(sigs, map[string]any{"signer": sg.Signer, "signed_at": sg.SignedAt.In(vnZone()), "valid": sg.Valid,
				"changed_after": sg.Changed, "note": nonEmpty(sg.Note)})
		}
		out["signatures"], out["signature_note"] = sigs, nonEmpty(v.SignatureNote)
	}
	writeJSON(w, status, out)
}

func (s *Server) apiDocuments(w http.ResponseWriter, r *http.Request) {
	q, err := registerQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.app.DocumentRegister(r.Context(), actor(r), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	docs := []map[string]any{}
	for _, d := range p.Docs {
		docs = append(docs, documentJSON(d))
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": p.Query.Year, "documents": docs, "next_cursor": nonEmpty(p.Next)})
}

func (s *Server) apiDocumentCreate(w http.ResponseWriter, r *http.Request) {
	var in app.DocumentInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.app.CreateDocument(r.Context(), actor(r), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeDocument(w, r, d.ID, http.StatusCreated)
}

func (s *Server) apiDocument(w http.ResponseWriter, r *http.Request) {
	s.writeDocument(w, r, pathID(r, "id"), http.StatusOK)
}

// apiDocumentPatch changes the fields given; the others keep their value.
func (s *Server) apiDocumentPatch(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	var j struct {
		Version      int                   `json:"version"`
		Type         *string               `json:"type"`
		Subject      *string               `json:"subject"`
		Body         *[]string             `json:"body"`
		Addressees   *[]string             `json:"addressees"`
		Recipients   *[]app.RecipientInput `json:"recipients"`
		Signer       *string               `json:"signer"`
		DraftingUnit *string               `json:"drafting_unit"`
		Urgency      *string               `json:"urgency"`
	}
	if err := decodeJSON(w, r, &j); err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.app.EditDocument(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := documentInputOf(e)
	in.Version = j.Version
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&in.Type, j.Type)
	set(&in.Subject, j.Subject)
	set(&in.Signer, j.Signer)
	set(&in.DraftingUnit, j.DraftingUnit)
	set(&in.Urgency, j.Urgency)
	if j.Body != nil {
		in.Body = *j.Body
	}
	if j.Addressees != nil {
		in.Addressees = *j.Addressees
	}
	if j.Recipients != nil {
		in.Recipients = *j.Recipients
	}
	if _, err := s.app.UpdateDocument(r.Context(), actor(r), id, in); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeDocument(w, r, id, http.StatusOK)
}

// documentInputOf is a stored draft as input (the base of a PATCH).
func documentInputOf(e app.DocumentEditor) app.DocumentInput {
	d := e.Doc
	in := app.DocumentInput{Type: d.Type, Subject: d.Subject, Body: d.Body, Addressees: d.Addressees, DraftingUnit: d.UnitCode,
		Urgency: d.Urgency, Relation: d.Relation, Replaces: d.ReplacesID}
	for _, u := range e.Signers {
		if u.ID == d.SignerID {
			in.Signer = u.Login
		}
	}
	for _, rc := range e.Recipients {
		in.Recipients = append(in.Recipients, app.RecipientInput{Kind: rc.Kind, ID: rc.RefID, Name: rc.Name, Code: rc.Code, Email: rc.Email})
	}
	return in
}

func (s *Server) apiDocumentStep(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	var j struct {
		Version int    `json:"version"`
		Comment string `json:"comment"`
	}
	if err := decodeJSON(w, r, &j); err != nil {
		s.fail(w, r, err)
		return
	}
	act := r.PathValue("action")
	if act == "remind" {
		n, err := s.app.RemindDocument(r.Context(), actor(r), id, j.Version)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"reminded": n})
		return
	}
	a := document.Action(act)
	if !a.Valid() {
		s.fail(w, r, errs.E(errs.NotFound, "Không có thao tác này."))
		return
	}
	if _, err := s.app.DocumentStep(r.Context(), actor(r), id, a, j.Comment, j.Version); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeDocument(w, r, id, http.StatusOK)
}

func (s *Server) apiDocumentAcknowledge(w http.ResponseWriter, r *http.Request) {
	rec, err := s.app.AcknowledgeDocument(r.Context(), actor(r), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, recipientJSON(rec))
}

func (s *Server) apiDocumentReceipts(w http.ResponseWriter, r *http.Request) {
	rs, err := s.app.DocumentReceipts(r.Context(), actor(r), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"recipients": recipientsJSON(rs)})
}

func (s *Server) apiDocumentSigned(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	name, data, err := readSignedUpload(r)
	if err == nil {
		_, err = s.app.UploadSignedDocument(r.Context(), actor(r), id, formInt(r, "version"), name, data)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeDocument(w, r, id, http.StatusOK)
}

func (s *Server) apiDocumentInbox(w http.ResponseWriter, r *http.Request) {
	list, err := s.app.DocumentInbox(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []map[string]any{}
	for _, e := range list {
		d := documentJSON(e.Doc)
		d["receipt"] = recipientJSON(e.Recipient)
		out = append(out, d)
	}
	writeJSON(w, http.StatusOK, map[string]any{"documents": out})
}

func (s *Server) apiDocumentAssign(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	var in app.DocPointInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	link, err := s.app.AssignDocumentPoint(r.Context(), actor(r), id, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"point": link.Point, "item_id": nonZero(link.ItemID),
		"amendment_id": nonZero(link.AmendmentID), "due_date": link.DueDate})
}

func nonZero(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
