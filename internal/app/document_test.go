package app_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/document"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

func directive() app.DocumentInput {
	return app.DocumentInput{Type: "cong_van", Subject: "V/v triển khai thực hiện Chương trình công tác tháng",
		Body:       []string{"Thực hiện chỉ đạo của Chủ tịch UBND phường, đề nghị các đơn vị:", "1. Rà soát các nội dung được giao."},
		Addressees: []string{"Các phòng chuyên môn", "Trung tâm Phục vụ hành chính công"},
		Recipients: []app.RecipientInput{{Kind: "unit", Code: "KTHTDT"}, {Kind: "leader", Login: "pct.kinhte"},
			{Kind: "external", Name: "Công an phường", Email: "congan@example.vn"}},
		Signer: "chutich", Urgency: "khan"}
}

// The whole way of a công văn: drafted by the Office, checked, signed,
// numbered and sent, opened and acknowledged; the sender sees receipts.
func TestDocumentCycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, vn("2026-12-18 09:00"))
		office, chair, head := f.actor("vanphong"), f.actor("chutich"), f.actor("truongphong.kt")
		d, err := f.app.CreateDocument(ctx, office, directive())
		if err != nil {
			t.Fatal(err)
		}
		if d.State != "draft" || d.Symbol != "UBND-VP" || d.Authority != "TM." || d.SignerName != "Nguyễn Văn Hùng" {
			t.Fatalf("draft: %+v", d)
		}
		// Not the drafting unit's: a department head neither sees nor edits it.
		if _, err := f.app.UpdateDocument(ctx, head, d.ID, withVersion(directive(), d.Version)); !errs.Is(err, errs.NotFound) {
			t.Fatalf("head edits the Office's draft: %v", err)
		}
		if _, err := f.app.Document(ctx, head, d.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("head reads the Office's draft: %v", err)
		}
		step := func(a string, act document.Action, comment string) store.Document {
			t.Helper()
			out, err := f.app.DocumentStep(ctx, f.actor(a), d.ID, act, comment, d.Version)
			if err != nil {
				t.Fatalf("%s %s: %v", a, act, err)
			}
			d = out
			return out
		}
		step("vanphong", document.ActSubmit, "")
		// The signer cannot approve before the checks.
		if _, err := f.app.DocumentStep(ctx, chair, d.ID, document.ActApprove, "", d.Version); !errs.Is(err, errs.Conflict) && !errs.Is(err, errs.Forbidden) {
			t.Fatalf("approve before checks: %v", err)
		}
		step("vanphong", document.ActCheck, "")
		if d.State != "checked" {
			t.Fatalf("after the content check: %s", d.State)
		}
		step("vanphong", document.ActCheck, "")
		// Returned with a comment, back to draft, then again.
		if _, err := f.app.DocumentStep(ctx, chair, d.ID, document.ActReturn, " ", d.Version); errs.FieldsOf(err)["comment"] == "" {
			t.Fatalf("return without comment: %v", err)
		}
		step("chutich", document.ActReturn, "Bổ sung thời hạn báo cáo")
		if d.State != "draft" || d.ReturnComment != "Bổ sung thời hạn báo cáo" {
			t.Fatalf("returned: %+v", d)
		}
		in := directive()
		in.Body = append(in.Body, "2. Báo cáo kết quả trước ngày 25.")
		in.Version = d.Version
		if d, err = f.app.UpdateDocument(ctx, office, d.ID, in); err != nil {
			t.Fatal(err)
		}
		// A stale edit is refused.
		if _, err := f.app.UpdateDocument(ctx, office, d.ID, withVersion(directive(), d.Version-1)); !errs.Is(err, errs.Conflict) {
			t.Fatalf("stale edit: %v", err)
		}
		step("vanphong", document.ActSubmit, "")
		step("vanphong", document.ActCheck, "")
		step("vanphong", document.ActCheck, "")
		// A Vice Chairman is not this document's signer.
		if _, err := f.app.DocumentStep(ctx, f.actor("pct.kinhte"), d.ID, document.ActApprove, "", d.Version); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("another leader approves: %v", err)
		}
		step("chutich", document.ActApprove, "")
		if _, err := f.app.DocumentStep(ctx, chair, d.ID, document.ActIssue, "", d.Version); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("the Chairman issues: %v", err)
		}
		step("vanphong", document.ActIssue, "")
		if d.State != "issued" || !strings.HasSuffix(d.Number, "/UBND-VP") || d.IssuedOn != "2026-12-18" || d.Year != 2026 {
			t.Fatalf("issued: %+v", d)
		}
		// Frozen.
		if _, err := f.app.UpdateDocument(ctx, office, d.ID, withVersion(directive(), d.Version)); !errs.Is(err, errs.Conflict) {
			t.Fatalf("edit an issued document: %v", err)
		}
		// The department finds it in Văn bản đến, opens and acknowledges it.
		inbox, err := f.app.DocumentInbox(ctx, head)
		if err != nil || len(inbox) == 0 || inbox[0].Doc.ID != d.ID || inbox[0].Recipient.SentAt == nil {
			t.Fatalf("inbox: %+v %v", inbox, err)
		}
		if err := f.app.OpenDocument(ctx, head, d.ID); err != nil {
			t.Fatal(err)
		}
		f.now = f.now.Add(3600e9)
		rec, err := f.app.AcknowledgeDocument(ctx, head, d.ID)
		if err != nil || rec.AcknowledgedAt == nil {
			t.Fatalf("acknowledge: %+v %v", rec, err)
		}
		// Someone not addressed cannot acknowledge.
		if _, err := f.app.AcknowledgeDocument(ctx, f.actor("truongphong.vhxh"), d.ID); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("acknowledge a document not addressed to you: %v", err)
		}
		rs, err := f.app.DocumentReceipts(ctx, office, d.ID)
		if err != nil || len(rs) != 3 {
			t.Fatalf("receipts: %+v %v", rs, err)
		}
		if rs[0].FirstOpenedAt == nil || rs[0].AcknowledgedAt == nil || rs[0].AckByName != "Bùi Quang Vinh" || rs[1].AcknowledgedAt != nil {
			t.Fatalf("receipts: %+v", rs)
		}
		if !rs[0].FirstOpenedAt.Before(*rs[0].AcknowledgedAt) {
			t.Errorf("opened %v after acknowledged %v", rs[0].FirstOpenedAt, rs[0].AcknowledgedAt)
		}
		// The Office reminds the two still silent.
		v, err := f.app.Document(ctx, office, d.ID)
		if err != nil || !v.Actions.Remind || !v.Actions.Withdraw || v.Actions.Edit {
			t.Fatalf("actions after issue: %+v %v", v.Actions, err)
		}
		if n, err := f.app.RemindDocument(ctx, office, d.ID, d.Version); err != nil || n != 2 {
			t.Fatalf("remind: %d %v", n, err)
		}
		// Withdrawn with a reason; its number is never given again.
		if _, err := f.app.DocumentStep(ctx, office, d.ID, document.ActWithdraw, "", d.Version); errs.FieldsOf(err)["comment"] == "" {
			t.Fatalf("withdraw without reason: %v", err)
		}
		step("vanphong", document.ActWithdraw, "Ban hành nhầm đối tượng")
		v, err = f.app.Document(ctx, office, d.ID)
		if err != nil || v.Doc.State != "withdrawn" || v.Doc.WithdrawReason != "Ban hành nhầm đối tượng" || len(v.History) < 10 {
			t.Fatalf("withdrawn: %+v %v", v.Doc, err)
		}
		repl := directive()
		repl.Relation, repl.Replaces = "thay_the", d.ID
		r, err := f.app.CreateDocument(ctx, office, repl)
		if err != nil {
			t.Fatal(err)
		}
		for _, act := range []document.Action{document.ActSubmit, document.ActCheck, document.ActCheck} {
			if r, err = f.app.DocumentStep(ctx, office, r.ID, act, "", r.Version); err != nil {
				t.Fatal(err)
			}
		}
		if r, err = f.app.DocumentStep(ctx, chair, r.ID, document.ActApprove, "", r.Version); err != nil {
			t.Fatal(err)
		}
		if r, err = f.app.DocumentStep(ctx, office, r.ID, document.ActIssue, "", r.Version); err != nil {
			t.Fatal(err)
		}
		if r.NumberSeq != d.NumberSeq+1 || r.ReplacesID != d.ID {
			t.Fatalf("replacement numbered %s after withdrawn %s", r.Number, d.Number)
		}
	})
}

func withVersion(in app.DocumentInput, v int) app.DocumentInput {
	in.Version = v
	return in
}

// Issuing without a signer or recipients is refused, and nothing is
// saved: no number drawn, the state unchanged.
func TestDocumentIssueRefused(t *testing.T) {
	db := storetest.OpenSQLite(t)
	ctx := context.Background()
	f := newFixture(t, db, vn("2026-12-18 09:00"))
	office := f.actor("vanphong")
	in := directive()
	in.Signer, in.Recipients = "", nil
	d, err := f.app.CreateDocument(ctx, office, in)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.app.DocumentStep(ctx, office, d.ID, document.ActSubmit, "", d.Version)
	if fs := errs.FieldsOf(err); fs["signer"] == "" || fs["recipients"] == "" {
		t.Fatalf("submit without signer and recipients: %v", err)
	}
	// A document approved whose signer was lost (a broken import) still
	// cannot be issued.
	d, err = f.app.CreateDocument(ctx, office, directive())
	if err != nil {
		t.Fatal(err)
	}
	if err := storetest.Exec(ctx, db, `UPDATE documents SET state = 'approved', signer_id = NULL WHERE id = $1`, d.ID); err != nil {
		t.Fatal(err)
	}
	before := storetest.RowCounts(t, db, "doc_sequences", "document_history", "audit_log", "notifications")
	seqBefore := lastNumber(t, db)
	_, err = f.app.DocumentStep(ctx, office, d.ID, document.ActIssue, "", d.Version)
	if errs.FieldsOf(err)["signer"] == "" {
		t.Fatalf("issue without signer: %v", err)
	}
	after := storetest.RowCounts(t, db, "doc_sequences", "document_history", "audit_log", "notifications")
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %d rows, was %d", k, after[k], v)
		}
	}
	if lastNumber(t, db) != seqBefore {
		t.Error("a refused issue burnt a number")
	}
	// Unknown names are field errors beside the right field.
	bad := directive()
	bad.Signer, bad.Recipients = "truongphong.kt", []app.RecipientInput{{Kind: "unit", Code: "KHONGCO"}, {Kind: "external"}}
	_, err = f.app.CreateDocument(ctx, office, bad)
	fs := errs.FieldsOf(err)
	if fs["signer"] == "" || fs["recipients.0"] == "" || fs["recipients.1"] == "" {
		t.Fatalf("bad names: %v", err)
	}
}

func lastNumber(t *testing.T, db *store.DB) int {
	t.Helper()
	n := 0
	err := db.View(context.Background(), func(tx *store.Tx) error {
		docs, _, err := tx.Register(context.Background(), store.RegisterFilter{WardID: 1, Year: 2026, Limit: 1})
		if len(docs) > 0 {
			n = docs[0].NumberSeq
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The signed copy: stored byte for byte with its SHA-256; a file that is
// not the PDF it claims to be is refused.
func TestSignedCopy(t *testing.T) {
	db := storetest.OpenSQLite(t)
	ctx := context.Background()
	f := newFixture(t, db, vn("2026-12-18 09:00"))
	office, chair := f.actor("vanphong"), f.actor("chutich")
	d := issuedDirective(t, f)
	pdf := unsignedPDF(t)
	for _, bad := range []struct{ name, data string }{
		{"ky.pdf", "MZ\x90\x00 this is an executable"},
		{"ky.pdf", "%PDF-1.7\n1 0 obj truncated"},
		{"ky.pdf", "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"}, // a trailer pointing nowhere
		{"ky.docx", string(pdf)},
	} {
		if _, err := f.app.UploadSignedDocument(ctx, office, d.ID, d.Version, bad.name, []byte(bad.data)); errs.FieldsOf(err)["file"] == "" {
			t.Errorf("%q accepted: %v", bad.data[:6], err)
		}
	}
	if _, err := f.app.UploadSignedDocument(ctx, chair, d.ID, d.Version, "ky.pdf", pdf); !errs.Is(err, errs.Forbidden) {
		t.Errorf("the Chairman files the signed copy: %v", err)
	}
	d, err := f.app.UploadSignedDocument(ctx, office, d.ID, d.Version, "ky.pdf", pdf)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(pdf)
	if d.SignedSHA256 != hex.EncodeToString(sum[:]) || d.SignedSize != int64(len(pdf)) {
		t.Fatalf("stored: %+v", d)
	}
	_, r, err := f.app.SignedDocument(ctx, office, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	back := make([]byte, len(pdf)+10)
	n, _ := r.Read(back)
	if string(back[:n]) != string(pdf) {
		t.Fatal("the signed copy changed when stored")
	}
	v, err := f.app.Document(ctx, office, d.ID)
	if err != nil || v.SignatureNote != "tệp không có chữ ký số" || len(v.Signatures) != 0 {
		t.Fatalf("signature note: %q %v %v", v.SignatureNote, v.Signatures, err)
	}
}

// issuedDirective drafts the Office's directive and takes it through every
// step to issue.
func issuedDirective(t *testing.T, f *fixture) store.Document {
	t.Helper()
	ctx := context.Background()
	d, err := f.app.CreateDocument(ctx, f.actor("vanphong"), directive())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		who string
		act document.Action
	}{{"vanphong", document.ActSubmit}, {"vanphong", document.ActCheck}, {"vanphong", document.ActCheck}, {"chutich", document.ActApprove}, {"vanphong", document.ActIssue}} {
		if d, err = f.app.DocumentStep(ctx, f.actor(s.who), d.ID, s.act, "", d.Version); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// The signed copy's signatures are read when it is shown: the signer, the
// time, a valid signature over the whole file; bytes added after signing
// are reported as a change. The certificate is made here, self-signed, so
// its signer cannot be traced to a trusted authority, which is said too.
func TestSignedCopyIsVerified(t *testing.T) {
	db := storetest.OpenSQLite(t)
	ctx := context.Background()
	f := newFixture(t, db, vn("2026-12-18 09:00"))
	office := f.actor("vanphong")
	d := issuedDirective(t, f)
	signed := selfSignedPDF(t, "Nguyễn Văn An", "UBND phường Hòa Bình")
	for _, tt := range []struct {
		name    string
		data    []byte
		changed bool
	}{
		{"as signed", signed, false},
		{"edited after signing", append(append([]byte{}, signed...), "\n1 0 obj\n(sửa sau khi ký)\nendobj\n"...), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if d, err = f.app.UploadSignedDocument(ctx, office, d.ID, d.Version, "ky.pdf", tt.data); err != nil {
				t.Fatal(err)
			}
			v, err := f.app.Document(ctx, office, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(v.Signatures) != 1 {
				t.Fatalf("signatures %+v, note %q", v.Signatures, v.SignatureNote)
			}
			s := v.Signatures[0]
			if s.Signer != "Nguyễn Văn An (UBND phường Hòa Bình)" || !s.Valid || s.Changed != tt.changed ||
				!s.SignedAt.Equal(signingTime) || !strings.Contains(s.Note, "không xác minh được nguồn gốc") {
				t.Errorf("signature %+v", s)
			}
		})
	}
}

// An issued directive's numbered requests become items of the units named,
// citing the document and point, in the program of their due month.
func TestDocumentPointsBecomeItems(t *testing.T) {
	db := storetest.OpenSQLite(t)
	ctx := context.Background()
	f := newFixture(t, db, vn("2026-12-18 09:00"))
	office, chair := f.actor("vanphong"), f.actor("chutich")
	d, err := f.app.CreateDocument(ctx, office, directive())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		who string
		act document.Action
	}{{"vanphong", document.ActSubmit}, {"vanphong", document.ActCheck}, {"vanphong", document.ActCheck}, {"chutich", document.ActApprove}} {
		if d, err = f.app.DocumentStep(ctx, f.actor(s.who), d.ID, s.act, "", d.Version); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.app.AssignDocumentPoint(ctx, office, d.ID, app.DocPointInput{Point: 1, Unit: "KTHTDT", DueDate: "15/01/2027"}); !errs.Is(err, errs.Conflict) {
		t.Fatalf("assign before issue: %v", err)
	}
	if d, err = f.app.DocumentStep(ctx, office, d.ID, document.ActIssue, "", d.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.AssignDocumentPoint(ctx, chair, d.ID, app.DocPointInput{Point: 1, Unit: "KTHTDT", DueDate: "15/01/2027"}); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("the Chairman assigns: %v", err)
	}
	_, err = f.app.AssignDocumentPoint(ctx, office, d.ID, app.DocPointInput{Point: 7, Unit: "KHONG", DueDate: "31/02/2027"})
	if fs := errs.FieldsOf(err); fs["point"] == "" || fs["unit"] == "" || fs["due_date"] == "" {
		t.Fatalf("bad assignment: %v", err)
	}
	link, err := f.app.AssignDocumentPoint(ctx, office, d.ID, app.DocPointInput{Point: 1, Unit: "KTHTDT", DueDate: "15/01/2027"})
	if err != nil || link.ItemID == 0 {
		t.Fatalf("assign: %+v %v", link, err)
	}
	it := f.item(link.ItemID)
	if it.Item.Source != "directive" || !strings.Contains(it.Item.SourceRef, d.Number+" ngày 18/12/2026") || !strings.HasSuffix(it.Item.SourceRef, "điểm 1") ||
		it.Item.LeadUnitCode != "KTHTDT" || it.Item.Title != "Rà soát các nội dung được giao." {
		t.Fatalf("item: %+v", it.Item)
	}
	v, err := f.app.Document(ctx, office, d.ID)
	if err != nil || len(v.Points) != 1 || len(v.Points[0].Items) != 1 || v.Points[0].Items[0].UnitName != "Phòng Kinh tế, Hạ tầng và Đô thị" {
		t.Fatalf("points: %+v %v", v.Points, err)
	}
}

// With email on, an external recipient's message carries the document's
// PDF; an internal one gets none (they read it in Văn bản đến).
func TestDocumentMailedWithPDF(t *testing.T) {
	db := storetest.OpenSQLite(t)
	db.SetMailByEnv(true)
	ctx := context.Background()
	f := newFixture(t, db, vn("2026-12-18 09:00"))
	office := f.actor("vanphong")
	d, err := f.app.CreateDocument(ctx, office, directive())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		who string
		act document.Action
	}{{"vanphong", document.ActSubmit}, {"vanphong", document.ActCheck}, {"vanphong", document.ActCheck}, {"chutich", document.ActApprove}, {"vanphong", document.ActIssue}} {
		if d, err = f.app.DocumentStep(ctx, f.actor(s.who), d.ID, s.act, "", d.Version); err != nil {
			t.Fatal(err)
		}
	}
	var found bool
	err = db.Update(ctx, func(tx *store.Tx) error {
		queued, err := tx.ClaimOutbox(ctx, "test", f.now.Add(time.Hour), f.now.Add(2*time.Hour), 500)
		for _, m := range queued {
			if m.To == "congan@example.vn" {
				found = m.AttachmentSHA256 != "" && strings.HasSuffix(m.AttachmentName, ".pdf") && strings.Contains(m.Text, d.Number)
			}
		}
		return err
	})
	if err != nil || !found {
		t.Fatalf("no message with the PDF for the external recipient: %v", err)
	}
}

// The home page tells each person the step a document waits for from
// them, and Văn bản đến not yet acknowledged.
func TestDocumentHomeLines(t *testing.T) {
	db := storetest.OpenSQLite(t)
	ctx := context.Background()
	f := newFixture(t, db, vn("2026-12-18 09:00"))
	office := f.actor("vanphong")
	d, err := f.app.CreateDocument(ctx, office, directive())
	if err != nil {
		t.Fatal(err)
	}
	lines := func(login string) []app.TodoLine {
		t.Helper()
		h, err := f.app.Dashboard(ctx, f.actor(login))
		if err != nil {
			t.Fatal(err)
		}
		var out []app.TodoLine
		for _, l := range h.Lines {
			if strings.HasPrefix(l.Kind, "document_") {
				out = append(out, l)
			}
		}
		return out
	}
	steps := []struct {
		who  string
		act  document.Action
		next string // who sees the next step
		text string
	}{
		{"vanphong", document.ActSubmit, "vanphong", "Kiểm tra nội dung văn bản"},
		{"vanphong", document.ActCheck, "vanphong", "Kiểm tra thể thức văn bản"},
		{"vanphong", document.ActCheck, "chutich", "Ký duyệt văn bản"},
		{"chutich", document.ActApprove, "vanphong", "Cấp số, phát hành văn bản"},
	}
	for _, s := range steps {
		if d, err = f.app.DocumentStep(ctx, f.actor(s.who), d.ID, s.act, "", d.Version); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, l := range lines(s.next) {
			found = found || (strings.HasPrefix(l.Text, s.text) && l.Href == app.DocumentPath(d.ID))
		}
		if !found {
			t.Errorf("after %s, %s has no line %q: %+v", s.act, s.next, s.text, lines(s.next))
		}
	}
	if ls := lines("pct.vanhoa"); len(ls) != 0 {
		t.Errorf("a leader not signing sees %+v", ls)
	}
	if d, err = f.app.DocumentStep(ctx, office, d.ID, document.ActIssue, "", d.Version); err != nil {
		t.Fatal(err)
	}
	inbox := func() string {
		for _, l := range lines("truongphong.kt") {
			if l.Kind == "document_inbox" {
				return l.Text
			}
		}
		return ""
	}
	if got := inbox(); !strings.HasSuffix(got, "văn bản đến chưa xác nhận đã nhận") {
		t.Fatalf("inbox line: %q", got)
	}
	if _, err := f.app.AcknowledgeDocument(ctx, f.actor("truongphong.kt"), d.ID); err != nil {
		t.Fatal(err)
	}
	if got := inbox(); got != "" {
		t.Errorf("after acknowledging: %q", got)
	}
}
