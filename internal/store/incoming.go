package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

// Incoming is a registered incoming document (văn bản đến) with the names
// the register shows.
type Incoming struct {
	ID           int64
	WardID       int64
	Year         int
	ArrivalNo    int
	ArrivedOn    calendar.Date
	Issuer       string
	NumberSymbol string
	DocDate      calendar.Date
	Subject      string
	Notes        string
	SubjectFold  string
	BodyFold     string
	Urgency      string
	State        string
	Version      int
	RoutedTo     int64 // the leader it was sent to
	RoutedToName string
	RoutedToPos  string // the leader's position (chairman, vice_chairman)
	RoutedAt     *time.Time
	RoutedBy     int64
	RouteNote    string
	LeadUnitID   int64
	LeadUnitCode string
	LeadUnitName string
	Deadline     calendar.Date // zero when none
	Directive    string        // the leader's comment
	DecidedAt    *time.Time
	DecidedBy    int64
	FileSHA256   string
	FileName     string
	FileSize     int64
	RegisteredBy int64
	RegisteredAt time.Time
	// CoordinatingUnitIDs is filled by IncomingDoc, not by the register list.
	CoordinatingUnitIDs []int64
}

// IncomingEvent is one step of a document's handling.
type IncomingEvent struct {
	ID        int64
	At        time.Time
	ActorID   int64
	ActorName string
	Action    string
	Note      string
}

// IncomingFilter selects a page of a year's register.
type IncomingFilter struct {
	Year     int
	State    string
	Urgency  string
	UnitID   int64  // lead or coordinating unit
	LeaderID int64  // routed to this leader
	Q        string // folded (vntext.Fold); matched in the trích yếu and the body
	Before   int    // cursor: arrival numbers below it (0: from the newest)
	Limit    int    // 1–1000; 0 → 50
}

// incomingSeq is the doc_sequences symbol of the arrival numbers.
const incomingSeq = "incoming"

// NextArrivalNo takes the next arrival number of a ward's register of a
// year, in the caller's transaction: a refused registration burns none.
// Arrivals have their own sequence, apart from the book of documents issued.
func (tx *Tx) NextArrivalNo(ctx context.Context, wardID int64, year int) (int, error) {
	wardID = tx.scope(wardID)
	n, err := tx.nextInSequence(ctx, wardID, year, incomingSeq)
	return n, errs.Wrap(err, "store: next arrival number")
}

// CreateIncoming stores a new register entry with its arrival number.
func (tx *Tx) CreateIncoming(ctx context.Context, d Incoming) (int64, error) {
	d.WardID = tx.scope(d.WardID)
	var sha any
	if d.FileSHA256 != "" {
		sha = d.FileSHA256
	}
	id, err := tx.insert(ctx, `INSERT INTO incoming_documents (ward_id, year, arrival_no, arrived_on, issuer, number_symbol, doc_date,
		subject, notes, subject_fold, body_fold, urgency, state, file_sha256, file_name, file_size, registered_by, registered_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		d.WardID, d.Year, d.ArrivalNo, d.ArrivedOn.String(), d.Issuer, d.NumberSymbol, d.DocDate.String(), d.Subject, d.Notes,
		d.SubjectFold, d.BodyFold, d.Urgency, d.State, sha, d.FileName, d.FileSize, nullInt(d.RegisteredBy), d.RegisteredAt.UTC())
	if IsUniqueViolation(err) {
		return 0, errs.E(errs.Conflict, "Số đến này vừa được dùng cho văn bản khác; vui lòng gửi lại.")
	}
	return id, errs.Wrap(err, "store: create incoming")
}

// RouteIncoming records the clerk's routing to a leader, if the document
// is still at version.
func (tx *Tx) RouteIncoming(ctx context.Context, d Incoming) error {
	args := []any{d.State, nullInt(d.RoutedTo), nullTime(d.RoutedAt), nullInt(d.RoutedBy), d.RouteNote, d.ID, d.Version}
	own := tx.wardIs("ward_id", &args)
	res, err := tx.exec(ctx, `UPDATE incoming_documents SET state = $1, routed_to = $2, routed_at = $3, routed_by = $4, route_note = $5,
		version = version + 1 WHERE id = $6 AND version = $7`+own, args...)
	if err != nil {
		return errs.Wrap(err, "store: route incoming")
	}
	return checkVersion(res, "Văn bản đến")
}

// DecideIncoming records the leader's direction (assigned, with the lead
// and coordinating units and the deadline) or filing, if the document is
// still at version.
func (tx *Tx) DecideIncoming(ctx context.Context, d Incoming) error {
	deadline := ""
	if !d.Deadline.IsZero() {
		deadline = d.Deadline.String()
	}
	args := []any{
		d.State, nullInt(d.LeadUnitID), deadline, d.Directive, nullTime(d.DecidedAt), nullInt(d.DecidedBy), d.ID, d.Version,
	}
	own := tx.wardIs("ward_id", &args)
	res, err := tx.exec(ctx, `UPDATE incoming_documents SET state = $1, lead_unit_id = $2, deadline = $3, directive = $4, decided_at = $5,
		decided_by = $6, version = version + 1 WHERE id = $7 AND version = $8`+own, args...)
	if err != nil {
		return errs.Wrap(err, "store: decide incoming")
	}
	if err := checkVersion(res, "Văn bản đến"); err != nil {
		return err
	}
	for _, u := range d.CoordinatingUnitIDs {
		if _, err := tx.exec(ctx, `INSERT INTO incoming_coordinating_units (incoming_id, unit_id) VALUES ($1, $2)`, d.ID, u); err != nil {
			return errs.Wrap(err, "store: incoming coordinating unit")
		}
	}
	return nil
}

// LinkIncomingItem records that a direction created a program item.
func (tx *Tx) LinkIncomingItem(ctx context.Context, incomingID, itemID int64) error {
	_, err := tx.exec(ctx, `INSERT INTO incoming_items (incoming_id, item_id) VALUES ($1, $2)`, incomingID, itemID)
	return errs.Wrap(err, "store: link incoming item")
}

// IncomingItemIDs returns the items a document's direction created.
func (tx *Tx) IncomingItemIDs(ctx context.Context, incomingID int64) ([]int64, error) {
	args := []any{incomingID}
	own := tx.ofWard("incoming_documents", "$1", &args)
	return tx.ids(ctx, `SELECT item_id FROM incoming_items
		WHERE incoming_id = $1`+own+` ORDER BY item_id`, args...)
}

// IncomingOfItem returns the incoming document an item came from, if any.
func (tx *Tx) IncomingOfItem(ctx context.Context, wardID, itemID int64) (Incoming, bool, error) {
	wardID = tx.scope(wardID)
	var id int64
	err := tx.queryRow(ctx, `SELECT ii.incoming_id FROM incoming_items ii JOIN incoming_documents d ON d.id = ii.incoming_id
		WHERE ii.item_id = $1 AND d.ward_id = $2`, itemID, wardID).Scan(&id)
	if err == sql.ErrNoRows {
		return Incoming{}, false, nil
	}
	if err != nil {
		return Incoming{}, false, errs.Wrap(err, "store: incoming of item")
	}
	d, err := tx.IncomingDoc(ctx, wardID, id)
	return d, err == nil, err
}

// AddIncomingEvent appends a step to a document's history.
func (tx *Tx) AddIncomingEvent(ctx context.Context, incomingID int64, e IncomingEvent) error {
	_, err := tx.exec(ctx, `INSERT INTO incoming_history (incoming_id, at, actor_id, action, note) VALUES ($1, $2, $3, $4, $5)`,
		incomingID, e.At.UTC(), nullInt(e.ActorID), e.Action, e.Note)
	return errs.Wrap(err, "store: incoming history")
}

// IncomingHistory returns a document's steps, oldest first, with the
// names of who took them.
func (tx *Tx) IncomingHistory(ctx context.Context, incomingID int64) ([]IncomingEvent, error) {
	args := []any{incomingID}
	own := tx.ofWard("incoming_documents", "$1", &args)
	rows, err := tx.query(ctx, `SELECT h.id, h.at, COALESCE(h.actor_id, 0), COALESCE(p.full_name, us.login, ''), h.action, h.note
		FROM incoming_history h LEFT JOIN users us ON us.id = h.actor_id LEFT JOIN people p ON p.id = us.person_id
		WHERE h.incoming_id = $1`+own+` ORDER BY h.id`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: incoming history")
	}
	defer rows.Close()
	var out []IncomingEvent
	for rows.Next() {
		var e IncomingEvent
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.Note); err != nil {
			return nil, errs.Wrap(err, "store: scan incoming history")
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, errs.Wrap(rows.Err(), "store: incoming history")
}

const incomingCols = `d.id, d.ward_id, d.year, d.arrival_no, d.arrived_on, d.issuer, d.number_symbol, d.doc_date, d.subject, d.notes,
	d.subject_fold, d.body_fold, d.urgency, d.state, d.version, COALESCE(d.routed_to, 0), COALESCE(lp.full_name, ''),
	COALESCE(l.position, ''), d.routed_at, COALESCE(d.routed_by, 0), d.route_note, COALESCE(d.lead_unit_id, 0), COALESCE(u.code, ''),
	COALESCE(u.name, ''), d.deadline, d.directive, d.decided_at, COALESCE(d.decided_by, 0), COALESCE(d.file_sha256, ''), d.file_name,
	d.file_size, COALESCE(d.registered_by, 0), d.registered_at`

const incomingFrom = ` FROM incoming_documents d
	LEFT JOIN leaders l ON l.id = d.routed_to
	LEFT JOIN people lp ON lp.id = l.person_id
	LEFT JOIN units u ON u.id = d.lead_unit_id `

func scanIncoming(s interface{ Scan(...any) error }) (Incoming, error) {
	var d Incoming
	var arrived, docDate, deadline string
	var routedAt, decidedAt sql.NullTime
	err := s.Scan(&d.ID, &d.WardID, &d.Year, &d.ArrivalNo, &arrived, &d.Issuer, &d.NumberSymbol, &docDate, &d.Subject, &d.Notes,
		&d.SubjectFold, &d.BodyFold, &d.Urgency, &d.State, &d.Version, &d.RoutedTo, &d.RoutedToName, &d.RoutedToPos, &routedAt,
		&d.RoutedBy, &d.RouteNote, &d.LeadUnitID, &d.LeadUnitCode, &d.LeadUnitName, &deadline, &d.Directive, &decidedAt,
		&d.DecidedBy, &d.FileSHA256, &d.FileName, &d.FileSize, &d.RegisteredBy, &d.RegisteredAt)
	if err != nil {
		return d, err
	}
	d.RoutedAt, d.DecidedAt = timePtr(routedAt), timePtr(decidedAt)
	d.RegisteredAt = d.RegisteredAt.UTC()
	if d.ArrivedOn, err = calendar.ParseDate(arrived); err != nil {
		return d, err
	}
	if d.DocDate, err = calendar.ParseDate(docDate); err != nil {
		return d, err
	}
	if deadline != "" {
		d.Deadline, err = calendar.ParseDate(deadline)
	}
	return d, err
}

// IncomingDoc returns one document of the ward with its coordinating units.
func (tx *Tx) IncomingDoc(ctx context.Context, wardID, id int64) (Incoming, error) {
	wardID = tx.scope(wardID)
	d, err := scanIncoming(tx.queryRow(ctx, `SELECT `+incomingCols+incomingFrom+`WHERE d.ward_id = $1 AND d.id = $2`, wardID, id))
	if err != nil {
		return d, notFound(err, "văn bản đến")
	}
	d.CoordinatingUnitIDs, err = tx.ids(ctx, `SELECT unit_id FROM incoming_coordinating_units WHERE incoming_id = $1 ORDER BY unit_id`, id)
	return d, err
}

// likeEscape makes s a LIKE pattern matching it anywhere, its own % and _
// taken literally.
func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// IncomingRegister returns a page of a year's register, newest arrival
// first, by the filter. Its cost follows the page and the year, never the
// years before.
func (tx *Tx) IncomingRegister(ctx context.Context, wardID int64, f IncomingFilter) ([]Incoming, error) {
	wardID = tx.scope(wardID)
	where, args := `d.ward_id = $1 AND d.year = $2`, []any{wardID, f.Year}
	add := func(cond string, v any) {
		args = append(args, v)
		where += " AND " + strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args)))
	}
	if f.State != "" {
		add(`d.state = $?`, f.State)
	}
	if f.Urgency != "" {
		add(`d.urgency = $?`, f.Urgency)
	}
	if f.UnitID != 0 {
		add(`(d.lead_unit_id = $? OR d.id IN (SELECT incoming_id FROM incoming_coordinating_units WHERE unit_id = $?))`, f.UnitID)
	}
	if f.LeaderID != 0 {
		add(`d.routed_to = $?`, f.LeaderID)
	}
	if f.Q != "" {
		add(`(d.subject_fold LIKE $? ESCAPE '\' OR d.body_fold LIKE $? ESCAPE '\')`, likeEscape(f.Q))
	}
	if f.Before > 0 {
		add(`d.arrival_no < $?`, f.Before)
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 50
	}
	args = append(args, limit)
	rows, err := tx.query(ctx, `SELECT `+incomingCols+incomingFrom+`WHERE `+where+` ORDER BY d.arrival_no DESC LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: incoming register")
	}
	defer rows.Close()
	var out []Incoming
	for rows.Next() {
		d, err := scanIncoming(rows)
		if err != nil {
			return nil, errs.Wrap(err, "store: scan incoming")
		}
		out = append(out, d)
	}
	return out, errs.Wrap(rows.Err(), "store: incoming register")
}
