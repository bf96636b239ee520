package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"dieuhanh/internal/store"
)

// cli runs the command in process with a fresh data dir.
func cli(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
	return out.String() + errOut.String(), err
}

func TestCLIUsersTokensBackup(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"DIEUHANH_DATA": dir}
	// The first account needs a ward name on an empty database.
	if _, err := cli(t, env, "user", "add", "--login", "admin", "--role", "admin", "--password", "mot-mat-khau-dai"); err == nil {
		t.Fatal("user add without a ward on an empty database succeeded")
	}
	out, err := cli(t, env, "user", "add", "--ward", "Phường Bến Thành", "--login", "admin", "--role", "admin", "--password", "mot-mat-khau-dai")
	if err != nil || !strings.Contains(out, "Đã tạo tài khoản admin") {
		t.Fatalf("user add: %q %v", out, err)
	}
	// Bad input is refused with the field's message.
	if _, err := cli(t, env, "user", "add", "--login", "admin", "--role", "admin", "--password", "mot-mat-khau-dai"); err == nil || !strings.Contains(err.Error(), "đã có người dùng") {
		t.Fatalf("duplicate login: %v", err)
	}
	if _, err := cli(t, env, "user", "add", "--login", "khac", "--role", "admin", "--password", "ngan"); err == nil || !strings.Contains(err.Error(), "ít nhất 10 ký tự") {
		t.Fatalf("short password: %v", err)
	}
	// The password can come from the environment.
	env["DIEUHANH_PASSWORD"] = "mat-khau-moi-2026"
	if out, err := cli(t, env, "user", "passwd", "--login", "admin"); err != nil || !strings.Contains(out, "Đã đổi mật khẩu") {
		t.Fatalf("passwd: %q %v", out, err)
	}
	out, err = cli(t, env, "token", "create", "--login", "admin")
	if err != nil || !strings.HasPrefix(strings.TrimSpace(out), "dh_") {
		t.Fatalf("token: %q %v", out, err)
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	if out, err := cli(t, env, "backup", "--out", backup); err != nil || !strings.Contains(out, "Đã sao lưu") {
		t.Fatalf("backup: %q %v", out, err)
	}
	// The copy is a working database with the account in it.
	db, err := store.Open(context.Background(), backup)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(context.Background(), func(tx *store.Tx) error {
		u, _, err := tx.UserByLogin(context.Background(), "admin")
		if err == nil && u.Role != "admin" {
			t.Errorf("backup user = %+v", u)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cli(t, env, "backup", "--out", backup); err == nil {
		t.Fatal("backup over an existing file succeeded")
	}
	// The operator can lock an account and open it again.
	if out, err := cli(t, env, "user", "disable", "--login", "admin"); err != nil || !strings.Contains(out, "Đã khóa") {
		t.Fatalf("disable: %q %v", out, err)
	}
	if out, err := cli(t, env, "token", "create", "--login", "admin"); err == nil {
		t.Fatalf("token for a locked account: %q", out)
	}
	if out, err := cli(t, env, "user", "enable", "--login", "admin"); err != nil || !strings.Contains(out, "Đã mở khóa") {
		t.Fatalf("enable: %q %v", out, err)
	}
	if _, err := cli(t, env, "nope"); err == nil {
		t.Fatal("unknown command accepted")
	}
}

// `dieuhanh demo` loads the ward and its three months once; running it
// again changes nothing.
func TestDemoCommandRunsOnce(t *testing.T) {
	env := map[string]string{"DIEUHANH_DATA": t.TempDir()}
	count := func() map[string]int {
		db, err := openDB(context.Background(), dbConfig{data: ptr(env["DIEUHANH_DATA"]), dsn: ptr("")})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var c map[string]int
		db.View(context.Background(), func(tx *store.Tx) error {
			c, err = tx.RowCounts(context.Background(), "programs", "program_items", "users", "audit_log")
			return err
		})
		return c
	}
	if out, err := cli(t, env, "demo"); err != nil || !strings.Contains(out, "Đã nạp phường mẫu") {
		t.Fatalf("demo: %q %v", out, err)
	}
	first := count()
	if first["programs"] != 3 || first["program_items"] < 120 {
		t.Fatalf("after demo: %v", first)
	}
	if _, err := cli(t, env, "demo"); err != nil {
		t.Fatal(err)
	}
	if again := count(); fmt.Sprint(again) != fmt.Sprint(first) {
		t.Fatalf("second run changed %v → %v", first, again)
	}
}

func ptr(s string) *string { return &s }
