package notify

import (
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"dieuhanh/internal/errs"
)

// TLSMode is how the connection to the SMTP server is protected.
type TLSMode string

const (
	TLSNone     TLSMode = "none"     // plain SMTP (a relay on the local network)
	TLSStartTLS TLSMode = "starttls" // plain, then upgraded by STARTTLS (port 587), required
	TLSImplicit TLSMode = "tls"      // TLS from the first byte (port 465)
)

// Valid reports whether m is one of the three modes.
func (m TLSMode) Valid() bool { return m == TLSNone || m == TLSStartTLS || m == TLSImplicit }

// Label names the mode on the settings page.
func (m TLSMode) Label() string {
	switch m {
	case TLSStartTLS:
		return "STARTTLS (thường dùng cổng 587)"
	case TLSImplicit:
		return "TLS ngay từ đầu (thường dùng cổng 465)"
	}
	return "Không mã hóa (máy chủ thư nội bộ)"
}

// TLSModes lists the modes in display order.
func TLSModes() []TLSMode { return []TLSMode{TLSStartTLS, TLSImplicit, TLSNone} }

// MailSettings is how a ward's email leaves: its SMTP server and the
// sender, and the address of the system that links in the messages lead to.
// Email is off until Host is set.
type MailSettings struct {
	Host     string
	Port     int
	Username string
	Password string
	TLS      TLSMode
	Sender   string // "Văn phòng UBND phường <vanphong@hoabinh.gov.vn>" or a bare address
	BaseURL  string // https://dieuhanh.hoabinh.gov.vn
}

// Configured reports whether email is on.
func (s MailSettings) Configured() bool { return s.Host != "" }

// Bounds of the settings' texts.
const (
	maxHostLen     = 253
	maxSecretRunes = 256
	maxURLLen      = 300
)

// Validate checks the settings, naming each wrong field in Vietnamese.
// Empty settings (email off) are valid.
func (s MailSettings) Validate() error {
	if s == (MailSettings{}) {
		return nil
	}
	f := errs.Fields{}
	switch {
	case s.Host == "":
		f.Add("host", "Cần tên máy chủ thư (SMTP), ví dụ smtp.hoabinh.gov.vn.")
	case !validHost(s.Host):
		f.Add("host", "Tên máy chủ thư không hợp lệ: chỉ gồm chữ cái không dấu, chữ số, dấu chấm và gạch ngang.")
	}
	if s.Port < 1 || s.Port > 65535 {
		f.Add("port", "Cổng phải là số từ 1 đến 65535 (thường là 587, 465 hoặc 25).")
	}
	if !s.TLS.Valid() {
		f.Add("tls", "Chọn cách mã hóa kết nối: STARTTLS, TLS hoặc không mã hóa.")
	}
	if utf8.RuneCountInString(s.Username) > maxSecretRunes || hasControl(s.Username) {
		f.Add("username", "Tên đăng nhập máy chủ thư quá dài hoặc có ký tự không hợp lệ.")
	}
	if utf8.RuneCountInString(s.Password) > maxSecretRunes || hasControl(s.Password) {
		f.Add("password", "Mật khẩu máy chủ thư quá dài hoặc có ký tự không hợp lệ.")
	}
	if s.Password != "" && s.Username == "" {
		f.Add("username", "Có mật khẩu thì cần tên đăng nhập máy chủ thư.")
	}
	if s.Sender == "" {
		f.Add("sender", "Cần địa chỉ gửi thư, ví dụ vanphong@hoabinh.gov.vn.")
	} else if _, err := mail.ParseAddress(s.Sender); err != nil || hasControl(s.Sender) {
		f.Add("sender", "Địa chỉ gửi thư không hợp lệ, ví dụ: Văn phòng UBND phường <vanphong@hoabinh.gov.vn>.")
	}
	if msg := baseURLProblem(s.BaseURL); msg != "" {
		f.Add("base_url", msg)
	}
	return f.Err()
}

func baseURLProblem(s string) string {
	if s == "" {
		return "Cần địa chỉ của hệ thống để đặt đường dẫn trong thư, ví dụ https://dieuhanh.hoabinh.gov.vn."
	}
	u, err := url.Parse(s)
	if err != nil || len(s) > maxURLLen || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
		u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "Địa chỉ hệ thống không hợp lệ: cần dạng https://tên-miền (không kèm tham số)."
	}
	return ""
}

func validHost(h string) bool {
	if len(h) > maxHostLen {
		return false
	}
	for _, c := range h {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == ':' || c == '[' || c == ']') {
			return false
		}
	}
	return !strings.HasPrefix(h, "-") && !strings.HasPrefix(h, ".")
}

func hasControl(s string) bool {
	return strings.ContainsFunc(s, unicode.IsControl)
}

// Link is the absolute address of a path of the system ("/items/12").
func (s MailSettings) Link(path string) string {
	if path == "" {
		path = "/"
	}
	return strings.TrimRight(s.BaseURL, "/") + path
}

// FromEnv reads settings from the environment, which wins over what the
// admin saved: DIEUHANH_SMTP_HOST (email on when set), DIEUHANH_SMTP_PORT
// (587), DIEUHANH_SMTP_USER, DIEUHANH_SMTP_PASSWORD, DIEUHANH_SMTP_TLS
// (starttls, tls or none; starttls), DIEUHANH_MAIL_FROM and
// DIEUHANH_BASE_URL. ok is false when DIEUHANH_SMTP_HOST is not set.
func FromEnv(getenv func(string) string) (s MailSettings, ok bool, err error) {
	s.Host = strings.TrimSpace(getenv("DIEUHANH_SMTP_HOST"))
	if s.Host == "" {
		return MailSettings{}, false, nil
	}
	s.Port = 587
	if p := getenv("DIEUHANH_SMTP_PORT"); p != "" {
		if s.Port, err = strconv.Atoi(p); err != nil {
			s.Port = -1
		}
	}
	s.Username, s.Password = getenv("DIEUHANH_SMTP_USER"), getenv("DIEUHANH_SMTP_PASSWORD")
	s.TLS = TLSMode(getenv("DIEUHANH_SMTP_TLS"))
	if s.TLS == "" {
		s.TLS = TLSStartTLS
	}
	s.Sender, s.BaseURL = getenv("DIEUHANH_MAIL_FROM"), getenv("DIEUHANH_BASE_URL")
	if err := s.Validate(); err != nil {
		var parts []string
		for field, msg := range errs.FieldsOf(err) {
			parts = append(parts, envName[field]+": "+msg)
		}
		return s, true, errs.E(errs.Invalid, "Cấu hình thư trong biến môi trường không hợp lệ — "+strings.Join(parts, " "))
	}
	return s, true, nil
}

var envName = map[string]string{"host": "DIEUHANH_SMTP_HOST", "port": "DIEUHANH_SMTP_PORT", "tls": "DIEUHANH_SMTP_TLS",
	"username": "DIEUHANH_SMTP_USER", "password": "DIEUHANH_SMTP_PASSWORD", "sender": "DIEUHANH_MAIL_FROM", "base_url": "DIEUHANH_BASE_URL"}

// MaskSecret shows a secret's presence without showing it: the last two
// characters at most, and only for secrets long enough to keep the rest.
func MaskSecret(s string) string {
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		return ""
	case n < 10:
		return "••••••••"
	}
	r := []rune(s)
	return "••••••••" + string(r[n-2:])
}
