package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/jobs"
	"dieuhanh/internal/store"
)

// The background jobs `dieuhanh serve` runs (internal/jobs claims each
// occurrence once across servers). Each job goes through every ward of the
// deployment; one ward's failure is logged and does not stop the others.

// Jobs are the jobs in the order they run at a tick.
func (app *App) Jobs() []jobs.Job {
	return []jobs.Job{
		{Name: "sweep", Label: "Quét thời hạn: ghi nhận vi phạm, quá hạn, thiếu báo cáo; nhắc việc",
			Schedule: jobs.Every{Interval: 5 * time.Minute}, Run: app.runSweep},
		{Name: "digest", Label: "Bản tin công việc hằng ngày (ngày làm việc, theo giờ phường đặt)",
			Schedule: jobs.Every{Interval: 5 * time.Minute}, Run: app.runDigest},
		{Name: "prune", Label: "Dọn dữ liệu cũ: phiên đăng nhập, mã truy cập, thông báo đã đọc, thư đã gửi",
			Schedule: jobs.Every{Interval: time.Hour}, Run: app.runPrune},
		// After midnight, when statuses have moved with the date and the
		// sweeps of the tick (run first) have recorded it: the province's
		// first view of the day finds every ward's figures current.
		{Name: "province", Label: "Tính lại số liệu tổng quan tỉnh: 12 tháng gần nhất của mỗi phường",
			Schedule: jobs.Daily{Hour: 0, Minute: 30}, Run: app.runProvinceStats},
	}
}

// eachWard runs fn for every ward not disabled, joining the failures,
// with a context bound to that ward (store.ForWard): its writes raise the
// ward's own stamp and, on PostgreSQL, touch no other ward's rows.
func (app *App) eachWard(ctx context.Context, fn func(ctx context.Context, wardID int64) error) error {
	var wards []int64
	if err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		wards, err = tx.ActiveWardIDs(ctx)
		return err
	}); err != nil {
		return err
	}
	var all []error
	for _, w := range wards {
		if err := fn(store.ForWard(ctx, w), w); err != nil {
			all = append(all, fmt.Errorf("ward %d: %w", w, err))
		}
		if ctx.Err() != nil {
			break
		}
	}
	return errors.Join(all...)
}

func (app *App) runSweep(ctx context.Context, at time.Time) error {
	return app.eachWard(ctx, func(ctx context.Context, wardID int64) error { return app.SweepWard(ctx, wardID, at) })
}

// SweepWard does everything time alone brings to a ward by at: readiness
// breaches and reminders, items gone overdue, remediation reports missing,
// registration windows closing, deadline and remediation reminders, the
// month's consolidated report draft. Every output is keyed, so a sweep
// interrupted anywhere and run again produces each thing once.
func (app *App) SweepWard(ctx context.Context, wardID int64, at time.Time) error {
	var all []error
	step := func(name string, err error) {
		if err != nil {
			all = append(all, fmt.Errorf("%s: %w", name, err))
		}
	}
	_, err := app.SweepReadiness(ctx, wardID, at)
	step("readiness", err)
	_, err = app.SweepOverdue(ctx, wardID, at)
	step("overdue", err)
	step("overdue notices", app.NoticeOverdue(ctx, wardID, at))
	_, err = app.SweepMissingReports(ctx, wardID, at)
	step("missing reports", err)
	step("registration", app.SweepRegistration(ctx, wardID, at))
	step("deadlines", app.RemindDeadlines(ctx, wardID, at))
	step("remediation reminders", app.RemindRemediation(ctx, wardID, at))
	// The Office's monthly report is drafted from the record on its day.
	step("consolidated report", app.DraftConsolidatedReports(ctx, wardID, at))
	return errors.Join(all...)
}

func (app *App) runProvinceStats(ctx context.Context, at time.Time) error {
	n, err := app.RefreshProvinceStats(ctx, at)
	if err == nil && app.Log != nil && n > 0 {
		app.Log.Info("province figures renewed", "ward_months", n)
	}
	return err
}

// Retention of what the prune job deletes.
const (
	keepJobRuns           = 30 * 24 * time.Hour
	keepReadNotifications = 365 * 24 * time.Hour
	keepSentMail          = 30 * 24 * time.Hour
	keepSweepMarks        = 400 * 24 * time.Hour
)

func (app *App) runPrune(ctx context.Context, at time.Time) error {
	p, err := app.PruneAuthRecords(ctx)
	if err != nil {
		return err
	}
	var runs, notes, mails int64
	// What is pruned (old job runs, notifications read a year ago, mail
	// sent a month ago, old sweep marks) is on no kept page: the hourly
	// prune must not renew every ward's.
	err = app.DB.UpdateUnkept(ctx, func(tx *store.Tx) error {
		var err error
		if runs, err = tx.PruneJobRuns(ctx, at.Add(-keepJobRuns)); err != nil {
			return err
		}
		if notes, err = tx.PruneNotifications(ctx, at.Add(-keepReadNotifications)); err != nil {
			return err
		}
		if mails, err = tx.PruneOutbox(ctx, at.Add(-keepSentMail)); err != nil {
			return err
		}
		_, err = tx.PruneSweepMarks(ctx, at.Add(-keepSweepMarks))
		return err
	})
	if err == nil && app.Log != nil && (p != (Pruned{}) || runs+notes+mails > 0) {
		app.Log.Info("pruned", "sessions", p.Sessions, "api_tokens", p.Tokens, "login_counters", p.LoginCounters,
			"job_runs", runs, "read_notifications", notes, "sent_mail", mails)
	}
	return err
}

// JobStatus is one job as `dieuhanh jobs` and the admin page show it.
type JobStatus struct {
	Name, Label, Schedule string
	Last                  *store.JobRun // nil: never ran
	Next                  time.Time
}

// JobStatuses lists the jobs with their last recorded run and next
// occurrence at now (the CLI; the page asks AdminJobs).
func (app *App) JobStatuses(ctx context.Context) ([]JobStatus, error) {
	var last map[string]store.JobRun
	if err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		last, err = tx.LastJobRuns(ctx)
		return err
	}); err != nil {
		return nil, err
	}
	now := app.Now()
	var out []JobStatus
	for _, j := range app.Jobs() {
		s := JobStatus{Name: j.Name, Label: j.Label, Schedule: j.Schedule.String(), Next: j.Schedule.Next(now)}
		if r, ok := last[j.Name]; ok {
			s.Last = &r
		}
		out = append(out, s)
	}
	return out, nil
}

// JobsPage is the admin's view of the background work.
type JobsPage struct {
	Jobs       []JobStatus
	NextDigest time.Time // the ward's next digest
	DigestTime string
	Pending    int // mail waiting in the outbox
	Failed     int
	FailedMail []store.OutboxMessage
	MailOn     bool
}

// AdminJobs is the jobs page: the jobs, the ward's next digest and the
// outbox's failed messages with the servers' answers.
func (app *App) AdminJobs(ctx context.Context, a auth.Actor) (JobsPage, error) {
	if err := require(a, auth.ViewJobs, auth.Target{}); err != nil {
		return JobsPage{}, err
	}
	var p JobsPage
	var err error
	if p.Jobs, err = app.JobStatuses(ctx); err != nil {
		return p, err
	}
	w, err := app.wardRules(ctx, a.WardID)
	if err != nil {
		return p, err
	}
	p.DigestTime = w.ward.Settings.DigestTime
	p.NextDigest = nextDigest(w, app.Now())
	err = app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if p.Pending, p.Failed, err = tx.OutboxStats(ctx, a.WardID); err != nil {
			return err
		}
		if p.MailOn, err = tx.MailOn(ctx, a.WardID); err != nil {
			return err
		}
		p.FailedMail, err = tx.OutboxFailed(ctx, a.WardID, 100)
		return err
	})
	return p, err
}
