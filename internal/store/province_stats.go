package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
	"dieuhanh/internal/province"
	"dieuhanh/internal/remediation"
)

// The province's view (issue 13): each ward's month in figures, kept in
// ward_month_stats (migration 00032) under the ward's change stamp and the
// day they were computed, so the view reads one row per ward and month
// instead of the items, meetings and reports behind them. The figures'
// rules are in internal/province; this file reads what they need and keeps
// the rows.

// WardMonthStat is one kept row: a ward's month, computed at Stamp (the
// ward's change stamp, read before anything the figures were computed
// from) on ComputedOn (Vietnam date).
type WardMonthStat struct {
	WardID     int64
	YM         int
	Stamp      int64
	ComputedOn calendar.Date
	Figures    province.Figures
}

// ProvinceWard is a ward as the province's view lists it.
type ProvinceWard struct {
	ID         int64
	Code, Name string
}

// ProvinceWards lists the wards not disabled, by code (the overview's rows;
// the list of wards, disabled ones included, is WardStates).
func (tx *Tx) ProvinceWards(ctx context.Context) ([]ProvinceWard, error) {
	rows, err := tx.query(ctx, `SELECT id, code, name FROM wards WHERE disabled_at IS NULL ORDER BY code LIMIT $1`, maxWards)
	if err != nil {
		return nil, errs.Wrap(err, "store: province wards")
	}
	defer rows.Close()
	var out []ProvinceWard
	for rows.Next() {
		var w ProvinceWard
		if err := rows.Scan(&w.ID, &w.Code, &w.Name); err != nil {
			return nil, errs.Wrap(err, "store: scan ward")
		}
		out = append(out, w)
	}
	return out, errs.Wrap(rows.Err(), "store: province wards")
}

// Stamps are the deployment's change stamp and each ward's own, read at
// one moment (stamp.go).
type Stamps struct {
	Global int64
	Own    map[int64]int64
}

// Of is the ward's effective stamp: the deployment's plus the ward's own.
// Every write that can change the ward's rows raises one of them.
func (s Stamps) Of(ward int64) int64 { return s.Global + s.Own[ward] }

// WardStamps reads every ward's stamp in one statement. Whoever reads the
// stamps before the data sees data at least as new as them, so a row
// computed after this read and kept under its stamp is never newer than it
// claims; at worst older (a write came between), and then recomputed.
func (tx *Tx) WardStamps(ctx context.Context) (Stamps, error) {
	s := Stamps{Own: map[int64]int64{}}
	rows, err := tx.query(ctx, allStamps)
	if err != nil {
		return s, errs.Wrap(err, "store: change stamps")
	}
	defer rows.Close()
	for rows.Next() {
		var w, n int64
		if err := rows.Scan(&w, &n); err != nil {
			return s, errs.Wrap(err, "store: change stamps")
		}
		if w == 0 {
			s.Global = n
		} else {
			s.Own[w] = n
		}
	}
	return s, errs.Wrap(rows.Err(), "store: change stamps")
}

const statCols = `ward_id, ym, stamp, computed_on, items, cancelled, done_on_time, done_late, pending_acceptance, overdue,
	due_soon, in_progress, not_started, carried_over, rejected, due_by_now, meetings, meetings_not_ready,
	reports, reports_missing, reports_late, program_state, issue_deadline, issued_on, program_issued_late`

// statColCount is the number of statCols.
const statColCount = 25

func scanStat(s interface{ Scan(...any) error }) (WardMonthStat, error) {
	var r WardMonthStat
	var on, deadline, issued string
	f := &r.Figures
	err := s.Scan(&r.WardID, &r.YM, &r.Stamp, &on, &f.Items, &f.Cancelled, &f.DoneOnTime, &f.DoneLate, &f.PendingAcceptance,
		&f.Overdue, &f.DueSoon, &f.InProgress, &f.NotStarted, &f.CarriedOver, &f.Rejected, &f.DueByNow, &f.Meetings,
		&f.MeetingsNotReady, &f.Reports, &f.ReportsMissing, &f.ReportsLate, &f.Program.State, &deadline, &issued, &f.Program.Late)
	if err != nil {
		return r, err
	}
	// A date that does not parse stays zero: the row is then not current
	// (computed_on) and is recomputed.
	r.ComputedOn, _ = calendar.ParseDate(on)
	f.Program.Deadline, _ = calendar.ParseDate(deadline)
	f.Program.IssuedOn, _ = calendar.ParseDate(issued)
	return r, nil
}

func statArgs(r WardMonthStat) []any {
	f := r.Figures
	date := func(d calendar.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.String()
	}
	return []any{r.WardID, r.YM, r.Stamp, date(r.ComputedOn), f.Items, f.Cancelled, f.DoneOnTime, f.DoneLate, f.PendingAcceptance,
		f.Overdue, f.DueSoon, f.InProgress, f.NotStarted, f.CarriedOver, f.Rejected, f.DueByNow, f.Meetings,
		f.MeetingsNotReady, f.Reports, f.ReportsMissing, f.ReportsLate, f.Program.State, date(f.Program.Deadline),
		date(f.Program.IssuedOn), f.Program.Late}
}

func (tx *Tx) stats(ctx context.Context, where string, args ...any) ([]WardMonthStat, error) {
	rows, err := tx.query(ctx, `SELECT `+statCols+` FROM ward_month_stats WHERE `+where, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: ward month stats")
	}
	defer rows.Close()
	var out []WardMonthStat
	for rows.Next() {
		r, err := scanStat(rows)
		if err != nil {
			return nil, errs.Wrap(err, "store: scan ward month stats")
		}
		out = append(out, r)
	}
	return out, errs.Wrap(rows.Err(), "store: ward month stats")
}

// MonthStats returns the kept rows of one month (YYYYMM), every ward's
// (ward_month_stats_ym).
func (tx *Tx) MonthStats(ctx context.Context, ym int) ([]WardMonthStat, error) {
	return tx.stats(ctx, `ym = $1 ORDER BY ward_id`, ym)
}

// WardStats returns a ward's kept rows of the months fromYM..toYM.
func (tx *Tx) WardStats(ctx context.Context, wardID int64, fromYM, toYM int) ([]WardMonthStat, error) {
	wardID = tx.scope(wardID)
	return tx.stats(ctx, `ward_id = $1 AND ym >= $2 AND ym <= $3 ORDER BY ym`, wardID, fromYM, toYM)
}

// statsChunk bounds the rows of one INSERT (25 parameters each: far below
// either engine's limit on parameters).
const statsChunk = 100

// SaveWardMonthStats keeps recomputed rows, replacing the ones they
// recompute. The write raises no change stamp: the rows are derived from
// what the stamps already cover, and raising a stamp for them would make
// every kept row stale again (and every ward's kept pages with it, for a
// write bound to no ward). Two servers saving the same row at once both
// succeed; the last one stays, and is recomputed if it is the older.
func (db *DB) SaveWardMonthStats(ctx context.Context, rows []WardMonthStat) error {
	if len(rows) == 0 {
		return nil
	}
	return db.updateUnstamped(ctx, func(tx *Tx) error {
		for lo := 0; lo < len(rows); lo += statsChunk {
			hi := min(lo+statsChunk, len(rows))
			var values []string
			var args []any
			for _, r := range rows[lo:hi] {
				values = append(values, "("+placeholders(len(args)+1, statColCount)+")")
				args = append(args, statArgs(r)...)
			}
			var set []string
			for _, c := range strings.Split(statCols, ",")[2:] {
				c = strings.TrimSpace(c)
				set = append(set, c+" = excluded."+c)
			}
			if _, err := tx.exec(ctx, `INSERT INTO ward_month_stats (`+statCols+`) VALUES `+strings.Join(values, ", ")+
				` ON CONFLICT (ward_id, ym) DO UPDATE SET `+strings.Join(set, ", "), args...); err != nil {
				return errs.Wrap(err, "store: save ward month stats")
			}
		}
		return nil
	})
}

// MonthItem is one item as the province's figures need it.
type MonthItem struct {
	YM   int
	Fact province.ItemFact
}

// ProvinceItemFacts returns the stored search facts of a ward's items in
// the months fromYM..toYM (YYYYMM): the items of issued programs,
// registered or accepted late, as the search counts them
// (program_items_ward_ym).
func (tx *Tx) ProvinceItemFacts(ctx context.Context, wardID int64, fromYM, toYM int) ([]MonthItem, error) {
	wardID = tx.scope(wardID)
	rows, err := tx.query(ctx, `SELECT i.ym, i.cancelled, i.live_copy, CASE WHEN i.completed_at IS NULL THEN 0 ELSE 1 END,
			i.quality, i.completed_late, i.deadline, i.due_date, i.progress, i.rejections
		FROM program_items i JOIN programs p ON p.id = i.program_id
		WHERE i.ward_id = $1 AND i.ym >= $2 AND i.ym <= $3 AND i.registration IN ('registered', 'late_accepted') AND p.state = 'issued'`,
		wardID, fromYM, toYM)
	if err != nil {
		return nil, errs.Wrap(err, "store: province item facts")
	}
	defer rows.Close()
	var out []MonthItem
	for rows.Next() {
		var m MonthItem
		var completed int
		var quality, deadline, due string
		f := &m.Fact
		if err := rows.Scan(&m.YM, &f.Cancelled, &f.LiveCopy, &completed, &quality, &f.CompletedLate, &deadline, &due,
			&f.Progress, &f.Rejections); err != nil {
			return nil, errs.Wrap(err, "store: scan province item facts")
		}
		f.YM, f.Completed, f.Quality = m.YM, completed == 1, program.Quality(quality)
		// The deadline in force, as the search reads it (SearchItems).
		if f.Deadline, err = calendar.ParseDate(deadline); err != nil {
			if f.Deadline, err = calendar.ParseDate(due); err != nil {
				return nil, errs.Wrap(err, "store: item due date")
			}
		}
		out = append(out, m)
	}
	return out, errs.Wrap(rows.Err(), "store: province item facts")
}

// ReadinessMeetings returns a ward's meetings starting in [from, to) that
// the readiness rule applies to: committee sessions, conferences and
// working sessions, neither cancelled nor waiting for the week's cycle
// (events_ward_time). Their attendees are not read (nothing here needs
// them).
func (tx *Tx) ReadinessMeetings(ctx context.Context, wardID int64, from, to time.Time) ([]Event, error) {
	wardID = tx.scope(wardID)
	rows, err := tx.query(ctx, `SELECT `+eventCols+eventFrom+` WHERE e.ward_id = $1 AND e.starts_at >= $2 AND e.starts_at < $3
		AND `+readinessApplies+` ORDER BY e.starts_at, e.id`, wardID, from.UTC(), to.UTC())
	if err != nil {
		return nil, errs.Wrap(err, "store: readiness meetings")
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, errs.Wrap(err, "store: scan event")
		}
		out = append(out, e)
	}
	return out, errs.Wrap(rows.Err(), "store: readiness meetings")
}

// MonthReport is a remediation obligation as the province counts it.
type MonthReport struct {
	ID       int64
	YM       int
	UnitID   int64
	UnitName string
	Report   province.Report
}

// ProvinceReports returns a ward's remediation obligations of the report
// months fromYM..toYM (remediations_ward_month).
func (tx *Tx) ProvinceReports(ctx context.Context, wardID int64, fromYM, toYM int) ([]MonthReport, error) {
	wardID = tx.scope(wardID)
	rows, err := tx.query(ctx, `SELECT r.id, r.year, r.month, r.unit_id, u.name, r.state, r.first_filed_at IS NOT NULL, r.late, r.due_date
		FROM remediations r JOIN units u ON u.id = r.unit_id
		WHERE r.ward_id = $1 AND r.year >= $2 AND r.year <= $3 ORDER BY r.year, r.month, u.sort_order, u.id`,
		wardID, fromYM/100, toYM/100)
	if err != nil {
		return nil, errs.Wrap(err, "store: province reports")
	}
	defer rows.Close()
	var out []MonthReport
	for rows.Next() {
		var m MonthReport
		var year, month int
		var state, due string
		if err := rows.Scan(&m.ID, &year, &month, &m.UnitID, &m.UnitName, &state, &m.Report.EverFiled, &m.Report.Late, &due); err != nil {
			return nil, errs.Wrap(err, "store: scan province report")
		}
		m.YM = year*100 + month
		if m.YM < fromYM || m.YM > toYM {
			continue
		}
		m.Report.State = remediation.State(state)
		if m.Report.Due, err = calendar.ParseDate(due); err != nil {
			return nil, errs.Wrap(err, "store: report due date")
		}
		out = append(out, m)
	}
	return out, errs.Wrap(rows.Err(), "store: province reports")
}

// ProgramIssueRow is a program's state and moment of issue.
type ProgramIssueRow struct {
	YM       int
	State    string
	IssuedAt *time.Time
}

// ProvincePrograms returns a ward's programs of the months fromYM..toYM.
func (tx *Tx) ProvincePrograms(ctx context.Context, wardID int64, fromYM, toYM int) ([]ProgramIssueRow, error) {
	wardID = tx.scope(wardID)
	rows, err := tx.query(ctx, `SELECT year, month, state, issued_at, issued_on FROM programs
		WHERE ward_id = $1 AND year >= $2 AND year <= $3`, wardID, fromYM/100, toYM/100)
	if err != nil {
		return nil, errs.Wrap(err, "store: province programs")
	}
	defer rows.Close()
	var out []ProgramIssueRow
	for rows.Next() {
		var p ProgramIssueRow
		var year, month int
		var at sql.NullTime
		var on string
		if err := rows.Scan(&year, &month, &p.State, &at, &on); err != nil {
			return nil, errs.Wrap(err, "store: scan program")
		}
		p.YM = year*100 + month
		if p.YM < fromYM || p.YM > toYM {
			continue
		}
		p.IssuedAt = timePtr(at)
		if p.IssuedAt == nil && on != "" {
			// Issued before the moment was recorded: the document's date.
			if d, err := calendar.ParseDate(on); err == nil {
				t := d.Start().Add(12 * time.Hour)
				p.IssuedAt = &t
			}
		}
		out = append(out, p)
	}
	return out, errs.Wrap(rows.Err(), "store: province programs")
}
