package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"html/template"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one email as the outbox keeps it: the body in plain text,
// the HTML version when one was made (the digest's tables), and the path
// of the object it is about, made absolute with the settings' base URL.
type Message struct {
	ID      int64
	To      string
	Subject string
	Text    string
	HTML    string // "" → made from Text and Link
	Link    string // "/items/12"
	// Attachment, when Name is set, is sent as a file (an issued
	// document's PDF to an external recipient).
	Attachment Attachment
}

// Attachment is a file sent with a message.
type Attachment struct {
	Name string
	Data []byte
}

// Compose builds the MIME message: UTF-8, quoted-printable, the subject
// encoded per RFC 2047 by go-mail, plain text plus HTML as alternatives,
// each with the link to the object.
func Compose(s MailSettings, m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	if err := msg.From(s.Sender); err != nil {
		return nil, fmt.Errorf("notify: sender %q: %w", s.Sender, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("notify: recipient %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetMessageID()
	msg.SetDate()
	link := s.Link(m.Link)
	text := strings.TrimRight(m.Text, "\n")
	if m.HTML == "" || !strings.Contains(text, link) {
		text += "\n\nXem chi tiết: " + link
	}
	text += "\n\n--\n" + footer(s)
	msg.SetBodyString(gomail.TypeTextPlain, text+"\n")
	html := m.HTML
	if html == "" {
		var err error
		if html, err = simpleHTML(m.Subject, m.Text, link, s); err != nil {
			return nil, err
		}
	}
	msg.AddAlternativeString(gomail.TypeTextHTML, html)
	if m.Attachment.Name != "" {
		if err := msg.AttachReader(m.Attachment.Name, bytes.NewReader(m.Attachment.Data)); err != nil {
			return nil, fmt.Errorf("notify: attachment %q: %w", m.Attachment.Name, err)
		}
	}
	return msg, nil
}

func footer(s MailSettings) string {
	return "Thư tự động của hệ thống điều hành UBND phường. Chọn cách nhận thông báo: " + s.Link("/my/preferences")
}

var simpleTmpl = template.Must(template.New("mail").Parse(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a">
<p style="font-size:17px"><strong>{{.Subject}}</strong></p>
{{range .Paragraphs}}<p>{{.}}</p>
{{end}}<p><a href="{{.Link}}" style="color:#0b57d0">Xem chi tiết trên hệ thống</a></p>
<hr style="border:none;border-top:1px solid #ddd">
<p style="font-size:12px;color:#666">Thư tự động của hệ thống điều hành UBND phường. <a href="{{.Prefs}}" style="color:#666">Chọn cách nhận thông báo</a></p>
</body></html>
`))

func simpleHTML(subject, text, link string, s MailSettings) (string, error) {
	var paras []string
	for _, p := range strings.Split(strings.TrimSpace(text), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, p)
		}
	}
	var b bytes.Buffer
	err := simpleTmpl.Execute(&b, map[string]any{"Subject": subject, "Paragraphs": paras, "Link": link, "Prefs": s.Link("/my/preferences")})
	return b.String(), err
}

// Result is what became of one message.
type Result struct {
	Delivered bool
	// Temporary: worth trying again (the server was down, busy, or said
	// 4xx); otherwise the server refused it for good (5xx).
	Temporary bool
	// Answer is the server's reply: "250 2.0.0 Ok: queued" or the refusal.
	Answer string
}

// Mailer sends messages over SMTP with go-mail.
type Mailer struct {
	Timeout time.Duration // per connection; 0 → 30 s
	// TLSConfig replaces the system's (tests trust their own certificate).
	TLSConfig *tls.Config
}

func (m Mailer) client(s MailSettings) (*gomail.Client, error) {
	timeout := m.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	opts := []gomail.Option{gomail.WithPort(s.Port), gomail.WithTimeout(timeout), gomail.WithHELO("dieuhanh")}
	switch s.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.Username != "" {
		auth := gomail.SMTPAuthAutoDiscover
		if s.TLS == TLSNone {
			// The admin chose an unencrypted relay: the password goes as it is.
			auth = gomail.SMTPAuthPlainNoEnc
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(s.Username), gomail.WithPassword(s.Password))
	}
	c, err := gomail.NewClient(s.Host, opts...)
	if err != nil {
		return nil, err
	}
	if m.TLSConfig != nil {
		cfg := m.TLSConfig.Clone()
		if cfg.ServerName == "" {
			cfg.ServerName = s.Host
		}
		if err := c.SetTLSConfig(cfg); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Send delivers msgs over one connection and says what became of each.
// When the server cannot be reached (or refuses the session) every message
// is a temporary failure with that answer.
func (m Mailer) Send(ctx context.Context, s MailSettings, msgs []Message) []Result {
	out := make([]Result, len(msgs))
	composed := make([]*gomail.Msg, 0, len(msgs))
	index := make([]int, 0, len(msgs))
	for i, msg := range msgs {
		c, err := Compose(s, msg)
		if err != nil {
			out[i] = Result{Answer: err.Error()} // a bad address never gets better
			continue
		}
		composed = append(composed, c)
		index = append(index, i)
	}
	if len(composed) == 0 {
		return out
	}
	c, err := m.client(s)
	if err != nil {
		for _, i := range index {
			out[i] = Result{Answer: err.Error()}
		}
		return out
	}
	sendErr := c.DialAndSendWithContext(ctx, composed...)
	for k, msg := range composed {
		i := index[k]
		switch {
		case msg.IsDelivered():
			out[i] = Result{Delivered: true, Answer: accepted(msg.ServerResponse())}
		case msg.HasSendError():
			out[i] = Result{Temporary: msg.SendErrorIsTemp(), Answer: Answer(msg.SendError())}
		default:
			// Never attempted: the connection failed before it.
			out[i] = Result{Temporary: true, Answer: Answer(sendErr)}
		}
	}
	return out
}

// Test sends one message to to and returns the server's answer; an error
// carries the server's refusal (or why it could not be reached).
func (m Mailer) Test(ctx context.Context, s MailSettings, to string) (string, error) {
	r := m.Send(ctx, s, []Message{{To: to, Subject: "Thư thử từ hệ thống điều hành UBND phường",
		Text: "Đây là thư thử. Nếu bạn nhận được thư này, hệ thống đã gửi thư được qua máy chủ " + s.Host + ".", Link: "/"}})[0]
	if !r.Delivered {
		return "", errors.New(r.Answer)
	}
	return r.Answer, nil
}

// accepted is the server's reply to a message it took: go-mail keeps the
// text after the code.
func accepted(resp string) string {
	if len(resp) >= 3 && resp[0] == '2' && resp[1] >= '0' && resp[1] <= '9' && resp[2] >= '0' && resp[2] <= '9' {
		return resp
	}
	return "250 " + resp
}

// Answer is the SMTP server's reply inside err ("550 5.1.1 …"), or err's
// text when the server said nothing (it could not be reached).
func Answer(err error) string {
	if err == nil {
		return ""
	}
	var tp *textproto.Error
	if errors.As(err, &tp) {
		return fmt.Sprintf("%d %s", tp.Code, tp.Msg)
	}
	s := err.Error()
	var se *gomail.SendError
	if errors.As(err, &se) && se.ErrorCode() != 0 {
		// go-mail writes "sending SMTP RCPT TO command: 550 \"5.1.1 …\",
		// affected recipient(s): …": keep the code and the server's text.
		code := strconv.Itoa(se.ErrorCode())
		if i := strings.Index(s, code+" "); i >= 0 {
			s = s[i+len(code)+1:]
			if j := strings.Index(s, ", affected "); j >= 0 {
				s = s[:j]
			}
			return code + " " + strings.Trim(strings.TrimSpace(s), `"`)
		}
	}
	return s
}
