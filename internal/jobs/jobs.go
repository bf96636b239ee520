// Package jobs runs dieuhanh's background work inside `dieuhanh serve`:
// deadline sweeps every few minutes, the daily digest, pruning. Each job's
// occurrences are instants on a schedule; an occurrence runs exactly once
// across every server sharing the database, because a server must claim it
// first (a row per occurrence, inserted by one server only) and a claim
// left by a crashed server can be taken over once its lease has expired.
// Occurrences missed while no server ran are coalesced into the latest one:
// a sweep covers everything up to its instant, and yesterday's digest is
// not worth sending today.
//
// What a job produces must be recorded with a unique key (reminder kind +
// object + due instant), so a run taken over after a crash repeats nothing.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"dieuhanh/internal/calendar"
)

// Schedule gives a job's occurrences.
type Schedule interface {
	// Latest is the last occurrence at or before t.
	Latest(t time.Time) time.Time
	// Next is the first occurrence after t.
	Next(t time.Time) time.Time
	// String describes the schedule for people.
	String() string
}

// Every is an occurrence every Interval, aligned on the clock (every 5
// minutes: 10:00, 10:05, …, in any time zone whose offset is whole minutes).
type Every struct{ Interval time.Duration }

func (e Every) Latest(t time.Time) time.Time { return t.Truncate(e.Interval) }
func (e Every) Next(t time.Time) time.Time   { return t.Truncate(e.Interval).Add(e.Interval) }
func (e Every) String() string {
	if e.Interval%time.Hour == 0 {
		return fmt.Sprintf("mỗi %d giờ", int(e.Interval/time.Hour))
	}
	return fmt.Sprintf("mỗi %d phút", int(e.Interval/time.Minute))
}

// Daily is an occurrence every day at Hour:Minute Vietnam time. Whether a
// day off is skipped is the job's own business (the digest skips a ward's
// days off; pruning does not care).
type Daily struct{ Hour, Minute int }

func (d Daily) at(day calendar.Date) time.Time {
	return day.Start().Add(time.Duration(d.Hour)*time.Hour + time.Duration(d.Minute)*time.Minute)
}

func (d Daily) Latest(t time.Time) time.Time {
	day := calendar.DateOf(t)
	if at := d.at(day); !at.After(t) {
		return at
	}
	return d.at(day.AddDays(-1))
}

func (d Daily) Next(t time.Time) time.Time {
	day := calendar.DateOf(t)
	if at := d.at(day); at.After(t) {
		return at
	}
	return d.at(day.AddDays(1))
}

func (d Daily) String() string { return fmt.Sprintf("hằng ngày lúc %02d:%02d", d.Hour, d.Minute) }

// Job is one kind of background work.
type Job struct {
	Name     string // stable key, e.g. "sweep"
	Label    string // Vietnamese description for the admin page
	Schedule Schedule
	// Lease bounds how long a run may hold its claim; after it another
	// server may take the occurrence over (the job's outputs are keyed, so
	// the repeat is harmless). Default 10 minutes.
	Lease time.Duration
	Run   func(ctx context.Context, at time.Time) error
}

// Claims is the shared record of occurrences (store.JobClaims on the
// database).
type Claims interface {
	// Claim reserves occurrence at of job for owner until leaseUntil. It is
	// false when the occurrence is finished, or claimed by another owner
	// whose lease has not expired at now.
	Claim(ctx context.Context, job string, at time.Time, owner string, now, leaseUntil time.Time) (bool, error)
	// Finish records the end of a run (runErr nil: success).
	Finish(ctx context.Context, job string, at time.Time, owner string, now time.Time, runErr error) error
}

// Runner runs jobs when their occurrences fall due.
type Runner struct {
	Jobs   []Job
	Claims Claims
	Now    func() time.Time
	Owner  string // this server's identity in claims (host:pid:random)
	Log    *slog.Logger
}

// Tick runs every job whose latest occurrence is unclaimed (or abandoned),
// one after the other. It returns the first error of a claim; a job's own
// failure is recorded and logged, not returned, so one failing job does not
// stop the others.
func (r *Runner) Tick(ctx context.Context) error {
	for _, j := range r.Jobs {
		if err := r.runOnce(ctx, j); err != nil {
			return err
		}
	}
	return nil
}

func (r *Runner) runOnce(ctx context.Context, j Job) error {
	now := r.Now()
	at := j.Schedule.Latest(now)
	lease := j.Lease
	if lease <= 0 {
		lease = 10 * time.Minute
	}
	ok, err := r.Claims.Claim(ctx, j.Name, at, r.Owner, now, now.Add(lease))
	if err != nil || !ok {
		return err
	}
	runErr := safeRun(ctx, j, at)
	if runErr != nil && r.Log != nil {
		r.Log.Error("job failed", "job", j.Name, "at", at, "err", runErr)
	}
	return r.Claims.Finish(ctx, j.Name, at, r.Owner, r.Now(), runErr)
}

// safeRun turns a panic in a job into an error, so the server survives it.
func safeRun(ctx context.Context, j Job, at time.Time) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("jobs: %s panicked: %v", j.Name, p)
		}
	}()
	return j.Run(ctx, at)
}

// Loop ticks every interval (real time) until ctx ends. The clock that
// decides what is due is r.Now, so a server started on an injected clock
// runs its jobs on that clock.
func (r *Runner) Loop(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := r.Tick(ctx); err != nil && ctx.Err() == nil && r.Log != nil {
			r.Log.Error("job runner", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
