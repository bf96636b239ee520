package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// Input that used to answer 2xx: every list and text is bounded, ids are
// reported (never dropped), a meeting names its preparing unit, and weeks
// and months stay in 1900–2100 in their one canonical spelling.
func TestBoundsRefuseOversizedInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tok := e.token("vanphong")
		before := e.scheduleCounts()
		when := `"starts_at":"2026-12-01T08:00:00+07:00","ends_at":"2026-12-01T09:00:00+07:00"`
		base := `"title":"Làm việc về an sinh xã hội","kind":"working_session","chair_id":1,"venue":"Phòng họp số 2",` + when
		list := func(n int, v string) string {
			b, _ := json.Marshal(strings.Split(strings.Repeat(v+"\x1f", n-1)+v, "\x1f"))
			return string(b)
		}
		events := []struct{ name, body, field string }{
			{"negative person id", `{` + base + `,"preparing_unit_id":2,"person_ids":[-3]}`, "attendees"},
			{"unknown person id", `{` + base + `,"preparing_unit_id":2,"person_ids":[999999]}`, "attendees"},
			{"zero unit id", `{` + base + `,"preparing_unit_id":2,"unit_ids":[0]}`, "attendees"},
			{"no preparing unit", `{` + base + `,"preparing_unit_id":0}`, "preparing_unit_id"},
			{"negative preparing unit", `{` + base + `,"preparing_unit_id":-1}`, "preparing_unit_id"},
			{"60 guests", `{` + base + `,"preparing_unit_id":2,"guests":` + list(60, "Khách") + `}`, "guests"},
			{"20,000 guests", `{` + base + `,"preparing_unit_id":2,"guests":` + list(20000, "Khách") + `}`, "guests"},
			{"a 300-character guest", `{` + base + `,"preparing_unit_id":2,"guests":["` + strings.Repeat("ạ", 300) + `"]}`, "guests"},
			{"a 100,000-character guest", `{` + base + `,"preparing_unit_id":2,"guests":["` + strings.Repeat("a", 100000) + `"]}`, "guests"},
			{"long notes", `{` + base + `,"preparing_unit_id":2,"notes":"` + strings.Repeat("ghi ", 600) + `"}`, "notes"},
			{"long venue", `{"title":"Họp","kind":"working_session","chair_id":1,"preparing_unit_id":2,` + when + `,"venue":"` + strings.Repeat("x", 301) + `"}`, "venue"},
		}
		for _, c := range events {
			st, out := e.apiCall("POST", "/api/v1/schedules/2026-W49/events", tok, c.body)
			if st != http.StatusBadRequest || !namesField(out, c.field) {
				t.Errorf("event with %s: %d %v", c.name, st, out["error"])
			}
		}
		items := []struct{ name, extra, field string }{
			{"a 6,000-character description", `"description":"` + strings.Repeat("ạ", 6000) + `"`, "description"},
			{"a 100,000-character description", `"description":"` + strings.Repeat("a", 100000) + `"`, "description"},
			{"a long source reference", `"source_ref":"` + strings.Repeat("s", 301) + `"`, "source_ref"},
			{"long quality criteria", `"quality_criteria":"` + strings.Repeat("q", 2001) + `"`, "quality_criteria"},
			{"a negative predecessor", `"predecessors":[-1]`, "predecessors"},
			{"31 predecessors", `"predecessors":[` + strings.TrimSuffix(strings.Repeat("1,", 31), ",") + `]`, "predecessors"},
			{"a due date in 3000", `"due_date":"3000-01-10"`, "due_date"},
		}
		for _, c := range items {
			body := itemJSON("Báo cáo", "2027-01-10", c.extra)
			if strings.Contains(c.extra, "due_date") {
				body = strings.Replace(body, `"due_date":"2027-01-10",`, "", 1)
			}
			st, out := e.apiCall("POST", "/api/v1/programs/"+onTime+"/items", e.token("truongphong.kt"), body)
			if st != http.StatusBadRequest || !namesField(out, c.field) {
				t.Errorf("item with %s: %d %v", c.name, st, out["error"])
			}
		}
		e.unchanged(before, "oversized input")

		// An extension to year 3000 is refused beside its field.
		it := e.register(e.token("truongphong.kt"), onTime, itemJSON("Báo cáo", "2027-01-15", ""))
		e.issue(onTime)
		st, out := e.apiCall("POST", fmt.Sprintf("/api/v1/items/%d/extension", num(it["id"])), e.token("truongphong.kt"),
			`{"new_date":"3000-01-15","reason":"Chờ số liệu"}`)
		if st != http.StatusBadRequest || !namesField(out, "new_date") {
			t.Errorf("extension to 3000: %d %v", st, out)
		}

		c := e.login("vanphong")
		for _, path := range []string{"/schedule/1800-W01", "/schedule/3000-W01", "/schedule/2026-w49", "/schedule/2026-w49/export.pdf",
			"/api/v1/schedules/1899-W52", "/api/v1/schedules/2101-W01", "/api/v1/schedules/2026-w49", "/my/schedule?week=2026-w49",
			"/programs/1800-01", "/programs/3000-01", "/api/v1/programs/2101-01", "/api/v1/calendar/3000"} {
			if st, page := e.get(c, path); st != http.StatusBadRequest && st != http.StatusNotFound || !strings.Contains(page, "không hợp lệ") && !strings.Contains(page, "1900") {
				t.Errorf("GET %s: %d", path, st)
			}
		}
	})
}

// namesField reports whether an API error has a message for field (or for
// one of its elements, "guests.3").
func namesField(out map[string]any, field string) bool {
	e, _ := out["error"].(map[string]any)
	fields, _ := e["fields"].(map[string]any)
	for k := range fields {
		if k == field || strings.HasPrefix(k, field+".") {
			return true
		}
	}
	return false
}
