package store

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"dieuhanh/internal/errs"
)

// AuditEntry is one append-only record of a change.
type AuditEntry struct {
	ID         int64
	WardID     int64
	At         time.Time
	ActorID    int64
	ActorLogin string
	// ActorName and ActorTitle are the person behind the account (full
	// name, post), filled by AuditLog; "" for the admin and the system.
	ActorName, ActorTitle string
	Entity                string // "unit", "person", "program_item", …
	EntityID              int64
	Action                string // "create", "update", "submit", …
	Summary               string // a short Vietnamese sentence for lists
	Before                string // JSON, "" when none
	After                 string
	RequestID             string
}

// AddAudit appends an entry; before and after are marshalled to JSON.
func (tx *Tx) AddAudit(ctx context.Context, e AuditEntry, before, after any) error {
	e.WardID = tx.scope(e.WardID)
	enc := func(v any) (any, error) {
		if v == nil {
			return nil, nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	b, err := enc(before)
	if err != nil {
		return errs.Wrap(err, "store: audit before")
	}
	a, err := enc(after)
	if err != nil {
		return errs.Wrap(err, "store: audit after")
	}
	_, err = tx.exec(ctx, `INSERT INTO audit_log (ward_id, at, actor_id, actor_login, entity, entity_id, action, summary,
		before_json, after_json, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		e.WardID, e.At.UTC(), nullInt(e.ActorID), e.ActorLogin, e.Entity, e.EntityID, e.Action, e.Summary, b, a, e.RequestID)
	if err == nil && e.Entity == "program_item" && e.EntityID != 0 {
		// Every change to an item is audited: its moment is the item's
		// "last changed" for the search order.
		return tx.touchItem(ctx, e.EntityID, e.At)
	}
	return errs.Wrap(err, "store: audit")
}

// AuditFilter narrows the audit log listing.
type AuditFilter struct {
	Entity   string
	EntityID int64
	Actor    string // login
	// ActorPerson is the person whose accounts made the change.
	ActorPerson int64
	From, To    time.Time // To exclusive; zero = open
	Limit       int
	Offset      int
}

// AuditLog lists entries newest first, and the total matching count.
func (tx *Tx) AuditLog(ctx context.Context, wardID int64, f AuditFilter) ([]AuditEntry, int, error) {
	wardID = tx.scope(wardID)
	where := []string{"a.ward_id = $1"}
	args := []any{wardID}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.Entity != "" {
		add("a.entity = ?", f.Entity)
	}
	if f.EntityID != 0 {
		add("a.entity_id = ?", f.EntityID)
	}
	if f.Actor != "" {
		add("a.actor_login = ?", f.Actor)
	}
	if f.ActorPerson != 0 {
		add("a.actor_id IN (SELECT id FROM users WHERE person_id = ?)", f.ActorPerson)
	}
	if !f.From.IsZero() {
		add("a.at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("a.at < ?", f.To.UTC())
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM audit_log a WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(err, "store: audit count")
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	rows, err := tx.query(ctx, `SELECT a.id, a.ward_id, a.at, COALESCE(a.actor_id, 0), a.actor_login,
		COALESCE(p.full_name, ''), COALESCE(p.title, ''), a.entity, a.entity_id, a.action,
		a.summary, COALESCE(a.before_json, ''), COALESCE(a.after_json, ''), a.request_id
		FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id LEFT JOIN people p ON p.id = u.person_id
		WHERE `+cond+` ORDER BY a.id DESC LIMIT `+strconv.Itoa(f.Limit)+` OFFSET `+strconv.Itoa(f.Offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(err, "store: audit log")
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, &e.WardID, &e.At, &e.ActorID, &e.ActorLogin, &e.ActorName, &e.ActorTitle, &e.Entity, &e.EntityID, &e.Action,
			&e.Summary, &e.Before, &e.After, &e.RequestID); err != nil {
			return nil, 0, errs.Wrap(err, "store: scan audit")
		}
		out = append(out, e)
	}
	return out, total, errs.Wrap(rows.Err(), "store: audit log")
}

// CountAudit counts all entries (tests assert nothing was written).
func (tx *Tx) CountAudit(ctx context.Context) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&n)
	return n, errs.Wrap(err, "store: count audit")
}
