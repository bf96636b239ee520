package jobs

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"dieuhanh/internal/calendar"
)

func vn(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, calendar.VN())
	if err != nil {
		panic(err)
	}
	return t
}

func TestEvery(t *testing.T) {
	e := Every{5 * time.Minute}
	for _, tc := range []struct{ now, latest, next string }{
		{"2026-12-01 10:00:00", "2026-12-01 10:00:00", "2026-12-01 10:05:00"},
		{"2026-12-01 10:04:59", "2026-12-01 10:00:00", "2026-12-01 10:05:00"},
		{"2026-12-31 23:58:00", "2026-12-31 23:55:00", "2027-01-01 00:00:00"},
	} {
		if got := e.Latest(vn(tc.now)); !got.Equal(vn(tc.latest)) {
			t.Errorf("Latest(%s) = %s", tc.now, got.In(calendar.VN()))
		}
		if got := e.Next(vn(tc.now)); !got.Equal(vn(tc.next)) {
			t.Errorf("Next(%s) = %s", tc.now, got.In(calendar.VN()))
		}
	}
}

func TestDaily(t *testing.T) {
	d := Daily{7, 30}
	for _, tc := range []struct{ now, latest, next string }{
		{"2026-12-01 07:29:59", "2026-11-30 07:30:00", "2026-12-01 07:30:00"},
		{"2026-12-01 07:30:00", "2026-12-01 07:30:00", "2026-12-02 07:30:00"},
		{"2026-12-01 23:59:00", "2026-12-01 07:30:00", "2026-12-02 07:30:00"},
		// 00:30 UTC on 01/12 is 07:30 in Vietnam: the day is Vietnam's.
		{"2027-01-01 00:10:00", "2026-12-31 07:30:00", "2027-01-01 07:30:00"},
		{"2028-02-29 08:00:00", "2028-02-29 07:30:00", "2028-03-01 07:30:00"},
	} {
		if got := d.Latest(vn(tc.now)); !got.Equal(vn(tc.latest)) {
			t.Errorf("Latest(%s) = %s, want %s", tc.now, got.In(calendar.VN()), tc.latest)
		}
		if got := d.Next(vn(tc.now)); !got.Equal(vn(tc.next)) {
			t.Errorf("Next(%s) = %s, want %s", tc.now, got.In(calendar.VN()), tc.next)
		}
	}
	if got := d.Latest(time.Date(2026, 12, 1, 0, 30, 0, 0, time.UTC)); !got.Equal(vn("2026-12-01 07:30:00")) {
		t.Errorf("UTC input: %s", got)
	}
}

// memClaims is Claims in memory, with the same rules as the database.
type memClaims struct {
	mu   sync.Mutex
	rows map[string]*claimRow
}

type claimRow struct {
	owner    string
	until    time.Time
	finished bool
	err      error
}

func (m *memClaims) Claim(_ context.Context, job string, at time.Time, owner string, now, until time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rows == nil {
		m.rows = map[string]*claimRow{}
	}
	k := job + at.UTC().String()
	r := m.rows[k]
	switch {
	case r == nil:
		m.rows[k] = &claimRow{owner: owner, until: until}
		return true, nil
	case r.finished || r.until.After(now):
		return false, nil
	}
	r.owner, r.until = owner, until
	return true, nil
}

func (m *memClaims) Finish(_ context.Context, job string, at time.Time, owner string, now time.Time, runErr error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := m.rows[job+at.UTC().String()]
	if r == nil || r.owner != owner {
		return errors.New("finish without claim")
	}
	r.finished, r.err = true, runErr
	return nil
}

func TestRunnerRunsEachOccurrenceOnceAcrossRunners(t *testing.T) {
	claims := &memClaims{}
	var mu sync.Mutex
	var runs []time.Time
	job := Job{Name: "sweep", Schedule: Every{5 * time.Minute}, Run: func(_ context.Context, at time.Time) error {
		mu.Lock()
		runs = append(runs, at)
		mu.Unlock()
		return nil
	}}
	now := vn("2026-12-01 10:01:00")
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	a := &Runner{Jobs: []Job{job}, Claims: claims, Now: clock, Owner: "a"}
	b := &Runner{Jobs: []Job{job}, Claims: claims, Now: clock, Owner: "b"}
	step := func(to string) {
		mu.Lock()
		now = vn(to)
		mu.Unlock()
		var wg sync.WaitGroup
		for _, r := range []*Runner{a, b, a, b} {
			wg.Add(1)
			go func() { defer wg.Done(); r.Tick(context.Background()) }()
		}
		wg.Wait()
	}
	step("2026-12-01 10:01:00")
	step("2026-12-01 10:04:00")
	step("2026-12-01 10:05:30")
	// Both runners stopped for 40 minutes: the missed occurrences are one run.
	step("2026-12-01 10:47:00")
	want := []time.Time{vn("2026-12-01 10:00:00"), vn("2026-12-01 10:05:00"), vn("2026-12-01 10:45:00")}
	if len(runs) != len(want) {
		t.Fatalf("runs %v, want %v", runs, want)
	}
	for i := range want {
		if !runs[i].Equal(want[i]) {
			t.Errorf("run %d at %s, want %s", i, runs[i].In(calendar.VN()), want[i].In(calendar.VN()))
		}
	}
}

func TestRunnerTakesOverAnAbandonedClaim(t *testing.T) {
	claims := &memClaims{}
	now := vn("2026-12-01 07:31:00")
	n := 0
	job := Job{Name: "digest", Schedule: Daily{7, 30}, Lease: 10 * time.Minute, Run: func(context.Context, time.Time) error { n++; return nil }}
	// A server claimed 07:30 and died in the middle of the run.
	if ok, _ := claims.Claim(context.Background(), "digest", vn("2026-12-01 07:30:00"), "dead", now, now.Add(10*time.Minute)); !ok {
		t.Fatal("first claim refused")
	}
	r := &Runner{Jobs: []Job{job}, Claims: claims, Now: func() time.Time { return now }, Owner: "alive"}
	r.Tick(context.Background())
	if n != 0 {
		t.Fatal("a live lease was taken over")
	}
	now = vn("2026-12-01 07:41:00")
	r.Tick(context.Background())
	r.Tick(context.Background())
	if n != 1 {
		t.Fatalf("abandoned occurrence ran %d times, want 1", n)
	}
}

func TestRunnerRecordsFailuresAndPanics(t *testing.T) {
	claims := &memClaims{}
	now := vn("2026-12-01 10:00:00")
	boom := Job{Name: "boom", Schedule: Every{time.Hour}, Run: func(context.Context, time.Time) error { panic("x") }}
	fail := Job{Name: "fail", Schedule: Every{time.Hour}, Run: func(context.Context, time.Time) error { return errors.New("smtp down") }}
	ran := false
	ok := Job{Name: "ok", Schedule: Every{time.Hour}, Run: func(context.Context, time.Time) error { ran = true; return nil }}
	r := &Runner{Jobs: []Job{boom, fail, ok}, Claims: claims, Now: func() time.Time { return now }, Owner: "a"}
	if err := r.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !ran {
		t.Error("a failing job stopped the next one")
	}
	for _, name := range []string{"boom", "fail"} {
		row := claims.rows[name+vn("2026-12-01 10:00:00").UTC().String()]
		if row == nil || !row.finished || row.err == nil {
			t.Errorf("%s: %+v", name, row)
		}
	}
}
