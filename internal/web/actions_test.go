package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dieuhanh/internal/demo"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// In a published week only the Office changes an entry: the others see no
// "Sửa" and the edit page refuses them. In a draft week the unit that
// proposed an entry edits it.
func TestEditShownToWhoMayEdit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const week, entry = "2026-W47", "/events/2" // KTHTDT's working session
		if _, page := e.get(e.login("vanphong"), "/schedule/"+week); !strings.Contains(page, "Đã công bố") {
			t.Fatalf("week %s is not published in the demo", week)
		}
		for _, tt := range []struct {
			login string
			edit  bool
		}{{"vanphong", true}, {"truongphong.kt", false}, {"chuyenvien.kt", false}, {"chutich", false}, {"pct.kinhte", false}, {"congan", false}} {
			c := e.login(tt.login)
			_, page := e.get(c, entry)
			if got := strings.Contains(page, `href="`+entry+`/edit"`); got != tt.edit {
				t.Errorf("%s: Sửa shown = %v", tt.login, got)
			}
			if got := strings.Contains(page, `action="`+entry+`/cancel"`); got != tt.edit {
				t.Errorf("%s: cancel form shown = %v", tt.login, got)
			}
			if st, _ := e.get(c, entry+"/edit"); (st == http.StatusOK) != tt.edit {
				t.Errorf("%s: edit page answers %d", tt.login, st)
			}
		}

		head := e.login("truongphong.kt")
		res := e.post(head, "/schedule/"+nextWeek+"/events", url.Values{"title": {"Khảo sát tuyến đường Lê Lợi"}, "kind": {"working_session"},
			"chair": {"1"}, "date": {"2026-12-02"}, "start": {"08:00"}, "end": {"10:00"}, "venue": {"Đường Lê Lợi"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("propose: %d %s", res.StatusCode, flashError(body(res)))
		}
		proposed := res.Header.Get("Location")
		for _, tt := range []struct {
			login string
			edit  bool
		}{{"truongphong.kt", true}, {"chuyenvien.kt", true}, {"vanphong", true}, {"truongphong.vhxh", false}, {"congan", false}} {
			_, page := e.get(e.login(tt.login), proposed)
			if got := strings.Contains(page, `href="`+proposed+`/edit"`); got != tt.edit {
				t.Errorf("draft week, %s: Sửa shown = %v", tt.login, got)
			}
		}
	})
}

// A finished item (done, or waiting for its evaluation) takes no progress,
// completion or extension: its page shows none of those forms, while the
// lead unit's open items show the progress report.
func TestFinishedItemsTakeNoReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		if err := demo.LoadPrograms(context.Background(), e.app, testNow); err != nil {
			t.Fatal(err)
		}
		st, out := e.apiCall("GET", "/api/v1/programs/2026-11", e.token("truongphong.kt"), "")
		items, _ := out["items"].([]any)
		if st != http.StatusOK || len(items) == 0 {
			t.Fatalf("program: %d", st)
		}
		c := e.login("truongphong.kt")
		seen := map[bool]int{}
		for _, x := range items {
			it := x.(map[string]any)
			if it["lead_unit"] != "KTHTDT" || it["registration"] == "returned" || it["registration"] == "merged" {
				continue
			}
			status, _ := it["status"].(string)
			finished := status == "done_on_time" || status == "done_late" || status == "pending_acceptance" || status == "cancelled"
			seen[finished]++
			_, page := e.get(c, fmt.Sprintf("/items/%d", num(it["id"])))
			for _, form := range []string{"progress-form", "completion-form", "extension-form"} {
				if finished && strings.Contains(page, `id="`+form+`"`) {
					t.Errorf("item %v (%s) shows %s", it["id"], status, form)
				}
			}
			if !finished && !strings.Contains(page, `id="progress-form"`) {
				t.Errorf("open item %v (%s) lacks the progress form", it["id"], status)
			}
		}
		if seen[true] == 0 || seen[false] == 0 {
			t.Fatalf("the demo lacks finished or open KTHTDT items: %v", seen)
		}
	})
}

// The week page offers "Đăng ký lịch" to whoever may propose an entry now:
// a department for itself while the week takes proposals, the Office and
// the leaders always; partners never.
func TestProposeShownToWhoMayPropose(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for _, tt := range []struct {
			login   string
			propose bool
		}{{"truongphong.kt", true}, {"chuyenvien.kt", true}, {"vanphong", true}, {"pct.vanhoa", true}, {"congan", false}, {"admin", false}} {
			_, page := e.get(e.login(tt.login), "/schedule/"+nextWeek)
			if got := strings.Contains(page, `id="propose"`); got != tt.propose {
				t.Errorf("%s: propose shown = %v", tt.login, got)
			}
		}
	})
}
