package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestRemediationJourney is seed ¶2–4 in the browser: on 01/12/2026 the
// economy department's December obligation is open (items that went overdue
// after November's due date, recorded by the sweep); its head sees it on
// the home page's to-do list and in the menu, writes the cause, solutions
// and result of each item and files it, the Office records receipt, the
// Vice Chairman in charge accepts it, and the Chairman's dashboard and the
// month's scorecard show the report accepted and filed on time. The pages
// fit a 390 px phone without sideways scrolling.
func TestRemediationJourney(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)
	signIn := func(user string) {
		t.Helper()
		login(t, ctx, srv.URL, user, demoPassword)
		step(t, ctx, "home of "+user, chromedp.WaitVisible(chromedp.CSS(".hello")))
	}

	signIn("truongphong.kt")
	mustContain(t, text(t, ctx, "#todo"), "báo cáo khắc phục tháng 12 năm 2026")
	// November's report, never filed, may be on the list too: open December's.
	step(t, ctx, "the obligation is on the home page's to-do list",
		chromedp.Click(chromedp.Search(`//*[@id="todo"]//li[@data-kind="remediation_file"][contains(., "tháng 12 năm 2026")]/a`)),
		chromedp.WaitVisible(chromedp.CSS("#report-form")),
	)
	fromHome := location(t, ctx)
	step(t, ctx, "open the unit's reports from the menu",
		// The entry may sit under "Thêm" (the bar keeps one line).
		chromedp.Evaluate[chromedp.Void](`(() => { const a = document.querySelector('.mainnav a[href="/remediations"]'); const d = a && a.closest('details'); if (d) d.open = true; })()`),
		chromedp.Click(chromedp.CSS(`.mainnav a[href="/remediations"]`)),
		chromedp.WaitVisible(chromedp.CSS("#remediations")),
	)
	mustContain(t, text(t, ctx, "#unit-KTHTDT"), "Phải báo cáo", "Thứ Năm, 24/12/2026")
	step(t, ctx, "open the obligation",
		chromedp.Click(chromedp.CSS(`#unit-KTHTDT a`)),
		chromedp.WaitVisible(chromedp.CSS("#report-form")),
	)
	page := location(t, ctx)
	if page != fromHome {
		t.Fatalf("the home page's line opens %s, the list %s", fromHome, page)
	}
	fits(t, ctx, "the report form", page)
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("fieldset[id^=entry-form-]").length`))
	if err != nil || n == 0 {
		t.Fatalf("%d entries in the form: %v", n, err)
	}
	for i := range n {
		id := "#e" + strconv.Itoa(i)
		step(t, ctx, "write entry "+strconv.Itoa(i+1),
			chromedp.Click(chromedp.CSS(id+"-subjective")),
			chromedp.SendKeys(chromedp.CSS(id+"-cause"), "Chuyên viên phụ trách đồng thời làm nhiều việc; chưa theo dõi sát tiến độ."),
			chromedp.SendKeys(chromedp.CSS(id+"-solutions"), "Phân công lại nhiệm vụ; lãnh đạo phòng kiểm tra hằng tuần."),
			chromedp.SendKeys(chromedp.CSS(id+"-result"), "Đã hoàn thành phần lớn khối lượng."),
		)
	}
	step(t, ctx, "file the report",
		chromedp.SendKeys(chromedp.CSS("#responsibility"), "Trưởng phòng chịu trách nhiệm trước Chủ tịch UBND phường."),
		chromedp.Click(chromedp.CSS("#file-report")),
		chromedp.WaitVisible(chromedp.CSS(".flash.ok")),
	)
	mustContain(t, text(t, ctx, "#remediation-state"), "Đã nộp, chờ xem xét", "chờ Văn phòng ghi nhận")
	mustContain(t, text(t, ctx, "#remediation-number"), "/BC-KTHTDT", "01/12/2026", "Bùi Quang Vinh")
	logout(t, ctx)

	signIn("vanphong")
	step(t, ctx, "the Office records receipt",
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS("#receipt-form")),
		chromedp.Click(chromedp.CSS("#receive")),
		chromedp.WaitVisible(chromedp.CSS(".flash.ok")),
	)
	mustContain(t, text(t, ctx, "#remediation-state"), "Văn phòng đã nhận, chờ lãnh đạo xem xét")
	logout(t, ctx)

	signIn("pct.kinhte")
	step(t, ctx, "the Vice Chairman accepts",
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS("#decision-form")),
		chromedp.Click(chromedp.CSS("#decision-accept")),
		chromedp.Click(chromedp.CSS("#decide")),
		chromedp.WaitVisible(chromedp.CSS(".flash.ok")),
	)
	mustContain(t, text(t, ctx, "#remediation-state"), "Đã được chấp nhận")
	mustContain(t, text(t, ctx, "#history"), "Nộp báo cáo khắc phục tháng 12 năm 2026", "Văn phòng ghi nhận đã nhận báo cáo",
		"Trần Minh Tuấn: Chấp nhận báo cáo khắc phục")
	fits(t, ctx, "the accepted report", page)
	fits(t, ctx, "the month's list", srv.URL+"/remediations")
	logout(t, ctx)

	// The Chairman sees it: the ward at a glance on the home page keeps the
	// department's most urgent obligation in front (November's report, never
	// filed), and the department's scorecard of December counts a report
	// filed on time.
	signIn("chutich")
	glance := text(t, ctx, "#glance-table")
	row := ""
	for _, line := range strings.Split(glance, "\n") {
		if strings.Contains(line, "Phòng Kinh tế") {
			row = line
		}
	}
	mustContain(t, row, "Không nộp đúng hạn (tháng 11/2026)")
	step(t, ctx, "the month's scorecards",
		chromedp.Navigate(srv.URL+"/scorecards/2026-12"),
		chromedp.WaitVisible(chromedp.CSS("main")),
		chromedp.Click(chromedp.CSS(`a[href^="/scorecards/2026-12/units/"][data-unit="KTHTDT"]`)),
		chromedp.WaitVisible(chromedp.CSS("#counts")),
	)
	counts := text(t, ctx, "#counts")
	i := strings.Index(counts, "Báo cáo khắc phục đúng hạn / muộn / không nộp")
	if i < 0 || !strings.HasPrefix(strings.TrimSpace(counts[i+len("Báo cáo khắc phục đúng hạn / muộn / không nộp"):]), "1 /") {
		t.Errorf("December's scorecard of the department does not show the report filed on time: %q", counts)
	}
}

// fits loads url on a 390 px wide phone screen (then restores the
// desktop size) and fails when the page scrolls sideways; with E2E_SHOTS
// set it saves a screenshot there.
func fits(t *testing.T, ctx context.Context, what, url string) {
	t.Helper()
	step(t, ctx, what+" on a phone",
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(url),
		chromedp.WaitReady(chromedp.CSS("main")),
	)
	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("E2E_SHOTS"); dir != "" {
		// Screen by screen, as a person scrolls.
		for i := range 6 {
			shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, strings.ReplaceAll(what, " ", "-")+"-390-"+strconv.Itoa(i)+".png"), shot, 0o644)
			step(t, ctx, "scroll", chromedp.Evaluate[chromedp.Void](`window.scrollBy(0, 800)`))
		}
	}
	step(t, ctx, "back to the desktop", chromedp.EmulateViewport(1366, 900))
	if dir := os.Getenv("E2E_SHOTS"); dir != "" {
		step(t, ctx, "reload", chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("main")))
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, strings.ReplaceAll(what, " ", "-")+"-1366.png"), shot, 0o644)
	}
	if width > 390 {
		t.Errorf("%s is %d px wide on a 390 px phone", what, width)
	}
}
