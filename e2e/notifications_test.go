package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBellJourney: something happens to a unit (the Chairman accepts an
// item it reported done, here through the API); the head of the unit,
// on an unrelated page, sees the bell's count go up; the inbox lists the
// notification and opening it lands on the item, and the count goes down.
func TestBellJourney(t *testing.T) {
	srv := startServer(t)
	waitForFirstSweep(t, srv)
	// An item reported done and waiting for its evaluation; the Chairman
	// may evaluate any.
	tok := apiToken(t, srv.URL, "chutich")
	var item struct {
		ID       int64
		Title    string
		LeadUnit string
		Version  int
	}
	heads := map[string]string{"KTHTDT": "truongphong.kt", "VHXH": "truongphong.vhxh", "TTPVHCC": "giamdoc.ttpvhcc"}
	for _, month := range []string{"2026-11", "2026-12"} {
		var prog struct {
			Items []struct {
				ID       int64  `json:"id"`
				Title    string `json:"title"`
				Status   string `json:"status"`
				LeadUnit string `json:"lead_unit"`
				Version  int    `json:"version"`
			} `json:"items"`
		}
		apiJSON(t, "GET", srv.URL+"/api/v1/programs/"+month, tok, nil, &prog)
		for _, it := range prog.Items {
			if it.Status == "pending_acceptance" && heads[it.LeadUnit] != "" && item.ID == 0 {
				item.ID, item.Title, item.LeadUnit, item.Version = it.ID, it.Title, it.LeadUnit, it.Version
			}
		}
	}
	if item.ID == 0 {
		t.Fatal("the demo has no item waiting for evaluation")
	}

	// The head of its unit is on an unrelated page.
	ctx := browser(t)
	login(t, ctx, srv.URL, heads[item.LeadUnit], demoPassword)
	step(t, ctx, "home", chromedp.WaitVisible(chromedp.CSS(".hello")))
	before := bellCount(t, ctx, srv.URL+"/calendar")

	// The event: the Chairman accepts the item.
	if st := apiJSON(t, "POST", fmt.Sprintf("%s/api/v1/items/%d/evaluation", srv.URL, item.ID), tok,
		map[string]any{"version": item.Version, "quality": "accepted", "reason": "Đạt yêu cầu"}, nil); st != 200 {
		t.Fatalf("evaluation: %d", st)
	}

	after := bellCount(t, ctx, srv.URL+"/calendar")
	if after != before+1 {
		t.Fatalf("bell on an unrelated page: %d before, %d after", before, after)
	}
	title := "Đánh giá đạt: " + item.Title
	step(t, ctx, "open the inbox from the bell",
		chromedp.Click(chromedp.CSS("#bell")),
		chromedp.WaitVisible(chromedp.CSS("#inbox")),
	)
	mustContain(t, text(t, ctx, "#inbox li:first-child"), title)
	// The newest is first: open it.
	step(t, ctx, "open the notification",
		chromedp.Click(chromedp.CSS("#inbox li:first-child button.open")),
		chromedp.WaitVisible(chromedp.CSS("#item-status")),
	)
	if loc := location(t, ctx); !strings.HasSuffix(loc, fmt.Sprintf("/items/%d", item.ID)) {
		t.Fatalf("opened %s, want the item %d", loc, item.ID)
	}
	mustContain(t, text(t, ctx, "main"), item.Title)
	if n := bellCount(t, ctx, srv.URL+"/calendar"); n != before {
		t.Errorf("bell after opening it: %d, want %d", n, before)
	}
}

// bellCount opens a page and reads the bell's unread count (0 when none).
func bellCount(t *testing.T, ctx context.Context, url string) int {
	t.Helper()
	step(t, ctx, "bell on "+url, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#bell")))
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	s, err := chromedp.Run(sctx, chromedp.Evaluate[string](`(document.querySelector('#bell-count') || {textContent: '0'}).textContent`))
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		t.Fatalf("bell count %q", s)
	}
	return n
}

// waitForFirstSweep waits until the sweep that runs at start has finished
// (`dieuhanh jobs` says so), so what it writes does not move the bell
// during the journey.
func waitForFirstSweep(t *testing.T, srv *server) {
	t.Helper()
	start := time.Now()
	for time.Since(start) < 60*time.Second {
		out, err := exec.Command(binary, "jobs", "--data", srv.Dir, "--clock", clock).CombinedOutput()
		if err == nil {
			for _, line := range strings.Split(string(out), "\n") {
				if strings.HasPrefix(line, "sweep ") && strings.Contains(line, " xong ") {
					return
				}
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatal("the first sweep did not finish")
}

func apiToken(t *testing.T, base, login string) string {
	t.Helper()
	var out struct {
		Token string `json:"token"`
	}
	if st := apiJSON(t, "POST", base+"/api/v1/login", "", map[string]string{"login": login, "password": demoPassword}, &out); st != 200 {
		t.Fatalf("api login %s: %d", login, st)
	}
	return out.Token
}

func apiJSON(t *testing.T, method, url, token string, body, out any) int {
	t.Helper()
	var buf bytes.Buffer
	if body != nil {
		json.NewEncoder(&buf).Encode(body)
	}
	req, _ := http.NewRequest(method, url, &buf)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if out != nil {
		json.NewDecoder(res.Body).Decode(out)
	}
	return res.StatusCode
}
