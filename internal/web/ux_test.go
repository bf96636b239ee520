package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dieuhanh/internal/app"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// Issue 11: daily use without dead ends, forms a non-technical official
// can fill, history in plain Vietnamese.

// getWith is get with extra request headers (a Referer).
func (e *env) getWith(c *http.Client, path string, headers map[string]string) (int, string) {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	return res.StatusCode, body(res)
}

func TestUnknownPathsAndBackLinks(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	office := e.login("vanphong")
	for _, path := range []string{"/khong-co", "/programs/2026-12/khong-co/nua", "/static-x", "/items/12/abc"} {
		st, page := e.get(office, path)
		if st != http.StatusNotFound || !strings.Contains(page, "Không tìm thấy trang") || !strings.Contains(page, `class="mainnav"`) ||
			strings.Contains(page, "404 page not found") {
			t.Errorf("%s: %d, want the Vietnamese 404 in the layout:\n%.400s", path, st, page)
		}
	}
	// Signed out: the same page, without the menu.
	if st, page := e.get(e.client(), "/khong-co"); st != http.StatusNotFound || !strings.Contains(page, "Không tìm thấy trang") {
		t.Errorf("signed out: %d %.200s", st, page)
	}
	// The API keeps its JSON error.
	if st, out := e.apiCall("GET", "/api/v1/khong-co", e.token("vanphong"), ""); st != http.StatusNotFound || out["error"] == nil {
		t.Errorf("API: %d %v", st, out)
	}
	back := regexp.MustCompile(`<a href="([^"]*)" id="back">Quay lại</a>`)
	for _, c := range []struct{ referer, want string }{
		{e.srv.URL + "/calendar?year=2026", "/calendar?year=2026"},
		{"https://evil.example/phish", "/"},
		{"", "/"},
		{e.srv.URL + "/khong-co", "/"}, // the failed page itself
	} {
		_, page := e.getWith(office, "/khong-co", map[string]string{"Referer": c.referer})
		m := back.FindStringSubmatch(page)
		if m == nil || html.UnescapeString(m[1]) != c.want || strings.Contains(page, "javascript:") {
			t.Errorf("Referer %q: Quay lại = %v, want %q", c.referer, m, c.want)
		}
	}
}

func TestMenuBarAndPhoneMenu(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	bar := regexp.MustCompile(`(?s)<nav class="mainnav".*?</nav>`)
	phone := regexp.MustCompile(`(?s)<details class="phonemenu".*?</details>`)
	for _, who := range []string{"admin", "chutich", "pct.kinhte", "vanphong", "truongphong.kt", "chuyenvien.kt", "congan"} {
		_, page := e.get(e.login(who), "/")
		b, p := bar.FindString(page), phone.FindString(page)
		inline := strings.Count(b, "<a ") - strings.Count(b, `<div class="drop">`) - strings.Count(regexp.MustCompile(`(?s)<div class="drop">.*?</div>`).FindString(b), "<a ")
		if b == "" || p == "" || inline > 6 {
			t.Errorf("%s: bar with %d entries (want ≤ 6 before «Thêm») or no phone menu", who, inline)
		}
		// Every entry is reachable on a phone, and so is signing out.
		if strings.Count(p, "<a ") < strings.Count(b, "<a ") || !strings.Contains(p, `action="/logout"`) {
			t.Errorf("%s: the phone menu lacks entries or the sign-out", who)
		}
		if !strings.Contains(page, `id="bell"`) {
			t.Errorf("%s: no bell", who)
		}
	}
}

func TestDatesTypedAsDDMMYYYY(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	office := e.login("vanphong")
	// The audit filter takes dd/mm/yyyy (and still yyyy-mm-dd).
	for _, q := range []string{"from=01/11/2026&to=30/11/2026", "from=2026-11-01"} {
		if st, page := e.get(office, "/audit?"+q); st != 200 || strings.Contains(page, "Ngày không hợp lệ") {
			t.Errorf("audit %s: %d", q, st)
		}
	}
	if _, page := e.get(office, "/audit?from=31/02/2026"); !strings.Contains(page, "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy") {
		t.Error("a date that does not exist is not named beside the field")
	}
	// No form leaves dates or times to the browser's language.
	head := e.login("truongphong.kt")
	for _, path := range []string{"/programs/" + onTime + "/register", "/schedule/2026-W50/events/new", "/audit"} {
		c := head
		if path == "/audit" {
			c = office
		}
		_, page := e.get(c, path)
		if strings.Contains(page, `type="date"`) || strings.Contains(page, `type="time"`) {
			t.Errorf("%s: a date or time input rendered by the browser's locale", path)
		}
	}
	// A registration typed as 07/01/2027 is 7 January, shown back as such.
	res := e.post(head, "/programs/"+onTime+"/items", url.Values{"title": {"Kế hoạch ra quân trật tự đô thị"}, "kind": {"task"},
		"source": {"directive"}, "lead_unit": {"2"}, "due_date": {"07/01/2027"}, "product": {"Kế hoạch"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("register: %d %s", res.StatusCode, body(res))
	}
	id := strings.TrimPrefix(res.Header.Get("Location"), "/programs/"+onTime+"#item-")
	if _, page := e.get(head, "/items/"+id); !strings.Contains(page, "<dt>Hạn ban đầu</dt><dd>07/01/2027</dd>") {
		t.Error("07/01/2027 was not stored as 7 January 2027")
	}
	// A time not in HH:MM is named beside its field; nothing is saved.
	before := e.scheduleCounts()
	res = e.post(head, "/schedule/2026-W50/events", url.Values{"title": {"Họp"}, "kind": {"working_session"}, "date": {"07/12/2026"},
		"start": {"2:00 PM"}, "end": {"16:00"}, "chair": {"2"}, "venue": {"Hội trường"}})
	if page := body(res); res.StatusCode != 400 || !strings.Contains(page, "Giờ không hợp lệ: nhập theo dạng 24 giờ HH:MM") {
		t.Errorf("a 12-hour time: %d", res.StatusCode)
	}
	e.unchanged(before, "a refused entry")
}

func TestWeekConsolidateApproveReturn(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	office, chair := e.login("vanphong"), e.login("chutich")
	week := "2026-W49" // 28 proposals with clashes, still in registration
	// Consolidating says what it found.
	res := e.post(office, "/schedule/"+week+"/consolidate", url.Values{})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("consolidate: %d %s", res.StatusCode, body(res))
	}
	_, page := e.get(office, "/schedule/"+week)
	if !regexp.MustCompile(`Đã tổng hợp lịch tuần 49: 28 nội dung.*; \d+ cảnh báo trùng lịch`).MatchString(page) {
		t.Error("the flash does not say what consolidating found")
	}
	if res = e.post(office, "/schedule/"+week+"/submit", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	_, page = e.get(chair, "/schedule/"+week)
	if !strings.Contains(page, `id="approve-confirm"`) || !strings.Contains(page, `id="confirm-warnings"`) {
		t.Fatal("approving a week with warnings does not list them for confirmation")
	}
	// Without the confirmation nothing changes and the warnings are listed.
	res = e.post(chair, "/schedule/"+week+"/approve", url.Values{})
	if page := body(res); res.StatusCode != 400 || !strings.Contains(page, "cảnh báo") || !strings.Contains(page, `class="warn-list"`) {
		t.Errorf("approve without confirming: %d", res.StatusCode)
	}
	if st, _, _ := e.weekState(e.token("chutich"), week); st != "submitted" {
		t.Errorf("the week moved to %s without confirmation", st)
	}
	// Returning asks for a reason, which reaches the Office.
	res = e.post(chair, "/schedule/"+week+"/return", url.Values{"reason": {""}})
	if page := body(res); res.StatusCode != 400 || !strings.Contains(page, "Vui lòng ghi lý do trả lại") {
		t.Errorf("return without a reason: %d", res.StatusCode)
	}
	if st, _, _ := e.weekState(e.token("chutich"), week); st != "submitted" {
		t.Errorf("returned without a reason: %s", st)
	}
	res = e.post(chair, "/schedule/"+week+"/return", url.Values{"reason": {"Bổ sung thành phần dự họp chiều thứ Năm"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("return: %d %s", res.StatusCode, body(res))
	}
	if _, inbox := e.get(office, "/notifications"); !strings.Contains(inbox, "Bổ sung thành phần dự họp chiều thứ Năm") {
		t.Error("the Office is not told why the week came back")
	}
	// Submitted again, it is approved once the warnings are confirmed.
	e.post(office, "/schedule/"+week+"/submit", url.Values{})
	if res = e.post(chair, "/schedule/"+week+"/approve", url.Values{"confirm": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("approve with confirmation: %d", res.StatusCode)
	}
	if st, _, _ := e.weekState(e.token("chutich"), week); st != "approved" {
		t.Errorf("after a confirmed approval: %s", st)
	}
}

func TestProgramFeedbackTellsTheTruth(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	// A late registration: warned before, told after, named to the Office.
	head := e.login("truongphong.kt")
	_, page := e.get(head, "/programs/2026-12/register")
	if !strings.Contains(page, `id="late-warning"`) || !strings.Contains(page, "Hạn đăng ký đã hết ngày") {
		t.Error("no warning before a late registration")
	}
	res := e.post(head, "/programs/2026-12/items", url.Values{"title": {"Kiểm tra trật tự đô thị tuyến đường Lê Lợi"}, "kind": {"task"},
		"source": {"directive"}, "lead_unit": {"2"}, "due_date": {"10/12/2026"}, "product": {"Báo cáo"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("late registration: %d %s", res.StatusCode, body(res))
	}
	if _, page = e.get(head, "/programs/2026-12"); !strings.Contains(page, "Đã gửi đăng ký muộn") || strings.Contains(page, "Đã đăng ký nội dung vào chương trình") {
		t.Error("after a late registration the message says the item is in the program")
	}
	office := e.login("vanphong")
	res = e.post(office, "/programs/2026-12/submit", url.Values{"version": {"1"}})
	page = body(res)
	if !strings.Contains(page, "Kiểm tra trật tự đô thị tuyến đường Lê Lợi</a>") || !regexp.MustCompile(`<a href="/items/\d+">Kiểm tra trật tự`).MatchString(page) {
		t.Errorf("the refusal to submit does not name and link the late item (%d)", res.StatusCode)
	}
	// The refused form is shown under the page's own address.
	req, _ := http.NewRequest("POST", e.srv.URL+"/programs/2026-12/items", strings.NewReader("title="))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Referer", e.srv.URL+"/programs/2026-12/register")
	res, err := head.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if page := body(res); res.StatusCode != 400 || !strings.Contains(page, `data-url="/programs/2026-12/register"`) {
		t.Errorf("a refused registration: %d, not shown under its page's address", res.StatusCode)
	}
}

// completedItem registers an item of January 2027, issues the program,
// reports progress on the item, then its completion, and returns it.
func completedItem(t *testing.T, e *env) store.Item {
	t.Helper()
	ctx := context.Background()
	id := num(e.register(e.token("truongphong.kt"), onTime, itemJSON("Báo cáo rà soát hạ tầng thoát nước", "2027-01-15", `"coordinating_units":["VHXH"]`))["id"])
	e.issue(onTime)
	var it store.Item
	var err error
	e.db.View(ctx, func(tx *store.Tx) error { it, err = tx.Item(ctx, 1, id); return err })
	if err != nil {
		t.Fatal(err)
	}
	head := e.actorOf("truongphong.kt")
	if err := e.app.ReportProgress(ctx, head, it.ID, app.ReportInput{Version: it.Version, Percent: 60, Note: "Đang tổng hợp, hoàn thiện dự thảo."}); err != nil {
		t.Fatal(err)
	}
	if err := e.app.Complete(ctx, head, it.ID, app.ReportInput{Version: it.Version + 1, Note: "Đã trình Chủ tịch báo cáo số 45/BC-KT."}); err != nil {
		t.Fatal(err)
	}
	e.db.View(ctx, func(tx *store.Tx) error { it, err = tx.Item(ctx, 1, it.ID); return err })
	if err != nil || it.CompletedAt == nil {
		t.Fatalf("not completed: %v", err)
	}
	return it
}

func TestCompletedItemAndPlainHistory(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	it := completedItem(t, e)
	office := e.login("vanphong")
	_, page := e.get(office, fmt.Sprintf("/items/%d", it.ID))
	progress := regexp.MustCompile(`(?s)<dd id="item-progress">(.*?)</dd>`).FindStringSubmatch(page)
	if progress == nil || !strings.Contains(progress[1], "hoàn thành ngày "+it.CompletedAt.In(calendar.VN()).Format("02/01/2006")+": Đã trình Chủ tịch báo cáo số 45/BC-KT.") ||
		strings.Contains(progress[1], "Đang tổng hợp") {
		t.Errorf("a completed item does not show its completion date: %v", progress)
	}
	hist := regexp.MustCompile(`(?s)<ol class="changes" id="audit">(.*?)</ol>`).FindStringSubmatch(page)
	if hist == nil {
		t.Fatal("no history")
	}
	if strings.ContainsAny(hist[1], "{}") || strings.Contains(hist[1], "Z&#34;") || strings.Contains(hist[1], "completed_at") {
		t.Errorf("the history shows JSON:\n%s", hist[1])
	}
	if !strings.Contains(hist[1], "<th scope=\"row\">") {
		t.Error("the history lists no field with before → after")
	}
	// The audit log: people by name and post, filtered by a person.
	_, page = e.get(office, "/audit")
	opt := regexp.MustCompile(`<option value="(\d+)">Phạm Thị Mai`).FindStringSubmatch(page)
	if opt == nil {
		t.Fatal("the audit filter does not offer people by name")
	}
	_, page = e.get(office, "/audit?person="+opt[1])
	log := regexp.MustCompile(`(?s)<ol class="changes" id="audit-log">(.*?)</ol>`).FindStringSubmatch(page)
	if log == nil || strings.ContainsAny(log[1], "{}") || !strings.Contains(log[1], "<b>Phạm Thị Mai (") {
		t.Errorf("the audit log filtered by person: %v", log != nil)
	}
	if strings.Contains(log[1], "<b>Nguyễn Văn Hùng") {
		t.Error("the person filter lets other people's changes through")
	}
}

func TestDocumentsStepNeedsDocuments(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	unit, office, chair := e.token("truongphong.vhxh"), e.token("vanphong"), e.token("chutich")
	st, out := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/events", unit, `{"title":"Làm việc về công tác giảm nghèo bền vững","kind":"working_session",
		"chair_id":3,"room_id":3,"starts_at":"2026-12-03T16:00:00+07:00","ends_at":"2026-12-03T17:30:00+07:00","unit_ids":[1]}`)
	if st != 201 {
		t.Fatalf("propose: %d %v", st, out)
	}
	id := num(out["event"].(map[string]any)["id"])
	for _, s := range []struct{ tok, act string }{{office, "consolidate"}, {office, "submit"}, {chair, "approve"}, {office, "publish"}} {
		if st, out := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/"+s.act, s.tok, ""); st != 200 {
			t.Fatalf("%s: %d %v", s.act, st, out)
		}
	}
	path := fmt.Sprintf("/api/v1/events/%d/readiness", id)
	for _, s := range []struct{ tok, step string }{{unit, "content"}, {e.token("pct.vanhoa"), "approve"}, {office, "invitation"}} {
		if st, out := e.apiCall("POST", path, s.tok, `{"step":"`+s.step+`"}`); st != 200 {
			t.Fatalf("%s: %d %v", s.step, st, out)
		}
	}
	c := e.login("vanphong")
	page := fmt.Sprintf("/events/%d", id)
	res := e.post(c, page+"/readiness", url.Values{"step": {"documents"}})
	if b := body(res); res.StatusCode != 400 || !strings.Contains(b, "Cuộc họp chưa có tài liệu") {
		t.Errorf("documents sent without documents: %d", res.StatusCode)
	}
	if res = e.post(c, page+"/readiness", url.Values{"step": {"documents"}, "no_documents": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("documents replaced by the schedule: %d %s", res.StatusCode, body(res))
	}
	if _, b := e.get(c, page); !strings.Contains(b, `id="no-documents-note"`) || !strings.Contains(b, "thay cho tài liệu") {
		t.Error("the checklist shows documents sent without saying the schedule stands in")
	}
}

func TestUnitItemsFilterAndOrder(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	c := e.login("truongphong.kt")
	for _, due := range []string{"2027-01-20", "2027-01-08", "2027-01-14"} {
		e.register(e.token("truongphong.kt"), onTime, itemJSON("Nội dung hạn "+due, due, ""))
	}
	rows := regexp.MustCompile(`(?s)<td data-label="Tháng">([0-9/]+)</td>.*?<td data-label="Thời hạn"><span class="deadline">(\d\d/\d\d/\d{4})</span>.*?<td data-label="Trạng thái"><span class="badge [a-z]*">([^<]*)</span>`)
	read := func(path string) [][3]string {
		st, page, _ := e.followed(c, path)
		if st != 200 {
			t.Fatalf("%s: %d", path, st)
		}
		var out [][3]string
		for _, m := range rows.FindAllStringSubmatch(page, -1) {
			out = append(out, [3]string{m[1], m[2], m[3]})
		}
		return out
	}
	// The menu's "Việc của phòng" leads to the search with the unit preset,
	// from two months back, in deadline order.
	all := read("/units/2/items")
	if len(all) < 4 {
		t.Fatalf("too few items to order: %v", all)
	}
	day := func(s string) string { return s[6:] + s[3:5] + s[:2] }
	for i := 1; i < len(all); i++ {
		if day(all[i][1]) < day(all[i-1][1]) {
			t.Errorf("not sorted by deadline: %v", all)
		}
	}
	for _, r := range all {
		if r[0] < "09/2026" && strings.HasSuffix(r[0], "/2026") {
			t.Errorf("a month before the window: %v", r)
		}
	}
	// A status filter of the old address shows only that status.
	st := all[0][2]
	var key string
	for _, s := range program.Statuses() {
		if s.Label() == st {
			key = string(s)
		}
	}
	for _, r := range read("/units/2/items?status=" + key) {
		if r[2] != st {
			t.Errorf("status filter %s lets %s through", key, r[2])
		}
	}
	// One month: only its items.
	one := read("/units/2/items?month=2026-11")
	if len(one) == 0 {
		t.Fatal("no item in November")
	}
	for _, r := range one {
		if r[0] != "11/2026" {
			t.Errorf("the month filter lets %s through", r[0])
		}
	}
}

func TestFormsForEveryone(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	head := e.login("truongphong.kt")
	_, form := e.get(head, "/schedule/2026-W48/events/new")
	// People are checkboxes grouped by unit, not a Ctrl-click multi-select;
	// the program item is chosen by its title.
	if strings.Contains(form, "multiple") || !strings.Contains(form, `<input type="checkbox" name="person_ids"`) ||
		!strings.Contains(form, `<details class="pick-group"`) || strings.Contains(form, "giữ Ctrl") {
		t.Error("participants are not a checkbox list grouped by unit")
	}
	if !regexp.MustCompile(`(?s)<select name="program_item_id" id="program_item_id">.*?<optgroup label="Tháng 11/2026 — [^"]+"><option value="\d+">[^<]+ \([A-Z]+, hạn \d\d/\d\d/\d{4}\)</option>`).MatchString(form) {
		t.Error("the program item is not picked by title")
	}
	_, reg := e.get(head, "/programs/"+onTime+"/register")
	if strings.Contains(reg, "multiple") || !strings.Contains(reg, `fieldset class="picklist" id="predecessors"`) {
		t.Error("predecessors are not a checkbox list")
	}
	for _, f := range []string{"title", "kind", "lead_unit", "due_date", "source", "product"} {
		if !regexp.MustCompile(`<label for="` + f + `">[^<]*<span class="req"`).MatchString(reg) {
			t.Errorf("required field %s is not marked", f)
		}
	}
	// "Sửa · Gộp" keeps together on the Office's consolidation table.
	id := num(e.register(e.token("truongphong.kt"), onTime, itemJSON("Báo cáo tình hình trật tự đô thị", "2027-01-15", ""))["id"])
	_, month := e.get(e.login("vanphong"), "/programs/"+onTime)
	if !regexp.MustCompile(`<span class="nowrap"><a href="/items/\d+#edit">Sửa</a> · <a href="/items/\d+#merge">Gộp</a></span>`).MatchString(month) {
		t.Error("'Sửa · Gộp' can wrap with the dot alone")
	}
	// No heading without anything under it: a viewer of an issued item has
	// no report form, so no "Báo cáo thực hiện".
	e.issue(onTime)
	if _, page := e.get(e.login("congan"), fmt.Sprintf("/items/%d", id)); strings.Contains(page, "<h2>Báo cáo thực hiện</h2>") {
		t.Error("an empty 'Báo cáo thực hiện' heading")
	}
}
