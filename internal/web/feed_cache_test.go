package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// Rendered feeds are kept per server, but every change that can alter a
// feed shows up on the next fetch: an edit, a room renamed, a week
// published — also when another server made the change.
func TestFeedCacheSeesEveryChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		_, out := e.apiCall("POST", "/api/v1/me/feeds", e.token("chutich"), "")
		var feedURL, token string
		for _, f := range out["feeds"].([]any) {
			f := f.(map[string]any)
			if f["scope"] == "leader" && f["ref_id"] == float64(1) {
				feedURL = f["url"].(string)
			}
		}
		token = strings.TrimSuffix(feedURL[strings.LastIndex(feedURL, "/")+1:], ".ics")
		fetch := func() (string, string, *ics.Calendar) {
			t.Helper()
			res, err := http.Get(feedURL)
			if err != nil || res.StatusCode != 200 {
				t.Fatalf("feed: %v %v", err, res)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			cal, err := ics.ParseCalendar(strings.NewReader(string(b)))
			if err != nil {
				t.Fatal(err)
			}
			return string(b), res.Header.Get("ETag"), cal
		}
		// Another server on the same database keeps its own cache.
		other := app.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), t.TempDir())
		other.Now = e.app.Now
		otherFeed := func() string {
			t.Helper()
			b, _, err := other.Feed(context.Background(), token)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
		first, etag, cal := fetch()
		if again, etag2, _ := fetch(); again != first || etag2 != etag {
			t.Fatal("an unchanged feed changed between two fetches")
		}
		if otherFeed() != first {
			t.Fatal("two servers disagree on an unchanged feed")
		}
		n := len(cal.Events())

		// An edit of a published entry the Chairman chairs.
		office := e.token("vanphong")
		ev := findEvent(t, e.weekEvents(office, curWeek), func(ev map[string]any) bool {
			return strings.HasPrefix(chairName(ev), "Chủ tịch ") && ev["cancelled"] != true && ev["venue"] != ""
		})
		if st, out := e.apiCall("PATCH", fmt.Sprintf("/api/v1/events/%d", id(ev)), office,
			fmt.Sprintf(`{"version":%v,"notes":"Mang theo báo cáo quý IV"}`, ev["version"])); st != 200 {
			t.Fatalf("patch: %d %v", st, out)
		}
		feed, etag2, _ := fetch()
		if feed == first || etag2 == etag || !strings.Contains(feed, "Mang theo báo cáo quý IV") {
			t.Error("edit missing from the next fetch")
		}
		if !strings.Contains(otherFeed(), "Mang theo báo cáo quý IV") {
			t.Error("edit missing from the other server's next fetch")
		}
		// 304 still answers for the current version only.
		req, _ := http.NewRequest("GET", feedURL, nil)
		req.Header.Set("If-None-Match", etag2)
		if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusNotModified {
			t.Errorf("conditional GET: %v %v", err, res)
		} else {
			res.Body.Close()
		}

		// A room renamed: no event row changes, the LOCATION does.
		rooms, err := e.app.Rooms(context.Background(), mustActor(t, e, "vanphong"))
		if err != nil {
			t.Fatal(err)
		}
		var room store.Room
		for _, r := range rooms {
			if strings.Contains(feed, "LOCATION:"+r.Name) {
				room = r
			}
		}
		if room.ID == 0 {
			t.Fatal("fixture: no room in the feed")
		}
		c := e.login("vanphong")
		res := e.post(c, fmt.Sprintf("/rooms/%d", room.ID), url.Values{"name": {"Phòng họp trực tuyến"}, "capacity": {"20"},
			"active": {"on"}, "version": {fmt.Sprint(room.Version)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("rename room: %d %s", res.StatusCode, body(res))
		}
		if feed, _, _ = fetch(); !strings.Contains(feed, "LOCATION:Phòng họp trực tuyến") {
			t.Error("renamed room missing from the next fetch")
		}
		if !strings.Contains(otherFeed(), "LOCATION:Phòng họp trực tuyến") {
			t.Error("renamed room missing from the other server's next fetch")
		}

		// Next week published: its entries join the feed.
		chair := e.token("chutich")
		for _, s := range []struct{ tok, act string }{{office, "submit"}, {chair, "approve"}, {office, "publish"}} {
			if st, out := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/"+s.act, s.tok, ""); st != 200 {
				t.Fatalf("%s: %d %v", s.act, st, out)
			}
		}
		if _, _, cal = fetch(); len(cal.Events()) <= n {
			t.Errorf("published week missing: %d events, had %d", len(cal.Events()), n)
		}
	})
}

func mustActor(t *testing.T, e *env, login string) auth.Actor {
	t.Helper()
	var uid int64
	err := e.db.View(context.Background(), func(tx *store.Tx) error {
		u, _, err := tx.UserByLogin(context.Background(), login)
		uid = u.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := e.app.Actor(context.Background(), uid)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
