package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/document"
	"dieuhanh/internal/edoc"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/export"
	"dieuhanh/internal/store"
)

// Outgoing documents (văn bản đi): the register, Văn bản đến, the form, a
// document's page with its steps, receipts and history, exports.

// SeesIncoming reports whether the documents' tab bar links the register
// of incoming documents: the Office and the leaders see it all, a unit's
// people the documents assigned to their unit.
func (v *View) SeesIncoming() bool {
	a := v.Actor
	return auth.Can(a, auth.ViewIncomingRegister, auth.Target{WardID: a.WardID}) ||
		(a.UnitID != 0 && auth.Can(a, auth.ViewIncoming, auth.Target{WardID: a.WardID, UnitID: a.UnitID}))
}

// docTime is a stamp as "dd/mm/yyyy HH:MM", Vietnam time.
func docTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(vnZone()).Format("02/01/2006 15:04")
}

// docRow is a register line as the page shows it.
type docRow struct {
	store.Document
	TypeLabel, StateLabel, IssuedVN, Source string
	SourceLink                              string // the page of the record it was issued from
}

func docRowOf(d store.Document) docRow {
	r := docRow{Document: d, TypeLabel: document.Type(d.Type).Label(), StateLabel: document.State(d.State).Label()}
	if on, err := parseISODate(d.IssuedOn); err == nil {
		r.IssuedVN = on
	}
	r.Source = map[string]string{"program": "Chương trình công tác", "invitation": "Giấy mời họp", "conclusion": "Thông báo kết luận",
		"remediation_report": "Báo cáo khắc phục", "consolidated_report": "Báo cáo tổng hợp", "amendment": "Điều chỉnh chương trình"}[d.SourceKind]
	switch d.SourceKind {
	case "invitation", "conclusion":
		r.SourceLink = fmt.Sprintf("/events/%d", d.SourceID)
	case "program":
		r.SourceLink = fmt.Sprintf("/programs/%04d-%02d", d.SourceMonth/100, d.SourceMonth%100)
	case "amendment":
		r.SourceLink = fmt.Sprintf("/programs/%04d-%02d/versions", d.SourceMonth/100, d.SourceMonth%100)
	case "consolidated_report":
		r.SourceLink = fmt.Sprintf("/reports/%04d-%02d/consolidated", d.SourceMonth/100, d.SourceMonth%100)
	case "remediation_report":
		r.SourceLink = fmt.Sprintf("/remediations/%d", d.SourceID)
	}
	if d.SourceMonth == 0 && (d.SourceKind == "program" || d.SourceKind == "amendment" || d.SourceKind == "consolidated_report") {
		r.SourceLink = ""
	}
	return r
}

func parseISODate(s string) (string, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return "", err
	}
	return t.Format("02/01/2006"), nil
}

// registerQuery reads the register's filters from the query string.
func registerQuery(r *http.Request) (app.RegisterQuery, error) {
	q := r.URL.Query()
	rq := app.RegisterQuery{Type: q.Get("type"), Unit: q.Get("unit"), State: q.Get("state"), Q: strings.TrimSpace(q.Get("q")), Cursor: q.Get("cursor")}
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			return rq, errs.Fields{"year": "Năm không hợp lệ."}.Err()
		}
		rq.Year = n
	}
	if len([]rune(rq.Q)) > 200 {
		return rq, errs.Fields{"q": "Từ khóa dài quá 200 ký tự."}.Err()
	}
	return rq, nil
}

// documentsView is the register page.
type documentsView struct {
	P          app.RegisterPage
	Rows       []docRow
	InProgress []docRow
	Types      []document.Type
	Years      []int
	NextURL    string
	ExportURL  string
}

func (s *Server) documentsPage(w http.ResponseWriter, r *http.Request) {
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
	v := documentsView{P: p, Types: document.Types()}
	for _, d := range p.Docs {
		v.Rows = append(v.Rows, docRowOf(d))
	}
	for _, d := range p.InProgress {
		v.InProgress = append(v.InProgress, docRowOf(d))
	}
	for y := p.Query.Year + 1; y >= p.Query.Year-4; y-- {
		v.Years = append(v.Years, y)
	}
	vals := url.Values{"year": {strconv.Itoa(p.Query.Year)}}
	for k, x := range map[string]string{"type": q.Type, "unit": q.Unit, "state": q.State, "q": q.Q} {
		if x != "" {
			vals.Set(k, x)
		}
	}
	v.ExportURL = "/documents/export.xlsx?" + vals.Encode()
	if p.Next != "" {
		vals.Set("cursor", p.Next)
		v.NextURL = "/documents?" + vals.Encode()
	}
	s.renderPage(w, r, http.StatusOK, "documents", &View{Title: fmt.Sprintf("Sổ văn bản đi năm %d", p.Query.Year), Active: "documents",
		Form: r.URL.Query(), Data: v})
}

// documentsExport writes the register of the year (filtered) as XLSX.
func (s *Server) documentsExport(w http.ResponseWriter, r *http.Request) {
	q, err := registerQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q.Cursor, q.Limit = "", 200
	sh := export.Sheet{Name: "Sổ văn bản đi", Heads: []string{"Số, ký hiệu", "Ngày", "Loại", "Trích yếu", "Đơn vị soạn thảo", "Người ký", "Tình trạng"},
		Widths: []float64{16, 12, 14, 60, 22, 22, 16}}
	year := 0
	// At most 50 pages (10,000 documents), a year's register many times over.
	for range 50 {
		p, err := s.app.DocumentRegister(r.Context(), actor(r), q)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		year = p.Query.Year
		for _, d := range p.Docs {
			row := docRowOf(d)
			sh.Rows = append(sh.Rows, []any{d.Number, row.IssuedVN, row.TypeLabel, d.Subject, d.UnitName, d.SignerName, row.StateLabel})
		}
		if p.Next == "" {
			break
		}
		q.Cursor = p.Next
	}
	sh.Title = fmt.Sprintf("SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM %d", year)
	s.sendXLSX(w, r, fmt.Sprintf("so-van-ban-di-%d.xlsx", year), export.Workbook{Sheets: []export.Sheet{sh}})
}

// inboxRow is a line of Văn bản đến.
type inboxRow struct {
	docRow
	Recipient             store.DocRecipient
	SentVN, OpenVN, AckVN string
}

func (s *Server) documentInboxPage(w http.ResponseWriter, r *http.Request) {
	list, err := s.app.DocumentInbox(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var rows []inboxRow
	for _, e := range list {
		rows = append(rows, inboxRow{docRow: docRowOf(e.Doc), Recipient: e.Recipient, SentVN: docTime(e.Recipient.SentAt),
			OpenVN: docTime(e.Recipient.FirstOpenedAt), AckVN: docTime(e.Recipient.AcknowledgedAt)})
	}
	s.renderPage(w, r, http.StatusOK, "documents_inbox", &View{Title: "Văn bản đến", Active: "documents", Data: rows})
}

// docEditView is the form's data.
type docEditView struct {
	E         app.DocumentEditor
	Types     []document.Type
	Urgencies []document.Urgency
	Picked    map[string]bool // "unit:3", "person:7", "leader:2"
	External  []int           // indexes of external rows shown
	Action    string
}

// documentForm is a document's values as the form shows them.
func documentForm(e app.DocumentEditor, defaults url.Values) url.Values {
	v := url.Values{}
	d := e.Doc
	if d.ID == 0 {
		v.Set("type", "cong_van")
		v.Set("urgency", "thuong")
		for k, x := range defaults {
			v[k] = x
		}
		return v
	}
	v.Set("version", strconv.Itoa(d.Version))
	v.Set("type", d.Type)
	v.Set("subject", d.Subject)
	v.Set("body", strings.Join(d.Body, "\n"))
	v.Set("addressees", strings.Join(d.Addressees, "\n"))
	v.Set("drafting_unit", d.UnitCode)
	v.Set("urgency", d.Urgency)
	v.Set("relation", d.Relation)
	if d.ReplacesID != 0 {
		v.Set("replaces", strconv.FormatInt(d.ReplacesID, 10))
	}
	for _, r := range e.Recipients {
		if r.Kind == "external" {
			v.Add("ext_name", r.Name)
			v.Add("ext_code", r.Code)
			v.Add("ext_email", r.Email)
			continue
		}
		v.Add("recipient", fmt.Sprintf("%s:%d", r.Kind, r.RefID))
	}
	for _, u := range e.Signers {
		if u.ID == d.SignerID {
			v.Set("signer", u.Login)
		}
	}
	return v
}

// documentInput reads the form.
func documentInput(r *http.Request) app.DocumentInput {
	in := app.DocumentInput{Type: r.PostFormValue("type"), Subject: r.PostFormValue("subject"), Signer: r.PostFormValue("signer"),
		DraftingUnit: r.PostFormValue("drafting_unit"), Urgency: r.PostFormValue("urgency"), Relation: r.PostFormValue("relation"),
		Replaces: formInt64(r, "replaces"), Version: formInt(r, "version")}
	in.Body = strings.Split(strings.ReplaceAll(r.PostFormValue("body"), "\r\n", "\n"), "\n")
	in.Addressees = strings.Split(strings.ReplaceAll(r.PostFormValue("addressees"), "\r\n", "\n"), "\n")
	for _, p := range r.PostForm["recipient"] {
		kind, idText, _ := strings.Cut(p, ":")
		id, _ := strconv.ParseInt(idText, 10, 64)
		in.Recipients = append(in.Recipients, app.RecipientInput{Kind: kind, ID: max(id, -1)})
	}
	names, codes, emails := r.PostForm["ext_name"], r.PostForm["ext_code"], r.PostForm["ext_email"]
	for i, n := range names {
		at := func(xs []string) string {
			if i < len(xs) {
				return xs[i]
			}
			return ""
		}
		if strings.TrimSpace(n) == "" && strings.TrimSpace(at(emails)) == "" && strings.TrimSpace(at(codes)) == "" {
			continue
		}
		in.Recipients = append(in.Recipients, app.RecipientInput{Kind: "external", Name: n, Code: at(codes), Email: at(emails)})
	}
	return in
}

func (s *Server) renderDocumentForm(w http.ResponseWriter, r *http.Request, status int, e app.DocumentEditor, form url.Values, err error) {
	v := docEditView{E: e, Types: document.Types(), Urgencies: document.Urgencies(), Picked: map[string]bool{}, Action: "/documents"}
	if e.Doc.ID != 0 {
		v.Action = fmt.Sprintf("/documents/%d", e.Doc.ID)
	}
	for _, p := range form["recipient"] {
		v.Picked[p] = true
	}
	for i := range max(len(form["ext_name"])+1, 2) {
		v.External = append(v.External, i)
	}
	title := "Soạn văn bản đi"
	if e.Doc.ID != 0 {
		title = "Sửa dự thảo văn bản"
	}
	view := &View{Title: title, Active: "documents", Form: form, Data: v}
	if err != nil {
		view.Errors, view.Message = errs.FieldsOf(err), errs.Message(err)
	}
	s.renderPage(w, r, status, "document_edit", view)
}

func (s *Server) documentNewPage(w http.ResponseWriter, r *http.Request) {
	e, err := s.app.EditDocument(r.Context(), actor(r), 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defaults := url.Values{}
	// "Thay thế / đính chính" starts from the old document's text.
	if old := r.URL.Query().Get("replaces"); old != "" {
		id, _ := strconv.ParseInt(old, 10, 64)
		rel := r.URL.Query().Get("relation")
		if rel != string(document.Corrects) {
			rel = string(document.Replaces)
		}
		if prev, perr := s.app.EditDocumentSource(r.Context(), actor(r), id); perr == nil {
			defaults = documentForm(prev, nil)
			defaults.Del("version")
			defaults.Set("replaces", strconv.FormatInt(id, 10))
			defaults.Set("relation", rel)
			e.Recipients = prev.Recipients
		}
	}
	s.renderDocumentForm(w, r, http.StatusOK, e, documentForm(e, defaults), nil)
}

func (s *Server) documentCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	d, err := s.app.CreateDocument(r.Context(), actor(r), documentInput(r))
	if err != nil {
		s.documentFormFailed(w, r, 0, err)
		return
	}
	s.flash(r, "Đã lưu dự thảo văn bản.")
	redirect(w, r, app.DocumentPath(d.ID))
}

func (s *Server) documentFormFailed(w http.ResponseWriter, r *http.Request, id int64, err error) {
	switch errs.KindOf(err) {
	case errs.Invalid, errs.Conflict:
	default:
		s.fail(w, r, err)
		return
	}
	e, eerr := s.app.EditDocument(r.Context(), actor(r), id)
	if eerr != nil {
		s.fail(w, r, err)
		return
	}
	s.renderDocumentForm(w, r, statusOf(errs.KindOf(err)), e, r.PostForm, err)
}

func (s *Server) documentEditPage(w http.ResponseWriter, r *http.Request) {
	e, err := s.app.EditDocument(r.Context(), actor(r), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderDocumentForm(w, r, http.StatusOK, e, documentForm(e, nil), nil)
}

func (s *Server) documentUpdate(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	r.ParseForm()
	if _, err := s.app.UpdateDocument(r.Context(), actor(r), id, documentInput(r)); err != nil {
		s.documentFormFailed(w, r, id, err)
		return
	}
	s.flash(r, "Đã lưu dự thảo văn bản.")
	redirect(w, r, app.DocumentPath(id))
}

// docPageView is a document's page.
type docPageView struct {
	V          app.DocumentView
	Row        docRow
	Recipients []recipientRow
	History    []historyRow
	Units      []app.OrgUnit // lead units to assign requests to
}

type recipientRow struct {
	store.DocRecipient
	KindLabel, SentVN, OpenVN, AckVN, RemindVN string
}

type historyRow struct {
	At, Actor, Text string
}

func (s *Server) documentData(r *http.Request, id int64) (docPageView, error) {
	v, err := s.app.Document(r.Context(), actor(r), id)
	if err != nil {
		return docPageView{}, err
	}
	p := docPageView{V: v, Row: docRowOf(v.Doc)}
	kinds := map[string]string{"unit": "Đơn vị", "person": "Cá nhân", "leader": "Lãnh đạo", "external": "Ngoài hệ thống"}
	for _, rc := range v.Recipients {
		p.Recipients = append(p.Recipients, recipientRow{DocRecipient: rc, KindLabel: kinds[rc.Kind], SentVN: docTime(rc.SentAt),
			OpenVN: docTime(rc.FirstOpenedAt), AckVN: docTime(rc.AcknowledgedAt), RemindVN: docTime(rc.RemindedAt)})
	}
	if v.Actions.AssignPoints {
		o, err := s.app.LoadOrg(r.Context(), actor(r))
		if err != nil {
			return docPageView{}, err
		}
		for _, u := range o.Units {
			if u.Kind != "partner" {
				p.Units = append(p.Units, app.OrgUnit{ID: u.ID, Code: u.Code, Name: u.Name})
			}
		}
	}
	for _, h := range v.History {
		at := h.At
		p.History = append(p.History, historyRow{At: docTime(&at), Actor: h.ActorName, Text: h.Text})
	}
	return p, nil
}

func (s *Server) documentPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.documentData(r, pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, "document", &View{Title: documentTitle(p.V.Doc), Active: "documents", Data: p})
}

func documentTitle(d store.Document) string {
	t := document.Type(d.Type).Label()
	if d.Number != "" {
		return t + " số " + d.Number
	}
	return t + " (dự thảo)"
}

func (s *Server) documentFailed(w http.ResponseWriter, r *http.Request, id int64, err error) {
	switch errs.KindOf(err) {
	case errs.Invalid, errs.Conflict, errs.Forbidden:
	default:
		s.fail(w, r, err)
		return
	}
	p, derr := s.documentData(r, id)
	if derr != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPage(w, r, statusOf(errs.KindOf(err)), "document", &View{Title: documentTitle(p.V.Doc), Active: "documents", Data: p,
		Errors: errs.FieldsOf(err), Message: errs.Message(err), Form: r.PostForm})
}

// documentStep runs submit, check, approve, return, issue, withdraw or
// remind from the page.
func (s *Server) documentStep(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	r.ParseForm()
	act := r.PathValue("action")
	version := formInt(r, "version")
	var err error
	msg := ""
	if act == "remind" {
		var n int
		n, err = s.app.RemindDocument(r.Context(), actor(r), id, version)
		msg = fmt.Sprintf("Đã nhắc %d nơi nhận chưa xác nhận đã nhận.", n)
	} else {
		a := document.Action(act)
		if !a.Valid() {
			s.fail(w, r, errs.E(errs.NotFound, "Không có thao tác này."))
			return
		}
		var d store.Document
		d, err = s.app.DocumentStep(r.Context(), actor(r), id, a, r.PostFormValue("comment"), version)
		msg = map[document.Action]string{document.ActSubmit: "Đã trình văn bản.", document.ActCheck: "Đã ghi nhận kiểm tra.",
			document.ActApprove: "Đã ký duyệt văn bản.", document.ActReturn: "Đã trả lại văn bản.",
			document.ActIssue: "Đã phát hành văn bản số " + d.Number + " và gửi đến các nơi nhận.", document.ActWithdraw: "Đã thu hồi văn bản."}[a]
	}
	if err != nil {
		s.documentFailed(w, r, id, err)
		return
	}
	s.flash(r, msg)
	redirect(w, r, app.DocumentPath(id))
}

// documentOpen records the first opening; the page posts it when shown.
func (s *Server) documentOpen(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	if err := s.app.OpenDocument(r.Context(), actor(r), id); err != nil {
		s.fail(w, r, err)
		return
	}
	// htmx posts it in the background: nothing to swap. Without script,
	// the form leads back to the page.
	if r.Header.Get("HX-Request") == "true" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, app.DocumentPath(id), http.StatusSeeOther)
}

func (s *Server) documentAcknowledge(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	r.ParseForm()
	if _, err := s.app.AcknowledgeDocument(r.Context(), actor(r), id); err != nil {
		s.documentFailed(w, r, id, err)
		return
	}
	s.flash(r, "Đã xác nhận đã nhận văn bản.")
	back := app.DocumentPath(id)
	if r.PostFormValue("back") == "inbox" {
		back = "/documents/inbox"
	}
	redirect(w, r, back)
}

// readSignedUpload reads the "file" field of a multipart form.
func readSignedUpload(r *http.Request) (string, []byte, error) {
	ups, done, err := formFiles(r, "file")
	defer done()
	if err != nil {
		return "", nil, err
	}
	if len(ups) != 1 {
		return "", nil, errs.Fields{"file": "Chọn một tệp PDF đã ký."}.Err()
	}
	if ups[0].Size > app.MaxSignedPDFBytes {
		return "", nil, errs.Fields{"file": "Tệp lớn quá 20 MB."}.Err()
	}
	data, err := io.ReadAll(io.NewSectionReader(ups[0].Content, 0, ups[0].Size))
	return ups[0].Name, data, err
}

func (s *Server) documentSigned(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	name, data, err := readSignedUpload(r)
	if err == nil {
		_, err = s.app.UploadSignedDocument(r.Context(), actor(r), id, formInt(r, "version"), name, data)
	}
	if err != nil {
		s.documentFailed(w, r, id, err)
		return
	}
	s.flash(r, "Đã lưu bản đã ký.")
	redirect(w, r, app.DocumentPath(id))
}

func (s *Server) documentSignedDownload(w http.ResponseWriter, r *http.Request) {
	d, blob, err := s.app.SignedDocument(r.Context(), actor(r), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", "attachment; filename=\"ban-da-ky.pdf\"; filename*=UTF-8''"+url.PathEscape(d.SignedName))
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Header().Set("X-Content-SHA256", d.SignedSHA256)
	io.Copy(w, blob)
}

// documentExport writes a document as DOCX or PDF.
func (s *Server) documentExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		o, d, err := s.app.DocumentExport(r.Context(), actor(r), pathID(r, "id"))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var buf bytes.Buffer
		if format == "docx" {
			err = o.DOCX(&buf)
		} else {
			err = o.PDF(&buf)
		}
		if err != nil {
			s.fail(w, r, errs.Wrap(err, "web: export "+format))
			return
		}
		name := fmt.Sprintf("du-thao-van-ban-%d.%s", d.ID, format)
		if d.Number != "" {
			name = fmt.Sprintf("van-ban-%s.%s", strings.NewReplacer("/", "-", "Đ", "D").Replace(d.Number), format)
		}
		w.Header().Set("Content-Type", exportFormats[format].contentType)
		w.Header().Set("Content-Disposition", "attachment; filename=\""+name+"\"")
		w.Header().Set("Cache-Control", "private, no-cache")
		buf.WriteTo(w)
	}
}

// documentAssign turns a numbered request into an item of a unit.
func (s *Server) documentAssign(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	r.ParseForm()
	in := app.DocPointInput{Point: formInt(r, "point"), Unit: r.PostFormValue("unit"), DueDate: r.PostFormValue("due_date"),
		Product: r.PostFormValue("product")}
	link, err := s.app.AssignDocumentPoint(r.Context(), actor(r), id, in)
	if err != nil {
		// The messages sit beside the request's own form.
		if fs := errs.FieldsOf(err); len(fs) > 0 {
			keyed := errs.Fields{}
			for k, m := range fs {
				keyed[fmt.Sprintf("point%d.%s", in.Point, k)] = m
			}
			err = &errs.Error{Kind: errs.KindOf(err), Message: errs.Message(err), Fields: keyed}
		}
		s.documentFailed(w, r, id, err)
		return
	}
	msg := fmt.Sprintf("Đã giao yêu cầu %d thành nội dung chương trình.", link.Point)
	if link.AmendmentID != 0 {
		msg = fmt.Sprintf("Đã đề nghị bổ sung yêu cầu %d vào chương trình đã ban hành; chờ Chủ tịch duyệt.", link.Point)
	}
	s.flash(r, msg)
	redirect(w, r, app.DocumentPath(id))
}

// documentExchange answers an issued document's metadata (Decree 30/2020
// Appendix VI, JSON) or its edXML package with the PDF, for the
// province's document system.
func (s *Server) documentExchange(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		m, files, err := s.app.DocumentMetadata(r.Context(), actor(r), pathID(r, "id"), format == "edxml")
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var body []byte
		contentType := "application/json; charset=utf-8"
		if format == "edxml" {
			body, err = edoc.Package(m, files)
			contentType = "application/xml; charset=utf-8"
		} else {
			body, err = edoc.JSON(m)
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		name := "van-ban-" + strings.NewReplacer("/", "-", "Đ", "D").Replace(m.CodeNumber+"/"+m.CodeNotation) + "." + format
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Content-Disposition", "attachment; filename=\""+name+"\"")
		w.Header().Set("Cache-Control", "private, no-cache")
		w.Write(body)
	}
}
