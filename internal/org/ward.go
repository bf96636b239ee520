package org

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/vntext"
)

// ProvinceCode is the value of the sign-in form's ward field (and of the
// API's "ward") that names the province's own accounts rather than a
// ward's; no ward may take it as its code.
const ProvinceCode = "province"

// wardCodeRe: the short name of a ward in lower case without diacritics,
// as in logins of the demo ("vanphong.tandinh").
var wardCodeRe = regexp.MustCompile(`^[a-z][a-z0-9]{1,31}$`)

// ValidWardCode reports whether s has the shape of a ward code.
func ValidWardCode(s string) bool { return wardCodeRe.MatchString(s) && s != ProvinceCode }

// WardInput is what the province gives for a new ward.
type WardInput struct {
	Code       string
	Name       string // "Phường Tân Định"
	PlaceName  string // "Tân Định" (in document dates); from the name when empty
	ParentName string // optional parent body in document headers
}

// Normalize cleans the input (NFC, trimmed, code lower case) and fills the
// place name from the ward's name when it is not given.
func (in WardInput) Normalize() WardInput {
	in.Code = strings.ToLower(strings.TrimSpace(in.Code))
	in.Name = vntext.Clean(in.Name)
	in.PlaceName = vntext.Clean(in.PlaceName)
	in.ParentName = vntext.Clean(in.ParentName)
	if in.PlaceName == "" {
		place := in.Name
		for _, p := range []string{"Phường ", "Xã ", "Đặc khu "} {
			place = strings.TrimPrefix(place, p)
		}
		in.PlaceName = strings.TrimSpace(place)
	}
	return in
}

// Validate checks a normalized ward input.
func (in WardInput) Validate() error {
	f := errs.Fields{}
	switch {
	case in.Code == "":
		f.Add("code", "Vui lòng nhập mã phường (ví dụ: tandinh).")
	case in.Code == ProvinceCode:
		f.Add("code", "Mã \""+ProvinceCode+"\" dành cho tài khoản cấp tỉnh, hãy chọn mã khác.")
	case !wardCodeRe.MatchString(in.Code):
		f.Add("code", "Mã phường gồm 2–32 ký tự: chữ thường không dấu và số, bắt đầu bằng chữ.")
	}
	for _, c := range []struct{ field, value, what string }{
		{"name", in.Name, "Tên phường"}, {"place", in.PlaceName, "Địa danh"}, {"parent", in.ParentName, "Cơ quan cấp trên"},
	} {
		switch {
		case c.field == "name" && c.value == "":
			f.Add("name", "Vui lòng nhập tên phường (ví dụ: Phường Tân Định).")
		case utf8.RuneCountInString(c.value) > 200:
			f.Add(c.field, c.what+" tối đa 200 ký tự.")
		case strings.ContainsFunc(c.value, unicode.IsControl):
			f.Add(c.field, c.what+" có ký tự không hợp lệ.")
		}
	}
	return f.Err()
}

// Ward returns the ward the input describes, with default settings.
func (in WardInput) Ward() Ward {
	return Ward{Code: in.Code, Name: in.Name, PlaceName: in.PlaceName, ParentName: in.ParentName, Settings: DefaultSettings()}
}
