package store

import (
	"context"
	"database/sql"
	"time"

	"dieuhanh/internal/errs"
)

// RemediationFiling is one filing of a unit's remediation report: the
// document as filed (its own number), the Office's receipt and the
// leader's decision on it.
type RemediationFiling struct {
	ID            int64
	RemediationID int64
	Seq           int
	Number        string
	FiledOn       string // YYYY-MM-DD, the document's date
	FiledAt       time.Time
	FiledBy       int64
	Late          bool
	Report        string // JSON: remediation.Report as filed
	Extensions    string // JSON: entry key → extension request id raised by this filing
	ReceivedAt    *time.Time
	ReceivedBy    int64
	Decision      string // "", "accepted", "returned"
	DecidedAt     *time.Time
	DecidedBy     int64
	Comment       string
}

const filingCols = `id, remediation_id, seq, number, filed_on, filed_at, COALESCE(filed_by, 0), late, report, extensions,
	received_at, COALESCE(received_by, 0), decision, decided_at, COALESCE(decided_by, 0), comment`

// AddRemediationFiling records a filing; its seq is the next of the
// obligation's filings.
func (tx *Tx) AddRemediationFiling(ctx context.Context, f RemediationFiling) (RemediationFiling, error) {
	if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM remediation_filings WHERE remediation_id = $1`,
		f.RemediationID).Scan(&f.Seq); err != nil {
		return f, errs.Wrap(err, "store: filing seq")
	}
	id, err := tx.insert(ctx, `INSERT INTO remediation_filings (remediation_id, seq, number, filed_on, filed_at, filed_by, late, report, extensions)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, f.RemediationID, f.Seq, f.Number, f.FiledOn, f.FiledAt.UTC(), nullInt(f.FiledBy),
		f.Late, f.Report, f.Extensions)
	f.ID = id
	return f, errs.Wrap(err, "store: add filing")
}

// SaveRemediationFiling writes a filing's receipt and decision.
func (tx *Tx) SaveRemediationFiling(ctx context.Context, f RemediationFiling) error {
	_, err := tx.exec(ctx, `UPDATE remediation_filings SET received_at = $1, received_by = $2, decision = $3, decided_at = $4,
		decided_by = $5, comment = $6 WHERE id = $7`, nullTime(f.ReceivedAt), nullInt(f.ReceivedBy), f.Decision, nullTime(f.DecidedAt),
		nullInt(f.DecidedBy), f.Comment, f.ID)
	return errs.Wrap(err, "store: save filing")
}

// RemediationFilings returns an obligation's filings, oldest first.
func (tx *Tx) RemediationFilings(ctx context.Context, remediationID int64) ([]RemediationFiling, error) {
	args := []any{remediationID}
	own := tx.ofWard("remediations", "$1", &args)
	rows, err := tx.query(ctx, `SELECT `+filingCols+` FROM remediation_filings
		WHERE remediation_id = $1`+own+` ORDER BY seq`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: filings")
	}
	defer rows.Close()
	var out []RemediationFiling
	for rows.Next() {
		var f RemediationFiling
		var recv, dec sql.NullTime
		if err := rows.Scan(&f.ID, &f.RemediationID, &f.Seq, &f.Number, &f.FiledOn, &f.FiledAt, &f.FiledBy, &f.Late, &f.Report,
			&f.Extensions, &recv, &f.ReceivedBy, &f.Decision, &dec, &f.DecidedBy, &f.Comment); err != nil {
			return nil, errs.Wrap(err, "store: scan filing")
		}
		f.FiledAt = f.FiledAt.UTC()
		f.ReceivedAt, f.DecidedAt = timePtr(recv), timePtr(dec)
		out = append(out, f)
	}
	return out, errs.Wrap(rows.Err(), "store: filings")
}

// RemediationFile is a product file attached to one entry of a report.
type RemediationFile struct {
	ID            int64
	WardID        int64 // of the obligation, filled on read
	RemediationID int64
	EntryKey      string // "item:12", "event:7"
	Name          string
	ContentType   string
	Size          int64
	SHA256        string
	UploadedBy    int64
	UploadedAt    time.Time
}

// AddRemediationFile records an uploaded file (its blob is stored by the
// caller in the same transaction).
func (tx *Tx) AddRemediationFile(ctx context.Context, f RemediationFile) (int64, error) {
	id, err := tx.insert(ctx, `INSERT INTO remediation_files (remediation_id, entry_key, name, content_type, size, sha256, uploaded_by, uploaded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, f.RemediationID, f.EntryKey, f.Name, f.ContentType, f.Size, f.SHA256,
		nullInt(f.UploadedBy), f.UploadedAt.UTC())
	return id, errs.Wrap(err, "store: remediation file")
}

// DeleteRemediationFile removes a file from an obligation (its blob may be
// shared and stays).
func (tx *Tx) DeleteRemediationFile(ctx context.Context, remediationID, id int64) error {
	_, err := tx.exec(ctx, `DELETE FROM remediation_files WHERE remediation_id = $1 AND id = $2`, remediationID, id)
	return errs.Wrap(err, "store: delete remediation file")
}

const remediationFileCols = `f.id, r.ward_id, f.remediation_id, f.entry_key, f.name, f.content_type, f.size, f.sha256,
	COALESCE(f.uploaded_by, 0), f.uploaded_at`

func scanRemediationFile(s interface{ Scan(...any) error }) (RemediationFile, error) {
	var f RemediationFile
	err := s.Scan(&f.ID, &f.WardID, &f.RemediationID, &f.EntryKey, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedBy, &f.UploadedAt)
	f.UploadedAt = f.UploadedAt.UTC()
	return f, err
}

// RemediationFiles returns an obligation's files, oldest first.
func (tx *Tx) RemediationFiles(ctx context.Context, remediationID int64) ([]RemediationFile, error) {
	args := []any{remediationID}
	own := tx.wardIs("r.ward_id", &args)
	rows, err := tx.query(ctx, `SELECT `+remediationFileCols+` FROM remediation_files f JOIN remediations r ON r.id = f.remediation_id
		WHERE f.remediation_id = $1`+own+` ORDER BY f.id`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: remediation files")
	}
	defer rows.Close()
	var out []RemediationFile
	for rows.Next() {
		f, err := scanRemediationFile(rows)
		if err != nil {
			return nil, errs.Wrap(err, "store: scan remediation file")
		}
		out = append(out, f)
	}
	return out, errs.Wrap(rows.Err(), "store: remediation files")
}

// RemediationFileByID returns one file of the ward.
func (tx *Tx) RemediationFileByID(ctx context.Context, wardID, id int64) (RemediationFile, error) {
	wardID = tx.scope(wardID)
	f, err := scanRemediationFile(tx.queryRow(ctx, `SELECT `+remediationFileCols+` FROM remediation_files f
		JOIN remediations r ON r.id = f.remediation_id WHERE r.ward_id = $1 AND f.id = $2`, wardID, id))
	return f, notFound(err, "tệp")
}

// EntryTitles names the items and meetings of obligations' entries: the
// title of each item and event among the ids given (the ward's only).
func (tx *Tx) EntryTitles(ctx context.Context, wardID int64, itemIDs, eventIDs []int64) (items, events map[int64]string, err error) {
	wardID = tx.scope(wardID)
	items, events = map[int64]string{}, map[int64]string{}
	for _, q := range []struct {
		table string
		ids   []int64
		out   map[int64]string
	}{{"program_items", itemIDs, items}, {"events", eventIDs, events}} {
		if len(q.ids) == 0 {
			continue
		}
		args := []any{wardID}
		for _, id := range q.ids {
			args = append(args, id)
		}
		// The table name is one of the two above, never input.
		rows, err := tx.query(ctx, `SELECT id, title FROM `+q.table+` WHERE +ward_id = $1 AND id IN (`+placeholders(2, len(q.ids))+`)`, args...)
		if err != nil {
			return nil, nil, errs.Wrap(err, "store: entry titles")
		}
		for rows.Next() {
			var id int64
			var title string
			if err := rows.Scan(&id, &title); err != nil {
				rows.Close()
				return nil, nil, errs.Wrap(err, "store: scan entry title")
			}
			q.out[id] = title
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, errs.Wrap(err, "store: entry titles")
		}
	}
	return items, events, nil
}
