// Package smtptest runs an SMTP server in the test process
// (github.com/emersion/go-smtp), so tests exchange real SMTP with the
// sender: it keeps what it received, can refuse recipients with a given
// answer, and can be stopped and started again on the same port (a server
// going down and coming back). Only tests import it.
package smtptest

import (
	"bytes"
	"errors"
	"io"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"dieuhanh/internal/notify"
)

// Received is one message as the server got it.
type Received struct {
	From string
	To   []string
	Data []byte
}

// Server is an in-process SMTP server on 127.0.0.1.
type Server struct {
	Addr string
	Port int

	mu       sync.Mutex
	received []Received
	// Refuse, when set, answers RCPT TO for an address: nil accepts.
	Refuse func(rcpt string) error
	// Users, when set, are the accounts AUTH PLAIN accepts (login →
	// password); the server offers AUTH either way.
	Users  map[string]string
	authed []string
	srv    *smtp.Server
	done   chan struct{}
}

// Start starts a server on a free port; it stops with the test.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{}
	if err := s.listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}

// FreeAddr reserves nothing but returns an address where no server listens
// (yet): a server that is down.
func FreeAddr(t testing.TB) (string, int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	ln.Close()
	return addr.String(), addr.Port
}

// StartAt starts a server on addr (the server that was down comes back).
func StartAt(t testing.TB, addr string) *Server {
	t.Helper()
	s := &Server{}
	var err error
	for range 50 { // the port was just released: retry briefly
		if err = s.listen(addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}

func (s *Server) listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.Addr = ln.Addr().String()
	s.Port = ln.Addr().(*net.TCPAddr).Port
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	s.srv.MaxMessageBytes = 10 << 20
	s.done = make(chan struct{})
	go func() { s.srv.Serve(ln); close(s.done) }()
	return nil
}

// Stop closes the server (idempotent).
func (s *Server) Stop() {
	if s.srv == nil {
		return
	}
	s.srv.Close()
	<-s.done
	s.srv = nil
}

// Settings are mail settings pointing at the server, plain SMTP.
func (s *Server) Settings() notify.MailSettings {
	return Settings(s.Port)
}

// Settings are mail settings for a server on 127.0.0.1:port.
func Settings(port int) notify.MailSettings {
	return notify.MailSettings{Host: "127.0.0.1", Port: port, TLS: notify.TLSNone,
		Sender: "Văn phòng UBND phường Hòa Bình <vanphong@hoabinh.gov.vn>", BaseURL: "https://dieuhanh.hoabinh.gov.vn"}
}

// Received returns a copy of what arrived so far.
func (s *Server) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// Count is how many messages arrived.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.received)
}

// Refusal is an SMTP refusal with the given code and text, e.g.
// Refusal(550, "5.1.1 Mailbox unavailable").
func Refusal(code int, msg string) error {
	return &smtp.SMTPError{Code: code, EnhancedCode: smtp.NoEnhancedCode, Message: msg}
}

type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (x *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		x.s.mu.Lock()
		defer x.s.mu.Unlock()
		if want, ok := x.s.Users[user]; !ok || want != pass {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Sai tên đăng nhập hoặc mật khẩu"}
		}
		x.s.authed = append(x.s.authed, user)
		return nil
	}), nil
}

// Authenticated lists the logins that signed in, in order.
func (s *Server) Authenticated() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.authed...)
}

// SetUsers sets the accounts AUTH PLAIN accepts.
func (s *Server) SetUsers(users map[string]string) {
	s.mu.Lock()
	s.Users = users
	s.mu.Unlock()
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.s.mu.Lock()
	refuse := x.s.Refuse
	x.s.mu.Unlock()
	if refuse != nil {
		if err := refuse(to); err != nil {
			return err
		}
	}
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if len(x.to) == 0 {
		return errors.New("no recipient")
	}
	x.s.mu.Lock()
	x.s.received = append(x.s.received, Received{From: x.from, To: x.to, Data: bytes.Clone(b)})
	x.s.mu.Unlock()
	return nil
}

// SetRefuse sets Refuse safely while the server runs.
func (s *Server) SetRefuse(f func(rcpt string) error) {
	s.mu.Lock()
	s.Refuse = f
	s.mu.Unlock()
}

// Host is the server's host:port split, for display.
func (s *Server) Host() string { return "127.0.0.1:" + strconv.Itoa(s.Port) }
