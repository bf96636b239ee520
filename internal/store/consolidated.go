package store

import (
	"context"
	"database/sql"
	"time"

	"dieuhanh/internal/errs"
)

// ConsolidatedReport is the Office's monthly report to the Chairman on the
// program's execution (seed ¶4).
type ConsolidatedReport struct {
	ID              int64
	WardID          int64
	Year            int
	Month           time.Month
	State           string // draft, submitted
	Number          string
	IssuedOn        string // YYYY-MM-DD, set on submission
	Results         string // JSON: the computed part I and the annex, frozen on submission
	Shortcomings    string // II, drafted from the remediation reports, edited by the Office
	Recommendations string // III, drafted, edited by the Office
	GeneratedAt     time.Time
	SubmittedAt     *time.Time
	SubmittedBy     int64
	Directions      string // the Chairman's directions on it
	DirectedAt      *time.Time
	DirectedBy      int64
	Version         int
}

const consolidatedCols = `id, ward_id, year, month, state, number, issued_on, results, shortcomings, recommendations, generated_at,
	submitted_at, COALESCE(submitted_by, 0), directions, directed_at, COALESCE(directed_by, 0), version`

func scanConsolidated(s interface{ Scan(...any) error }) (ConsolidatedReport, error) {
	var r ConsolidatedReport
	var month int
	var sub, dir sql.NullTime
	err := s.Scan(&r.ID, &r.WardID, &r.Year, &month, &r.State, &r.Number, &r.IssuedOn, &r.Results, &r.Shortcomings, &r.Recommendations,
		&r.GeneratedAt, &sub, &r.SubmittedBy, &r.Directions, &dir, &r.DirectedBy, &r.Version)
	r.Month, r.GeneratedAt = time.Month(month), r.GeneratedAt.UTC()
	r.SubmittedAt, r.DirectedAt = timePtr(sub), timePtr(dir)
	return r, err
}

// ConsolidatedReport returns the ward's report of a month.
func (tx *Tx) ConsolidatedReport(ctx context.Context, wardID int64, year int, month time.Month) (ConsolidatedReport, error) {
	wardID = tx.scope(wardID)
	r, err := scanConsolidated(tx.queryRow(ctx, `SELECT `+consolidatedCols+` FROM consolidated_reports
		WHERE ward_id = $1 AND year = $2 AND month = $3`, wardID, year, int(month)))
	return r, notFound(err, "báo cáo tổng hợp")
}

// ConsolidatedReports lists the ward's reports, newest month first.
func (tx *Tx) ConsolidatedReports(ctx context.Context, wardID int64, limit int) ([]ConsolidatedReport, error) {
	wardID = tx.scope(wardID)
	rows, err := tx.query(ctx, `SELECT `+consolidatedCols+` FROM consolidated_reports WHERE ward_id = $1
		ORDER BY year DESC, month DESC LIMIT $2`, wardID, limit)
	if err != nil {
		return nil, errs.Wrap(err, "store: consolidated reports")
	}
	defer rows.Close()
	var out []ConsolidatedReport
	for rows.Next() {
		r, err := scanConsolidated(rows)
		if err != nil {
			return nil, errs.Wrap(err, "store: scan consolidated report")
		}
		out = append(out, r)
	}
	return out, errs.Wrap(rows.Err(), "store: consolidated reports")
}

// CreateConsolidatedReport inserts a month's draft unless one exists; it
// reports whether it inserted (drafting twice, even racing, makes one).
func (tx *Tx) CreateConsolidatedReport(ctx context.Context, r ConsolidatedReport) (bool, error) {
	r.WardID = tx.scope(r.WardID)
	res, err := tx.exec(ctx, `INSERT INTO consolidated_reports (ward_id, year, month, results, shortcomings, recommendations, generated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (ward_id, year, month) DO NOTHING`,
		r.WardID, r.Year, int(r.Month), r.Results, r.Shortcomings, r.Recommendations, r.GeneratedAt.UTC())
	if err != nil {
		return false, errs.Wrap(err, "store: create consolidated report")
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// SaveConsolidatedReport writes a report if r.Version is current.
func (tx *Tx) SaveConsolidatedReport(ctx context.Context, r ConsolidatedReport) error {
	args := []any{
		r.State, r.Number, r.IssuedOn, r.Results, r.Shortcomings, r.Recommendations, r.GeneratedAt.UTC(),
		nullTime(r.SubmittedAt), nullInt(r.SubmittedBy), r.Directions, nullTime(r.DirectedAt), nullInt(r.DirectedBy), r.ID,
		r.Version,
	}
	own := tx.wardIs("ward_id", &args)
	res, err := tx.exec(ctx, `UPDATE consolidated_reports SET state = $1, number = $2, issued_on = $3, results = $4, shortcomings = $5,
		recommendations = $6, generated_at = $7, submitted_at = $8, submitted_by = $9, directions = $10, directed_at = $11,
		directed_by = $12, version = version + 1 WHERE id = $13 AND version = $14`+own, args...)
	if err != nil {
		return errs.Wrap(err, "store: save consolidated report")
	}
	return checkVersion(res, "Báo cáo tổng hợp")
}

// LockConsolidatedReport serializes writes on one report on PostgreSQL
// (SQLite has one writer), so two submissions cannot both draw a number.
func (tx *Tx) LockConsolidatedReport(ctx context.Context, id int64) error {
	if tx.dialect != Postgres {
		return nil
	}
	_, err := tx.exec(ctx, `SELECT id FROM consolidated_reports WHERE id = $1 FOR UPDATE`, id)
	return errs.Wrap(err, "store: lock consolidated report")
}

// DirectiveItems returns the ward's items of the span's programs whose
// source reference is ref (the items registered from a report's
// directions), read through the programs' index.
func (tx *Tx) DirectiveItems(ctx context.Context, wardID int64, span MonthSpan, ref string) ([]Item, error) {
	wardID = tx.scope(wardID)
	cond, args := span.where("pp", 3, []any{wardID, ref})
	return tx.itemsWhere(ctx, `i.ward_id = $1 AND i.program_id IN (SELECT pp.id FROM programs pp WHERE pp.ward_id = $1 AND `+cond+`)
		AND i.source = 'directive' AND i.source_ref = $2 ORDER BY i.id`, args...)
}
