package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestMeetingJourney follows one working session from the unit's proposal
// to "Sẵn sàng", the lobby screen and the ICS feed.
func TestMeetingJourney(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)
	// The server's clock starts on Tuesday 01/12/2026: tomorrow is in the
	// current week, which the demo has published.
	now := clockStart(t)
	tomorrow := now.AddDate(0, 0, 1)
	ty, tw := tomorrow.ISOWeek()
	cy, cw := now.ISOWeek()
	week := tomorrow.Format("2006") + "-W" + twoDigits(tw)
	if ty != tomorrow.Year() {
		week = itoa(ty) + "-W" + twoDigits(tw)
	}
	published := ty == cy && tw == cw // the demo publishes the current week
	title := "Làm việc về công tác chi trả chế độ bảo trợ xã hội đột xuất"

	// 1. The unit head proposes a working session for tomorrow (urgent: it is
	// past the two-working-day lead time).
	signIn(t, ctx, srv.URL, "truongphong.vhxh", demoPassword)
	step(t, ctx, "propose",
		chromedp.Navigate(srv.URL+"/schedule/"+week+"/events/new"),
		chromedp.WaitVisible(chromedp.CSS("#title")),
		chromedp.SendKeys(chromedp.CSS("#title"), title),
		chromedp.SetValue(chromedp.CSS("#date"), tomorrow.Format("02/01/2006")),
		chromedp.SetValue(chromedp.CSS("#start"), "17:00"),
		chromedp.SetValue(chromedp.CSS("#end"), "18:00"),
		chromedp.SetValue(chromedp.CSS("#chair"), "3"),
		chromedp.SendKeys(chromedp.CSS("#venue"), "Nhà văn hóa tổ dân phố 3"),
		chromedp.Click(chromedp.CSS("#urgent")),
		chromedp.SendKeys(chromedp.CSS("#urgent_reason"), "Theo chỉ đạo của UBND Thành phố"),
		chromedp.Click(chromedp.CSS("#save")),
		chromedp.WaitVisible(chromedp.CSS("#checklist")),
	)
	eventURL := location(t, ctx)
	if !strings.Contains(eventURL, "/events/") {
		t.Fatalf("after proposing: %s", eventURL)
	}
	mustContain(t, text(t, ctx, "main"), title, "Đột xuất", "Sắp đến hạn")
	logout(t, ctx)

	// 2. The Office consolidates, the Chairman approves, the Office publishes.
	move := func(who string, acts ...string) {
		signIn(t, ctx, srv.URL, who, demoPassword)
		for _, a := range acts {
			step(t, ctx, who+" "+a,
				chromedp.Navigate(srv.URL+"/schedule/"+week),
				chromedp.WaitVisible(chromedp.CSS("#act-"+a)),
				// A week with warnings is approved after confirming them.
				chromedp.Evaluate[chromedp.Void](`document.querySelector("#confirm-warnings")?.click()`),
				chromedp.Click(chromedp.CSS("#act-"+a)),
				chromedp.WaitVisible(chromedp.CSS("#flash .ok")),
			)
		}
		logout(t, ctx)
	}
	if published {
		move("vanphong", "consolidate")
	} else {
		move("vanphong", "consolidate", "submit")
	}
	move("chutich", "approve")
	move("vanphong", "publish")

	// 3. The presiding unit uploads the content.
	pdf := filepath.Join(t.TempDir(), "bao-cao.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n% báo cáo\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, srv.URL, "truongphong.vhxh", demoPassword)
	step(t, ctx, "upload content",
		chromedp.Navigate(eventURL),
		chromedp.WaitVisible(chromedp.CSS("#content-file")),
		chromedp.SetUploadFiles(chromedp.CSS("#content-file"), []string{pdf}),
		chromedp.Click(chromedp.CSS("#step-content")),
		chromedp.WaitVisible(chromedp.CSS("#flash .ok")),
	)
	mustContain(t, text(t, ctx, "#files"), "bao-cao.pdf")
	logout(t, ctx)

	// 4. The Vice Chairman in charge approves it.
	signIn(t, ctx, srv.URL, "pct.vanhoa", demoPassword)
	step(t, ctx, "approve content",
		chromedp.Navigate(eventURL),
		chromedp.WaitVisible(chromedp.CSS("#step-approve")),
		chromedp.Click(chromedp.CSS("#step-approve")),
		chromedp.WaitVisible(chromedp.CSS("#flash .ok")),
	)
	logout(t, ctx)

	// 5. The Office issues the invitation and sends the documents.
	signIn(t, ctx, srv.URL, "vanphong", demoPassword)
	for _, id := range []string{"#step-invitation", "#step-documents"} {
		step(t, ctx, id,
			chromedp.Navigate(eventURL),
			chromedp.WaitVisible(chromedp.CSS(id)),
			chromedp.Click(chromedp.CSS(id)),
			chromedp.WaitVisible(chromedp.CSS("#flash .ok")),
		)
	}
	if got := text(t, ctx, "#readiness-state"); got != "Sẵn sàng" {
		t.Fatalf("state = %q", got)
	}
	mustContain(t, text(t, ctx, "#checklist"), "/GM-UBND", "Nguyễn Thị Lan Anh", "Lê Thị Thu Hà", "Phạm Thị Mai")

	// 6. It shows on the lobby screen (by its share link, without login) …
	step(t, ctx, "lobby link", chromedp.Navigate(srv.URL+"/rooms"), chromedp.WaitVisible(chromedp.CSS(".display-link")))
	lobby := text(t, ctx, ".display-link")
	// … and in the ICS feed.
	feedURL := ""
	step(t, ctx, "feeds", chromedp.Navigate(srv.URL+"/my/feeds"), chromedp.Click(chromedp.CSS("#feeds-create button")),
		chromedp.WaitVisible(chromedp.CSS(".feed-url")))
	feedURL = text(t, ctx, ".feed-url")
	logout(t, ctx)
	// The screen pages through what does not fit 1920×1080: read every page.
	screens := ""
	for page := 1; page <= 5; page++ {
		step(t, ctx, "lobby", chromedp.Navigate(fmt.Sprintf("%s%s?page=%d", srv.URL, lobby, page)), chromedp.WaitVisible(chromedp.CSS("body.lobby")))
		screens += text(t, ctx, "body")
		if !strings.Contains(screens, fmt.Sprintf("Trang %d/", page)) || strings.Contains(screens, fmt.Sprintf("Trang %d/%d", page, page)) {
			break
		}
	}
	mustContain(t, screens, "NGÀY MAI", title, "Nhà văn hóa tổ dân phố 3")

	res, err := http.Get(feedURL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	feed := strings.ReplaceAll(string(b), "\r\n ", "")
	id := eventURL[strings.LastIndex(eventURL, "/")+1:]
	if res.StatusCode != 200 || !strings.Contains(feed, "UID:event-"+id+"@dieuhanh") || !strings.Contains(feed, title) {
		t.Fatalf("feed %d lacks the meeting", res.StatusCode)
	}
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}

func itoa(n int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
		if n == 0 {
			return string(b)
		}
	}
}

// signIn logs in and waits for the home page, so the next navigation does
// not race the login's redirect.
func signIn(t *testing.T, ctx context.Context, base, user, password string) {
	t.Helper()
	login(t, ctx, base, user, password)
	step(t, ctx, "home of "+user, chromedp.WaitVisible(chromedp.CSS(".hello")))
}
