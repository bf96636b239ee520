package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

const demoPassword = "dieuhanh-demo"

func TestLoginHomeLogout(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)

	login(t, ctx, srv.URL, "vanphong", demoPassword)
	step(t, ctx, "home page", chromedp.WaitVisible(chromedp.CSS(".hello")))
	mustContain(t, text(t, ctx, "main"), "Xin chào, Phạm Thị Mai", "Văn phòng HĐND-UBND", "Văn phòng HĐND và UBND (VP)", "Nhật ký thay đổi")
	logout(t, ctx)
	// Without a session, the home page sends us back to the login page.
	step(t, ctx, "home after logout", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#login")))
	if loc := location(t, ctx); !strings.Contains(loc, "/login") {
		t.Fatalf("after logout at %s", loc)
	}
}

func TestWrongPasswordShowsErrorAndNoSession(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)

	login(t, ctx, srv.URL, "vanphong", "mat-khau-sai")
	step(t, ctx, "error shown", chromedp.WaitVisible(chromedp.CSS(".field-error")))
	if got := text(t, ctx, ".field-error"); got != "Tên đăng nhập hoặc mật khẩu không đúng." {
		t.Fatalf("error = %q", got)
	}
	step(t, ctx, "no session", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#login")))
	if loc := location(t, ctx); !strings.Contains(loc, "/login") {
		t.Fatalf("wrong password let us in: %s", loc)
	}
}
