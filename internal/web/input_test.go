package web_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"mime/multipart"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// jsonTextField names one text field of each JSON write endpoint, the one
// the test fills with a control character; "" marks an endpoint whose body
// holds no text. A new JSON endpoint must be added here.
var jsonTextField = map[string]string{
	"POST /api/v1/login":                         "login",
	"POST /api/v1/programs/{month}/items":        "title",
	"POST /api/v1/programs/{month}/{action}":     "comment",
	"PATCH /api/v1/items/{id}":                   "title",
	"POST /api/v1/items/{id}/progress":           "note",
	"POST /api/v1/items/{id}/contribution":       "note",
	"POST /api/v1/items/{id}/complete":           "note",
	"POST /api/v1/items/{id}/evaluation":         "reason",
	"POST /api/v1/items/{id}/extension":          "reason",
	"POST /api/v1/items/{id}/extension/decision": "comment",
	"POST /api/v1/schedules/{week}/events":       "title",
	"POST /api/v1/schedules/{week}/{action}":     "reason",
	"PATCH /api/v1/events/{id}":                  "title",
	"POST /api/v1/events/{id}/readiness":         "comment",
	"POST /api/v1/events/{id}/approve":           "",
	"POST /api/v1/events/{id}/cancel":            "reason",
	"POST /api/v1/events/{id}/conclusion":        "summary",
	"POST /api/v1/programs/{month}/carry-over":   "", // texts only inside items[]: decodeJSON walks them all
	"POST /api/v1/calendar/{year}/confirmations": "holiday",
	"POST /api/v1/notifications/read-all":        "",
	"POST /api/v1/notifications/{id}/read":       "",
	"PUT /api/v1/me/preferences":                 "", // texts only inside preferences{}: decodeJSON walks them all
	"POST /api/v1/me/feeds":                      "",
	"POST /api/v1/remediations/{id}/report":      "", // texts only inside report{}: decodeJSON walks them all
	"POST /api/v1/remediations/{id}/receipt":     "",
	"POST /api/v1/remediations/{id}/decision":    "comment",

	// Scorecards, accountability and the consolidated report.
	"PUT /api/v1/scorecards/{period}/units/{unit}/general":   "note",
	"POST /api/v1/scorecards/{period}/units/{unit}/decision": "note",
	"POST /api/v1/reports/{month}/consolidated":              "shortcomings",
	"POST /api/v1/reports/{month}/consolidated/draft":        "",
	"POST /api/v1/reports/{month}/consolidated/directions":   "directions",
	"POST /api/v1/reports/{month}/consolidated/items":        "title",

	// Incoming documents.
	"POST /api/v1/incoming":             "subject",
	"POST /api/v1/incoming/{id}/route":  "note",
	"POST /api/v1/incoming/{id}/assign": "comment",
	// Outgoing documents.
	"POST /api/v1/documents":                  "subject",
	"PATCH /api/v1/documents/{id}":            "subject",
	"POST /api/v1/documents/{id}/{action}":    "comment",
	"POST /api/v1/documents/{id}/acknowledge": "",
	"POST /api/v1/documents/{id}/signed":      "", // a multipart PDF upload
	"POST /api/v1/documents/{id}/items":       "product",
}

var writeTables = []string{"program_items", "item_events", "events", "users", "units", "people", "audit_log", "notifications",
	"remediations", "remediation_filings", "remediation_files", "general_scores", "accountability_decisions", "consolidated_reports",
	"incoming_documents", "incoming_history", "incoming_items",
	"documents", "document_recipients", "document_history", "document_items"}

func (e *env) writeCounts() map[string]int {
	e.t.Helper()
	c := storetest.RowCounts(e.t, e.db, writeTables...)
	return c
}

// TestEveryWriteRefusesControlCharacters reads the route table and sends a
// NUL character to every route that takes a body — as a form field, in a
// multipart form and, for the API, in a JSON text field: each answers 400
// naming the field, and nothing is stored (PostgreSQL answered 500 to a NUL).
func TestEveryWriteRefusesControlCharacters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		src, err := os.ReadFile("routes.go")
		if err != nil {
			t.Fatal(err)
		}
		e := newEnv(t, db)
		before := e.writeCounts()
		c := e.login("vanphong")
		fill := strings.NewReplacer("{id}", "1", "{sid}", "1", "{month}", "2026-12", "{week}", "2026-W49",
			"{action}", "submit", "{date}", "2026-12-01",
			"{period}", "2026-11", "{unit}", "KTHTDT", "{list}", "overdue")
		routes := regexp.MustCompile(`Handle(?:Func)?\("(POST|PATCH|PUT) ([^"]+)"`).FindAllStringSubmatch(string(src), -1)
		if len(routes) < 40 {
			t.Fatalf("only %d write routes found", len(routes))
		}
		send := func(route, url, ct string, data []byte) (int, string) {
			method, _, _ := strings.Cut(route, " ")
			req, _ := http.NewRequest(method, e.srv.URL+url, bytes.NewReader(data))
			req.Header.Set("Content-Type", ct)
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			res, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			return res.StatusCode, body(res)
		}
		for _, m := range routes {
			route := m[1] + " " + m[2]
			url := fill.Replace(m[2])
			api := strings.HasPrefix(url, "/api/")
			check := func(how string, status int, page, field string) {
				t.Helper()
				if status != http.StatusBadRequest {
					t.Errorf("%s (%s): %d, want 400", route, how, status)
					return
				}
				if api {
					var j struct {
						Error struct {
							Fields map[string]string `json:"fields"`
						} `json:"error"`
					}
					json.Unmarshal([]byte(page), &j)
					if !strings.Contains(j.Error.Fields[field], "ký tự điều khiển") {
						t.Errorf("%s (%s): fields %v do not name %q", route, how, j.Error.Fields, field)
					}
				} else if !strings.Contains(page, "«"+field+"» chứa ký tự điều khiển") {
					t.Errorf("%s (%s): the page does not name the field", route, how)
				}
			}
			st, page := send(route, url, "application/x-www-form-urlencoded", []byte("version=1&title=a%00b"))
			check("form", st, page, "title")

			var mp bytes.Buffer
			mw := multipart.NewWriter(&mp)
			mw.WriteField("note", "a\x07b")
			mw.Close()
			st, page = send(route, url, mw.FormDataContentType(), mp.Bytes())
			check("multipart", st, page, "note")

			if api {
				field, ok := jsonTextField[route]
				if !ok {
					t.Errorf("%s: add the route to jsonTextField", route)
					continue
				}
				if field == "" {
					continue
				}
				b, _ := json.Marshal(map[string]string{field: "a\x00b"})
				st, page = send(route, url, "application/json", b)
				check("json", st, page, field)
			}
		}
		if after := e.writeCounts(); !maps.Equal(before, after) {
			t.Errorf("refused requests changed the database: %v → %v", before, after)
		}
	})
}

// A query string is checked like a form: search boxes and filters too.
func TestQueryRefusesControlCharacters(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	c := e.login("vanphong")
	for _, path := range []string{"/audit?q=a%00b", "/programs/2026-12?q=%01", "/api/v1/programs/2026-12?x=%00", "/search?q=a%00b", "/api/v1/items?q=%01"} {
		if st, page := e.get(c, path); st != http.StatusBadRequest || !strings.Contains(page, "ký tự điều khiển") {
			t.Errorf("GET %s: %d", path, st)
		}
	}
}
