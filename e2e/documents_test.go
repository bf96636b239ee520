package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestDocumentJourney is issue 10's journey in the browser: the Office
// (vanphong) drafts the seed directive to its real recipient list, checks
// its content and form, the Chairman approves it, the Office's clerk
// numbers and issues it, the economy department's head (truongphong.kt)
// finds it in Văn bản đến and acknowledges it, and the sender sees the
// receipt with its time and who acknowledged.
func TestDocumentJourney(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)
	signIn := func(user string) {
		t.Helper()
		login(t, ctx, srv.URL, user, demoPassword)
		step(t, ctx, "home of "+user, chromedp.WaitVisible(chromedp.CSS(".hello")))
	}
	const subject = "V/v chấn chỉnh việc đăng ký, thực hiện chương trình công tác tuần, tháng (thử)"

	signIn("vanphong")
	step(t, ctx, "open the register from the menu",
		chromedp.Click(chromedp.CSS(`.mainnav a[href="/documents"]`)),
		chromedp.WaitVisible(chromedp.CSS("#register")),
		chromedp.Click(chromedp.CSS("#new-document")),
		chromedp.WaitVisible(chromedp.CSS("#document-form")),
	)
	step(t, ctx, "draft the seed directive",
		chromedp.SetValue(chromedp.CSS("#doc-type"), "cong_van"),
		chromedp.SendKeys(chromedp.CSS("#doc-subject"), subject),
		chromedp.SendKeys(chromedp.CSS("#doc-addressees"), "Trưởng các phòng chuyên môn, đơn vị thuộc UBND phường"),
		chromedp.SendKeys(chromedp.CSS("#doc-body"), "Trong thời gian qua, UBND phường đã ban hành và triển khai chương trình công tác tháng, lịch công tác tuần.\n"+
			"1. Các phòng, bộ phận chuyên môn nghiêm túc thực hiện, bám sát chương trình công tác đã ban hành.\n"+
			"2. Báo cáo kết quả khắc phục về UBND phường trước ngày 25 hàng tháng."),
		chromedp.SetValue(chromedp.CSS("#doc-signer"), "chutich"),
	)
	// The Chairman and the Vice Chairmen: every leader box.
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => { const bs = document.querySelectorAll("#recipients input[id^=rcp-leader-]"); bs.forEach(c => c.checked = true); return bs.length })()`)); err != nil || n != 3 {
		t.Fatalf("%d leaders ticked: %v", n, err)
	}
	step(t, ctx, "pick the units of the seed's Nơi nhận and save",
		chromedp.Click(chromedp.CSS("#rcp-unit-KTHTDT")),
		chromedp.Click(chromedp.CSS("#rcp-unit-VHXH")),
		chromedp.Click(chromedp.CSS("#rcp-unit-TTPVHCC")),
		chromedp.Click(chromedp.CSS("#rcp-unit-CA")),
		chromedp.Click(chromedp.CSS("#rcp-unit-BCHQS")),
		chromedp.Click(chromedp.CSS("#save-document")),
		chromedp.WaitVisible(chromedp.CSS(".flash.ok")),
	)
	page := location(t, ctx)
	mustContain(t, text(t, ctx, "#doc-state"), "Dự thảo")
	step(t, ctx, "submit and check the content",
		chromedp.Click(chromedp.CSS("#submit-document")),
		chromedp.WaitVisible(chromedp.CSS(`#doc-state[data-state="submitted"]`)),
		chromedp.Click(chromedp.CSS("#check-document")),
		chromedp.WaitVisible(chromedp.CSS(`#doc-state[data-state="checked"]`)),
	)
	mustContain(t, text(t, ctx, "#doc-state"), "Chờ Văn phòng kiểm tra thể thức")
	step(t, ctx, "the Office checks the form",
		chromedp.Click(chromedp.CSS("#check-document")),
		chromedp.WaitVisible(chromedp.CSS(`#doc-state[data-state="form_checked"]`)),
	)
	mustContain(t, text(t, ctx, "#doc-state"), "Chờ lãnh đạo ký duyệt")
	logout(t, ctx)

	signIn("chutich")
	step(t, ctx, "the Chairman approves",
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS("#approve-document")),
		chromedp.Click(chromedp.CSS("#approve-document")),
		chromedp.WaitVisible(chromedp.CSS(`#doc-state[data-state="approved"]`)),
	)
	mustContain(t, text(t, ctx, "#doc-state"), "Đã duyệt, chờ phát hành")
	logout(t, ctx)

	signIn("vanphong")
	step(t, ctx, "the clerk numbers and issues it",
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS("#issue-document")),
		chromedp.Click(chromedp.CSS("#issue-document")),
		chromedp.WaitVisible(chromedp.CSS("#doc-number")),
	)
	number := text(t, ctx, "#doc-number")
	mustContain(t, number, "/UBND-VP")
	mustContain(t, text(t, ctx, "#receipts"), "Phòng Kinh tế, Hạ tầng và Đô thị", "Chưa xác nhận", "Ban Chỉ huy Quân sự phường")
	logout(t, ctx)

	signIn("truongphong.kt")
	step(t, ctx, "Văn bản đến from the menu",
		chromedp.Click(chromedp.CSS(`.mainnav a[href="/documents"]`)),
		chromedp.WaitVisible(chromedp.CSS("#tab-in")),
		chromedp.Click(chromedp.CSS("#tab-in")),
		chromedp.WaitVisible(chromedp.CSS("#inbox")),
	)
	row := "#in-" + page[strings.LastIndex(page, "/")+1:]
	inbox := text(t, ctx, row)
	mustContain(t, inbox, subject, "Chưa xác nhận", strings.SplitN(number, ",", 2)[0])
	step(t, ctx, "acknowledge it",
		chromedp.Click(chromedp.CSS(row+" button")),
		chromedp.WaitVisible(chromedp.CSS(row+" .badge.good")),
	)
	mustContain(t, text(t, ctx, row), "Đã nhận", "Bùi Quang Vinh")
	logout(t, ctx)

	signIn("vanphong")
	step(t, ctx, "the sender sees the receipt",
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS("#receipts")),
	)
	mustContain(t, text(t, ctx, "#receipts tbody"), "Đã nhận", "Bùi Quang Vinh")
	mustContain(t, text(t, ctx, "#history"), "Phát hành văn bản số", "Xác nhận đã nhận văn bản (Phòng Kinh tế, Hạ tầng và Đô thị)")
}
