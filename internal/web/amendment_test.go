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

func TestAmendmentVersionsAndCarryOver(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		id := num(e.register(e.token("truongphong.kt"), onTime, itemJSON("Khảo sát chợ Hòa Bình", "2027-01-15", ""))["id"])
		e.issue(onTime)
		head := e.login("truongphong.kt")
		_, page := e.get(head, fmt.Sprintf("/items/%d", id))
		if !strings.Contains(page, `id="amend-change-form"`) || !strings.Contains(page, `id="amend-cancel-form"`) {
			t.Fatal("item page lacks the amendment forms")
		}
		form := url.Values{"amend_kind": {"change"}, "item_id": {fmt.Sprint(id)}, "title": {"Khảo sát chợ Hòa Bình và chợ tạm"}, "kind": {"report"},
			"source": {"annual_plan"}, "lead_unit": {"2"}, "due_date": {"2027-01-22"}, "product": {"Báo cáo"}}
		// A reason is required; nothing is saved without it.
		before := e.programCounts()
		res := e.post(head, "/programs/"+onTime+"/amendments", form)
		refused := body(res)
		if res.StatusCode != 400 || !strings.Contains(refused, "lý do") {
			t.Errorf("amendment without reason: %d", res.StatusCode)
		}
		// What was typed is given back, not the stored item.
		if !strings.Contains(refused, "Khảo sát chợ Hòa Bình và chợ tạm") || !strings.Contains(refused, `value="22/01/2027"`) {
			t.Error("the refused amendment form lost what was typed")
		}
		if !maps.Equal(before, e.programCounts()) {
			t.Error("refused amendment changed the database")
		}
		form.Set("reason", "Bổ sung chợ tạm theo chỉ đạo")
		if res := e.post(head, "/programs/"+onTime+"/amendments", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("propose: %d %s", res.StatusCode, body(res))
		}
		// The other Vice Chairman cannot decide it; the one in charge can.
		_, page = e.get(e.login("pct.vanhoa"), "/programs/"+onTime)
		if strings.Contains(page, `value="approve"`) {
			t.Error("another portfolio's VC sees the approve button")
		}
		vc := e.login("pct.kinhte")
		_, page = e.get(vc, "/programs/"+onTime)
		i := strings.Index(page, `action="/programs/`+onTime+`/amendments/`)
		if i < 0 {
			t.Fatal("VC in charge lacks the decision form")
		}
		var amID int64
		fmt.Sscanf(page[i+len(`action="/programs/`+onTime+`/amendments/`):], "%d", &amID)
		if res := e.post(vc, fmt.Sprintf("/programs/%s/amendments/%d", onTime, amID), url.Values{"decision": {"approve"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("approve amendment: %d %s", res.StatusCode, body(res))
		}
		_, page = e.get(head, "/programs/"+onTime)
		for _, w := range []string{"điều chỉnh lần 1", "Khảo sát chợ Hòa Bình và chợ tạm", "22/01/2027", "hạn ban đầu <s>15/01/2027</s>", "Đã duyệt"} {
			if !strings.Contains(page, w) {
				t.Errorf("amended program lacks %q", w)
			}
		}
		st, page := e.get(head, "/programs/"+onTime+"/versions")
		if st != 200 || !strings.Contains(page, "Ban hành") || !strings.Contains(page, "Điều chỉnh lần 1") || !strings.Contains(page, "Khảo sát chợ Hòa Bình và chợ tạm") || !strings.Contains(page, "22/01/2027") {
			t.Errorf("versions page: %d", st)
		}
		// The Office carries the unfinished item into the next month.
		office := e.login("vanphong")
		_, page = e.get(office, "/programs/"+onTime)
		if !strings.Contains(page, "Chuyển nội dung chưa hoàn thành sang tháng sau") {
			t.Fatal("office lacks the carry-over button")
		}
		// The form lists it ticked, with a deadline in February offered
		// (22/01 → Monday 22/02/2027).
		_, page = e.get(office, "/programs/"+onTime+"/carry-over")
		due := fmt.Sprintf("due_%d", id)
		for _, w := range []string{fmt.Sprintf(`name="item" value="%d" id="carry-item-%d" checked`, id, id), `name="` + due + `" value="22/02/2027"`,
			"quá hạn từ 22/01/2027", "Chuyển các nội dung đã chọn sang tháng 02 năm 2027"} {
			if !strings.Contains(page, w) {
				t.Errorf("carry-over form lacks %q", w)
			}
		}
		// A date outside February is refused beside the row; nothing is saved.
		before = e.programCounts()
		res = e.post(office, "/programs/"+onTime+"/carry-over", url.Values{"item": {fmt.Sprint(id)}, due: {"2027-03-01"}})
		if page := body(res); res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Thời hạn mới phải nằm trong tháng 02 năm 2027") {
			t.Fatalf("carry over into March: %d", res.StatusCode)
		}
		if !maps.Equal(before, e.programCounts()) {
			t.Fatal("a refused carry-over saved something")
		}
		// Sunday 28/02: the day-off warning offers Friday 26/02, one click.
		res = e.post(office, "/programs/"+onTime+"/carry-over", url.Values{"item": {fmt.Sprint(id)}, due: {"2027-02-28"}})
		if page := body(res); res.StatusCode != http.StatusBadRequest || !strings.Contains(page, `value="`+due+`=2027-02-26"`) {
			t.Fatalf("carry over onto a Sunday: %d", res.StatusCode)
		}
		res = e.post(office, "/programs/"+onTime+"/carry-over", url.Values{"item": {fmt.Sprint(id)}, due: {"2027-02-28"}, "use_date": {due + "=2027-02-26"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/programs/2027-02" {
			t.Fatalf("carry over: %d %s", res.StatusCode, body(res))
		}
		_, page = e.get(office, "/programs/2027-02")
		if table := programTable(page); !strings.Contains(table, "Khảo sát chợ Hòa Bình và chợ tạm") || !strings.Contains(page, "chuyển từ tháng trước") ||
			!strings.Contains(table, "26/02/2027") || !strings.Contains(table, "hạn ban đầu <s>22/01/2027</s>") {
			t.Error("next month lacks the carried item with its new deadline")
		}
		_, page = e.get(office, "/programs/"+onTime+"/carry-over")
		if !strings.Contains(page, `id="carry-none"`) || !strings.Contains(page, "Khảo sát chợ Hòa Bình và chợ tạm") {
			t.Error("the form still offers the carried item, or does not list it as carried")
		}
		// The API lists the carried copy and refuses carrying it twice.
		tok := e.token("vanphong")
		st, out := e.apiCall("GET", "/api/v1/programs/"+onTime+"/carry-over", tok, "")
		if carried, _ := out["carried"].([]any); st != 200 || len(carried) != 1 || out["can_carry"] != true {
			t.Errorf("API carry-over: %d %v", st, out)
		}
		st, out = e.apiCall("POST", "/api/v1/programs/"+onTime+"/carry-over", tok, fmt.Sprintf(`{"items":[{"id":%d,"due_date":"2027-02-26"}]}`, id))
		if _, fields, _ := apiErr(out); st != 400 || !strings.Contains(fmt.Sprint(fields["items.0"]), "đã được chuyển sang tháng sau") {
			t.Errorf("API carry twice: %d %v", st, out)
		}
		if st, _ := e.apiCall("GET", "/api/v1/programs/"+onTime+"/carry-over", e.token("truongphong.kt"), ""); st != http.StatusForbidden {
			t.Errorf("a unit head reads the carry-over form: %d", st)
		}
	})
}
