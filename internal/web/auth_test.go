package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"dieuhanh/internal/demo"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
	"dieuhanh/internal/web"
)

// apiWith sends a JSON request with a browser's cookies (no token), as the
// pages' own scripts do.
func (e *env) apiWith(c *http.Client, method, path, payload string) (int, map[string]any) {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(payload))
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

func (e *env) rows(tables ...string) map[string]int {
	e.t.Helper()
	c := storetest.RowCounts(e.t, e.db, tables...)
	return c
}

// After a password change on one device, another device's session is over
// for the API as it is for pages, and so are the tokens made before.
func TestAPIRefusesStaleSessionAfterPasswordChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		phone, office := e.login("truongphong.kt"), e.login("truongphong.kt")
		tok := e.token("truongphong.kt")
		if st, out := e.apiWith(phone, "GET", "/api/v1/me", ""); st != 200 || out["login"] != "truongphong.kt" {
			t.Fatalf("me with a fresh cookie: %d %v", st, out)
		}
		if st, out := e.apiWith(phone, "POST", "/api/v1/programs/"+onTime+"/items", itemJSON("Trước khi đổi mật khẩu", "2027-01-15", "")); st != 201 {
			t.Fatalf("register with a fresh cookie: %d %v", st, out)
		}
		res := e.post(office, "/account/password", url.Values{"current_password": {demo.Password}, "new_password": {"mat-khau-moi-2026"}, "confirm": {"mat-khau-moi-2026"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("change: %d", res.StatusCode)
		}
		before := e.programCounts()
		if st, out := e.apiWith(phone, "GET", "/api/v1/me", ""); st != 401 || errCode(out) != "unauthorized" {
			t.Errorf("me with the old cookie: %d %v", st, out)
		}
		if st, out := e.apiWith(phone, "POST", "/api/v1/programs/"+onTime+"/items", itemJSON("Sau khi đổi mật khẩu", "2027-01-15", "")); st != 401 || errCode(out) != "unauthorized" {
			t.Errorf("register with the old cookie: %d %v", st, out)
		}
		if st, out := e.apiCall("GET", "/api/v1/me", tok, ""); st != 401 || errCode(out) != "unauthorized" {
			t.Errorf("token made before the change: %d %v", st, out)
		}
		if after := e.programCounts(); after["program_items"] != before["program_items"] {
			t.Errorf("items %d → %d", before["program_items"], after["program_items"])
		}
		// The device that changed the password goes on, with pages and the API.
		if st, _ := e.apiWith(office, "GET", "/api/v1/me", ""); st != 200 {
			t.Errorf("the device that changed it: %d", st)
		}
	})
}

// A token lives the ward's number of days; its expiry is given at login.
func TestAPITokenExpires(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		st, out := e.apiCall("POST", "/api/v1/login", "", `{"login":"vanphong","password":"`+demo.Password+`"}`)
		tok, _ := out["token"].(string)
		if st != 200 || out["expires_at"] != "2027-02-23T10:00:00+07:00" {
			t.Fatalf("login: %d %v", st, out)
		}
		e.app.Now = func() time.Time { return testNow.AddDate(0, 0, 90).Add(-time.Minute) }
		if st, _ := e.apiCall("GET", "/api/v1/me", tok, ""); st != 200 {
			t.Fatalf("a minute before expiry: %d", st)
		}
		e.app.Now = func() time.Time { return testNow.AddDate(0, 0, 90) }
		if st, out := e.apiCall("GET", "/api/v1/me", tok, ""); st != 401 || errCode(out) != "unauthorized" {
			t.Fatalf("at expiry: %d %v", st, out)
		}
		// The admin shortens the lifetime: new tokens get the new one.
		e.app.Now = func() time.Time { return testNow }
		admin := e.login("admin")
		_, page := e.get(admin, "/admin/ward")
		if !strings.Contains(page, `name="api_token_days"`) || !strings.Contains(page, "Thời hạn mã truy cập API (ngày)") {
			t.Fatal("the ward page has no token lifetime")
		}
		form := wardFormOf(t, page)
		form.Set("api_token_days", "400")
		if res := e.post(admin, "/admin/ward", form); res.StatusCode != 400 || !strings.Contains(body(res), "Thời hạn mã truy cập API phải từ 1 đến 365 ngày.") {
			t.Fatalf("400 days: %d", res.StatusCode)
		}
		form.Set("api_token_days", "7")
		if res := e.post(admin, "/admin/ward", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("7 days: %d %s", res.StatusCode, body(res))
		}
		if _, out := e.apiCall("POST", "/api/v1/login", "", `{"login":"vanphong","password":"`+demo.Password+`"}`); out["expires_at"] != "2026-12-02T10:00:00+07:00" {
			t.Fatalf("after the change: %v", out)
		}
	})
}

// wardFormOf reads the values of the ward form's inputs.
func wardFormOf(t *testing.T, page string) url.Values {
	t.Helper()
	v := url.Values{}
	for _, part := range strings.Split(page, "<input ")[1:] {
		attr := func(name string) string {
			i := strings.Index(part, name+`="`)
			if i < 0 || i > strings.Index(part, ">") {
				return ""
			}
			rest := part[i+len(name)+2:]
			return rest[:strings.Index(rest, `"`)]
		}
		if n := attr("name"); n != "" && attr("type") != "checkbox" {
			v.Set(n, attr("value"))
		}
	}
	for _, sel := range []string{"proposal_close_weekday", "publish_weekday"} {
		v.Set(sel, map[string]string{"proposal_close_weekday": "4", "publish_weekday": "5"}[sel])
	}
	if v.Get("version") == "" || v.Get("name") == "" {
		t.Fatalf("ward form not read: %v", v)
	}
	return v
}

// A client signs out by revoking the token it uses; its other tokens and
// the web session are untouched, and a web logout leaves tokens alone.
func TestRevokeCurrentToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tok1, tok2 := e.token("chutich"), e.token("chutich")
		req, _ := http.NewRequest("DELETE", e.srv.URL+"/api/v1/tokens/current", nil)
		req.Header.Set("Authorization", "Bearer "+tok1)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if b := body(res); res.StatusCode != http.StatusNoContent || b != "" {
			t.Fatalf("revoke: %d %q", res.StatusCode, b)
		}
		if st, out := e.apiCall("GET", "/api/v1/me", tok1, ""); st != 401 || errCode(out) != "unauthorized" {
			t.Errorf("revoked token: %d", st)
		}
		if st, out := e.apiCall("DELETE", "/api/v1/tokens/current", tok1, ""); st != 401 {
			t.Errorf("revoking it again: %d %v", st, out)
		}
		if st, _ := e.apiCall("GET", "/api/v1/me", tok2, ""); st != 200 {
			t.Errorf("the other token: %d", st)
		}
		// With a cookie there is no current token to revoke.
		c := e.login("chutich")
		if st, out := e.apiWith(c, "DELETE", "/api/v1/tokens/current", ""); st != 400 || errCode(out) != "invalid" {
			t.Errorf("with a cookie: %d %v", st, out)
		}
		// A web logout ends the session, not the tokens.
		if res := e.post(c, "/logout", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("logout: %d", res.StatusCode)
		}
		if st, _ := e.apiCall("GET", "/api/v1/me", tok2, ""); st != 200 {
			t.Errorf("token after a web logout: %d", st)
		}
	})
}

// The sessions table keeps a hash of the cookie's token, never the token.
func TestSessionTableHoldsNoRawToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.login("vanphong")
		u, _ := url.Parse(e.srv.URL)
		var cookie string
		for _, k := range c.Jar.Cookies(u) {
			if k.Name == "dieuhanh_session" {
				cookie = k.Value
			}
		}
		if cookie == "" {
			t.Fatal("no session cookie")
		}
		keys := storetest.SessionKeys(t, e.db)
		found := false
		for _, k := range keys {
			if strings.Contains(k, cookie) {
				t.Errorf("the session token is stored: %q", k)
			}
			found = found || k == store.SessionTokenHash(cookie)
		}
		if !found {
			t.Errorf("no row for the session's hash in %v", keys)
		}
		if st, _ := e.get(c, "/"); st != 200 {
			t.Fatalf("the session does not work: %d", st)
		}
	})
}

// A sign-in request of megabytes is refused before it is read whole, and
// nothing of it reaches the database; a login over 64 characters is refused
// beside the field and not shown back.
func TestHugeLoginRefusedBeforeTheDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		before := e.rows("login_failures", "audit_log")
		huge := strings.Repeat("a", 9<<20)
		start := time.Now()
		res := e.post(e.client(), "/login", url.Values{"login": {huge}, "password": {"x"}})
		page := body(res)
		formTook := time.Since(start)
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(page, "Dữ liệu gửi lên quá lớn.") {
			t.Errorf("9 MB form: %d", res.StatusCode)
		}
		start = time.Now()
		st, out := e.apiCall("POST", "/api/v1/login", "", `{"login":"`+huge+`","password":"x"}`)
		apiTook := time.Since(start)
		if st != http.StatusRequestEntityTooLarge || errCode(out) != "invalid" {
			t.Errorf("9 MB JSON: %d %v", st, out)
		}
		t.Logf("9 MB login refused in %v (form), %v (API)", formTook, apiTook)
		long := strings.Repeat("b", 100)
		res = e.post(e.client(), "/login", url.Values{"login": {long}, "password": {"x"}})
		page = body(res)
		if res.StatusCode != 400 || !strings.Contains(page, "Tên đăng nhập không quá 64 ký tự.") || strings.Contains(page, long) {
			t.Errorf("100-character login: %d", res.StatusCode)
		}
		if st, out := e.apiCall("POST", "/api/v1/login", "", `{"login":"`+long+`","password":"x"}`); st != 400 || errCode(out) != "invalid" {
			t.Errorf("100-character login (API): %d %v", st, out)
		}
		if after := e.rows("login_failures", "audit_log"); after["login_failures"] != before["login_failures"] || after["audit_log"] != before["audit_log"] {
			t.Errorf("rows %v → %v", before, after)
		}
	})
}

// proxied is a second server over the same app that believes the
// X-Forwarded-For of requests from this machine, so a test can speak from
// several client addresses.
func (e *env) proxied() *httptest.Server {
	e.t.Helper()
	s, err := web.New(e.app, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{TrustedProxies: []string{"127.0.0.1", "::1"}})
	if err != nil {
		e.t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	e.t.Cleanup(srv.Close)
	return srv
}

// loginFrom signs in through the API at base, saying it comes from addr.
func loginFrom(t *testing.T, base, addr, login, password string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/api/v1/login", strings.NewReader(`{"login":"`+login+`","password":"`+password+`"}`))
	req.Header.Set("X-Forwarded-For", addr)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// Someone guessing a password from one address does not lock the owner out
// from another; the guesser is slowed down, even with the right password.
func TestThrottlingIsPerAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		srv := e.proxied()
		const attacker, owner = "203.0.113.9", "198.51.100.7"
		var got []int
		for range 8 {
			got = append(got, loginFrom(t, srv.URL, attacker, "chutich", "doan-mo"))
		}
		want := []int{401, 401, 401, 401, 401, 429, 429, 429}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("guesses: %v, want %v", got, want)
			}
		}
		if st := loginFrom(t, srv.URL, owner, "chutich", demo.Password); st != 200 {
			t.Fatalf("the owner from another address: %d", st)
		}
		if st := loginFrom(t, srv.URL, attacker, "chutich", demo.Password); st != 429 {
			t.Fatalf("the right password from the guessing address: %d", st)
		}
		// One address failing on many logins is slowed down too.
		other := "192.0.2.44"
		for i := range 30 {
			if st := loginFrom(t, srv.URL, other, "khongco"+string(rune('a'+i%26))+string(rune('a'+i/26)), "sai"); st != 401 {
				t.Fatalf("sweep attempt %d: %d", i, st)
			}
		}
		if st := loginFrom(t, srv.URL, other, "vanphong", demo.Password); st != 429 {
			t.Fatalf("after 30 failures on other logins: %d", st)
		}
		if st := loginFrom(t, srv.URL, owner, "vanphong", demo.Password); st != 200 {
			t.Fatalf("another address meanwhile: %d", st)
		}
		// Without a trusted proxy, X-Forwarded-For is not believed: the
		// guesser cannot pose as a fresh address.
		for range 5 {
			loginFrom(t, e.srv.URL, attacker, "pct.kinhte", "doan-mo")
		}
		if st := loginFrom(t, e.srv.URL, owner, "pct.kinhte", "doan-mo"); st != 429 {
			t.Fatalf("posing as another address: %d", st)
		}
	})
}

// Several right passwords for one account at the same moment all get in:
// an attempt being checked is not a failure.
func TestSimultaneousRightPasswordsAllGetIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		statuses := make(chan int, 20)
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/login", strings.NewReader(`{"login":"vanphong","password":"`+demo.Password+`"}`))
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					statuses <- 0
					return
				}
				res.Body.Close()
				statuses <- res.StatusCode
			})
		}
		wg.Wait()
		close(statuses)
		count := map[int]int{}
		for s := range statuses {
			count[s]++
		}
		if count[200] != 20 {
			t.Fatalf("statuses = %v, want 20 × 200", count)
		}
		if n := e.rows("login_failures")["login_failures"]; n != 0 {
			t.Errorf("%d counters left after successes", n)
		}
	})
}

// The audit log keeps our request id, never one the client sent.
func TestClientRequestIDNotStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.login("admin")
		req, _ := http.NewRequest("POST", e.srv.URL+"/admin/units", strings.NewReader("code=XX&name=Ph%C3%B2ng+th%E1%BB%AD&kind=department&sort_order=9"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("X-Request-Id", "client-chosen-id")
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		ours := res.Header.Get("X-Request-Id")
		if res.StatusCode != http.StatusSeeOther || ours == "" || ours == "client-chosen-id" {
			t.Fatalf("create unit: %d, request id %q", res.StatusCode, ours)
		}
		var entries []store.AuditEntry
		e.db.View(context.Background(), func(tx *store.Tx) error {
			entries, _, err = tx.AuditLog(context.Background(), 1, store.AuditFilter{Entity: "unit", Limit: 1})
			return err
		})
		if len(entries) != 1 || entries[0].RequestID != ours {
			t.Fatalf("audit entries %+v, want request id %q", entries, ours)
		}
	})
}

// Pruning takes tokens ended more than 30 days ago and idle login counters,
// and keeps what is live.
func TestPruneAuthRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		old := e.token("vanphong")
		e.apiCall("POST", "/api/v1/login", "", `{"login":"vanphong","password":"sai"}`)
		if n := e.rows("login_failures")["login_failures"]; n != 2 {
			t.Fatalf("counters after a failure: %d", n)
		}
		// 121 days on: the first token expired 31 days ago; a new one is live.
		e.app.Now = func() time.Time { return testNow.AddDate(0, 0, 121) }
		var chutich int64
		e.db.View(context.Background(), func(tx *store.Tx) error {
			u, _, err := tx.UserByLogin(context.Background(), "chutich")
			chutich = u.ID
			return err
		})
		live, _, err := e.app.CreateToken(context.Background(), chutich, "mới")
		if err != nil {
			t.Fatal(err)
		}
		p, err := e.app.PruneAuthRecords(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if p.Tokens != 1 || p.LoginCounters != 2 {
			t.Fatalf("pruned %+v", p)
		}
		if st, _ := e.apiCall("GET", "/api/v1/me", live, ""); st != 200 {
			t.Errorf("live token after pruning: %d", st)
		}
		if st, _ := e.apiCall("GET", "/api/v1/me", old, ""); st != 401 {
			t.Errorf("pruned token: %d", st)
		}
		if n := e.rows("api_tokens")["api_tokens"]; n != 1 {
			t.Errorf("%d token rows left", n)
		}
	})
}
