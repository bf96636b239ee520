package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store/storetest"
	"dieuhanh/internal/web"
)

// lockedBuffer is a log sink the server's goroutines may share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// statementsEnv is the demo ward with its programs at testNow and, before
// them, months of history of perMonth items each (none when months is 0);
// the access log goes to logs.
func statementsEnv(t *testing.T, months, perMonth int) (*env, *lockedBuffer) {
	t.Helper()
	logs := &lockedBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	db := storetest.OpenSQLite(t)
	a := app.New(db, log, t.TempDir())
	a.Now = func() time.Time { return testNow }
	a.Password = auth.Params{Memory: 8 * 1024, Time: 1, Threads: 1}
	ctx := context.Background()
	if _, err := demo.Load(ctx, db, a.Password, testNow); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadPrograms(ctx, a, testNow); err != nil {
		t.Fatal(err)
	}
	if months > 0 {
		last := program.Month{Year: 2026, Month: time.September}
		if _, err := demo.GenerateHistory(ctx, db, 1, demo.History{Last: last, Months: months, PerMonth: perMonth, Seed: 1}); err != nil {
			t.Fatal(err)
		}
	}
	s, err := web.New(a, log, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &env{t: t, db: db, app: a, srv: srv}, logs
}

var statementsOf = regexp.MustCompile(`msg=request id=(\w+) .* statements=(\d+)`)

// statements GETs path as the client and reads from the access log how
// many SQL statements the request sent.
func statements(t *testing.T, e *env, logs *lockedBuffer, c *http.Client, path string) int {
	t.Helper()
	res, err := c.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	// The line is written once the handler returns, which may be just
	// after the client has the answer.
	id := res.Header.Get("X-Request-Id")
	for range 200 {
		for _, m := range statementsOf.FindAllStringSubmatch(logs.String(), -1) {
			if m[1] == id {
				n, _ := strconv.Atoi(m[2])
				return n
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("GET %s: no access log line with its statements", path)
	return 0
}

// The statements a page sends follow what it shows, not what is stored:
// the main pages and listings send as many with two years of 150-item
// months behind them as on the demo alone (an N+1 over rows or months
// would multiply), give or take a conditional statement or two, and stay
// within a fixed bound.
func TestStatementsFollowWhatIsShown(t *testing.T) {
	small, smallLogs := statementsEnv(t, 0, 0)
	large, largeLogs := statementsEnv(t, 24, 150)
	// A page may send a statement or two more when there is history (the
	// month before exists, a second page exists); a statement per row or
	// per month would add dozens: 24 months of 3,600 items.
	const bound, slack = 80, 2
	pages := []struct{ login, path string }{
		{"vanphong", "/"}, {"chutich", "/"}, {"truongphong.kt", "/"}, {"pct.kinhte", "/"},
		{"vanphong", "/programs/2026-11"}, {"vanphong", "/programs/2026-12"}, {"vanphong", "/schedule"},
		{"truongphong.kt", "/search?unit=KTHTDT&coordinating=true&month_from=2026-09"}, {"vanphong", "/documents"}, {"truongphong.kt", "/documents/inbox"},
		{"vanphong", "/incoming"}, {"vanphong", "/search?status=in_progress_overdue"}, {"chutich", "/scorecards/2026-11"},
		{"vanphong", "/remediations"}, {"vanphong", "/notifications"}, {"vanphong", "/audit"},
		{"vanphong", "/api/v1/programs/2026-11"}, {"vanphong", "/api/v1/items?overdue=true&sort=due_date&limit=50"},
	}
	clients := map[string][2]*http.Client{}
	for _, p := range pages {
		if _, ok := clients[p.login]; !ok {
			clients[p.login] = [2]*http.Client{small.login(p.login), large.login(p.login)}
		}
		t.Run(p.login+" "+p.path, func(t *testing.T) {
			c := clients[p.login]
			// Cold: what the store's cache holds depends on what the
			// requests before wrote; without it every statement counts.
			for _, e := range []*env{small, large} {
				if err := storetest.RaiseStamp(context.Background(), e.db); err != nil {
					t.Fatal(err)
				}
			}
			s := statements(t, small, smallLogs, c[0], p.path)
			l := statements(t, large, largeLogs, c[1], p.path)
			if l > s+slack || l > bound {
				t.Errorf("%d statements with the history, %d without (bound %d)", l, s, bound)
			}
			// Seen again with nothing changed: a kept page or listing
			// (keptPage, kept: the homes, the month and its API, the
			// week, the search) is sent whole (the session and the change
			// stamps are all it reads); every page reads less than cold
			// (the organization, calendar, account, menu and bell are kept).
			warm := statements(t, large, largeLogs, c[1], p.path)
			kept := p.path == "/" || strings.HasPrefix(p.path, "/programs/") || strings.HasPrefix(p.path, "/api/v1/programs/") ||
				strings.HasPrefix(p.path, "/schedule") || strings.HasPrefix(p.path, "/search")
			if kept && warm > 2 || warm >= l {
				t.Errorf("seen again: %d statements (cold %d)", warm, l)
			}
			t.Logf("%d statements cold, %d warm", l, warm)
		})
	}
}
