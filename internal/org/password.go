package org

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// MinPasswordLength is the shortest accepted password.
const MinPasswordLength = 10

// MaxPasswordBytes is the longest accepted password.
const MaxPasswordBytes = 256

// commonList holds the 10,000 most common passwords (passwords/README.md
// says where it comes from and under which licence).
//
//go:embed passwords/common-10k.txt
var commonList string

// commonPasswords is the list as a set, built the first time it is needed.
var commonPasswords = sync.OnceValue(func() map[string]bool {
	set := make(map[string]bool, 10000)
	for _, line := range strings.Split(commonList, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			set[strings.ToLower(line)] = true
		}
	}
	return set
})

// PasswordProblem returns why a new password for the account login is
// refused, or "". Beyond the length, it refuses what a guesser tries first:
// one character or a short group repeated, a run along the alphabet, the
// digits or the keyboard, the login itself, and the 10,000 most common
// passwords (the last two also with a few digits or signs added).
func PasswordProblem(pw, login string) string {
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return "Mật khẩu phải có ít nhất 10 ký tự."
	}
	if len(pw) > MaxPasswordBytes {
		return "Mật khẩu tối đa 256 ký tự."
	}
	lower := strings.ToLower(pw)
	if repeatsShortGroup(lower) {
		return "Mật khẩu không được chỉ là một ký tự hay một nhóm vài ký tự lặp lại (như aaaaaaaaaa, abcabcabca)."
	}
	if isSequence(lower) {
		return "Mật khẩu không được là một dãy ký tự liền nhau (như 1234567890, abcdefghij, qwertyuiop)."
	}
	if basedOnLogin(lower, strings.ToLower(strings.TrimSpace(login))) {
		return "Mật khẩu không được là tên đăng nhập, hay tên đăng nhập thêm vài chữ số, ký hiệu."
	}
	if commonPasswords()[lower] {
		return "Mật khẩu này nằm trong danh sách những mật khẩu hay dùng nhất, rất dễ bị đoán. Vui lòng chọn mật khẩu khác."
	}
	// Few listed passwords reach ten characters; people lengthen them with
	// digits and signs ("michael1987", "dragon2026!"), which guessers try too.
	core := strings.TrimFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	if core != lower && utf8.RuneCountInString(core) >= 4 && commonPasswords()[core] {
		return "Mật khẩu chỉ là một mật khẩu hay dùng thêm vài chữ số, ký hiệu: rất dễ bị đoán. Vui lòng chọn mật khẩu khác."
	}
	return ""
}

// repeatsShortGroup reports whether s is one to three characters repeated
// ("aaaaaaaaaa", "abababab", "123123123").
func repeatsShortGroup(s string) bool {
	r := []rune(s)
	for period := 1; period <= 3 && period < len(r); period++ {
		same := true
		for i := period; i < len(r) && same; i++ {
			same = r[i] == r[i-period]
		}
		if same {
			return true
		}
	}
	return false
}

// isSequence reports whether s runs along what people type as passwords:
// the alphabet, the digits, the keyboard rows and columns — forwards or
// backwards, wrapping around.
func isSequence(s string) bool {
	for _, seq := range []string{
		"abcdefghijklmnopqrstuvwxyz", "0123456789",
		"qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
	} {
		around := strings.Repeat(seq, len(s)/len(seq)+2)
		back := []rune(around)
		slices.Reverse(back)
		if strings.Contains(around, s) || strings.Contains(string(back), s) {
			return true
		}
	}
	return false
}

// basedOnLogin reports whether pw is the login, the login backwards, or the
// login with only digits and signs added ("chutich2026!").
func basedOnLogin(pw, login string) bool {
	if utf8.RuneCountInString(login) < 2 {
		return false
	}
	back := []rune(login)
	slices.Reverse(back)
	for _, l := range []string{login, string(back)} {
		if !strings.Contains(pw, l) {
			continue
		}
		rest := strings.Replace(pw, l, "", 1)
		if !strings.ContainsFunc(rest, unicode.IsLetter) {
			return true
		}
	}
	return false
}
