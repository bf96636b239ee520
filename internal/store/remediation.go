package store

import (
	"context"
	"database/sql"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

// Remediation is a unit's obligation to report on what slipped in a month
// (seed ¶2), with its entries.
type Remediation struct {
	ID              int64
	WardID          int64
	UnitID          int64
	UnitCode        string
	UnitName        string
	Year            int
	Month           time.Month
	DueDate         calendar.Date
	State           string
	OpenedAt        time.Time
	Report          string // JSON: remediation.Report
	Number          string
	FiledOn         string // YYYY-MM-DD of the current filing (document date)
	FirstFiledAt    *time.Time
	FiledAt         *time.Time
	FiledBy         int64
	Late            bool
	ReceivedAt      *time.Time
	ReceivedBy      int64
	DecidedAt       *time.Time
	DecidedBy       int64
	DecisionComment string
	MissingAt       *time.Time
	Version         int
	Entries         []RemediationEntry
}

// RemediationEntry records why an item or a meeting joined an obligation.
type RemediationEntry struct {
	ID            int64
	RemediationID int64
	ItemID        int64
	EventID       int64
	Reason        string
	At            time.Time
}

const remediationCols = `r.id, r.ward_id, r.unit_id, u.code, u.name, r.year, r.month, r.due_date, r.state, r.opened_at, r.report,
	r.number, r.filed_on, r.first_filed_at, r.filed_at, COALESCE(r.filed_by, 0), r.late, r.received_at, COALESCE(r.received_by, 0),
	r.decided_at, COALESCE(r.decided_by, 0), r.decision_comment, r.missing_at, r.version`

const remediationFrom = ` FROM remediations r JOIN units u ON u.id = r.unit_id `

func scanRemediation(s interface{ Scan(...any) error }) (Remediation, error) {
	var r Remediation
	var month int
	var due string
	var first, filed, recv, dec, miss sql.NullTime
	err := s.Scan(&r.ID, &r.WardID, &r.UnitID, &r.UnitCode, &r.UnitName, &r.Year, &month, &due, &r.State, &r.OpenedAt, &r.Report,
		&r.Number, &r.FiledOn, &first, &filed, &r.FiledBy, &r.Late, &recv, &r.ReceivedBy, &dec, &r.DecidedBy, &r.DecisionComment,
		&miss, &r.Version)
	if err != nil {
		return r, err
	}
	r.Month = time.Month(month)
	r.OpenedAt = r.OpenedAt.UTC()
	r.FirstFiledAt, r.FiledAt, r.ReceivedAt, r.DecidedAt, r.MissingAt = timePtr(first), timePtr(filed), timePtr(recv), timePtr(dec), timePtr(miss)
	r.DueDate, err = calendar.ParseDate(due)
	return r, err
}

// EnsureRemediation returns the unit's obligation for a report month,
// opening it (state open, due date as given) when there is none.
func (tx *Tx) EnsureRemediation(ctx context.Context, wardID, unitID int64, year int, month time.Month, due calendar.Date, now time.Time) (Remediation, bool, error) {
	wardID = tx.scope(wardID)
	res, err := tx.exec(ctx, `INSERT INTO remediations (ward_id, unit_id, year, month, due_date, opened_at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (ward_id, unit_id, year, month) DO NOTHING`, wardID, unitID, year, int(month), due.String(), now.UTC())
	if err != nil {
		return Remediation{}, false, errs.Wrap(err, "store: open remediation")
	}
	n, _ := res.RowsAffected()
	r, err := tx.RemediationFor(ctx, wardID, unitID, year, month)
	return r, n > 0, err
}

// RemediationFor returns a unit's obligation of a report month, with entries.
func (tx *Tx) RemediationFor(ctx context.Context, wardID, unitID int64, year int, month time.Month) (Remediation, error) {
	wardID = tx.scope(wardID)
	rs, err := tx.remediationsWhere(ctx, `r.ward_id = $1 AND r.unit_id = $2 AND r.year = $3 AND r.month = $4`, wardID, unitID, year, int(month))
	if err != nil {
		return Remediation{}, err
	}
	if len(rs) == 0 {
		return Remediation{}, errs.E(errs.NotFound, "Không tìm thấy báo cáo khắc phục.")
	}
	return rs[0], nil
}

// Remediation returns one obligation of the ward, with entries.
func (tx *Tx) Remediation(ctx context.Context, wardID, id int64) (Remediation, error) {
	wardID = tx.scope(wardID)
	rs, err := tx.remediationsWhere(ctx, `r.ward_id = $1 AND r.id = $2`, wardID, id)
	if err != nil {
		return Remediation{}, err
	}
	if len(rs) == 0 {
		return Remediation{}, errs.E(errs.NotFound, "Không tìm thấy báo cáo khắc phục.")
	}
	return rs[0], nil
}

// LockRemediation serializes writes on one obligation on PostgreSQL (SQLite
// has one writer already), so two filings or decisions cannot interleave.
func (tx *Tx) LockRemediation(ctx context.Context, id int64) error {
	if tx.dialect != Postgres {
		return nil
	}
	_, err := tx.exec(ctx, `SELECT id FROM remediations WHERE id = $1 FOR UPDATE`, id)
	return errs.Wrap(err, "store: lock remediation")
}

// Remediations returns the ward's obligations of report months from..to
// (inclusive), by month then unit order, with entries.
func (tx *Tx) Remediations(ctx context.Context, wardID int64, fromYear int, fromMonth time.Month, toYear int, toMonth time.Month) ([]Remediation, error) {
	wardID = tx.scope(wardID)
	return tx.remediationsWhere(ctx, `r.ward_id = $1 AND (r.year > $2 OR (r.year = $2 AND r.month >= $3))
		AND (r.year < $4 OR (r.year = $4 AND r.month <= $5)) ORDER BY r.year, r.month, u.sort_order, u.id`,
		wardID, fromYear, int(fromMonth), toYear, int(toMonth))
}

// UnitRemediations returns a unit's obligations, newest first, at most limit.
func (tx *Tx) UnitRemediations(ctx context.Context, wardID, unitID int64, limit int) ([]Remediation, error) {
	wardID = tx.scope(wardID)
	return tx.remediationsWhere(ctx, `r.ward_id = $1 AND r.unit_id = $2 ORDER BY r.year DESC, r.month DESC LIMIT $3`, wardID, unitID, limit)
}

// RemediationsToMark returns the open obligations (nothing ever filed)
// whose due date is before day: those the sweep records as missing.
func (tx *Tx) RemediationsToMark(ctx context.Context, wardID int64, day calendar.Date) ([]Remediation, error) {
	wardID = tx.scope(wardID)
	return tx.remediationsWhere(ctx, `r.ward_id = $1 AND r.state = 'open' AND r.due_date < $2 ORDER BY r.due_date, r.id`, wardID, day.String())
}

// RemediationsAwaiting returns the obligations still to be filed (open,
// returned or missing) with a due date in [from, to], for reminders.
func (tx *Tx) RemediationsAwaiting(ctx context.Context, wardID int64, from, to calendar.Date) ([]Remediation, error) {
	wardID = tx.scope(wardID)
	return tx.remediationsWhere(ctx, `r.ward_id = $1 AND r.state IN ('open', 'returned', 'missing') AND r.due_date >= $2 AND r.due_date <= $3
		ORDER BY r.due_date, r.id`, wardID, from.String(), to.String())
}

func (tx *Tx) remediationsWhere(ctx context.Context, where string, args ...any) ([]Remediation, error) {
	rows, err := tx.query(ctx, `SELECT `+remediationCols+remediationFrom+`WHERE `+where, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: remediations")
	}
	var out []Remediation
	index := map[int64]int{}
	for rows.Next() {
		r, err := scanRemediation(rows)
		if err != nil {
			rows.Close()
			return nil, errs.Wrap(err, "store: scan remediation")
		}
		index[r.ID] = len(out)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, errs.Wrap(err, "store: remediations")
	}
	ids := make([]any, 0, len(out))
	for _, r := range out {
		ids = append(ids, r.ID)
	}
	erows, err := tx.query(ctx, `SELECT id, remediation_id, COALESCE(item_id, 0), COALESCE(event_id, 0), reason, at
		FROM remediation_entries WHERE remediation_id IN (`+placeholders(1, len(ids))+`) ORDER BY remediation_id, at, id`, ids...)
	if err != nil {
		return nil, errs.Wrap(err, "store: remediation entries")
	}
	defer erows.Close()
	for erows.Next() {
		var e RemediationEntry
		if err := erows.Scan(&e.ID, &e.RemediationID, &e.ItemID, &e.EventID, &e.Reason, &e.At); err != nil {
			return nil, errs.Wrap(err, "store: scan remediation entry")
		}
		e.At = e.At.UTC()
		if i, ok := index[e.RemediationID]; ok {
			out[i].Entries = append(out[i].Entries, e)
		}
	}
	return out, errs.Wrap(erows.Err(), "store: remediation entries")
}

// AddRemediationEntry records that an item or a meeting joined an
// obligation for a reason at a moment; the same item (or meeting), reason
// and moment is recorded once, whoever notices it again (added is false).
func (tx *Tx) AddRemediationEntry(ctx context.Context, e RemediationEntry) (added bool, err error) {
	res, err := tx.exec(ctx, `INSERT INTO remediation_entries (remediation_id, item_id, event_id, reason, at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT DO NOTHING`, e.RemediationID, nullInt(e.ItemID), nullInt(e.EventID), e.Reason, e.At.UTC())
	if err != nil {
		return false, errs.Wrap(err, "store: remediation entry")
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// RemediationEntryRecorded reports whether an item (or meeting) already
// joined an obligation for this reason at this moment.
func (tx *Tx) RemediationEntryRecorded(ctx context.Context, itemID, eventID int64, reason string, at time.Time) (bool, error) {
	var n int
	var err error
	if itemID != 0 {
		err = tx.queryRow(ctx, `SELECT COUNT(*) FROM remediation_entries WHERE item_id = $1 AND reason = $2 AND at = $3`, itemID, reason, at.UTC()).Scan(&n)
	} else {
		err = tx.queryRow(ctx, `SELECT COUNT(*) FROM remediation_entries WHERE event_id = $1 AND reason = $2 AND at = $3`, eventID, reason, at.UTC()).Scan(&n)
	}
	return n > 0, errs.Wrap(err, "store: remediation entry recorded")
}

// SaveRemediation writes an obligation's state, report and stamps; a stale
// version is refused.
func (tx *Tx) SaveRemediation(ctx context.Context, r Remediation) error {
	args := []any{
		r.State, r.Report, r.Number, r.FiledOn, nullTime(r.FirstFiledAt), nullTime(r.FiledAt), nullInt(r.FiledBy), r.Late,
		nullTime(r.ReceivedAt), nullInt(r.ReceivedBy), nullTime(r.DecidedAt), nullInt(r.DecidedBy), r.DecisionComment,
		nullTime(r.MissingAt), r.DueDate.String(), r.ID, r.Version,
	}
	own := tx.wardIs("ward_id", &args)
	res, err := tx.exec(ctx, `UPDATE remediations SET state = $1, report = $2, number = $3, filed_on = $4, first_filed_at = $5,
		filed_at = $6, filed_by = $7, late = $8, received_at = $9, received_by = $10, decided_at = $11, decided_by = $12,
		decision_comment = $13, missing_at = $14, due_date = $15, version = version + 1
		WHERE id = $16 AND version = $17`+own, args...)
	if err != nil {
		return errs.Wrap(err, "store: save remediation")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return stale("Báo cáo khắc phục")
	}
	return nil
}

// OverdueCandidate is an open item whose deadline has passed and whose
// overdue moment is not recorded yet.
type OverdueCandidate struct {
	ItemID       int64
	LeadUnitID   int64
	Year         int
	Month        time.Month
	Deadline     calendar.Date
	CompletedAt  *time.Time
	Quality      string
	Registration string
}

// OverdueCandidates returns the ward's items in issued programs with a
// deadline before day and no overdue moment recorded, still open (never
// completed, or rejected). The partial index program_items_open_deadline
// holds only such items, so the cost follows what is open, not history.
func (tx *Tx) OverdueCandidates(ctx context.Context, wardID int64, day calendar.Date) ([]OverdueCandidate, error) {
	wardID = tx.scope(wardID)
	rows, err := tx.query(ctx, `SELECT i.id, i.lead_unit_id, p.year, p.month, i.deadline, i.completed_at, i.quality, i.registration
		FROM program_items i JOIN programs p ON p.id = i.program_id
		WHERE i.ward_id = $1 AND i.deadline < $2 AND i.overdue_at IS NULL AND i.cancelled = FALSE
		AND (i.completed_at IS NULL OR i.quality = 'rejected') AND p.state = 'issued'
		AND i.registration IN ('registered', 'late_accepted') AND i.merged_into IS NULL
		ORDER BY i.deadline, i.id`, wardID, day.String())
	if err != nil {
		return nil, errs.Wrap(err, "store: overdue candidates")
	}
	defer rows.Close()
	var out []OverdueCandidate
	for rows.Next() {
		var c OverdueCandidate
		var month int
		var deadline string
		var completed sql.NullTime
		if err := rows.Scan(&c.ItemID, &c.LeadUnitID, &c.Year, &month, &deadline, &completed, &c.Quality, &c.Registration); err != nil {
			return nil, errs.Wrap(err, "store: scan overdue candidate")
		}
		c.Month = time.Month(month)
		c.CompletedAt = timePtr(completed)
		if c.Deadline, err = calendar.ParseDate(deadline); err != nil {
			return nil, errs.Wrap(err, "store: overdue candidate deadline")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "store: overdue candidates")
}

// MarkOverdue records the moment an item became overdue for its current
// deadline (once: a second call changes nothing and reports false).
func (tx *Tx) MarkOverdue(ctx context.Context, itemID int64, at time.Time) (bool, error) {
	args := []any{at.UTC(), itemID}
	own := tx.wardIs("ward_id", &args)
	res, err := tx.exec(ctx, `UPDATE program_items SET overdue_at = $1 WHERE id = $2 AND overdue_at IS NULL`+own, args...)
	if err != nil {
		return false, errs.Wrap(err, "store: mark overdue")
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// ItemVerdicts returns the instants of an item's verdicts: rejections in
// order, and the last acceptance (nil when none).
func (tx *Tx) ItemVerdicts(ctx context.Context, itemID int64) (rejections []time.Time, accepted *time.Time, err error) {
	rows, err := tx.query(ctx, `SELECT at, quality FROM item_events WHERE item_id = $1 AND kind = 'evaluation' ORDER BY at, id`, itemID)
	if err != nil {
		return nil, nil, errs.Wrap(err, "store: item verdicts")
	}
	defer rows.Close()
	for rows.Next() {
		var at time.Time
		var q string
		if err := rows.Scan(&at, &q); err != nil {
			return nil, nil, errs.Wrap(err, "store: scan verdict")
		}
		at = at.UTC()
		switch q {
		case "rejected":
			rejections = append(rejections, at)
		case "accepted":
			a := at
			accepted = &a
		}
	}
	return rejections, accepted, errs.Wrap(rows.Err(), "store: item verdicts")
}

// SetItemExcused marks an item's deductions removed (an objective cause the
// leader confirmed), or restores them.
func (tx *Tx) SetItemExcused(ctx context.Context, wardID, itemID int64, excused bool) error {
	wardID = tx.scope(wardID)
	_, err := tx.exec(ctx, `UPDATE program_items SET objective_excused = $1 WHERE ward_id = $2 AND id = $3`, excused, wardID, itemID)
	return errs.Wrap(err, "store: item excused")
}

// SetBreachExcused marks a meeting's readiness breach excused (objective).
func (tx *Tx) SetBreachExcused(ctx context.Context, wardID, eventID int64, excused bool) error {
	wardID = tx.scope(wardID)
	_, err := tx.exec(ctx, `UPDATE events SET breach_excused = $1 WHERE ward_id = $2 AND id = $3`, excused, wardID, eventID)
	return errs.Wrap(err, "store: breach excused")
}
