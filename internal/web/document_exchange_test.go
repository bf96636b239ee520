package web_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"dieuhanh/internal/edoc"
	"dieuhanh/internal/store/storetest"
)

// An issued document's metadata (Decree 30/2020 Appendix VI) and its edXML
// package with the PDF, for the province's document system: the number,
// date, signer and recipients as issued; a draft has none; a ward that has
// not given its electronic identifier is told which field is missing.
func TestDocumentExchangeExports(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	office, chair := e.token("vanphong"), e.token("chutich")
	get := func(path, tok string) (int, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b
	}
	st, d := e.apiCall("POST", "/api/v1/documents", office, `{"type":"cong_van","subject":"V/v rà soát nhiệm vụ quá hạn & <chưa xong>",
		"body":["Đề nghị các đơn vị rà soát."],"recipients":[{"kind":"unit","code":"KTHTDT"},
		{"kind":"external","name":"Sở Nội vụ","code":"000.00.12.H26","email":"snv@example.vn"}],"signer":"chutich","urgency":"khan"}`)
	if st != http.StatusCreated {
		t.Fatalf("create: %d %v", st, d)
	}
	path := fmt.Sprintf("/api/v1/documents/%v", d["id"])
	if st, out := get(path+"/export.json", office); st != http.StatusConflict || !strings.Contains(string(out), "chưa phát hành") {
		t.Errorf("a draft's metadata: %d %s", st, out)
	}
	for _, s := range []struct{ tok, act string }{{office, "submit"}, {office, "check"}, {office, "check"}, {chair, "approve"}, {office, "issue"}} {
		if st, d = e.apiCall("POST", path+"/"+s.act, s.tok, fmt.Sprintf(`{"version":%v}`, d["version"])); st != 200 {
			t.Fatalf("%s: %d %v", s.act, st, d)
		}
	}
	number := d["number"].(string)
	st, js := get(path+"/export.json", office)
	want := []string{`"OrganId": "000.00.99.H99"`, `"CodeNumber": "` + strings.Split(number, "/")[0] + `"`, `"CodeNotation": "UBND-VP"`,
		`"TypeName": "Công văn"`, `"FullName": "Nguyễn Văn Hùng"`, `"OrganName": "Sở Nội vụ"`, `"Priority": 1`}
	for _, w := range want {
		if st != 200 || !bytes.Contains(js, []byte(w)) {
			t.Errorf("metadata lacks %s: %d\n%s", w, st, js)
		}
	}
	st, pkg := get(path+"/export.edxml", office)
	if st != 200 {
		t.Fatalf("edXML: %d %s", st, pkg)
	}
	m, files, err := edoc.Parse(pkg)
	if err != nil {
		t.Fatal(err)
	}
	if m.CodeNumber+"/"+m.CodeNotation != number || m.Subject != "V/v rà soát nhiệm vụ quá hạn & <chưa xong>" || len(files) != 1 ||
		!bytes.HasPrefix(files[0].Data, []byte("%PDF-")) {
		t.Errorf("package: %+v, %d files", m, len(files))
	}
	// Without the ward's identifier the metadata cannot be exchanged.
	e.app.DB.Raw().Exec(`UPDATE wards SET settings = REPLACE(settings, '"organ_id":"000.00.99.H99"', '"organ_id":""')`)
	if st, out := get(path+"/export.json", office); st != http.StatusBadRequest || !strings.Contains(string(out), "OrganId") {
		t.Errorf("no identifier: %d %s", st, out)
	}
}

// A register entry numbered elsewhere (a program, a report) links the page
// it was issued from, and does not pretend to lack a signer or recipients.
func TestRegisterEntriesLinkTheirSource(t *testing.T) {
	e := newWalkEnv(t)
	c := e.login("vanphong")
	for _, kind := range []string{"program", "consolidated_report", "remediation_report", "conclusion"} {
		var id int64
		if err := e.db.Raw().QueryRow(`SELECT id FROM documents WHERE source_kind = '` + kind + `' ORDER BY id LIMIT 1`).Scan(&id); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		res, err := c.Get(fmt.Sprintf("%s/documents/%d", e.srv.URL, id))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		page := string(body)
		link := regexp.MustCompile(`id="source-note">[^<]*<a href="(/(programs/\d{4}-\d{2}|reports/\d{4}-\d{2}/consolidated|remediations/\d+|events/\d+))">`).FindStringSubmatch(page)
		if res.StatusCode != 200 || link == nil || strings.Contains(page, "Chưa chọn") || strings.Contains(page, `id="receipts"`) {
			t.Errorf("%s entry %d: %d, source link %v", kind, id, res.StatusCode, link)
			continue
		}
		if res, err := c.Get(e.srv.URL + link[1]); err != nil || res.StatusCode != 200 {
			t.Errorf("%s entry %d links %s: %v %v", kind, id, link[1], res.StatusCode, err)
		}
	}
}
