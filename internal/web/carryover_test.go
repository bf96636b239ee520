package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"dieuhanh/internal/demo"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// The demo's October (relative to 25/11/2026) was carried into November on
// Friday 23/10: October's unfinished items are closed there as carried over,
// each with one live copy in November whose deadline is in November; a
// void copy's original is not carried; nothing in November is overdue from
// an October deadline or waits for an October verdict.
func TestDemoCarryOverCountsOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		if err := demo.LoadPrograms(context.Background(), e.app, testNow); err != nil {
			t.Fatal(err)
		}
		tok := e.token("chutich")
		items := func(month string) map[int64]map[string]any {
			st, p := e.apiCall("GET", "/api/v1/programs/"+month, tok, "")
			if st != http.StatusOK {
				t.Fatalf("%s: %d", month, st)
			}
			out := map[int64]map[string]any{}
			for _, x := range p["items"].([]any) {
				it := x.(map[string]any)
				out[num(it["id"])] = it
			}
			return out
		}
		oct, nov := items("2026-10"), items("2026-11")
		carried, void := 0, 0
		for id, it := range oct {
			if it["status"] != "carried_over" {
				if it["carried_to"] != nil {
					t.Errorf("October item %d (%s) has a live copy", id, it["status"])
				}
				continue
			}
			carried++
			cp := nov[num(it["carried_to"])]
			if cp == nil || num(cp["carried_from"]) != id || !strings.HasPrefix(cp["due_date"].(string), "2026-11-") ||
				cp["original_due_date"] != it["deadline"] || cp["source"] != "carried_over" {
				t.Errorf("copy of October item %d = %v", id, cp)
			}
		}
		for _, it := range nov {
			if it["carried_from"] == nil {
				continue
			}
			if it["cancelled"] == true {
				void++
				if orig := oct[num(it["carried_from"])]; orig["status"] == "carried_over" {
					t.Errorf("a void copy's original is carried over: %v", orig)
				}
				continue
			}
			if !strings.HasPrefix(it["deadline"].(string), "2026-11-") || it["status"] == "pending_acceptance" {
				t.Errorf("November copy %v", it)
			}
		}
		if carried == 0 {
			t.Fatalf("the demo carries nothing over (%d void copies)", void)
		}

		// A carried original's page points to its copy and takes no report.
		var origID int64
		for id, it := range oct {
			if it["status"] == "carried_over" && it["lead_unit"] == "KTHTDT" {
				origID = id
			}
		}
		head := e.login("truongphong.kt")
		_, page := e.get(head, fmt.Sprintf("/items/%d", origID))
		if !strings.Contains(page, `id="carry-block"`) || !strings.Contains(page, "Nội dung đã chuyển sang chương trình tháng 11/2026") ||
			strings.Contains(page, `id="completion-form"`) || !strings.Contains(page, "Chuyển sang tháng sau") {
			t.Error("the carried original's page")
		}
	})
}
