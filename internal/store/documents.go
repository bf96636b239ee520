package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"dieuhanh/internal/document"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/vntext"
)

// Document is a row of the register of outgoing documents: drafted here,
// or registered from another part of the system (SourceKind/SourceID).
type Document struct {
	ID             int64
	WardID         int64
	Year           int
	Type           string
	Book           string
	NumberSeq      int // 0 until numbered
	Number         string
	Symbol         string
	Subject        string
	Body           []string
	Addressees     []string
	DraftingUnitID int64
	UnitCode       string // filled by queries
	UnitName       string
	SignerID       int64
	SignerName     string
	SignerPosition string
	Authority      string
	Urgency        string
	State          string
	ReturnComment  string
	Version        int
	IssuedOn       string
	IssuedAt       *time.Time
	IssuedBy       int64
	WithdrawnAt    *time.Time
	WithdrawnBy    int64
	WithdrawReason string
	ReplacesID     int64
	Relation       string
	SourceKind     string
	SourceID       int64
	SourceMonth    int // YYYYMM of the program or consolidated report an entry numbers; 0 otherwise
	SignedSHA256   string
	SignedName     string
	SignedSize     int64
	SignedAt       *time.Time
	SignedBy       int64
	CreatedBy      int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// DocRecipient is one line of a document's "Nơi nhận" with its receipts.
type DocRecipient struct {
	ID             int64
	DocumentID     int64
	Kind           string
	RefID          int64
	Code           string
	Name           string
	Email          string
	SentAt         *time.Time
	FirstOpenedAt  *time.Time
	FirstOpenedBy  int64
	AcknowledgedAt *time.Time
	AcknowledgedBy int64
	AckByName      string // filled by queries
	RemindedAt     *time.Time
}

// DocEvent is one line of a document's history.
type DocEvent struct {
	ID         int64
	DocumentID int64
	At         time.Time
	ActorID    int64
	ActorName  string
	Action     string
	Text       string
}

const documentCols = `d.id, d.ward_id, d.year, d.type, d.book, COALESCE(d.number_seq, 0), d.number, d.symbol, d.subject, d.body,
	d.addressees, COALESCE(d.drafting_unit_id, 0), COALESCE(u.code, ''), COALESCE(u.name, ''), COALESCE(d.signer_id, 0),
	d.signer_name, d.signer_position, d.authority, d.urgency, d.state, d.return_comment, d.version, d.issued_on, d.issued_at,
	COALESCE(d.issued_by, 0), d.withdrawn_at, COALESCE(d.withdrawn_by, 0), d.withdraw_reason, COALESCE(d.replaces_id, 0),
	d.relation, d.source_kind, COALESCE(d.source_id, 0), COALESCE(d.signed_sha256, ''), d.signed_name, d.signed_size,
	d.signed_at, COALESCE(d.signed_by, 0), COALESCE(d.created_by, 0), d.created_at, d.updated_at,
	COALESCE(pr.year * 100 + pr.month, cr.year * 100 + cr.month, 0)`

// The program (or consolidated report) an entry was numbered for gives its
// month, so the register links the month's page.
const documentFrom = ` FROM documents d LEFT JOIN units u ON u.id = d.drafting_unit_id
	LEFT JOIN programs pr ON d.source_kind IN ('program', 'amendment') AND pr.id = d.source_id
	LEFT JOIN consolidated_reports cr ON d.source_kind = 'consolidated_report' AND cr.id = d.source_id `

// documentTargets returns scan destinations for documentCols and a
// function finishing the document once scanned.
func documentTargets() ([]any, func() (Document, error)) {
	d := &Document{}
	var body, addr string
	var issued, withdrawn, signed sql.NullTime
	targets := []any{&d.ID, &d.WardID, &d.Year, &d.Type, &d.Book, &d.NumberSeq, &d.Number, &d.Symbol, &d.Subject, &body,
		&addr, &d.DraftingUnitID, &d.UnitCode, &d.UnitName, &d.SignerID,
		&d.SignerName, &d.SignerPosition, &d.Authority, &d.Urgency, &d.State, &d.ReturnComment, &d.Version, &d.IssuedOn, &issued,
		&d.IssuedBy, &withdrawn, &d.WithdrawnBy, &d.WithdrawReason, &d.ReplacesID,
		&d.Relation, &d.SourceKind, &d.SourceID, &d.SignedSHA256, &d.SignedName, &d.SignedSize,
		&signed, &d.SignedBy, &d.CreatedBy, &d.CreatedAt, &d.UpdatedAt, &d.SourceMonth}
	return targets, func() (Document, error) {
		d.IssuedAt, d.WithdrawnAt, d.SignedAt = timePtr(issued), timePtr(withdrawn), timePtr(signed)
		d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
		if err := json.Unmarshal([]byte(body), &d.Body); err != nil {
			return *d, errs.Wrap(err, "store: document body")
		}
		if err := json.Unmarshal([]byte(addr), &d.Addressees); err != nil {
			return *d, errs.Wrap(err, "store: document addressees")
		}
		return *d, nil
	}
}

func scanDocument(s interface{ Scan(...any) error }) (Document, error) {
	targets, finish := documentTargets()
	if err := s.Scan(targets...); err != nil {
		return Document{}, err
	}
	return finish()
}

func jsonStrings(v []string) string {
	if v == nil {
		v = []string{}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// CreateDocument inserts a draft and returns its id.
func (tx *Tx) CreateDocument(ctx context.Context, d Document) (int64, error) {
	d.WardID = tx.scope(d.WardID)
	id, err := tx.insert(ctx, `INSERT INTO documents (ward_id, year, type, symbol, subject, subject_fold, body, body_fold, addressees,
			drafting_unit_id, signer_id, signer_name, signer_position, authority, urgency, state, replaces_id, relation,
			source_kind, source_id, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22)`,
		d.WardID, d.Year, d.Type, d.Symbol, d.Subject, vntext.Fold(d.Subject), jsonStrings(d.Body), vntext.Fold(strings.Join(d.Body, "\n")),
		jsonStrings(d.Addressees), nullInt(d.DraftingUnitID), nullInt(d.SignerID), d.SignerName, d.SignerPosition, d.Authority,
		d.Urgency, d.State, nullInt(d.ReplacesID), d.Relation, d.SourceKind, nullInt(d.SourceID), nullInt(d.CreatedBy), d.CreatedAt.UTC())
	return id, errs.Wrap(err, "store: create document")
}

// Document returns one document of the ward.
func (tx *Tx) Document(ctx context.Context, wardID, id int64) (Document, error) {
	wardID = tx.scope(wardID)
	d, err := scanDocument(tx.queryRow(ctx, `SELECT `+documentCols+documentFrom+`WHERE d.ward_id = $1 AND d.id = $2`, wardID, id))
	return d, notFound(err, "văn bản")
}

// UpdateDocument saves every field of d if d.Version is still current and
// bumps the version; a stale version is a conflict.
func (tx *Tx) UpdateDocument(ctx context.Context, d Document) error {
	d.WardID = tx.scope(d.WardID)
	res, err := tx.exec(ctx, `UPDATE documents SET year = $1, type = $2, book = $3, number_seq = $4, number = $5, symbol = $6,
			subject = $7, subject_fold = $8, body = $9, body_fold = $10, addressees = $11, drafting_unit_id = $12, signer_id = $13,
			signer_name = $14, signer_position = $15, authority = $16, urgency = $17, state = $18, return_comment = $19,
			issued_on = $20, issued_at = $21, issued_by = $22, withdrawn_at = $23, withdrawn_by = $24, withdraw_reason = $25,
			replaces_id = $26, relation = $27, signed_sha256 = $28, signed_name = $29, signed_size = $30, signed_at = $31,
			signed_by = $32, updated_at = $33, version = version + 1
		WHERE ward_id = $34 AND id = $35 AND version = $36`,
		d.Year, d.Type, d.Book, nullInt(int64(d.NumberSeq)), d.Number, d.Symbol,
		d.Subject, vntext.Fold(d.Subject), jsonStrings(d.Body), vntext.Fold(strings.Join(d.Body, "\n")), jsonStrings(d.Addressees),
		nullInt(d.DraftingUnitID), nullInt(d.SignerID),
		d.SignerName, d.SignerPosition, d.Authority, d.Urgency, d.State, d.ReturnComment,
		d.IssuedOn, nullTime(d.IssuedAt), nullInt(d.IssuedBy), nullTime(d.WithdrawnAt), nullInt(d.WithdrawnBy), d.WithdrawReason,
		nullInt(d.ReplacesID), d.Relation, nullString(d.SignedSHA256), d.SignedName, d.SignedSize, nullTime(d.SignedAt),
		nullInt(d.SignedBy), d.UpdatedAt.UTC(), d.WardID, d.ID, d.Version)
	if IsUniqueViolation(err) {
		return errs.Ef(errs.Conflict, "Số %s đã được cấp cho văn bản khác trong năm %d.", d.Number, d.Year)
	}
	if err != nil {
		return errs.Wrap(err, "store: update document")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return stale("Văn bản")
	}
	return nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// DrawDocNumber takes the next number of the ward's book for a year: the
// single book of the ward (default) or the symbol's own book when the ward
// keeps separate books per type. It runs in the caller's transaction, so a
// failed issue burns nothing, while a number once committed is never given
// again (a withdrawn document keeps it). The row lock of the sequence
// serialises two clerks issuing at once.
func (tx *Tx) DrawDocNumber(ctx context.Context, wardID int64, year int, symbol string) (seq int, book string, err error) {
	wardID = tx.scope(wardID)
	w, err := tx.Ward(ctx, wardID)
	if err != nil {
		return 0, "", err
	}
	book = document.Book(symbol, w.Settings.SeparateDocBooks)
	// A number already printed with this symbol this year (from the other
	// kind of book, before the ward switched) is passed over, never reused.
	for range 1000 {
		seq, err = tx.nextInSequence(ctx, wardID, year, book)
		if err != nil {
			return 0, "", errs.Wrap(err, "store: next document number")
		}
		var used int
		err = tx.queryRow(ctx, `SELECT COUNT(*) FROM documents WHERE ward_id = $1 AND year = $2 AND number = $3`,
			wardID, year, document.Number(seq, symbol)).Scan(&used)
		if err != nil || used == 0 {
			return seq, book, errs.Wrap(err, "store: next document number")
		}
	}
	return 0, "", errs.E(errs.Conflict, "Sổ văn bản không còn số trống: kiểm tra cài đặt sổ văn bản.")
}

// nextInSequence takes the next number of a ward's yearly sequence (a
// numbering book, or the register of arrivals), in the caller's
// transaction, so a refused write burns none.
func (tx *Tx) nextInSequence(ctx context.Context, wardID int64, year int, key string) (int, error) {
	wardID = tx.scope(wardID)
	var n int
	err := tx.queryRow(ctx, `INSERT INTO doc_sequences (ward_id, year, symbol, last_no) VALUES ($1, $2, $3, 1)
		ON CONFLICT (ward_id, year, symbol) DO UPDATE SET last_no = doc_sequences.last_no + 1
		RETURNING last_no`, wardID, year, key).Scan(&n)
	return n, err
}

// Registration is a document numbered by another part of the system (a
// program, an invitation, a conclusion notice, a report, an amendment).
type Registration struct {
	WardID   int64
	IssuedOn string // YYYY-MM-DD; its year is the numbering year
	Symbol   string // "CTr-UBND", "GM-UBND", "BC-KT"
	Subject  string
	UnitID   int64 // the drafting unit, if any
	By       int64 // the user who issues
	// SourceKind names the source (program, amendment, invitation,
	// conclusion, remediation_report, consolidated_report); SourceID its id.
	SourceKind string
	SourceID   int64
	At         time.Time
}

// Registered is what RegisterNumbered drew: the sequence number, the
// number as printed ("05/CTr-UBND") and the register row's id.
type Registered struct {
	ID     int64
	Seq    int
	Number string
}

// RegisterNumbered draws the next number of the ward's book for the year of
// r.IssuedOn and records the document in the register as issued, in the
// caller's transaction. Every part of the system that numbers a document
// calls it, so all numbers come from one book and appear in one register.
func (tx *Tx) RegisterNumbered(ctx context.Context, r Registration) (Registered, error) {
	r.WardID = tx.scope(r.WardID)
	if len(r.IssuedOn) < 4 || r.Symbol == "" || r.SourceKind == "" {
		return Registered{}, errs.E(errs.Internal, "store: incomplete registration")
	}
	var year int
	if _, err := fmt.Sscanf(r.IssuedOn[:4], "%d", &year); err != nil {
		return Registered{}, errs.Wrap(err, "store: registration year")
	}
	seq, book, err := tx.DrawDocNumber(ctx, r.WardID, year, r.Symbol)
	if err != nil {
		return Registered{}, err
	}
	number := document.Number(seq, r.Symbol)
	at := r.At.UTC()
	id, err := tx.insert(ctx, `INSERT INTO documents (ward_id, year, type, book, number_seq, number, symbol, subject, subject_fold,
			drafting_unit_id, state, issued_on, issued_at, issued_by, source_kind, source_id, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'issued', $11, $12, $13, $14, $15, $13, $12, $12)`,
		r.WardID, year, string(document.TypeOfSymbol(r.Symbol)), book, seq, number, r.Symbol, r.Subject, vntext.Fold(r.Subject),
		nullInt(r.UnitID), r.IssuedOn, at, nullInt(r.By), r.SourceKind, nullInt(r.SourceID))
	if IsUniqueViolation(err) {
		return Registered{}, errs.Ef(errs.Conflict, "Số %s đã được cấp trong năm %d.", number, year)
	}
	if err != nil {
		return Registered{}, errs.Wrap(err, "store: register document")
	}
	return Registered{ID: id, Seq: seq, Number: number}, nil
}

// registerMigration created the register and carried the numbers drawn
// before it into it, without their search folds.
const registerMigration = 19

// FoldRegister fills the search folds of rows registered by a migration
// (SQL cannot fold Vietnamese); it touches nothing once they are filled.
func (tx *Tx) FoldRegister(ctx context.Context) error {
	rows, err := tx.query(ctx, `SELECT id, subject FROM documents WHERE subject_fold = '' AND subject <> ''`)
	if err != nil {
		return errs.Wrap(err, "store: fold register")
	}
	type pending struct {
		id      int64
		subject string
	}
	var todo []pending
	for rows.Next() {
		var p pending
		if err := rows.Scan(&p.id, &p.subject); err != nil {
			rows.Close()
			return errs.Wrap(err, "store: fold register")
		}
		todo = append(todo, p)
	}
	rows.Close()
	for _, p := range todo {
		if _, err := tx.exec(ctx, `UPDATE documents SET subject_fold = $1 WHERE id = $2`, vntext.Fold(p.subject), p.id); err != nil {
			return errs.Wrap(err, "store: fold register")
		}
	}
	return nil
}
