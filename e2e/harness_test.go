// Package e2e drives the real dieuhanh binary with headless Chromium
// (chromedp): the binary is built once, started with the demo ward on a free
// port of 127.0.0.1 and on a fixed clock (--clock), and each journey uses a
// fresh browser profile. Under CI=true a missing Chromium fails the tests
// instead of skipping them.
package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dieuhanh/internal/testenv"
)

var binary string // built once by TestMain; read-only afterwards

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dieuhanh-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "dieuhanh")
	build := exec.Command("go", "build", "-o", binary, "../cmd/dieuhanh")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is one running dieuhanh process.
type server struct {
	URL string
	Dir string
	cmd *exec.Cmd
}

// clock is where the server's clock starts: Tuesday 01/12/2026, 10:00 in
// Vietnam — the first of a month, when next month's program is only just
// in registration. It runs forward from there.
const clock = "2026-12-01T10:00:00+07:00"

// clockStart is clock as a time.
func clockStart(t *testing.T) time.Time {
	t.Helper()
	c, err := time.Parse(time.RFC3339, clock)
	if err != nil {
		t.Fatal(err)
	}
	return c.In(time.FixedZone("ICT", 7*3600))
}

// startServer runs `dieuhanh serve --demo --clock …` on a fresh SQLite
// database.
func startServer(t *testing.T, extraEnv ...string) *server {
	t.Helper()
	return startServerIn(t, t.TempDir(), []string{"--demo"}, extraEnv...)
}

// startServerIn runs `dieuhanh serve --clock … args…` on the SQLite
// database of dir (prepared with the command line beforehand).
func startServerIn(t *testing.T, dir string, args []string, extraEnv ...string) *server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(binary, append([]string{"serve", "--clock", clock, "--addr", addr, "--data", dir}, args...)...)
	cmd.Env = append(os.Environ(), extraEnv...)
	logFile, _ := os.Create(filepath.Join(dir, "server.log"))
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{URL: "http://" + addr, Dir: dir, cmd: cmd}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
		}
		logFile.Close()
		if t.Failed() {
			b, _ := os.ReadFile(filepath.Join(dir, "server.log"))
			t.Logf("server log:\n%s", b)
		}
	})
	start := time.Now()
	for time.Since(start) < 60*time.Second {
		res, err := http.Get(s.URL + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("server did not become healthy")
	return nil
}

// chromiumPath finds Debian's chromium.
func chromiumPath(t *testing.T) string {
	t.Helper()
	return testenv.Tool(t, "chromium", "chromium-browser", "google-chrome")
}

// browser returns a chromedp context for one journey and a per-step timeout.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	// The first run starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// step runs actions with a timeout and fails the test with a label.
func step(t *testing.T, ctx context.Context, label string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		t.Fatalf("%s: %v", label, err)
	}
}

// text returns the visible text of the first element matching sel.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	s, err := chromedp.Run(sctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text %s: %v", sel, err)
	}
	return s
}

func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// login fills the login form.
func login(t *testing.T, ctx context.Context, base, user, password string) {
	t.Helper()
	step(t, ctx, "login as "+user,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SendKeys(chromedp.CSS("#login"), user),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitReady(chromedp.CSS("main")),
	)
}

func logout(t *testing.T, ctx context.Context) {
	t.Helper()
	step(t, ctx, "logout",
		chromedp.Click(chromedp.CSS(".who form button")),
		chromedp.WaitVisible(chromedp.CSS("#login")),
	)
}

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("page text lacks %q\n--- text:\n%s", w, got)
		}
	}
}
