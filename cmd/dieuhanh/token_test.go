package main

import (
	"regexp"
	"strings"
	"testing"
)

// The operator lists a person's API tokens and revokes one, or all.
func TestCLITokenListRevoke(t *testing.T) {
	env := map[string]string{"DIEUHANH_DATA": t.TempDir()}
	if out, err := cli(t, env, "user", "add", "--ward", "Phường Bến Thành", "--login", "admin", "--role", "admin", "--password", "mot-mat-khau-dai"); err != nil {
		t.Fatalf("user add: %q %v", out, err)
	}
	if out, err := cli(t, env, "token", "list", "--login", "admin"); err != nil || !strings.Contains(out, "chưa có mã truy cập nào") {
		t.Fatalf("empty list: %q %v", out, err)
	}
	for _, name := range []string{"may-chu-bao-cao", "dien-thoai"} {
		out, err := cli(t, env, "token", "create", "--login", "admin", "--name", name)
		if err != nil || !strings.HasPrefix(out, "dh_") || !regexp.MustCompile(`Hết hạn: \d\d/\d\d/\d{4} \d\d:\d\d`).MatchString(out) {
			t.Fatalf("create: %q %v", out, err)
		}
	}
	out, err := cli(t, env, "token", "list", "--login", "admin")
	if err != nil || !regexp.MustCompile(`(?m)^2\s+dien-thoai\s+\d\d/\d\d/\d{4} \d\d:\d\d\s+\d\d/\d\d/\d{4} \d\d:\d\d\s+còn hiệu lực$`).MatchString(out) ||
		!regexp.MustCompile(`(?m)^1\s+may-chu-bao-cao\s.*còn hiệu lực$`).MatchString(out) || strings.Contains(out, "dh_") {
		t.Fatalf("list: %q %v", out, err)
	}
	if out, err := cli(t, env, "token", "revoke", "--id", "1"); err != nil || !strings.Contains(out, "Đã thu hồi mã truy cập số 1") {
		t.Fatalf("revoke one: %q %v", out, err)
	}
	if _, err := cli(t, env, "token", "revoke", "--id", "1"); err == nil || !strings.Contains(err.Error(), "Không có mã truy cập số 1 đang hiệu lực") {
		t.Fatalf("revoke it again: %v", err)
	}
	out, _ = cli(t, env, "token", "list", "--login", "admin")
	if !regexp.MustCompile(`(?m)^1\s+may-chu-bao-cao\s.*đã thu hồi \d\d/\d\d/\d{4}`).MatchString(out) || !strings.Contains(out, "còn hiệu lực") {
		t.Fatalf("after revoking one: %q", out)
	}
	if out, err := cli(t, env, "token", "revoke", "--login", "admin"); err != nil || !strings.Contains(out, "Đã thu hồi mọi mã truy cập của admin") {
		t.Fatalf("revoke all: %q %v", out, err)
	}
	if out, _ = cli(t, env, "token", "list", "--login", "admin"); strings.Contains(out, "còn hiệu lực") {
		t.Fatalf("after revoking all: %q", out)
	}
	// Bad use is refused with a word on what is needed.
	for _, args := range [][]string{
		{"token", "revoke"}, {"token", "revoke", "--id", "2", "--login", "admin"}, {"token", "list"}, {"token", "nope"}, {"token"},
		{"token", "list", "--login", "khongco"},
	} {
		if out, err := cli(t, env, args...); err == nil {
			t.Errorf("%v accepted: %q", args, out)
		}
	}
}
