package auth

import (
	"testing"
	"time"
)

func TestBeginAttempt(t *testing.T) {
	now := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	tests := []struct {
		name       string
		pair, addr Counter
		want       Verdict
		wait       time.Duration
	}{
		{"fresh", Counter{}, Counter{}, Allow, 0},
		{"four failures", Counter{Failures: 4, LastFailure: now}, Counter{Failures: 4, LastFailure: now}, Allow, 0},
		{"five failures at this address", Counter{Failures: 5, LastFailure: now}, Counter{Failures: 5, LastFailure: now}, Refuse, 2 * time.Second},
		{"five failures, waited", Counter{Failures: 5, LastFailure: ago(3 * time.Second)}, Counter{Failures: 5, LastFailure: ago(3 * time.Second)}, Allow, 0},
		{"failures forgotten after a day", Counter{Failures: 40, LastFailure: ago(24 * time.Hour)}, Counter{}, Allow, 0},
		{"the address failed on many logins", Counter{}, Counter{Failures: 30, LastFailure: now}, Refuse, 2 * time.Second},
		{"the address's failures forgotten after an hour", Counter{}, Counter{Failures: 30, LastFailure: ago(time.Hour)}, Allow, 0},
		{"the stricter counter decides", Counter{Failures: 6, LastFailure: now}, Counter{Failures: 31, LastFailure: now}, Refuse, 4 * time.Second},
		// Five attempts being checked could be five failures: wait for them.
		{"five being checked", Counter{Pending: 5, LastAttempt: now}, Counter{Pending: 5, LastAttempt: now}, Busy, 0},
		{"two failed, three being checked", Counter{Failures: 2, Pending: 3, LastAttempt: now, LastFailure: now}, Counter{Pending: 3, LastAttempt: now}, Busy, 0},
		{"four being checked", Counter{Pending: 4, LastAttempt: now}, Counter{Pending: 4, LastAttempt: now}, Allow, 0},
		{"thirty being checked at the address", Counter{}, Counter{Pending: 30, LastAttempt: now}, Busy, 0},
		{"past the limit, one at a time", Counter{Failures: 5, Pending: 1, LastFailure: ago(time.Minute), LastAttempt: now}, Counter{Failures: 5, Pending: 1, LastAttempt: now}, Busy, 0},
		{"a stale attempt no longer counts", Counter{Pending: 5, LastAttempt: ago(time.Minute)}, Counter{Pending: 5, LastAttempt: ago(time.Minute)}, Allow, 0},
		{"refusal before waiting", Counter{Failures: 5, Pending: 5, LastFailure: now, LastAttempt: now}, Counter{}, Refuse, 2 * time.Second},
	}
	for _, tt := range tests {
		pair, addr, v, w := BeginAttempt(tt.pair, tt.addr, now)
		if v != tt.want || w != tt.wait {
			t.Errorf("%s: verdict %d wait %v, want %d %v", tt.name, v, w, tt.want, tt.wait)
			continue
		}
		// An allowed attempt is counted as being checked on both counters.
		if v == Allow {
			if pair.Pending != PairRule().fresh(tt.pair, now).Pending+1 || addr.Pending != AddressRule().fresh(tt.addr, now).Pending+1 ||
				!pair.LastAttempt.Equal(now) || !addr.LastAttempt.Equal(now) {
				t.Errorf("%s: counters after %+v %+v", tt.name, pair, addr)
			}
		} else if pair.Pending != PairRule().fresh(tt.pair, now).Pending {
			t.Errorf("%s: a refused attempt was counted: %+v", tt.name, pair)
		}
	}
}

func TestEndAttempt(t *testing.T) {
	now := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
	before := now.Add(-time.Second)
	pair := Counter{Failures: 3, Pending: 2, LastFailure: before, LastAttempt: before}
	addr := Counter{Failures: 7, Pending: 4, LastFailure: before, LastAttempt: before}

	// A success clears the login's failures at that address, not the address's.
	p, a := EndAttempt(pair, addr, true, now)
	if p.Failures != 0 || p.Pending != 1 || a.Failures != 7 || a.Pending != 3 {
		t.Errorf("success: %+v %+v", p, a)
	}
	p, a = EndAttempt(pair, addr, false, now)
	if p.Failures != 4 || p.Pending != 1 || !p.LastFailure.Equal(now) || a.Failures != 8 || a.Pending != 3 || !a.LastFailure.Equal(now) {
		t.Errorf("failure: %+v %+v", p, a)
	}
	// A failure long after the last one starts the count again.
	old := Counter{Failures: 20, Pending: 1, LastFailure: now.Add(-25 * time.Hour), LastAttempt: now}
	if p, a = EndAttempt(old, old, false, now); p.Failures != 1 || a.Failures != 1 {
		t.Errorf("after forgetting: %+v %+v", p, a)
	}
	// Pending never goes below zero (a stale attempt was already dropped).
	if p, _ = EndAttempt(Counter{}, Counter{}, true, now); p.Pending != 0 {
		t.Errorf("pending %d", p.Pending)
	}
}

// Twenty guesses at once from one address: five are checked, and once they
// fail the fifteen others are refused, never checked.
func TestParallelGuessesStopAtTheLimit(t *testing.T) {
	now := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
	var pair, addr Counter
	checked, waiting := 0, 0
	for range 20 {
		var v Verdict
		var p, a Counter
		if p, a, v, _ = BeginAttempt(pair, addr, now); v == Allow {
			pair, addr = p, a
			checked++
		} else if v == Busy {
			waiting++
		}
	}
	if checked != 5 || waiting != 15 {
		t.Fatalf("checked %d, waiting %d", checked, waiting)
	}
	for range checked {
		pair, addr = EndAttempt(pair, addr, false, now)
	}
	if _, _, v, w := BeginAttempt(pair, addr, now); v != Refuse || w != 2*time.Second {
		t.Fatalf("after five failures: %d %v", v, w)
	}
	// Right passwords at the same moment all get through: as each ends,
	// the next waiting one goes on.
	pair, addr = Counter{}, Counter{}
	done := 0
	for done < 12 {
		p, a, v, _ := BeginAttempt(pair, addr, now)
		if v == Allow {
			pair, addr = p, a
			continue
		}
		if v == Refuse {
			t.Fatalf("a right password refused after %d", done)
		}
		pair, addr = EndAttempt(pair, addr, true, now)
		done++
	}
}
