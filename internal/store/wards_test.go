package store_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// Migration 30 makes a login unique within its ward: the accounts made
// before it keep their ids (and so their tokens, notifications and
// records), a second ward may reuse a login, a ward may not have it twice,
// and a province account has no ward while a ward account must have one.
func TestMigrationLoginUniquePerWard(t *testing.T) {
	storetest.EachAt(t, 26, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
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
			// Deleted with its account (ON DELETE CASCADE): the rebuild of
			// users must not delete it.
			{`INSERT INTO saved_searches (user_id, name, query, created_at) VALUES (9, 'Việc quá hạn', 'overdue=true', $1)`, []any{at}},
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
		rows := storetest.RowCounts(t, db, "users", "notifications", "api_tokens", "saved_searches")
		if rows["users"] != 2 || rows["notifications"] != 1 || rows["api_tokens"] != 1 || rows["saved_searches"] != 1 {
			t.Fatalf("rows after the migration: %v", rows)
		}
		if db.Dialect() == store.SQLite {
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

// Two wards with the same login, and a province account: lookups by login
// name the ward, a ward may not repeat a login, and disabling a ward shows
// on its accounts, its listing and the sign-in choice.
func TestWardsShareLogins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)
		var hb, td, adminHB, adminTD, tinh int64
		err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			if hb, err = tx.CreateWard(ctx, org.Ward{Code: "hoabinh", Name: "Phường Hòa Bình", PlaceName: "Hòa Bình"}, now); err != nil {
				return err
			}
			if td, err = tx.CreateWard(ctx, org.Ward{Code: "tandinh", Name: "Phường Tân Định", PlaceName: "Tân Định"}, now); err != nil {
				return err
			}
			if adminHB, err = tx.CreateUser(ctx, hb, org.UserInput{Login: "admin", Role: "admin"}, "h1", now); err != nil {
				return err
			}
			if adminTD, err = tx.CreateUser(ctx, td, org.UserInput{Login: "admin", Role: "admin"}, "h2", now); err != nil {
				return err
			}
			tinh, err = tx.CreateUser(ctx, 0, org.UserInput{Login: "tinh", Role: "province_admin"}, "h3", now)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			ward  int64
			login string
			role  string
		}{{td, "admin", "viewer"}, {0, "tinh", "province_viewer"}} {
			err := db.Update(ctx, func(tx *store.Tx) error {
				_, err := tx.CreateUser(ctx, c.ward, org.UserInput{Login: c.login, Role: c.role}, "x", now)
				return err
			})
			if errs.FieldsOf(err)["login"] == "" {
				t.Errorf("second %s in ward %d: %v", c.login, c.ward, err)
			}
		}
		err = db.View(ctx, func(tx *store.Tx) error {
			all, err := tx.LoginCandidates(ctx, "admin")
			if err != nil {
				return err
			}
			if len(all) != 2 || all[0].ID != adminHB || all[0].WardCode != "hoabinh" || all[1].ID != adminTD || all[1].WardCode != "tandinh" {
				t.Errorf("candidates = %+v", all)
			}
			if _, _, err := tx.UserByLogin(ctx, "admin"); !errs.Is(err, errs.Invalid) {
				t.Errorf("UserByLogin of a login in two wards: %v", err)
			}
			u, hash, err := tx.UserInWard(ctx, td, "admin")
			if err != nil || u.ID != adminTD || hash != "h2" || u.WardID != td {
				t.Errorf("admin of Tân Định = %+v %q %v", u, hash, err)
			}
			u, hash, err = tx.UserByLogin(ctx, "tinh")
			if err != nil || u.ID != tinh || u.WardID != 0 || u.WardCode != "" || hash != "h3" || !u.Role.IsProvince() {
				t.Errorf("province account = %+v %q %v", u, hash, err)
			}
			if _, _, err := tx.UserInWard(ctx, hb, "tinh"); !errs.Is(err, errs.NotFound) {
				t.Errorf("province account found in a ward: %v", err)
			}
			if _, err := tx.WardByCode(ctx, "khongco"); !errs.Is(err, errs.NotFound) {
				t.Errorf("unknown ward code: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		off := now.Add(time.Hour)
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.SetWardDisabled(ctx, td, &off) }); err != nil {
			t.Fatal(err)
		}
		err = db.View(ctx, func(tx *store.Tx) error {
			u, err := tx.User(ctx, adminTD)
			if err != nil || !u.WardDisabled {
				t.Errorf("account of the disabled ward = %+v %v", u, err)
			}
			if u, _ := tx.User(ctx, adminHB); u.WardDisabled {
				t.Error("account of the other ward disabled")
			}
			active, err := tx.ActiveWards(ctx)
			if err != nil || len(active) != 1 || active[0].Code != "hoabinh" {
				t.Errorf("active wards = %+v %v", active, err)
			}
			states, err := tx.WardStates(ctx)
			if err != nil || len(states) != 2 || states[0].Code != "hoabinh" || states[0].Users != 1 || states[0].Disabled() ||
				states[1].Code != "tandinh" || !states[1].DisabledSince().Equal(off) || states[1].Users != 1 {
				t.Errorf("ward states = %+v %v", states, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.SetWardDisabled(ctx, td, nil) }); err != nil {
			t.Fatal(err)
		}
		db.View(ctx, func(tx *store.Tx) error {
			if w, err := tx.Ward(ctx, td); err != nil || w.Disabled() {
				t.Errorf("enabled ward = %+v %v", w, err)
			}
			return nil
		})
	})
}

// SQLite rebuilds users in migration 30: every index or trigger on users
// that an earlier migration made must be there after it (one added by a
// migration numbered before 30 must be made again in 30).
func TestMigrationKeepsUsersIndexes(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	objects := func() []string {
		t.Helper()
		rows, err := db.Raw().QueryContext(ctx, `SELECT type || ' ' || name FROM sqlite_master
			WHERE tbl_name = 'users' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			rows.Scan(&s)
			out = append(out, s)
		}
		return out
	}
	if err := db.MigrateTo(ctx, 29); err != nil {
		t.Fatal(err)
	}
	before := objects()
	if err := db.MigrateTo(ctx, 30); err != nil {
		t.Fatal(err)
	}
	after := objects()
	for _, o := range before {
		if !slices.Contains(after, o) {
			t.Errorf("%s on users lost by the rebuild of migration 30 (have %v)", o, after)
		}
	}
	if !slices.Contains(after, "index users_province_login") || !slices.Contains(after, "index users_login") {
		t.Errorf("indexes of migration 30 missing: %v", after)
	}
}
