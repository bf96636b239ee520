package app

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"

	"dieuhanh/internal/store"
)

// Bounds of the rendered-feed cache: calendar apps poll every few minutes,
// and a leader's year is about 1.5 MB of iCalendar.
const (
	feedCacheEntries = 64
	feedCacheBytes   = 64 << 20
)

// feedKey names what a feed shows: its ward and scope (tokens of the same
// scope share one entry).
type feedKey struct {
	wardID int64
	scope  string
	refID  int64
}

type feedEntry struct {
	stamp string // store.FeedStamp when rendered
	body  []byte
	etag  string
	used  time.Time
}

// feedCache keeps rendered feeds per scope, valid while their stamp is. It
// belongs to one App (one server process); several servers each keep their
// own, and the stamp read from the database keeps them all correct.
type feedCache struct {
	mu      sync.Mutex
	entries map[feedKey]*feedEntry
	size    int
}

func newFeedCache() *feedCache { return &feedCache{entries: map[feedKey]*feedEntry{}} }

// get returns the body and ETag cached for k if it was rendered at stamp.
func (c *feedCache) get(k feedKey, stamp string, now time.Time) ([]byte, string, bool) {
	if c == nil {
		return nil, "", false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok || e.stamp != stamp {
		return nil, "", false
	}
	e.used = now
	return e.body, e.etag, true
}

// put keeps body for k at stamp, evicting the least recently used entries
// beyond the bounds. A body larger than the whole cache is not kept.
func (c *feedCache) put(k feedKey, stamp string, body []byte, etag string, now time.Time) {
	if c == nil || len(body) > feedCacheBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.entries[k]; ok {
		c.size -= len(old.body)
	}
	c.entries[k] = &feedEntry{stamp: stamp, body: body, etag: etag, used: now}
	c.size += len(body)
	for len(c.entries) > feedCacheEntries || c.size > feedCacheBytes {
		var oldest feedKey
		var at time.Time
		first := true
		for key, e := range c.entries {
			if key != k && (first || e.used.Before(at)) {
				oldest, at, first = key, e.used, false
			}
		}
		if first {
			break
		}
		c.size -= len(c.entries[oldest].body)
		delete(c.entries, oldest)
	}
}

// etagOf is the strong validator of a feed body.
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

func feedKeyOf(ft store.FeedToken) feedKey {
	return feedKey{wardID: ft.WardID, scope: ft.Scope, refID: ft.RefID}
}
