package web_test

import (
	"maps"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"dieuhanh/internal/store/storetest"
)

// publicRoutes answer without a session: sign-in, health, assets, and the
// secret-token lobby page and calendar feeds (which check their token).
var publicRoutes = map[string]bool{
	"GET /healthz": true, "GET /static/": true, "GET /login": true, "POST /login": true,
	"POST /api/v1/login": true, "GET /display/{token}": true, "GET /ics/{file}": true,
}

// TestEveryRouteNeedsSignIn reads the route table and calls each route with
// no session or token: pages must send people to the login page, the API
// must answer 401, and nothing may change or leak.
func TestEveryRouteNeedsSignIn(t *testing.T) {
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, storetest.OpenSQLite(t))
	before := e.counts()
	patterns := regexp.MustCompile(`Handle(?:Func)?\("([A-Z]+) ([^"]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(patterns) < 60 {
		t.Fatalf("only %d routes found", len(patterns))
	}
	// Routes built in loops end with "export." or "invitation."; add a format.
	fill := strings.NewReplacer("{$}", "", "{id}", "1", "{sid}", "1", "{month}", "2026-11", "{week}", "2026-W48",
		"{action}", "submit", "{token}", "x", "{file}", "x.ics")
	c := e.client()
	for _, p := range patterns {
		method, path := p[1], p[2]
		if publicRoutes[method+" "+path] {
			continue
		}
		url := fill.Replace(path)
		if strings.HasSuffix(url, ".") {
			url += "pdf"
		}
		if strings.HasSuffix(url, "/") && url != "/" {
			url += "x"
		}
		req, _ := http.NewRequest(method, e.srv.URL+url, strings.NewReader("title=x&login=x"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		api := strings.HasPrefix(url, "/api/")
		switch {
		case api && res.StatusCode != http.StatusUnauthorized:
			t.Errorf("%s %s: %d, want 401", method, url, res.StatusCode)
		case !api && (res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login")):
			t.Errorf("%s %s: %d → %q, want the login page", method, url, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if after := e.counts(); !maps.Equal(before, after) {
		t.Errorf("anonymous requests changed the database: %v → %v", before, after)
	}
}
