package store

import (
	"testing"
	"time"
)

// While a kept value is rebuilt, the others asking get the one kept under
// stale at the same stamp at once; at another stamp (the database has
// changed) or without stale, they wait for the build.
func TestCacheServesStaleWhileBuilding(t *testing.T) {
	const ward = 3
	cases := []struct {
		name       string
		keptAt     int64 // the stamp "before" was kept at
		stale      any
		wantBefore bool // the second asker gets "before" without waiting
	}{
		{"same stamp, stale named", 5, "minute 1", true},
		{"the database changed since", 4, "minute 1", false},
		{"no stale named", 5, nil, false},
		{"stale not kept", 5, "minute 0", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var c cache
			c.keep(ward, tc.keptAt, "minute 1", "before")
			release := make(chan struct{})
			started := make(chan struct{})
			go c.get(ward, 5, "minute 2", tc.stale, func() (any, error) {
				close(started)
				<-release
				return "after", nil
			})
			<-started
			got := make(chan any, 1)
			go func() {
				v, _ := c.get(ward, 5, "minute 2", tc.stale, func() (any, error) { return "built twice", nil })
				got <- v
			}()
			// The build is held until the second answer is in (or, when
			// that one must wait, for a moment: waiting is all it can show).
			wait := 200 * time.Millisecond
			if tc.wantBefore {
				wait = time.Minute
			}
			select {
			case v := <-got:
				if !tc.wantBefore || v != "before" {
					t.Fatalf("answered %v while the build ran", v)
				}
				close(release)
			case <-time.After(wait):
				if tc.wantBefore {
					t.Fatal("waited for the build, with the value of the minute before kept")
				}
				close(release)
				if v := <-got; v != "after" {
					t.Fatalf("after the build: %v", v)
				}
			}
		})
	}
}
