package web_test

import (
	"fmt"
	"maps"
	"net/http"
	"strings"
	"testing"

	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

var docTables = []string{"documents", "document_recipients", "document_history", "doc_sequences", "audit_log", "notifications", "blobs"}

// The documents API from draft to receipt, and its bad input: a number
// only at issue, a stale or issued edit refused, a file that is not the
// PDF it claims to be, an acknowledgement by someone not addressed —
// clear Vietnamese messages, nothing half saved.
func TestDocumentsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		office, chair, kt, vhxh := e.token("vanphong"), e.token("chutich"), e.token("truongphong.kt"), e.token("truongphong.vhxh")
		st, d := e.apiCall("POST", "/api/v1/documents", office, `{"type":"cong_van","subject":"V/v rà soát nội dung chương trình",
			"body":["Đề nghị các đơn vị:","1. Rà soát."],"addressees":["Các phòng chuyên môn"],
			"recipients":[{"kind":"unit","code":"KTHTDT"},{"kind":"leader","login":"pct.kinhte"},{"kind":"external","name":"Sở Nội vụ","email":"snv@example.vn"}],
			"urgency":"khan"}`)
		if st != http.StatusCreated || d["state"] != "draft" || d["number"] != nil || d["symbol"] != "UBND-VP" {
			t.Fatalf("create: %d %v", st, d)
		}
		id := fmt.Sprint(d["id"])
		path := "/api/v1/documents/" + id
		version := func(d map[string]any) string { return fmt.Sprint(d["version"]) }
		// Submitting without a signer is refused beside the field.
		before := storetest.RowCounts(t, db, docTables...)
		st, out := e.apiCall("POST", path+"/submit", office, `{"version":`+version(d)+`}`)
		if f := errFields(out); st != http.StatusBadRequest || !strings.Contains(f["signer"], "người ký") {
			t.Fatalf("submit without signer: %d %v", st, out)
		}
		if after := storetest.RowCounts(t, db, docTables...); !maps.Equal(before, after) {
			t.Fatalf("a refused step wrote: %v → %v", before, after)
		}
		st, d = e.apiCall("PATCH", path, office, `{"version":`+version(d)+`,"signer":"chutich"}`)
		if st != 200 || d["signer"] != "Nguyễn Văn Hùng" || d["authority"] != "TM." {
			t.Fatalf("patch signer: %d %v", st, d)
		}
		if st, out := e.apiCall("PATCH", path, office, `{"version":1,"subject":"x"}`); st != http.StatusConflict {
			t.Fatalf("stale patch: %d %v", st, out)
		}
		for _, s := range []struct{ tok, act string }{{office, "submit"}, {office, "check"}, {office, "check"}, {chair, "approve"}, {office, "issue"}} {
			if st, d = e.apiCall("POST", path+"/"+s.act, s.tok, `{"version":`+version(d)+`}`); st != 200 {
				t.Fatalf("%s: %d %v", s.act, st, d)
			}
		}
		number, _ := d["number"].(string)
		if d["state"] != "issued" || !strings.HasSuffix(number, "/UBND-VP") {
			t.Fatalf("issued: %v", d)
		}
		if st, out := e.apiCall("PATCH", path, office, `{"version":`+version(d)+`,"subject":"Sửa sau khi ban hành"}`); st != http.StatusConflict ||
			!strings.Contains(fmt.Sprint(out), "đã phát hành không được sửa") {
			t.Fatalf("edit an issued document: %d %v", st, out)
		}
		// Văn bản đến of the department, and its acknowledgement.
		st, inbox := e.apiCall("GET", "/api/v1/inbox/documents", kt, "")
		docs, _ := inbox["documents"].([]any)
		if st != 200 || len(docs) == 0 || fmt.Sprint(docs[0].(map[string]any)["id"]) != id {
			t.Fatalf("inbox: %d %v", st, inbox)
		}
		before = storetest.RowCounts(t, db, docTables...)
		if st, out := e.apiCall("POST", path+"/acknowledge", vhxh, ""); st != http.StatusForbidden || !strings.Contains(fmt.Sprint(out), "không gửi đến bạn") {
			t.Fatalf("acknowledge not addressed: %d %v", st, out)
		}
		if after := storetest.RowCounts(t, db, docTables...); !maps.Equal(before, after) {
			t.Fatalf("a refused acknowledgement wrote: %v → %v", before, after)
		}
		if st, out := e.apiCall("POST", path+"/acknowledge", kt, ""); st != 200 || out["acknowledged_at"] == nil {
			t.Fatalf("acknowledge: %d %v", st, out)
		}
		st, rec := e.apiCall("GET", path+"/receipts", office, "")
		rs, _ := rec["recipients"].([]any)
		if st != 200 || len(rs) != 3 || rs[0].(map[string]any)["acknowledged_by"] != "Bùi Quang Vinh" || rs[1].(map[string]any)["acknowledged_at"] != nil {
			t.Fatalf("receipts: %d %v", st, rec)
		}
		// The signed copy: a renamed file is refused, a PDF kept byte for byte.
		before = storetest.RowCounts(t, db, docTables...)
		st, out = e.apiMultipart(path+"/signed", office, map[string]string{"version": version(d)}, "file", "ky.pdf", []byte("PK\x03\x04 not a pdf"))
		if f := errFields(out); st != http.StatusBadRequest || !strings.Contains(f["file"], "không phải PDF") {
			t.Fatalf("fake PDF: %d %v", st, out)
		}
		if after := storetest.RowCounts(t, db, docTables...); !maps.Equal(before, after) {
			t.Fatalf("a refused upload wrote: %v → %v", before, after)
		}
		pdf := []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\nstartxref\n9\n%%EOF\n")
		st, out = e.apiMultipart(path+"/signed", office, map[string]string{"version": version(d)}, "file", "ky.pdf", pdf)
		signed, _ := out["signed"].(map[string]any)
		if st != 200 || signed["size"] != float64(len(pdf)) || out["signature_note"] != "chưa kiểm tra chữ ký" {
			t.Fatalf("signed copy: %d %v", st, out)
		}
		// The register finds it without diacritics; the export is a PDF.
		st, reg := e.apiCall("GET", "/api/v1/documents?q=ra+soat+noi+dung&type=cong_van", office, "")
		if list, _ := reg["documents"].([]any); st != 200 || len(list) != 1 {
			t.Fatalf("register search: %d %v", st, reg)
		}
		c := e.login("vanphong")
		if st, body := e.get(c, "/documents/"+id+"/export.pdf"); st != 200 || !strings.HasPrefix(body, "%PDF") {
			t.Fatalf("export: %d", st)
		}
		if st, body := e.get(c, "/documents?q=ra+soat"); st != 200 || !strings.Contains(body, number) {
			t.Fatalf("register page: %d", st)
		}
		if st, _ := e.get(c, "/documents/export.xlsx"); st != 200 {
			t.Fatalf("register XLSX: %d", st)
		}
	})
}

func errFields(out map[string]any) map[string]string {
	res := map[string]string{}
	e, _ := out["error"].(map[string]any)
	f, _ := e["fields"].(map[string]any)
	for k, v := range f {
		res[k] = fmt.Sprint(v)
	}
	return res
}
