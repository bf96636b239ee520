package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// testClock is where the commands' clock starts unless a test says
// otherwise: Tuesday 01/12/2026, 10:00 in Vietnam.
const testClock = "2026-12-01T10:00:00+07:00"

// cli runs the command in process, on the test clock unless env or args
// set another.
func cli(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	getenv := func(k string) string {
		if k == "DIEUHANH_CLOCK" && env[k] == "" {
			return testClock
		}
		return env[k]
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, getenv, strings.NewReader(""), &out, &errOut)
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
// again changes nothing. The clock is the 1st of a month, when next
// month's registrations used to be still ahead.
func TestDemoCommandRunsOnce(t *testing.T) {
	env := map[string]string{"DIEUHANH_DATA": t.TempDir()}
	count := func() map[string]int {
		db, err := openDB(context.Background(), dbConfig{data: ptr(env["DIEUHANH_DATA"]), dsn: ptr(""), clock: ptr("")})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		return storetest.RowCounts(t, db, "programs", "program_items", "users", "audit_log")
	}
	if out, err := cli(t, env, "demo", "--clock", "2027-01-01T10:00:00+07:00"); err != nil || !strings.Contains(out, "Đã nạp phường mẫu") {
		t.Fatalf("demo: %q %v", out, err)
	}
	first := count()
	if first["programs"] != 3 || first["program_items"] < 120 {
		t.Fatalf("after demo: %v", first)
	}
	// The months are those around the clock, not around today.
	db, err := openDB(context.Background(), dbConfig{data: ptr(env["DIEUHANH_DATA"]), dsn: ptr(""), clock: ptr("")})
	if err != nil {
		t.Fatal(err)
	}
	var months []string
	err = db.View(context.Background(), func(tx *store.Tx) error {
		ps, err := tx.Programs(context.Background(), 1)
		for _, p := range ps {
			months = append(months, fmt.Sprintf("%d-%02d %s", p.Year, p.Month, p.State))
		}
		return err
	})
	db.Close()
	slices.Sort(months)
	if err != nil || strings.Join(months, ", ") != "2026-12 issued, 2027-01 issued, 2027-02 draft" {
		t.Fatalf("programs: %v %v", months, err)
	}
	if _, err := cli(t, env, "demo"); err != nil {
		t.Fatal(err)
	}
	if again := count(); fmt.Sprint(again) != fmt.Sprint(first) {
		t.Fatalf("second run changed %v → %v", first, again)
	}
}

func ptr(s string) *string { return &s }

func TestClockFlag(t *testing.T) {
	env := map[string]string{"DIEUHANH_DATA": t.TempDir()}
	if _, err := cli(t, env, "demo", "--clock", "01/12/2026"); err == nil || !strings.Contains(errs.Message(err), "--clock") {
		t.Fatalf("bad clock: %v", err)
	}
	cfg := dbConfig{data: ptr(t.TempDir()), dsn: ptr(""), clock: ptr("2027-02-08T10:00:00+07:00")}
	db, err := openDB(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, err := newApp(db, slog.New(slog.NewTextHandler(io.Discard, nil)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// It starts at the instant given and runs forward.
	start := time.Date(2027, 2, 8, 3, 0, 0, 0, time.UTC)
	first := a.Now()
	if first.Before(start) || first.After(start.Add(time.Minute)) || a.Now().Before(first) {
		t.Fatalf("clock at %v, want from %v on", first, start)
	}
}

// TestHelpIsNotAFailure: `dieuhanh demo --help` printed the options and then
// "Lỗi hệ thống, vui lòng thử lại sau. (flag: help requested)" with exit
// status 1. Every command's help lists its options and exits 0.
func TestHelpIsNotAFailure(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--help"}, {"migrate", "-h"}, {"demo", "--help"}, {"jobs", "--help"},
		{"backup", "--help"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, err := cli(t, map[string]string{"DIEUHANH_DATA": t.TempDir()}, args...)
			if !strings.Contains(out, "-data") {
				t.Errorf("the options are not listed:\n%s", out)
			}
			var stderr bytes.Buffer
			if code := exitCode(err, &stderr); code != 0 || stderr.Len() > 0 {
				t.Errorf("exit status %d, stderr %q (err %v)", code, stderr.String(), err)
			}
		})
	}
	// A mistyped option is the operator's mistake, said as such.
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"serve", "--bogus"}, "không có tùy chọn -bogus"},
		{[]string{"ward", "list", "--nope"}, "không có tùy chọn -nope"},
		{[]string{"demo", "--wards", "x"}, `giá trị "x" không hợp lệ cho -wards`},
	} {
		args := c.args
		_, err := cli(t, map[string]string{"DIEUHANH_DATA": t.TempDir()}, args...)
		var stderr bytes.Buffer
		if code := exitCode(err, &stderr); code != 1 || !strings.Contains(stderr.String(), "Tùy chọn không hợp lệ ("+c.says+")") ||
			strings.Contains(stderr.String(), "Lỗi hệ thống") {
			t.Errorf("%v: exit status %d, stderr %q", args, code, stderr.String())
		}
	}
	var stderr bytes.Buffer
	if code := exitCode(errs.E(errs.Invalid, "Thiếu --login."), &stderr); code != 1 || !strings.Contains(stderr.String(), "Thiếu --login.") {
		t.Errorf("a real failure: exit status %d, stderr %q", code, stderr.String())
	}
}
