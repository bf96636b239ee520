package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"dieuhanh/internal/demo"
	"dieuhanh/internal/notify/smtptest"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// notifyUsers writes notifications as a use case would.
func (e *env) notifyUsers(kind, title, link string, logins ...string) {
	e.t.Helper()
	ctx := context.Background()
	err := e.db.Update(ctx, func(tx *store.Tx) error {
		var ids []int64
		var ward int64
		for _, l := range logins {
			u, _, err := tx.UserByLogin(ctx, l)
			if err != nil {
				return err
			}
			ids, ward = append(ids, u.ID), u.WardID
		}
		return tx.Notify(ctx, ward, ids, store.Notification{Kind: kind, Title: title, Body: "Chi tiết: " + title, Link: link}, testNow)
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

// call sends an API request with a bearer token and decodes the answer.
func (e *env) call(token, method, path string, body any, out any) int {
	e.t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	if out != nil {
		json.NewDecoder(res.Body).Decode(out)
	}
	return res.StatusCode
}

type inboxJSON struct {
	Items []struct {
		ID        int64   `json:"id"`
		Kind      string  `json:"kind"`
		Title     string  `json:"title"`
		Link      string  `json:"link"`
		CreatedAt string  `json:"created_at"`
		ReadAt    *string `json:"read_at"`
	} `json:"items"`
	Unread     int     `json:"unread"`
	NextCursor *string `json:"next_cursor"`
	Error      struct {
		Code   string            `json:"code"`
		Fields map[string]string `json:"fields"`
	} `json:"error"`
}

// The notifications API: newest first with cursor paging, filters by
// kind and read state, marking one or all read; another person's
// notification is not found, as is an unknown one; preferences per kind,
// an unknown kind refused with 400.
func TestNotificationsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for i := range 5 {
			e.notifyUsers("deadline_approaching", fmt.Sprintf("Sắp đến hạn %d", i), fmt.Sprintf("/items/%d", i+1), "truongphong.kt")
		}
		e.notifyUsers("item_overdue", "Quá hạn: Rà soát", "/items/9", "truongphong.kt", "chutich")
		kt, chair := e.token("truongphong.kt"), e.token("chutich")
		var page inboxJSON
		if st := e.call(kt, "GET", "/api/v1/notifications?limit=4", nil, &page); st != 200 {
			t.Fatalf("list: %d", st)
		}
		if len(page.Items) != 4 || page.Unread != 6 || page.NextCursor == nil || page.Items[0].Title != "Quá hạn: Rà soát" ||
			page.Items[0].Kind != "item_overdue" || page.Items[0].Link != "/items/9" || page.Items[0].ReadAt != nil || page.Items[0].CreatedAt == "" {
			t.Fatalf("first page: %+v", page)
		}
		var rest inboxJSON
		e.call(kt, "GET", "/api/v1/notifications?limit=4&cursor="+*page.NextCursor, nil, &rest)
		if len(rest.Items) != 2 || rest.NextCursor != nil || rest.Items[1].Title != "Sắp đến hạn 0" {
			t.Fatalf("second page: %+v", rest)
		}
		var byKind inboxJSON
		e.call(kt, "GET", "/api/v1/notifications?kind=item_overdue", nil, &byKind)
		if len(byKind.Items) != 1 {
			t.Errorf("by kind: %+v", byKind.Items)
		}
		// Read one; the chairman's copy of the same message is not reachable.
		var chairs inboxJSON
		e.call(chair, "GET", "/api/v1/notifications", nil, &chairs)
		theirs := chairs.Items[0].ID
		var one struct {
			ReadAt *string `json:"read_at"`
		}
		if st := e.call(kt, "POST", fmt.Sprintf("/api/v1/notifications/%d/read", page.Items[0].ID), nil, &one); st != 200 || one.ReadAt == nil {
			t.Errorf("read: %d %+v", st, one)
		}
		for _, id := range []int64{theirs, 999999} {
			var bad inboxJSON
			if st := e.call(kt, "POST", fmt.Sprintf("/api/v1/notifications/%d/read", id), nil, &bad); st != 404 || bad.Error.Code != "not_found" {
				t.Errorf("reading notification %d of someone else: %d %+v", id, st, bad.Error)
			}
		}
		var unread inboxJSON
		e.call(kt, "GET", "/api/v1/notifications?state=unread", nil, &unread)
		if len(unread.Items) != 5 || unread.Unread != 5 {
			t.Errorf("unread after reading one: %d items, count %d", len(unread.Items), unread.Unread)
		}
		if st := e.call(kt, "POST", "/api/v1/notifications/read-all", nil, nil); st != 204 {
			t.Errorf("read all: %d", st)
		}
		e.call(kt, "GET", "/api/v1/notifications?state=read", nil, &unread)
		if len(unread.Items) != 6 || unread.Unread != 0 {
			t.Errorf("after read all: %d read, %d unread", len(unread.Items), unread.Unread)
		}
		e.call(chair, "GET", "/api/v1/notifications?state=unread", nil, &chairs)
		if chairs.Unread != 1 {
			t.Errorf("the chairman's inbox changed: %d unread", chairs.Unread)
		}
		for _, q := range []string{"kind=khong_co", "state=maybe", "cursor=abc", "limit=0"} {
			var bad inboxJSON
			if st := e.call(kt, "GET", "/api/v1/notifications?"+q, nil, &bad); st != 400 || len(bad.Error.Fields) == 0 {
				t.Errorf("GET ?%s: %d %+v", q, st, bad.Error)
			}
		}

		// Preferences.
		var prefs struct {
			Preferences []struct{ Kind, Label, Delivery, Default string } `json:"preferences"`
			Error       struct {
				Code   string            `json:"code"`
				Fields map[string]string `json:"fields"`
			} `json:"error"`
		}
		if st := e.call(kt, "GET", "/api/v1/me/preferences", nil, &prefs); st != 200 || len(prefs.Preferences) != 22 {
			t.Fatalf("preferences: %d %d", st, len(prefs.Preferences))
		}
		if st := e.call(kt, "PUT", "/api/v1/me/preferences", map[string]any{"preferences": map[string]string{"item_overdue": "in_app",
			"deadline_approaching": "email"}}, &prefs); st != 200 {
			t.Fatalf("put preferences: %d %+v", st, prefs.Error)
		}
		for _, p := range prefs.Preferences {
			if want := map[string]string{"item_overdue": "in_app", "deadline_approaching": "email"}[p.Kind]; want != "" && p.Delivery != want {
				t.Errorf("%s: %s", p.Kind, p.Delivery)
			}
		}
		before := storetest.RowCounts(t, db, "notification_prefs", "audit_log")
		for _, body := range []map[string]any{
			{"preferences": map[string]string{"khong_co": "email"}},
			{"preferences": map[string]string{"item_overdue": "sms"}},
			{"preferences": map[string]string{"item_overdue": "email", "khong_co": "email"}},
		} {
			prefs.Error.Fields = nil
			if st := e.call(kt, "PUT", "/api/v1/me/preferences", body, &prefs); st != 400 || prefs.Error.Code != "invalid" || len(prefs.Error.Fields) == 0 {
				t.Errorf("PUT %v: %d %+v", body, st, prefs.Error)
			}
		}
		if after := storetest.RowCounts(t, db, "notification_prefs", "audit_log"); !maps.Equal(before, after) {
			t.Errorf("refused preferences saved something: %v → %v", before, after)
		}
	})
}

// The bell shows the unread count on every page; the list opens the
// object (a POST that marks it read, then a redirect); the filters work.
func TestBellAndInbox(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.login("truongphong.kt")
		count := regexp.MustCompile(`id="bell-count">(\d+)<`)
		bell := func(path string) string {
			t.Helper()
			st, page := e.get(c, path)
			if st != 200 {
				t.Fatalf("GET %s: %d", path, st)
			}
			m := count.FindStringSubmatch(page)
			if m == nil {
				return "0"
			}
			return m[1]
		}
		start := bell("/calendar")
		e.notifyUsers("evaluation_result", "Đánh giá đạt: Báo cáo thu ngân sách", "/schedule", "truongphong.kt")
		e.notifyUsers("item_overdue", "Quá hạn: Kiểm tra", "/calendar", "truongphong.kt")
		for _, p := range []string{"/", "/calendar", "/schedule", "/my/schedule", "/my/preferences", "/account/password"} {
			if got := bell(p); got == start || got == "0" {
				t.Errorf("%s: bell %s (before %s)", p, got, start)
			}
		}
		st, page := e.get(c, "/notifications?kind=evaluation_result")
		if st != 200 || !strings.Contains(page, "Đánh giá đạt: Báo cáo thu ngân sách") || strings.Contains(page, "Quá hạn: Kiểm tra") {
			t.Fatalf("filtered list: %d", st)
		}
		id := regexp.MustCompile(`action="/notifications/(\d+)/open"`).FindStringSubmatch(page)[1]
		res := e.post(c, "/notifications/"+id+"/open", nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/schedule" {
			t.Fatalf("open: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		n := 0
		fmt.Sscan(bell("/calendar"), &n)
		m := 0
		fmt.Sscan(start, &m)
		if n != m+1 {
			t.Errorf("after opening one: bell %d, want %d", n, m+1)
		}
		// Someone else's notification cannot be opened.
		other := e.login("truongphong.vhxh")
		if res := e.post(other, "/notifications/"+id+"/open", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("opening another's notification: %d", res.StatusCode)
		}
		st, page = e.get(c, "/notifications?state=unread")
		if st != 200 || strings.Contains(page, "Đánh giá đạt: Báo cáo thu ngân sách") {
			t.Errorf("unread filter shows the read one")
		}
		// Marked read without opening it: back to the same list, one fewer.
		id = regexp.MustCompile(`action="/notifications/(\d+)/read"`).FindStringSubmatch(page)[1]
		res = e.post(c, "/notifications/"+id+"/read", url.Values{"back": {"/notifications?state=unread"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/notifications?state=unread" {
			t.Errorf("mark read: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		fmt.Sscan(bell("/calendar"), &n)
		if n != m {
			t.Errorf("after marking one read: bell %d, want %d", n, m)
		}
		res = e.post(c, "/my/preferences", url.Values{"kind.item_overdue": {"digest"}, "kind.general": {"email"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("save preferences: %d", res.StatusCode)
		}
		res = e.post(c, "/my/preferences", url.Values{"kind.item_overdue": {"carrier-pigeon"}})
		if page := body(res); res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Cách nhận phải là") {
			t.Errorf("bad preference: %d", res.StatusCode)
		}
		if _, page := e.get(c, "/my/preferences"); !strings.Contains(page, `name="kind.item_overdue" value="digest" checked`) {
			t.Error("preference not shown as saved")
		}
	})
}

// No GET writes anything: every GET page and API route of the route
// table, read as each demo role, leaves every table's row count and the
// audit log as they were — in particular the week pages, which recorded
// readiness breaches before the sweep did.
func TestNoWritesOnGet(t *testing.T) {
	e := newWalkEnv(t)
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	rows, err := e.db.Raw().Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	routes := regexp.MustCompile(`Handle(?:Func)?\("GET ([^"]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(routes) < 40 {
		t.Fatalf("only %d GET routes found", len(routes))
	}
	// Ids that exist in the demo: an item, an event, a unit, a person…
	var item, event, unit, file, remediation int64
	e.db.Raw().QueryRow(`SELECT MIN(id) FROM program_items`).Scan(&item)
	e.db.Raw().QueryRow(`SELECT MIN(id) FROM events WHERE breached_at IS NOT NULL`).Scan(&event)
	e.db.Raw().QueryRow(`SELECT MIN(id) FROM units`).Scan(&unit)
	e.db.Raw().QueryRow(`SELECT COALESCE(MIN(id), 1) FROM item_files`).Scan(&file)
	e.db.Raw().QueryRow(`SELECT COALESCE(MIN(id), 1) FROM remediations`).Scan(&remediation)
	var clients []*http.Client
	for _, l := range demo.Logins {
		clients = append(clients, e.login(l.Login))
	}
	before := storetest.RowCounts(t, e.db, tables...)
	var audit int
	e.db.Raw().QueryRow(`SELECT COALESCE(MAX(id), 0) FROM audit_log`).Scan(&audit)
	weeks := []string{"2026-W46", "2026-W47", "2026-W48", "2026-W49"} // the demo's weeks around 20/11/2026, and after
	gets := 0
	for i, c := range clients {
		for _, m := range routes {
			path := strings.NewReplacer("{$}", "", "{month}", "2026-11", "{year}", "2026", "{date}", "2026-11-20",
				"{token}", "khong-co", "{file}", "khong-co.ics").Replace(m[1])
			for _, id := range []struct {
				key string
				v   int64
			}{{"/items/{id}", item}, {"/events/{id}", event}, {"/units/{id}", unit}, {"/files/{id}", file}, {"/event-files/{id}", file},
				{"/remediations/{id}", remediation}} {
				path = strings.ReplaceAll(path, id.key, strings.ReplaceAll(id.key, "{id}", fmt.Sprint(id.v)))
			}
			path = strings.ReplaceAll(path, "{id}", "1")
			paths := []string{path}
			if strings.Contains(path, "{week}") {
				paths = nil
				for _, w := range weeks {
					paths = append(paths, strings.ReplaceAll(path, "{week}", w))
				}
			}
			for _, p := range paths {
				if strings.HasSuffix(p, "/") && p != "/" && !strings.HasPrefix(p, "/api/") {
					continue // a subtree pattern (static files)
				}
				res, err := c.Get(e.srv.URL + p)
				if err != nil {
					t.Fatal(err)
				}
				body(res)
				if res.StatusCode >= 500 {
					t.Errorf("%s GET %s: %d", demo.Logins[i].Login, p, res.StatusCode)
				}
				gets++
			}
		}
	}
	after := storetest.RowCounts(t, e.db, tables...)
	if !maps.Equal(before, after) {
		for k := range before {
			if before[k] != after[k] {
				t.Errorf("GETs changed %s: %d → %d rows", k, before[k], after[k])
			}
		}
	}
	var newAudit int
	e.db.Raw().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE id > $1`, audit).Scan(&newAudit)
	if newAudit != 0 {
		t.Errorf("GETs wrote %d audit records", newAudit)
	}
	var unstamped int
	e.db.Raw().QueryRow(`SELECT COUNT(*) FROM events WHERE breached_at IS NULL AND cancelled = FALSE`).Scan(&unstamped)
	t.Logf("%d GETs by %d roles over %d tables; %d meetings left for the sweep", gets, len(clients), len(tables), unstamped)
}

// The admin sets the SMTP server: bad settings are refused beside their
// fields; the password is never shown back; a test mail reports the
// server's answer, a refusal included. Only the admin reaches the pages.
func TestMailSettingsPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		admin := e.login("admin")
		if st, _ := e.get(e.login("vanphong"), "/admin/mail"); st != http.StatusForbidden {
			t.Errorf("office opens the mail settings: %d", st)
		}
		if st, _ := e.get(e.login("chutich"), "/admin/jobs"); st != http.StatusForbidden {
			t.Errorf("chairman opens the jobs page: %d", st)
		}
		st, page := e.get(admin, "/admin/mail")
		if st != 200 || strings.Contains(page, `id="test-mail"`) {
			t.Fatalf("mail page before any settings: %d", st)
		}
		version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
		res := e.post(admin, "/admin/mail", url.Values{"version": {version}, "host": {"máy chủ"}, "port": {"99999"}, "tls": {"starttls"},
			"sender": {"vanphong"}, "base_url": {"ftp://x"}})
		page = body(res)
		if res.StatusCode != http.StatusBadRequest {
			t.Fatalf("bad settings: %d", res.StatusCode)
		}
		for _, msg := range []string{"Tên máy chủ thư không hợp lệ", "Cổng phải là số từ 1 đến 65535", "Địa chỉ gửi thư không hợp lệ", "Địa chỉ hệ thống không hợp lệ"} {
			if !strings.Contains(page, msg) {
				t.Errorf("bad settings page lacks %q", msg)
			}
		}
		srv := smtptest.Start(t)
		srv.SetUsers(map[string]string{"vanphong": "mat-khau-may-chu-thu"})
		srv.SetRefuse(func(rcpt string) error {
			if strings.HasPrefix(rcpt, "khongco") {
				return smtptest.Refusal(550, "5.1.1 Hộp thư không tồn tại")
			}
			return nil
		})
		res = e.post(admin, "/admin/mail", url.Values{"version": {version}, "host": {"127.0.0.1"}, "port": {fmt.Sprint(srv.Port)}, "tls": {"none"},
			"username": {"vanphong"}, "password": {"mat-khau-may-chu-thu"}, "sender": {"Văn phòng <vanphong@hoabinh.gov.vn>"},
			"base_url": {"https://dieuhanh.hoabinh.gov.vn"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save settings: %d %s", res.StatusCode, fieldErrors(body(res)))
		}
		_, page = e.get(admin, "/admin/mail")
		if strings.Contains(page, "mat-khau-may-chu-thu") || !strings.Contains(page, "••••••••hu") || !strings.Contains(page, `id="test-mail"`) {
			t.Errorf("settings page shows the password, or no mask, or no test form")
		}
		var sealed string
		db.Raw().QueryRow(`SELECT password_sealed FROM mail_settings`).Scan(&sealed)
		if sealed == "" || strings.Contains(sealed, "mat-khau") {
			t.Errorf("password at rest: %q", sealed)
		}
		res = e.post(admin, "/admin/mail/test", url.Values{"to": {"khongco@hoabinh.gov.vn"}})
		page = body(res)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "550 5.1.1 Hộp thư không tồn tại") {
			t.Errorf("refused test mail: %d %s", res.StatusCode, fieldErrors(page))
		}
		res = e.post(admin, "/admin/mail/test", url.Values{"to": {"a b c"}})
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("test mail to a bad address: %d", res.StatusCode)
		}
		res = e.post(admin, "/admin/mail/test", url.Values{"to": {"vinh.bq@hoabinh.gov.vn"}})
		if res.StatusCode != http.StatusSeeOther || srv.Count() != 1 {
			t.Fatalf("test mail: %d, server got %d", res.StatusCode, srv.Count())
		}
		if a := srv.Authenticated(); len(a) == 0 || a[len(a)-1] != "vanphong" {
			t.Errorf("signed in to the SMTP server as %v", a)
		}
		if _, page = e.get(admin, "/admin/mail"); !strings.Contains(page, "Máy chủ thư trả lời: 250") {
			t.Errorf("the server's answer is not reported")
		}
		// Saving again without a password keeps it.
		version = regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
		res = e.post(admin, "/admin/mail", url.Values{"version": {version}, "host": {"127.0.0.1"}, "port": {fmt.Sprint(srv.Port)}, "tls": {"none"},
			"username": {"vanphong"}, "sender": {"vanphong@hoabinh.gov.vn"}, "base_url": {"https://dieuhanh.hoabinh.gov.vn"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save without password: %d", res.StatusCode)
		}
		if _, page = e.get(admin, "/admin/mail"); !strings.Contains(page, "••••••••hu") {
			t.Error("password lost when saved without retyping it")
		}
		// A stale form is refused.
		res = e.post(admin, "/admin/mail", url.Values{"version": {version}, "host": {""}})
		if res.StatusCode != http.StatusConflict {
			t.Errorf("stale settings: %d", res.StatusCode)
		}
		st, page = e.get(admin, "/admin/jobs")
		if st != 200 || !strings.Contains(page, "Quét thời hạn") || !strings.Contains(page, "Bản tin công việc hằng ngày") {
			t.Errorf("jobs page: %d", st)
		}
	})
}
