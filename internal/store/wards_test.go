package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// Migration 30 makes a login unique within its ward: the accounts made
// before it keep their ids (and so their tokens, notifications and
// records), a second ward may reuse a login, a ward may not have it twice,
// and a province account has no ward while a ward account must have one.
func TestMigrationLoginUniquePerWard(t *testing.T) {
	open := map[string]func(t *testing.T) *store.DB{
		"sqlite": func(t *testing.T) *store.DB {
			db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "old.db"))
			if err != nil {
				t.Fatal(err)
			}
			return db
		},
		"postgres": func(t *testing.T) *store.DB {
			db, err := store.Open(context.Background(), storetest.PostgresDSN(t))
			if err != nil {
				t.Fatal(err)
			}
			return db
		},
	}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := open[name](t)
			defer db.Close()
			if err := db.MigrateTo(ctx, 26); err != nil {
				t.Fatal(err)
			}
			at := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
			for _, q := range []struct {
				sql  string
				args []any
			}{
				{`INSERT INTO wards (code, name, place_name, parent_name, settings, created_at) VALUES ('hb', 'Phường Hòa Bình', 'Hòa Bình', '', '{}', $1)`, []any{at}},
				{`INSERT INTO wards (code, name, place_name, parent_name, settings, created_at) VALUES ('td', 'Phường Tân Định', 'Tân Định', '', '{}', $1)`, []any{at}},
				{`INSERT INTO users (id, ward_id, login, role, password_hash, created_at) VALUES (7, 1, 'admin', 'admin', 'x', $1)`, []any{at}},
				{`INSERT INTO users (id, ward_id, login, role, password_hash, created_at) VALUES (9, 1, 'vanphong', 'admin', 'y', $1)`, []any{at}},
				{`INSERT INTO api_tokens (user_id, token_hash, name, created_at, expires_at) VALUES (9, 'h', 'cũ', $1, $2)`, []any{at, at.AddDate(0, 0, 90)}},
				{`INSERT INTO notifications (ward_id, user_id, created_at, title) VALUES (1, 7, $1, 'Chào')`, []any{at}},
			} {
				if err := storetest.Exec(ctx, db, q.sql, q.args...); err != nil {
					t.Fatalf("%s: %v", q.sql, err)
				}
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			var uid int64
			if err := db.View(ctx, func(tx *store.Tx) error {
				var err error
				uid, err = tx.UserIDByToken(ctx, "h", at)
				return err
			}); err != nil || uid != 9 {
				t.Fatalf("token after the migration: user %d, %v", uid, err)
			}
			rows := storetest.RowCounts(t, db, "users", "notifications", "api_tokens")
			if rows["users"] != 2 || rows["notifications"] != 1 || rows["api_tokens"] != 1 {
				t.Fatalf("rows after the migration: %v", rows)
			}
			if name == "sqlite" {
				r, err := db.Raw().QueryContext(ctx, `PRAGMA foreign_key_check`)
				if err != nil {
					t.Fatal(err)
				}
				if r.Next() {
					t.Error("foreign keys left dangling by the rebuild of users")
				}
				r.Close()
			}
			for _, c := range []struct {
				sql string
				ok  bool
			}{
				{`INSERT INTO users (ward_id, login, role, password_hash, created_at) VALUES (2, 'admin', 'admin', 'z', $1)`, true},
				{`INSERT INTO users (ward_id, login, role, password_hash, created_at) VALUES (2, 'admin', 'viewer', 'z', $1)`, false},
				{`INSERT INTO users (ward_id, login, role, password_hash, created_at) VALUES (NULL, 'tinh', 'province_admin', 'z', $1)`, true},
				{`INSERT INTO users (ward_id, login, role, password_hash, created_at) VALUES (NULL, 'tinh', 'province_viewer', 'z', $1)`, false},
				{`INSERT INTO users (ward_id, login, role, password_hash, created_at) VALUES (NULL, 'khach', 'viewer', 'z', $1)`, false},
				{`INSERT INTO users (ward_id, login, role, password_hash, created_at) VALUES (1, 'so', 'province_admin', 'z', $1)`, false},
				{`INSERT INTO users (ward_id, login, role, password_hash, created_at) VALUES (1, 'root', 'root', 'z', $1)`, false},
			} {
				err := storetest.Exec(ctx, db, c.sql, at)
				if (err == nil) != c.ok {
					t.Errorf("%s: err %v, want ok=%v", c.sql, err, c.ok)
				}
			}
			if err := storetest.Exec(ctx, db, `UPDATE wards SET disabled_at = $1 WHERE id = 2`, at); err != nil {
				t.Fatal(err)
			}
		})
	}
}
