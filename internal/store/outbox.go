package store

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"dieuhanh/internal/errs"
)

// OutboxMessage is one email waiting in, or gone from, the outbox.
type OutboxMessage struct {
	ID            int64
	WardID        int64
	UserID        int64
	To            string
	Subject       string
	Text          string
	HTML          string
	Link          string
	Kind          string
	Key           string // once: a second message with the same key is not queued
	CreatedAt     time.Time
	State         string // pending, sent, failed
	Attempts      int
	NextAttemptAt time.Time
	LastError     string
	SentAt        *time.Time
	// AttachmentSHA256 names a stored file (blobs) sent as an attachment
	// named AttachmentName; "" for none.
	AttachmentSHA256 string
	AttachmentName   string
}

// Outbox states.
const (
	OutboxPending = "pending"
	OutboxSent    = "sent"
	OutboxFailed  = "failed"
)

// EnqueueMail writes a message to the outbox in the caller's transaction,
// due at once. With a Key already queued it adds nothing (false).
func (tx *Tx) EnqueueMail(ctx context.Context, m OutboxMessage, now time.Time) (bool, error) {
	m.WardID = tx.scope(m.WardID)
	var key any
	if m.Key != "" {
		key = m.Key
	}
	kind := m.Kind
	if kind == "" {
		kind = "general"
	}
	res, err := tx.exec(ctx, `INSERT INTO outbox (ward_id, user_id, to_addr, subject, body_text, body_html, link, kind, dedupe_key,
		created_at, next_attempt_at, attachment_sha256, attachment_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12)
		ON CONFLICT (dedupe_key) DO NOTHING`,
		m.WardID, nullInt(m.UserID), m.To, m.Subject, m.Text, m.HTML, m.Link, kind, key, now.UTC(), nullString(m.AttachmentSHA256), m.AttachmentName)
	if err != nil {
		return false, errs.Wrap(err, "store: enqueue mail")
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

const outboxCols = `id, ward_id, COALESCE(user_id, 0), to_addr, subject, body_text, body_html, link, kind, COALESCE(dedupe_key, ''),
	created_at, state, attempts, next_attempt_at, last_error, sent_at, COALESCE(attachment_sha256, ''), attachment_name`

func scanOutbox(s interface{ Scan(...any) error }) (OutboxMessage, error) {
	var m OutboxMessage
	var sent sql.NullTime
	err := s.Scan(&m.ID, &m.WardID, &m.UserID, &m.To, &m.Subject, &m.Text, &m.HTML, &m.Link, &m.Kind, &m.Key,
		&m.CreatedAt, &m.State, &m.Attempts, &m.NextAttemptAt, &m.LastError, &sent, &m.AttachmentSHA256, &m.AttachmentName)
	m.CreatedAt, m.NextAttemptAt, m.SentAt = m.CreatedAt.UTC(), m.NextAttemptAt.UTC(), timePtr(sent)
	return m, err
}

func (tx *Tx) outboxWhere(ctx context.Context, where string, args ...any) ([]OutboxMessage, error) {
	rows, err := tx.query(ctx, `SELECT `+outboxCols+` FROM outbox WHERE `+where, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: outbox")
	}
	defer rows.Close()
	var out []OutboxMessage
	for rows.Next() {
		m, err := scanOutbox(rows)
		if err != nil {
			return nil, errs.Wrap(err, "store: scan outbox")
		}
		out = append(out, m)
	}
	return out, errs.Wrap(rows.Err(), "store: outbox")
}

// ClaimOutbox reserves up to limit messages due at now for owner until
// leaseUntil, and returns them. On PostgreSQL the rows are picked with
// FOR UPDATE SKIP LOCKED, so servers draining together never pick the
// same message; on SQLite the one writer serializes the claims. A claim
// whose lease ran out (its server died mid-send) is picked again.
func (tx *Tx) ClaimOutbox(ctx context.Context, owner string, now, leaseUntil time.Time, limit int) ([]OutboxMessage, error) {
	lock := ""
	if tx.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	ids, err := tx.ids(ctx, `SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= $1
		AND (claimed_until IS NULL OR claimed_until < $1) ORDER BY next_attempt_at, id LIMIT `+strconv.Itoa(limit)+lock, now.UTC())
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	args := []any{owner, leaseUntil.UTC()}
	for _, id := range ids {
		args = append(args, id)
	}
	in := placeholders(3, len(ids))
	if _, err := tx.exec(ctx, `UPDATE outbox SET claimed_by = $1, claimed_until = $2 WHERE id IN (`+in+`)`, args...); err != nil {
		return nil, errs.Wrap(err, "store: claim outbox")
	}
	return tx.outboxWhere(ctx, `id IN (`+placeholders(1, len(ids))+`) ORDER BY next_attempt_at, id`, args[2:]...)
}

// OutboxSent records a delivery by owner (a claim taken over meanwhile is
// left to its new owner).
func (tx *Tx) OutboxSent(ctx context.Context, id int64, owner, answer string, now time.Time) error {
	_, err := tx.exec(ctx, `UPDATE outbox SET state = 'sent', sent_at = $1, attempts = attempts + 1, last_error = $2,
		claimed_by = '', claimed_until = NULL WHERE id = $3 AND claimed_by = $4 AND state = 'pending'`, now.UTC(), clip(answer), id, owner)
	return errs.Wrap(err, "store: outbox sent")
}

// OutboxRetry puts a message back to wait until next, with the answer
// that stopped it.
func (tx *Tx) OutboxRetry(ctx context.Context, id int64, owner, answer string, next time.Time) error {
	_, err := tx.exec(ctx, `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2,
		claimed_by = '', claimed_until = NULL WHERE id = $3 AND claimed_by = $4 AND state = 'pending'`, next.UTC(), clip(answer), id, owner)
	return errs.Wrap(err, "store: outbox retry")
}

// OutboxFail gives a message up with the server's answer, for the admin
// to see.
func (tx *Tx) OutboxFail(ctx context.Context, id int64, owner, answer string) error {
	_, err := tx.exec(ctx, `UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = $1,
		claimed_by = '', claimed_until = NULL WHERE id = $2 AND claimed_by = $3 AND state = 'pending'`, clip(answer), id, owner)
	return errs.Wrap(err, "store: outbox fail")
}

// OutboxFailed lists a ward's messages given up, newest first.
func (tx *Tx) OutboxFailed(ctx context.Context, wardID int64, limit int) ([]OutboxMessage, error) {
	wardID = tx.scope(wardID)
	return tx.outboxWhere(ctx, `ward_id = $1 AND state = 'failed' ORDER BY id DESC LIMIT `+strconv.Itoa(limit), wardID)
}

// OutboxStats counts a ward's messages waiting and given up.
func (tx *Tx) OutboxStats(ctx context.Context, wardID int64) (pending, failed int, err error) {
	wardID = tx.scope(wardID)
	err = tx.queryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0) FROM outbox WHERE ward_id = $1 AND state <> 'sent'`, wardID).Scan(&pending, &failed)
	return pending, failed, errs.Wrap(err, "store: outbox stats")
}

// RetryOutbox puts a message given up back in the queue, due at now.
func (tx *Tx) RetryOutbox(ctx context.Context, wardID, id int64, now time.Time) error {
	wardID = tx.scope(wardID)
	res, err := tx.exec(ctx, `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = $1
		WHERE ward_id = $2 AND id = $3 AND state = 'failed'`, now.UTC(), wardID, id)
	if err != nil {
		return errs.Wrap(err, "store: retry outbox")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "Không tìm thấy thư gửi lỗi này.")
	}
	return nil
}

// PruneOutbox deletes messages sent before before.
func (tx *Tx) PruneOutbox(ctx context.Context, before time.Time) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM outbox WHERE state = 'sent' AND sent_at < $1`, before.UTC())
	if err != nil {
		return 0, errs.Wrap(err, "store: prune outbox")
	}
	return res.RowsAffected()
}

// OutboxCount counts messages by state (tests and benchmarks).
func (tx *Tx) OutboxCount(ctx context.Context, state string) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE state = $1`, state).Scan(&n)
	return n, errs.Wrap(err, "store: outbox count")
}

func clip(s string) string {
	if len(s) > 2000 {
		return s[:2000]
	}
	return s
}

// MailSettingsRow is a ward's saved SMTP server; the password is sealed
// (the app seals and opens it).
type MailSettingsRow struct {
	WardID         int64
	Host           string
	Port           int
	Username       string
	PasswordSealed string
	TLS            string
	Sender         string
	BaseURL        string
	UpdatedAt      time.Time
	Version        int // 0: nothing saved yet
}

// MailSettings returns the ward's saved SMTP server (Version 0 when none).
func (tx *Tx) MailSettings(ctx context.Context, wardID int64) (MailSettingsRow, error) {
	wardID = tx.scope(wardID)
	r := MailSettingsRow{WardID: wardID}
	err := tx.queryRow(ctx, `SELECT host, port, username, password_sealed, tls_mode, sender, base_url, updated_at, version
		FROM mail_settings WHERE ward_id = $1`, wardID).Scan(&r.Host, &r.Port, &r.Username, &r.PasswordSealed, &r.TLS, &r.Sender,
		&r.BaseURL, &r.UpdatedAt, &r.Version)
	if err == sql.ErrNoRows {
		return MailSettingsRow{WardID: wardID}, nil
	}
	return r, errs.Wrap(err, "store: mail settings")
}

// SaveMailSettings writes the ward's SMTP server; r.Version is the version
// the admin edited (0: none saved), and a stale one is refused.
func (tx *Tx) SaveMailSettings(ctx context.Context, r MailSettingsRow) error {
	r.WardID = tx.scope(r.WardID)
	if r.Version == 0 {
		res, err := tx.exec(ctx, `INSERT INTO mail_settings (ward_id, host, port, username, password_sealed, tls_mode, sender, base_url, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (ward_id) DO NOTHING`,
			r.WardID, r.Host, r.Port, r.Username, r.PasswordSealed, r.TLS, r.Sender, r.BaseURL, r.UpdatedAt.UTC())
		if err != nil {
			return errs.Wrap(err, "store: save mail settings")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return stale("Cấu hình thư")
		}
		return nil
	}
	res, err := tx.exec(ctx, `UPDATE mail_settings SET host = $1, port = $2, username = $3, password_sealed = $4, tls_mode = $5,
		sender = $6, base_url = $7, updated_at = $8, version = version + 1 WHERE ward_id = $9 AND version = $10`,
		r.Host, r.Port, r.Username, r.PasswordSealed, r.TLS, r.Sender, r.BaseURL, r.UpdatedAt.UTC(), r.WardID, r.Version)
	if err != nil {
		return errs.Wrap(err, "store: save mail settings")
	}
	return checkVersion(res, "Cấu hình thư")
}
