package web

import (
	"bytes"
	"errors"
	"hash/fnv"
	"net/http"
	"time"

	"dieuhanh/internal/store"
)

// keptPage serves a page a person has already seen in this minute, when
// nothing in the database has changed since, from the store's cache
// (store.Remember): the pages opened most (the month's program, an item,
// the week, the search) cost far more to render (a 300-item month is
// 330 KB of HTML) than to keep. A page with a message to show once, or
// any answer but 200, is rendered as usual and not kept. Its key is the
// person and the whole address, so filters and pages are kept apart; what
// a page shows depends on nothing else of the request (no Referer, no
// cookie but the session).
func (s *Server) keptPage(h http.HandlerFunc) http.HandlerFunc {
	kept := s.kept(h)
	return func(w http.ResponseWriter, r *http.Request) {
		if s.sessions.Exists(r.Context(), "flash") || r.Header.Get("HX-Request") == "true" {
			h(w, r)
			return
		}
		kept(w, r)
	}
}

// kept serves h's answer from the store's cache (keptPage). The API's
// heaviest listing, a month (300 items encoded in full, 100 ms), is kept
// with it directly: an answer depends on the account and the address only.
func (s *Server) kept(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := keptPageKey{user: actor(r).UserID, uri: r.URL.RequestURI()}
		key.minute = keptMinute(s.app.Now(), key)
		// While the page of this minute is being rendered, the page of
		// the minute before is sent if nothing has changed since: under
		// load the others asking waited a second or more for the render.
		before := key
		before.minute--
		p, err := store.RememberOr(r.Context(), s.app.DB, key, before, func() (*renderedPage, error) {
			rec := &renderedPage{header: http.Header{}, status: http.StatusOK}
			h(rec, r)
			if rec.status != http.StatusOK {
				return nil, notKept{rec}
			}
			return rec, nil
		})
		var nk notKept
		if errors.As(err, &nk) {
			p, err = nk.page, nil
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for k, v := range p.header {
			w.Header()[k] = v
		}
		w.WriteHeader(p.status)
		w.Write(p.body.Bytes())
	}
}

type keptPageKey struct {
	user   int64
	uri    string
	minute int64
}

// keptMinute is the minute a kept page belongs to: a page is kept for a
// minute at most, so that what the clock alone changes (a deadline passed
// at midnight, "today") shows within a minute. Each page's minute starts
// at its own second, drawn from its key: when every page of every user
// expired at the same instant, the next second re-rendered them all at
// once, and under load requests waited a second or more behind them.
func keptMinute(now time.Time, k keptPageKey) int64 {
	h := fnv.New32a()
	h.Write([]byte(k.uri))
	offset := (int64(h.Sum32()) + k.user*7) % 60
	return (now.Unix() + offset) / 60
}

// renderedPage records a handler's answer.
type renderedPage struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (p *renderedPage) Header() http.Header         { return p.header }
func (p *renderedPage) Write(b []byte) (int, error) { return p.body.Write(b) }
func (p *renderedPage) WriteHeader(status int)      { p.status = status }
func (p *renderedPage) CacheSize() int              { return p.body.Len() + 512 }

// notKept carries an answer that is sent but not kept.
type notKept struct{ page *renderedPage }

func (notKept) Error() string { return "web: page not kept" }
