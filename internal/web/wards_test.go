package web_test

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"dieuhanh/internal/app"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// tanDinhPassword is the password of the second ward's admin, unlike the
// demo's, so a sign-in to the wrong ward fails.
const tanDinhPassword = "tan-dinh-quan-tri-2026"

// addTanDinh adds a second ward whose admin's login is "admin", as the
// demo ward's is.
func (e *env) addTanDinh() {
	e.t.Helper()
	_, err := e.app.AddWard(context.Background(), app.ProvinceSystemActor(),
		org.WardInput{Code: "tandinh", Name: "Phường Tân Định"}, org.UserInput{Login: "admin", Password: tanDinhPassword})
	if err != nil {
		e.t.Fatal(err)
	}
}

// loginForm posts the sign-in form with a ward.
func (e *env) loginForm(ward, login, password string) (*http.Client, *http.Response) {
	e.t.Helper()
	c := e.client()
	return c, e.post(c, "/login", url.Values{"ward": {ward}, "login": {login}, "password": {password}})
}

func (e *env) meWard(c *http.Client) any {
	e.t.Helper()
	st, out := e.apiWith(c, "GET", "/api/v1/me", "")
	if st != 200 {
		e.t.Fatalf("me: %d %v", st, out)
	}
	return out["ward"]
}

// A login in two wards: the form offers the wards only once there are
// two; without a ward the login is refused asking for one (page and API);
// with the ward, each ward's account signs in with its own password.
func TestLoginWithTwoWardsSharingALogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		if _, page := e.get(c, "/login"); strings.Contains(page, `name="ward"`) {
			t.Fatal("a single-ward deployment's form asks for the ward")
		}
		e.addTanDinh()
		_, page := e.get(c, "/login")
		if !strings.Contains(page, `<select id="ward" name="ward">`) || !strings.Contains(page, `<option value="tandinh">Phường Tân Định (tandinh)</option>`) ||
			!strings.Contains(page, `<option value="hoabinh">Phường Hòa Bình (hoabinh)</option>`) {
			t.Fatalf("the form offers no choice of ward:\n%s", page)
		}
		before := e.counts()
		_, res := e.loginForm("", "admin", demo.Password)
		page = body(res)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Tên đăng nhập này có ở nhiều phường: vui lòng chọn phường.") ||
			!strings.Contains(page, `<select id="ward" name="ward">`) {
			t.Fatalf("ambiguous login: %d\n%s", res.StatusCode, page)
		}
		_, res = e.loginForm("khongco", "admin", demo.Password)
		if page := body(res); res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Không có phường mã khongco.") {
			t.Fatalf("unknown ward: %d\n%s", res.StatusCode, page)
		}
		_, res = e.loginForm("tandinh", "admin", demo.Password)
		if page := body(res); res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Tên đăng nhập hoặc mật khẩu không đúng.") ||
			!strings.Contains(page, `<option value="tandinh" selected>`) {
			t.Fatalf("the other ward's password: %d\n%s", res.StatusCode, page)
		}
		if after := e.counts(); !maps.Equal(before, after) {
			t.Errorf("refused sign-ins changed the database: %v → %v", before, after)
		}
		td, res := e.loginForm("tandinh", "admin", tanDinhPassword)
		if res.StatusCode != http.StatusSeeOther || e.meWard(td) != "tandinh" {
			t.Fatalf("admin of Tân Định: %d", res.StatusCode)
		}
		hb, res := e.loginForm("hoabinh", "admin", demo.Password)
		if res.StatusCode != http.StatusSeeOther || e.meWard(hb) != "hoabinh" {
			t.Fatalf("admin of Hòa Bình: %d", res.StatusCode)
		}
		// Each sees its own ward's units: Tân Định has none yet.
		if _, page := e.get(td, "/admin/units"); !strings.Contains(page, "Chưa có đơn vị.") {
			t.Error("Tân Định's admin sees Hòa Bình's units")
		}
		// A login in one ward needs no ward.
		if c := e.login("vanphong"); e.meWard(c) != "hoabinh" {
			t.Error("vanphong signed in elsewhere")
		}

		// The API: the same rules, a JSON error with a code.
		st, out := e.apiCall("POST", "/api/v1/login", "", `{"login":"admin","password":"`+demo.Password+`"}`)
		if ae, _ := out["error"].(map[string]any); st != 400 || errCode(out) != "invalid" || ae["rule"] != "ward_required" || ae["fields"].(map[string]any)["ward"] == nil {
			t.Fatalf("API ambiguous login: %d %v", st, out)
		}
		st, out = e.apiCall("POST", "/api/v1/login", "", `{"ward":"khongco","login":"admin","password":"`+demo.Password+`"}`)
		if ae, _ := out["error"].(map[string]any); st != 400 || ae["fields"].(map[string]any)["ward"] != "Không có phường mã khongco." {
			t.Fatalf("API unknown ward: %d %v", st, out)
		}
		st, out = e.apiCall("POST", "/api/v1/login", "", `{"ward":"tandinh","login":"admin","password":"`+tanDinhPassword+`"}`)
		tok, _ := out["token"].(string)
		if st != 200 || tok == "" {
			t.Fatalf("API login to Tân Định: %d %v", st, out)
		}
		if st, out := e.apiCall("GET", "/api/v1/me", tok, ""); st != 200 || out["ward"] != "tandinh" || out["login"] != "admin" {
			t.Fatalf("token of Tân Định: %d %v", st, out)
		}
		if tok := e.token("vanphong"); tok == "" {
			t.Fatal("API login without a ward for a login of one ward")
		}
	})
}

// Disabling a ward ends its live sessions and tokens at their next request
// and refuses its sign-ins with a clear message; the other ward goes on.
// Enabling it lets its people in again.
func TestDisabledWardEndsItsSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.addTanDinh()
		ctx := context.Background()
		td, res := e.loginForm("tandinh", "admin", tanDinhPassword)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in: %d", res.StatusCode)
		}
		_, out := e.apiCall("POST", "/api/v1/login", "", `{"ward":"tandinh","login":"admin","password":"`+tanDinhPassword+`"}`)
		tok, _ := out["token"].(string)
		hb := e.login("chutich")
		if st, _ := e.get(td, "/admin/units"); st != 200 {
			t.Fatalf("live session: %d", st)
		}
		if _, err := e.app.SetWardDisabled(ctx, app.ProvinceSystemActor(), "tandinh", true); err != nil {
			t.Fatal(err)
		}
		res, err := td.Get(e.srv.URL + "/admin/units")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Fatalf("session of a disabled ward: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		if st, out := e.apiCall("GET", "/api/v1/me", tok, ""); st != 401 || !strings.Contains(out["error"].(map[string]any)["message"].(string), "đã ngừng hoạt động") {
			t.Fatalf("token of a disabled ward: %d %v", st, out)
		}
		if st, _ := e.get(hb, "/"); st != 200 {
			t.Fatalf("the other ward's session: %d", st)
		}
		// With one active ward left, the form is the single ward's again,
		// and "admin" is Hòa Bình's only.
		if _, page := e.get(e.client(), "/login"); strings.Contains(page, `name="ward"`) {
			t.Error("the form offers a choice of one ward")
		}
		if c, res := e.loginForm("", "admin", demo.Password); res.StatusCode != http.StatusSeeOther || e.meWard(c) != "hoabinh" {
			t.Fatalf("admin without a ward, Tân Định disabled: %d", res.StatusCode)
		}
		if _, res := e.loginForm("", "admin", tanDinhPassword); res.StatusCode != http.StatusBadRequest {
			t.Fatalf("Tân Định's password without a ward: %d", res.StatusCode)
		}
		_, res = e.loginForm("tandinh", "admin", tanDinhPassword)
		if page := body(res); res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Phường của tài khoản này đã ngừng hoạt động trên hệ thống") {
			t.Fatalf("sign-in to a disabled ward: %d\n%s", res.StatusCode, page)
		}
		if st, out := e.apiCall("POST", "/api/v1/login", "", `{"ward":"tandinh","login":"admin","password":"`+tanDinhPassword+`"}`); st != 400 ||
			!strings.Contains(out["error"].(map[string]any)["fields"].(map[string]any)["ward"].(string), "đã ngừng hoạt động") {
			t.Fatalf("API sign-in to a disabled ward: %d %v", st, out)
		}
		if _, err := e.app.SetWardDisabled(ctx, app.ProvinceSystemActor(), "tandinh", false); err != nil {
			t.Fatal(err)
		}
		if _, res := e.loginForm("tandinh", "admin", tanDinhPassword); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in after enabling: %d", res.StatusCode)
		}
	})
}

// Province accounts land on the list of wards and may not open any ward
// page or API; the viewer may not disable a ward; the admin may, and the
// change is in the ward's audit log. A new ward with a code in use changes
// nothing and says why beside the field.
func TestProvinceAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		e.addTanDinh()
		for _, u := range []org.UserInput{{Login: "tinh", Role: "province_admin"}, {Login: "thanhtra", Role: "province_viewer"}} {
			u.Password = "tinh-quan-tri-2026"
			if _, err := e.app.CreateProvinceUser(ctx, app.ProvinceSystemActor(), u); err != nil {
				t.Fatal(err)
			}
		}
		admin, res := e.loginForm("", "tinh", "tinh-quan-tri-2026")
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("province sign-in: %d", res.StatusCode)
		}
		viewer, res := e.loginForm(org.ProvinceCode, "thanhtra", "tinh-quan-tri-2026")
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("province viewer sign-in: %d", res.StatusCode)
		}
		res, err := admin.Get(e.srv.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/province" {
			t.Fatalf("province home: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		st, page := e.get(viewer, "/province/wards")
		if st != 200 || !strings.Contains(page, "Phường Tân Định") || !strings.Contains(page, "Phường Hòa Bình") ||
			strings.Contains(page, "/disable") || strings.Contains(page, `action="/province/wards"`) {
			t.Fatalf("viewer's list: %d\n%s", st, page)
		}
		st, page = e.get(admin, "/province/wards")
		if st != 200 || !strings.Contains(page, `action="/province/wards/tandinh/disable"`) || !strings.Contains(page, `<td>10</td>`) {
			t.Fatalf("admin's list (Hòa Bình has 10 accounts): %d\n%s", st, page)
		}
		for _, path := range []string{"/programs/2026-12", "/admin/units", "/schedule", "/documents", "/search"} {
			if st, page := e.get(admin, path); st != 403 || !strings.Contains(page, "Tài khoản cấp tỉnh không thực hiện công việc trong phường") {
				t.Errorf("province admin on %s: %d", path, st)
			}
		}
		_, out := e.apiCall("POST", "/api/v1/login", "", `{"login":"tinh","password":"tinh-quan-tri-2026"}`)
		tok, _ := out["token"].(string)
		if st, out := e.apiCall("GET", "/api/v1/programs/2026-12", tok, ""); st != 403 || errCode(out) != "forbidden" {
			t.Errorf("province token on a ward's API: %d %v", st, out)
		}
		if st, out := e.apiCall("POST", "/api/v1/programs/2026-12/items", tok, itemJSON("Việc của tỉnh", "2027-01-15", "")); st != 403 {
			t.Errorf("province token registering an item: %d %v", st, out)
		}
		if st, out := e.apiCall("GET", "/api/v1/province/wards", tok, ""); st != 200 || len(out["wards"].([]any)) != 2 {
			t.Errorf("province API list: %d %v", st, out)
		}
		// A ward's accounts have no province page.
		if st, _ := e.get(e.login("chutich"), "/province/wards"); st != 403 {
			t.Errorf("chairman on the province page: %d", st)
		}

		before := e.counts()
		if res := e.post(viewer, "/province/wards/tandinh/disable", nil); res.StatusCode != 403 {
			t.Errorf("viewer disabling: %d", res.StatusCode)
		}
		res = e.post(admin, "/province/wards", url.Values{"code": {"tandinh"}, "name": {"Phường Khác"}, "admin_login": {"admin"}, "admin_password": {tanDinhPassword}})
		if page := body(res); res.StatusCode != 400 || !strings.Contains(page, "Mã phường tandinh đã có phường dùng.") {
			t.Errorf("ward code in use: %d\n%s", res.StatusCode, page)
		}
		if after := e.counts(); !maps.Equal(before, after) {
			t.Errorf("refused province writes changed the database: %v → %v", before, after)
		}
		if res := e.post(admin, "/province/wards/tandinh/disable", nil); res.StatusCode != 303 {
			t.Fatalf("disable: %d", res.StatusCode)
		}
		if res := e.post(admin, "/province/wards/tandinh/disable", nil); res.StatusCode != 409 {
			t.Errorf("disable twice: %d", res.StatusCode)
		}
		if res := e.post(admin, "/province/wards", url.Values{"code": {"benthanh"}, "name": {"Phường Bến Thành"}, "admin_login": {"quantri"},
			"admin_password": {"ben-thanh-quan-tri-2026"}}); res.StatusCode != 303 {
			t.Fatalf("new ward: %d %s", res.StatusCode, body(res))
		}
		var actions []string
		err = db.View(ctx, func(tx *store.Tx) error {
			w, err := tx.WardByCode(ctx, "tandinh")
			if err != nil {
				return err
			}
			b, err := tx.WardByCode(ctx, "benthanh")
			if err != nil {
				return err
			}
			for _, id := range []int64{w.ID, b.ID} {
				log, _, err := tx.AuditLog(ctx, id, store.AuditFilter{Limit: 100})
				if err != nil {
					return err
				}
				for _, a := range log {
					actions = append(actions, a.Entity+"."+a.Action+" by "+a.ActorLogin)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := "ward.create by system, user.create by system, ward.disable by tinh, ward.create by tinh, user.create by tinh"
		slices.Sort(actions)
		wantList := strings.Split(want, ", ")
		slices.Sort(wantList)
		if !slices.Equal(actions, wantList) {
			t.Errorf("audit of the wards: %v, want %s", actions, want)
		}
	})
}

// A sign-in in one ward (form or API) and the hourly prune renew nothing
// another ward keeps: the deployment's stamp and the other ward's stay
// (at 08:00 a province's thousands of sign-ins would otherwise renew every
// ward's kept pages at each one).
func TestSignInsLeaveOtherWardsKeptPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.addTanDinh()
		ctx := context.Background()
		stamps := func() (global, tanDinh int64) {
			t.Helper()
			if err := db.Raw().QueryRowContext(ctx, `SELECT n FROM change_stamp WHERE id = 1`).Scan(&global); err != nil {
				t.Fatal(err)
			}
			db.Raw().QueryRowContext(ctx, `SELECT COALESCE(MAX(s.n), 0) FROM ward_stamps s JOIN wards w ON w.id = s.ward_id WHERE w.code = 'tandinh'`).Scan(&tanDinh)
			return global, tanDinh
		}
		g0, td0 := stamps()
		if _, res := e.loginForm("hoabinh", "vanphong", demo.Password); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in: %d", res.StatusCode)
		}
		e.loginForm("hoabinh", "vanphong", "sai-mat-khau")
		if st, out := e.apiCall("POST", "/api/v1/login", "", `{"ward":"hoabinh","login":"chutich","password":"`+demo.Password+`"}`); st != 200 {
			t.Fatalf("API sign-in: %d %v", st, out)
		}
		if _, err := e.app.PruneAuthRecords(ctx); err != nil {
			t.Fatal(err)
		}
		if g, td := stamps(); g != g0 || td != td0 {
			t.Errorf("stamps (deployment, Tân Định) went from (%d, %d) to (%d, %d)", g0, td0, g, td)
		}
	})
}
