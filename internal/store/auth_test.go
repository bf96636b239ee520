package store_test

import (
	"context"
	"testing"
	"time"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// The session store keeps sessions under a hash of their token: found by
// the token, never stored as it. It reads the real clock because the session
// library stamps and checks expiries with it.
func TestSessionStoreKeepsOnlyHashesRealClock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := db.Sessions()
		// Expiries come from the session library's real clock.
		live, gone := time.Now().Add(time.Hour), time.Now().Add(-time.Second)
		if err := s.CommitCtx(ctx, "jeton-vivant", []byte("a"), live); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit("jeton-perime", []byte("b"), gone); err != nil {
			t.Fatal(err)
		}
		// A second commit replaces the data.
		if err := s.CommitCtx(ctx, "jeton-vivant", []byte("a2"), live); err != nil {
			t.Fatal(err)
		}
		if b, found, err := s.FindCtx(ctx, "jeton-vivant"); err != nil || !found || string(b) != "a2" {
			t.Fatalf("find live: %q %v %v", b, found, err)
		}
		if _, found, err := s.Find("jeton-perime"); err != nil || found {
			t.Fatalf("expired session found: %v %v", found, err)
		}
		if _, found, err := s.Find("khong-co"); err != nil || found {
			t.Fatalf("unknown session found: %v %v", found, err)
		}
		keys := storetest.SessionKeys(t, db)
		if len(keys) != 2 {
			t.Fatalf("keys %v", keys)
		}
		for _, k := range keys {
			if k == "jeton-vivant" || k == "jeton-perime" || len(k) != 64 {
				t.Errorf("stored key %q", k)
			}
		}
		if keys[0] != store.SessionTokenHash("jeton-vivant") && keys[1] != store.SessionTokenHash("jeton-vivant") {
			t.Errorf("no hash of the live token in %v", keys)
		}
		// Pruning takes the expired one only.
		var n int64
		db.Update(ctx, func(tx *store.Tx) error {
			var err error
			n, err = tx.PruneSessions(ctx, time.Now())
			return err
		})
		if n != 1 {
			t.Errorf("pruned %d sessions", n)
		}
		if err := s.Delete("jeton-vivant"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteCtx(ctx, "khong-co"); err != nil {
			t.Fatal(err)
		}
		if _, found, _ := s.Find("jeton-vivant"); found {
			t.Fatal("deleted session found")
		}
	})
}

func TestAPITokensExpireAndPrune(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
		var userID, old, live, revoked int64
		err := db.Update(ctx, func(tx *store.Tx) error {
			wardID, err := tx.CreateWard(ctx, org.Ward{Code: "hb", Name: "Phường Hòa Bình", PlaceName: "Hòa Bình", Settings: org.DefaultSettings()}, now)
			if err != nil {
				return err
			}
			if userID, err = tx.CreateUser(ctx, wardID, org.UserInput{Login: "admin", Role: "admin"}, "x", now); err != nil {
				return err
			}
			if old, err = tx.CreateAPIToken(ctx, userID, "h-old", "cũ", now.AddDate(0, 0, -100), now.AddDate(0, 0, -40)); err != nil {
				return err
			}
			if live, err = tx.CreateAPIToken(ctx, userID, "h-live", "đang dùng", now, now.AddDate(0, 0, 90)); err != nil {
				return err
			}
			revoked, err = tx.CreateAPIToken(ctx, userID, "h-revoked", "thu hồi", now, now.AddDate(0, 0, 90))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		lookup := func(hash string, at time.Time) error {
			return db.View(ctx, func(tx *store.Tx) error { _, err := tx.UserIDByToken(ctx, hash, at); return err })
		}
		if err := lookup("h-live", now); err != nil {
			t.Fatalf("live token: %v", err)
		}
		if err := lookup("h-live", now.AddDate(0, 0, 90)); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("token at its expiry: %v", err)
		}
		if err := lookup("h-old", now); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("expired token: %v", err)
		}
		err = db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.RevokeAPIToken(ctx, revoked, now); err != nil {
				return err
			}
			// Twice is not found: it is no longer live.
			if err := tx.RevokeAPIToken(ctx, revoked, now); !errs.Is(err, errs.NotFound) {
				t.Errorf("second revoke: %v", err)
			}
			if err := tx.RevokeAPITokenByHash(ctx, userID+1, "h-live", now); !errs.Is(err, errs.NotFound) {
				t.Errorf("another user's token revoked: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := lookup("h-revoked", now); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("revoked token: %v", err)
		}
		var list []store.APIToken
		db.View(ctx, func(tx *store.Tx) error { list, err = tx.APITokens(ctx, userID); return err })
		if len(list) != 3 || list[0].ID != revoked || list[0].RevokedAt == nil || list[1].ID != live || list[1].RevokedAt != nil ||
			!list[1].ExpiresAt.Equal(now.AddDate(0, 0, 90)) || list[1].Name != "đang dùng" {
			t.Fatalf("list %+v", list)
		}
		// Tokens that ended more than 30 days ago go; the others stay.
		var n int64
		db.Update(ctx, func(tx *store.Tx) error { n, err = tx.PruneAPITokens(ctx, now.AddDate(0, 0, -30)); return err })
		db.View(ctx, func(tx *store.Tx) error { list, err = tx.APITokens(ctx, userID); return err })
		if n != 1 || len(list) != 2 || list[1].ID != live {
			t.Fatalf("after pruning %d: %+v (old was %d)", n, list, old)
		}
	})
}

// Counters are locked, saved, cleared when empty and pruned when idle.
func TestLoginCounters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
		keys := []store.LoginCounter{{Address: "203.0.113.9"}, {Login: "chutich", Address: "203.0.113.9"}}
		var got []store.LoginCounter
		err := db.Update(ctx, func(tx *store.Tx) error {
			cs, err := tx.LockLoginCounters(ctx, now, keys...)
			if err != nil {
				return err
			}
			if len(cs) != 2 || cs[0].Failures != 0 || cs[1].Login != "chutich" {
				t.Errorf("new counters %+v", cs)
			}
			cs[1].Failures, cs[1].Pending, cs[1].LastFailure, cs[1].LastAttempt = 3, 1, now, now
			if err := tx.SaveLoginCounter(ctx, cs[1]); err != nil {
				return err
			}
			// An empty counter is not kept.
			return tx.SaveLoginCounter(ctx, cs[0])
		})
		if err != nil {
			t.Fatal(err)
		}
		db.Update(ctx, func(tx *store.Tx) error { got, err = tx.LockLoginCounters(ctx, now, keys...); return err })
		if got[1].Failures != 3 || got[1].Pending != 1 || !got[1].LastFailure.Equal(now) {
			t.Fatalf("saved counter %+v", got[1])
		}
		rows := storetest.RowCounts(t, db, "login_failures")
		// The lock above made the address row again (empty, as saved by nobody).
		if rows["login_failures"] != 2 {
			t.Fatalf("rows %v", rows)
		}
		var n int64
		db.Update(ctx, func(tx *store.Tx) error { n, err = tx.PruneLoginCounters(ctx, now.Add(time.Second)); return err })
		if n != 2 {
			t.Fatalf("pruned %d", n)
		}
	})
}

// Migration 8 gives the tokens made before it 90 days from their creation,
// and drops the sessions stored under their raw token.
func TestMigrationGivesOldTokensAnExpiry(t *testing.T) {
	storetest.EachAt(t, 7, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		created := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO wards (code, name, place_name, parent_name, settings, created_at) VALUES ('hb', 'Phường Hòa Bình', 'Hòa Bình', '', '{}', $1)`, []any{created}},
			{`INSERT INTO users (ward_id, login, role, password_hash, created_at) VALUES (1, 'admin', 'admin', 'x', $1)`, []any{created}},
			{`INSERT INTO api_tokens (user_id, token_hash, name, created_at) VALUES (1, 'h-old', 'cũ', $1)`, []any{created}},
			{`INSERT INTO sessions (token, data, expiry) VALUES ('raw-token', $1, $2)`, []any{[]byte("x"), sessionExpiry(db.Dialect())}},
		} {
			if err := storetest.Exec(ctx, db, q.sql, q.args...); err != nil {
				t.Fatalf("%s: %v", q.sql, err)
			}
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		lookup := func(at time.Time) error {
			return db.View(ctx, func(tx *store.Tx) error { _, err := tx.UserIDByToken(ctx, "h-old", at); return err })
		}
		if err := lookup(created.AddDate(0, 0, 90).Add(-time.Minute)); err != nil {
			t.Fatalf("old token before 90 days: %v", err)
		}
		if err := lookup(created.AddDate(0, 0, 90)); !errs.Is(err, errs.Unauthorized) {
			t.Fatalf("old token at 90 days: %v", err)
		}
		rows := storetest.RowCounts(t, db, "sessions")
		if rows["sessions"] != 0 {
			t.Fatalf("old sessions kept: %v", rows)
		}
	})
}

// sessionExpiry is an expiry in the layout of the old sessions table.
func sessionExpiry(dialect store.Dialect) any {
	if dialect == store.SQLite {
		return 2461401.5 // a Julian day in 2026
	}
	return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
}

// The session library commits on every request to push the idle expiry
// forward; a push of less than five minutes with the same data is not
// written (every page view went through the single writer), a longer one
// or a change of data is.
func TestSessionTouchesAreNotWrittenEveryRequestRealClock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := db.Sessions()
		stored := func() (string, time.Time) {
			t.Helper()
			var data []byte
			var expiry time.Time
			q := `SELECT data, expiry FROM sessions WHERE token_hash = '` + store.SessionTokenHash("jeton") + `'`
			if err := db.Raw().QueryRowContext(ctx, q).Scan(&data, &expiry); err != nil {
				t.Fatal(err)
			}
			return string(data), expiry
		}
		start := time.Now().Add(8 * time.Hour).Truncate(time.Second)
		if err := s.CommitCtx(ctx, "jeton", []byte("a"), start); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			data       string
			expiry     time.Time
			wantData   string
			wantExpiry time.Time
		}{
			{"a", start.Add(time.Minute), "a", start},                                                  // a page view a minute later
			{"a", start.Add(4 * time.Minute), "a", start},                                              // still within the slack
			{"a", start.Add(6 * time.Minute), "a", start.Add(6 * time.Minute)},                         // pushed
			{"b", start.Add(6*time.Minute + time.Second), "b", start.Add(6*time.Minute + time.Second)}, // new data
		} {
			if err := s.CommitCtx(ctx, "jeton", []byte(tt.data), tt.expiry); err != nil {
				t.Fatal(err)
			}
			data, expiry := stored()
			if data != tt.wantData || !expiry.Equal(tt.wantExpiry) {
				t.Errorf("after committing %q until %v: stored %q until %v, want %q until %v", tt.data, tt.expiry, data, expiry, tt.wantData, tt.wantExpiry)
			}
		}
	})
}
