package app

import (
	"bytes"
	"testing"
	"time"
)

func TestFeedCacheBoundedAndStamped(t *testing.T) {
	c := newFeedCache()
	t0 := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	k := func(i int) feedKey { return feedKey{wardID: 1, scope: "leader", refID: int64(i)} }
	c.put(k(0), "s1", []byte("a"), `"a"`, t0)
	if _, _, ok := c.get(k(0), "s2", t0); ok {
		t.Fatal("served a feed rendered at another stamp")
	}
	if b, etag, ok := c.get(k(0), "s1", t0); !ok || string(b) != "a" || etag != `"a"` {
		t.Fatal("lost a fresh feed")
	}
	for i := 1; i <= feedCacheEntries+10; i++ {
		c.put(k(i), "s", []byte("x"), "", t0.Add(time.Duration(i)*time.Second))
	}
	if len(c.entries) != feedCacheEntries {
		t.Fatalf("%d entries, bound %d", len(c.entries), feedCacheEntries)
	}
	if _, _, ok := c.get(k(1), "s", t0); ok {
		t.Error("the least recently used entry was kept")
	}
	big := bytes.Repeat([]byte("x"), feedCacheBytes/2+1)
	c.put(k(1000), "s", big, "", t0.Add(time.Hour))
	c.put(k(1001), "s", big, "", t0.Add(2*time.Hour))
	if c.size > feedCacheBytes {
		t.Errorf("%d bytes kept, bound %d", c.size, feedCacheBytes)
	}
	if _, _, ok := c.get(k(1001), "s", t0); !ok {
		t.Error("the newest feed was evicted")
	}
	var none *feedCache
	none.put(k(0), "s", []byte("a"), "", t0)
	if _, _, ok := none.get(k(0), "s", t0); ok {
		t.Error("a nil cache served a feed")
	}
}
