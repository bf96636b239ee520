package e2e

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestProvinceJourney is issue 13's province in the browser: a deployment
// of three wards and a province admin made on the command line; the admin
// signs in as "Tài khoản cấp tỉnh", lands on the overview of the wards,
// goes back to November, opens Hòa Bình's 12-month trend and its items
// (read-only), downloads the overview as Excel, and is refused a ward's
// own program page; a ward's Office is refused the overview.
func TestProvinceJourney(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"demo", "--data", dir, "--wards", "3", "--clock", clock},
		{"user", "add", "--data", dir, "--login", "tinh", "--role", "province_admin", "--password", "tinh-quan-tri-2026"},
	} {
		if out, err := exec.Command(binary, args...).CombinedOutput(); err != nil {
			t.Fatalf("dieuhanh %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	srv := startServerIn(t, dir, nil)
	ctx := browser(t)

	step(t, ctx, "sign in as the province",
		chromedp.Navigate(srv.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#ward")),
		chromedp.SetValue(chromedp.CSS("#ward"), "province"),
		chromedp.SendKeys(chromedp.CSS("#login"), "tinh"),
		chromedp.SendKeys(chromedp.CSS("#password"), "tinh-quan-tri-2026"),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#overview")),
	)
	if loc := location(t, ctx); !strings.HasSuffix(loc, "/province") {
		t.Fatalf("the province admin landed on %s, want the overview", loc)
	}
	mustContain(t, text(t, ctx, "h1"), "Tổng quan các phường tháng 12/2026", "3 phường")
	mustContain(t, text(t, ctx, "#overview"), "Phường Hòa Bình", "Tỷ lệ đúng hạn")

	// November: Hòa Bình's program is issued, with its items counted.
	step(t, ctx, "November",
		chromedp.Click(chromedp.CSS(".monthnav a")),
		chromedp.WaitVisible(chromedp.CSS("#ward-hoabinh")),
	)
	mustContain(t, text(t, ctx, "h1"), "tháng 11/2026")
	row := text(t, ctx, "#ward-hoabinh")
	if cells := strings.Fields(row); len(cells) < 5 || cells[len(cells)-1] == "" {
		t.Fatalf("Hòa Bình's row: %q", row)
	}
	if items := text(t, ctx, "#ward-hoabinh td:nth-child(4)"); items == "0" || items == "" {
		t.Fatalf("Hòa Bình has %q items in November, want its issued program's", items)
	}

	// The overview as Excel, from the page's own link.
	export, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const x = new XMLHttpRequest();
		x.open('GET', document.querySelector('#export').href, false); x.send();
		return x.status + ' ' + x.getResponseHeader('content-type'); })()`))
	if err != nil || !strings.HasPrefix(export, "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") {
		t.Fatalf("the export answered %q (%v)", export, err)
	}

	// Drill down: the ward's trend and its month's items, read-only.
	step(t, ctx, "Hòa Bình's page",
		chromedp.Click(chromedp.CSS("#ward-hoabinh a")),
		chromedp.WaitVisible(chromedp.CSS("#trend")),
	)
	mustContain(t, text(t, ctx, "h1"), "Phường Hòa Bình", "mã hoabinh")
	var counts struct{ Months, Rows, Forms int }
	eval(t, ctx, `JSON.stringify({months: document.querySelectorAll('#trend tbody tr').length,
		rows: document.querySelectorAll('#items tbody tr').length,
		forms: document.querySelectorAll('main form[method=post]').length})`, &counts)
	months, rows, forms := counts.Months, counts.Rows, counts.Forms
	if months != 12 {
		t.Errorf("the trend has %d months, want 12", months)
	}
	if rows < 5 {
		t.Errorf("November's items: %d rows", rows)
	}
	if forms != 0 {
		t.Errorf("the ward's page for the province has %d forms that write", forms)
	}
	mustContain(t, text(t, ctx, "#items-title"), "Nội dung công việc tháng 11/2026")

	// A ward's own pages are not the province's.
	step(t, ctx, "a ward's program page",
		chromedp.Navigate(srv.URL+"/programs/2026-11"),
		chromedp.WaitReady(chromedp.CSS("main")),
	)
	mustContain(t, text(t, ctx, "main"), "Tài khoản cấp tỉnh không thực hiện công việc trong phường")
	step(t, ctx, "back to the overview", chromedp.Navigate(srv.URL+"/province"), chromedp.WaitVisible(chromedp.CSS("#overview")))
	logout(t, ctx)

	// And the overview is not a ward's.
	step(t, ctx, "sign in as Hòa Bình's Office",
		chromedp.WaitVisible(chromedp.CSS("#ward")),
		chromedp.SetValue(chromedp.CSS("#ward"), "hoabinh"),
		chromedp.SendKeys(chromedp.CSS("#login"), "vanphong"),
		chromedp.SendKeys(chromedp.CSS("#password"), demoPassword),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".hello")),
		chromedp.Navigate(srv.URL+"/province"),
		chromedp.WaitReady(chromedp.CSS("main")),
	)
	mustContain(t, text(t, ctx, "main"), "Chỉ tài khoản cấp tỉnh được xem tổng quan các phường.")
}
