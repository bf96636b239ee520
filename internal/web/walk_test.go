package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/store/storetest"
	"dieuhanh/internal/web"
)

// walkNow is the walk's fixed clock: Friday 20/11/2026, 10:00 in Vietnam —
// the week is open for proposals, next month's program is being registered
// and this month's is being carried out.
var walkNow = time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)

// walkLogins are the demo accounts the walk signs in as, one after the
// other on the same data, in the order work flows: the departments
// register, report and propose, the Office consolidates and submits, the
// leaders decide, then the partners look and the admin administers (last:
// its forms change the organization everyone works in).
var walkLogins = []string{"truongphong.kt", "chuyenvien.kt", "truongphong.vhxh", "giamdoc.ttpvhcc", "vanphong",
	"pct.kinhte", "pct.vanhoa", "chutich", "congan", "admin"}

// Bounds of one role's walk: distinct pages in all, pages of one shape
// ("/schedule/{week}"; more items and entries, whose states differ), and
// submissions of one kind of form.
const (
	walkMaxPages     = 260
	walkMaxPerShape  = 6
	walkMaxPerSubmit = 2
)

var walkShapeLimits = map[string]int{"/items/{id}": 40, "/events/{id}": 60, "/events/{id}/edit": 10}

// TestEveryShownFormIsAllowed signs in as each demo role, follows the links
// of the menu and the pages, and submits every form it is shown with its
// prefilled values: the UI shows an action only where the policy allows it
// for this user and this object, so none may answer 403 (or 404, 405, 500).
// A form answering 409 on a freshly loaded page is a form shown in a state
// where it cannot succeed, a dead end too.
func TestEveryShownFormIsAllowed(t *testing.T) {
	start := time.Now()
	e := newWalkEnv(t)
	t.Logf("demo loaded in %v", time.Since(start).Round(time.Millisecond))
	for _, login := range walkLogins {
		t.Run(login, func(t *testing.T) {
			w := newWalker(t, e, login)
			w.run()
			for _, p := range w.problems {
				t.Error(p)
			}
			t.Logf("%s: %d pages, %d forms submitted (%v)", login, len(w.seen), w.submitted, w.statuses)
		})
	}
	t.Logf("walk took %v", time.Since(start).Round(time.Millisecond))
}

// newWalkEnv starts the real handler tree at walkNow on SQLite with the
// demo ward and its programs loaded.
func newWalkEnv(t *testing.T) *env {
	t.Helper()
	db := storetest.OpenSQLite(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(db, log, t.TempDir())
	a.Now = func() time.Time { return walkNow }
	a.Password = auth.Params{Memory: 8 * 1024, Time: 1, Threads: 1}
	if _, err := demo.Load(context.Background(), db, a.Password, walkNow); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadPrograms(context.Background(), a, walkNow); err != nil {
		t.Fatal(err)
	}
	s, err := web.New(a, log, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &env{t: t, db: db, app: a, srv: srv}
}

type walker struct {
	t         *testing.T
	e         *env
	c         *http.Client
	login     string
	queue     []link
	seen      map[string]bool
	shapes    map[string]int
	forms     map[string]int // form signature → submissions
	submitted int
	statuses  map[int]int
	problems  []string
}

func newWalker(t *testing.T, e *env, login string) *walker {
	return &walker{t: t, e: e, c: e.login(login), login: login, queue: []link{{path: "/"}, {path: "/search"}}, // /search: linked from the menu at merge (issue 12)
		seen: map[string]bool{}, shapes: map[string]int{}, forms: map[string]int{}, statuses: map[int]int{}}
}

func (w *walker) problem(format string, args ...any) {
	w.problems = append(w.problems, fmt.Sprintf(format, args...))
}

// run visits pages breadth-first; on each page it submits the page's forms,
// reloading the page before each one so every form carries current values.
func (w *walker) run() {
	for len(w.queue) > 0 && len(w.seen) < walkMaxPages {
		path, from := w.queue[0].path, w.queue[0].from
		w.queue = w.queue[1:]
		if w.seen[path] {
			continue
		}
		shape := pathShape(path)
		limit, ok := walkShapeLimits[shape]
		if !ok {
			limit = walkMaxPerShape
		}
		if w.shapes[shape] >= limit {
			continue
		}
		w.seen[path] = true
		w.shapes[shape]++
		if testing.Verbose() {
			w.t.Logf("GET %s", path)
		}
		status, page := w.get(path)
		if status != http.StatusOK {
			// A link found before a form changed the page may be gone.
			if w.stillLinks(from, path) {
				w.problem("GET %s (linked from %s): %d", path, from, status)
			}
			continue
		}
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			w.problem("GET %s: %v", path, err)
			continue
		}
		w.checkPage(path, doc)
		for _, href := range links(doc) {
			if !w.seen[href] && followable(href) {
				w.queue = append(w.queue, link{href, path})
			}
		}
		for i, f := range postForms(doc) {
			if f.action == "/logout" || w.forms[f.signature()] >= walkMaxPerSubmit {
				continue
			}
			// Reload: an earlier submission may have changed the page.
			status, page := w.get(path)
			if status != http.StatusOK {
				break
			}
			doc, _ := html.Parse(strings.NewReader(page))
			forms := postForms(doc)
			if i >= len(forms) || forms[i].signature() != f.signature() {
				continue
			}
			w.submit(path, forms[i])
		}
	}
}

// link is a page to visit and the page that linked to it ("" for the
// start and for where a form led).
type link struct{ path, from string }

// stillLinks reports whether page from (still) links to path.
func (w *walker) stillLinks(from, path string) bool {
	if from == "" {
		return true
	}
	status, page := w.get(from)
	if status != http.StatusOK {
		return true
	}
	doc, _ := html.Parse(strings.NewReader(page))
	for _, href := range links(doc) {
		if href == path {
			return true
		}
	}
	return false
}

// get loads a page; when an earlier form ended the session (an account
// change ends its sessions), it signs in again first.
func (w *walker) get(path string) (int, string) {
	res, err := w.c.Get(w.e.srv.URL + path)
	if err != nil {
		w.t.Fatal(err)
	}
	page := body(res)
	if res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login") {
		w.t.Logf("%s: signed out before GET %s; signing in again", w.login, path)
		w.c = w.e.login(w.login)
		return w.e.get(w.c, path)
	}
	return res.StatusCode, page
}

// checkPage asserts what a page must never show: a progress report form on
// an item that is finished (done or waiting for its evaluation).
func (w *walker) checkPage(path string, doc *html.Node) {
	if !strings.HasPrefix(path, "/items/") {
		return
	}
	status := text(byID(doc, "item-status"))
	finished := strings.Contains(status, "Hoàn thành") || strings.Contains(status, "Chờ đánh giá") || strings.Contains(status, "Đã hủy")
	for _, id := range []string{"progress-form", "completion-form", "extension-form"} {
		if finished && byID(doc, id) != nil {
			w.problem("%s (%s) shows %s", path, status, id)
		}
	}
}

// submit posts one form with its prefilled values.
func (w *walker) submit(page string, f form) {
	sig := f.signature()
	w.forms[sig]++
	var req *http.Request
	if f.multipart {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for _, kv := range f.fields {
			mw.WriteField(kv[0], kv[1])
		}
		for _, name := range f.files {
			fw, _ := mw.CreateFormFile(name, "bao-cao.pdf")
			fw.Write([]byte("%PDF-1.4\n% thử nghiệm\n%%EOF\n"))
		}
		mw.Close()
		req, _ = http.NewRequest("POST", w.e.srv.URL+f.action, &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
	} else {
		vals := url.Values{}
		for _, kv := range f.fields {
			vals.Add(kv[0], kv[1])
		}
		req, _ = http.NewRequest("POST", w.e.srv.URL+f.action, strings.NewReader(vals.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := w.c.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	answer := body(res)
	if testing.Verbose() {
		w.t.Logf("POST %s (%s) %v → %d %s%s", f.action, page, f.fields, res.StatusCode, res.Header.Get("Location"), fieldErrors(answer))
	}
	w.submitted++
	w.statuses[res.StatusCode]++
	switch res.StatusCode {
	case http.StatusSeeOther, http.StatusBadRequest, http.StatusRequestEntityTooLarge:
	case http.StatusConflict:
		w.problem("%s: form %s answers 409 (shown where it cannot succeed): %s", page, sig, flashError(answer))
	default:
		w.problem("%s: form %s answers %d: %s", page, sig, res.StatusCode, flashError(answer))
	}
	if loc := res.Header.Get("Location"); res.StatusCode == http.StatusSeeOther && followable(loc) && !w.seen[loc] {
		w.queue = append(w.queue, link{path: loc})
	}
}

var fieldError = regexp.MustCompile(`<span class="field-error"[^>]*>(.*?)</span>`)

// fieldErrors lists the messages beside the fields of a refused form.
func fieldErrors(page string) string {
	var out []string
	for _, m := range fieldError.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	if msg := flashError(page); msg != "" && len(out) == 0 {
		out = append(out, msg)
	}
	if len(out) == 0 {
		return ""
	}
	return " " + strings.Join(out, "; ")
}

var (
	errorFlash = regexp.MustCompile(`(?s)<p class="flash error"[^>]*>(.*?)</p>`)
	errorTitle = regexp.MustCompile(`(?s)<h1>(.*?)</h1>`)
)

// flashError is the message a refused form shows, for the test's report.
func flashError(page string) string {
	for _, re := range []*regexp.Regexp{errorFlash, errorTitle} {
		if m := re.FindStringSubmatch(page); m != nil {
			return strings.TrimSpace(m[1])
		}
	}
	return ""
}

var (
	numSeg   = regexp.MustCompile(`/\d+(/|$)`)
	weekSeg  = regexp.MustCompile(`/\d{4}-W\d{2}`)
	monthSeg = regexp.MustCompile(`/\d{4}-\d{2}(/|$)`)
)

// pathShape names a page by its route: "/items/{id}", "/schedule/{week}".
func pathShape(p string) string {
	p, q, _ := strings.Cut(p, "?")
	p = weekSeg.ReplaceAllString(p, "/{week}")
	p = monthSeg.ReplaceAllString(p, "/{month}$1")
	for numSeg.MatchString(p) {
		p = numSeg.ReplaceAllString(p, "/{id}$1")
	}
	if q != "" {
		keys := []string{}
		for _, kv := range strings.Split(q, "&") {
			k, _, _ := strings.Cut(kv, "=")
			keys = append(keys, k)
		}
		sort.Strings(keys)
		p += "?" + strings.Join(keys, "&")
	}
	return p
}

// followable tells the pages the walk visits: the app's own HTML pages,
// not files, exports, feeds or the lobby screens.
func followable(href string) bool {
	if !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "//") {
		return false
	}
	p, _, _ := strings.Cut(href, "?")
	for _, prefix := range []string{"/static/", "/files/", "/event-files/", "/display/", "/ics/", "/api/"} {
		if strings.HasPrefix(p, prefix) {
			return false
		}
	}
	for _, ext := range []string{".docx", ".pdf", ".xlsx", ".ics"} {
		if strings.HasSuffix(p, ext) {
			return false
		}
	}
	return true
}

// form is a <form method="post"> as a browser would submit it unchanged.
type form struct {
	action    string
	multipart bool
	fields    [][2]string
	files     []string
}

// signature names a kind of form: its route and the values that choose
// what it does (action, step, decision), not the object it acts on.
func (f form) signature() string {
	var names []string
	for _, kv := range f.fields {
		switch kv[0] {
		case "action", "step", "decision", "amend_kind":
			names = append(names, kv[0]+"="+kv[1])
		}
	}
	sort.Strings(names)
	return pathShape(f.action) + "[" + strings.Join(names, ",") + "]"
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func walkNodes(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walkNodes(c, fn)
	}
}

func byID(doc *html.Node, id string) *html.Node {
	var found *html.Node
	walkNodes(doc, func(n *html.Node) {
		if found == nil && n.Type == html.ElementNode {
			if v, _ := attr(n, "id"); v == id {
				found = n
			}
		}
	})
	return found
}

func text(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	walkNodes(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return b.String()
}

func links(doc *html.Node) []string {
	var out []string
	walkNodes(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" {
			if h, ok := attr(n, "href"); ok {
				h, _, _ = strings.Cut(h, "#")
				if h != "" {
					out = append(out, h)
				}
			}
		}
	})
	return out
}

// postForms reads every <form method="post"> of a page with the values a
// browser would send: prefilled values, checked boxes, the selected (or
// first) option, the first submit button; empty text fields get a
// plausible value by their name.
func postForms(doc *html.Node) []form {
	var out []form
	walkNodes(doc, func(n *html.Node) {
		if n.Type != html.ElementNode || n.Data != "form" {
			return
		}
		if m, _ := attr(n, "method"); !strings.EqualFold(m, "post") {
			return
		}
		action, _ := attr(n, "action")
		enc, _ := attr(n, "enctype")
		f := form{action: action, multipart: enc == "multipart/form-data"}
		radios := map[string]string{}
		var radioNames []string
		button := false
		walkNodes(n, func(c *html.Node) {
			if c.Type != html.ElementNode {
				return
			}
			name, _ := attr(c, "name")
			switch c.Data {
			case "input":
				typ, _ := attr(c, "type")
				val, _ := attr(c, "value")
				_, checked := attr(c, "checked")
				switch typ {
				case "checkbox":
					if checked && name != "" {
						f.fields = append(f.fields, [2]string{name, val})
					}
				case "radio":
					// The checked one, else the first of the group.
					if name == "" {
						return
					}
					if _, ok := radios[name]; !ok {
						radioNames = append(radioNames, name)
						radios[name] = val
					}
					if checked {
						radios[name] = val
					}
				case "file":
					if name != "" {
						f.files = append(f.files, name)
					}
				case "submit":
					if !button && name != "" {
						f.fields = append(f.fields, [2]string{name, val})
					}
					button = true
				case "password":
					// Passwords are not guessed; only a new account gets one.
					if name == "password" && f.action == "/admin/users" {
						f.fields = append(f.fields, [2]string{name, "mat-khau-thu-nghiem"})
					} else if name != "" {
						f.fields = append(f.fields, [2]string{name, val})
					}
				default:
					if name == "" {
						return
					}
					if val == "" && typ != "hidden" {
						val = plausible(f.action, name, typ)
					}
					f.fields = append(f.fields, [2]string{name, val})
				}
			case "textarea":
				if name == "" {
					return
				}
				val := text(c)
				if val == "" {
					val = plausible(f.action, name, "textarea")
				}
				f.fields = append(f.fields, [2]string{name, val})
			case "select":
				if name == "" {
					return
				}
				_, multiple := attr(c, "multiple")
				var first, firstNonEmpty *string
				chosen := false
				walkNodes(c, func(o *html.Node) {
					if o.Type != html.ElementNode || o.Data != "option" {
						return
					}
					val, ok := attr(o, "value")
					if !ok {
						val = strings.TrimSpace(text(o))
					}
					if _, sel := attr(o, "selected"); sel && (multiple || !chosen) {
						f.fields = append(f.fields, [2]string{name, val})
						chosen = true
					}
					if first == nil {
						first = &val
					}
					if firstNonEmpty == nil && val != "" && val != "0" {
						firstNonEmpty = &val
					}
				})
				if !chosen && !multiple {
					if firstNonEmpty != nil {
						f.fields = append(f.fields, [2]string{name, *firstNonEmpty})
					} else if first != nil {
						f.fields = append(f.fields, [2]string{name, *first})
					}
				}
			case "button":
				typ, _ := attr(c, "type")
				if typ != "" && typ != "submit" {
					return
				}
				if !button && name != "" {
					val, _ := attr(c, "value")
					f.fields = append(f.fields, [2]string{name, val})
				}
				button = true
			}
		})
		for _, name := range radioNames {
			f.fields = append(f.fields, [2]string{name, radios[name]})
		}
		out = append(out, f)
	})
	return out
}

// optionalFields stay empty when the page leaves them empty: filling them
// with made-up text would only make the form invalid.
var optionalFields = map[string]bool{
	"program_item_id": true, "room_override_reason": true, "urgent_reason": true, "guests": true, "source_ref": true,
	"description": true, "quality_criteria": true, "email": true, "phone": true, "q": true, "ins_title": true,
	"ins_due": true, "ins_product": true, "new_password": true, "current_password": true, "confirm": true,
	"percent": true, "sort_order": true,
}

var walkSerial int

var programMonth = regexp.MustCompile(`^/programs/(\d{4})-(\d{2})/`)

// plausible is a value a user would type into an empty field of the form
// posting to action: a date falls in the month of the program it is for.
func plausible(action, name, typ string) string {
	base := name[strings.LastIndex(name, ".")+1:]
	if optionalFields[base] {
		return ""
	}
	walkSerial++
	year, month := "2026", "11"
	if m := programMonth.FindStringSubmatch(action); m != nil {
		year, month = m[1], m[2]
	}
	switch {
	case typ == "date":
		return year + "-" + month + "-26"
	case strings.Contains(base, "date") || strings.HasSuffix(base, "_on") || strings.Contains(base, "due"):
		return "26/" + month + "/" + year
	case base == "start" || typ == "time":
		return "08:00"
	case base == "end":
		return "10:00"
	case typ == "number":
		return "1"
	case base == "login":
		return fmt.Sprintf("thunghiem%d", walkSerial)
	case base == "code":
		return fmt.Sprintf("TN%d", walkSerial)
	case typ == "email":
		return "thu.nghiem@hoabinh.gov.vn"
	}
	return fmt.Sprintf("Nội dung thử nghiệm %d", walkSerial)
}
