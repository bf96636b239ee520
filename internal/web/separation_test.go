package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"dieuhanh/internal/demo"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
	"dieuhanh/internal/web"
)

// canary marks every text of the twin ward that a page could show; with
// its ward's name, no response to a user of the demo ward may hold it.
const canary = "CANARY-TD"

// idKinds says which of the twin ward's rows a route's {id} names, by the
// path segment before it; each query lists the twin's ids of that kind.
var idKinds = map[string]string{
	"items":             `SELECT id FROM program_items WHERE ward_id = $1`,
	"events":            `SELECT id FROM events WHERE ward_id = $1`,
	"documents":         `SELECT id FROM documents WHERE ward_id = $1`,
	"incoming":          `SELECT id FROM incoming_documents WHERE ward_id = $1`,
	"remediations":      `SELECT id FROM remediations WHERE ward_id = $1`,
	"files":             `SELECT f.id FROM item_files f JOIN program_items i ON i.id = f.item_id WHERE i.ward_id = $1`,
	"event-files":       `SELECT f.id FROM event_files f JOIN events e ON e.id = f.event_id WHERE e.ward_id = $1`,
	"remediation-files": `SELECT f.id FROM remediation_files f JOIN remediations r ON r.id = f.remediation_id WHERE r.ward_id = $1`,
	"notifications":     `SELECT id FROM notifications WHERE ward_id = $1`,
	"display-links":     `SELECT id FROM display_links WHERE ward_id = $1`,
	"feeds":             `SELECT id FROM feed_tokens WHERE ward_id = $1`,
	"saved":             `SELECT s.id FROM saved_searches s JOIN users u ON u.id = s.user_id WHERE u.ward_id = $1`,
	"units":             `SELECT id FROM units WHERE ward_id = $1`,
	"people":            `SELECT id FROM people WHERE ward_id = $1`,
	"leaders":           `SELECT id FROM leaders WHERE ward_id = $1`,
	"users":             `SELECT id FROM users WHERE ward_id = $1`,
	"rooms":             `SELECT id FROM rooms WHERE ward_id = $1`,
	"mail":              `SELECT id FROM outbox WHERE ward_id = $1`,
	"amendments":        `SELECT a.id FROM amendments a JOIN programs p ON p.id = a.program_id WHERE p.ward_id = $1`,
	"substitutes":       `SELECT s.id FROM substitutes s JOIN events e ON e.id = s.event_id WHERE e.ward_id = $1`,
}

// separation is the demo ward (Hòa Bình) beside its twin (Tân Định): the
// same unit codes, logins, people and titles, each ward's own rows.
type separation struct {
	e     *env
	twin  int64
	ids   map[string][]int64 // kind → the twin's ids
	links *regexp.Regexp     // a link to one of the twin's records
	// bearer: an API token the requests carry instead of a session.
	bearer string
	// mistaken: the handlers take the user for one of the twin's; they may
	// fail (500) on what the store then refuses them, as long as nothing
	// of the twin comes out and nothing changes.
	mistaken bool
}

func newSeparation(t *testing.T, db *store.DB) *separation {
	e := newEnv(t, db)
	ctx := context.Background()
	if err := demo.LoadPrograms(ctx, e.app, testNow); err != nil {
		t.Fatal(err)
	}
	twin, err := demo.LoadTwin(ctx, e.app, e.app.Password, testNow, "tandinh", "Phường Tân Định", "Tân Định")
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if err := storetest.Exec(ctx, db, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// What the twin's users keep that the demo does not make: a feed, a
	// lobby link, a saved search, a message waiting to be sent.
	var twinUser int64
	if err := db.Raw().QueryRowContext(ctx, `SELECT id FROM users WHERE ward_id = $1 AND login = 'vanphong'`, twin).Scan(&twinUser); err != nil {
		t.Fatal(err)
	}
	exec(`INSERT INTO feed_tokens (ward_id, user_id, scope, ref_id, token_hash, created_at) VALUES ($1, $2, 'ward', 0, 'td-feed', $3)`, twin, twinUser, testNow)
	exec(`INSERT INTO display_links (ward_id, name, token_hash, created_by, created_at) VALUES ($1, 'Sảnh CANARY-TD', 'td-lobby', $2, $3)`, twin, twinUser, testNow)
	exec(`INSERT INTO saved_searches (user_id, name, query, created_at) VALUES ($1, 'Lọc CANARY-TD', 'q=CANARY-TD', $2)`, twinUser, testNow)
	exec(`INSERT INTO outbox (ward_id, user_id, to_addr, subject, body_text, dedupe_key, created_at, next_attempt_at)
		VALUES ($1, $2, 'mai.pt@tandinh.gov.vn', 'Thư CANARY-TD', 'CANARY-TD', 'td-mail', $3, $3)`, twin, twinUser, testNow)
	// And a file of each kind (the demo attaches none to some).
	sha := strings.Repeat("ab", 32)
	exec(`INSERT INTO item_files (item_id, name, content_type, size, sha256, uploaded_at)
		SELECT MIN(id), 'CANARY-TD.pdf', 'application/pdf', 10, $2, $3 FROM program_items WHERE ward_id = $1`, twin, sha, testNow)
	exec(`INSERT INTO event_files (event_id, purpose, name, content_type, size, sha256, uploaded_at)
		SELECT MIN(id), 'content', 'CANARY-TD.pdf', 'application/pdf', 10, $2, $3 FROM events WHERE ward_id = $1`, twin, sha, testNow)
	exec(`INSERT INTO remediation_files (remediation_id, entry_key, name, content_type, size, sha256, uploaded_at)
		SELECT MIN(id), 'x', 'CANARY-TD.pdf', 'application/pdf', 10, $2, $3 FROM remediations WHERE ward_id = $1`, twin, sha, testNow)
	exec(`INSERT INTO substitutes (event_id, person_id, substitute_id, reason, state, requested_at)
		SELECT MIN(e.id), (SELECT MIN(id) FROM people WHERE ward_id = $1), (SELECT MAX(id) FROM people WHERE ward_id = $1),
			'CANARY-TD', 'pending', $2 FROM events e WHERE e.ward_id = $1`, twin, testNow)
	// The canary on every text a page shows (titles, codes and logins stay
	// the demo's: a lookup by them must not cross).
	for _, q := range []string{
		`UPDATE program_items SET description = description || ' CANARY-TD', product = product || ' CANARY-TD' WHERE ward_id = $1`,
		`UPDATE people SET full_name = full_name || ' CANARY-TD', email = 'canary-td@tandinh.gov.vn' WHERE ward_id = $1`,
		`UPDATE units SET name = name || ' CANARY-TD' WHERE ward_id = $1`,
		`UPDATE events SET notes = notes || ' CANARY-TD', venue = venue || ' CANARY-TD' WHERE ward_id = $1`,
		`UPDATE documents SET subject = subject || ' CANARY-TD', body = body || ' CANARY-TD' WHERE ward_id = $1`,
		`UPDATE incoming_documents SET notes = notes || ' CANARY-TD', issuer = issuer || ' CANARY-TD' WHERE ward_id = $1`,
		`UPDATE notifications SET title = title || ' CANARY-TD', body = body || ' CANARY-TD' WHERE ward_id = $1`,
		`UPDATE remediations SET report = report || ' CANARY-TD' WHERE ward_id = $1`,
		`UPDATE rooms SET name = name || ' CANARY-TD' WHERE ward_id = $1`,
	} {
		exec(q, twin)
	}
	s := &separation{e: e, twin: twin, ids: map[string][]int64{}}
	var alts []string
	for kind, q := range idKinds {
		rows, err := db.Raw().QueryContext(ctx, q, twin)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			s.ids[kind] = append(s.ids[kind], id)
		}
		rows.Close()
		if len(s.ids[kind]) == 0 {
			t.Fatalf("the twin ward has no %s: the test would not try them", kind)
		}
		if kind == "items" || kind == "events" || kind == "documents" || kind == "incoming" || kind == "remediations" {
			for _, id := range s.ids[kind] {
				alts = append(alts, fmt.Sprintf("/%s/%d", kind, id))
			}
		}
	}
	s.links = regexp.MustCompile(`(` + strings.Join(alts, "|") + `)["/?#]`)
	return s
}

// leaks reports what of the twin a response holds: the canary, its name,
// or a link to one of its records; in a DOCX or XLSX, in any part.
func (s *separation) leaks(b []byte) string {
	texts := []string{string(b)}
	if zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err == nil {
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				continue
			}
			part, _ := io.ReadAll(rc)
			rc.Close()
			texts = append(texts, string(part))
		}
	}
	for _, text := range texts {
		switch {
		case strings.Contains(text, canary):
			return "its canary"
		case strings.Contains(text, "Tân Định"), strings.Contains(text, "tandinh"):
			return "its name"
		case s.links.MatchString(text):
			return "a link to " + s.links.FindString(text)
		}
	}
	return ""
}

// TestWardsCannotSeeEachOther reads the route table and calls every page
// and API route as users of the demo ward with the ids of its twin ward:
// every answer is 404 or 403; every other page (lists, searches, feeds,
// notifications, exports) holds nothing of the twin. It runs again with
// every handler mistaking the user for one of the twin's, to prove that
// the store's scoping alone (the ward the request is bound to, decided in
// one place) keeps the twin's rows out, on SQLite as on PostgreSQL. On
// PostgreSQL a third run turns the store's scoping off as well, to prove
// that row-level security alone keeps them out.
func TestWardsCannotSeeEachOther(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSeparation(t, db)
		t.Run("filters and walls", func(t *testing.T) { s.run(t) })
		// Nothing kept from one run may answer the next.
		if err := storetest.RaiseStamp(context.Background(), db); err != nil {
			t.Fatal(err)
		}
		web.MistakeWard(s.e.web, s.twin)
		s.mistaken = true
		t.Run("the store's scoping alone", func(t *testing.T) { s.run(t) })
		if db.Dialect() != store.Postgres {
			return
		}
		if err := storetest.RaiseStamp(context.Background(), db); err != nil {
			t.Fatal(err)
		}
		web.BypassStoreScoping(s.e.web, s.twin)
		t.Run("row-level security alone", func(t *testing.T) { s.run(t) })
	})
}

func (s *separation) run(t *testing.T) {
	e := s.e
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	routes := regexp.MustCompile(`Handle(?:Func)?\("([A-Z]+) ([^"]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(routes) < 200 {
		t.Fatalf("only %d routes found", len(routes))
	}
	ctx := context.Background()
	before := storetest.RowCounts(t, e.db, "program_items", "events", "documents", "incoming_documents", "remediations",
		"units", "people", "users", "notifications", "outbox", "item_events")
	var twinBefore int
	e.db.Raw().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE ward_id = $1`, s.twin).Scan(&twinBefore)

	// The demo ward's users by their sessions, and the Office by an API
	// token of its ward on the API's routes.
	st, out := e.apiCall("POST", "/api/v1/login", "", `{"ward":"hoabinh","login":"vanphong","password":"`+demo.Password+`"}`)
	token, _ := out["token"].(string)
	if st != 200 || token == "" {
		t.Fatalf("API sign-in: %d %v", st, out)
	}
	tried, refused := 0, 0
	for _, login := range []string{"admin", "vanphong", "chutich", "token"} {
		var c *http.Client
		if login == "token" {
			s.bearer = token
			c = e.client()
		} else {
			var res *http.Response
			c, res = e.loginForm("hoabinh", login, demo.Password)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("sign-in %s: %d", login, res.StatusCode)
			}
			res.Body.Close()
		}
		for _, r := range routes {
			method, pattern := r[1], r[2]
			if publicRoutes[method+" "+pattern] || (login == "token" && !strings.HasPrefix(pattern, "/api/")) {
				continue
			}
			for _, path := range s.paths(pattern) {
				named := strings.Contains(pattern, "{id}")
				if method != http.MethodGet && !named {
					continue // a write without an id acts on the user's own ward
				}
				status, body := s.call(c, method, path.url)
				tried++
				if leak := s.leaks(body); leak != "" {
					t.Errorf("%s: %s %s answered %d with %s of the other ward:\n%.400s", login, method, path.url, status, leak, body)
				}
				switch {
				case named && status != http.StatusNotFound && status != http.StatusForbidden:
					// Input refused before the record is looked up (a
					// missing field, a bad period) says nothing of the
					// other ward only if a record that exists nowhere gets
					// the very same answer.
					st, b := s.call(c, method, path.missing)
					if st != status || !bytes.Equal(idless(b, missingID), idless(body, path.id)) {
						t.Errorf("%s: %s %s with the other ward's id: %d, want 404 or 403, or the answer for a record that does not exist (%d)\n%.300s",
							login, method, path.url, status, st, body)
					} else {
						refused++
					}
				case named:
					refused++
				case status >= 500 && !s.mistaken:
					t.Errorf("%s: %s %s: %d", login, method, path.url, status)
				}
			}
		}
	}
	s.bearer = ""
	t.Logf("%d requests, %d of them naming the other ward's records, all refused", tried, refused)
	if refused < 300 {
		t.Errorf("only %d of %d requests named the other ward's records", refused, tried)
	}
	after := storetest.RowCounts(t, e.db, "program_items", "events", "documents", "incoming_documents", "remediations",
		"units", "people", "users", "notifications", "outbox", "item_events")
	for k, n := range before {
		if after[k] != n {
			t.Errorf("%s: %d rows → %d", k, n, after[k])
		}
	}
	var twinAfter int
	e.db.Raw().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE ward_id = $1`, s.twin).Scan(&twinAfter)
	if twinAfter != twinBefore {
		t.Errorf("the other ward's audit log grew from %d to %d entries", twinBefore, twinAfter)
	}
}

// idless blanks id where a page or a message names it (in a path or a
// query), so two answers that differ only by the id asked compare equal.
func idless(b []byte, id string) []byte {
	return regexp.MustCompile(`([/=]|\bsố )`+id+`\b`).ReplaceAll(b, []byte("${1}#"))
}

// missingID is an id no record has.
const missingID = "987654321"

// twinPath is a route filled with one of the twin's ids, and the same
// with an id no record has.
type twinPath struct{ url, missing, id string }

// paths fills a route's pattern with the twin's ids (the first and last of
// the kind {id} names) and the user's own months.
func (s *separation) paths(pattern string) []twinPath {
	fill := strings.NewReplacer("{$}", "", "{month}", "2026-11", "{week}", "2026-W48", "{period}", "2026-11",
		"{year}", "2026", "{date}", "2026-12-31", "{list}", "items", "{action}", "submit", "{code}", "tandinh",
		"{token}", "x", "{file}", "x.ics",
		// A unit by its code, which both wards have: the user's own.
		"{unit}", "KTHTDT")
	var out []twinPath
	add := func(p, param string, id int64) {
		sid := fmt.Sprint(id)
		out = append(out, twinPath{url: strings.Replace(p, param, sid, 1), missing: strings.Replace(p, param, missingID, 1), id: sid})
	}
	switch {
	case strings.Contains(pattern, "{id}"):
		segs := strings.Split(pattern, "/")
		kind := ""
		for i, seg := range segs {
			if seg == "{id}" && i > 0 {
				kind = segs[i-1]
			}
		}
		ids := s.ids[kind]
		if ids == nil {
			panic("no kind of id for " + pattern)
		}
		for _, id := range []int64{ids[0], ids[len(ids)-1]} {
			add(strings.Replace(pattern, "{sid}", fmt.Sprint(s.ids["substitutes"][0]), 1), "{id}", id)
		}
	default:
		out = []twinPath{{url: pattern}}
	}
	for i, p := range out {
		for _, u := range []*string{&p.url, &p.missing} {
			if *u == "" {
				continue
			}
			*u = fill.Replace(*u)
			if strings.HasSuffix(*u, ".") {
				*u += "docx"
			}
			if strings.HasSuffix(*u, "/") && *u != "/" {
				*u += "app.css"
			}
			// Lists that filter by a unit, person or leader are asked for
			// the twin's.
			if !strings.Contains(pattern, "{") {
				*u += "?" + url.Values{"unit": {fmt.Sprint(s.ids["units"][0])}, "person": {fmt.Sprint(s.ids["people"][0])},
					"leader": {fmt.Sprint(s.ids["leaders"][0])}, "q": {"CANARY"}}.Encode()
			}
		}
		out[i] = p
	}
	return out
}

// call sends one request as the signed-in browser: a form for pages, JSON
// for the API, with the fields the handlers read.
func (s *separation) call(c *http.Client, method, path string) (int, []byte) {
	e := s.e
	var body io.Reader
	ctype := ""
	if method != http.MethodGet {
		if strings.HasPrefix(path, "/api/") {
			body, ctype = strings.NewReader(`{"title":"x","comment":"x","note":"x","decision":"approve","progress":50,"version":1}`), "application/json"
		} else {
			body, ctype = strings.NewReader("title=x&comment=x&note=x&decision=approve&progress=50&version=1"), "application/x-www-form-urlencoded"
		}
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, body)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if s.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+s.bearer)
	}
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}
