package web_test

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dieuhanh/internal/app"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

const provincePassword = "tinh-thanh-tra-2026"

// provinceEnv is the demo ward with its programs (previous, current and
// next month around 25/11/2026), two more wards without a program, and a
// province viewer signed in on the page and on the API.
func provinceEnv(t *testing.T, db *store.DB) (e *env, viewer *http.Client, token string) {
	t.Helper()
	e = newEnv(t, db)
	ctx := context.Background()
	if err := demo.LoadPrograms(ctx, e.app, testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.LoadWards(ctx, db, e.app.Password, testNow, 3); err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.CreateProvinceUser(ctx, app.ProvinceSystemActor(),
		org.UserInput{Login: "thanhtra", Role: "province_viewer", Password: provincePassword}); err != nil {
		t.Fatal(err)
	}
	viewer, res := e.loginForm(org.ProvinceCode, "thanhtra", provincePassword)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("province sign-in: %d", res.StatusCode)
	}
	_, out := e.apiCall("POST", "/api/v1/login", "", `{"ward":"province","login":"thanhtra","password":"`+provincePassword+`"}`)
	token, _ = out["token"].(string)
	if token == "" {
		t.Fatalf("province token: %v", out)
	}
	return e, viewer, token
}

// rawCount counts with SQL written here, apart from the code under test.
func rawCount(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Raw().QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The province's viewer reads the overview, a ward's trend and lists, the
// workbook and the API; the figures match the demo's record.
func TestProvinceOverview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e, viewer, token := provinceEnv(t, db)
		hbItems := rawCount(t, db, `SELECT COUNT(*) FROM program_items i JOIN programs p ON p.id = i.program_id JOIN wards w ON w.id = i.ward_id
			WHERE w.code = 'hoabinh' AND p.year = 2026 AND p.month = 11 AND p.state = 'issued'
			AND i.registration IN ('registered', 'late_accepted') AND i.cancelled = FALSE`)
		if hbItems == 0 {
			t.Fatal("the demo has no items in November")
		}

		st, page := e.get(viewer, "/province")
		if st != 200 || !strings.Contains(page, "Tổng quan các phường tháng 11/2026") || !strings.Contains(page, `href="/province"`) ||
			!strings.Contains(page, "Tổng quan tỉnh") || !strings.Contains(page, "Tỷ lệ đúng hạn = số nội dung hoàn thành đúng hạn") ||
			!strings.Contains(page, "Xếp hạng theo tỷ lệ hoàn thành đúng hạn") {
			t.Fatalf("overview: %d\n%s", st, page)
		}
		if n := strings.Count(page, `<tr id="ward-`); n != 3 {
			t.Errorf("%d ward rows", n)
		}
		hbRow := page[strings.Index(page, `<tr id="ward-hoabinh">`):]
		hbRow = hbRow[:strings.Index(hbRow, "</tr>")]
		if !strings.Contains(hbRow, `<td class="n">1</td>`) || !strings.Contains(hbRow, `<td class="n">`+strconv.Itoa(hbItems)+`</td>`) ||
			!strings.Contains(hbRow, `href="/province/wards/hoabinh?month=2026-11"`) || !strings.Contains(hbRow, "Ban hành ") {
			t.Errorf("Hòa Bình's row (%d items):\n%s", hbItems, hbRow)
		}
		// Read-only: no form posts anything, no link into a ward's pages.
		if provincePosts(page) != 0 {
			t.Error("the overview offers an action")
		}

		// Sorted by code, descending: the link of the column says so.
		_, page = e.get(viewer, "/province?month=2026-11&sort=code&desc=1")
		var order []string
		for _, part := range strings.Split(page, `<tr id="ward-`)[1:] {
			order = append(order, part[:strings.Index(part, `"`)])
		}
		if !slices.IsSortedFunc(order, func(a, b string) int { return strings.Compare(b, a) }) || len(order) != 3 {
			t.Errorf("sorted by code descending: %v", order)
		}
		if !strings.Contains(page, `aria-sort="descending"`) {
			t.Error("the sorted column is not marked")
		}

		// A bad month is refused beside the field.
		for q, want := range map[string]string{
			"13/2026":   "Tháng «13/2026» không hợp lệ: nhập theo dạng mm/yyyy, ví dụ 05/2026.",
			"2027-05":   "Chưa có số liệu của tháng 05/2027: chọn tháng 12/2026 hoặc trước đó.",
			"tháng năm": "không hợp lệ",
		} {
			st, page := e.get(viewer, "/province?month="+strings.ReplaceAll(q, " ", "+"))
			if st != 400 || !strings.Contains(page, `<span class="field-error" role="alert">`) || !strings.Contains(page, want) {
				t.Errorf("month %q: %d\n%s", q, st, page)
			}
		}

		// The API: the same figures, a JSON error with its rule.
		st, out := e.apiCall("GET", "/api/v1/province/overview?month=2026-11", token, "")
		wards, _ := out["wards"].([]any)
		if st != 200 || len(wards) != 3 || out["month"] != "2026-11" {
			t.Fatalf("API overview: %d %v", st, out)
		}
		first := wards[0].(map[string]any)
		if first["code"] != "hoabinh" || first["rank"] != 1.0 || first["items"] != float64(hbItems) || first["on_time_percent"] == nil {
			t.Errorf("API first ward: %v", first)
		}
		for _, w := range wards[1:] {
			w := w.(map[string]any)
			if p := w["program"].(map[string]any); p["state"] != "none" || p["late"] != true || w["on_time_percent"] != nil || w["rank"] != 2.0 {
				t.Errorf("a ward without a program: %v", w)
			}
		}
		st, out = e.apiCall("GET", "/api/v1/province/overview?month=2026-13", token, "")
		if ae, _ := out["error"].(map[string]any); st != 400 || errCode(out) != "invalid" || ae["rule"] != "month_invalid" ||
			ae["fields"].(map[string]any)["month"] == nil {
			t.Errorf("API bad month: %d %v", st, out)
		}
		// October: the demo's remediation story (one report missing, one
		// filed late after being missing).
		_, out = e.apiCall("GET", "/api/v1/province/overview?month=2026-10", token, "")
		for _, w := range out["wards"].([]any) {
			if w := w.(map[string]any); w["code"] == "hoabinh" && (w["remediation_reports"] != 4.0 || w["remediation_missing"] != 1.0 || w["remediation_late"] != 1.0) {
				t.Errorf("October's reports: %v", w)
			}
		}

		// A ward's trend (API and page) and its month's lists.
		st, out = e.apiCall("GET", "/api/v1/province/wards/hoabinh/trend", token, "")
		months, _ := out["months"].([]any)
		if st != 200 || len(months) != 12 || months[11].(map[string]any)["month"] != "2026-11" || months[11].(map[string]any)["items"] != float64(hbItems) {
			t.Fatalf("API trend: %d %v", st, out)
		}
		if st, out := e.apiCall("GET", "/api/v1/province/wards/khongco/trend", token, ""); st != 404 || errCode(out) != "not_found" {
			t.Errorf("API unknown ward: %d %v", st, out)
		}
		st, page = e.get(viewer, "/province/wards/hoabinh?month=10/2026")
		if st != 200 || !strings.Contains(page, "Diễn biến 12 tháng") || strings.Count(page, `<tr id="m-`) != 12 ||
			!strings.Contains(page, `<svg class="bar"`) || !strings.Contains(page, "Nội dung công việc tháng 10/2026") {
			t.Fatalf("ward page: %d\n%s", st, page)
		}
		reports := page[strings.Index(page, `id="reports"`):]
		if !strings.Contains(reports, "Phòng Kinh tế, Hạ tầng và Đô thị") || strings.Count(reports, "<tr><td>") != 1 {
			t.Errorf("October's missing report:\n%s", reports)
		}
		if strings.Contains(page, `href="/items/`) || strings.Contains(page, `href="/events/`) || provincePosts(page) != 0 {
			t.Error("the ward's lists lead into the ward's pages or offer an action")
		}
		if st, page := e.get(viewer, "/province/wards/hoabinh?month=99/2026"); st != 400 || !strings.Contains(page, `class="field-error"`) {
			t.Errorf("ward page, bad month: %d", st)
		}
		if st, page := e.get(viewer, "/province/wards/khongco"); st != 404 || !strings.Contains(page, "Không có phường mã") {
			t.Errorf("unknown ward page: %d\n%s", st, page)
		}

		// The workbook: one row per ward, by rank.
		res, err := viewer.Get(e.srv.URL + "/province/overview.xlsx?month=2026-11")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "tong-quan-cac-phuong-2026-11.xlsx") {
			t.Fatalf("xlsx: %d %v", res.StatusCode, res.Header)
		}
		x, err := excelize.OpenReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := x.GetRows(x.GetSheetList()[0])
		if err != nil {
			t.Fatal(err)
		}
		head := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == "Hạng" })
		if head < 0 || len(rows)-head-1 != 3 || rows[head+1][1] != "hoabinh" || rows[head+1][3] != strconv.Itoa(hbItems) {
			t.Errorf("xlsx rows: %v", rows)
		}
	})
}

// A ward's accounts have no province view: pages, workbook and API are
// refused; a province account opens no ward page from it.
func TestProvinceOverviewForbiddenToWards(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e, viewer, _ := provinceEnv(t, db)
		for _, login := range []string{"admin", "chutich"} {
			c := e.login(login)
			for _, path := range []string{"/province", "/province?month=2026-11", "/province/wards/hoabinh", "/province/overview.xlsx?month=2026-11"} {
				if st, _ := e.get(c, path); st != 403 {
					t.Errorf("%s on %s: %d", login, path, st)
				}
			}
			tok := e.token(login)
			for _, path := range []string{"/api/v1/province/overview", "/api/v1/province/wards/hoabinh/trend"} {
				if st, out := e.apiCall("GET", path, tok, ""); st != 403 || errCode(out) != "forbidden" {
					t.Errorf("%s on %s: %d %v", login, path, st, out)
				}
			}
		}
		// The ward page's month links stay in the province's pages.
		_, page := e.get(viewer, "/province/wards/hoabinh")
		for _, href := range hrefs(page) {
			if !strings.HasPrefix(href, "/province") && href != "/account/password" && href != "/" {
				t.Errorf("link out of the province's pages: %s", href)
			}
		}
	})
}

// provincePosts counts the forms that post, the layout's sign-out aside.
func provincePosts(page string) int {
	return strings.Count(page, `method="post"`) - strings.Count(page, `method="post" action="/logout"`)
}
