package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// signInHome signs in and waits for the home page, so that the next
// navigation does not abort the sign-in.
func signInHome(t *testing.T, ctx context.Context, base, user string) {
	t.Helper()
	login(t, ctx, base, user, demoPassword)
	step(t, ctx, "home of "+user, chromedp.WaitVisible(chromedp.CSS(".hello")))
}

// TestIncomingJourney is issue 10 §4 in the browser: the Office's clerk
// registers a provincial document with its PDF from the menu and routes it
// to the Chairman; the Chairman assigns the economy department (KTHTDT)
// with a deadline; the department's head finds the item in December's
// program and follows its link back to the document.
func TestIncomingJourney(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)
	pdf := filepath.Join(t.TempDir(), "cong-van-5120.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n% công văn\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	const subject = "Về việc rà soát, xử lý các công trình xây dựng không phép trên địa bàn"

	signInHome(t, ctx, srv.URL, "vanphong")
	step(t, ctx, "open the register from the menu",
		chromedp.Click(chromedp.CSS(`.mainnav a[href="/incoming"]`)),
		chromedp.WaitVisible(chromedp.CSS("#incoming-register")),
		chromedp.Click(chromedp.CSS("#incoming-new")),
		chromedp.WaitVisible(chromedp.CSS("#incoming-form")),
	)
	step(t, ctx, "register the document with its PDF",
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{pdf}),
		chromedp.SendKeys(chromedp.CSS("#issuer"), "UBND Thành phố"),
		chromedp.SendKeys(chromedp.CSS("#number_symbol"), "5120/UBND-ĐT"),
		chromedp.SetValue(chromedp.CSS("#doc_date"), "2026-11-27"),
		chromedp.SendKeys(chromedp.CSS("#subject"), subject),
		chromedp.SetValue(chromedp.CSS("#urgency"), "khan"),
		chromedp.Click(chromedp.CSS("#incoming-submit")),
		chromedp.WaitVisible(chromedp.CSS("#flash .ok")),
	)
	mustContain(t, text(t, ctx, "#flash"), "số đến 3/2026")
	mustContain(t, text(t, ctx, "#incoming-facts"), "UBND Thành phố", "5120/UBND-ĐT, ngày 27/11/2026", "cong-van-5120.pdf", "Chờ chuyển lãnh đạo")
	doc := location(t, ctx)
	step(t, ctx, "route to the Chairman",
		chromedp.SetValue(chromedp.CSS("#route-note"), "Kính trình Chủ tịch cho ý kiến chỉ đạo."),
		chromedp.Click(chromedp.CSS("#route-submit")),
		chromedp.WaitVisible(chromedp.CSS("#flash .ok")),
	)
	mustContain(t, text(t, ctx, "#incoming-leader"), "Nguyễn Văn Hùng")
	logout(t, ctx)

	signInHome(t, ctx, srv.URL, "chutich")
	step(t, ctx, "the Chairman opens the document",
		chromedp.Navigate(doc),
		chromedp.WaitVisible(chromedp.CSS("#assign-form")),
	)
	unit, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`[...document.querySelectorAll("#lead_unit option")].find(o => o.textContent.includes("(KTHTDT)")).value`))
	if err != nil || unit == "" {
		t.Fatalf("no KTHTDT among the lead units: %v", err)
	}
	step(t, ctx, "assign the economy department with a deadline",
		chromedp.Click(chromedp.CSS("#action-assign")),
		chromedp.SetValue(chromedp.CSS("#lead_unit"), unit),
		chromedp.SetValue(chromedp.CSS("#deadline"), "2026-12-18"),
		chromedp.SendKeys(chromedp.CSS("#comment"), "Phòng Kinh tế, Hạ tầng và Đô thị chủ trì rà soát, báo cáo kết quả."),
		chromedp.Click(chromedp.CSS("#assign-submit")),
		chromedp.WaitVisible(chromedp.CSS("#flash .ok")),
	)
	mustContain(t, text(t, ctx, "#incoming-facts"), "Đã giao xử lý", "Phòng Kinh tế, Hạ tầng và Đô thị", "18/12/2026")
	logout(t, ctx)

	signInHome(t, ctx, srv.URL, "truongphong.kt")
	step(t, ctx, "the head finds the item in December's program",
		chromedp.Navigate(srv.URL+"/programs/2026-12"),
		chromedp.WaitVisible(chromedp.CSS("main")),
	)
	mustContain(t, text(t, ctx, "main"), subject)
	step(t, ctx, "open the item and follow the link back",
		chromedp.Click(chromedp.Search(`//main//a[contains(., "`+subject+`")]`)),
		chromedp.WaitVisible(chromedp.CSS("#item-incoming")),
	)
	mustContain(t, text(t, ctx, "main"), "Văn bản số 5120/UBND-ĐT ngày 27/11/2026 của UBND Thành phố")
	step(t, ctx, "back to the document",
		chromedp.Click(chromedp.CSS("#item-incoming")),
		chromedp.WaitVisible(chromedp.CSS("#incoming-facts")),
	)
	if got := location(t, ctx); got != doc {
		t.Fatalf("the item links to %s, want %s", got, doc)
	}
	mustContain(t, text(t, ctx, "#incoming-history"), "Vào sổ văn bản đến", "Chuyển lãnh đạo cho ý kiến", "Giao xử lý")
	fits(t, ctx, "the incoming document", doc)
	fits(t, ctx, "the incoming register", srv.URL+"/incoming")
}
