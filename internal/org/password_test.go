package org

import (
	"strings"
	"testing"
)

// Each rule refuses what a guesser tries first and lets an ordinary long
// password through.
func TestPasswordProblem(t *testing.T) {
	const (
		short    = "Mật khẩu phải có ít nhất 10 ký tự."
		long     = "Mật khẩu tối đa 256 ký tự."
		repeated = "Mật khẩu không được chỉ là một ký tự hay một nhóm vài ký tự lặp lại (như aaaaaaaaaa, abcabcabca)."
		sequence = "Mật khẩu không được là một dãy ký tự liền nhau (như 1234567890, abcdefghij, qwertyuiop)."
		ownLogin = "Mật khẩu không được là tên đăng nhập, hay tên đăng nhập thêm vài chữ số, ký hiệu."
		common   = "Mật khẩu này nằm trong danh sách những mật khẩu hay dùng nhất, rất dễ bị đoán. Vui lòng chọn mật khẩu khác."
		padded   = "Mật khẩu chỉ là một mật khẩu hay dùng thêm vài chữ số, ký hiệu: rất dễ bị đoán. Vui lòng chọn mật khẩu khác."
	)
	tests := []struct {
		pw, login, want string
	}{
		{"dieuhanh-demo", "vanphong", ""}, // the demo password
		{"mot-mat-khau-dai", "admin", ""},
		{"mậtkhẩuđủ!", "admin", ""},
		{"Phuong Hoa Binh 2026", "chutich", ""},
		{"chutich-va-ban-be", "chutich", ""}, // the login with words added
		{"ngắn", "", short},
		{strings.Repeat("x1", 129), "", long}, // length is checked first: 258 bytes
		{strings.Repeat("é", 129), "", long},
		{"aaaaaaaaaa", "", repeated},
		{"ĐĐĐĐĐĐĐĐĐĐĐĐ", "", repeated},
		{"abababababab", "", repeated},
		{"123123123123", "", repeated},
		{"1234567890", "", sequence},
		{"0987654321", "", sequence},
		{"34567890123", "", sequence},
		{"abcdefghijk", "", sequence},
		{"ZYXWVUTSRQ", "", sequence},
		{"qwertyuiopa", "", sequence},
		{"1qaz2wsx3edc", "", sequence},
		{"truongphong.kt", "truongphong.kt", ownLogin},
		{"TRUONGPHONG.KT", "truongphong.kt", ownLogin},
		{"chutich2026!", "chutich", ownLogin},
		{"@@chutich@@", "chutich", ownLogin},
		{"hcituhc2026", "chutich", ownLogin}, // backwards
		{"1q2w3e4r5t", "", common},
		{"basketball", "", common},
		{"BASKETBALL", "", common},
		{"charlie123", "", common},
		{"Liverpool1", "", padded},
		{"michael1987", "", padded},
		{"!!dragon2026", "", padded},
		{"sunshine-hoa-binh", "", ""}, // a listed word among others
		{"mat-khau-moi-2026", "", ""},
	}
	for _, tt := range tests {
		if got := PasswordProblem(tt.pw, tt.login); got != tt.want {
			t.Errorf("PasswordProblem(%q, %q) = %q, want %q", tt.pw, tt.login, got, tt.want)
		}
	}
}

// The embedded list is the whole list: 10,000 distinct passwords.
func TestCommonPasswordList(t *testing.T) {
	set := commonPasswords()
	if len(set) < 9900 {
		t.Fatalf("%d common passwords, want about 10,000", len(set))
	}
	for _, pw := range []string{"password", "123456", "qwerty", "iloveyou", "trustno1"} {
		if !set[pw] {
			t.Errorf("%q missing from the list", pw)
		}
	}
}
