package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strconv"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

// The queries behind each role's to-do list (seed ¶4). Each reads what is
// waiting through an index on what waits (partial indexes of 00013 and
// 00017), so its cost follows the open work, not the years of history.

// leaderFilter adds "AND i.leader_id = $n" when leaderID is set.
func leaderFilter(leaderID int64, args []any) (string, []any) {
	if leaderID == 0 {
		return "", args
	}
	args = append(args, leaderID)
	return " AND i.leader_id = $" + strconv.Itoa(len(args)), args
}

// ItemsAwaitingVerdict returns the items whose completion waits for the
// leader's verdict (all leaders when leaderID is 0), oldest first.
func (tx *Tx) ItemsAwaitingVerdict(ctx context.Context, wardID, leaderID int64) ([]Item, error) {
	wardID = tx.scope(wardID)
	f, args := leaderFilter(leaderID, []any{wardID})
	return tx.itemsWhere(ctx, `i.ward_id = $1 AND i.completed_at IS NOT NULL AND i.quality = 'pending' AND i.cancelled = FALSE`+f+
		` AND p.state = 'issued' ORDER BY i.completed_at, i.id`, args...)
}

// LateRegistrationsPending returns the late registrations waiting for
// their leader in charge (all when leaderID is 0).
func (tx *Tx) LateRegistrationsPending(ctx context.Context, wardID, leaderID int64) ([]Item, error) {
	wardID = tx.scope(wardID)
	f, args := leaderFilter(leaderID, []any{wardID})
	return tx.itemsWhere(ctx, `i.ward_id = $1 AND i.registration = 'late_pending'`+f+` ORDER BY i.registered_at, i.id`, args...)
}

// ItemsWithPendingExtension returns the items with an extension request
// waiting for a decision (all leaders when leaderID is 0).
func (tx *Tx) ItemsWithPendingExtension(ctx context.Context, wardID, leaderID int64) ([]Item, error) {
	wardID = tx.scope(wardID)
	f, args := leaderFilter(leaderID, []any{wardID})
	return tx.itemsWhere(ctx, `i.ward_id = $1 AND i.id IN (SELECT e.item_id FROM extension_requests e WHERE e.decision = 'pending')`+f+
		` ORDER BY i.deadline, i.id`, args...)
}

// unitOpen is the condition of a unit's open items of issued programs
// (no standing completion; not closed as carried over before month cur,
// given as year*12+month) with a deadline on or before $3: the partial
// index program_items_unit_open holds exactly the open ones. The live copy
// is the stored flag (setSearchFacts), not a probe of the copies per row.
const unitOpen = `i.ward_id = $1 AND i.lead_unit_id = $2 AND i.cancelled = FALSE
		AND (i.completed_at IS NULL OR i.quality = 'rejected') AND i.deadline <= $3
		AND p.state = 'issued' AND i.registration IN ('registered', 'late_accepted') AND i.merged_into IS NULL
		AND NOT (p.year * 12 + p.month < $4 AND i.live_copy = TRUE)`

// UnitOpenItems returns a unit's open items whose deadline is on or before
// through, the latest deadline first, at most limit, and whether there are
// more. An original carried over is closed once its month (before the
// month now) has ended. Reading backwards along program_items_unit_open
// stops after limit+1 rows, however many years of open items lie behind.
func (tx *Tx) UnitOpenItems(ctx context.Context, wardID, unitID int64, through calendar.Date, nowYear int, nowMonth time.Month, limit int) ([]Item, bool, error) {
	wardID = tx.scope(wardID)
	args := []any{wardID, unitID, through.String(), nowYear*12 + int(nowMonth)}
	ids, err := tx.ids(ctx, `SELECT i.id FROM program_items i JOIN programs p ON p.id = i.program_id WHERE `+unitOpen+`
		ORDER BY i.deadline DESC, i.id LIMIT `+strconv.Itoa(limit+1), args...)
	if err != nil {
		return nil, false, err
	}
	more := len(ids) > limit
	if more {
		ids = ids[:limit]
	}
	// The rows of those only: their related rows (units, predecessors,
	// extensions) are read for them alone.
	items, err := tx.ItemsByIDs(ctx, wardID, ids)
	slices.SortFunc(items, func(x, y Item) int {
		if c := y.DueDate.Compare(x.DueDate); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
	return items, more, err
}

// ReturnedRegistrations returns a unit's registrations the Office
// returned, in programs still being drafted.
func (tx *Tx) ReturnedRegistrations(ctx context.Context, wardID, unitID int64) ([]Item, error) {
	wardID = tx.scope(wardID)
	// program_items_returned holds the returned registrations only.
	return tx.itemsWhere(ctx, `i.ward_id = $1 AND i.lead_unit_id = $2 AND i.registration = 'returned'
		AND p.state IN ('draft', 'returned') ORDER BY i.id`, wardID, unitID)
}

// PendingAmendment is an amendment waiting for a decision, with its
// program's month and the item it concerns.
type PendingAmendment struct {
	Amendment
	Year       int
	Month      time.Month
	ItemUnitID int64
	ItemLeader int64
	ItemTitle  string
}

// PendingAmendments returns the ward's amendments waiting for a decision.
func (tx *Tx) PendingAmendments(ctx context.Context, wardID int64) ([]PendingAmendment, error) {
	wardID = tx.scope(wardID)
	rows, err := tx.query(ctx, `SELECT a.id, a.program_id, a.kind, COALESCE(a.item_id, 0), a.payload, a.reason, a.requested_at,
		p.year, p.month, COALESCE(i.lead_unit_id, 0), COALESCE(i.leader_id, 0), COALESCE(i.title, '')
		FROM amendments a JOIN programs p ON p.id = a.program_id LEFT JOIN program_items i ON i.id = a.item_id
		WHERE p.ward_id = $1 AND a.state = 'pending' ORDER BY a.requested_at, a.id`, wardID)
	if err != nil {
		return nil, errs.Wrap(err, "store: pending amendments")
	}
	defer rows.Close()
	var out []PendingAmendment
	for rows.Next() {
		var a PendingAmendment
		var month int
		if err := rows.Scan(&a.ID, &a.ProgramID, &a.Kind, &a.ItemID, &a.Payload, &a.Reason, &a.RequestedAt, &a.Year, &month,
			&a.ItemUnitID, &a.ItemLeader, &a.ItemTitle); err != nil {
			return nil, errs.Wrap(err, "store: scan pending amendment")
		}
		a.Month, a.State = time.Month(month), "pending"
		out = append(out, a)
	}
	return out, errs.Wrap(rows.Err(), "store: pending amendments")
}

// ProgramsIn returns the ward's programs in the given states.
func (tx *Tx) ProgramsIn(ctx context.Context, wardID int64, states ...string) ([]Program, error) {
	wardID = tx.scope(wardID)
	args := []any{wardID}
	for _, s := range states {
		args = append(args, s)
	}
	rows, err := tx.query(ctx, `SELECT `+programCols+` FROM programs WHERE ward_id = $1 AND state IN (`+placeholders(2, len(states))+`)
		ORDER BY year, month`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: programs in states")
	}
	defer rows.Close()
	var out []Program
	for rows.Next() {
		p, err := scanProgram(rows)
		if err != nil {
			return nil, errs.Wrap(err, "store: scan program")
		}
		out = append(out, p)
	}
	return out, errs.Wrap(rows.Err(), "store: programs in states")
}

// SchedulesIn returns the ward's weekly schedules in the given states.
func (tx *Tx) SchedulesIn(ctx context.Context, wardID int64, states ...string) ([]Schedule, error) {
	wardID = tx.scope(wardID)
	args := []any{wardID}
	for _, s := range states {
		args = append(args, s)
	}
	rows, err := tx.query(ctx, `SELECT `+scheduleCols+` FROM schedules WHERE ward_id = $1 AND state IN (`+placeholders(2, len(states))+`)
		ORDER BY iso_year, week`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: schedules in states")
	}
	defer rows.Close()
	var out []Schedule
	for rows.Next() {
		sc, err := scanSchedule(rows)
		if err != nil {
			return nil, errs.Wrap(err, "store: scan schedule")
		}
		out = append(out, sc)
	}
	return out, errs.Wrap(rows.Err(), "store: schedules in states")
}

// RemediationDue is an obligation as the to-do lists show it.
type RemediationDue struct {
	ID        int64
	UnitID    int64
	UnitName  string
	Year      int
	Month     time.Month
	DueDate   calendar.Date
	State     string
	Late      bool
	MissingAt *time.Time
	Received  bool // the Office recorded receipt of the current filing
}

// RemediationsIn returns the ward's obligations in the given states (one
// unit's when unitID ≠ 0), by due date.
func (tx *Tx) RemediationsIn(ctx context.Context, wardID, unitID int64, states ...string) ([]RemediationDue, error) {
	wardID = tx.scope(wardID)
	args := []any{wardID}
	for _, s := range states {
		args = append(args, s)
	}
	where := `r.ward_id = $1 AND r.state IN (` + placeholders(2, len(states)) + `)`
	if unitID != 0 {
		args = append(args, unitID)
		where += ` AND r.unit_id = $` + strconv.Itoa(len(args))
	}
	return tx.remediationDues(ctx, where+` ORDER BY r.due_date, r.id`, args...)
}

// MissingRemediations returns the reports recorded missing of a ward (of
// one unit when unitID is set), the newest limit of them, and how many
// there are. Missing is final: they pile up over the years, so to-do lists
// show the latest and link to the rest.
func (tx *Tx) MissingRemediations(ctx context.Context, wardID, unitID int64, limit int) ([]RemediationDue, int, error) {
	wardID = tx.scope(wardID)
	args := []any{wardID}
	where := `r.ward_id = $1 AND r.state = 'missing'`
	if unitID != 0 {
		args = append(args, unitID)
		where += ` AND r.unit_id = $2`
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM remediations r WHERE `+where, args...).Scan(&n); err != nil {
		return nil, 0, errs.Wrap(err, "store: count missing remediations")
	}
	args = append(args, limit)
	out, err := tx.remediationDues(ctx, where+` ORDER BY r.due_date DESC, r.id DESC LIMIT $`+strconv.Itoa(len(args)), args...)
	return out, n, err
}

func (tx *Tx) remediationDues(ctx context.Context, where string, args ...any) ([]RemediationDue, error) {
	rows, err := tx.query(ctx, `SELECT r.id, r.unit_id, u.name, r.year, r.month, r.due_date, r.state, r.late, r.missing_at,
		r.received_at IS NOT NULL FROM remediations r JOIN units u ON u.id = r.unit_id WHERE `+where, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: remediations in states")
	}
	defer rows.Close()
	var out []RemediationDue
	for rows.Next() {
		var r RemediationDue
		var month int
		var due string
		var miss sql.NullTime
		if err := rows.Scan(&r.ID, &r.UnitID, &r.UnitName, &r.Year, &month, &due, &r.State, &r.Late, &miss, &r.Received); err != nil {
			return nil, errs.Wrap(err, "store: scan remediation")
		}
		r.Month, r.MissingAt = time.Month(month), timePtr(miss)
		r.DueDate, _ = calendar.ParseDate(due)
		out = append(out, r)
	}
	return out, errs.Wrap(rows.Err(), "store: remediations in states")
}

// PeopleWithoutAccount counts the ward's people who have no login.
func (tx *Tx) PeopleWithoutAccount(ctx context.Context, wardID int64) (int, error) {
	wardID = tx.scope(wardID)
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM people p WHERE p.ward_id = $1
		AND NOT EXISTS (SELECT 1 FROM users us WHERE us.person_id = p.id)`, wardID).Scan(&n)
	return n, errs.Wrap(err, "store: people without account")
}

// UnitsWithoutAccount returns the ward's units none of whose people has a
// login.
func (tx *Tx) UnitsWithoutAccount(ctx context.Context, wardID int64) ([]int64, error) {
	wardID = tx.scope(wardID)
	return tx.ids(ctx, `SELECT un.id FROM units un WHERE un.ward_id = $1 AND NOT EXISTS (SELECT 1 FROM users us
		JOIN people p ON p.id = us.person_id WHERE p.unit_id = un.id AND us.disabled = FALSE) ORDER BY un.sort_order, un.id`, wardID)
}
