package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/vntext"
)

// RegisterFilter selects a year's numbered documents.
type RegisterFilter struct {
	WardID int64
	Year   int
	Type   string
	UnitID int64
	State  string // issued or withdrawn ("" both)
	Query  string // diacritic-insensitive, on trích yếu and body
	// Cursor is the last row of the previous page ("YYYY-MM-DD.id").
	Cursor string
	Limit  int
}

// likeContains is a LIKE pattern matching s anywhere, with the wildcards
// of s taken literally (ESCAPE '\').
func likeContains(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// Register returns a page of the register, newest first, and the cursor of
// the next page ("" at the end). The year's index bounds the cost.
func (tx *Tx) Register(ctx context.Context, f RegisterFilter) ([]Document, string, error) {
	f.WardID = tx.scope(f.WardID)
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	where := []string{"d.ward_id = $1", "d.year = $2", "d.number_seq IS NOT NULL"}
	args := []any{f.WardID, f.Year}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if f.Type != "" {
		add("d.type = ?", f.Type)
	}
	if f.UnitID != 0 {
		add("d.drafting_unit_id = ?", f.UnitID)
	}
	if f.State != "" {
		add("d.state = ?", f.State)
	}
	if q := strings.TrimSpace(vntext.Fold(f.Query)); q != "" {
		add(`(d.subject_fold LIKE ? ESCAPE '\' OR d.body_fold LIKE ? ESCAPE '\')`, likeContains(q))
		// Both placeholders take the same argument.
		last := fmt.Sprintf("$%d", len(args))
		where[len(where)-1] = strings.Replace(where[len(where)-1], "LIKE ? ", "LIKE "+last+" ", 1)
	}
	if f.Cursor != "" {
		on, idText, ok := strings.Cut(f.Cursor, ".")
		id, err := strconv.ParseInt(idText, 10, 64)
		if !ok || err != nil || len(on) != 10 {
			return nil, "", errs.E(errs.Invalid, "Con trỏ trang không hợp lệ.")
		}
		args = append(args, on, id)
		where = append(where, fmt.Sprintf("(d.issued_on < $%d OR (d.issued_on = $%d AND d.id < $%d))", len(args)-1, len(args)-1, len(args)))
	}
	q := `SELECT ` + documentCols + documentFrom + `WHERE ` + strings.Join(where, " AND ") +
		fmt.Sprintf(` ORDER BY d.issued_on DESC, d.id DESC LIMIT %d`, limit+1)
	out, err := tx.documentsQuery(ctx, q, args...)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		last := out[len(out)-1]
		next = last.IssuedOn + "." + strconv.FormatInt(last.ID, 10)
	}
	return out, next, nil
}

// DocumentsInProgress returns the ward's documents not yet issued (of one
// drafting unit, or all with unitID 0), most recently changed first: the
// work list above the register.
func (tx *Tx) DocumentsInProgress(ctx context.Context, wardID, unitID int64, limit int) ([]Document, error) {
	wardID = tx.scope(wardID)
	if unitID != 0 {
		return tx.documentsQuery(ctx, `SELECT `+documentCols+documentFrom+`WHERE d.ward_id = $1 AND d.number_seq IS NULL
			AND d.drafting_unit_id = $2 ORDER BY d.updated_at DESC, d.id DESC LIMIT $3`, wardID, unitID, limit)
	}
	return tx.documentsQuery(ctx, `SELECT `+documentCols+documentFrom+`WHERE d.ward_id = $1 AND d.number_seq IS NULL
		ORDER BY d.updated_at DESC, d.id DESC LIMIT $2`, wardID, limit)
}

// DocumentsBySource returns the register rows of a source (newest first).
func (tx *Tx) DocumentsBySource(ctx context.Context, wardID int64, kind string, id int64) ([]Document, error) {
	wardID = tx.scope(wardID)
	return tx.documentsQuery(ctx, `SELECT `+documentCols+documentFrom+`WHERE d.ward_id = $1 AND d.source_kind = $2 AND d.source_id = $3
		ORDER BY d.id DESC`, wardID, kind, id)
}

func (tx *Tx) documentsQuery(ctx context.Context, q string, args ...any) ([]Document, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: documents")
	}
	defer rows.Close()
	var out []Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, errs.Wrap(err, "store: scan document")
		}
		out = append(out, d)
	}
	return out, errs.Wrap(rows.Err(), "store: documents")
}

const recipientCols = `r.id, r.document_id, r.kind, COALESCE(r.ref_id, 0), r.code, r.name, r.email, r.sent_at, r.first_opened_at,
	COALESCE(r.first_opened_by, 0), r.acknowledged_at, COALESCE(r.acknowledged_by, 0), COALESCE(p.full_name, ak.login, ''), r.reminded_at`

const recipientFrom = ` FROM document_recipients r LEFT JOIN users ak ON ak.id = r.acknowledged_by LEFT JOIN people p ON p.id = ak.person_id `

func scanRecipient(s interface{ Scan(...any) error }) (DocRecipient, error) {
	var r DocRecipient
	var sent, opened, ack, reminded sql.NullTime
	err := s.Scan(&r.ID, &r.DocumentID, &r.Kind, &r.RefID, &r.Code, &r.Name, &r.Email, &sent, &opened,
		&r.FirstOpenedBy, &ack, &r.AcknowledgedBy, &r.AckByName, &reminded)
	r.SentAt, r.FirstOpenedAt, r.AcknowledgedAt, r.RemindedAt = timePtr(sent), timePtr(opened), timePtr(ack), timePtr(reminded)
	return r, err
}

// SetDocRecipients replaces a draft's recipient list.
func (tx *Tx) SetDocRecipients(ctx context.Context, documentID int64, rs []DocRecipient) error {
	if _, err := tx.exec(ctx, `DELETE FROM document_recipients WHERE document_id = $1`, documentID); err != nil {
		return errs.Wrap(err, "store: clear recipients")
	}
	for _, r := range rs {
		if _, err := tx.exec(ctx, `INSERT INTO document_recipients (document_id, kind, ref_id, code, name, email) VALUES ($1, $2, $3, $4, $5, $6)`,
			documentID, r.Kind, nullInt(r.RefID), r.Code, r.Name, r.Email); err != nil {
			return errs.Wrap(err, "store: add recipient")
		}
	}
	return nil
}

// DocRecipients returns a document's recipients in the order given.
func (tx *Tx) DocRecipients(ctx context.Context, documentID int64) ([]DocRecipient, error) {
	args := []any{documentID}
	own := tx.ofWard("documents", "$1", &args)
	rows, err := tx.query(ctx, `SELECT `+recipientCols+recipientFrom+`WHERE r.document_id = $1`+own+` ORDER BY r.id`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: recipients")
	}
	defer rows.Close()
	var out []DocRecipient
	for rows.Next() {
		r, err := scanRecipient(rows)
		if err != nil {
			return nil, errs.Wrap(err, "store: scan recipient")
		}
		out = append(out, r)
	}
	return out, errs.Wrap(rows.Err(), "store: recipients")
}

// MarkDocSent stamps every recipient of a document as sent.
func (tx *Tx) MarkDocSent(ctx context.Context, documentID int64, at time.Time) error {
	_, err := tx.exec(ctx, `UPDATE document_recipients SET sent_at = $1 WHERE document_id = $2 AND sent_at IS NULL`, at.UTC(), documentID)
	return errs.Wrap(err, "store: mark sent")
}

// MarkDocOpened records the first opening of a recipient's copy; later
// openings change nothing. It reports whether this was the first.
func (tx *Tx) MarkDocOpened(ctx context.Context, recipientID, userID int64, at time.Time) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE document_recipients SET first_opened_at = $1, first_opened_by = $2
		WHERE id = $3 AND sent_at IS NOT NULL AND first_opened_at IS NULL`, at.UTC(), userID, recipientID)
	if err != nil {
		return false, errs.Wrap(err, "store: mark opened")
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// AcknowledgeDoc records "đã nhận" for a recipient (and the opening, if
// none was recorded); it reports whether anything changed.
func (tx *Tx) AcknowledgeDoc(ctx context.Context, recipientID, userID int64, at time.Time) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE document_recipients SET acknowledged_at = $1, acknowledged_by = $2,
			first_opened_at = COALESCE(first_opened_at, $1), first_opened_by = COALESCE(first_opened_by, $2)
		WHERE id = $3 AND sent_at IS NOT NULL AND acknowledged_at IS NULL`, at.UTC(), userID, recipientID)
	if err != nil {
		return false, errs.Wrap(err, "store: acknowledge")
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// MarkDocReminded stamps the reminder of a recipient.
func (tx *Tx) MarkDocReminded(ctx context.Context, recipientID int64, at time.Time) error {
	_, err := tx.exec(ctx, `UPDATE document_recipients SET reminded_at = $1 WHERE id = $2`, at.UTC(), recipientID)
	return errs.Wrap(err, "store: mark reminded")
}

// InboxEntry is a document sent to the reader, with the recipient line
// through which it reached them.
type InboxEntry struct {
	Document  Document
	Recipient DocRecipient
}

// InboxScope is who reads: the person, their unit and the leader they are.
type InboxScope struct {
	WardID   int64
	UnitID   int64
	PersonID int64
	LeaderID int64
}

// DocInbox returns the documents sent to the scope, unopened first, then
// newest; a document reaching the reader twice (their unit and themself)
// appears once, through the personal line.
func (tx *Tx) DocInbox(ctx context.Context, s InboxScope, limit int) ([]InboxEntry, error) {
	s.WardID = tx.scope(s.WardID)
	rows, err := tx.query(ctx, `SELECT `+documentCols+`, `+recipientCols+documentFrom+`
		JOIN document_recipients r ON r.document_id = d.id
		LEFT JOIN users ak ON ak.id = r.acknowledged_by LEFT JOIN people p ON p.id = ak.person_id
		WHERE d.ward_id = $1 AND r.sent_at IS NOT NULL AND (
			(r.kind = 'unit' AND r.ref_id = $2) OR (r.kind = 'person' AND r.ref_id = $3) OR (r.kind = 'leader' AND r.ref_id = $4))
		ORDER BY CASE WHEN r.acknowledged_at IS NULL THEN 0 ELSE 1 END, r.sent_at DESC, d.id DESC, r.kind DESC
		LIMIT $5`, s.WardID, s.UnitID, s.PersonID, s.LeaderID, limit)
	if err != nil {
		return nil, errs.Wrap(err, "store: inbox")
	}
	defer rows.Close()
	var out []InboxEntry
	seen := map[int64]int{}
	for rows.Next() {
		var e InboxEntry
		doc, err := scanDocumentRecipient(rows, &e.Recipient)
		if err != nil {
			return nil, errs.Wrap(err, "store: scan inbox")
		}
		e.Document = doc
		if i, ok := seen[doc.ID]; ok {
			if e.Recipient.Kind != "unit" {
				out[i] = e
			}
			continue
		}
		seen[doc.ID] = len(out)
		out = append(out, e)
	}
	return out, errs.Wrap(rows.Err(), "store: inbox")
}

// scanDocumentRecipient scans a document's columns followed by a recipient's.
func scanDocumentRecipient(rows *sql.Rows, r *DocRecipient) (Document, error) {
	targets, finish := documentTargets()
	var sent, opened, ack, reminded sql.NullTime
	targets = append(targets, &r.ID, &r.DocumentID, &r.Kind, &r.RefID, &r.Code, &r.Name, &r.Email, &sent, &opened,
		&r.FirstOpenedBy, &ack, &r.AcknowledgedBy, &r.AckByName, &reminded)
	if err := rows.Scan(targets...); err != nil {
		return Document{}, err
	}
	r.SentAt, r.FirstOpenedAt, r.AcknowledgedAt, r.RemindedAt = timePtr(sent), timePtr(opened), timePtr(ack), timePtr(reminded)
	return finish()
}

// AddDocEvent appends a line to a document's history.
func (tx *Tx) AddDocEvent(ctx context.Context, e DocEvent) error {
	_, err := tx.exec(ctx, `INSERT INTO document_history (document_id, at, actor_id, actor_name, action, text) VALUES ($1, $2, $3, $4, $5, $6)`,
		e.DocumentID, e.At.UTC(), nullInt(e.ActorID), e.ActorName, e.Action, e.Text)
	return errs.Wrap(err, "store: document history")
}

// DocHistory returns a document's history, oldest first.
func (tx *Tx) DocHistory(ctx context.Context, documentID int64) ([]DocEvent, error) {
	args := []any{documentID}
	own := tx.ofWard("documents", "$1", &args)
	rows, err := tx.query(ctx, `SELECT id, document_id, at, COALESCE(actor_id, 0), actor_name, action, text
		FROM document_history WHERE document_id = $1`+own+` ORDER BY id`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: document history")
	}
	defer rows.Close()
	var out []DocEvent
	for rows.Next() {
		var e DocEvent
		if err := rows.Scan(&e.ID, &e.DocumentID, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.Text); err != nil {
			return nil, errs.Wrap(err, "store: scan history")
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, errs.Wrap(rows.Err(), "store: document history")
}

// PersonUserIDs returns the active accounts of a person.
func (tx *Tx) PersonUserIDs(ctx context.Context, personID int64) ([]int64, error) {
	args := []any{personID}
	own := tx.wardIs("ward_id", &args)
	return tx.ids(ctx, `SELECT id FROM users WHERE person_id = $1 AND disabled = FALSE`+own, args...)
}

// DocItem links a directive's numbered request to the program item (or the
// pending addition) made of it.
type DocItem struct {
	ID          int64
	DocumentID  int64
	Point       int
	ItemID      int64
	AmendmentID int64
	UnitID      int64
	UnitName    string // filled by queries
	DueDate     string
	CreatedBy   int64
	CreatedAt   time.Time
}

// AddDocItem records a request turned into an item.
func (tx *Tx) AddDocItem(ctx context.Context, it DocItem) error {
	_, err := tx.exec(ctx, `INSERT INTO document_items (document_id, point, item_id, amendment_id, unit_id, due_date, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, it.DocumentID, it.Point, nullInt(it.ItemID), nullInt(it.AmendmentID), it.UnitID,
		it.DueDate, nullInt(it.CreatedBy), it.CreatedAt.UTC())
	return errs.Wrap(err, "store: document item")
}

// DocItems returns the items made of a document's requests, by point.
func (tx *Tx) DocItems(ctx context.Context, documentID int64) ([]DocItem, error) {
	args := []any{documentID}
	own := tx.wardIs("u.ward_id", &args)
	rows, err := tx.query(ctx, `SELECT di.id, di.document_id, di.point, COALESCE(di.item_id, 0), COALESCE(di.amendment_id, 0), di.unit_id,
			u.name, di.due_date, COALESCE(di.created_by, 0), di.created_at
		FROM document_items di JOIN units u ON u.id = di.unit_id
		WHERE di.document_id = $1`+own+` ORDER BY di.point, di.id`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: document items")
	}
	defer rows.Close()
	var out []DocItem
	for rows.Next() {
		var it DocItem
		if err := rows.Scan(&it.ID, &it.DocumentID, &it.Point, &it.ItemID, &it.AmendmentID, &it.UnitID, &it.UnitName, &it.DueDate,
			&it.CreatedBy, &it.CreatedAt); err != nil {
			return nil, errs.Wrap(err, "store: scan document item")
		}
		it.CreatedAt = it.CreatedAt.UTC()
		out = append(out, it)
	}
	return out, errs.Wrap(rows.Err(), "store: document items")
}
