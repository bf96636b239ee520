package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
	"dieuhanh/internal/web"
)

// testNow is a fixed clock: Wednesday 25/11/2026, 10:00 in Vietnam.
var testNow = time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)

type env struct {
	t   *testing.T
	db  *store.DB
	app *app.App
	srv *httptest.Server
	web *web.Server
}

// newEnv starts the real handler tree over db with the demo ward loaded.
func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(db, log, t.TempDir())
	a.Now = func() time.Time { return testNow }
	a.Password = auth.Params{Memory: 8 * 1024, Time: 1, Threads: 1}
	if _, err := demo.Load(context.Background(), db, a.Password, testNow); err != nil {
		t.Fatal(err)
	}
	s, err := web.New(a, log, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &env{t: t, db: db, app: a, srv: srv, web: s}
}

// client is a browser: a cookie jar, no automatic redirects.
func (e *env) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (e *env) login(login string) *http.Client {
	e.t.Helper()
	c := e.client()
	res := e.post(c, "/login", url.Values{"login": {login}, "password": {demo.Password}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		e.t.Fatalf("login %s: status %d location %q", login, res.StatusCode, res.Header.Get("Location"))
	}
	return c
}

func (e *env) post(c *http.Client, path string, form url.Values) *http.Response {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

func (e *env) get(c *http.Client, path string) (int, string) {
	e.t.Helper()
	res, err := c.Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// followed GETs path and, when it answers 303, the address it leads to
// (test clients do not follow redirects); it returns that address too.
func (e *env) followed(c *http.Client, path string) (int, string, string) {
	e.t.Helper()
	res, err := c.Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	if res.StatusCode != http.StatusSeeOther {
		return res.StatusCode, body(res), path
	}
	res.Body.Close()
	to := res.Header.Get("Location")
	st, b := e.get(c, to)
	return st, b, to
}

func body(res *http.Response) string {
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

var orgTables = []string{"wards", "units", "people", "leaders", "portfolios", "portfolio_units", "users", "audit_log"}

func (e *env) counts() map[string]int {
	e.t.Helper()
	return storetest.RowCounts(e.t, e.db, orgTables...)
}

func TestEveryRoleSeesItsHome(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		want := map[string][]string{
			"admin":            {"Quản trị hệ thống", "Đơn vị", "Tài khoản"},
			"chutich":          {"Nguyễn Văn Hùng", "Chủ tịch UBND", "Nhật ký thay đổi"},
			"pct.kinhte":       {"Trần Minh Tuấn", "Phó Chủ tịch UBND", "Quy hoạch, xây dựng, đô thị"},
			"pct.vanhoa":       {"Lê Thị Thu Hà", "Văn hóa, thông tin"},
			"vanphong":         {"Phạm Thị Mai", "Văn phòng HĐND và UBND (VP)", "Nhật ký thay đổi"},
			"truongphong.kt":   {"Bùi Quang Vinh", "Phòng Kinh tế, Hạ tầng và Đô thị (KTHTDT)", "Lãnh đạo phòng"},
			"truongphong.vhxh": {"Nguyễn Thị Lan Anh", "Phòng Văn hóa - Xã hội (VHXH)"},
			"chuyenvien.kt":    {"Ngô Văn Khánh", "Chuyên viên"},
			"congan":           {"Đinh Văn Hải", "Công an phường (CA)"},
		}
		for _, l := range demo.Logins {
			c := e.login(l.Login)
			status, page := e.get(c, "/")
			if status != http.StatusOK {
				t.Fatalf("%s home: %d", l.Login, status)
			}
			for _, w := range want[l.Login] {
				if !strings.Contains(page, w) {
					t.Errorf("%s home lacks %q", l.Login, w)
				}
			}
			// Only the admin sees the administration menu.
			if got := strings.Contains(page, `href="/admin"`); got != (l.Role == "admin") {
				t.Errorf("%s: admin link shown = %v", l.Login, got)
			}
			// Every link on the home page leads to a page that exists.
			for _, href := range hrefs(page) {
				if st, _ := e.get(c, href); st != http.StatusOK {
					t.Errorf("%s: link %s answers %d", l.Login, href, st)
				}
			}
		}
	})
}

func hrefs(page string) []string {
	var out []string
	for _, part := range strings.Split(page, `href="`)[1:] {
		h := part[:strings.Index(part, `"`)]
		if strings.HasPrefix(h, "/") && !strings.HasPrefix(h, "/static/") {
			out = append(out, h)
		}
	}
	return out
}

func TestLoginFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		res := e.post(c, "/login", url.Values{"login": {"vanphong"}, "password": {"sai-mat-khau"}})
		page := body(res)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Tên đăng nhập hoặc mật khẩu không đúng.") {
			t.Fatalf("wrong password: %d", res.StatusCode)
		}
		if len(res.Cookies()) != 0 {
			t.Errorf("wrong password set cookies: %v", res.Cookies())
		}
		// Unknown logins get the same message.
		res = e.post(c, "/login", url.Values{"login": {"khongco"}, "password": {"x"}})
		if !strings.Contains(body(res), "Tên đăng nhập hoặc mật khẩu không đúng.") {
			t.Error("unknown login: different message")
		}
		// After five failures even the right password must wait.
		for range 4 {
			e.post(c, "/login", url.Values{"login": {"vanphong"}, "password": {"sai"}})
		}
		res = e.post(c, "/login", url.Values{"login": {"vanphong"}, "password": {demo.Password}})
		if page := body(res); res.StatusCode != http.StatusTooManyRequests || !strings.Contains(page, "Vui lòng thử lại sau") {
			t.Fatalf("throttled login: %d", res.StatusCode)
		}
		// Later (the clock moves on), the right password works again.
		e.app.Now = func() time.Time { return testNow.Add(time.Minute) }
		e.login("vanphong")
	})
}

func TestLogoutEndsTheSession(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.login("vanphong")
		res := e.post(c, "/logout", nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
			t.Fatalf("logout: %d", res.StatusCode)
		}
		res, _ = c.Get(e.srv.URL + "/")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Fatalf("after logout: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
	})
}

func TestSessionSurvivesRestart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.login("chutich")
		// A second server on the same database (a restart, or another
		// instance behind a load balancer) knows the session.
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		s2, err := web.New(e.app, log, web.Options{})
		if err != nil {
			t.Fatal(err)
		}
		srv2 := httptest.NewServer(s2)
		defer srv2.Close()
		u, _ := url.Parse(e.srv.URL)
		u2, _ := url.Parse(srv2.URL)
		c.Jar.SetCookies(u2, c.Jar.Cookies(u))
		res, err := c.Get(srv2.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		if page := body(res); res.StatusCode != http.StatusOK || !strings.Contains(page, "Nguyễn Văn Hùng") {
			t.Fatalf("second server: %d", res.StatusCode)
		}
	})
}

func TestCrossOriginWritesRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.login("admin")
		before := e.counts()
		req, _ := http.NewRequest("POST", e.srv.URL+"/admin/units", strings.NewReader("code=XX&name=X&kind=department"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("cross-site post: %d", res.StatusCode)
		}
		if after := e.counts(); !maps.Equal(before, after) {
			t.Errorf("database changed: %v → %v", before, after)
		}
	})
}

// TestAdminBadInput submits each kind of bad input and checks the message
// beside the field and that nothing was saved.
func TestAdminBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.login("admin")
		cases := []struct {
			name, path string
			form       url.Values
			want       string
		}{
			{"empty unit code", "/admin/units", url.Values{"code": {""}, "name": {"Phòng mới"}, "kind": {"department"}}, "Vui lòng nhập mã đơn vị"},
			{"duplicate unit code", "/admin/units", url.Values{"code": {"vp"}, "name": {"Văn phòng 2"}, "kind": {"office"}}, "Mã đơn vị VP đã được dùng"},
			{"unknown unit kind", "/admin/units", url.Values{"code": {"NEW"}, "name": {"Mới"}, "kind": {"ministry"}}, "Vui lòng chọn loại đơn vị"},
			{"person in a missing unit", "/admin/people", url.Values{"full_name": {"Nguyễn Văn A"}, "unit_id": {"99999"}}, "Đơn vị đã chọn không tồn tại"},
			{"person without a name", "/admin/people", url.Values{"full_name": {"  "}}, "Vui lòng nhập họ và tên"},
			{"bad email", "/admin/people", url.Values{"full_name": {"Nguyễn Văn B"}, "email": {"khong-phai-email"}}, "Địa chỉ thư điện tử không hợp lệ"},
			{"duplicate login", "/admin/users", url.Values{"login": {"vanphong"}, "role": {"viewer"}, "person_id": {"6"}, "password": {"mot-mat-khau-dai"}}, "Tên đăng nhập vanphong đã có người dùng"},
			{"short password", "/admin/users", url.Values{"login": {"moi"}, "role": {"viewer"}, "person_id": {"6"}, "password": {"ngan"}}, "Mật khẩu phải có ít nhất 10 ký tự"},
			{"unknown role", "/admin/users", url.Values{"login": {"moi"}, "role": {"superuser"}, "person_id": {"6"}, "password": {"mot-mat-khau-dai"}}, "Vai trò không hợp lệ"},
			{"vice chairman without portfolio", "/admin/leaders", url.Values{"person_id": {"6"}, "position": {"vice_chairman"}}, "Phó Chủ tịch phải được phân công ít nhất một lĩnh vực"},
			{"leader role for a non-leader", "/admin/users", url.Values{"login": {"pct3"}, "role": {"vice_chairman"}, "person_id": {"6"}, "password": {"mot-mat-khau-dai"}}, "chưa được khai báo là Phó Chủ tịch"},
			{"ward without a name", "/admin/ward", url.Values{"version": {"1"}, "name": {""}, "place_name": {"Hòa Bình"}, "registration_close_day": {"20"}}, "Vui lòng nhập tên phường"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := e.counts()
				res := e.post(c, tc.path, tc.form)
				page := body(res)
				if res.StatusCode != http.StatusBadRequest {
					t.Fatalf("status %d, want 400", res.StatusCode)
				}
				if !strings.Contains(page, `class="field-error"`) || !strings.Contains(page, tc.want) {
					t.Errorf("page lacks the field message %q", tc.want)
				}
				if after := e.counts(); !maps.Equal(before, after) {
					t.Errorf("database changed: %v → %v", before, after)
				}
			})
		}
	})
}

func TestAdminWritesAreAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.login("admin")
		res := e.post(c, "/admin/units", url.Values{"code": {"tcd"}, "name": {"Tổ công tác đặc biệt"}, "kind": {"department"}, "sort_order": {"70"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create unit: %d %s", res.StatusCode, body(res))
		}
		_, page := e.get(c, "/admin/units")
		if !strings.Contains(page, "TCD") || !strings.Contains(page, "Tổ công tác đặc biệt") {
			t.Fatal("new unit not listed (code upper-cased)")
		}
		var entries []store.AuditEntry
		e.db.View(context.Background(), func(tx *store.Tx) error {
			entries, _, _ = tx.AuditLog(context.Background(), 1, store.AuditFilter{Entity: "unit"})
			return nil
		})
		if len(entries) != 1 || entries[0].ActorLogin != "admin" || !strings.Contains(entries[0].After, `"Code":"TCD"`) {
			t.Fatalf("audit = %+v", entries)
		}
		// The Office can browse it, filtered.
		_, page = e.get(e.login("vanphong"), "/audit?entity=unit&actor=admin")
		if !strings.Contains(page, "Thêm đơn vị TCD") {
			t.Error("audit page lacks the entry")
		}
		// A unit head cannot.
		if st, _ := e.get(e.login("truongphong.kt"), "/audit"); st != http.StatusForbidden {
			t.Errorf("unit head audit page: %d", st)
		}
	})
}

func TestStaleEditRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.login("admin")
		form := url.Values{"version": {"1"}, "code": {"VP"}, "name": {"Văn phòng HĐND và UBND phường"}, "kind": {"office"}}
		if res := e.post(c, "/admin/units/1", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("first edit: %d", res.StatusCode)
		}
		form.Set("name", "Bản sửa cũ")
		res := e.post(c, "/admin/units/1", form)
		if page := body(res); res.StatusCode != http.StatusConflict || !strings.Contains(page, "đã được người khác thay đổi") {
			t.Fatalf("stale edit: %d", res.StatusCode)
		}
		_, page := e.get(c, "/admin/units")
		if strings.Contains(page, "Bản sửa cũ") || !strings.Contains(page, "Văn phòng HĐND và UBND phường") {
			t.Error("stale edit overwrote the newer one")
		}
	})
}

func TestAdminPagesForbiddenToOthers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		before := e.counts()
		for _, login := range []string{"chutich", "vanphong", "truongphong.kt", "congan"} {
			c := e.login(login)
			for _, p := range []string{"/admin", "/admin/units", "/admin/users", "/admin/leaders/1"} {
				if st, _ := e.get(c, p); st != http.StatusForbidden {
					t.Errorf("%s GET %s: %d, want 403", login, p, st)
				}
			}
			if res := e.post(c, "/admin/units", url.Values{"code": {"X"}, "name": {"X"}, "kind": {"department"}}); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s POST unit: %d", login, res.StatusCode)
			}
		}
		if after := e.counts(); !maps.Equal(before, after) {
			t.Errorf("database changed: %v → %v", before, after)
		}
	})
}

func TestPasswordChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.login("chuyenvien.kt")
		res := e.post(c, "/account/password", url.Values{"current_password": {"sai"}, "new_password": {"ngan"}, "confirm": {"khac"}})
		page := body(res)
		for _, w := range []string{"Mật khẩu hiện tại không đúng.", "Mật khẩu phải có ít nhất 10 ký tự.", "Mật khẩu nhập lại không khớp."} {
			if !strings.Contains(page, w) {
				t.Errorf("missing %q", w)
			}
		}
		res = e.post(c, "/account/password", url.Values{"current_password": {demo.Password}, "new_password": {"mat-khau-moi-2026"}, "confirm": {"mat-khau-moi-2026"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("change: %d", res.StatusCode)
		}
		res = e.post(e.client(), "/login", url.Values{"login": {"chuyenvien.kt"}, "password": {"mat-khau-moi-2026"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("login with new password: %d", res.StatusCode)
		}
	})
}

// apiCall sends a JSON request and decodes the JSON answer.
func (e *env) apiCall(method, path, token, payload string) (int, map[string]any) {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(payload))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		e.t.Fatalf("%s %s: content type %q", method, path, ct)
	}
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		e.t.Fatal(err)
	}
	return res.StatusCode, out
}

func (e *env) token(login string) string {
	e.t.Helper()
	st, out := e.apiCall("POST", "/api/v1/login", "", `{"login":"`+login+`","password":"`+demo.Password+`"}`)
	tok, _ := out["token"].(string)
	if st != 200 || !strings.HasPrefix(tok, "dh_") {
		e.t.Fatalf("api login: %d %v", st, out)
	}
	return tok
}

func errCode(out map[string]any) string {
	e, _ := out["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func TestAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tok := e.token("truongphong.kt")
		st, me := e.apiCall("GET", "/api/v1/me", tok, "")
		unit, _ := me["unit"].(map[string]any)
		if st != 200 || me["login"] != "truongphong.kt" || me["role"] != "unit_head" || unit["code"] != "KTHTDT" {
			t.Fatalf("me: %d %v", st, me)
		}
		st, units := e.apiCall("GET", "/api/v1/units", tok, "")
		list, _ := units["units"].([]any)
		var codes []string
		for _, u := range list {
			m := u.(map[string]any)
			codes = append(codes, m["code"].(string)+":"+m["kind"].(string))
		}
		if st != 200 || strings.Join(codes, " ") != "VP:office KTHTDT:department VHXH:department TTPVHCC:service_center CA:partner BCHQS:partner" {
			t.Fatalf("units: %d %v", st, codes)
		}
		st, people := e.apiCall("GET", "/api/v1/people", tok, "")
		if pl, _ := people["people"].([]any); st != 200 || len(pl) != 25 {
			t.Fatalf("people: %d, %d people", st, len(pl))
		}
		st, leaders := e.apiCall("GET", "/api/v1/leaders", tok, "")
		if ll, _ := leaders["leaders"].([]any); st != 200 || len(ll) != 3 {
			t.Fatalf("leaders: %d %v", st, leaders)
		}

		errorsCases := []struct {
			name, method, path, token, payload string
			status                             int
			code                               string
		}{
			{"no token", "GET", "/api/v1/me", "", "", 401, "unauthorized"},
			{"bad token", "GET", "/api/v1/me", "dh_khong-hop-le", "", 401, "unauthorized"},
			{"wrong password", "POST", "/api/v1/login", "", `{"login":"vanphong","password":"sai"}`, 401, "unauthorized"},
			{"malformed json", "POST", "/api/v1/login", "", `{"login":`, 400, "invalid"},
			{"unknown field", "POST", "/api/v1/login", "", `{"user":"x"}`, 400, "invalid"},
			{"oversized body", "POST", "/api/v1/login", "", `{"login":"` + strings.Repeat("a", 1<<20+10) + `"}`, 413, "invalid"},
			{"unknown endpoint", "GET", "/api/v1/khong-co", tok, "", 404, "not_found"},
		}
		for _, tc := range errorsCases {
			st, out := e.apiCall(tc.method, tc.path, tc.token, tc.payload)
			msg, _ := out["error"].(map[string]any)["message"].(string)
			if st != tc.status || errCode(out) != tc.code || msg == "" {
				t.Errorf("%s: %d %v, want %d %s", tc.name, st, out, tc.status, tc.code)
			}
		}
	})
}

func TestHealthz(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	st, page := e.get(e.client(), "/healthz")
	if st != 200 || !strings.Contains(page, `"status":"ok"`) {
		t.Fatalf("healthz: %d %s", st, page)
	}
}

func TestProgramExportDownloads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		if err := demo.LoadPrograms(ctx, e.app, testNow); err != nil {
			t.Fatal(err)
		}
		c := e.login("truongphong.kt")
		for _, f := range []struct{ ext, magic, ctype string }{
			{"docx", "PK", "wordprocessingml"}, {"pdf", "%PDF-", "application/pdf"}, {"xlsx", "PK", "spreadsheetml"},
		} {
			res, err := c.Get(e.srv.URL + "/programs/2026-11/export." + f.ext)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || !strings.HasPrefix(string(b), f.magic) || !strings.Contains(res.Header.Get("Content-Type"), f.ctype) ||
				!strings.Contains(res.Header.Get("Content-Disposition"), "chuong-trinh-cong-tac-2026-11."+f.ext) {
				t.Errorf("%s: %d %q %q", f.ext, res.StatusCode, res.Header.Get("Content-Type"), b[:min(len(b), 8)])
			}
		}
		tok := e.token("congan")
		req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/programs/2026-11/export.pdf", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		res, _ := http.DefaultClient.Do(req)
		if res.StatusCode != 200 {
			t.Errorf("api export: %d", res.StatusCode)
		}
		if st, out := e.apiCall("GET", "/api/v1/programs/2031-05/export.docx", tok, ""); st != 404 || errCode(out) != "not_found" {
			t.Errorf("missing month: %d %v", st, out)
		}
		if st, out := e.apiCall("GET", "/api/v1/programs/2026-13/export.docx", tok, ""); st != 400 || errCode(out) != "invalid" {
			t.Errorf("bad month: %d %v", st, out)
		}
	})
}

// Parallel guesses cannot slip under the limit: each attempt is counted
// before its password is checked, so only five are ever checked.
func TestParallelLoginAttemptsAreThrottled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		statuses := make(chan int, 20)
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/login", strings.NewReader(`{"login":"chutich","password":"doan-mo"}`))
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					statuses <- 0
					return
				}
				res.Body.Close()
				statuses <- res.StatusCode
			}()
		}
		wg.Wait()
		close(statuses)
		count := map[int]int{}
		for s := range statuses {
			count[s]++
		}
		if count[http.StatusUnauthorized] != 5 || count[http.StatusTooManyRequests] != 15 {
			t.Fatalf("statuses = %v, want 5 checked (401) and 15 throttled (429)", count)
		}
	})
}

func TestLocalRedirectsOnly(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	for next, want := range map[string]string{
		"/programs/2026-11": "/programs/2026-11", "//evil.example": "/", "/\\evil.example": "/",
		"https://evil.example/": "/", "javascript:alert(1)": "/", "": "/",
	} {
		res := e.post(e.client(), "/login", url.Values{"login": {"vanphong"}, "password": {demo.Password}, "next": {next}})
		if got := res.Header.Get("Location"); got != want {
			t.Errorf("next=%q: redirected to %q, want %q", next, got, want)
		}
	}
}

// A new password ends the API tokens made with the old one; so does an
// admin's reset.
func TestPasswordChangeRevokesTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tok := e.token("chuyenvien.kt")
		if st, _ := e.apiCall("GET", "/api/v1/me", tok, ""); st != 200 {
			t.Fatalf("token before: %d", st)
		}
		c := e.login("chuyenvien.kt")
		res := e.post(c, "/account/password", url.Values{"current_password": {demo.Password}, "new_password": {"mat-khau-moi-2026"}, "confirm": {"mat-khau-moi-2026"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("change: %d", res.StatusCode)
		}
		if st, out := e.apiCall("GET", "/api/v1/me", tok, ""); st != 401 || errCode(out) != "unauthorized" {
			t.Fatalf("old token after the change: %d", st)
		}
		tok2 := e.token("truongphong.kt")
		admin := e.login("admin")
		var id, version string
		e.db.View(context.Background(), func(tx *store.Tx) error {
			u, _, err := tx.UserByLogin(context.Background(), "truongphong.kt")
			id, version = fmt.Sprint(u.ID), fmt.Sprint(u.Version)
			return err
		})
		res = e.post(admin, "/admin/users/"+id, url.Values{"version": {version}, "role": {"unit_head"}, "person_id": {"9"}, "password": {"mat-khau-dat-lai"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("reset: %d %s", res.StatusCode, body(res))
		}
		if st, _ := e.apiCall("GET", "/api/v1/me", tok2, ""); st != 401 {
			t.Fatalf("token after an admin reset: %d", st)
		}
	})
}

// A new password ends the sessions of the user's other devices; the device
// that changed it stays signed in.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		phone, office := e.login("truongphong.vhxh"), e.login("truongphong.vhxh")
		res := e.post(office, "/account/password", url.Values{"current_password": {demo.Password}, "new_password": {"mat-khau-moi-2026"}, "confirm": {"mat-khau-moi-2026"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("change: %d", res.StatusCode)
		}
		if st, _ := e.get(office, "/"); st != http.StatusOK {
			t.Fatalf("the device that changed the password: %d", st)
		}
		res, err := phone.Get(e.srv.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Fatalf("the other device: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
	})
}
