package web_test

import (
	"bytes"
	"context"
	"dieuhanh/internal/demo"
	"fmt"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// The test clock is 25/11/2026: registrations for 2026-12 are late (the
// window closed on 20/11); 2027-01 is on time.
const onTime = "2027-01"

var programTables = []string{"programs", "program_items", "item_units", "item_predecessors", "item_events", "item_files",
	"extension_requests", "program_versions", "audit_log", "doc_sequences"}

func (e *env) programCounts() map[string]int {
	e.t.Helper()
	return storetest.RowCounts(e.t, e.db, programTables...)
}

// itemJSON is a valid registration for KTHTDT with extra fields merged in.
func itemJSON(title, due string, extra string) string {
	s := fmt.Sprintf(`{"title":%q,"kind":"report","source":"annual_plan","lead_unit":"KTHTDT","due_date":%q,"product":"Báo cáo"`, title, due)
	if extra != "" {
		s += "," + extra
	}
	return s + "}"
}

func num(v any) int64 { f, _ := v.(float64); return int64(f) }

func (e *env) register(tok, month, payload string) map[string]any {
	e.t.Helper()
	st, out := e.apiCall("POST", "/api/v1/programs/"+month+"/items", tok, payload)
	if st != http.StatusCreated {
		e.t.Fatalf("register: %d %v", st, out)
	}
	return out
}

// issue takes a month's program through submit, approve and issue.
func (e *env) issue(month string) map[string]any {
	e.t.Helper()
	office, chair := e.token("vanphong"), e.token("chutich")
	for _, step := range []struct{ tok, action string }{{office, "submit"}, {chair, "approve"}, {office, "issue"}} {
		st, out := e.apiCall("POST", "/api/v1/programs/"+month+"/"+step.action, step.tok, "")
		if st != 200 {
			e.t.Fatalf("%s: %d %v", step.action, st, out)
		}
		if step.action == "issue" {
			return out
		}
	}
	return nil
}

func TestProgramFlowAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		head, office, chair, staff, vc := e.token("truongphong.kt"), e.token("vanphong"), e.token("chutich"), e.token("chuyenvien.kt"), e.token("pct.kinhte")
		it := e.register(head, onTime, itemJSON("Báo cáo tình hình kinh tế quý IV", "2027-01-15", `"coordinating_units":["VHXH"]`))
		id := num(it["id"])
		if it["status"] != "not_started" || it["leader"] != "pct.kinhte" || it["lead_unit"] != "KTHTDT" || it["registration"] != "registered" ||
			it["original_due_date"] != "2027-01-15" || it["version"] != float64(1) || fmt.Sprint(it["coordinating_units"]) != "[VHXH]" {
			t.Fatalf("registered item: %v", it)
		}
		// Another unit cannot edit it; staff and the Office cannot approve.
		if st, out := e.apiCall("PATCH", fmt.Sprintf("/api/v1/items/%d", id), e.token("truongphong.vhxh"), `{"version":1,"title":"Sửa"}`); st != 403 || errCode(out) != "forbidden" {
			t.Errorf("other unit's edit: %d %v", st, out)
		}
		st, _ := e.apiCall("POST", "/api/v1/programs/"+onTime+"/submit", office, "")
		if st != 200 {
			t.Fatalf("submit: %d", st)
		}
		for _, tok := range []string{staff, office, head} {
			if st, out := e.apiCall("POST", "/api/v1/programs/"+onTime+"/approve", tok, ""); st != 403 {
				t.Errorf("approve by a non-chairman: %d %v", st, out)
			}
		}
		if st, out := e.apiCall("POST", "/api/v1/programs/"+onTime+"/approve", chair, ""); st != 200 || out["state"] != "approved" {
			t.Fatalf("approve: %d %v", st, out)
		}
		before := e.programCounts()
		if st, out := e.apiCall("POST", "/api/v1/programs/"+onTime+"/approve", chair, ""); st != 409 || errCode(out) != "conflict" {
			t.Errorf("approve twice: %d %v", st, out)
		}
		if !maps.Equal(before, e.programCounts()) {
			t.Error("approving twice changed the database")
		}
		st, p := e.apiCall("POST", "/api/v1/programs/"+onTime+"/issue", office, "")
		if st != 200 || p["number"] != "15/CTr-UBND" || p["state"] != "issued" {
			t.Fatalf("issue: %d %v", st, p)
		}
		st, p = e.apiCall("GET", "/api/v1/programs/"+onTime, staff, "")
		if items, _ := p["items"].([]any); st != 200 || len(items) != 1 || p["number"] != "15/CTr-UBND" || p["amendment_no"] != float64(0) {
			t.Fatalf("program: %d %v", st, p)
		}
		// Frozen: editing after issue is refused.
		before = e.programCounts()
		if st, out := e.apiCall("PATCH", fmt.Sprintf("/api/v1/items/%d", id), head, `{"version":1,"title":"Sửa sau ban hành"}`); st != 409 || !strings.Contains(fmt.Sprint(out), "ban hành") {
			t.Errorf("edit after issue: %d %v", st, out)
		}
		// Percent outside 0–100; another unit reporting.
		if st, out := e.apiCall("POST", fmt.Sprintf("/api/v1/items/%d/progress", id), head, `{"percent":101}`); st != 400 || errCode(out) != "invalid" {
			t.Errorf("percent 101: %d %v", st, out)
		}
		if st, _ := e.apiCall("POST", fmt.Sprintf("/api/v1/items/%d/progress", id), e.token("truongphong.vhxh"), `{"percent":10}`); st != 403 {
			t.Errorf("other unit's progress: %d", st)
		}
		if !maps.Equal(before, e.programCounts()) {
			t.Error("refused writes changed the database")
		}
		st, out := e.apiCall("POST", fmt.Sprintf("/api/v1/items/%d/progress", id), staff, `{"percent":60,"note":"Đã thu thập số liệu"}`)
		if st != 200 || out["status"] != "in_progress_on_time" || out["progress"] != float64(60) {
			t.Fatalf("progress: %d %v", st, out)
		}
		// The coordinating unit adds its part; the lead unit's staff cannot "contribute" to their own item.
		if st, out := e.apiCall("POST", fmt.Sprintf("/api/v1/items/%d/contribution", id), e.token("truongphong.vhxh"), `{"note":"Số liệu văn hóa - xã hội"}`); st != 200 {
			t.Errorf("contribution: %d %v", st, out)
		}
		if st, _ := e.apiCall("POST", fmt.Sprintf("/api/v1/items/%d/contribution", id), staff, `{"note":"x"}`); st != 403 {
			t.Errorf("lead unit contribution: %d", st)
		}
		if st, out = e.apiCall("POST", fmt.Sprintf("/api/v1/items/%d/complete", id), head, `{"note":"Đã trình báo cáo"}`); st != 200 || out["status"] != "pending_acceptance" {
			t.Fatalf("complete: %d %v", st, out)
		}
		if st, out = e.apiCall("POST", fmt.Sprintf("/api/v1/items/%d/evaluation", id), e.token("pct.vanhoa"), `{"quality":"accepted"}`); st != 403 {
			t.Errorf("evaluation by another portfolio: %d %v", st, out)
		}
		st, out = e.apiCall("POST", fmt.Sprintf("/api/v1/items/%d/evaluation", id), vc, `{"quality":"accepted"}`)
		if st != 200 || out["status"] != "done_on_time" || out["status_label"] != "Hoàn thành đúng hạn" || out["quality"] != "accepted" || out["completed_at"] == nil {
			t.Fatalf("evaluation: %d %v", st, out)
		}
		st, full := e.apiCall("GET", fmt.Sprintf("/api/v1/items/%d", id), staff, "")
		if ev, _ := full["events"].([]any); st != 200 || len(ev) != 4 || full["schedule"] == nil {
			t.Fatalf("item: %d %v", st, full)
		}
		if st, cp := e.apiCall("GET", "/api/v1/programs/"+onTime+"/critical-path", staff, ""); st != 200 || cp["length"] == float64(0) {
			t.Fatalf("critical path: %d %v", st, cp)
		}
	})
}

func TestLateRegistrationNeedsTheLeader(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		it := e.register(e.token("truongphong.kt"), "2026-12", itemJSON("Kiểm tra trật tự đô thị", "2026-12-10", ""))
		id := num(it["id"])
		if it["registration"] != "late_pending" || it["late_registration"] != true {
			t.Fatalf("late registration: %v", it)
		}
		if st, out := e.apiCall("POST", "/api/v1/programs/2026-12/submit", e.token("vanphong"), ""); st != 409 || !strings.Contains(fmt.Sprint(out), "đăng ký muộn") {
			t.Errorf("submit with a late pending item: %d %v", st, out)
		}
		// The program page shows the count and the leader's button.
		c := e.login("pct.kinhte")
		_, page := e.get(c, "/programs/2026-12")
		if !strings.Contains(page, "Đăng ký muộn chờ chấp nhận") || !strings.Contains(page, "Chấp nhận đăng ký muộn") {
			t.Error("program page lacks the late registration and its action")
		}
		// The other Vice Chairman may not accept it.
		if res := e.post(e.login("pct.vanhoa"), fmt.Sprintf("/items/%d/registration", id), url.Values{"action": {"accept_late"}}); res.StatusCode != 403 {
			t.Errorf("other VC accepts: %d", res.StatusCode)
		}
		res := e.post(c, fmt.Sprintf("/items/%d/registration", id), url.Values{"action": {"accept_late"}, "back": {"/programs/2026-12"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/programs/2026-12" {
			t.Fatalf("accept late: %d", res.StatusCode)
		}
		_, got := e.apiCall("GET", fmt.Sprintf("/api/v1/items/%d", id), e.token("vanphong"), "")
		if got["item"].(map[string]any)["registration"] != "late_accepted" {
			t.Fatalf("after accepting: %v", got)
		}
		if st, _ := e.apiCall("POST", "/api/v1/programs/2026-12/submit", e.token("vanphong"), ""); st != 200 {
			t.Errorf("submit after accepting: %d", st)
		}
	})
}

// multipartReport builds a progress or completion form with files.
func multipartReport(fields map[string]string, files map[string][]byte) (string, *bytes.Buffer) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	for name, data := range files {
		f, _ := w.CreateFormFile("files", name)
		f.Write(data)
	}
	w.Close()
	return w.FormDataContentType(), &b
}

func (e *env) postMultipart(c *http.Client, path string, fields map[string]string, files map[string][]byte) *http.Response {
	e.t.Helper()
	ct, b := multipartReport(fields, files)
	req, _ := http.NewRequest("POST", e.srv.URL+path, b)
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

func TestProgramFlowPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		head := e.login("truongphong.kt")
		_, page := e.get(head, "/programs/"+onTime)
		if !strings.Contains(page, `id="register-link"`) || !strings.Contains(page, "Hạn đăng ký") || !strings.Contains(page, "21/12/2026") {
			t.Fatal("program page lacks the registration action or the window")
		}
		// The form is on its own page, reached from the action at the top.
		if _, page = e.get(head, "/programs/"+onTime+"/register"); !strings.Contains(page, `id="register-form"`) || strings.Contains(page, `id="late-warning"`) {
			t.Fatal("the registration page lacks the form, or warns of lateness within the window")
		}
		res := e.post(head, "/programs/"+onTime+"/items", url.Values{"title": {"Tờ trình phương án chỉnh trang đô thị"}, "kind": {"proposal"},
			"source": {"directive"}, "lead_unit": {"2"}, "due_date": {"20/01/2027"}, "product": {"Tờ trình"}, "coordinating_units": {"3", "5"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("register: %d %s", res.StatusCode, body(res))
		}
		_, page = e.get(head, "/programs/"+onTime)
		for _, w := range []string{"I. Nội dung trình phiên họp UBND", "Tờ trình phương án chỉnh trang đô thị", "VHXH, CA", "Trần Minh Tuấn", "20/01/2027", "Chưa thực hiện"} {
			if !strings.Contains(page, w) {
				t.Errorf("program page lacks %q", w)
			}
		}
		var id int64
		fmt.Sscanf(page[strings.Index(page, `id="item-`)+len(`id="item-`):], "%d", &id)
		office, chair := e.login("vanphong"), e.login("chutich")
		_, page = e.get(office, "/programs/"+onTime)
		if !strings.Contains(page, "Trình Chủ tịch duyệt") || !strings.Contains(page, "Trả lại đơn vị") || !strings.Contains(page, "#merge") {
			t.Error("office lacks the consolidation actions")
		}
		for _, step := range []struct {
			c      *http.Client
			action string
		}{{office, "submit"}, {chair, "approve"}, {office, "issue"}} {
			if res := e.post(step.c, "/programs/"+onTime+"/"+step.action, nil); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", step.action, res.StatusCode, body(res))
			}
		}
		_, page = e.get(head, "/programs/"+onTime)
		if !strings.Contains(page, "Số 15/CTr-UBND") || !strings.Contains(page, "Đã ban hành") {
			t.Fatal("issued program lacks its number")
		}
		item := fmt.Sprintf("/items/%d", id)
		pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 100)...)
		res = e.postMultipart(head, item+"/progress", map[string]string{"version": "1", "percent": "40", "note": "Đã khảo sát"}, map[string][]byte{"khao-sat.pdf": pdf})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("progress: %d %s", res.StatusCode, body(res))
		}
		res = e.postMultipart(head, item+"/completion", map[string]string{"note": "Đã trình"}, nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("completion: %d %s", res.StatusCode, body(res))
		}
		vc := e.login("pct.kinhte")
		_, page = e.get(vc, item)
		if !strings.Contains(page, `id="evaluation-form"`) || !strings.Contains(page, "Chờ đánh giá") {
			t.Fatal("leader in charge lacks the evaluation form")
		}
		if res := e.post(vc, item+"/evaluation", url.Values{"quality": {"accepted"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("evaluation: %d %s", res.StatusCode, body(res))
		}
		_, page = e.get(head, item)
		for _, w := range []string{"Hoàn thành đúng hạn", "Báo cáo tiến độ", "khao-sat.pdf", "Đạt", "Đăng ký nội dung", "Khung đường găng", "Thời gian dự trữ"} {
			if !strings.Contains(page, w) {
				t.Errorf("item page lacks %q", w)
			}
		}
		i := strings.Index(page, `href="/files/`)
		var fid int64
		fmt.Sscanf(page[i+len(`href="/files/`):], "%d", &fid)
		fres, err := head.Get(fmt.Sprintf("%s/files/%d", e.srv.URL, fid))
		if err != nil {
			t.Fatal(err)
		}
		got := body(fres)
		if fres.StatusCode != 200 || fres.Header.Get("Content-Type") != "application/pdf" || !strings.Contains(fres.Header.Get("Content-Disposition"), `filename=khao-sat.pdf`) || got != string(pdf) {
			t.Fatalf("file: %d %v", fres.StatusCode, fres.Header)
		}
		// The unit's page and the critical path page.
		// "Việc của phòng" is the search with the unit preset.
		if st, page, to := e.followed(head, "/units/2/items"); st != 200 || !strings.HasPrefix(to, "/search?") || !strings.Contains(page, "Việc của Phòng Kinh tế") ||
			!strings.Contains(page, "Tờ trình phương án chỉnh trang đô thị") || !strings.Contains(page, "Hoàn thành đúng hạn") || !strings.Contains(page, `aria-current="page">Việc của phòng<`) {
			t.Errorf("unit items: %d at %s", st, to)
		}
		if st, page, _ := e.followed(e.login("truongphong.vhxh"), "/units/3/items"); st != 200 || !strings.Contains(page, "Phối hợp (KTHTDT chủ trì)") {
			t.Errorf("coordinating unit items: %d", st)
		}
		if st, page := e.get(head, "/programs/"+onTime+"/critical-path"); st != 200 || !strings.Contains(page, "<svg") || !strings.Contains(page, "<title>Tờ trình phương án") {
			t.Errorf("critical path: %d", st)
		}
		if res, _ := head.Get(e.srv.URL + "/programs"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/programs/2026-11" {
			t.Errorf("/programs: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
	})
}

// otherWardItem stores an item in a second ward and returns its id.
func otherWardItem(t *testing.T, db *store.DB) int64 {
	var id int64
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		w, err := tx.CreateWard(context.Background(), org.Ward{Code: "khac", Name: "Phường Khác", PlaceName: "Khác", Settings: org.DefaultSettings()}, testNow)
		if err != nil {
			return err
		}
		u, err := tx.CreateUnit(context.Background(), w, org.UnitInput{Code: "VP", Name: "Văn phòng", Kind: "office"})
		if err != nil {
			return err
		}
		person, err := tx.CreatePerson(context.Background(), w, org.PersonInput{FullName: "Chủ tịch phường khác"})
		if err != nil {
			return err
		}
		leader, err := tx.CreateLeader(context.Background(), w, org.LeaderInput{PersonID: person, Position: "chairman"})
		if err != nil {
			return err
		}
		p, err := tx.EnsureProgram(context.Background(), w, 2027, 1, testNow)
		if err != nil {
			return err
		}
		d := calendar.NewDate(2027, 1, 10)
		id, err = tx.CreateItem(context.Background(), store.Item{WardID: w, ProgramID: p.ID, Section: 4, Title: "Việc của phường khác", Kind: "task",
			Source: "other", LeadUnitID: u, LeaderID: leader, DueDate: d, OriginalDueDate: d, Product: "X", Registration: "registered", RegisteredAt: testNow})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestProgramBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		foreign := otherWardItem(t, db)
		head := e.token("truongphong.kt")
		a := num(e.register(head, onTime, itemJSON("Lập kế hoạch", "2027-01-08", ""))["id"])
		b := num(e.register(head, onTime, itemJSON("Thực hiện kế hoạch", "2027-01-20", fmt.Sprintf(`"predecessors":[%d]`, a)))["id"])
		cases := []struct {
			name, method, path, payload, field, want string
			status                                   int
		}{
			{"missing lead unit", "POST", "/api/v1/programs/" + onTime + "/items", `{"title":"X","kind":"task","source":"other","due_date":"2027-01-10","product":"X"}`, "lead_unit", "đơn vị chủ trì", 400},
			{"missing due date", "POST", "/api/v1/programs/" + onTime + "/items", itemJSON("X", "", ""), "due_date", "thời hạn", 400},
			{"not a real date", "POST", "/api/v1/programs/" + onTime + "/items", itemJSON("X", "2027-02-30", ""), "due_date", "không phải là ngày hợp lệ", 400},
			{"unknown unit code", "POST", "/api/v1/programs/" + onTime + "/items", `{"title":"X","kind":"task","source":"other","lead_unit":"KHONGCO","due_date":"2027-01-10","product":"X"}`, "lead_unit", "KHONGCO", 400},
			{"nonexistent predecessor", "POST", "/api/v1/programs/" + onTime + "/items", itemJSON("X", "2027-01-10", `"predecessors":[999999]`), "predecessors", "không tồn tại", 400},
			{"predecessor of another ward", "POST", "/api/v1/programs/" + onTime + "/items", itemJSON("X", "2027-01-10", fmt.Sprintf(`"predecessors":[%d]`, foreign)), "predecessors", "không tồn tại", 400},
			{"cycle", "PATCH", fmt.Sprintf("/api/v1/items/%d", a), fmt.Sprintf(`{"version":1,"predecessors":[%d]}`, b), "predecessors", "«Lập kế hoạch»", 400},
			{"patch without version", "PATCH", fmt.Sprintf("/api/v1/items/%d", a), `{"title":"Y"}`, "version", "version", 400},
			{"wrong type", "POST", "/api/v1/programs/" + onTime + "/items", `{"title":5}`, "", "title", 400},
			{"bad month", "GET", "/api/v1/programs/2027-13", "", "month", "không hợp lệ", 400},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := e.programCounts()
				tok := head
				if tc.name == "missing lead unit" {
					tok = e.token("vanphong") // a unit head is refused before validation
				}
				st, out := e.apiCall(tc.method, tc.path, tok, tc.payload)
				er, _ := out["error"].(map[string]any)
				fields, _ := er["fields"].(map[string]any)
				msg := fmt.Sprint(er["message"], fields)
				if st != tc.status || errCode(out) != "invalid" || (tc.field != "" && fields[tc.field] == nil) || !strings.Contains(strings.ToLower(msg), strings.ToLower(tc.want)) {
					t.Errorf("%d %v", st, out)
				}
				if !maps.Equal(before, e.programCounts()) {
					t.Error("database changed")
				}
			})
		}
		// The cycle message names the cycle.
		_, out := e.apiCall("PATCH", fmt.Sprintf("/api/v1/items/%d", a), head, fmt.Sprintf(`{"version":1,"predecessors":[%d]}`, b))
		if msg := fmt.Sprint(out); !strings.Contains(msg, "«Thực hiện kế hoạch»") || !strings.Contains(msg, "→") {
			t.Errorf("cycle message: %s", msg)
		}
		// Stale PATCH: the second writer with the old version gets 409.
		if st, out := e.apiCall("PATCH", fmt.Sprintf("/api/v1/items/%d", a), head, `{"version":1,"title":"Lập kế hoạch chi tiết"}`); st != 200 || out["version"] != float64(2) {
			t.Fatalf("patch: %d %v", st, out)
		}
		before := e.programCounts()
		if st, out := e.apiCall("PATCH", fmt.Sprintf("/api/v1/items/%d", a), head, `{"version":1,"title":"Bản cũ"}`); st != 409 || errCode(out) != "conflict" {
			t.Errorf("stale patch: %d %v", st, out)
		}
		if !maps.Equal(before, e.programCounts()) {
			t.Error("stale patch changed the database")
		}

		// The registration form: errors beside the fields, nothing saved.
		c := e.login("truongphong.kt")
		res := e.post(e.login("vanphong"), "/programs/"+onTime+"/items", url.Values{"title": {"Thiếu đơn vị"}, "kind": {"task"}, "source": {"other"}, "lead_unit": {"0"}, "due_date": {"30/02/2027"}, "product": {"X"}})
		page := body(res)
		if res.StatusCode != 400 || !strings.Contains(page, `class="field-error"`) || !strings.Contains(page, "Chưa chọn đơn vị chủ trì") || !strings.Contains(page, "không phải là ngày hợp lệ") {
			t.Errorf("form errors: %d", res.StatusCode)
		}
		if !maps.Equal(before, e.programCounts()) {
			t.Error("bad form changed the database")
		}
		// Registering for another unit is refused.
		if res := e.post(c, "/programs/"+onTime+"/items", url.Values{"title": {"X"}, "kind": {"task"}, "source": {"other"}, "lead_unit": {"3"}, "due_date": {"2027-01-10"}, "product": {"X"}}); res.StatusCode != 403 {
			t.Errorf("register for another unit: %d", res.StatusCode)
		}

		// Files: a renamed executable and an oversized file are refused.
		e.issue(onTime)
		item := fmt.Sprintf("/items/%d", a)
		before = e.programCounts()
		exe := append([]byte("MZ\x90\x00"), bytes.Repeat([]byte{0}, 200)...)
		res = e.postMultipart(c, item+"/progress", map[string]string{"percent": "10"}, map[string][]byte{"bao-cao.pdf": exe})
		if page := body(res); res.StatusCode != 400 || !strings.Contains(page, "không được chấp nhận") {
			t.Errorf("exe as pdf: %d", res.StatusCode)
		}
		big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 20<<20)...)
		res = e.postMultipart(c, item+"/progress", map[string]string{"percent": "10"}, map[string][]byte{"lon.pdf": big})
		if page := body(res); res.StatusCode != 400 || !strings.Contains(page, "lớn hơn 20 MB") {
			t.Errorf("oversized file: %d", res.StatusCode)
		}
		res = e.postMultipart(c, item+"/progress", map[string]string{"percent": "101"}, nil)
		if page := body(res); res.StatusCode != 400 || !strings.Contains(page, `class="field-error"`) {
			t.Errorf("percent 101 form: %d", res.StatusCode)
		}
		// Editing the frozen program from its page.
		res = e.post(c, item, url.Values{"version": {"2"}, "title": {"Sửa"}, "kind": {"task"}, "source": {"other"}, "lead_unit": {"2"}, "due_date": {"2027-01-10"}, "product": {"X"}})
		if page := body(res); res.StatusCode != 409 || !strings.Contains(page, "đã ban hành") {
			t.Errorf("edit after issue: %d", res.StatusCode)
		}
		if !maps.Equal(before, e.programCounts()) {
			t.Error("refused reports changed the database")
		}
	})
}

func TestExtensionAfterDeadlineRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		// The Office adds an assigned item to the current month, due 20/11.
		it := e.register(e.token("vanphong"), "2026-11", itemJSON("Báo cáo kết quả thu ngân sách", "2026-11-20", ""))
		e.issue("2026-11")
		id := num(it["id"])
		before := e.programCounts()
		st, out := e.apiCall("POST", fmt.Sprintf("/api/v1/items/%d/extension", id), e.token("truongphong.kt"), `{"new_date":"2026-11-30","reason":"Chờ số liệu"}`)
		if st < 400 || st >= 500 || errCode(out) == "" {
			t.Errorf("extension after the deadline: %d %v", st, out)
		}
		if !maps.Equal(before, e.programCounts()) {
			t.Error("refused extension changed the database")
		}
		_, got := e.apiCall("GET", fmt.Sprintf("/api/v1/items/%d", id), e.token("vanphong"), "")
		if s := got["item"].(map[string]any)["status"]; s != "in_progress_overdue" {
			t.Errorf("status %v", s)
		}
	})
}

func TestExtensionRequestAndDecision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		id := num(e.register(e.token("truongphong.kt"), onTime, itemJSON("Khảo sát hiện trạng vỉa hè", "2027-01-15", ""))["id"])
		e.issue(onTime)
		c := e.login("truongphong.kt")
		_, page := e.get(c, fmt.Sprintf("/items/%d", id))
		if !strings.Contains(page, "Hạn cuối để xin gia hạn: 13/01/2027") {
			t.Error("item page lacks the last day to ask for an extension")
		}
		if res := e.post(c, fmt.Sprintf("/items/%d/extension", id), url.Values{"new_date": {"2027-01-29"}, "reason": {"Chờ ý kiến sở"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("request: %d %s", res.StatusCode, body(res))
		}
		if res := e.post(e.login("pct.kinhte"), fmt.Sprintf("/items/%d/extension/decision", id), url.Values{"decision": {"approved"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("decision: %d %s", res.StatusCode, body(res))
		}
		_, page = e.get(e.login("vanphong"), "/programs/"+onTime)
		if !strings.Contains(page, "29/01/2027") || !strings.Contains(page, "hạn ban đầu <s>15/01/2027</s>") {
			t.Error("program page lacks the extended and the original deadline")
		}
	})
}

func TestProgramSearchAndFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		head, vhxh := e.token("truongphong.kt"), e.token("truongphong.vhxh")
		first := num(e.register(head, onTime, itemJSON("Báo cáo tình hình xây dựng", "2027-01-15", ""))["id"])
		e.register(vhxh, onTime, `{"title":"Làm việc với Đảng ủy phường về công tác văn hóa","kind":"working_session","source":"directive","lead_unit":"VHXH","due_date":"2027-01-12","product":"Thông báo kết luận"}`)
		c := e.login("chutich")
		cases := []struct{ query, in, out string }{
			{"q=bao+cao", "Báo cáo tình hình xây dựng", "Đảng ủy phường"},
			{"q=dang+uy", "Đảng ủy phường", "Báo cáo tình hình xây dựng"},
			{"q=ĐẢNG+ỦY", "Đảng ủy phường", "Báo cáo tình hình xây dựng"},
			{"unit=3", "Đảng ủy phường", "Báo cáo tình hình xây dựng"},
			{"kind=report", "Báo cáo tình hình xây dựng", "Đảng ủy phường"},
			{"status=not_started&leader=2", "Báo cáo tình hình xây dựng", "Đảng ủy phường"},
		}
		for _, tc := range cases {
			_, page := e.get(c, "/programs/"+onTime+"?"+tc.query)
			page = programTable(page)
			if !strings.Contains(page, tc.in) || strings.Contains(page, tc.out) {
				t.Errorf("%s: want %q without %q", tc.query, tc.in, tc.out)
			}
		}
		// Consolidation: a duplicate is merged, another returned with a reason.
		office := e.login("vanphong")
		dup := num(e.register(head, onTime, itemJSON("Báo cáo tình hình xây dựng (trùng)", "2027-01-15", ""))["id"])
		ret := num(e.register(head, onTime, itemJSON("Nội dung chưa rõ sản phẩm", "2027-01-15", ""))["id"])
		before := e.programCounts()
		if res := e.post(office, fmt.Sprintf("/items/%d/registration", ret), url.Values{"action": {"return"}}); res.StatusCode != 400 || !strings.Contains(body(res), "Cần nêu lý do") {
			t.Errorf("return without reason: %d", res.StatusCode)
		}
		if !maps.Equal(before, e.programCounts()) {
			t.Error("refused return changed the database")
		}
		if res := e.post(office, fmt.Sprintf("/items/%d/registration", dup), url.Values{"action": {"merge"}, "merge_into": {fmt.Sprint(first)}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("merge: %d %s", res.StatusCode, body(res))
		}
		if res := e.post(office, fmt.Sprintf("/items/%d/registration", ret), url.Values{"action": {"return"}, "reason": {"Chưa nêu sản phẩm cụ thể"}, "back": {"/programs/" + onTime}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("return: %d %s", res.StatusCode, body(res))
		}
		_, page := e.get(office, "/programs/"+onTime)
		if strings.Contains(programTable(page), "(trùng)") || !strings.Contains(page, "Đã gộp") || !strings.Contains(page, "Lý do: Chưa nêu sản phẩm cụ thể") {
			t.Error("merged and returned registrations not shown apart from the program")
		}
		// The unit sends the returned one again.
		if res := e.post(e.login("truongphong.kt"), fmt.Sprintf("/items/%d/registration", ret), url.Values{"action": {"resubmit"}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("resubmit: %d", res.StatusCode)
		}
	})
}

// programTable is the program's table of a page (the forms below it list
// every item too).
func programTable(page string) string {
	i := strings.Index(page, `id="program-items"`)
	if i < 0 {
		return ""
	}
	page = page[i:]
	return page[:strings.Index(page, "</table>")]
}

func TestCriticalPathShowsWhatALateItemDelays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tok := e.token("truongphong.kt")
		a := num(e.register(tok, onTime, itemJSON("Thu thập số liệu", "2027-01-20", ""))["id"])
		// B is due before its predecessor can finish: it is late on the plan.
		b := num(e.register(tok, onTime, itemJSON("Tổng hợp báo cáo", "2027-01-15", fmt.Sprintf(`"predecessors":[%d]`, a)))["id"])
		num(e.register(tok, onTime, itemJSON("Trình Chủ tịch báo cáo", "2027-01-27", fmt.Sprintf(`"predecessors":[%d]`, b))))
		c := e.login("chutich")
		_, page := e.get(c, fmt.Sprintf("/items/%d", b))
		if !strings.Contains(page, "làm chậm các nội dung") || !strings.Contains(page, "Trình Chủ tịch báo cáo") || !strings.Contains(page, "Thu thập số liệu") {
			t.Error("late item page lacks what it delays and its predecessor")
		}
		st, page := e.get(c, "/programs/"+onTime+"/critical-path")
		if st != 200 || !strings.Contains(page, `class="row critical`) || !strings.Contains(page, "late") || !strings.Contains(page, `class="dep"`) || !strings.Contains(page, "Làm chậm:") {
			t.Errorf("critical path page: %d", st)
		}
		_, cp := e.apiCall("GET", "/api/v1/programs/"+onTime+"/critical-path", tok, "")
		items, _ := cp["items"].([]any)
		if len(items) != 3 {
			t.Fatalf("critical path: %v", cp)
		}
		late := items[1].(map[string]any)
		if late["late"] != true || fmt.Sprint(late["delays"]) == "[]" {
			t.Errorf("late item: %v", late)
		}
	})
}

// Partners and guests (viewer) see issued programs and what is in them,
// not drafts, registrations, the audit trail or other units' files.
func TestViewerSeesOnlyIssuedPrograms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		if err := demo.LoadPrograms(context.Background(), e.app, testNow); err != nil {
			t.Fatal(err)
		}
		tok := e.token("congan")
		st, out := e.apiCall("GET", "/api/v1/programs/2026-12", tok, "")
		if items, _ := out["items"].([]any); st != 200 || len(items) != 0 {
			t.Fatalf("draft program for a viewer: %d, %d items", st, len(items))
		}
		st, out = e.apiCall("GET", "/api/v1/programs/2026-11", tok, "")
		if items, _ := out["items"].([]any); st != 200 || len(items) < 40 {
			t.Fatalf("issued program for a viewer: %d, %d items", st, len(items))
		}
		if st, _ := e.apiCall("GET", "/api/v1/programs/2026-12/export.pdf", tok, ""); st != 404 {
			t.Fatalf("draft export for a viewer: %d", st)
		}
		// A draft item is not found for the viewer, but is for the Office.
		var draftID int64
		e.db.View(context.Background(), func(tx *store.Tx) error {
			p, _ := tx.Program(context.Background(), 1, 2026, 12)
			items, _ := tx.Items(context.Background(), p.ID)
			draftID = items[0].ID
			return nil
		})
		if st, _ := e.apiCall("GET", fmt.Sprintf("/api/v1/items/%d", draftID), tok, ""); st != 404 {
			t.Fatalf("draft item for a viewer: %d", st)
		}
		if st, _ := e.apiCall("GET", fmt.Sprintf("/api/v1/items/%d", draftID), e.token("vanphong"), ""); st != 200 {
			t.Fatalf("draft item for the Office: %d", st)
		}
	})
}
