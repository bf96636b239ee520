package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
	"dieuhanh/internal/web"
)

// scheduleHistory fills weeks [from, to] with perWeek published entries
// each: half chaired by the Chairman (leader 1), the rest by the Vice
// Chairmen, with attendees and rooms, in Monday–Friday office hours.
func scheduleHistory(b *testing.B, db *store.DB, from, to schedule.Week, perWeek int) {
	b.Helper()
	ctx := context.Background()
	err := db.Update(ctx, func(tx *store.Tx) error {
		for w := from; ; w = w.Next() {
			sc, err := tx.EnsureSchedule(ctx, 1, w.Year, w.Week, testNow)
			if err != nil {
				return err
			}
			if sc.State != "published" {
				sc.State = "published"
				if err := tx.SaveSchedule(ctx, sc); err != nil {
					return err
				}
			}
			for i := range perWeek {
				day := w.Monday().AddDays(i % 5)
				slot := (i / 5) % 10
				start := time.Date(day.Year, day.Month, day.Day, 7+slot, 0, 0, 0, calendar.VN())
				chair := int64(1)
				if i%2 == 1 {
					chair = int64(2 + i%4/2)
				}
				kinds := []string{"working_session", "conference", "inspection", "citizen_reception"}
				e := store.Event{WardID: 1, ScheduleID: sc.ID, Title: fmt.Sprintf("Làm việc về nội dung số %d tuần %s", i, w), Kind: kinds[i%4],
					Session: string(schedule.SessionOf(start)), Start: start.UTC(), End: start.Add(50 * time.Minute).UTC(), ChairID: chair,
					RoomID: int64(1 + i%3), PreparingUnitID: int64(1 + i%4), ProposedAt: testNow.Add(-30 * 24 * time.Hour),
					Attendees: []store.Attendee{{PersonID: int64(4 + i%20)}, {UnitID: int64(1 + i%6)}}}
				if _, err := tx.CreateEvent(ctx, e); err != nil {
					return err
				}
			}
			if w == to {
				return nil
			}
		}
	})
	if err != nil {
		b.Fatal(err)
	}
}

func benchServer(b *testing.B, db *store.DB) (*app.App, *httptest.Server) {
	b.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(db, log, b.TempDir())
	a.Now = func() time.Time { return testNow }
	a.Password = auth.Params{Memory: 8 * 1024, Time: 1, Threads: 1}
	if _, err := demo.Load(context.Background(), db, a.Password, testNow); err != nil {
		b.Fatal(err)
	}
	s, err := web.New(a, log, web.Options{})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s)
	b.Cleanup(srv.Close)
	return a, srv
}

func benchToken(b *testing.B, srv *httptest.Server, login string) string {
	res, err := http.Post(srv.URL+"/api/v1/login", "application/json", strings.NewReader(`{"login":"`+login+`","password":"`+demo.Password+`"}`))
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	s := string(body)
	i := strings.Index(s, `"token":"`) + len(`"token":"`)
	return s[i : i+strings.Index(s[i:], `"`)]
}

// BenchmarkWeekPage100 renders the week page (by day and session) of a
// week with 100 entries out of five years of history, through HTTP.
func BenchmarkWeekPage100(b *testing.B) {
	db := storetest.OpenSQLite(b)
	_, srv := benchServer(b, db)
	last := schedule.Week{Year: 2026, Week: 47}
	scheduleHistory(b, db, schedule.Week{Year: 2021, Week: 48}, last, 100)
	tok := benchToken(b, srv, "vanphong")
	// Pages need a session; the API's bearer token works for the pages' JSON
	// twin, and the HTML page is measured with a cookie below.
	jar := loginJar(b, srv, "vanphong")
	_ = tok
	// The first view warms the caches; measure the steady state.
	if res, err := jar.Get(srv.URL + "/schedule/" + last.String()); err == nil {
		res.Body.Close()
	}
	b.ResetTimer()
	for b.Loop() {
		res, err := jar.Get(srv.URL + "/schedule/" + last.String())
		if err != nil || res.StatusCode != 200 {
			b.Fatal(err, res.StatusCode)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
}

// leaderYearFeed sets up five years of history and returns the app, the
// URL of the Chairman's leader feed and how many events it holds.
func leaderYearFeed(b *testing.B) (*app.App, *store.DB, string, string, int) {
	db := storetest.OpenSQLite(b)
	a, srv := benchServer(b, db)
	scheduleHistory(b, db, schedule.Week{Year: 2021, Week: 48}, schedule.Week{Year: 2026, Week: 47}, 100)
	ctx := context.Background()
	actor, _, err := a.Actor(ctx, chairmanUserID(b, db))
	if err != nil {
		b.Fatal(err)
	}
	feeds, err := a.CreateFeeds(ctx, actor)
	if err != nil {
		b.Fatal(err)
	}
	var url, token string
	for _, f := range feeds {
		if f.Scope == "leader" && f.RefID == 1 {
			url, token = srv.URL+"/ics/"+f.Token+".ics", f.Token
		}
	}
	res, _ := http.Get(url)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return a, db, url, token, strings.Count(string(body), "BEGIN:VEVENT")
}

// BenchmarkLeaderYearFeed serves a leader's ICS feed (a year back), about
// 2,500 events, out of five years of history, through HTTP and the store:
// a calendar app polling an unchanged feed (the rendered feed is cached,
// each request checks the token and the feed's stamp in the database).
func BenchmarkLeaderYearFeed(b *testing.B) {
	_, _, url, _, events := leaderYearFeed(b)
	b.ResetTimer()
	for b.Loop() {
		res, err := http.Get(url)
		if err != nil || res.StatusCode != 200 {
			b.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	b.ReportMetric(float64(events), "events")
}

// BenchmarkLeaderYearFeedCold renders the same feed with nothing cached
// (a fresh App each time): token, stamp, events, attendees, iCalendar, ETag.
func BenchmarkLeaderYearFeedCold(b *testing.B) {
	a, db, _, token, events := leaderYearFeed(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		fresh := app.New(db, a.Log, a.DataDir)
		fresh.Now = a.Now
		body, _, err := fresh.Feed(ctx, token)
		if err != nil || len(body) == 0 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(events), "events")
}

func chairmanUserID(b *testing.B, db *store.DB) int64 {
	var id int64
	db.View(context.Background(), func(tx *store.Tx) error {
		u, _, err := tx.UserByLogin(context.Background(), "chutich")
		id = u.ID
		return err
	})
	return id
}

func loginJar(b *testing.B, srv *httptest.Server, login string) *http.Client {
	e := &env{t: &testing.T{}, srv: srv}
	return e.login(login)
}
