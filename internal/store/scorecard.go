package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

// This file reads what a unit scorecard counts (seed ¶3) for a range of
// months, a handful of queries for the whole ward, whatever the years of
// history behind: programs by (ward, year, month), their items by program,
// breaches and meetings by time, remediations by (ward, year, month).

// MonthSpan is a range of months, both ends included.
type MonthSpan struct {
	FromYear  int
	FromMonth time.Month
	ToYear    int
	ToMonth   time.Month
}

// where is the condition on (year, month) columns of alias a, with
// placeholders from $n on; args are appended to args.
func (s MonthSpan) where(a string, n int, args []any) (string, []any) {
	p := func(i int) string { return "$" + strconv.Itoa(n+i) }
	cond := "(" + a + ".year > " + p(0) + " OR (" + a + ".year = " + p(0) + " AND " + a + ".month >= " + p(1) + "))" +
		" AND (" + a + ".year < " + p(2) + " OR (" + a + ".year = " + p(2) + " AND " + a + ".month <= " + p(3) + "))"
	return cond, append(args, s.FromYear, int(s.FromMonth), s.ToYear, int(s.ToMonth))
}

// ScoreItem is an item of an issued program as the scorecard reads it: in
// the program (registered or accepted late, not merged), cancelled ones
// included so they can be listed apart.
type ScoreItem struct {
	ID          int64
	UnitID      int64
	Year        int
	Month       time.Month
	DueDate     calendar.Date
	Cancelled   bool
	CompletedAt *time.Time
	Quality     string
	Rejections  int
	Excused     bool
	// CarriedTo: the item has a live copy in the next month's program.
	CarriedTo  bool
	Extensions []ScoreExtension // approved ones, oldest decision first
}

// ScoreExtension is an approved extension with its decision instant.
type ScoreExtension struct {
	DecidedAt time.Time
	NewDate   calendar.Date
}

// ScoreItems returns the items of the ward's issued programs of the span,
// with their approved extensions, in two queries. "Carried over" is the
// stored live_copy (kept by setSearchFacts): a probe of the copies per item
// was half of the buffers read for a year of a ward.
func (tx *Tx) ScoreItems(ctx context.Context, wardID int64, span MonthSpan) ([]ScoreItem, error) {
	wardID = tx.scope(wardID)
	cond, args := span.where("p", 2, []any{wardID})
	from := ` FROM programs p JOIN program_items i ON i.program_id = p.id
		WHERE p.ward_id = $1 AND p.state = 'issued' AND ` + cond + `
		AND i.registration IN ('registered', 'late_accepted') AND i.merged_into IS NULL`
	rows, err := tx.query(ctx, `SELECT i.id, i.lead_unit_id, p.year, p.month, i.due_date, i.cancelled, i.completed_at, i.quality,
		i.rejections, i.objective_excused,
		i.live_copy`+from+` ORDER BY i.id`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: score items")
	}
	var out []ScoreItem
	index := map[int64]int{}
	for rows.Next() {
		var it ScoreItem
		var month int
		var due string
		var done sql.NullTime
		if err := rows.Scan(&it.ID, &it.UnitID, &it.Year, &month, &due, &it.Cancelled, &done, &it.Quality, &it.Rejections,
			&it.Excused, &it.CarriedTo); err != nil {
			rows.Close()
			return nil, errs.Wrap(err, "store: scan score item")
		}
		it.Month, it.CompletedAt = time.Month(month), timePtr(done)
		if it.DueDate, err = calendar.ParseDate(due); err != nil {
			rows.Close()
			return nil, errs.Wrap(err, "store: score item due date")
		}
		index[it.ID] = len(out)
		out = append(out, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, errs.Wrap(err, "store: score items")
	}
	erows, err := tx.query(ctx, `SELECT e.item_id, e.decided_at, e.new_date FROM extension_requests e
		JOIN program_items i ON i.id = e.item_id JOIN programs p ON p.id = i.program_id
		WHERE p.ward_id = $1 AND p.state = 'issued' AND `+cond+` AND e.decision = 'approved' AND e.decided_at IS NOT NULL
		ORDER BY e.item_id, e.decided_at, e.id`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: score extensions")
	}
	defer erows.Close()
	for erows.Next() {
		var id int64
		var e ScoreExtension
		var d string
		if err := erows.Scan(&id, &e.DecidedAt, &d); err != nil {
			return nil, errs.Wrap(err, "store: scan score extension")
		}
		e.DecidedAt = e.DecidedAt.UTC()
		if e.NewDate, err = calendar.ParseDate(d); err != nil {
			return nil, errs.Wrap(err, "store: extension date")
		}
		if i, ok := index[id]; ok {
			out[i].Extensions = append(out[i].Extensions, e)
		}
	}
	return out, errs.Wrap(erows.Err(), "store: score extensions")
}

// ScoreBreach is a meeting-readiness breach recorded against a unit.
type ScoreBreach struct {
	EventID int64
	UnitID  int64
	At      time.Time
	Title   string
}

// ScoreBreaches returns the ward's breaches recorded in [from, to), not
// excused (the partial index events_breached holds only breached events).
func (tx *Tx) ScoreBreaches(ctx context.Context, wardID int64, from, to time.Time) ([]ScoreBreach, error) {
	wardID = tx.scope(wardID)
	rows, err := tx.query(ctx, `SELECT id, breach_unit_id, breached_at, title FROM events
		WHERE ward_id = $1 AND breached_at IS NOT NULL AND breached_at >= $2 AND breached_at < $3
		AND breach_unit_id IS NOT NULL AND breach_excused = FALSE ORDER BY breached_at, id`, wardID, from.UTC(), to.UTC())
	if err != nil {
		return nil, errs.Wrap(err, "store: score breaches")
	}
	defer rows.Close()
	var out []ScoreBreach
	for rows.Next() {
		var b ScoreBreach
		if err := rows.Scan(&b.EventID, &b.UnitID, &b.At, &b.Title); err != nil {
			return nil, errs.Wrap(err, "store: scan breach")
		}
		b.At = b.At.UTC()
		out = append(out, b)
	}
	return out, errs.Wrap(rows.Err(), "store: score breaches")
}

// ScoreMeeting is a meeting as the Office's scorecard reads it: its
// invitation and its conclusion notice.
type ScoreMeeting struct {
	EventID            int64
	Title              string
	Kind               string
	Start              time.Time
	Urgent             bool
	ReplacesInvitation bool
	InvitationIssuedAt *time.Time
	PreparingUnitID    int64
	// The conclusion notice, when recorded.
	ConclusionAt  *time.Time
	ConclusionDue calendar.Date // zero when none recorded
}

// ScoreMeetings returns the ward's live entries starting in [from, to)
// with their notices, through the events_ward_time index.
func (tx *Tx) ScoreMeetings(ctx context.Context, wardID int64, from, to time.Time) ([]ScoreMeeting, error) {
	wardID = tx.scope(wardID)
	rows, err := tx.query(ctx, `SELECT e.id, e.title, e.kind, e.starts_at, e.urgent, e.replaces_invitation, e.invitation_issued_at,
		COALESCE(e.preparing_unit_id, 0), c.recorded_at, COALESCE(c.due_on, '')
		FROM events e LEFT JOIN conclusion_notices c ON c.event_id = e.id
		WHERE e.ward_id = $1 AND e.starts_at >= $2 AND e.starts_at < $3 AND e.cancelled = FALSE AND e.pending = FALSE
		ORDER BY e.starts_at, e.id`, wardID, from.UTC(), to.UTC())
	if err != nil {
		return nil, errs.Wrap(err, "store: score meetings")
	}
	defer rows.Close()
	var out []ScoreMeeting
	for rows.Next() {
		var m ScoreMeeting
		var inv, rec sql.NullTime
		var due string
		if err := rows.Scan(&m.EventID, &m.Title, &m.Kind, &m.Start, &m.Urgent, &m.ReplacesInvitation, &inv, &m.PreparingUnitID, &rec, &due); err != nil {
			return nil, errs.Wrap(err, "store: scan meeting")
		}
		m.Start = m.Start.UTC()
		m.InvitationIssuedAt, m.ConclusionAt = timePtr(inv), timePtr(rec)
		if due != "" {
			m.ConclusionDue, _ = calendar.ParseDate(due)
		}
		out = append(out, m)
	}
	return out, errs.Wrap(rows.Err(), "store: score meetings")
}

// ScoreRemediation is a remediation obligation as the scorecard counts it.
type ScoreRemediation struct {
	ID        int64
	UnitID    int64
	Year      int
	Month     time.Month
	DueDate   calendar.Date
	State     string
	EverFiled bool
	Late      bool
	MissingAt *time.Time
}

// ScoreRemediations returns the ward's obligations of the span's report
// months (remediations_ward_month index).
func (tx *Tx) ScoreRemediations(ctx context.Context, wardID int64, span MonthSpan) ([]ScoreRemediation, error) {
	wardID = tx.scope(wardID)
	cond, args := span.where("r", 2, []any{wardID})
	rows, err := tx.query(ctx, `SELECT r.id, r.unit_id, r.year, r.month, r.due_date, r.state, r.first_filed_at IS NOT NULL, r.late, r.missing_at
		FROM remediations r WHERE r.ward_id = $1 AND `+cond+` ORDER BY r.year, r.month, r.unit_id`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: score remediations")
	}
	defer rows.Close()
	var out []ScoreRemediation
	for rows.Next() {
		var r ScoreRemediation
		var month int
		var due string
		var miss sql.NullTime
		if err := rows.Scan(&r.ID, &r.UnitID, &r.Year, &month, &due, &r.State, &r.EverFiled, &r.Late, &miss); err != nil {
			return nil, errs.Wrap(err, "store: scan score remediation")
		}
		r.Month, r.MissingAt = time.Month(month), timePtr(miss)
		r.DueDate, _ = calendar.ParseDate(due)
		out = append(out, r)
	}
	return out, errs.Wrap(rows.Err(), "store: score remediations")
}

// GeneralScore is the Chairman's general points of a unit for a period.
type GeneralScore struct {
	UnitID    int64
	Period    string // "2026-11", "2026-Q4", "2026"
	Points    float64
	Note      string
	EnteredBy string // login
	EnteredAt time.Time
	Version   int
}

// GeneralScores returns the ward's general points of the given periods.
func (tx *Tx) GeneralScores(ctx context.Context, wardID int64, periods []string) ([]GeneralScore, error) {
	wardID = tx.scope(wardID)
	if len(periods) == 0 {
		return nil, nil
	}
	args := []any{wardID}
	for _, p := range periods {
		args = append(args, p)
	}
	rows, err := tx.query(ctx, `SELECT g.unit_id, g.period, g.points, g.note, COALESCE(us.login, ''), g.entered_at, g.version
		FROM general_scores g LEFT JOIN users us ON us.id = g.entered_by
		WHERE g.ward_id = $1 AND g.period IN (`+placeholders(2, len(periods))+`) ORDER BY g.unit_id, g.period`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: general scores")
	}
	defer rows.Close()
	var out []GeneralScore
	for rows.Next() {
		var g GeneralScore
		if err := rows.Scan(&g.UnitID, &g.Period, &g.Points, &g.Note, &g.EnteredBy, &g.EnteredAt, &g.Version); err != nil {
			return nil, errs.Wrap(err, "store: scan general score")
		}
		out = append(out, g)
	}
	return out, errs.Wrap(rows.Err(), "store: general scores")
}

// SaveGeneralScore enters or changes a unit's general points for a period:
// version 0 enters new points (refused when someone entered them
// meanwhile), a current version changes them; a stale one is refused.
func (tx *Tx) SaveGeneralScore(ctx context.Context, wardID int64, g GeneralScore, by int64, at time.Time) error {
	wardID = tx.scope(wardID)
	if g.Version == 0 {
		_, err := tx.exec(ctx, `INSERT INTO general_scores (ward_id, unit_id, period, points, note, entered_by, entered_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, wardID, g.UnitID, g.Period, g.Points, g.Note, nullInt(by), at.UTC())
		if IsUniqueViolation(err) {
			return stale("Điểm tiêu chí chung")
		}
		return errs.Wrap(err, "store: enter general score")
	}
	res, err := tx.exec(ctx, `UPDATE general_scores SET points = $1, note = $2, entered_by = $3, entered_at = $4, version = version + 1
		WHERE ward_id = $5 AND unit_id = $6 AND period = $7 AND version = $8`,
		g.Points, g.Note, nullInt(by), at.UTC(), wardID, g.UnitID, g.Period, g.Version)
	if err != nil {
		return errs.Wrap(err, "store: change general score")
	}
	return checkVersion(res, "Điểm tiêu chí chung")
}

// Decision is the Chairman's accountability decision on a unit.
type Decision struct {
	ID          int64
	WardID      int64
	UnitID      int64
	PersonID    int64 // the head concerned (0 when the unit has none)
	PersonName  string
	Period      string
	Kind        string
	Note        string
	ItemIDs     []int64
	DecidedBy   int64
	DeciderName string
	DecidedAt   time.Time
}

// CreateDecision records a decision; a second one on the same unit and
// period is refused.
func (tx *Tx) CreateDecision(ctx context.Context, d Decision) (int64, error) {
	d.WardID = tx.scope(d.WardID)
	items, _ := json.Marshal(append([]int64{}, d.ItemIDs...))
	id, err := tx.insert(ctx, `INSERT INTO accountability_decisions (ward_id, unit_id, person_id, period, kind, note, item_ids, decided_by, decided_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, d.WardID, d.UnitID, nullInt(d.PersonID), d.Period, d.Kind, d.Note, string(items),
		nullInt(d.DecidedBy), d.DecidedAt.UTC())
	if IsUniqueViolation(err) {
		return 0, errs.E(errs.Conflict, "Chủ tịch đã có kết luận đối với đơn vị này trong kỳ đánh giá; không ghi lần thứ hai.")
	}
	return id, errs.Wrap(err, "store: decision")
}

// Decisions returns the ward's decisions of the given periods (all
// periods when none given, for one unit when unitID ≠ 0), newest first,
// at most limit.
func (tx *Tx) Decisions(ctx context.Context, wardID, unitID int64, periods []string, limit int) ([]Decision, error) {
	wardID = tx.scope(wardID)
	where := []string{"d.ward_id = $1"}
	args := []any{wardID}
	if unitID != 0 {
		args = append(args, unitID)
		where = append(where, "d.unit_id = $"+strconv.Itoa(len(args)))
	}
	if len(periods) > 0 {
		start := len(args) + 1
		for _, p := range periods {
			args = append(args, p)
		}
		where = append(where, "d.period IN ("+placeholders(start, len(periods))+")")
	}
	args = append(args, limit)
	rows, err := tx.query(ctx, `SELECT d.id, d.ward_id, d.unit_id, COALESCE(d.person_id, 0), COALESCE(p.full_name, ''), d.period, d.kind,
		d.note, d.item_ids, COALESCE(d.decided_by, 0), COALESCE(dp.full_name, du.login, ''), d.decided_at
		FROM accountability_decisions d LEFT JOIN people p ON p.id = d.person_id
		LEFT JOIN users du ON du.id = d.decided_by LEFT JOIN people dp ON dp.id = du.person_id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY d.decided_at DESC, d.id DESC LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: decisions")
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		var d Decision
		var items string
		if err := rows.Scan(&d.ID, &d.WardID, &d.UnitID, &d.PersonID, &d.PersonName, &d.Period, &d.Kind, &d.Note, &items,
			&d.DecidedBy, &d.DeciderName, &d.DecidedAt); err != nil {
			return nil, errs.Wrap(err, "store: scan decision")
		}
		json.Unmarshal([]byte(items), &d.ItemIDs) // a malformed list shows no items
		d.DecidedAt = d.DecidedAt.UTC()
		out = append(out, d)
	}
	return out, errs.Wrap(rows.Err(), "store: decisions")
}

// UnitHead is the person who answers for a unit: the person of its head's
// account (unit_head; for the Office, whose head signs as "office", the
// first office account).
type UnitHead struct {
	UnitID   int64
	PersonID int64
	Name     string
	Title    string
	UserID   int64
	Login    string
}

// UnitHeads returns each unit's head, one per unit: a unit_head account
// before an office one, the oldest first.
func (tx *Tx) UnitHeads(ctx context.Context, wardID int64) (map[int64]UnitHead, error) {
	wardID = tx.scope(wardID)
	rows, err := tx.query(ctx, `SELECT p.unit_id, p.id, p.full_name, p.title, us.id, us.login
		FROM users us JOIN people p ON p.id = us.person_id
		WHERE us.ward_id = $1 AND us.disabled = FALSE AND us.role IN ('unit_head', 'office') AND p.unit_id IS NOT NULL
		ORDER BY CASE us.role WHEN 'unit_head' THEN 0 ELSE 1 END, us.id`, wardID)
	if err != nil {
		return nil, errs.Wrap(err, "store: unit heads")
	}
	defer rows.Close()
	out := map[int64]UnitHead{}
	for rows.Next() {
		var h UnitHead
		if err := rows.Scan(&h.UnitID, &h.PersonID, &h.Name, &h.Title, &h.UserID, &h.Login); err != nil {
			return nil, errs.Wrap(err, "store: scan unit head")
		}
		if _, ok := out[h.UnitID]; !ok {
			out[h.UnitID] = h
		}
	}
	return out, errs.Wrap(rows.Err(), "store: unit heads")
}

// FirstProgramMonth returns the month of the ward's first program (ok
// false when it has none): scorecards before it have nothing to show.
func (tx *Tx) FirstProgramMonth(ctx context.Context, wardID int64) (year int, month time.Month, ok bool, err error) {
	wardID = tx.scope(wardID)
	var n sql.NullInt64
	if err := tx.queryRow(ctx, `SELECT MIN(year * 12 + month - 1) FROM programs WHERE ward_id = $1`, wardID).Scan(&n); err != nil {
		return 0, 0, false, errs.Wrap(err, "store: first program")
	}
	if !n.Valid {
		return 0, 0, false, nil
	}
	return int(n.Int64 / 12), time.Month(n.Int64%12 + 1), true, nil
}
