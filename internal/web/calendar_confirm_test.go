package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// blocks reads holiday_blocks of GET /api/v1/calendar/{year} by key.
func (e *env) blocks(tok, year string) map[string]map[string]any {
	e.t.Helper()
	st, out := e.apiCall("GET", "/api/v1/calendar/"+year, tok, "")
	if st != http.StatusOK {
		e.t.Fatalf("calendar %s: %d %v", year, st, out)
	}
	got := map[string]map[string]any{}
	list, _ := out["holiday_blocks"].([]any)
	for _, b := range list {
		m := b.(map[string]any)
		got[m["holiday"].(string)] = m
	}
	return got
}

// The year's Tết and Quốc khánh days wait for the admin's confirmation;
// confirming is audited, and an override that changes the block asks again.
func TestHolidayBlockConfirmation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		admin := e.login("admin")
		tok := e.token("congan")

		// 2027: 2/9 is a Thursday, so Friday 3/9 is the default second day.
		days, _ := e.daysOff(tok, "2027")
		if days["2027-09-03"] != "holiday|Quốc khánh" {
			t.Errorf("03/09/2027 = %q, want the Quốc khánh holiday", days["2027-09-03"])
		}
		if _, off := days["2027-09-01"]; off {
			t.Error("01/09/2027 is off although 2/9 is a Thursday")
		}
		b := e.blocks(tok, "2027")
		nd := b["quoc_khanh"]
		if nd == nil || nd["from"] != "2027-09-02" || nd["to"] != "2027-09-05" || nd["confirmed"] != false || b["tet"]["confirmed"] != false {
			t.Fatalf("blocks = %v", b)
		}

		// Everyone sees "chờ xác nhận"; only the admin gets the button.
		_, page := e.get(e.login("vanphong"), "/calendar?year=2027")
		if !strings.Contains(page, "chờ xác nhận") || strings.Contains(page, `id="confirm-quoc_khanh"`) {
			t.Error("the public calendar does not show the pending block, or shows the button")
		}
		_, page = e.get(admin, "/admin/calendar?year=2027")
		for _, w := range []string{`id="confirm-quoc_khanh"`, `id="confirm-tet"`, "02/09/2027 – 05/09/2027 (4 ngày)", "như năm 2021"} {
			if !strings.Contains(page, w) {
				t.Errorf("admin calendar lacks %q", w)
			}
		}

		// Others may not confirm.
		if res := e.post(e.login("chutich"), "/admin/calendar/confirmations", url.Values{"year": {"2027"}, "holiday": {"quoc_khanh"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("chairman confirms: %d", res.StatusCode)
		}
		// A stale view is refused: the block is not what the admin saw.
		res := e.post(admin, "/admin/calendar/confirmations", url.Values{"year": {"2027"}, "holiday": {"quoc_khanh"}, "days": {"2027-09-01/2027-09-02"}})
		if page := body(res); res.StatusCode != http.StatusConflict || !strings.Contains(page, "vừa thay đổi") {
			t.Errorf("stale confirmation: %d", res.StatusCode)
		}
		res = e.post(admin, "/admin/calendar/confirmations", url.Values{"year": {"2027"}, "holiday": {"quoc_khanh"}, "days": {"2027-09-02/2027-09-05"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("confirm: %d %s", res.StatusCode, body(res))
		}
		b = e.blocks(tok, "2027")
		if b["quoc_khanh"]["confirmed"] != true || b["quoc_khanh"]["confirmed_by"] != "admin" || b["tet"]["confirmed"] != false {
			t.Fatalf("after confirming: %v", b)
		}
		_, page = e.get(admin, "/admin/calendar?year=2027")
		if !strings.Contains(page, "đã xác nhận") || strings.Contains(page, `id="confirm-quoc_khanh"`) || !strings.Contains(page, `id="confirm-tet"`) {
			t.Error("the admin page does not show the confirmed block")
		}

		// The government moves a day: the block waits for a new confirmation.
		res = e.post(admin, "/admin/calendar/overrides", url.Values{"date": {"06/09/2027"}, "working": {"0"}, "name": {"Nghỉ hoán đổi"}, "year": {"2027"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("override: %d %s", res.StatusCode, body(res))
		}
		b = e.blocks(tok, "2027")
		if b["quoc_khanh"]["confirmed"] != false || b["quoc_khanh"]["changed"] != true || b["quoc_khanh"]["to"] != "2027-09-06" {
			t.Errorf("after the override: %v", b["quoc_khanh"])
		}

		// The API confirms the block as it stands.
		st, out := e.apiCall("POST", "/api/v1/calendar/2027/confirmations", e.token("admin"), `{"holiday":"quoc_khanh"}`)
		if st != http.StatusOK {
			t.Fatalf("API confirm: %d %v", st, out)
		}
		if st, out := e.apiCall("POST", "/api/v1/calendar/2027/confirmations", e.token("admin"), `{"holiday":"trung_thu"}`); st != 400 || errCode(out) != "invalid" {
			t.Errorf("unknown holiday: %d %v", st, out)
		}
		if st, _ := e.apiCall("POST", "/api/v1/calendar/2027/confirmations", tok, `{"holiday":"tet"}`); st != http.StatusForbidden {
			t.Errorf("viewer confirms: %d", st)
		}
		if e.blocks(tok, "2027")["quoc_khanh"]["confirmed"] != true {
			t.Error("API confirmation not kept")
		}
		// Other years stay pending.
		if e.blocks(tok, "2028")["quoc_khanh"]["confirmed"] != false {
			t.Error("a confirmation leaked into 2028")
		}

		var all, entries []store.AuditEntry
		e.db.View(context.Background(), func(tx *store.Tx) error {
			all, _, _ = tx.AuditLog(context.Background(), 1, store.AuditFilter{Entity: "calendar"})
			return nil
		})
		for _, en := range all {
			if en.Action == "confirm" {
				entries = append(entries, en) // newest first
			}
		}
		if len(entries) != 2 || entries[1].Summary != "Xác nhận lịch nghỉ Quốc khánh năm 2027: 02/09/2027 – 05/09/2027 (4 ngày)" ||
			entries[0].Summary != "Xác nhận lịch nghỉ Quốc khánh năm 2027: 02/09/2027 – 06/09/2027 (5 ngày)" {
			t.Errorf("audit = %+v", entries)
		}
	})
}
