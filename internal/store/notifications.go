package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/notify"
)

// Notification is an in-app message to one user.
type Notification struct {
	ID        int64
	UserID    int64
	CreatedAt time.Time
	Title     string
	Body      string
	Link      string
	Read      bool
	ReadAt    *time.Time
	// Kind says what the message is about (remediation_opened, item_overdue,
	// …); people choose per kind how they are told. "" is "general".
	Kind string
	// Key, when set, makes the message once per person: Notify with a key
	// a person already got adds nothing for them (a sweep's reminder
	// re-run, or run by a second server). notify.Key builds it.
	Key string
}

// recipient is what Notify needs to know of one person.
type recipient struct {
	email    string
	delivery notify.Delivery
	disabled bool
}

// recipients reads, for the users, their email address and their choice
// for kind (one query for all of them).
func (tx *Tx) recipients(ctx context.Context, kind notify.Kind, users []int64) (map[int64]recipient, error) {
	args := []any{string(kind)}
	for _, u := range users {
		args = append(args, u)
	}
	rows, err := tx.query(ctx, `SELECT us.id, COALESCE(p.email, ''), COALESCE(np.delivery, ''), us.disabled FROM users us
		LEFT JOIN people p ON p.id = us.person_id
		LEFT JOIN notification_prefs np ON np.user_id = us.id AND np.kind = $1
		WHERE us.id IN (`+placeholders(2, len(users))+`)`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: recipients")
	}
	defer rows.Close()
	out := map[int64]recipient{}
	for rows.Next() {
		var id int64
		var r recipient
		var chosen string
		if err := rows.Scan(&id, &r.email, &chosen, &r.disabled); err != nil {
			return nil, errs.Wrap(err, "store: scan recipient")
		}
		r.delivery = notify.DeliveryFor(kind, map[notify.Kind]notify.Delivery{kind: notify.Delivery(chosen)})
		out[id] = r
	}
	return out, errs.Wrap(rows.Err(), "store: recipients")
}

// MailOn reports whether the ward sends email: an SMTP server saved for
// it, or one configured for every ward by the environment.
func (tx *Tx) MailOn(ctx context.Context, wardID int64) (bool, error) {
	wardID = tx.scope(wardID)
	if tx.mailByEnv {
		return true, nil
	}
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM mail_settings WHERE ward_id = $1 AND host <> ''`, wardID).Scan(&n)
	return n > 0, errs.Wrap(err, "store: mail on")
}

// Notify adds a message to each user's inbox and, in the same
// transaction, routes it as each person chose for its kind: an email in
// the outbox (when the ward sends email and the person has an address),
// or a line of tomorrow's digest. With a Key, a person who already got it
// gets nothing more.
func (tx *Tx) Notify(ctx context.Context, wardID int64, userIDs []int64, n Notification, now time.Time) error {
	wardID = tx.scope(wardID)
	seen := map[int64]bool{}
	var users []int64
	for _, u := range userIDs {
		if u != 0 && !seen[u] {
			seen[u] = true
			users = append(users, u)
		}
	}
	if len(users) == 0 {
		return nil
	}
	kind := notify.Normalize(notify.Kind(n.Kind))
	recips, err := tx.recipients(ctx, kind, users)
	if err != nil {
		return err
	}
	mailOn, err := tx.MailOn(ctx, wardID)
	if err != nil {
		return err
	}
	var key any
	if n.Key != "" {
		key = n.Key
	}
	for _, u := range users {
		r := recips[u]
		var id int64
		err := tx.queryRow(ctx, `INSERT INTO notifications (ward_id, user_id, created_at, title, body, link, kind, dedupe_key, digest_pending)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id`,
			wardID, u, now.UTC(), n.Title, n.Body, n.Link, string(kind), key, r.delivery == notify.InDigest).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue // told already
		}
		if err != nil {
			return errs.Wrap(err, "store: notify")
		}
		if r.delivery != notify.Email || !mailOn || r.email == "" || r.disabled {
			continue
		}
		m := OutboxMessage{WardID: wardID, UserID: u, To: r.email, Subject: n.Title, Text: n.Body, Link: n.Link, Kind: string(kind)}
		if _, err := tx.EnqueueMail(ctx, m, now); err != nil {
			return err
		}
	}
	return nil
}

const notificationCols = `id, user_id, created_at, title, body, link, read_at, kind`

func scanNotification(s interface{ Scan(...any) error }) (Notification, error) {
	var n Notification
	var read sql.NullTime
	err := s.Scan(&n.ID, &n.UserID, &n.CreatedAt, &n.Title, &n.Body, &n.Link, &read, &n.Kind)
	n.CreatedAt, n.ReadAt = n.CreatedAt.UTC(), timePtr(read)
	n.Read = n.ReadAt != nil
	return n, err
}

// Notifications lists a user's latest messages and the unread count.
func (tx *Tx) Notifications(ctx context.Context, userID int64, limit int) ([]Notification, int, error) {
	unread, err := tx.UnreadCount(ctx, userID)
	if err != nil {
		return nil, 0, err
	}
	out, err := tx.Inbox(ctx, userID, InboxFilter{Limit: limit})
	return out, unread, err
}

// UnreadCount is the number on the bell.
func (tx *Tx) UnreadCount(ctx context.Context, userID int64) (int, error) {
	var unread int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&unread)
	return unread, errs.Wrap(err, "store: unread")
}

// InboxFilter narrows a user's inbox; the zero value is every message.
type InboxFilter struct {
	Kind   string // "" every kind
	State  string // "unread", "read" or "" for both
	Before int64  // cursor: only messages with an id below it (0: from the newest)
	Limit  int    // 1–200; 0 → 50
}

// Inbox lists a user's messages newest first (by id, so a cursor pages
// without gaps or repeats while new ones arrive).
func (tx *Tx) Inbox(ctx context.Context, userID int64, f InboxFilter) ([]Notification, error) {
	where, args := `user_id = $1`, []any{userID}
	add := func(cond string, v any) {
		args = append(args, v)
		where += " AND " + cond + strconv.Itoa(len(args))
	}
	if f.Kind != "" {
		add("kind = $", f.Kind)
	}
	if f.Before > 0 {
		add("id < $", f.Before)
	}
	switch f.State {
	case "unread":
		where += " AND read_at IS NULL"
	case "read":
		where += " AND read_at IS NOT NULL"
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	rows, err := tx.query(ctx, `SELECT `+notificationCols+` FROM notifications WHERE `+where+` ORDER BY id DESC LIMIT `+strconv.Itoa(f.Limit), args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: inbox")
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, errs.Wrap(err, "store: scan notification")
		}
		out = append(out, n)
	}
	return out, errs.Wrap(rows.Err(), "store: inbox")
}

// Notification returns one of the user's messages; another user's is not
// found, as if it did not exist.
func (tx *Tx) Notification(ctx context.Context, userID, id int64) (Notification, error) {
	n, err := scanNotification(tx.queryRow(ctx, `SELECT `+notificationCols+` FROM notifications WHERE id = $1 AND user_id = $2`, id, userID))
	return n, notFound(err, "thông báo")
}

// MarkNotificationRead marks one of the user's messages read (a message
// already read keeps its moment).
func (tx *Tx) MarkNotificationRead(ctx context.Context, userID, id int64, now time.Time) error {
	if _, err := tx.Notification(ctx, userID, id); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `UPDATE notifications SET read_at = $1 WHERE id = $2 AND user_id = $3 AND read_at IS NULL`, now.UTC(), id, userID)
	return errs.Wrap(err, "store: mark read")
}

// MarkNotificationsRead marks all of a user's messages read.
func (tx *Tx) MarkNotificationsRead(ctx context.Context, userID int64, now time.Time) error {
	_, err := tx.exec(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`, now.UTC(), userID)
	return errs.Wrap(err, "store: mark read")
}

// PruneNotifications deletes messages read before before.
func (tx *Tx) PruneNotifications(ctx context.Context, before time.Time) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM notifications WHERE read_at IS NOT NULL AND read_at < $1`, before.UTC())
	if err != nil {
		return 0, errs.Wrap(err, "store: prune notifications")
	}
	return res.RowsAffected()
}

// DigestNotes returns the messages waiting for a user's digest, oldest
// first.
func (tx *Tx) DigestNotes(ctx context.Context, userID int64) ([]Notification, error) {
	rows, err := tx.query(ctx, `SELECT `+notificationCols+` FROM notifications WHERE user_id = $1 AND digest_pending = TRUE ORDER BY id`, userID)
	if err != nil {
		return nil, errs.Wrap(err, "store: digest notes")
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, errs.Wrap(err, "store: scan notification")
		}
		out = append(out, n)
	}
	return out, errs.Wrap(rows.Err(), "store: digest notes")
}

// DigestUsers returns the ward's users with messages waiting for their
// digest.
func (tx *Tx) DigestUsers(ctx context.Context, wardID int64) ([]int64, error) {
	wardID = tx.scope(wardID)
	return tx.ids(ctx, `SELECT DISTINCT n.user_id FROM notifications n JOIN users us ON us.id = n.user_id
		WHERE us.ward_id = $1 AND n.digest_pending = TRUE`, wardID)
}

// ClearDigest marks the user's waiting messages as gone out in a digest
// (those up to lastID: one arriving meanwhile waits for the next).
func (tx *Tx) ClearDigest(ctx context.Context, userID, lastID int64) error {
	_, err := tx.exec(ctx, `UPDATE notifications SET digest_pending = FALSE WHERE user_id = $1 AND digest_pending = TRUE AND id <= $2`, userID, lastID)
	return errs.Wrap(err, "store: clear digest")
}

// NotificationPrefs returns a user's choices per kind (kinds not chosen
// are absent: their default applies).
func (tx *Tx) NotificationPrefs(ctx context.Context, userID int64) (map[notify.Kind]notify.Delivery, error) {
	rows, err := tx.query(ctx, `SELECT kind, delivery FROM notification_prefs WHERE user_id = $1`, userID)
	if err != nil {
		return nil, errs.Wrap(err, "store: notification prefs")
	}
	defer rows.Close()
	out := map[notify.Kind]notify.Delivery{}
	for rows.Next() {
		var k, d string
		if err := rows.Scan(&k, &d); err != nil {
			return nil, errs.Wrap(err, "store: scan notification pref")
		}
		out[notify.Kind(k)] = notify.Delivery(d)
	}
	return out, errs.Wrap(rows.Err(), "store: notification prefs")
}

// SetNotificationPrefs replaces a user's choices for the kinds given.
func (tx *Tx) SetNotificationPrefs(ctx context.Context, userID int64, prefs map[notify.Kind]notify.Delivery) error {
	for k, d := range prefs {
		if _, err := tx.exec(ctx, `INSERT INTO notification_prefs (user_id, kind, delivery) VALUES ($1, $2, $3)
			ON CONFLICT (user_id, kind) DO UPDATE SET delivery = excluded.delivery`, userID, string(k), string(d)); err != nil {
			return errs.Wrap(err, "store: set notification pref")
		}
	}
	return nil
}

// MarkOnce records that a sweep did what key names for a ward; it is
// false when it was recorded before (by this run's predecessor, or by
// another server), so the caller does nothing more.
func (tx *Tx) MarkOnce(ctx context.Context, wardID int64, key string, at time.Time) (bool, error) {
	wardID = tx.scope(wardID)
	res, err := tx.exec(ctx, `INSERT INTO sweep_marks (ward_id, key, at) VALUES ($1, $2, $3) ON CONFLICT (ward_id, key) DO NOTHING`,
		wardID, key, at.UTC())
	if err != nil {
		return false, errs.Wrap(err, "store: mark once")
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Marked reports whether key was recorded for the ward.
func (tx *Tx) Marked(ctx context.Context, wardID int64, key string) (bool, error) {
	wardID = tx.scope(wardID)
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM sweep_marks WHERE ward_id = $1 AND key = $2`, wardID, key).Scan(&n)
	return n > 0, errs.Wrap(err, "store: marked")
}

// PruneSweepMarks deletes marks recorded before before.
func (tx *Tx) PruneSweepMarks(ctx context.Context, before time.Time) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM sweep_marks WHERE at < $1`, before.UTC())
	if err != nil {
		return 0, errs.Wrap(err, "store: prune sweep marks")
	}
	return res.RowsAffected()
}

// WardIDs lists every ward of the deployment (the jobs go through each).
func (tx *Tx) WardIDs(ctx context.Context) ([]int64, error) {
	return tx.ids(ctx, `SELECT id FROM wards ORDER BY id`)
}
