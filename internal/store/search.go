package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
)

// Search across months (issue 12 §1). Each computed status is a condition
// on stored columns (program.StoredStatus states the rules and its tests
// hold them equal to ComputeStatus); the orders are served by indexes of
// migration 00024 and paged by key, so a page costs what it shows.

// ItemQuery is one search: every field narrows it, zero means "any".
type ItemQuery struct {
	WardID int64
	// IssuedOnly keeps items of issued programs (partners and guests).
	IssuedOnly bool
	Statuses   []program.Status
	Bounds     program.Bounds
	UnitID     int64 // lead unit
	// Coordinating widens UnitID to the items the unit coordinates ("việc
	// của phòng"); that set is not served in order by one index, so its cost
	// follows the unit's coordinated items.
	Coordinating bool
	LeaderID     int64
	PersonID     int64 // the person whose account registered the item
	YMFrom       int   // YYYYMM
	YMTo         int
	DueFrom      calendar.Date // on the deadline in force
	DueTo        calendar.Date
	Overdue      bool
	Source       string
	Kind         string
	// Words are folded words (vntext.Fold) that must all occur in the
	// item's search text.
	Words []string
	Sort  string // "due_date" (the deadline in force), "updated_at" or "month"
	Desc  bool
	// After is the key of the last row of the previous page (nil: first).
	After *SearchKey
	Limit int
}

// SearchKey is the position of a row in a search order.
type SearchKey struct {
	Date string    // due_date order: the deadline "YYYY-MM-DD"
	Time time.Time // updated_at order
	YM   int       // month order
	ID   int64
}

// SearchRow is one item as the search lists it.
type SearchRow struct {
	ID           int64
	YM           int
	Title        string
	LeadUnitID   int64
	LeadUnitCode string // the names are filled by the application (searchCols)
	LeadUnitName string
	LeaderID     int64
	LeaderName   string
	LeaderLogin  string
	DueDate      calendar.Date
	Deadline     calendar.Date // in force (the approved extension, if any), as stored
	// EffectiveDeadline is Deadline moved to a working day (filled by the
	// application, which has the calendar).
	EffectiveDeadline calendar.Date
	Source            string
	Kind              string
	UpdatedAt         time.Time
	Facts             program.StoredFacts
	Status            program.Status
}

// sortColumn maps a search order to its column.
func sortColumn(sort string) string {
	switch sort {
	case "updated_at":
		return "i.updated_at"
	case "month":
		return "i.ym"
	}
	return "i.deadline"
}

// carriedCond: the item's month has ended and it has a live copy in the
// next month (program.CarriedOver); live_copy is kept by setSearchFacts.
const carriedCond = `(i.ym < %s AND i.live_copy = TRUE)`

// searchWhere builds the conditions of q (without its order and page).
func searchWhere(q ItemQuery, withStatus bool) (string, []any) {
	var conds []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	conds = append(conds, "i.ward_id = "+arg(q.WardID), "i.registration IN ('registered', 'late_accepted')")
	if q.IssuedOnly {
		conds = append(conds, "p.state = 'issued'")
	}
	if q.UnitID != 0 && q.Coordinating {
		u := arg(q.UnitID)
		conds = append(conds, "(i.lead_unit_id = "+u+" OR i.id IN (SELECT iu.item_id FROM item_units iu WHERE iu.unit_id = "+u+"))")
	} else if q.UnitID != 0 {
		conds = append(conds, "i.lead_unit_id = "+arg(q.UnitID))
	}
	if q.LeaderID != 0 {
		conds = append(conds, "i.leader_id = "+arg(q.LeaderID))
	}
	if q.PersonID != 0 {
		conds = append(conds, "i.registered_by IN (SELECT us.id FROM users us WHERE us.person_id = "+arg(q.PersonID)+")")
	}
	if q.YMFrom != 0 {
		conds = append(conds, "i.ym >= "+arg(q.YMFrom))
	}
	if q.YMTo != 0 {
		conds = append(conds, "i.ym <= "+arg(q.YMTo))
	}
	if !q.DueFrom.IsZero() {
		conds = append(conds, "i.deadline >= "+arg(q.DueFrom.String()))
	}
	if !q.DueTo.IsZero() {
		conds = append(conds, "i.deadline <= "+arg(q.DueTo.String()))
	}
	if q.Source != "" {
		conds = append(conds, "i.source = "+arg(q.Source))
	}
	if q.Kind != "" {
		conds = append(conds, "i.kind = "+arg(q.Kind))
	}
	for _, w := range q.Words {
		conds = append(conds, "i.search_text LIKE "+arg(likeEscape(w))+` ESCAPE '\'`)
	}
	if withStatus && (q.Overdue || len(q.Statuses) > 0) {
		b := q.Bounds
		// The current month is one parameter, named only where a condition
		// needs it (PostgreSQL refuses a parameter it cannot type).
		curName := ""
		cur := func() string {
			if curName == "" {
				curName = arg(b.CurrentYM)
			}
			return curName
		}
		if q.Overdue {
			conds = append(conds, statusCond(program.StatusOverdue, cur, arg, b))
		}
		if len(q.Statuses) > 0 {
			var ors []string
			for _, s := range q.Statuses {
				ors = append(ors, statusCond(s, cur, arg, b))
			}
			conds = append(conds, "("+strings.Join(ors, " OR ")+")")
		}
	}
	return strings.Join(conds, " AND "), args
}

// statusCond is the SQL form of one branch of program.StoredStatus. The
// open branches repeat the partial indexes' own condition word for word
// (cancelled = FALSE AND (completed_at IS NULL OR quality = 'rejected')) so
// SQLite may use them.
func statusCond(s program.Status, cur func() string, arg func(any) string, b program.Bounds) string {
	if s == program.StatusCancelled {
		return "i.cancelled = TRUE"
	}
	carried := fmt.Sprintf(carriedCond, cur())
	open := "i.cancelled = FALSE AND (i.completed_at IS NULL OR i.quality = 'rejected') AND NOT " + carried
	switch s {
	case program.StatusCarriedOver:
		return "(i.cancelled = FALSE AND " + carried + ")"
	case program.StatusDoneOnTime, program.StatusDoneLate:
		late := "FALSE"
		if s == program.StatusDoneLate {
			late = "TRUE"
		}
		return "(i.completed_at IS NOT NULL AND i.quality = 'accepted' AND i.completed_late = " + late +
			" AND i.cancelled = FALSE AND NOT " + carried + ")"
	case program.StatusPendingAcceptance:
		// The store keeps a verdict not given as 'pending' (qualityOr).
		return "(i.completed_at IS NOT NULL AND i.quality = 'pending' AND i.cancelled = FALSE AND NOT " + carried + ")"
	case program.StatusOverdue:
		return "(" + open + " AND i.deadline <= " + arg(b.OverdueThrough.String()) + ")"
	case program.StatusDueSoon:
		return "(" + open + " AND i.deadline > " + arg(b.OverdueThrough.String()) + " AND i.deadline <= " + arg(b.DueSoonThrough.String()) + ")"
	case program.StatusOnTime:
		return "(" + open + " AND i.deadline > " + arg(b.DueSoonThrough.String()) + " AND i.progress > 0)"
	case program.StatusNotStarted:
		return "(" + open + " AND i.deadline > " + arg(b.DueSoonThrough.String()) + " AND i.progress = 0)"
	}
	return "FALSE"
}

// searchCols are the item's own columns: the names of its unit and leader
// come from the ward's organization the caller holds (Names), so a page of
// rows joins nothing (the joins were most of a search's cost).
const searchCols = `i.id, i.ym, i.title, i.lead_unit_id, i.leader_id, i.due_date, i.deadline,
	i.source, i.kind, i.updated_at, i.cancelled,
	i.live_copy, CASE WHEN i.completed_at IS NULL THEN 0 ELSE 1 END, i.quality, i.completed_late, i.progress`

// searchFrom is the rows of q: its program only when q needs its state.
func searchFrom(q ItemQuery) string {
	if q.IssuedOnly {
		return ` FROM program_items i JOIN programs p ON p.id = i.program_id `
	}
	return ` FROM program_items i `
}

// SearchItems returns one page of q (at most q.Limit rows) in its order,
// and whether more rows follow.
func (tx *Tx) SearchItems(ctx context.Context, q ItemQuery) ([]SearchRow, bool, error) {
	q.WardID = tx.scope(q.WardID)
	where, args := searchWhere(q, true)
	col := sortColumn(q.Sort)
	dir, cmp := "ASC", ">"
	if q.Desc {
		dir, cmp = "DESC", "<"
	}
	if q.After != nil {
		var k any
		switch q.Sort {
		case "updated_at":
			k = q.After.Time.UTC()
		case "month":
			k = q.After.YM
		default:
			k = q.After.Date
		}
		args = append(args, k, q.After.ID)
		n := len(args)
		where += fmt.Sprintf(" AND (%s %s $%d OR (%s = $%d AND i.id %s $%d))", col, cmp, n-1, col, n-1, cmp, n)
	}
	args = append(args, q.Limit+1)
	sqlText := `SELECT ` + searchCols + searchFrom(q) + `WHERE ` + where +
		fmt.Sprintf(" ORDER BY %s %s, i.id %s LIMIT $%d", col, dir, dir, len(args))
	rows, err := tx.query(ctx, sqlText, args...)
	if err != nil {
		return nil, false, errs.Wrap(err, "store: search items")
	}
	defer rows.Close()
	var out []SearchRow
	for rows.Next() {
		var r SearchRow
		var due, deadline, quality string
		var completed int
		var updated sql.NullTime
		if err := rows.Scan(&r.ID, &r.YM, &r.Title, &r.LeadUnitID, &r.LeaderID, &due, &deadline, &r.Source, &r.Kind, &updated, &r.Facts.Cancelled, &r.Facts.LiveCopy, &completed, &quality,
			&r.Facts.CompletedLate, &r.Facts.Progress); err != nil {
			return nil, false, errs.Wrap(err, "store: scan search row")
		}
		if r.DueDate, err = calendar.ParseDate(due); err != nil {
			return nil, false, errs.Wrap(err, "store: search due date")
		}
		if r.Deadline, err = calendar.ParseDate(deadline); err != nil {
			r.Deadline = r.DueDate
		}
		r.UpdatedAt = updated.Time.UTC()
		r.Facts.Completed, r.Facts.Quality = completed == 1, program.Quality(quality)
		r.Facts.YM, r.Facts.Deadline = r.YM, r.Deadline
		r.Status = program.StoredStatus(r.Facts, q.Bounds)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, false, errs.Wrap(err, "store: search items")
	}
	more := len(out) > q.Limit
	if more {
		out = out[:q.Limit]
	}
	return out, more, nil
}

// CountItems counts the rows of q (its statuses replaced by status) up to
// limit: the page shows "1.000+" rather than paying for years of history.
func (tx *Tx) CountItems(ctx context.Context, q ItemQuery, status program.Status, limit int) (int, error) {
	q.WardID = tx.scope(q.WardID)
	var n int
	body, args := countQuery(q, status, limit)
	err := tx.queryRow(ctx, body, args...).Scan(&n)
	return n, errs.Wrap(err, "store: count items")
}

// CountItemsByStatus counts the rows of q (its statuses left out) per
// status in one pass over at most limit matching rows: for filters no index
// narrows (words), one scan instead of one per status. capped reports that
// the limit was reached (the counts are then lower bounds).
func (tx *Tx) CountItemsByStatus(ctx context.Context, q ItemQuery, limit int) (map[program.Status]int, bool, error) {
	q.WardID = tx.scope(q.WardID)
	q.Statuses, q.Overdue = nil, false
	where, args := searchWhere(q, false)
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	args = append(args, limit)
	limitArg := fmt.Sprintf("$%d", len(args))
	curName := ""
	cur := func() string {
		if curName == "" {
			curName = arg(q.Bounds.CurrentYM)
		}
		return curName
	}
	var sums []string
	statuses := program.Statuses()
	for _, st := range statuses {
		sums = append(sums, "COALESCE(SUM(CASE WHEN "+statusCond(st, cur, arg, q.Bounds)+" THEN 1 ELSE 0 END), 0)")
	}
	sqlText := `SELECT COUNT(*), ` + strings.Join(sums, ", ") + ` FROM (SELECT i.id, i.ym, i.live_copy, i.cancelled, i.completed_at,
		i.quality, i.completed_late, i.deadline, i.progress` + searchFrom(q) + `WHERE ` + where + ` LIMIT ` + limitArg + `) i`
	vals := make([]int, len(statuses)+1)
	ptrs := make([]any, len(vals))
	for k := range vals {
		ptrs[k] = &vals[k]
	}
	if err := tx.queryRow(ctx, sqlText, args...).Scan(ptrs...); err != nil {
		return nil, false, errs.Wrap(err, "store: count items by status")
	}
	out := map[program.Status]int{}
	for k, st := range statuses {
		out[st] = vals[k+1]
	}
	return out, vals[0] >= limit, nil
}

// countQuery counts the rows of q in one status, stopping at limit. (On
// PostgreSQL at 100k items a unit's count reads its matches through a
// bitmap, up to ~22 ms for 11,700 overdue items; asking them in deadline
// order made the planner pick the ward's index instead, 200 ms: left as is.)
func countQuery(q ItemQuery, status program.Status, limit int) (string, []any) {
	q.Statuses = []program.Status{status}
	where, args := searchWhere(q, true)
	args = append(args, limit)
	return `SELECT COUNT(*) FROM (SELECT 1` + searchFrom(q) + `WHERE ` + where + fmt.Sprintf(" LIMIT $%d) x", len(args)), args
}

// ExplainSearch returns the engine's plan of q's page query (tests and the
// benchmark notes check that the main filters use indexes).
func (tx *Tx) ExplainSearch(ctx context.Context, q ItemQuery) (string, error) {
	q.WardID = tx.scope(q.WardID)
	where, args := searchWhere(q, true)
	col := sortColumn(q.Sort)
	args = append(args, q.Limit+1)
	return tx.explain(ctx, `SELECT `+searchCols+searchFrom(q)+`WHERE `+where+fmt.Sprintf(" ORDER BY %s, i.id LIMIT $%d", col, len(args)), args)
}

// ExplainCount returns the plan of the page's count of one status.
func (tx *Tx) ExplainCount(ctx context.Context, q ItemQuery, status program.Status, limit int) (string, error) {
	q.WardID = tx.scope(q.WardID)
	body, args := countQuery(q, status, limit)
	return tx.explain(ctx, body, args)
}

func (tx *Tx) explain(ctx context.Context, body string, args []any) (string, error) {
	prefix := "EXPLAIN QUERY PLAN "
	if tx.dialect == Postgres {
		prefix = "EXPLAIN "
	}
	rows, err := tx.query(ctx, prefix+body, args...)
	if err != nil {
		return "", errs.Wrap(err, "store: explain")
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for k := range vals {
			ptrs[k] = &vals[k]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "", errs.Wrap(err, "store: explain row")
		}
		fmt.Fprintln(&b, vals[len(vals)-1])
	}
	return b.String(), errs.Wrap(rows.Err(), "store: explain")
}

// workCalendar is the ward's working-day calendar, built once per
// transaction (the same rules as the application's calendar).
func (tx *Tx) workCalendar(ctx context.Context, wardID int64) (*calendar.Calendar, error) {
	wardID = tx.scope(wardID)
	if c, ok := tx.cals[wardID]; ok {
		return c, nil
	}
	w, err := tx.Ward(ctx, wardID)
	if err != nil {
		return nil, err
	}
	ovs, err := tx.CalendarOverrides(ctx, wardID)
	if err != nil {
		return nil, err
	}
	c := calendar.New(calendar.Rules{CultureDay: w.Settings.CultureDayHoliday, DueBeforeRollForward: w.Settings.DueBeforeRollForward}, ovs)
	if tx.cals == nil {
		tx.cals = map[int64]*calendar.Calendar{}
	}
	tx.cals[wardID] = c
	return c, nil
}

// completedLate is program.CompletedLate on the stored facts of one item.
func (tx *Tx) completedLate(ctx context.Context, wardID int64, completedAt *time.Time, quality string, deadline calendar.Date) (bool, error) {
	wardID = tx.scope(wardID)
	if completedAt == nil || quality == string(program.QualityRejected) {
		return false, nil
	}
	// A completion on or before the deadline day is never late: no calendar.
	if !calendar.DateOf(*completedAt).After(deadline) {
		return false, nil
	}
	cal, err := tx.workCalendar(ctx, wardID)
	if err != nil {
		return false, err
	}
	return program.CompletedLate(program.ItemFacts{DueDate: deadline, CompletedAt: completedAt, Quality: program.Quality(quality)}, cal), nil
}

// setSearchFacts stores what the search filters on after an item is
// written: its month, and whether its completion came late.
func (tx *Tx) setSearchFacts(ctx context.Context, id int64, it Item) error {
	d := it.DueDate
	if it.ApprovedExtension != nil {
		d = *it.ApprovedExtension
	}
	late, err := tx.completedLate(ctx, it.WardID, it.CompletedAt, it.Quality, d)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `UPDATE program_items SET completed_late = $1,
		ym = (SELECT p.year * 100 + p.month FROM programs p WHERE p.id = program_items.program_id),
		updated_at = COALESCE(updated_at, registered_at) WHERE id = $2`, late, id)
	if err != nil || it.CarriedFrom == 0 {
		return errs.Wrap(err, "store: item search facts")
	}
	// A copy created, cancelled or changing registration makes or unmakes
	// its original "carried over".
	_, err = tx.exec(ctx, `UPDATE program_items SET live_copy = EXISTS (SELECT 1 FROM program_items c
		WHERE c.carried_from = program_items.id AND c.cancelled = FALSE AND c.registration IN ('registered', 'late_accepted'))
		WHERE id = $1`, it.CarriedFrom)
	return errs.Wrap(err, "store: live copy")
}

// refreshCompletedLate recomputes the flag of one item from its stored
// row (after its deadline moved by an extension).
func (tx *Tx) refreshCompletedLate(ctx context.Context, id int64) error {
	var wardID int64
	var completed sql.NullTime
	var quality, deadline string
	if err := tx.queryRow(ctx, `SELECT ward_id, completed_at, quality, deadline FROM program_items WHERE id = $1`, id).
		Scan(&wardID, &completed, &quality, &deadline); err != nil {
		return errs.Wrap(err, "store: item completion")
	}
	d, err := calendar.ParseDate(deadline)
	if err != nil {
		return errs.Wrap(err, "store: item deadline")
	}
	late, err := tx.completedLate(ctx, wardID, timePtr(completed), quality, d)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `UPDATE program_items SET completed_late = $1 WHERE id = $2`, late, id)
	return errs.Wrap(err, "store: completed late")
}

// RefreshCompletedLate recomputes the "completed late" flag of every
// completed item of the ward with its current calendar: after a change of
// the calendar (a holiday, a swap, a make-up Saturday) and once after the
// migration, whose backfill knew weekends only. It returns how many changed.
func (tx *Tx) RefreshCompletedLate(ctx context.Context, wardID int64) (int, error) {
	wardID = tx.scope(wardID)
	delete(tx.cals, wardID)
	cal, err := tx.workCalendar(ctx, wardID)
	if err != nil {
		return 0, err
	}
	rows, err := tx.query(ctx, `SELECT id, completed_at, quality, deadline, completed_late FROM program_items
		WHERE ward_id = $1 AND completed_at IS NOT NULL`, wardID)
	if err != nil {
		return 0, errs.Wrap(err, "store: completed items")
	}
	type change struct {
		id   int64
		late bool
	}
	var changes []change
	var scanErr error
	for rows.Next() {
		var id int64
		var at time.Time
		var quality, deadline string
		var was bool
		if scanErr = rows.Scan(&id, &at, &quality, &deadline, &was); scanErr != nil {
			break
		}
		d, err := calendar.ParseDate(deadline)
		if err != nil {
			continue
		}
		late := program.CompletedLate(program.ItemFacts{DueDate: d, CompletedAt: &at, Quality: program.Quality(quality)}, cal)
		if late != was {
			changes = append(changes, change{id, late})
		}
	}
	rows.Close()
	if scanErr != nil || rows.Err() != nil {
		return 0, errs.Wrap(errorsJoin(scanErr, rows.Err()), "store: completed items")
	}
	for _, c := range changes {
		if _, err := tx.exec(ctx, `UPDATE program_items SET completed_late = $1 WHERE id = $2`, c.late, c.id); err != nil {
			return 0, errs.Wrap(err, "store: completed late")
		}
	}
	return len(changes), nil
}

// searchFactsMigration added completed_late with a weekends-only backfill;
// right after it runs, every ward's flags are recomputed with the calendar.
const searchFactsMigration = 24

func (db *DB) refreshAllCompletedLate(ctx context.Context) error {
	return db.Update(ctx, func(tx *Tx) error {
		wards, err := tx.WardIDs(ctx)
		if err != nil {
			return err
		}
		for _, w := range wards {
			if _, err := tx.RefreshCompletedLate(ctx, w); err != nil {
				return err
			}
		}
		return nil
	})
}

func errorsJoin(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// touchItem records the moment of a change to an item (its audit entry or
// event), for the "recently changed" order.
func (tx *Tx) touchItem(ctx context.Context, id int64, at time.Time) error {
	_, err := tx.exec(ctx, `UPDATE program_items SET updated_at = $1 WHERE id = $2 AND (updated_at IS NULL OR updated_at < $1)`, at.UTC(), id)
	return errs.Wrap(err, "store: touch item")
}

// SavedSearch is a named filter of the search page, kept per account.
type SavedSearch struct {
	ID        int64
	UserID    int64
	Name      string
	Query     string // the page's query string
	CreatedAt time.Time
}

// SavedSearches lists the account's saved filters by name.
func (tx *Tx) SavedSearches(ctx context.Context, userID int64) ([]SavedSearch, error) {
	rows, err := tx.query(ctx, `SELECT id, user_id, name, query, created_at FROM saved_searches WHERE user_id = $1 ORDER BY name, id LIMIT 100`, userID)
	if err != nil {
		return nil, errs.Wrap(err, "store: saved searches")
	}
	defer rows.Close()
	var out []SavedSearch
	for rows.Next() {
		var s SavedSearch
		if err := rows.Scan(&s.ID, &s.UserID, &s.Name, &s.Query, &s.CreatedAt); err != nil {
			return nil, errs.Wrap(err, "store: scan saved search")
		}
		out = append(out, s)
	}
	return out, errs.Wrap(rows.Err(), "store: saved searches")
}

// SaveSearch stores a named filter, replacing one of the same name.
func (tx *Tx) SaveSearch(ctx context.Context, s SavedSearch) error {
	_, err := tx.exec(ctx, `INSERT INTO saved_searches (user_id, name, query, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id, name) DO UPDATE SET query = excluded.query`, s.UserID, s.Name, s.Query, s.CreatedAt.UTC())
	return errs.Wrap(err, "store: save search")
}

// DeleteSavedSearch removes one of the account's saved filters.
func (tx *Tx) DeleteSavedSearch(ctx context.Context, userID, id int64) error {
	res, err := tx.exec(ctx, `DELETE FROM saved_searches WHERE user_id = $1 AND id = $2`, userID, id)
	if err != nil {
		return errs.Wrap(err, "store: delete saved search")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "Không tìm thấy bộ lọc đã lưu.")
	}
	return nil
}

// CountSavedSearches counts the account's saved filters (bounded list).
func (tx *Tx) CountSavedSearches(ctx context.Context, userID int64) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM saved_searches WHERE user_id = $1`, userID).Scan(&n)
	return n, errs.Wrap(err, "store: count saved searches")
}
