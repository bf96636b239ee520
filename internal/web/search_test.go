package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dieuhanh/internal/demo"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// newSearchEnv is the demo ward with its programs (items in several months).
func newSearchEnv(t *testing.T, db *store.DB) *env {
	e := newEnv(t, db)
	if err := demo.LoadPrograms(context.Background(), e.app, testNow); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestItemsAPIListsAndPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newSearchEnv(t, db)
		tok := e.token("chutich")
		st, all := e.apiCall("GET", "/api/v1/items?limit=200", tok, "")
		rows, _ := all["items"].([]any)
		if st != 200 || len(rows) < 10 {
			t.Fatalf("items: %d, %d rows: %v", st, len(rows), all)
		}
		first, _ := rows[0].(map[string]any)
		for _, k := range []string{"id", "month", "title", "lead_unit", "leader", "due_date", "status"} {
			if _, ok := first[k]; !ok {
				t.Errorf("row has no %q: %v", k, first)
			}
		}
		// Pages of 7 by deadline: the same rows, in the same order, once each.
		var paged []any
		path := "/api/v1/items?limit=7"
		for range 100 {
			st, page := e.apiCall("GET", path, tok, "")
			if st != 200 {
				t.Fatalf("%s: %d %v", path, st, page)
			}
			list, _ := page["items"].([]any)
			paged = append(paged, list...)
			next, _ := page["next"].(string)
			if next == "" {
				if page["next"] != nil {
					t.Errorf("last page next = %v, want null", page["next"])
				}
				break
			}
			path = "/api/v1/items?limit=7&cursor=" + url.QueryEscape(next)
		}
		if len(paged) != len(rows) {
			t.Fatalf("paged %d rows, one page %d", len(paged), len(rows))
		}
		for i := range rows {
			a, _ := rows[i].(map[string]any)
			b, _ := paged[i].(map[string]any)
			if a["id"] != b["id"] {
				t.Fatalf("row %d: %v vs %v", i, a["id"], b["id"])
			}
		}
		// The benchmark's query: a unit's overdue items by deadline.
		st, out := e.apiCall("GET", "/api/v1/items?unit=KTHTDT&overdue=true&sort=due_date&limit=50", tok, "")
		list, _ := out["items"].([]any)
		if st != 200 || len(list) == 0 {
			t.Fatalf("overdue: %d %v", st, out)
		}
		prev := ""
		for _, x := range list {
			r, _ := x.(map[string]any)
			d, _ := r["deadline"].(string)
			if r["lead_unit"] != "KTHTDT" || r["status"] != "in_progress_overdue" || d < prev {
				t.Errorf("overdue row %v", r)
			}
			prev = d
		}
	})
}

func TestItemsAPIBadInput(t *testing.T) {
	e := newSearchEnv(t, storetest.OpenSQLite(t))
	tok := e.token("vanphong")
	long := url.QueryEscape(strings.Repeat("báo cáo ", 1250))
	for _, tc := range []struct{ query, field string }{
		{"status=overdue", "status"},
		{"status=due_soon&status=x", "status"},
		{"unit=KHONGCO", "unit"},
		{"limit=201", "limit"},
		{"limit=0", "limit"},
		{"limit=-5", "limit"},
		{"cursor=not-a-cursor", "cursor"},
		{"cursor=" + url.QueryEscape("eyJzIjoiZHVlX2RhdGUiLCJrIjoieCIsImkiOjF9"), "cursor"}, // a well-formed cursor with a bad key
		{"due_from=2026-12-31&due_to=2026-12-01", "due_to"},
		{"due_from=32/12/2026", "due_from"},
		{"month_from=2026-13", "month_from"},
		{"q=" + long, "q"},
		{"sort=title", "sort"},
		{"overdue=maybe", "overdue"},
		{"leader=khongco", "leader"},
	} {
		st, out := e.apiCall("GET", "/api/v1/items?"+tc.query, tok, "")
		fields, _ := out["error"].(map[string]any)["fields"].(map[string]any)
		if st != http.StatusBadRequest || errCode(out) != "invalid" || fields[tc.field] == nil {
			t.Errorf("%.60s: %d %v, want 400 naming %s", tc.query, st, out, tc.field)
		}
	}
}

func TestSearchPage(t *testing.T) {
	e := newSearchEnv(t, storetest.OpenSQLite(t))
	c := e.login("truongphong.kt")
	st, page := e.get(c, "/search?unit=KTHTDT&sort=due_date")
	if st != 200 || !strings.Contains(page, "Tra cứu nội dung") || !strings.Contains(page, `id="search-counts"`) ||
		!strings.Contains(page, "Việc quá hạn của phòng tôi") || !strings.Contains(page, "Việc tôi phụ trách") {
		t.Fatalf("page: %d\n%.2000s", st, page)
	}
	if !strings.Contains(page, "/2026</span>") {
		t.Error("deadlines are not shown as dd/mm/yyyy")
	}
	// Links keep the filter readable and working (not escaped as one value).
	for _, href := range []string{`href="/search?overdue=true&amp;sort=due_date&amp;unit=KTHTDT"`, `href="/search/export.xlsx?sort=due_date&amp;unit=KTHTDT"`} {
		if !strings.Contains(page, href) {
			t.Errorf("no link %s", href)
		}
	}
	// A bad filter: 400, the page again with the message beside the field.
	st, page = e.get(c, "/search?due_from=2026-12-31&due_to=2026-12-01")
	if st != http.StatusBadRequest || !strings.Contains(page, "Hạn đến ngày phải từ hạn từ ngày trở đi.") {
		t.Errorf("bad filter: %d", st)
	}
	// Months are typed as mm/yyyy (a URL's 2026-11 is shown that way too),
	// whatever the browser's language; a wrong one is named beside the field.
	st, page = e.get(c, "/search?month_from=11%2F2026&month_to=2026-11")
	if st != 200 || !strings.Contains(page, `name="month_from" value="11/2026"`) || !strings.Contains(page, `name="month_to" value="11/2026"`) ||
		strings.Contains(page, `type="month"`) {
		t.Errorf("months as mm/yyyy: %d", st)
	}
	if st, page = e.get(c, "/search?month_from=13%2F2026"); st != http.StatusBadRequest || !strings.Contains(page, "nhập theo dạng mm/yyyy") {
		t.Errorf("a wrong month: %d", st)
	}
	// Save the filter, find it listed, delete it.
	res := e.post(c, "/search/saved", url.Values{"name": {"Việc KT của tôi"}, "query": {"unit=KTHTDT&overdue=true&cursor=x"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/search?overdue=true&unit=KTHTDT" {
		t.Fatalf("save: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res.Body.Close()
	_, page = e.get(c, "/search")
	if !strings.Contains(page, "Việc KT của tôi") {
		t.Fatal("saved filter not listed")
	}
	var id int64
	e.db.Raw().QueryRow(`SELECT id FROM saved_searches WHERE name = 'Việc KT của tôi'`).Scan(&id)
	// Another account cannot delete it.
	if res := e.post(e.login("truongphong.vhxh"), "/search/saved/"+strconv.FormatInt(id, 10)+"/delete", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("another account deletes: %d", res.StatusCode)
	}
	if res := e.post(c, "/search/saved/"+strconv.FormatInt(id, 10)+"/delete", nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("delete: %d", res.StatusCode)
	}
	// Empty name: 400 naming it.
	if res := e.post(c, "/search/saved", url.Values{"name": {""}, "query": {"unit=KTHTDT"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("empty name: %d", res.StatusCode)
	}
}

func TestSearchExportMatchesTheList(t *testing.T) {
	e := newSearchEnv(t, storetest.OpenSQLite(t))
	tok := e.token("chutich")
	_, out := e.apiCall("GET", "/api/v1/items?unit=KTHTDT&limit=200", tok, "")
	want, _ := out["items"].([]any)
	c := e.login("chutich")
	res, err := c.Get(e.srv.URL + "/search/export.xlsx?unit=KTHTDT")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("export: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Tra cứu")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows {
		if len(r) >= 4 && r[3] == "KTHTDT" {
			n++
		}
	}
	if n != len(want) || n == 0 {
		t.Errorf("export has %d rows of KTHTDT, the list %d", n, len(want))
	}
}
