package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// testNow is Wednesday of ISO week 2026-W48 (published in the demo);
// 2026-W49 is still open for proposals.
const (
	curWeek  = "2026-W48"
	nextWeek = "2026-W49"
)

var scheduleTables = []string{"schedules", "events", "event_attendees", "event_files", "event_changes", "conclusion_notices",
	"program_items", "item_units", "feed_tokens", "audit_log"}

func (e *env) scheduleCounts() map[string]int {
	e.t.Helper()
	return storetest.RowCounts(e.t, e.db, scheduleTables...)
}

func (e *env) unchanged(before map[string]int, what string) {
	e.t.Helper()
	if after := e.scheduleCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
		e.t.Errorf("%s changed the database: %v → %v", what, before, after)
	}
}

// weekEvents returns the events of a week from the API.
func (e *env) weekEvents(tok, week string) []map[string]any {
	e.t.Helper()
	st, out := e.apiCall("GET", "/api/v1/schedules/"+week, tok, "")
	if st != 200 {
		e.t.Fatalf("week %s: %d %v", week, st, out)
	}
	var evs []map[string]any
	for _, x := range out["events"].([]any) {
		evs = append(evs, x.(map[string]any))
	}
	return evs
}

func findEvent(t *testing.T, evs []map[string]any, pred func(map[string]any) bool) map[string]any {
	t.Helper()
	for _, ev := range evs {
		if pred(ev) {
			return ev
		}
	}
	t.Fatal("no such event")
	return nil
}

func unitName(ev map[string]any) string {
	u, _ := ev["preparing_unit"].(map[string]any)
	s, _ := u["name"].(string)
	return s
}

func id(ev map[string]any) int64 { return int64(ev["id"].(float64)) }

func TestSchedulePagesRender(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for _, login := range []string{"vanphong", "chutich", "truongphong.vhxh", "congan"} {
			c := e.login(login)
			for _, p := range []string{"/schedule", "/schedule/" + nextWeek, "/schedule/" + nextWeek + "?view=leader", "/schedule/" + curWeek + "/print",
				"/my/schedule", "/my/feeds", "/events/1"} {
				if st, page := e.get(c, p); st != http.StatusOK {
					t.Errorf("%s %s: %d\n%s", login, p, st, page)
				}
			}
		}
		c := e.login("vanphong")
		_, page := e.get(c, "/schedule/"+curWeek+"/print")
		for _, w := range []string{"LỊCH CÔNG TÁC CỦA LÃNH ĐẠO UBND PHƯỜNG HÒA BÌNH", "Tuần thứ 48, từ ngày 23/11 đến ngày 29/11/2026", "THỨ HAI\n(23/11/2026)"} {
			if !strings.Contains(page, w) {
				t.Errorf("print page lacks %q", w)
			}
		}
		for _, f := range []struct{ path, magic string }{{"/schedule/" + curWeek + "/export.docx", "PK"}, {"/schedule/" + curWeek + "/export.pdf", "%PDF"},
			{"/events/1/invitation.docx", "PK"}, {"/events/1/invitation.pdf", "%PDF"}} {
			if st, b := e.get(c, f.path); st != 200 || !strings.HasPrefix(b, f.magic) {
				t.Errorf("%s: %d %.40q", f.path, st, b)
			}
		}
		res, err := http.DefaultClient.Do(func() *http.Request {
			req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/schedules/"+curWeek+"/export.pdf", nil)
			req.Header.Set("Authorization", "Bearer "+e.token("chutich"))
			return req
		}())
		if err != nil || res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
			t.Errorf("API export: %v %v", err, res)
		}
		res.Body.Close()
		_, page = e.get(c, "/schedule/"+curWeek)
		for _, w := range []string{"Đã công bố", "Sẵn sàng", "Vi phạm thời hạn", "Trùng lịch với"} {
			if !strings.Contains(page, w) {
				t.Errorf("week page lacks %q", w)
			}
		}
	})
}

func TestSchedulePermissions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		vhxh := findEvent(t, e.weekEvents(e.token("vanphong"), nextWeek), func(ev map[string]any) bool {
			return unitName(ev) == "Phòng Văn hóa - Xã hội"
		})
		before := e.scheduleCounts()
		// A unit head cannot edit another unit's entry.
		kt := e.login("truongphong.kt")
		res := e.post(kt, fmt.Sprintf("/events/%d", id(vhxh)), url.Values{"version": {"1"}, "title": {"Sửa trộm"}, "kind": {"working_session"},
			"date": {"2026-12-01"}, "start": {"08:00"}, "end": {"09:00"}, "venue": {"x"}})
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("other unit's entry: %d", res.StatusCode)
		}
		body(res)
		tokKT := e.token("truongphong.kt")
		if st, out := e.apiCall("PATCH", fmt.Sprintf("/api/v1/events/%d", id(vhxh)), tokKT, `{"version":1,"title":"Sửa trộm"}`); st != 403 {
			t.Errorf("API other unit's entry: %d %v", st, out)
		}
		// Staff and the Office cannot approve a week.
		for _, login := range []string{"chuyenvien.kt", "vanphong", "truongphong.vhxh"} {
			if st, out := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/approve", e.token(login), ""); st != 403 || errCode(out) != "forbidden" {
				t.Errorf("%s approves: %d %v", login, st, out)
			}
		}
		// Only the Office publishes or consolidates.
		if st, _ := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/consolidate", e.token("chutich"), ""); st != 403 {
			t.Errorf("chairman consolidates: %d", st)
		}
		e.unchanged(before, "refused actions")
	})
}

func TestScheduleBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		// Another ward with a person, to invite across wards.
		var stranger int64
		err := db.Update(context.Background(), func(tx *store.Tx) error {
			w, err := tx.CreateWard(context.Background(), org.Ward{Code: "khac", Name: "Phường Khác", PlaceName: "Khác", Settings: org.DefaultSettings()}, testNow)
			if err != nil {
				return err
			}
			stranger, err = tx.CreatePerson(context.Background(), w, org.PersonInput{FullName: "Người Phường Khác"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		tok := e.token("truongphong.vhxh")
		before := e.scheduleCounts()
		base := `"title":"Làm việc về an sinh xã hội","kind":"working_session","chair_id":1,"venue":"Phòng họp số 2"`
		cases := []struct{ name, body, field string }{
			{"end before start", `{` + base + `,"starts_at":"2026-12-01T10:00:00+07:00","ends_at":"2026-12-01T09:00:00+07:00"}`, "ends_at"},
			{"outside its week", `{` + base + `,"starts_at":"2026-12-09T08:00:00+07:00","ends_at":"2026-12-09T09:00:00+07:00"}`, "starts_at"},
			{"unknown room", `{` + base + `,"room_id":9999,"starts_at":"2026-12-01T08:00:00+07:00","ends_at":"2026-12-01T09:00:00+07:00"}`, "room_id"},
			{"unknown chair", `{"title":"Họp","kind":"working_session","chair_id":999,"venue":"x","starts_at":"2026-12-01T08:00:00+07:00","ends_at":"2026-12-01T09:00:00+07:00"}`, "chair"},
			{"stranger", `{` + base + fmt.Sprintf(`,"person_ids":[%d]`, stranger) + `,"starts_at":"2026-12-01T08:00:00+07:00","ends_at":"2026-12-01T09:00:00+07:00"}`, "attendees"},
			{"bad time", `{` + base + `,"starts_at":"mai","ends_at":"2026-12-01T09:00:00+07:00"}`, "starts_at"},
		}
		for _, c := range cases {
			st, out := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/events", tok, c.body)
			fields, _ := out["error"].(map[string]any)["fields"].(map[string]any)
			if st != 400 || fields[c.field] == nil {
				t.Errorf("%s: %d %v", c.name, st, out)
			}
		}
		// The form shows the message beside the field, in Vietnamese.
		c := e.login("truongphong.vhxh")
		res := e.post(c, "/schedule/"+nextWeek+"/events", url.Values{"title": {"Họp"}, "kind": {"working_session"}, "chair": {"1"},
			"date": {"2026-12-01"}, "start": {"10:00"}, "end": {"09:00"}, "venue": {"x"}})
		if page := body(res); res.StatusCode != 400 || !strings.Contains(page, "Giờ kết thúc phải sau giờ bắt đầu.") {
			t.Errorf("form: %d", res.StatusCode)
		}
		// A readiness step out of order, or by the wrong role.
		ev := findEvent(t, e.weekEvents(tok, nextWeek), func(ev map[string]any) bool {
			r, _ := ev["readiness"].(map[string]any)
			return r != nil && r["content_uploaded_at"] == nil && unitName(ev) == "Phòng Văn hóa - Xã hội"
		})
		path := fmt.Sprintf("/api/v1/events/%d/readiness", id(ev))
		if st, out := e.apiCall("POST", path, e.token("vanphong"), `{"step":"invitation"}`); st != 409 {
			t.Errorf("invitation before content: %d %v", st, out)
		}
		if st, out := e.apiCall("POST", path, e.token("truongphong.kt"), `{"step":"content"}`); st != 403 {
			t.Errorf("content by another unit: %d %v", st, out)
		}
		if st, out := e.apiCall("POST", path, e.token("pct.kinhte"), `{"step":"approve"}`); st != 403 && st != 409 {
			t.Errorf("approve by the wrong leader: %d %v", st, out)
		}
		if st, out := e.apiCall("POST", path, tok, `{"step":"nonsense"}`); st != 400 {
			t.Errorf("unknown step: %d %v", st, out)
		}
		e.unchanged(before, "bad input")
	})
}

func TestStalePatchRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tok := e.token("vanphong")
		ev := findEvent(t, e.weekEvents(tok, curWeek), func(ev map[string]any) bool { return ev["kind"] == "inspection" })
		path := fmt.Sprintf("/api/v1/events/%d", id(ev))
		v := int(ev["version"].(float64))
		st, out := e.apiCall("PATCH", path, tok, fmt.Sprintf(`{"version":%d,"notes":"Đổi giờ theo chỉ đạo"}`, v))
		if st != 200 {
			t.Fatalf("patch: %d %v", st, out)
		}
		got := out["event"].(map[string]any)
		if got["adjusted"] != true || got["sequence"].(float64) != 1 {
			t.Errorf("published change not marked: %v", got)
		}
		before := e.scheduleCounts()
		if st, out := e.apiCall("PATCH", path, tok, fmt.Sprintf(`{"version":%d,"notes":"cũ"}`, v)); st != 409 || errCode(out) != "conflict" {
			t.Errorf("stale patch: %d %v", st, out)
		}
		if st, _ := e.apiCall("PATCH", path, tok, `{"notes":"không có version"}`); st != 400 {
			t.Errorf("patch without version: %d", st)
		}
		e.unchanged(before, "stale patch")
	})
}

func TestWeekWorkflowAndReadiness(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		unit := e.token("truongphong.vhxh")
		st, out := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/events", unit, `{"title":"Làm việc về công tác giảm nghèo bền vững","kind":"working_session",
			"chair_id":3,"room_id":3,"starts_at":"2026-12-03T16:00:00+07:00","ends_at":"2026-12-03T17:30:00+07:00","unit_ids":[1]}`)
		if st != 201 {
			t.Fatalf("propose: %d %v", st, out)
		}
		ev := out["event"].(map[string]any)
		if ev["late"] != false || ev["readiness"].(map[string]any)["state"] != "on_track" || ev["starts_at"] != "2026-12-03T16:00:00+07:00" {
			t.Errorf("proposal: %v", ev)
		}
		office, chair := e.token("vanphong"), e.token("chutich")
		for _, s := range []struct{ tok, act string }{{office, "consolidate"}, {office, "submit"}, {chair, "return"}, {office, "submit"},
			{chair, "approve"}, {office, "publish"}} {
			if st, out := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/"+s.act, s.tok, ""); st != 200 {
				t.Fatalf("%s: %d %v", s.act, st, out)
			}
		}
		path := fmt.Sprintf("/api/v1/events/%d/readiness", id(ev))
		for _, s := range []struct{ tok, step string }{{unit, "content"}, {e.token("pct.vanhoa"), "approve"}, {office, "invitation"}, {office, "documents"}} {
			st, out := e.apiCall("POST", path, s.tok, `{"step":"`+s.step+`"}`)
			if st != 200 {
				t.Fatalf("%s: %d %v", s.step, st, out)
			}
			ev = out["event"].(map[string]any)
		}
		r := ev["readiness"].(map[string]any)
		if r["state"] != "ready" || !strings.HasSuffix(fmt.Sprint(r["invitation_number"]), "/GM-UBND") {
			t.Errorf("readiness: %v", r)
		}
		// A unit's later addition to the published week waits for the cycle.
		st, out = e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/events", unit, `{"title":"Khảo sát điểm sinh hoạt cộng đồng","kind":"field_visit",
			"chair_id":3,"venue":"Tổ dân phố 3","starts_at":"2026-12-05T08:00:00+07:00","ends_at":"2026-12-05T10:00:00+07:00"}`)
		if st != 201 || out["event"].(map[string]any)["late"] != true {
			t.Fatalf("late addition: %d %v", st, out)
		}
	})
}

func TestICSFeeds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tok := e.token("chutich")
		st, out := e.apiCall("POST", "/api/v1/me/feeds", tok, "")
		if st != 200 {
			t.Fatalf("feeds: %d %v", st, out)
		}
		feeds := out["feeds"].([]any)
		if len(feeds) < 5 { // ward, own, and each of the three leaders
			t.Fatalf("feeds: %v", feeds)
		}
		wardURL := feeds[0].(map[string]any)["url"].(string)
		fetch := func(u string) (int, string) {
			res, err := http.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(b)
		}
		st, feed := fetch(wardURL)
		if st != 200 || !strings.Contains(feed, "\r\n") {
			t.Fatalf("ward feed: %d", st)
		}
		cal, err := ics.ParseCalendar(strings.NewReader(feed))
		if err != nil {
			t.Fatal(err)
		}
		// An unchanged feed answers 304 to a client that has it.
		res0, _ := http.Get(wardURL)
		res0.Body.Close()
		req, _ := http.NewRequest("GET", wardURL, nil)
		req.Header.Set("If-None-Match", res0.Header.Get("ETag"))
		if res304, err := http.DefaultClient.Do(req); err != nil || res304.StatusCode != http.StatusNotModified {
			t.Errorf("conditional GET: %v %v", err, res304.StatusCode)
		} else {
			res304.Body.Close()
		}
		if len(cal.Events()) < 25 {
			t.Errorf("ward feed has %d events", len(cal.Events()))
		}
		// Change and cancel a published entry: same UID, SEQUENCE up, CANCELLED.
		office := e.token("vanphong")
		ev := findEvent(t, e.weekEvents(office, curWeek), func(ev map[string]any) bool { return ev["kind"] == "field_visit" })
		uid := fmt.Sprintf("event-%d@dieuhanh", id(ev))
		if st, out := e.apiCall("PATCH", fmt.Sprintf("/api/v1/events/%d", id(ev)), office,
			fmt.Sprintf(`{"version":%d,"venue":"Nhà văn hóa tổ dân phố 5"}`, int(ev["version"].(float64)))); st != 200 {
			t.Fatalf("patch: %d %v", st, out)
		}
		c := e.login("vanphong")
		res := e.post(c, fmt.Sprintf("/events/%d/cancel", id(ev)), url.Values{"version": {fmt.Sprint(int(ev["version"].(float64)) + 1)}, "cancel_reason": {"Trời mưa lớn"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("cancel: %d %s", res.StatusCode, body(res))
		}
		_, feed = fetch(wardURL)
		cal, err = ics.ParseCalendar(strings.NewReader(feed))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, ve := range cal.Events() {
			if ve.Id() != uid {
				continue
			}
			found = true
			if p := ve.GetProperty(ics.ComponentPropertySequence); p == nil || p.Value != "2" {
				t.Errorf("sequence: %v", p)
			}
			if p := ve.GetProperty(ics.ComponentPropertyStatus); p == nil || p.Value != "CANCELLED" {
				t.Errorf("status: %v", p)
			}
			if p := ve.GetProperty(ics.ComponentPropertyDtStart); p == nil || p.ICalParameters["TZID"][0] != "Asia/Ho_Chi_Minh" {
				t.Errorf("dtstart: %v", p)
			}
		}
		if !found {
			t.Errorf("%s missing from feed", uid)
		}
		// Broken and revoked tokens: 404, nothing leaked.
		for _, bad := range []string{"/ics/khong-co.ics", "/ics/" + strings.Repeat("a", 300) + ".ics", "/ics/abc", "/display/khong-co"} {
			st, b := fetch(e.srv.URL + bad)
			if st != 404 || strings.Contains(b, "Hòa Bình") {
				t.Errorf("%s: %d %q", bad, st, b)
			}
		}
		chairClient := e.login("chutich")
		res = e.post(chairClient, fmt.Sprintf("/my/feeds/%d/revoke", int64(feeds[0].(map[string]any)["id"].(float64))), nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("revoke: %d", res.StatusCode)
		}
		if st, _ := fetch(wardURL); st != 404 {
			t.Errorf("revoked feed: %d", st)
		}
		_, out = e.apiCall("POST", "/api/v1/me/feeds", tok, "")
		if u := out["feeds"].([]any)[0].(map[string]any)["url"].(string); u == wardURL {
			t.Error("regenerated URL equals the revoked one")
		} else if st, _ := fetch(u); st != 200 {
			t.Errorf("new feed: %d", st)
		}
	})
}

func TestConclusionCreatesItems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		office := e.token("vanphong")
		ev := findEvent(t, e.weekEvents(office, curWeek), func(ev map[string]any) bool {
			return ev["kind"] == "working_session" && ev["starts_at"].(string) < "2026-11-24"
		})
		before := e.scheduleCounts()
		c := e.login("vanphong")
		form := url.Values{"issued_on": {"2026-11-25"}, "summary": {"Kết luận của Phó Chủ tịch"},
			"ins_title": {"Đẩy nhanh tiến độ bồi thường", "Báo cáo kết quả"}, "ins_unit": {"2", "2"}, "ins_leader": {"2", "2"},
			"ins_due": {"15/12/2026", "30/11/2026"}, "ins_product": {"Báo cáo", "Báo cáo"}, "ins_kind": {"task", "report"},
			"ins_coord_0": {"5", "3"}}
		res := e.post(c, fmt.Sprintf("/events/%d/conclusion", id(ev)), form)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("conclusion: %d %s", res.StatusCode, body(res))
		}
		after := e.scheduleCounts()
		if after["program_items"] != before["program_items"]+2 || after["conclusion_notices"] != before["conclusion_notices"]+1 ||
			after["item_units"] != before["item_units"]+2 {
			t.Errorf("counts: %v → %v", before, after)
		}
		_, page := e.get(c, fmt.Sprintf("/events/%d", id(ev)))
		if !strings.Contains(page, "/TB-UBND") || !strings.Contains(page, "2 nhiệm vụ") {
			t.Error("event page lacks the notice")
		}
		// A second notice for the same meeting is refused, nothing saved.
		res = e.post(c, fmt.Sprintf("/events/%d/conclusion", id(ev)), form)
		if res.StatusCode != http.StatusConflict {
			t.Errorf("second notice: %d", res.StatusCode)
		}
		e.unchanged(after, "second notice")
	})
}

func TestRoomsAndLobby(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		// Units cannot manage rooms.
		unit := e.login("truongphong.kt")
		if st, _ := e.get(unit, "/rooms"); st != http.StatusForbidden {
			t.Errorf("unit sees rooms admin: %d", st)
		}
		before := e.scheduleCounts()
		res := e.post(unit, "/rooms", url.Values{"name": {"Phòng riêng"}})
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("unit adds a room: %d", res.StatusCode)
		}
		body(res)
		office := e.login("vanphong")
		res = e.post(office, "/rooms", url.Values{"name": {"  "}, "capacity": {"-3"}})
		if page := body(res); res.StatusCode != 400 || !strings.Contains(page, "Vui lòng nhập tên phòng họp.") || !strings.Contains(page, "Sức chứa phải từ 0 đến 2000.") {
			t.Errorf("bad room: %d", res.StatusCode)
		}
		e.unchanged(before, "refused rooms")
		res = e.post(office, "/rooms", url.Values{"name": {"Phòng tiếp khách"}, "capacity": {"10"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add room: %d %s", res.StatusCode, body(res))
		}
		// The lobby link shows today's published entries without login; once
		// revoked it is a bare 404.
		_, page := e.get(office, "/rooms")
		i := strings.Index(page, `href="/display/`)
		if i < 0 {
			t.Fatal("no lobby link")
		}
		link := page[i+len(`href="`):]
		link = link[:strings.Index(link, `"`)]
		anon := e.client()
		st, lobby := e.get(anon, link)
		if st != 200 || !strings.Contains(lobby, "HÔM NAY") || !strings.Contains(lobby, `http-equiv="refresh"`) || !strings.Contains(lobby, "PHƯỜNG HÒA BÌNH") {
			t.Fatalf("lobby: %d", st)
		}
		j := strings.Index(page, `action="/display-links/`)
		revoke := page[j+len(`action="`):]
		revoke = revoke[:strings.Index(revoke, `"`)]
		if res := e.post(office, revoke, nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("revoke: %d", res.StatusCode)
		}
		if st, b := e.get(anon, link); st != 404 || strings.Contains(b, "Hòa Bình") {
			t.Errorf("revoked lobby: %d", st)
		}
	})
}

func TestSubstitute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		// The KT head is invited to the GPMB working session chaired by the Chairman.
		ev := findEvent(t, e.weekEvents(e.token("vanphong"), nextWeek), func(ev map[string]any) bool {
			return strings.Contains(ev["title"].(string), "Bắc Hòa Bình")
		})
		head := e.login("truongphong.kt")
		path := fmt.Sprintf("/events/%d/substitutes", id(ev))
		// Only a person of the head's own unit may go instead.
		if res := e.post(head, path, url.Values{"substitute_id": {"15"}, "reason": {"Đi công tác"}}); res.StatusCode != 400 {
			t.Errorf("substitute from another unit: %d", res.StatusCode)
		}
		if res := e.post(head, path, url.Values{"substitute_id": {"10"}, "reason": {"Đi công tác"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("request: %d %s", res.StatusCode, body(res))
		}
		if res := e.post(e.login("truongphong.vhxh"), path, url.Values{"substitute_id": {"16"}, "reason": {"x"}}); res.StatusCode != 403 {
			t.Errorf("uninvited head: %d", res.StatusCode)
		}
		chair := e.login("chutich")
		_, page := e.get(chair, fmt.Sprintf("/events/%d", id(ev)))
		if !strings.Contains(page, "Đặng Thị Hồng dự thay Bùi Quang Vinh") {
			t.Fatal("request not shown")
		}
		k := strings.Index(page, `action="/events/`+fmt.Sprint(id(ev))+`/substitutes/`)
		act := page[k+len(`action="`):]
		act = act[:strings.Index(act, `"`)]
		if res := e.post(e.login("pct.vanhoa"), act, url.Values{"decision": {"approve"}}); res.StatusCode != 403 {
			t.Errorf("another leader decides: %d", res.StatusCode)
		}
		if res := e.post(chair, act, url.Values{"decision": {"approve"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("decide: %d", res.StatusCode)
		}
		if _, page = e.get(chair, fmt.Sprintf("/events/%d", id(ev))); !strings.Contains(page, "đã đồng ý") {
			t.Error("decision not shown")
		}
	})
}

func TestProgramMeetingsOffered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		var itemID int64
		err := db.Update(context.Background(), func(tx *store.Tx) error {
			p, err := tx.EnsureProgram(context.Background(), 1, 2026, time.December, testNow)
			if err != nil {
				return err
			}
			due := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
			d := calDate(due)
			itemID, err = tx.CreateItem(context.Background(), store.Item{WardID: 1, ProgramID: p.ID, Section: 3, Title: "Hội nghị tổng kết công tác dân vận",
				Kind: "conference", Source: "annual_plan", LeadUnitID: 3, LeaderID: 3, DueDate: d, OriginalDueDate: d, Registration: "registered",
				RegisteredAt: testNow})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		c := e.login("truongphong.vhxh")
		_, page := e.get(c, "/schedule/"+nextWeek)
		if !strings.Contains(page, "Hội nghị tổng kết công tác dân vận") || !strings.Contains(page, fmt.Sprintf("events/new?item=%d", itemID)) {
			t.Fatal("program meeting not offered")
		}
		_, form := e.get(c, fmt.Sprintf("/schedule/%s/events/new?item=%d", nextWeek, itemID))
		if !strings.Contains(form, "Hội nghị tổng kết công tác dân vận") || !strings.Contains(form, `value="02/12/2026"`) {
			t.Fatal("form not prefilled")
		}
		res := e.post(c, "/schedule/"+nextWeek+"/events", url.Values{"title": {"Hội nghị tổng kết công tác dân vận"}, "kind": {"conference"},
			"chair": {"3"}, "preparing_unit_id": {"3"}, "date": {"2026-12-02"}, "start": {"14:00"}, "end": {"16:30"}, "venue": {"Nhà văn hóa phường"},
			"program_item_id": {fmt.Sprint(itemID)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("propose: %d %s", res.StatusCode, body(res))
		}
		if _, page = e.get(c, "/schedule/"+nextWeek); strings.Contains(page, fmt.Sprintf("events/new?item=%d", itemID)) {
			t.Error("scheduled meeting still offered")
		}
	})
}

func calDate(t time.Time) calendar.Date {
	return calendar.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

func TestEventFormsShowErrorsBesideFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		office := e.token("vanphong")
		ev := findEvent(t, e.weekEvents(office, curWeek), func(ev map[string]any) bool {
			return ev["kind"] == "working_session" && ev["starts_at"].(string) < "2026-11-24"
		})
		c := e.login("vanphong")
		before := e.scheduleCounts()
		res := e.post(c, fmt.Sprintf("/events/%d/conclusion", id(ev)), url.Values{"issued_on": {"2026-11-25"},
			"ins_title": {"", "Báo cáo kết quả"}, "ins_unit": {"2", "2"}, "ins_leader": {"2", "2"}, "ins_due": {"", "2027-05-01"}})
		page := body(res)
		if res.StatusCode != 400 || !strings.Contains(page, "Hạn hoàn thành phải trong tháng này hoặc tháng sau.") {
			t.Errorf("conclusion: %d", res.StatusCode)
		}
		res = e.post(c, fmt.Sprintf("/events/%d/cancel", id(ev)), url.Values{"version": {"1"}, "cancel_reason": {" "}})
		if page := body(res); res.StatusCode != 400 || !strings.Contains(page, "Cần ghi lý do hủy.") {
			t.Errorf("cancel: %d", res.StatusCode)
		}
		e.unchanged(before, "refused entry forms")
	})
}

func TestLeadDaysPerMeetingKind(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tok := e.token("vanphong")
		conf := findEvent(t, e.weekEvents(tok, nextWeek), func(ev map[string]any) bool { return ev["kind"] == "conference" })
		ws := findEvent(t, e.weekEvents(tok, nextWeek), func(ev map[string]any) bool { return ev["kind"] == "working_session" })
		deadline := func(ev map[string]any) string {
			_, out := e.apiCall("GET", fmt.Sprintf("/api/v1/events/%d", id(ev)), tok, "")
			return out["event"].(map[string]any)["readiness"].(map[string]any)["deadline"].(string)
		}
		confBefore, wsBefore := deadline(conf), deadline(ws)
		err := db.Update(context.Background(), func(tx *store.Tx) error {
			w, err := tx.Ward(context.Background(), 1)
			if err != nil {
				return err
			}
			w.Settings.ConferenceLeadDays = 5
			return tx.UpdateWard(context.Background(), w)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := deadline(conf); got >= confBefore {
			t.Errorf("conference deadline %s, before %s", got, confBefore)
		}
		if got := deadline(ws); got != wsBefore {
			t.Errorf("working session deadline moved: %s → %s", wsBefore, got)
		}
		// The admin form keeps the setting and refuses nonsense beside the field.
		admin := e.login("admin")
		_, page := e.get(admin, "/admin/ward")
		if !strings.Contains(page, `name="conference_lead_days" type="number" value="5"`) {
			t.Error("ward form lacks the per-kind lead time")
		}
	})
}

func TestConclusionAndCancelAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		office := e.token("vanphong")
		ev := findEvent(t, e.weekEvents(office, curWeek), func(ev map[string]any) bool {
			return ev["kind"] == "conference" && ev["starts_at"].(string) < "2026-11-25"
		})
		path := fmt.Sprintf("/api/v1/events/%d/conclusion", id(ev))
		before := e.scheduleCounts()
		if st, out := e.apiCall("POST", path, e.token("truongphong.kt"), `{"instructions":[]}`); st != 403 {
			t.Errorf("unit records a notice: %d %v", st, out)
		}
		if st, out := e.apiCall("POST", path, office, `{"instructions":[{"title":"Báo cáo","lead_unit_id":2,"leader_id":2,"due_date":"mai"}]}`); st != 400 {
			t.Errorf("bad due date: %d %v", st, out)
		}
		e.unchanged(before, "refused notices")
		st, out := e.apiCall("POST", path, office, `{"issued_on":"2026-11-25","summary":"Kết luận hội nghị",
			"instructions":[{"title":"Rà soát phương án","kind":"task","lead_unit_id":2,"coordinating_unit_ids":[5],"leader_id":2,"due_date":"2026-12-10","product":"Phương án"}]}`)
		if st != 201 || !strings.HasSuffix(out["number"].(string), "/TB-UBND") || len(out["item_ids"].([]any)) != 1 {
			t.Fatalf("notice: %d %v", st, out)
		}
		// Cancel through the API: stale version refused, then cancelled.
		ws := findEvent(t, e.weekEvents(office, curWeek), func(ev map[string]any) bool { return ev["kind"] == "field_visit" })
		cpath := fmt.Sprintf("/api/v1/events/%d/cancel", id(ws))
		if st, _ := e.apiCall("POST", cpath, office, `{"version":99,"reason":"Trời mưa"}`); st != 409 {
			t.Errorf("stale cancel: %d", st)
		}
		if st, out := e.apiCall("POST", cpath, office, `{"version":1,"reason":""}`); st != 400 || out["error"].(map[string]any)["fields"].(map[string]any)["reason"] == nil {
			t.Errorf("cancel without reason: %d %v", st, out)
		}
		st, out = e.apiCall("POST", cpath, office, fmt.Sprintf(`{"version":%d,"reason":"Trời mưa lớn"}`, int(ws["version"].(float64))))
		if st != 200 || out["event"].(map[string]any)["cancelled"] != true {
			t.Errorf("cancel: %d %v", st, out)
		}
	})
}
