package main

import (
	"regexp"
	"strings"
	"testing"
)

// The province's operator adds wards with their first admin, lists them,
// disables and enables one; a code in use changes nothing; accounts are
// then named by ward where a login is in several.
func TestCLIWards(t *testing.T) {
	env := map[string]string{"DIEUHANH_DATA": t.TempDir(), "DIEUHANH_PASSWORD": "mot-mat-khau-dai"}
	if out, err := cli(t, env, "user", "add", "--ward", "Phường Bến Thành", "--login", "admin", "--role", "admin"); err != nil {
		t.Fatalf("first ward: %q %v", out, err)
	}
	out, err := cli(t, env, "ward", "add", "--code", "TanDinh", "--name", "Phường Tân Định", "--admin-login", "admin")
	if err != nil || !strings.Contains(out, "Đã tạo Phường Tân Định (mã tandinh) với tài khoản quản trị admin.") {
		t.Fatalf("ward add: %q %v", out, err)
	}
	// Bad input: a clear message, nothing created.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"ward", "add", "--code", "tandinh", "--name", "Phường Khác", "--admin-login", "quantri"}, "Mã phường tandinh đã có phường dùng."},
		{[]string{"ward", "add", "--code", "tân định", "--name", "Phường Khác", "--admin-login", "quantri"}, "Mã phường gồm 2–32 ký tự"},
		{[]string{"ward", "add", "--code", "khac", "--name", "Phường Khác"}, "cần: ward add --code MÃ"},
		{[]string{"ward", "add", "--code", "khac", "--name", "Phường Khác", "--admin-login", "Quản Trị"}, "Tên đăng nhập gồm 2–32 ký tự"},
		{[]string{"ward", "disable", "--code", "khongco"}, "Không có phường mã"},
		{[]string{"ward", "enable", "--code", "tandinh"}, "Phường Tân Định đang hoạt động."},
		{[]string{"ward", "nope"}, "không có lệnh ward nope"},
		{[]string{"user", "passwd", "--login", "admin"}, "tên đăng nhập admin có ở nhiều phường: thêm --ward MÃ"},
		{[]string{"user", "add", "--login", "vanphong", "--role", "admin"}, "có nhiều phường: thêm --ward MÃ"},
	} {
		if out, err := cli(t, env, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %q %v, want %q", c.args, out, err, c.want)
		}
	}
	out, err = cli(t, env, "ward", "list")
	if err != nil || !regexp.MustCompile(`(?m)^tandinh\s+Phường Tân Định\s+đang hoạt động\s+1\s+01/12/2026 10:00$`).MatchString(out) ||
		!regexp.MustCompile(`(?m)^ward\s+Phường Bến Thành\s+đang hoạt động\s+1\s`).MatchString(out) || strings.Count(out, "\n") != 3 {
		t.Fatalf("ward list: %q %v", out, err)
	}
	if out, err := cli(t, env, "user", "add", "--ward", "tandinh", "--login", "quantri2", "--role", "admin"); err != nil {
		t.Fatalf("user add --ward: %q %v", out, err)
	}
	if out, err := cli(t, env, "token", "create", "--login", "admin", "--ward", "tandinh"); err != nil || !strings.HasPrefix(out, "dh_") {
		t.Fatalf("token for Tân Định's admin: %q %v", out, err)
	}
	if out, err := cli(t, env, "ward", "disable", "--code", "tandinh"); err != nil || !strings.Contains(out, "Đã ngừng hoạt động Phường Tân Định") {
		t.Fatalf("ward disable: %q %v", out, err)
	}
	out, _ = cli(t, env, "ward", "list")
	if !regexp.MustCompile(`(?m)^tandinh\s+Phường Tân Định\s+ngừng hoạt động từ 01/12/2026 10:00\s+2\s`).MatchString(out) {
		t.Fatalf("list after disabling: %q", out)
	}
	if _, err := cli(t, env, "ward", "disable", "--code", "tandinh"); err == nil || !strings.Contains(err.Error(), "đã ngừng hoạt động từ trước") {
		t.Fatalf("disable twice: %v", err)
	}
	if out, err := cli(t, env, "ward", "enable", "--code", "tandinh"); err != nil || !strings.Contains(out, "Đã mở lại hoạt động Phường Tân Định") {
		t.Fatalf("ward enable: %q %v", out, err)
	}
	// A province account belongs to no ward.
	if out, err := cli(t, env, "user", "add", "--login", "tinh", "--role", "province_admin"); err != nil || !strings.Contains(out, "Đã tạo tài khoản cấp tỉnh tinh") {
		t.Fatalf("province account: %q %v", out, err)
	}
	if _, err := cli(t, env, "user", "add", "--ward", "tandinh", "--login", "tinh2", "--role", "province_viewer"); err == nil {
		t.Fatal("province account in a ward accepted")
	}
	// The operator resets, locks and unlocks it as a ward's account.
	env["DIEUHANH_PASSWORD"] = "mat-khau-tinh-moi-2026"
	for _, c := range []struct{ sub, want string }{{"passwd", "Đã đổi mật khẩu của tinh"}, {"disable", "Đã khóa tài khoản tinh"}} {
		if out, err := cli(t, env, "user", c.sub, "--login", "tinh", "--ward", "province"); err != nil || !strings.Contains(out, c.want) {
			t.Fatalf("user %s of a province account: %q %v", c.sub, out, err)
		}
	}
	if out, err := cli(t, env, "token", "create", "--login", "tinh"); err == nil {
		t.Fatalf("token for a locked province account: %q", out)
	}
	if out, err := cli(t, env, "user", "enable", "--login", "tinh"); err != nil || !strings.Contains(out, "Đã mở khóa tài khoản tinh") {
		t.Fatalf("user enable of a province account: %q %v", out, err)
	}
	if out, err := cli(t, env, "token", "create", "--login", "tinh", "--ward", "province"); err != nil || !strings.HasPrefix(out, "dh_") {
		t.Fatalf("token for a province account: %q %v", out, err)
	}
}

// `dieuhanh demo --wards 3` adds two wards beside Hòa Bình with suffixed
// logins; the second run adds nothing.
func TestDemoSeveralWards(t *testing.T) {
	env := map[string]string{"DIEUHANH_DATA": t.TempDir()}
	out, err := cli(t, env, "demo", "--wards", "3")
	if err != nil || !strings.Contains(out, "Đã thêm 2 phường") || !strings.Contains(out, "vanphong.tandinh") {
		t.Fatalf("demo --wards 3: %q %v", out, err)
	}
	out, err = cli(t, env, "ward", "list")
	for _, w := range []string{`hoabinh\s+Phường Hòa Bình\s+đang hoạt động\s+10\s`, `tandinh\s+Phường Tân Định\s+đang hoạt động\s+10\s`, `benthanh\s+Phường Bến Thành\s+đang hoạt động\s+10\s`} {
		if !regexp.MustCompile(`(?m)^` + w).MatchString(out) {
			t.Errorf("ward list lacks %s: %q %v", w, out, err)
		}
	}
	if out, err := cli(t, env, "token", "create", "--login", "vanphong.benthanh"); err != nil || !strings.HasPrefix(out, "dh_") {
		t.Errorf("token for vanphong.benthanh: %q %v", out, err)
	}
	if out, err := cli(t, env, "demo", "--wards", "3"); err != nil || strings.Contains(out, "Đã thêm") {
		t.Errorf("second run: %q %v", out, err)
	}
	if _, err := cli(t, env, "demo", "--wards", "0"); err == nil {
		t.Error("--wards 0 accepted")
	}
}
