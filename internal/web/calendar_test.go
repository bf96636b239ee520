package web_test

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// calendarCounts counts the rows a calendar change may touch.
func (e *env) calendarCounts() map[string]int {
	e.t.Helper()
	return storetest.RowCounts(e.t, e.db, "calendar_overrides", "audit_log")
}

// daysOff reads GET /api/v1/calendar/{year} into date → "kind|name".
func (e *env) daysOff(tok, year string) (map[string]string, []string) {
	e.t.Helper()
	st, out := e.apiCall("GET", "/api/v1/calendar/"+year, tok, "")
	if st != http.StatusOK {
		e.t.Fatalf("calendar %s: %d %v", year, st, out)
	}
	days := map[string]string{}
	list, _ := out["days_off"].([]any)
	for _, d := range list {
		m := d.(map[string]any)
		days[m["date"].(string)] = m["kind"].(string) + "|" + m["name"].(string)
	}
	var sats []string
	raw, ok := out["working_saturdays"].([]any)
	if !ok {
		e.t.Fatalf("working_saturdays is not a list: %v", out["working_saturdays"])
	}
	for _, s := range raw {
		sats = append(sats, s.(string))
	}
	return days, sats
}

func TestCalendarAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tok := e.token("congan") // the least privileged role may view it
		st, out := e.apiCall("GET", "/api/v1/calendar/2026", tok, "")
		if st != 200 || out["year"] != float64(2026) {
			t.Fatalf("calendar 2026: %d %v", st, out["year"])
		}
		days, sats := e.daysOff(tok, "2026")
		want := map[string]string{
			"2026-01-01": "holiday|Tết Dương lịch",
			"2026-01-02": "swap|Nghỉ Tết Dương lịch (hoán đổi)",
			"2026-02-16": "holiday|Tết Nguyên đán",
			"2026-02-17": "holiday|Tết Nguyên đán",
			"2026-02-20": "holiday|Tết Nguyên đán",
			"2026-04-26": "holiday|Giỗ Tổ Hùng Vương", // a Sunday: stays in with its name
			"2026-04-27": "compensatory|Nghỉ bù Giỗ Tổ Hùng Vương",
			"2026-04-30": "holiday|Ngày Chiến thắng",
			"2026-05-01": "holiday|Ngày Quốc tế Lao động",
			"2026-09-02": "holiday|Quốc khánh",
		}
		for d, w := range want {
			if days[d] != w {
				t.Errorf("%s = %q, want %q", d, days[d], w)
			}
		}
		for d, v := range days {
			if strings.HasPrefix(v, "weekend|") || strings.HasPrefix(v, "makeup|") {
				t.Errorf("%s listed as %q", d, v)
			}
		}
		if _, ok := days["2026-01-03"]; ok {
			t.Error("a plain Saturday is listed")
		}
		if !slices.Equal(sats, []string{"2026-01-10"}) {
			t.Errorf("working_saturdays = %v", sats)
		}
		// Another year has no swaps, but a list all the same.
		if _, sats := e.daysOff(tok, "2027"); len(sats) != 0 {
			t.Errorf("2027 working_saturdays = %v", sats)
		}
		for _, bad := range []string{"3000", "abc", "1899"} {
			st, out := e.apiCall("GET", "/api/v1/calendar/"+bad, tok, "")
			fields, _ := out["error"].(map[string]any)["fields"].(map[string]any)
			if st != 400 || errCode(out) != "invalid" || !strings.Contains(toStr(fields["year"]), "Năm phải là một số từ 1900 đến 2100") {
				t.Errorf("year %s: %d %v", bad, st, out)
			}
		}
		if st, out := e.apiCall("GET", "/api/v1/calendar/2026", "", ""); st != 401 || errCode(out) != "unauthorized" {
			t.Errorf("no token: %d %v", st, out)
		}
	})
}

func toStr(v any) string { s, _ := v.(string); return s }

func TestCalendarPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		admin := e.login("admin")
		st, page := e.get(admin, "/admin/calendar?year=2026")
		if st != 200 {
			t.Fatalf("admin calendar: %d", st)
		}
		for _, w := range []string{
			"Lịch làm việc năm 2026", "Tháng 1", "Tháng 12", `title="Thứ Hai"`, `title="Chủ nhật"`,
			`<span class="ld lunar-start">1/1</span>`, // Tết, lunar new year's day
			"15/8", // mid-autumn
			"Thứ Ba 17/02/2026 — âm lịch 1/1 — Nghỉ lễ, Tết: Tết Nguyên đán",
			"Nghỉ bù Giỗ Tổ Hùng Vương", "Nghỉ Tết Dương lịch (hoán đổi)", "Làm bù cho ngày 02/01/2026", "10/01/2026",
			"Nghỉ (hoán đổi)", "Làm việc (làm bù)", `action="/admin/calendar/overrides/2026-01-02/delete"`,
			`href="/admin/calendar?year=2025"`, `href="/admin/calendar?year=2027"`,
		} {
			if !strings.Contains(page, w) {
				t.Errorf("admin page lacks %q", w)
			}
		}
		// Without a year: the current year in Vietnam time (the test clock is in 2026).
		if _, page := e.get(admin, "/admin/calendar"); !strings.Contains(page, "Lịch làm việc năm 2026") {
			t.Error("default year is not 2026")
		}

		// Other roles view the same calendar, read-only.
		office := e.login("vanphong")
		st, page = e.get(office, "/calendar?year=2026")
		if st != 200 || !strings.Contains(page, "Nghỉ bù Giỗ Tổ Hùng Vương") || !strings.Contains(page, `href="/calendar"`) {
			t.Fatalf("office calendar: %d", st)
		}
		if strings.Contains(page, "/admin/calendar/overrides") {
			t.Error("read-only page shows the edit form")
		}
		if st, _ := e.get(office, "/admin/calendar"); st != http.StatusForbidden {
			t.Errorf("office admin calendar: %d", st)
		}

		// A bad year is told beside the year box.
		for _, y := range []string{"3000", "abc"} {
			st, page := e.get(office, "/calendar?year="+y)
			if st != http.StatusBadRequest || !strings.Contains(page, `class="field-error"`) || !strings.Contains(page, "Năm phải là một số từ 1900 đến 2100.") {
				t.Errorf("year %s: %d", y, st)
			}
		}
	})
}

func TestCalendarOverrideBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.login("admin")
		cases := []struct {
			name string
			form url.Values
			want string
		}{
			{"empty date", url.Values{"date": {""}, "working": {"0"}, "name": {"Nghỉ"}}, "Vui lòng nhập ngày (dd/mm/yyyy)."},
			{"not a date", url.Values{"date": {"mùng hai tết"}, "working": {"0"}, "name": {"Nghỉ"}}, "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy"},
			{"no such day", url.Values{"date": {"30/02/2026"}, "working": {"0"}, "name": {"Nghỉ"}}, "Ngày 30/02/2026 không có trong lịch."},
			{"out of range", url.Values{"date": {"01/01/3000"}, "working": {"0"}, "name": {"Nghỉ"}}, "Ngày phải thuộc các năm từ 1900 đến 2100."},
			{"empty name", url.Values{"date": {"05/01/2026"}, "working": {"0"}, "name": {"   "}}, "Vui lòng nhập tên hoặc lý do"},
			{"working on a working day", url.Values{"date": {"14/01/2026"}, "working": {"1"}, "name": {"Làm bù"}}, "Ngày 14/01/2026 (Thứ Tư) đã là ngày làm việc"},
			{"off on a holiday", url.Values{"date": {"2026-02-17"}, "working": {"0"}, "name": {"Nghỉ"}}, "đã là ngày nghỉ (Tết Nguyên đán)"},
			{"off on a Sunday", url.Values{"date": {"04/01/2026"}, "working": {"0"}, "name": {"Nghỉ"}}, "đã là ngày nghỉ (ngày nghỉ cuối tuần)"},
			{"working again on the swapped day", url.Values{"date": {"02/01/2026"}, "working": {"1"}, "name": {"Làm"}}, "Ngày 02/01/2026 (Thứ Sáu) đã là ngày làm việc"},
			{"no choice", url.Values{"date": {"05/01/2026"}, "name": {"Nghỉ"}}, "Vui lòng chọn “Nghỉ (hoán đổi)” hoặc “Làm việc (làm bù)”."},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := e.calendarCounts()
				tc.form.Set("year", "2026")
				res := e.post(c, "/admin/calendar/overrides", tc.form)
				page := body(res)
				if res.StatusCode != http.StatusBadRequest {
					t.Fatalf("status %d, want 400", res.StatusCode)
				}
				if !strings.Contains(page, `class="field-error"`) || !strings.Contains(page, tc.want) {
					t.Errorf("page lacks the field message %q", tc.want)
				}
				if !strings.Contains(page, "Tháng 12") {
					t.Error("the calendar is not shown again with the form")
				}
				if after := e.calendarCounts(); !maps.Equal(before, after) {
					t.Errorf("database changed: %v → %v", before, after)
				}
			})
		}
		// Deleting a day with no override.
		before := e.calendarCounts()
		res := e.post(c, "/admin/calendar/overrides/2026-03-03/delete", url.Values{"year": {"2026"}})
		if page := body(res); res.StatusCode != http.StatusNotFound || !strings.Contains(page, "không có điều chỉnh nào để xóa") {
			t.Errorf("delete missing: %d", res.StatusCode)
		}
		if after := e.calendarCounts(); !maps.Equal(before, after) {
			t.Errorf("database changed: %v → %v", before, after)
		}
	})
}

func TestCalendarOverrideForbidden(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		before := e.calendarCounts()
		for _, login := range []string{"chutich", "vanphong", "truongphong.kt", "congan"} {
			c := e.login(login)
			res := e.post(c, "/admin/calendar/overrides", url.Values{"date": {"05/01/2026"}, "working": {"0"}, "name": {"Nghỉ"}})
			if body(res); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s add: %d", login, res.StatusCode)
			}
			res = e.post(c, "/admin/calendar/overrides/2026-01-02/delete", nil)
			if body(res); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s delete: %d", login, res.StatusCode)
			}
		}
		// The use cases refuse on their own too, whatever calls them.
		a, _, err := e.app.Actor(context.Background(), 2)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.app.PutOverride(context.Background(), a, "05/01/2026", false, "Nghỉ"); !errs.Is(err, errs.Forbidden) {
			t.Errorf("PutOverride by %s: %v", a.Login, err)
		}
		if err := e.app.DeleteOverride(context.Background(), a, "02/01/2026"); !errs.Is(err, errs.Forbidden) {
			t.Errorf("DeleteOverride by %s: %v", a.Login, err)
		}
		if after := e.calendarCounts(); !maps.Equal(before, after) {
			t.Errorf("database changed: %v → %v", before, after)
		}
	})
}

func TestCalendarOverrideChangesTheCalendar(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.login("admin")
		tok := e.token("vanphong")
		// Quốc khánh 2026: the government picks 3/9 instead of the default 1/9.
		res := e.post(c, "/admin/calendar/overrides", url.Values{"date": {"01/09/2026"}, "working": {"1"}, "name": {"Làm việc (Quốc khánh nghỉ ngày 03/09)"}, "year": {"2026"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/calendar?year=2026" {
			t.Fatalf("add working: %d %s", res.StatusCode, body(res))
		}
		res = e.post(c, "/admin/calendar/overrides", url.Values{"date": {"2026-09-03"}, "working": {"0"}, "name": {"Quốc khánh"}, "year": {"2026"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add off: %d %s", res.StatusCode, body(res))
		}
		days, _ := e.daysOff(tok, "2026")
		if _, ok := days["2026-09-01"]; ok {
			t.Error("01/09 still a day off")
		}
		if days["2026-09-03"] != "swap|Quốc khánh" {
			t.Errorf("03/09 = %q", days["2026-09-03"])
		}
		_, page := e.get(c, "/admin/calendar?year=2026")
		for _, w := range []string{"Đã lưu điều chỉnh ngày 03/09/2026.", "Làm việc (Quốc khánh nghỉ ngày 03/09)", "Làm việc (làm bù)"} {
			if !strings.Contains(page, w) {
				t.Errorf("page lacks %q", w)
			}
		}

		// Delete the 2026 swap: 02/01 is a working day again.
		res = e.post(c, "/admin/calendar/overrides/2026-01-02/delete", url.Values{"year": {"2026"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("delete: %d %s", res.StatusCode, body(res))
		}
		days, sats := e.daysOff(tok, "2026")
		if _, ok := days["2026-01-02"]; ok {
			t.Error("02/01 still off after the delete")
		}
		if !slices.Equal(sats, []string{"2026-01-10"}) {
			t.Errorf("working_saturdays = %v", sats)
		}

		var entries []store.AuditEntry
		e.db.View(context.Background(), func(tx *store.Tx) error {
			entries, _, _ = tx.AuditLog(context.Background(), 1, store.AuditFilter{Entity: "calendar"})
			return nil
		})
		if len(entries) != 3 {
			t.Fatalf("audit = %+v", entries)
		}
		var summaries []string
		for _, en := range entries {
			if en.EntityID != 2026 || en.ActorLogin != "admin" {
				t.Errorf("audit entry %+v", en)
			}
			summaries = append(summaries, en.Action+": "+en.Summary)
		}
		all := strings.Join(summaries, "\n")
		for _, w := range []string{
			"create: Thêm ngày làm việc bù 01/09/2026: Làm việc (Quốc khánh nghỉ ngày 03/09)",
			"create: Thêm ngày nghỉ hoán đổi 03/09/2026: Quốc khánh",
			"delete: Xóa điều chỉnh ngày 02/01/2026: Nghỉ Tết Dương lịch (hoán đổi)",
		} {
			if !strings.Contains(all, w) {
				t.Errorf("audit lacks %q in\n%s", w, all)
			}
		}
	})
}
