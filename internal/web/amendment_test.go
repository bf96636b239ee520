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
		if !strings.Contains(refused, "Khảo sát chợ Hòa Bình và chợ tạm") || !strings.Contains(refused, `value="2027-01-22"`) {
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
		res = e.post(office, "/programs/"+onTime+"/carry-over", nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/programs/2027-02" {
			t.Fatalf("carry over: %d %s", res.StatusCode, body(res))
		}
		_, page = e.get(office, "/programs/2027-02")
		if !strings.Contains(programTable(page), "Khảo sát chợ Hòa Bình và chợ tạm") || !strings.Contains(page, "chuyển từ tháng trước") {
			t.Error("next month lacks the carried item")
		}
	})
}
