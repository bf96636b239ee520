package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestProgramJourney takes one item through the whole monthly cycle in the
// browser: a unit registers it, the Office consolidates and submits, the
// Chairman approves, the Office issues, the unit reports progress and
// completion, and the Vice Chairman in charge accepts it.
func TestProgramJourney(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)

	// The server's clock starts on 01/12/2026: January 2027 is in
	// registration (the demo's units registered for it at the end of
	// November) and on time until 21/12, so the journey needs no late
	// acceptance.
	month, due := "2027-01", "2027-01-15"
	title := "Báo cáo rà soát hạ tầng thoát nước khu dân cư số 5"

	// signIn waits for the home page: the password hash takes a moment.
	signIn := func(user string) {
		t.Helper()
		login(t, ctx, srv.URL, user, demoPassword)
		step(t, ctx, "home of "+user, chromedp.WaitVisible(chromedp.CSS(".hello")))
	}
	signIn("truongphong.kt")
	step(t, ctx, "register an item",
		chromedp.Navigate(srv.URL+"/programs/"+month),
		chromedp.Click(chromedp.CSS("#register-link")),
		chromedp.WaitVisible(chromedp.CSS("#register-form")),
		chromedp.SendKeys(chromedp.CSS("#title"), title),
		chromedp.SetValue(chromedp.CSS("#due_date"), due),
		chromedp.SendKeys(chromedp.CSS("#product"), "Báo cáo kết quả rà soát"),
		chromedp.Click(chromedp.CSS("#register-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".flash.ok")),
	)
	loc := location(t, ctx)
	i := strings.Index(loc, "#item-")
	if i < 0 {
		t.Fatalf("after registering at %s", loc)
	}
	id, err := strconv.Atoi(loc[i+len("#item-"):])
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, text(t, ctx, "#program-items"), title, "KTHTDT", "Trần Minh Tuấn", "Chưa thực hiện")
	logout(t, ctx)

	// programStep signs in, opens the month and presses one button.
	programStep := func(user, button, label string) {
		t.Helper()
		signIn(user)
		step(t, ctx, label,
			chromedp.Navigate(srv.URL+"/programs/"+month),
			chromedp.WaitVisible(chromedp.CSS(button)),
			// A program with warnings is approved after confirming them.
			chromedp.Evaluate[chromedp.Void](`document.querySelector("#confirm-warnings")?.click()`),
			chromedp.Click(chromedp.CSS(button)),
			chromedp.WaitVisible(chromedp.CSS(".flash.ok")),
		)
	}
	programStep("vanphong", "#submit-program", "office submits")
	mustContain(t, text(t, ctx, "#program-state"), "Chờ Chủ tịch duyệt")
	logout(t, ctx)
	programStep("chutich", "#approve-program", "chairman approves")
	mustContain(t, text(t, ctx, "#program-state"), "Đã duyệt")
	logout(t, ctx)
	programStep("vanphong", "#issue-program", "office issues")
	mustContain(t, text(t, ctx, "#program-state"), "Đã ban hành", "/CTr-UBND")
	logout(t, ctx)

	item := fmt.Sprintf("%s/items/%d", srv.URL, id)
	signIn("truongphong.kt")
	step(t, ctx, "report progress",
		chromedp.Navigate(item),
		chromedp.WaitVisible(chromedp.CSS("#progress-form")),
		chromedp.SetValue(chromedp.CSS("#percent"), "60"),
		chromedp.SendKeys(chromedp.CSS("#progress-note"), "Đã khảo sát 3/5 tuyến cống"),
		chromedp.Click(chromedp.CSS("#progress-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".flash.ok")),
	)
	mustContain(t, text(t, ctx, "#item-status"), "Đang thực hiện trong hạn")
	step(t, ctx, "report completion",
		chromedp.Navigate(item),
		chromedp.WaitVisible(chromedp.CSS("#completion-form")),
		chromedp.SendKeys(chromedp.CSS("#completion-note"), "Đã hoàn thành báo cáo rà soát"),
		chromedp.Click(chromedp.CSS("#completion-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".flash.ok")),
	)
	mustContain(t, text(t, ctx, "#item-status"), "Chờ đánh giá")
	logout(t, ctx)

	signIn("pct.kinhte")
	step(t, ctx, "evaluate",
		chromedp.Navigate(item),
		chromedp.WaitVisible(chromedp.CSS("#evaluation-form")),
		chromedp.Click(chromedp.CSS("#quality-accepted")),
		chromedp.Click(chromedp.CSS("#evaluate")),
		chromedp.WaitVisible(chromedp.CSS(".flash.ok")),
	)
	mustContain(t, text(t, ctx, "#item-status"), "Hoàn thành đúng hạn")
	mustContain(t, text(t, ctx, "#events"), "Báo cáo tiến độ", "Báo cáo hoàn thành", "Đánh giá")
	// The history names people by name and post, not by login.
	mustContain(t, text(t, ctx, "#audit"), "Đăng ký nội dung", "Bùi Quang Vinh (", "Trần Minh Tuấn (")
}
