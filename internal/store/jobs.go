package store

import (
	"context"
	"database/sql"
	"time"

	"dieuhanh/internal/errs"
)

// JobClaims is the shared record of job occurrences (jobs.Claims): a row
// per occurrence, inserted by exactly one server, so every server sharing
// the database agrees on who runs what.
type JobClaims struct{ DB *DB }

// Claim inserts the occurrence for owner, or takes it over when the
// previous owner's lease ran out before it finished. Either succeeds for
// one caller only: the insert by its primary key, the take-over by its
// conditional update.
//
// Claims and their ends raise no change stamp: no kept page or figure
// reads job_runs, and the sweep's claim every 5 minutes, a write bound to
// no ward, otherwise renewed every ward's kept pages and the province's
// figures (ward_month_stats) as often.
func (c JobClaims) Claim(ctx context.Context, job string, at time.Time, owner string, now, leaseUntil time.Time) (bool, error) {
	var ok bool
	err := c.DB.updateUnstamped(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `INSERT INTO job_runs (job, at, owner, claimed_at, lease_until) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (job, at) DO NOTHING`, job, at.UTC(), owner, now.UTC(), leaseUntil.UTC())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			ok = true
			return nil
		}
		res, err = tx.exec(ctx, `UPDATE job_runs SET owner = $1, claimed_at = $2, lease_until = $3
			WHERE job = $4 AND at = $5 AND finished_at IS NULL AND lease_until < $2`, owner, now.UTC(), leaseUntil.UTC(), job, at.UTC())
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		ok = n > 0
		return nil
	})
	return ok, errs.Wrap(err, "store: claim job")
}

// Finish records the end of the owner's run.
func (c JobClaims) Finish(ctx context.Context, job string, at time.Time, owner string, now time.Time, runErr error) error {
	msg := ""
	if runErr != nil {
		msg = runErr.Error()
		if len(msg) > 2000 {
			msg = msg[:2000]
		}
	}
	err := c.DB.updateUnstamped(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE job_runs SET finished_at = $1, error = $2 WHERE job = $3 AND at = $4 AND owner = $5`,
			now.UTC(), msg, job, at.UTC(), owner)
		return err
	})
	return errs.Wrap(err, "store: finish job")
}

// JobRun is one occurrence as recorded.
type JobRun struct {
	Job        string
	At         time.Time
	Owner      string
	ClaimedAt  time.Time
	FinishedAt *time.Time
	Error      string
}

// LastJobRuns returns the latest recorded occurrence of each job.
func (tx *Tx) LastJobRuns(ctx context.Context) (map[string]JobRun, error) {
	rows, err := tx.query(ctx, `SELECT r.job, r.at, r.owner, r.claimed_at, r.finished_at, r.error FROM job_runs r
		JOIN (SELECT job, MAX(at) AS at FROM job_runs GROUP BY job) l ON l.job = r.job AND l.at = r.at`)
	if err != nil {
		return nil, errs.Wrap(err, "store: job runs")
	}
	defer rows.Close()
	out := map[string]JobRun{}
	for rows.Next() {
		var r JobRun
		var fin sql.NullTime
		if err := rows.Scan(&r.Job, &r.At, &r.Owner, &r.ClaimedAt, &fin, &r.Error); err != nil {
			return nil, errs.Wrap(err, "store: scan job run")
		}
		r.At, r.ClaimedAt, r.FinishedAt = r.At.UTC(), r.ClaimedAt.UTC(), timePtr(fin)
		out[r.Job] = r
	}
	return out, errs.Wrap(rows.Err(), "store: job runs")
}

// PruneJobRuns deletes finished occurrences older than before.
func (tx *Tx) PruneJobRuns(ctx context.Context, before time.Time) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM job_runs WHERE finished_at IS NOT NULL AND at < $1`, before.UTC())
	if err != nil {
		return 0, errs.Wrap(err, "store: prune job runs")
	}
	return res.RowsAffected()
}
