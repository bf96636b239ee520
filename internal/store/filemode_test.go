package store_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"dieuhanh/internal/store"
)

// The database, its WAL and shared-memory files, and backups hold every
// account and file: they are created readable by their owner only, even
// under a permissive umask, and an old world-readable database is narrowed.
func TestDatabaseFilesArePrivate(t *testing.T) {
	old := syscall.Umask(0o002)
	defer syscall.Umask(old)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, "dieuhanh.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, backup); err == nil {
		t.Error("a backup overwrote an existing file")
	}
	for _, p := range []string{path, path + "-wal", path + "-shm", backup} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if perm := st.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s: mode %v, want 0600", filepath.Base(p), perm)
		}
	}
	if st, _ := os.Stat(dir); st.Mode().Perm()&0o007 != 0 {
		t.Errorf("data dir: mode %v, want no access for others", st.Mode().Perm())
	}
	// A restored backup is a working database.
	restored, err := store.Open(ctx, backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := restored.Ping(ctx); err != nil {
		t.Error(err)
	}
	restored.Close()
	db.Close()

	// A database left world-readable by an earlier version is narrowed.
	os.Chmod(path, 0o644)
	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("reopened database: mode %v", st.Mode().Perm())
	}
}

// An acknowledged write survives a power cut, not only a crash of the
// process: SQLite commits in WAL mode with synchronous=FULL (2), which
// syncs the log at every commit (NORMAL, 1, may lose the last commits).
func TestSQLiteCommitsAreDurable(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "dieuhanh.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mode string
	var sync int
	if err := db.Raw().QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if err := db.Raw().QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" || sync != 2 {
		t.Errorf("journal_mode=%s synchronous=%d, want wal and 2 (FULL)", mode, sync)
	}
}
