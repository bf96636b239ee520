package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Daily use on an office PC (1366×900) and a phone (390×844): issue 11.

const (
	phoneW, phoneH = 390, 844
	pcW, pcH       = 1366, 900
)

// sizedBrowser is browser with a viewport of w×h (a phone: mobile and
// touch emulation) and the browser's language set to lang ("en-US": an
// English Chrome, which shows <input type=date> as mm/dd/yyyy).
func sizedBrowser(t *testing.T, w, h int64, lang string) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(int(w), int(h)),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
	}
	if lang != "" {
		opts = append(opts, chromedp.Flag("lang", lang), chromedp.Flag("accept-lang", lang))
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	var vp []chromedp.EmulateViewportOption
	if w < 700 {
		vp = append(vp, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	actions := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(w, h, vp...)}
	if lang != "" {
		actions = append(actions, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetLocaleOverride, emulation.SetLocaleOverrideParams{Locale: lang})
			return err
		}))
	}
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// eval runs a script returning JSON and decodes it into v.
func eval(t *testing.T, ctx context.Context, script string, v any) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	s, err := chromedp.Run(sctx, chromedp.Evaluate[string](script))
	if err != nil {
		t.Fatalf("eval: %v\n%s", err, script)
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("eval result %q: %v", s, err)
	}
}

// box is an element's place on the screen.
type box struct {
	Found                    bool
	Top, Bottom, Left, Right float64
	Visible                  bool
}

// boxOf measures the first element matching sel.
func boxOf(t *testing.T, ctx context.Context, sel string) box {
	t.Helper()
	var b box
	eval(t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return JSON.stringify({found: false});
		const r = e.getBoundingClientRect(); const st = getComputedStyle(e);
		return JSON.stringify({found: true, top: r.top, bottom: r.bottom, left: r.left, right: r.right,
			visible: r.width > 0 && r.height > 0 && st.visibility !== "hidden"}); })()`, sel), &b)
	return b
}

// noSideScroll fails when the page is wider than the screen.
func noSideScroll(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	var w struct{ Scroll, Inner float64 }
	eval(t, ctx, `JSON.stringify({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})`, &w)
	if w.Scroll > w.Inner+1 {
		t.Errorf("%s: the page is %.0f px wide on a %.0f px screen (horizontal scrolling)", page, w.Scroll, w.Inner)
	}
}

// onScreen fails unless sel is visible within the screen's width.
func onScreen(t *testing.T, ctx context.Context, page, sel string, width float64) {
	t.Helper()
	b := boxOf(t, ctx, sel)
	if !b.Found || !b.Visible || b.Left < 0 || b.Right > width+1 {
		t.Errorf("%s: %s is not on screen: %+v", page, sel, b)
	}
}

// TestPhoneLayout: on a 390×844 phone the header is a short bar with the
// bell and a menu button that opens without JavaScript; the month's
// program shows each item's deadline and status and the week its days
// (today first) without horizontal scrolling.
func TestPhoneLayout(t *testing.T) {
	srv := startServer(t)
	ctx := sizedBrowser(t, phoneW, phoneH, "")
	signIn(t, ctx, srv.URL, "vanphong", demoPassword)

	bar := boxOf(t, ctx, ".topbar")
	if h := bar.Bottom - bar.Top; h <= 0 || h >= 0.15*phoneH {
		t.Errorf("header is %.0f px high on a %d px phone, want under 15%%", h, phoneH)
	}
	onScreen(t, ctx, "home", "#bell", phoneW)
	if b := boxOf(t, ctx, ".mainnav"); b.Visible {
		t.Error("the full menu bar still shows on a phone")
	}
	// The menu button is a <details>: it opens with a tap, no script needed.
	step(t, ctx, "open the phone menu",
		chromedp.Click(chromedp.CSS("#phonemenu summary")),
		chromedp.WaitVisible(chromedp.CSS(`#phonemenu nav a[href^="/schedule"]`)),
	)
	step(t, ctx, "go to the week from the phone menu",
		chromedp.Click(chromedp.CSS(`#phonemenu nav a[href^="/schedule"]`)),
		chromedp.WaitVisible(chromedp.CSS("#schedule-state")),
	)
	noSideScroll(t, ctx, "the week the menu opens")
	// The menu opens the week waiting for the Office; today is in this one.
	step(t, ctx, "this week", chromedp.Navigate(srv.URL+"/schedule"), chromedp.WaitVisible(chromedp.CSS("#schedule-state")))
	noSideScroll(t, ctx, "week")
	onScreen(t, ctx, "week", "#schedule-state", phoneW)
	onScreen(t, ctx, "week", "tbody.today td.day", phoneW)
	// Today's day comes first, above Monday's.
	today, first := boxOf(t, ctx, "tbody.today"), boxOf(t, ctx, "table.schedule tbody:not(.today)")
	if !today.Found || !first.Found || today.Top > first.Top {
		t.Errorf("today is not first on the phone's week: today %+v, other day %+v", today, first)
	}
	step(t, ctx, "Hôm nay", chromedp.Click(chromedp.CSS("#show-today")), chromedp.WaitVisible(chromedp.CSS("#show-week")))
	var days int
	eval(t, ctx, `JSON.stringify(document.querySelectorAll("table.schedule tbody").length)`, &days)
	if days != 1 {
		t.Errorf("'Hôm nay' shows %d days", days)
	}

	month := clockStart(t).Format("2006-01")
	step(t, ctx, "month program", chromedp.Navigate(srv.URL+"/programs/"+month), chromedp.WaitVisible(chromedp.CSS("#program-items")))
	noSideScroll(t, ctx, "month program")
	onScreen(t, ctx, "month program", "#program-items tr[id^=item-] .deadline", phoneW)
	onScreen(t, ctx, "month program", "#program-items tr[id^=item-] .badge", phoneW)
	onScreen(t, ctx, "month program", "#program-items tr[id^=item-] progress", phoneW)
}

// demoLogins are the demo ward's accounts, one per role and more.
var demoLogins = []string{"admin", "chutich", "pct.kinhte", "pct.vanhoa", "vanphong", "truongphong.kt", "truongphong.vhxh",
	"chuyenvien.kt", "giamdoc.ttpvhcc", "congan"}

// TestMenuOneLine: at 1366 px the main menu fits one line for every role.
func TestMenuOneLine(t *testing.T) {
	srv := startServer(t)
	ctx := sizedBrowser(t, pcW, pcH, "")
	for _, who := range demoLogins {
		login(t, ctx, srv.URL, who, demoPassword)
		step(t, ctx, "home of "+who, chromedp.WaitVisible(chromedp.CSS(".mainnav")))
		var m struct {
			N, Tops    int
			Over       bool
			Right, Bar float64
		}
		eval(t, ctx, `(() => { const items = [...document.querySelectorAll(".mainnav > a, .mainnav > details > summary, .who > *")];
			const nav = document.querySelector(".mainnav"), bar = document.querySelector(".topbar");
			return JSON.stringify({n: items.length, tops: new Set(items.map(e => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2))).size,
				over: nav.scrollWidth > nav.clientWidth + 1, right: Math.max(...items.map(e => e.getBoundingClientRect().right)),
				bar: bar.getBoundingClientRect().height}); })()`, &m)
		if m.N < 2 || m.Tops != 1 || m.Over || m.Right > pcW || m.Bar > 64 {
			t.Errorf("%s: the menu does not fit one line at %d px: %+v", who, pcW, m)
		}
		logout(t, ctx)
	}
}

// TestDatesAndPicking: under an English browser a date typed as 07/12/2026
// is 7 December, the time is 24-hour, and a participant is chosen with a
// tap on a checkbox (found by typing the name), no Ctrl key.
func TestDatesAndPicking(t *testing.T) {
	srv := startServer(t)
	ctx := sizedBrowser(t, pcW, pcH, "en-US")
	signIn(t, ctx, srv.URL, "truongphong.vhxh", demoPassword)
	title := "Làm việc với Ban quản lý chợ về kế hoạch Tết"
	step(t, ctx, "propose an entry for Monday 07/12/2026",
		chromedp.Navigate(srv.URL+"/schedule/2026-W50/events/new"),
		chromedp.WaitVisible(chromedp.CSS("#title")),
		chromedp.SendKeys(chromedp.CSS("#title"), title),
		chromedp.Evaluate[chromedp.Void](`for (const id of ["date", "start", "end"]) document.getElementById(id).value = ""`),
		chromedp.SendKeys(chromedp.CSS("#date"), "07/12/2026"),
		chromedp.SendKeys(chromedp.CSS("#start"), "14:00"),
		chromedp.SendKeys(chromedp.CSS("#end"), "16:30"),
		chromedp.SetValue(chromedp.CSS("#chair"), "3"),
		chromedp.SendKeys(chromedp.CSS("#venue"), "Chợ Bến Thành"),
		chromedp.WaitVisible(chromedp.CSS("#people-search")),
		chromedp.SendKeys(chromedp.CSS("#people-search"), "khanh"),
		chromedp.WaitVisible(chromedp.CSS(`#people label.pick:not([hidden]) input`)),
		chromedp.Click(chromedp.CSS(`#people label.pick:not([hidden]) input`)),
	)
	var picked []string
	eval(t, ctx, `JSON.stringify([...document.querySelectorAll('#people input:checked')].map(e => e.closest('label').textContent.trim()))`, &picked)
	if len(picked) != 1 || !strings.Contains(picked[0], "Ngô Văn Khánh") {
		t.Fatalf("picked %q, want Ngô Văn Khánh", picked)
	}
	step(t, ctx, "save", chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#checklist")))
	mustContain(t, text(t, ctx, "main"), title, "Ngô Văn Khánh")
	eventURL := location(t, ctx)
	step(t, ctx, "edit", chromedp.Navigate(eventURL+"/edit"), chromedp.WaitVisible(chromedp.CSS("#date")))
	var f struct{ Date, Start, End string }
	eval(t, ctx, `JSON.stringify({date: document.querySelector('#date').value, start: document.querySelector('#start').value, end: document.querySelector('#end').value})`, &f)
	if f.Date != "07/12/2026" || f.Start != "14:00" || f.End != "16:30" {
		t.Errorf("stored as %+v, want 07/12/2026 14:00–16:30", f)
	}
	// A date that does not exist is named beside its field; nothing saved.
	step(t, ctx, "a wrong date",
		chromedp.SetValue(chromedp.CSS("#date"), "31/02/2026"),
		chromedp.Click(chromedp.CSS("#save")),
		chromedp.WaitVisible(chromedp.CSS(".field-error")),
	)
	mustContain(t, text(t, ctx, "main"), "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy")
}

// TestNoDeadEnds: an unknown address shows the Vietnamese 404 with the
// menu, "Quay lại" returns to the page the user came from, and an item's
// history shows no JSON.
func TestNoDeadEnds(t *testing.T) {
	srv := startServer(t)
	ctx := sizedBrowser(t, pcW, pcH, "")
	signIn(t, ctx, srv.URL, "vanphong", demoPassword)
	step(t, ctx, "from the calendar to a wrong address",
		chromedp.Navigate(srv.URL+"/calendar"),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
		chromedp.Evaluate[chromedp.Void](`location.href = "/chuong-trinh-cu/khong-co"`),
		chromedp.WaitVisible(chromedp.CSS("#back")),
	)
	mustContain(t, text(t, ctx, "main"), "Không tìm thấy trang", "Về trang chủ")
	if b := boxOf(t, ctx, ".mainnav"); !b.Visible {
		t.Error("the 404 page has no menu")
	}
	step(t, ctx, "Quay lại", chromedp.Click(chromedp.CSS("#back")), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if loc := location(t, ctx); !strings.HasSuffix(loc, "/calendar") {
		t.Errorf("'Quay lại' went to %s, want /calendar", loc)
	}

	// The items of last month (completed, reported, evaluated) have a history.
	last := clockStart(t).AddDate(0, -1, 0).Format("2006-01")
	step(t, ctx, "last month", chromedp.Navigate(srv.URL+"/programs/"+last), chromedp.WaitVisible(chromedp.CSS("#program-items")))
	var links []string
	eval(t, ctx, `JSON.stringify([...document.querySelectorAll('#program-items tr[id^=item-] td.title a')].slice(0, 4).map(a => a.href))`, &links)
	if len(links) == 0 {
		t.Fatal("no items last month")
	}
	changes := 0
	for _, l := range links {
		step(t, ctx, "item", chromedp.Navigate(l), chromedp.WaitVisible(chromedp.CSS("#audit")))
		h := text(t, ctx, "#audit")
		if strings.ContainsAny(h, "{}") || strings.Contains(h, "T07:00:00Z") {
			t.Errorf("%s: the history shows JSON:\n%s", l, h)
		}
		if m := text(t, ctx, "main"); strings.Contains(m, "{") {
			t.Errorf("%s: the page shows a brace", l)
		}
		changes += strings.Count(h, "Trước")
	}
	if changes == 0 {
		t.Error("no change listed with before → after in the items' histories")
	}
	step(t, ctx, "audit log", chromedp.Navigate(srv.URL+"/audit"), chromedp.WaitVisible(chromedp.CSS("#audit-log")))
	if h := text(t, ctx, "#audit-log"); strings.ContainsAny(h, "{}") {
		t.Errorf("the audit log shows JSON:\n%.2000s", h)
	}
}

// TestScreenshots saves the main pages at both sizes into the directory
// named by DIEUHANH_SCREENSHOTS (scripts/screenshots.sh); without it the
// test has nothing to do.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("DIEUHANH_SCREENSHOTS")
	if dir == "" {
		t.Skip("DIEUHANH_SCREENSHOTS names the directory for the screenshots (scripts/screenshots.sh)")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	srv := startServer(t)
	now := clockStart(t)
	month, last := now.Format("2006-01"), now.AddDate(0, -1, 0).Format("2006-01")
	// pick, when set, is a link on path's page to follow for the shot.
	pages := []struct{ who, name, path, pick string }{
		{"vanphong", "home", "/", ""},
		{"vanphong", "item", "/programs/" + last, "#program-items tr[id^=item-] td.title a"},
		{"vanphong", "register", "/programs/" + now.AddDate(0, 1, 0).Format("2006-01") + "/register", ""},
		{"vanphong", "lobby", "/rooms", "a.display-link"},
		{"vanphong", "program", "/programs/" + month, ""},
		{"vanphong", "program-last-month", "/programs/" + last, ""},
		{"vanphong", "week", "/schedule", ""},
		{"vanphong", "event-new", "/schedule/2026-W50/events/new", ""},
		{"vanphong", "audit", "/audit", ""},
		{"vanphong", "notifications", "/notifications", ""},
		{"vanphong", "rooms", "/rooms", ""},
		{"vanphong", "not-found", "/khong-co-trang-nay", ""},
		{"truongphong.kt", "unit-items", "/", ""},
		{"truongphong.kt", "my-schedule", "/my/schedule", ""},
		{"chutich", "home-chairman", "/", ""},
		{"chutich", "scorecards", "/scorecards/" + last, ""},
		{"vanphong", "documents", "/documents", ""},
		{"vanphong", "document", "/documents", "#register tbody a"},
		{"truongphong.kt", "documents-inbox", "/documents/inbox", ""},
		{"vanphong", "incoming", "/incoming", ""},
		{"vanphong", "search", "/search?status=in_progress_overdue", ""},
	}
	for _, size := range []struct {
		name string
		w, h int64
	}{{"phone", phoneW, phoneH}, {"pc", pcW, pcH}, {"tv", 1920, 1080}} {
		ctx := sizedBrowser(t, size.w, size.h, "")
		who := ""
		for _, p := range pages {
			if size.name == "tv" && p.name != "lobby" {
				continue // the lobby screen's own size
			}
			if p.who != who {
				if who != "" {
					step(t, ctx, "logout", chromedp.Evaluate[chromedp.Void](`fetch("/logout", {method: "POST"}).then(() => true)`, chromedp.EvalAwaitPromise))
				}
				signIn(t, ctx, srv.URL, p.who, demoPassword)
				who = p.who
			}
			path := p.path
			if p.name == "unit-items" {
				// The menu's link: the unit of whoever is signed in.
				eval(t, ctx, `JSON.stringify((document.querySelector('nav a[href^="/search?"][href*="coordinating=true"]') || {getAttribute: () => "/"}).getAttribute('href'))`, &path)
			}
			if p.pick != "" {
				step(t, ctx, p.name+" link", chromedp.Navigate(srv.URL+path), chromedp.WaitReady(chromedp.CSS("body")))
				eval(t, ctx, fmt.Sprintf(`JSON.stringify((document.querySelector(%q) || {getAttribute: () => "/"}).getAttribute('href'))`, p.pick), &path)
			}
			step(t, ctx, p.name, chromedp.Navigate(srv.URL+path), chromedp.WaitReady(chromedp.CSS("body")))
			// The whole page: the viewport grows to the page's height (at most
			// 8000 px) for the capture, then returns to the screen's size.
			var height int64
			eval(t, ctx, `JSON.stringify(Math.min(8000, document.documentElement.scrollHeight))`, &height)
			var vp []chromedp.EmulateViewportOption
			if size.w < 700 {
				vp = append(vp, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
			}
			if height < size.h {
				height = size.h
			}
			step(t, ctx, "grow", chromedp.EmulateViewport(size.w, height, vp...))
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			step(t, ctx, "shrink", chromedp.EmulateViewport(size.w, size.h, vp...))
			if err != nil {
				t.Fatalf("%s: %v", p.name, err)
			}
			if err := os.WriteFile(filepath.Join(dir, size.name+"-"+p.name+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("screenshots in %s", dir)
}

// TestOfficeScreensLineUp: the rooms page's headings stand over their
// fields, the week's action buttons share one line, and the lobby screen
// fits 1920×1080 (paging through what does not fit).
func TestOfficeScreensLineUp(t *testing.T) {
	srv := startServer(t)
	ctx := sizedBrowser(t, pcW, pcH, "")
	signIn(t, ctx, srv.URL, "vanphong", demoPassword)
	step(t, ctx, "rooms", chromedp.Navigate(srv.URL+"/rooms"), chromedp.WaitVisible(chromedp.CSS("#rooms")))
	var cols []struct{ Head, Field float64 }
	eval(t, ctx, `JSON.stringify((() => { const head = [...document.querySelectorAll('#rooms .roomrow.head > span')];
		const row = document.querySelector('#rooms form.roomrow'); if (!row) return [];
		const cells = [...row.querySelectorAll('[role=cell]')];
		return head.map((h, i) => ({head: h.getBoundingClientRect().left, field: cells[i] ? cells[i].getBoundingClientRect().left : -1})); })())`, &cols)
	if len(cols) != 4 {
		t.Fatalf("rooms: %d columns", len(cols))
	}
	for i, c := range cols {
		if d := c.Head - c.Field; d > 2 || d < -2 {
			t.Errorf("rooms column %d: heading at %.0f px, field at %.0f px", i, c.Head, c.Field)
		}
	}
	step(t, ctx, "next week", chromedp.Navigate(srv.URL+"/schedule/2026-W50"), chromedp.WaitVisible(chromedp.CSS("#act-consolidate")))
	var tops []float64
	eval(t, ctx, `JSON.stringify([...document.querySelectorAll('.schedule-actions > a.button, .schedule-actions > form.inl > button')].map(b => Math.round(b.getBoundingClientRect().top)))`, &tops)
	for _, top := range tops {
		if len(tops) < 2 || top != tops[0] {
			t.Errorf("the week's buttons do not line up: %v", tops)
			break
		}
	}
	// The lobby screen, from a new display link.
	step(t, ctx, "display link",
		chromedp.Navigate(srv.URL+"/rooms"),
		chromedp.SendKeys(chromedp.CSS("#display-name"), "Sảnh tầng 1"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#display-name').form.submit()`),
		chromedp.WaitVisible(chromedp.CSS("a.display-link")),
	)
	// Read through a query that waits for the node: right after the form's
	// redirect the document may still be the one being replaced (a loaded
	// machine saw WaitVisible pass and the next query find nothing).
	attr, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("a.display-link"), "href"))
	if err != nil || !attr.Exists {
		t.Fatalf("display link: %v", err)
	}
	link := srv.URL + attr.Value
	lobby := sizedBrowser(t, 1920, 1080, "")
	for page := 1; page <= 6; page++ {
		step(t, lobby, "lobby", chromedp.Navigate(fmt.Sprintf("%s?page=%d", link, page)), chromedp.WaitVisible(chromedp.CSS("h1")))
		var m struct{ Height, Pages float64 }
		eval(t, lobby, `JSON.stringify({height: document.documentElement.scrollHeight,
			pages: Number(((document.querySelector('#lobby-page') || {}).textContent || '1/1').split('/')[1])})`, &m)
		if m.Height > 1080 {
			t.Errorf("lobby page %d is %.0f px high on a 1080 px screen", page, m.Height)
		}
		if float64(page) >= m.Pages {
			break
		}
	}
}
