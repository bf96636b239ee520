package auth

import "time"

// Login throttling. Two counters watch every attempt: one for the login at
// the client's address, one for the address over all logins. A login as
// such is never locked, so someone guessing from one address cannot lock
// the owner out from another. The counters live in the database, so they
// hold across restarts and several servers; the rules here are pure.

// FreeAttempts is how many wrong passwords a login may have at one address
// before each further attempt must wait.
const FreeAttempts = 5

// FreeAttemptsPerAddress is how many failures one address may have over all
// logins before it must wait: enough for a ward office behind one address,
// too few to sweep through many accounts.
const FreeAttemptsPerAddress = 30

// StalePending is how long an attempt may stay counted as being checked: one
// older than this ended without a word (a server stopped mid-check).
const StalePending = time.Minute

// Counter is one throttle counter as stored.
type Counter struct {
	Failures    int // wrong passwords not yet forgotten
	Pending     int // attempts whose password is being checked now
	LastFailure time.Time
	LastAttempt time.Time
}

// Rule is how one counter throttles.
type Rule struct {
	Free   int           // failures allowed before waits start
	Forget time.Duration // failures are forgotten this long after the last one
}

// PairRule throttles a login at one address.
func PairRule() Rule { return Rule{Free: FreeAttempts, Forget: 24 * time.Hour} }

// AddressRule throttles an address over all logins.
func AddressRule() Rule { return Rule{Free: FreeAttemptsPerAddress, Forget: time.Hour} }

// Verdict is the answer to an attempt.
type Verdict int

const (
	Allow  Verdict = iota // check the password
	Busy                  // attempts being checked now could use up the free failures: ask again shortly
	Refuse                // too many failures: wait
)

// fresh drops forgotten failures and stale pending attempts.
func (r Rule) fresh(c Counter, now time.Time) Counter {
	if c.Failures > 0 && now.Sub(c.LastFailure) >= r.Forget {
		c.Failures = 0
	}
	if c.Pending > 0 && now.Sub(c.LastAttempt) >= StalePending {
		c.Pending = 0
	}
	return c
}

func (r Rule) check(c Counter, now time.Time) (Verdict, time.Duration) {
	if w := wait(c.Failures, r.Free, c.LastFailure, now); w > 0 {
		return Refuse, w
	}
	// Were every attempt being checked now to fail, this one would have to
	// wait: it waits for their outcome instead of being refused, so several
	// right passwords at the same moment all get in.
	if c.Pending > 0 && c.Failures+c.Pending >= r.Free {
		return Busy, 0
	}
	return Allow, 0
}

// BeginAttempt decides on an attempt from its two counters (the login at
// the address, the address). When it is allowed, both come back with the
// attempt counted as pending; stored before the password is checked, they
// keep parallel guesses from slipping under the limit together.
func BeginAttempt(pair, addr Counter, now time.Time) (Counter, Counter, Verdict, time.Duration) {
	pair, addr = PairRule().fresh(pair, now), AddressRule().fresh(addr, now)
	v1, w1 := PairRule().check(pair, now)
	v2, w2 := AddressRule().check(addr, now)
	v, w := max(v1, v2), max(w1, w2)
	if v == Allow {
		pair.Pending++
		addr.Pending++
		pair.LastAttempt, addr.LastAttempt = now, now
	}
	return pair, addr, v, w
}

// EndAttempt records the outcome of an attempt that BeginAttempt allowed. A
// success clears the failures of the login at that address, not those of
// the address: one good account must not reset a sweep over many.
func EndAttempt(pair, addr Counter, ok bool, now time.Time) (Counter, Counter) {
	pair, addr = PairRule().fresh(pair, now), AddressRule().fresh(addr, now)
	pair.Pending, addr.Pending = max(pair.Pending-1, 0), max(addr.Pending-1, 0)
	if ok {
		pair.Failures = 0
		return pair, addr
	}
	pair.Failures++
	addr.Failures++
	pair.LastFailure, addr.LastFailure = now, now
	return pair, addr
}

// LoginWait returns how long a login at one address must wait after
// `failures` failures, the last at `last`: nothing for the first five, then
// 2, 4, 8 … seconds, capped at 15 minutes.
func LoginWait(failures int, last, now time.Time) time.Duration {
	return wait(failures, FreeAttempts, last, now)
}

// wait is the doubling delay once free failures are used up.
func wait(failures, free int, last, now time.Time) time.Duration {
	if failures < free {
		return 0
	}
	step := failures - free + 1
	delay := 15 * time.Minute
	if step < 10 {
		delay = min(time.Duration(1<<step)*time.Second, 15*time.Minute)
	}
	if w := last.Add(delay).Sub(now); w > 0 {
		return w
	}
	return 0
}
