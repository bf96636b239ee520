package web_test

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// apiError reads the error object of an API answer.
func apiErr(out map[string]any) (rule string, fields, suggest map[string]any) {
	e, _ := out["error"].(map[string]any)
	rule, _ = e["rule"].(string)
	fields, _ = e["fields"].(map[string]any)
	suggest, _ = e["suggest"].(map[string]any)
	return
}

// A due date on a day off is a warning with the previous working day
// offered: nothing is saved until the person picks the offered day or keeps
// the day off, on the pages and in the API alike.
func TestDueDateOnDayOff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		head := e.login("truongphong.kt")
		// Sunday 31/01/2027 → Friday 29/01/2027.
		form := url.Values{"title": {"Báo cáo tháng 1"}, "kind": {"report"}, "source": {"annual_plan"}, "lead_unit": {"2"},
			"due_date": {"2027-01-31"}, "product": {"Báo cáo"}}
		before := e.programCounts()
		res := e.post(head, "/programs/2027-01/items", form)
		page := body(res)
		if res.StatusCode != http.StatusBadRequest {
			t.Fatalf("register on a Sunday: %d", res.StatusCode)
		}
		for _, w := range []string{"Ngày 31/01/2027 là Chủ nhật (ngày nghỉ). Chọn ngày làm việc liền trước: Thứ Sáu 29/01/2027?",
			`name="use_date" value="due_date=2027-01-29"`, "Dùng 29/01/2027", `name="allow_day_off" value="1"`, "Vẫn giữ ngày này",
			`>Báo cáo tháng 1</textarea>`} {
			if !strings.Contains(page, w) {
				t.Errorf("page lacks %q", w)
			}
		}
		if !maps.Equal(before, e.programCounts()) {
			t.Fatal("the warning saved something")
		}
		// One click on "Dùng 29/01/2027" sends the form again with that day.
		form.Set("use_date", "due_date=2027-01-29")
		res = e.post(head, "/programs/2027-01/items", form)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("use the suggested day: %d %s", res.StatusCode, body(res))
		}
		// "Vẫn giữ ngày này" keeps the Sunday.
		form.Del("use_date")
		form.Set("allow_day_off", "1")
		form.Set("title", "Báo cáo giữ Chủ nhật")
		if res := e.post(head, "/programs/2027-01/items", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("keep the day off: %d %s", res.StatusCode, body(res))
		}
		tok := e.token("truongphong.kt")
		_, p := e.apiCall("GET", "/api/v1/programs/2027-01", tok, "")
		dues := map[string]string{}
		var sundayID int64
		for _, x := range p["items"].([]any) {
			it := x.(map[string]any)
			dues[it["title"].(string)] = it["due_date"].(string)
			if it["title"] == "Báo cáo giữ Chủ nhật" {
				sundayID = num(it["id"])
			}
		}
		if dues["Báo cáo tháng 1"] != "2027-01-29" || dues["Báo cáo giữ Chủ nhật"] != "2027-01-31" {
			t.Fatalf("due dates = %v", dues)
		}

		// Editing another field of an item kept on a day off asks nothing again.
		if st, out := e.apiCall("PATCH", fmt.Sprintf("/api/v1/items/%d", sundayID), tok, `{"version":1,"title":"Báo cáo (sửa tên)"}`); st != 200 {
			t.Errorf("edit title: %d %v", st, out)
		}
		// Moving it to another day off asks again.
		st, out := e.apiCall("PATCH", fmt.Sprintf("/api/v1/items/%d", sundayID), tok, `{"version":2,"due_date":"2027-01-01"}`)
		rule, fields, suggest := apiErr(out)
		// 1/1/2027 is Tết Dương lịch; the previous working day is in December,
		// outside the program's month, so the next one is offered.
		if st != 400 || rule != "due_date_day_off" || suggest["due_date"] != "2027-01-04" ||
			!strings.Contains(fmt.Sprint(fields["due_date"]), "ngày nghỉ (Tết Dương lịch). Chọn ngày làm việc liền sau: Thứ Hai 04/01/2027?") {
			t.Errorf("patch onto 1/1: %d %v", st, out)
		}

		// The API: 400 with the rule and the suggestion, then allow_day_off.
		before = e.programCounts()
		st, out = e.apiCall("POST", "/api/v1/programs/2027-01/items", tok, itemJSON("Kiểm tra", "2027-01-16", ""))
		rule, fields, suggest = apiErr(out)
		if st != 400 || errCode(out) != "invalid" || rule != "due_date_day_off" || suggest["due_date"] != "2027-01-15" || fields["due_date"] == nil {
			t.Fatalf("API day off: %d %v", st, out)
		}
		if !maps.Equal(before, e.programCounts()) {
			t.Fatal("the API warning saved something")
		}
		e.register(tok, "2027-01", itemJSON("Kiểm tra", "2027-01-16", `"allow_day_off":true`))
		// A working day: no warning at all.
		e.register(tok, "2027-01", itemJSON("Kiểm tra 2", "2027-01-15", ""))
	})
}

// The extension form and the conclusion instructions warn the same way.
func TestDayOffWarningOnExtensionAndConclusion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tok := e.token("truongphong.kt")
		it := e.register(tok, onTime, itemJSON("Báo cáo quý", "2027-01-22", ""))
		itemID := num(it["id"])
		e.issue(onTime)
		head := e.login("truongphong.kt")
		// Saturday 23/01 right after a Friday deadline: Monday 25/01 is offered.
		form := url.Values{"new_date": {"2027-01-23"}, "reason": {"Chờ số liệu"}}
		before := e.programCounts()
		res := e.post(head, fmt.Sprintf("/items/%d/extension", itemID), form)
		page := body(res)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Ngày 23/01/2027 là Thứ Bảy (ngày nghỉ). Chọn ngày làm việc liền sau: Thứ Hai 25/01/2027?") ||
			!strings.Contains(page, `value="new_date=2027-01-25"`) {
			t.Fatalf("extension on a Saturday: %d", res.StatusCode)
		}
		if !maps.Equal(before, e.programCounts()) {
			t.Fatal("the warning saved something")
		}
		form.Set("use_date", "new_date=2027-01-25")
		if res := e.post(head, fmt.Sprintf("/items/%d/extension", itemID), form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("extension with the offered day: %d %s", res.StatusCode, body(res))
		}
		_, out := e.apiCall("GET", fmt.Sprintf("/api/v1/items/%d", itemID), tok, "")
		if exts := out["extensions"].([]any); len(exts) != 1 || exts[0].(map[string]any)["new_date"] != "2027-01-25" {
			t.Errorf("extensions = %v", out["extensions"])
		}

		// An amendment adding an item due on Sunday 31/01/2027.
		aform := url.Values{"amend_kind": {"add"}, "title": {"Bổ sung kiểm tra"}, "kind": {"inspection"}, "source": {"directive"},
			"lead_unit": {"2"}, "due_date": {"2027-01-31"}, "product": {"Biên bản"}, "reason": {"Chỉ đạo mới"}}
		res = e.post(head, "/programs/"+onTime+"/amendments", aform)
		if page := body(res); res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Chọn ngày làm việc liền trước: Thứ Sáu 29/01/2027?") {
			t.Fatalf("amendment on a Sunday: %d", res.StatusCode)
		}
		aform.Set("allow_day_off", "1")
		if res := e.post(head, "/programs/"+onTime+"/amendments", aform); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("amendment kept on a Sunday: %d %s", res.StatusCode, body(res))
		}

		// A conclusion instruction due on Sunday 29/11/2026.
		office := e.token("vanphong")
		ev := findEvent(t, e.weekEvents(office, curWeek), func(ev map[string]any) bool {
			return ev["kind"] == "working_session" && ev["starts_at"].(string) < "2026-11-24"
		})
		c := e.login("vanphong")
		cform := url.Values{"issued_on": {"2026-11-25"}, "summary": {"Kết luận"},
			"ins_title": {"", "Rà soát hồ sơ"}, "ins_unit": {"2", "2"}, "ins_leader": {"2", "2"},
			"ins_due": {"", "29/11/2026"}, "ins_product": {"", "Báo cáo"}, "ins_kind": {"task", "task"}}
		before = e.scheduleCounts()
		res = e.post(c, fmt.Sprintf("/events/%d/conclusion", id(ev)), cform)
		page = body(res)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Ngày 29/11/2026 là Chủ nhật (ngày nghỉ). Chọn ngày làm việc liền trước: Thứ Sáu 27/11/2026?") ||
			!strings.Contains(page, `value="ins_due.1=2026-11-27"`) || !strings.Contains(page, `value="Rà soát hồ sơ"`) {
			t.Fatalf("conclusion on a Sunday: %d", res.StatusCode)
		}
		e.unchanged(before, "conclusion warning")
		cform.Set("use_date", "ins_due.1=2026-11-27")
		if res := e.post(c, fmt.Sprintf("/events/%d/conclusion", id(ev)), cform); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("conclusion with the offered day: %d %s", res.StatusCode, body(res))
		}
		// The API names the instruction and takes allow_day_off.
		other := findEvent(t, e.weekEvents(office, curWeek), func(x map[string]any) bool {
			return x["kind"] == "working_session" && x["starts_at"].(string) < "2026-11-24" && id(x) != id(ev)
		})
		payload := `{"summary":"Kết luận","instructions":[{"title":"Báo cáo","lead_unit_id":2,"leader_id":2,"due_date":"2026-12-06","product":"Báo cáo"}]%s}`
		st, out := e.apiCall("POST", fmt.Sprintf("/api/v1/events/%d/conclusion", id(other)), office, fmt.Sprintf(payload, ""))
		if rule, _, suggest := apiErr(out); st != 400 || rule != "due_date_day_off" || suggest["instructions.0"] != "2026-12-04" {
			t.Fatalf("API conclusion on a Sunday: %d %v", st, out)
		}
		if st, out := e.apiCall("POST", fmt.Sprintf("/api/v1/events/%d/conclusion", id(other)), office, fmt.Sprintf(payload, `,"allow_day_off":true`)); st != 201 {
			t.Fatalf("API conclusion kept on a Sunday: %d %v", st, out)
		}
	})
}
