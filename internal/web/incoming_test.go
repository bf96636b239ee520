package web_test

import (
	"encoding/base64"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

var incomingTables = []string{"incoming_documents", "incoming_coordinating_units", "incoming_items", "incoming_history",
	"program_items", "doc_sequences", "audit_log", "notifications", "blobs"}

// testPDF is a file with a PDF's magic number.
var testPDF = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

func incomingFields() map[string]string {
	return map[string]string{"issuer": "UBND Thành phố", "number_symbol": "4872/UBND-KT", "doc_date": "2026-11-20",
		"arrived_on": "2026-11-25", "subject": "Về việc tăng cường kiểm tra trật tự xây dựng, lấn chiếm vỉa hè",
		"notes": "Báo cáo kết quả về Sở Xây dựng", "urgency": "khan"}
}

// Bad input on the register form: Vietnamese messages beside each field,
// the typed values kept, nothing stored; a file that is not the PDF it
// claims to be is refused.
func TestIncomingFormBadInput(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	c := e.login("vanphong")
	if st, page := e.get(c, "/incoming/new"); st != 200 || !strings.Contains(page, `id="incoming-form"`) {
		t.Fatalf("form: %d", st)
	}
	before := storetest.RowCounts(t, e.db, incomingTables...)
	cases := []struct {
		name  string
		edit  map[string]string
		file  string
		data  []byte
		field string // the input the message sits beside
		want  string
	}{
		{"no issuer", map[string]string{"issuer": ""}, "", nil, "issuer", "Chưa nhập cơ quan ban hành."},
		{"document after arrival", map[string]string{"doc_date": "2026-11-26"}, "", nil, "doc_date", "Ngày văn bản không được sau ngày đến (25/11/2026)."},
		{"arrival tomorrow", map[string]string{"arrived_on": "26/11/2026", "doc_date": "2026-11-20"}, "", nil, "arrived_on", "Ngày đến không được sau hôm nay"},
		{"bad date", map[string]string{"doc_date": "31/02/2026"}, "", nil, "doc_date", "Ngày không hợp lệ"},
		{"unknown urgency", map[string]string{"urgency": "rat_khan"}, "", nil, "urgency", "Độ khẩn phải là"},
		{"executable named .pdf", nil, "congvan.pdf", []byte("MZ\x90\x00\x03"), "file", "không được chấp nhận"},
		{"a real PNG", nil, "scan.png", []byte("\x89PNG\r\n\x1a\n00000000"), "file", "không phải PDF"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := incomingFields()
			maps.Copy(f, tc.edit)
			res := e.postFile(c, "/incoming", f, tc.file, tc.data)
			page := body(res)
			if res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d", res.StatusCode)
			}
			re := regexp.MustCompile(`(?s)name="` + tc.field + `".{0,400}?<span class="field-error" role="alert">([^<]*)</span>`)
			m := re.FindStringSubmatch(page)
			if m == nil || !strings.Contains(m[1], tc.want) {
				t.Fatalf("no message %q beside %s: %v", tc.want, tc.field, m)
			}
			if tc.field != "issuer" && !strings.Contains(page, `value="UBND Thành phố"`) {
				t.Error("typed values lost")
			}
		})
	}
	if after := storetest.RowCounts(t, e.db, incomingTables...); !maps.Equal(before, after) {
		t.Fatalf("refused forms changed the database: %v → %v", before, after)
	}
}

// The whole path on the pages: the clerk registers with the PDF and
// routes to the Chairman; the Chairman's deadline on a Sunday gets the
// day-off choice; the assignment puts the item in December's program,
// the item page links back, the department sees the document, its
// history reads in Vietnamese with dd/mm/yyyy HH:MM; search folds
// diacritics; the register downloads as XLSX.
func TestIncomingPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		clerk := e.login("vanphong")
		res := e.postFile(clerk, "/incoming", incomingFields(), "cv4872.pdf", testPDF)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("register: %d %s", res.StatusCode, body(res))
		}
		doc := res.Header.Get("Location")
		st, page := e.get(clerk, doc)
		if st != 200 || !strings.Contains(page, "Văn bản đến số 1/2026") || !strings.Contains(page, `id="route-form"`) || !strings.Contains(page, "cv4872.pdf") {
			t.Fatalf("document page: %d", st)
		}
		if st, pdf := e.get(clerk, doc+"/file"); st != 200 || pdf != string(testPDF) {
			t.Fatalf("file: %d", st)
		}
		version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
		leader := regexp.MustCompile(`<option value="(\d+)"[^>]*>Chủ tịch`).FindStringSubmatch(page)[1]
		if res := e.post(clerk, doc+"/route", url.Values{"version": {version}, "leader": {leader}, "note": {"Kính trình Chủ tịch"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("route: %d %s", res.StatusCode, body(res))
		}
		head := e.login("truongphong.kt")
		if st, _ := e.get(head, doc); st != http.StatusForbidden {
			t.Fatalf("the department sees an unassigned document: %d", st)
		}
		chair := e.login("chutich")
		_, page = e.get(chair, doc)
		if !strings.Contains(page, `id="assign-form"`) || strings.Contains(page, `id="route-form"`) {
			t.Fatal("the Chairman's page lacks the assignment form")
		}
		if _, other := e.get(e.login("pct.vanhoa"), doc); strings.Contains(other, `id="assign-form"`) {
			t.Fatal("a Vice Chairman is offered the Chairman's decision")
		}
		version = regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
		assign := url.Values{"version": {version}, "action": {"assign"}, "lead_unit": {"2"}, "coordinating_units": {"5"},
			"deadline": {"2026-12-13"}, "comment": {"Phòng Kinh tế chủ trì"}}
		res = e.post(chair, doc+"/assign", assign)
		page = body(res)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Chủ nhật") || !strings.Contains(page, `value="deadline=2026-12-11"`) {
			t.Fatalf("day-off warning: %d", res.StatusCode)
		}
		assign.Set("use_date", "deadline=2026-12-11")
		if res := e.post(chair, doc+"/assign", assign); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("assign: %d %s", res.StatusCode, body(res))
		}
		_, page = e.get(head, doc)
		item := regexp.MustCompile(`href="(/items/\d+)"`).FindStringSubmatch(page)
		if item == nil || !strings.Contains(page, "Đã giao xử lý") || !strings.Contains(page, "11/12/2026") {
			t.Fatal("the department's page lacks the item")
		}
		hist := regexp.MustCompile(`<td>(\d\d/\d\d/\d{4} \d\d:\d\d)</td><td>Phạm Thị Mai</td><td>Vào sổ văn bản đến`).FindStringSubmatch(page)
		if hist == nil || hist[1] != "25/11/2026 10:00" || !strings.Contains(page, "Giao xử lý") {
			t.Fatal("history not in Vietnamese dd/mm/yyyy HH:MM")
		}
		_, itemPage := e.get(head, item[1])
		if !strings.Contains(itemPage, `href="`+doc+`" id="item-incoming"`) {
			t.Fatal("the item does not link back to the document")
		}
		_, prog := e.get(head, "/programs/2026-12")
		if !strings.Contains(prog, item[1]) {
			t.Fatal("the item is not in December's program")
		}
		for q, want := range map[string]bool{"lan chiem via he": true, "SỞ XÂY DỰNG": true, "đ": true, "hộ nghèo": false} {
			_, reg := e.get(clerk, "/incoming?"+url.Values{"q": {q}}.Encode())
			if got := strings.Contains(reg, `id="incoming-register"`); got != want {
				t.Errorf("q=%q: found %v", q, got)
			}
		}
		if _, reg := e.get(e.login("giamdoc.ttpvhcc"), "/incoming"); strings.Contains(reg, "4872/UBND-KT") {
			t.Error("another unit sees the document")
		}
		res, err := clerk.Get(e.srv.URL + "/incoming/export.xlsx?year=2026")
		if err != nil || res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("xlsx: %v %v", res.StatusCode, err)
		}
		x, err := excelize.OpenReader(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows(x.GetSheetName(0))
		var all []string
		for _, r := range rows {
			all = append(all, strings.Join(r, "|"))
		}
		if book := strings.Join(all, "\n"); !strings.Contains(book, "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM 2026") ||
			!strings.Contains(book, "1|25/11/2026|UBND Thành phố|4872/UBND-KT|20/11/2026|Về việc tăng cường kiểm tra trật tự xây dựng") ||
			!strings.Contains(book, "Phòng Kinh tế, Hạ tầng và Đô thị|11/12/2026|Đã giao xử lý") {
			t.Fatalf("the register book:\n%s", book)
		}
	})
}

// Every demo role opens the register: the Office and the leaders the whole
// book, a unit its own documents; the admin, who has neither, is refused.
func TestIncomingRegisterEveryRole(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	for login, want := range map[string]int{"vanphong": 200, "chutich": 200, "pct.kinhte": 200, "pct.vanhoa": 200,
		"truongphong.kt": 200, "chuyenvien.kt": 200, "truongphong.vhxh": 200, "giamdoc.ttpvhcc": 200, "congan": 200, "admin": 403} {
		st, page := e.get(e.login(login), "/incoming?year=2026&state=routed&urgency=khan")
		if st != want || (want == 200 && !strings.Contains(page, "Sổ văn bản đến năm 2026")) {
			t.Errorf("%s: %d", login, st)
		}
	}
	c := e.login("vanphong")
	for _, q := range []string{"year=20x6", "state=lost", "urgency=gap", "year=1800", "unit=999"} {
		if st, _ := e.get(c, "/incoming?"+q); st != http.StatusBadRequest && st != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d", q, st)
		}
	}
	if st, _ := e.get(e.login("truongphong.kt"), "/incoming/new"); st != http.StatusForbidden {
		t.Errorf("a department opens the register form: %d", st)
	}
}

// The API: registration as JSON with the PDF in base64, routing by login,
// the direction with units by code; errors as JSON with codes.
func TestIncomingAPI(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	clerk, chair := e.token("vanphong"), e.token("chutich")
	in := map[string]any{"issuer": "Sở Nội vụ", "number_symbol": "1536/SNV-CCVC", "doc_date": "2026-11-23", "subject": "Về việc báo cáo số lượng cán bộ, công chức",
		"urgency": "thuong", "file": map[string]string{"name": "cv.pdf", "data": base64.StdEncoding.EncodeToString(testPDF)}}
	st, out := e.apiSend(clerk, "POST", "/api/v1/incoming", in)
	if st != 201 || out["arrival_no"] != float64(1) || out["arrived_on"] != "2026-11-25" || out["file"] == nil {
		t.Fatalf("create: %d %v", st, out)
	}
	idf, _ := out["id"].(float64)
	id := strconv.FormatFloat(idf, 'f', 0, 64)
	if st, out := e.apiSend(e.token("truongphong.kt"), "POST", "/api/v1/incoming", in); st != 403 {
		t.Fatalf("department creates: %d %v", st, out)
	}
	bad := maps.Clone(in)
	bad["doc_date"] = "2026-12-01"
	if st, out := e.apiSend(clerk, "POST", "/api/v1/incoming", bad); st != 400 || !strings.Contains(errField(out, "doc_date"), "sau ngày đến") {
		t.Fatalf("bad date: %d %v", st, out)
	}
	if st, out := e.apiSend(clerk, "POST", "/api/v1/incoming/"+id+"/route", map[string]any{"version": 1, "leader": "chutich"}); st != 200 || out["state"] != "routed" {
		t.Fatalf("route: %d %v", st, out)
	}
	if st, out := e.apiSend(chair, "POST", "/api/v1/incoming/"+id+"/assign", map[string]any{"version": 1, "lead_unit": "KTHTDT", "deadline": "2026-12-10"}); st != 409 {
		t.Fatalf("stale assign: %d %v", st, out)
	}
	st, out = e.apiSend(chair, "POST", "/api/v1/incoming/"+id+"/assign", map[string]any{"version": 2, "lead_unit": "KTHTDT",
		"coordinating_units": []string{"VHXH"}, "deadline": "2026-12-10"})
	items, _ := out["items"].([]any)
	if st != 200 || out["state"] != "assigned" || len(items) != 1 || out["lead_unit"] != "KTHTDT" || items[0].(map[string]any)["month"] != "2026-12" {
		t.Fatalf("assign: %d %v", st, out)
	}
	st, list := e.apiGet(e.token("truongphong.kt"), "/api/v1/incoming?year=2026&q=can+bo")
	if docs, _ := list["documents"].([]any); st != 200 || len(docs) != 1 {
		t.Fatalf("list: %d %v", st, list)
	}
	st, list = e.apiGet(clerk, "/api/v1/incoming?year=2026&unit=VHXH&state=assigned")
	if docs, _ := list["documents"].([]any); st != 200 || len(docs) != 1 {
		t.Fatalf("list by a coordinating unit's code: %d %v", st, list)
	}
	if st, list := e.apiGet(clerk, "/api/v1/incoming?unit=XYZ"); st != 400 {
		t.Fatalf("unknown unit: %d %v", st, list)
	}
}

// errField returns an API error's message for a field.
func errField(out map[string]any, field string) string {
	e, _ := out["error"].(map[string]any)
	f, _ := e["fields"].(map[string]any)
	s, _ := f[field].(string)
	return s
}
