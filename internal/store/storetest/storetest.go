// Package storetest opens fresh, migrated databases for tests: a temp-file
// SQLite always, and PostgreSQL (a new schema per test) when
// DIEUHANH_TEST_POSTGRES holds a DSN. Under CI=true a missing PostgreSQL
// fails the test instead of skipping it.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dieuhanh/internal/store"
	"dieuhanh/internal/testenv"
)

// EnvPostgres names the variable holding the test PostgreSQL DSN.
const EnvPostgres = "DIEUHANH_TEST_POSTGRES"

// Each runs fn once per available dialect, as subtests "sqlite" and "postgres".
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, OpenSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, OpenPostgres(t)) })
}

// OpenSQLite returns a migrated SQLite database in a temp dir.
func OpenSQLite(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// AppRole is the role PostgreSQL tests connect as: an ordinary one, like
// a deployment's (docs/deploy.md), so that row-level security is in force
// (a superuser, as the CI's DSN names, is exempt from it).
const AppRole = "dieuhanh_test_app"

// PostgresDSN returns a DSN for a fresh schema owned by AppRole and
// connecting as it, or "" (after skipping or failing t) when PostgreSQL is
// not configured.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		testenv.Missing(t, EnvPostgres+" is not set (PostgreSQL)")
		return ""
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	// Tests in other packages create the role at the same moment: a
	// duplicate is fine.
	if _, err := admin.Exec(`DO $$ BEGIN
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '` + AppRole + `') THEN
			CREATE ROLE ` + AppRole + ` LOGIN NOSUPERUSER NOBYPASSRLS;
		END IF;
	EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
	END $$`); err != nil {
		t.Fatalf("PostgreSQL at %s: create role %s: %v", base, AppRole, err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema + " AUTHORIZATION " + AppRole); err != nil {
		t.Fatalf("PostgreSQL at %s: %v", base, err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err == nil {
			a.Exec("DROP SCHEMA " + schema + " CASCADE")
			a.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	// Trust authentication on the test server: the role needs no password.
	u.User = url.User(AppRole)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// OpenPostgres returns a migrated PostgreSQL database in a fresh schema.
func OpenPostgres(t testing.TB) *store.DB {
	t.Helper()
	dsn := PostgresDSN(t)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// RowCounts returns the number of rows of each table, so tests can assert
// that refused input changed nothing. It lives here, not in store, so that
// SQL built from table names is never part of the server: it reads through
// the raw pool store exposes for such tools.
func RowCounts(t testing.TB, db *store.DB, tables ...string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range tables {
		var n int
		// Table names come from test code, never from users.
		if err := db.Raw().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

// TamperAudit tries to change (or, with remove, delete) the audit log's
// entries; the database must refuse.
func TamperAudit(ctx context.Context, db *store.DB, remove bool) error {
	q := `UPDATE audit_log SET summary = 'x'`
	if remove {
		q = `DELETE FROM audit_log`
	}
	_, err := db.Raw().ExecContext(ctx, q)
	return err
}

// SessionKeys returns what the sessions table keeps as keys, so tests can
// check that no session token is stored as such.
func SessionKeys(t testing.TB, db *store.DB) []string {
	t.Helper()
	rows, err := db.Raw().QueryContext(context.Background(), `SELECT token_hash FROM sessions`)
	if err != nil {
		t.Fatalf("session keys: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatalf("session keys: %v", err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("session keys: %v", err)
	}
	return out
}

// Exec runs a statement on the writer, outside the store's methods (data in
// an older schema). It raises the change stamp as the store's own writes
// do, so no server cache keeps what the statement changed.
func Exec(ctx context.Context, db *store.DB, q string, args ...any) error {
	if _, err := db.Raw().ExecContext(ctx, q, args...); err != nil {
		return err
	}
	_, err := db.Raw().ExecContext(ctx, `UPDATE change_stamp SET n = n + 1 WHERE id = 1`)
	if err != nil && strings.Contains(err.Error(), "change_stamp") {
		return nil // a schema older than the stamp
	}
	return err
}

// RaiseStamp raises the change stamp, as any write does: every server's
// cache starts again, so a test measures a request as it costs cold.
func RaiseStamp(ctx context.Context, db *store.DB) error {
	_, err := db.Raw().ExecContext(ctx, `UPDATE change_stamp SET n = n + 1 WHERE id = 1`)
	return err
}

// EachAt runs fn once per available dialect on a database migrated only up
// to version: migration tests fill it with rows of that schema, then
// migrate the rest of the way.
func EachAt(t *testing.T, version int64, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	at := func(t *testing.T, dsn string) *store.DB {
		db, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if err := db.MigrateTo(context.Background(), version); err != nil {
			t.Fatal(err)
		}
		return db
	}
	t.Run("sqlite", func(t *testing.T) { fn(t, at(t, filepath.Join(t.TempDir(), "old.db"))) })
	t.Run("postgres", func(t *testing.T) {
		if dsn := PostgresDSN(t); dsn != "" {
			fn(t, at(t, dsn))
		}
	})
}
