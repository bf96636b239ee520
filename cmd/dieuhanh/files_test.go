package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"testing"

	"dieuhanh/internal/store"
)

// Files an earlier version kept under <data>/files are in the database after
// the next start (here: migrate), and so in the backup.
func TestStartImportsOldFiles(t *testing.T) {
	dir := t.TempDir()
	data := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 5000)...)
	s := sha256.Sum256(data)
	sum := hex.EncodeToString(s[:])
	p := filepath.Join(dir, "files", sum[:2], sum)
	os.MkdirAll(filepath.Dir(p), 0o750)
	if err := os.WriteFile(p, data, 0o640); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"DIEUHANH_DATA": dir}
	if out, err := cli(t, env, "migrate"); err != nil {
		t.Fatalf("migrate: %q %v", out, err)
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	if out, err := cli(t, env, "backup", "--out", backup); err != nil {
		t.Fatalf("backup: %q %v", out, err)
	}
	db, err := store.Open(context.Background(), backup)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b, err := db.OpenBlob(context.Background(), sum)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(b); !bytes.Equal(got, data) {
		t.Error("the backup's copy of the file differs")
	}
}
