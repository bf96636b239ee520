package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"

	"dieuhanh/internal/errs"
)

// SessionStore keeps the web sessions (it is a store for scs). Only a
// SHA-256 hash of each session token reaches the database, so whoever reads
// a copy of it (a backup, a leaked file) cannot take over a session: the
// token itself lives only in the browser's cookie.
// Expiries come from the session library, which keeps real time, so the
// store compares them with the real clock too.
type SessionStore struct {
	db *DB
}

// Sessions returns the session store of db.
func (db *DB) Sessions() *SessionStore { return &SessionStore{db: db} }

// SessionTokenHash is the stored form of a session token.
func SessionTokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// FindCtx returns the data of a live session; found is false for an
// unknown or expired token.
func (s *SessionStore) FindCtx(ctx context.Context, token string) (data []byte, found bool, err error) {
	hash := SessionTokenHash(token)
	var expiry time.Time
	err = s.db.View(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT data, expiry FROM sessions WHERE token_hash = $1 AND expiry > $2`,
			hash, time.Now().UTC()).Scan(&data, &expiry)
	})
	if err == nil {
		s.db.sessionsSeen.note(hash, data, expiry)
	}
	if errs.KindOf(notFound(err, "")) == errs.NotFound {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, errs.Wrap(err, "store: find session")
	}
	return data, true, nil
}

// sessionTouchSlack is how far the stored expiry may lag the idle timeout.
// The session library commits on every request to push the expiry forward;
// writing each of those would put every page view through the single
// writer that carries the real work. Skipping the push while the stored
// expiry is this close ends an idle session at most this much early.
const sessionTouchSlack = 5 * time.Minute

// CommitCtx saves a session's data and expiry, replacing what it had. A
// commit that changes nothing but moves the expiry by less than
// sessionTouchSlack is not written.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, data []byte, expiry time.Time) error {
	hash := SessionTokenHash(token)
	// What this server read of the session at the request's start (the
	// library finds the session before it commits), else the database.
	stored, storedExpiry, ok := s.db.sessionsSeen.get(hash)
	if !ok {
		err := s.db.View(ctx, func(tx *Tx) error {
			return tx.queryRow(ctx, `SELECT data, expiry FROM sessions WHERE token_hash = $1`, hash).Scan(&stored, &storedExpiry)
		})
		ok = err == nil
	}
	if ok && bytes.Equal(stored, data) && !storedExpiry.Before(expiry.Add(-sessionTouchSlack)) {
		return nil
	}
	err := s.db.updateUnstamped(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO sessions (token_hash, data, expiry) VALUES ($1, $2, $3)
			ON CONFLICT (token_hash) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`,
			hash, data, expiry.UTC())
		return errs.Wrap(err, "store: save session")
	})
	if err == nil {
		s.db.sessionsSeen.note(hash, data, expiry)
	}
	return err
}

// sessionsSeen remembers the last data and expiry this server read or
// wrote of each session, so that the commit at the end of every request
// does not read the session again to learn whether anything changed.
type sessionsSeen struct {
	mu   sync.Mutex
	seen map[string]seenSession
}

type seenSession struct {
	data   []byte
	expiry time.Time
}

// sessionsSeenLimit bounds the memory: past it, it starts again empty
// (a commit then reads the session from the database, as before).
const sessionsSeenLimit = 20000

func (m *sessionsSeen) note(hash string, data []byte, expiry time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.seen == nil || len(m.seen) >= sessionsSeenLimit {
		m.seen = map[string]seenSession{}
	}
	m.seen[hash] = seenSession{bytes.Clone(data), expiry}
}

func (m *sessionsSeen) get(hash string) ([]byte, time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.seen[hash]
	return v.data, v.expiry, ok
}

func (m *sessionsSeen) forget(hash string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.seen, hash)
}

// DeleteCtx ends a session; an unknown token is not an error.
func (s *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	s.db.sessionsSeen.forget(SessionTokenHash(token))
	return s.db.updateUnstamped(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, SessionTokenHash(token))
		return errs.Wrap(err, "store: delete session")
	})
}

// Find, Commit and Delete complete the session library's plain interface.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

func (s *SessionStore) Commit(token string, data []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, data, expiry)
}

func (s *SessionStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

// PruneSessions deletes the sessions that expired before the given time.
func (tx *Tx) PruneSessions(ctx context.Context, before time.Time) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM sessions WHERE expiry < $1`, before.UTC())
	if err != nil {
		return 0, errs.Wrap(err, "store: prune sessions")
	}
	return res.RowsAffected()
}
