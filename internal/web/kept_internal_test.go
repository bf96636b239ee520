package web

import (
	"testing"
	"time"
)

// A kept page lives a minute at most, and the pages of many users expire
// at many different seconds, not all at once.
func TestKeptMinuteSpreadsExpiries(t *testing.T) {
	start := time.Date(2026, 12, 31, 23, 58, 30, 0, time.FixedZone("ICT", 7*3600))
	seconds := map[int]bool{}
	for user := int64(1); user <= 20; user++ {
		for _, uri := range []string{"/", "/programs/2026-12", "/schedule", "/search?unit=KTHTDT", "/api/v1/programs/2026-12"} {
			k := keptPageKey{user: user, uri: uri}
			var changes []int
			prev := keptMinute(start, k)
			for s := 1; s <= 180; s++ {
				if m := keptMinute(start.Add(time.Duration(s)*time.Second), k); m != prev {
					changes = append(changes, s)
					prev = m
				}
			}
			if len(changes) != 3 || changes[1]-changes[0] != 60 || changes[2]-changes[1] != 60 {
				t.Fatalf("%s of user %d renewed at seconds %v, want every 60 s", uri, user, changes)
			}
			seconds[changes[0]] = true
		}
	}
	if len(seconds) < 30 {
		t.Errorf("100 pages expire at only %d different seconds of the minute", len(seconds))
	}
}
