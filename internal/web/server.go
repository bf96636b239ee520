// Package web serves dieuhanh over HTTP: server-rendered pages (html/template
// + htmx) and the JSON API under /api/v1. routes.go is the map of the app.
package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"path"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"dieuhanh/internal/app"
)

//go:embed templates static
var embedded embed.FS

// Server holds what handlers share. It has no global state: tests build as
// many as they like.
type Server struct {
	app      *app.App
	log      *slog.Logger
	sessions *scs.SessionManager
	pages    map[string]*template.Template
	assets   map[string]string // file → content hash, for cache-busting URLs
	static   fs.FS
	cop      *http.CrossOriginProtection
	handler  http.Handler
	uploads  chan struct{} // slots for large request bodies (checkInput)
	// trustedProxies are reverse proxies whose X-Forwarded-For is believed.
	trustedProxies map[netip.Addr]bool
	// wrongWard and unscoped: tests only (export_test.go), the separation
	// test's switches. With wrongWard nonzero, every signed-in ward user is
	// taken for a user of that ward by the handlers, while the request stays
	// bound to the user's own ward: the test proves with it that the store's
	// scoping alone keeps the other ward's rows out. With unscoped as well,
	// the store's scoping is off too and only the database's binding is
	// left: row-level security alone must keep them out.
	wrongWard int64
	unscoped  bool
}

// Options tune the server.
type Options struct {
	SecureCookies bool // set when served over HTTPS
	// TrustedProxies are the addresses of reverse proxies in front of the
	// server: for requests from them, login throttling counts the client
	// address they put last in X-Forwarded-For. Empty: the peer's address.
	TrustedProxies []string
}

// New builds the server and its route table.
func New(a *app.App, log *slog.Logger, opt Options) (*Server, error) {
	s := &Server{app: a, log: log, cop: http.NewCrossOriginProtection(), uploads: make(chan struct{}, uploadSlots)}
	static, err := fs.Sub(embedded, "static")
	if err != nil {
		return nil, err
	}
	s.static = static
	if err := s.hashAssets(); err != nil {
		return nil, err
	}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	s.trustedProxies = map[netip.Addr]bool{}
	for _, p := range opt.TrustedProxies {
		addr, err := netip.ParseAddr(strings.TrimSpace(p))
		if err != nil {
			return nil, fmt.Errorf("web: trusted proxy %q is not an IP address", p)
		}
		s.trustedProxies[addr.Unmap()] = true
	}
	s.sessions = scs.New()
	// Our store keeps only a hash of each session token.
	s.sessions.Store = a.DB.Sessions()
	s.sessions.Lifetime = 24 * time.Hour
	s.sessions.IdleTimeout = 8 * time.Hour
	s.sessions.Codec = sortedCodec{}
	s.sessions.Cookie.Name = "dieuhanh_session"
	s.sessions.Cookie.HttpOnly = true
	s.sessions.Cookie.SameSite = http.SameSiteLaxMode
	s.sessions.Cookie.Secure = opt.SecureCookies
	if err := a.SealTokens(context.Background()); err != nil {
		return nil, err
	}
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Server) hashAssets() error {
	s.assets = map[string]string{}
	return fs.WalkDir(s.static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(s.static, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		s.assets[p] = hex.EncodeToString(sum[:6])
		return nil
	})
}

// asset returns the cache-busting URL of a static file.
func (s *Server) asset(name string) string {
	return "/static/" + name + "?v=" + s.assets[name]
}

// parseTemplates parses each page with the layout and partials once, at
// start-up, so a template error stops the server instead of a user's page.
func (s *Server) parseTemplates() error {
	s.pages = map[string]*template.Template{}
	pages, err := fs.Glob(embedded, "templates/pages/*.html")
	if err != nil {
		return err
	}
	for _, p := range pages {
		t, err := template.New(path.Base(p)).Funcs(s.funcs()).ParseFS(embedded, "templates/layout.html", "templates/partials/*.html", p)
		if err != nil {
			return fmt.Errorf("web: template %s: %w", p, err)
		}
		s.pages[strings.TrimSuffix(path.Base(p), ".html")] = t
	}
	return nil
}

// renderPage executes a page into a buffer first, so a template error is a
// clean 500 and never half a page.
func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, status int, name string, v *View) {
	t, ok := s.pages[name]
	if !ok {
		s.serverError(w, r, fmt.Errorf("web: no page %q", name))
		return
	}
	v.fill(s, r)
	// One pattern for refused forms: the page is rendered again with the
	// messages by the POST's answer, under the address of the page the
	// form was on (its Referer on this site).
	if v.URL == "" && r.Method == http.MethodPost && status >= 400 && !v.Bare && name != "error" {
		if back := backLink(r); back != "/" {
			v.URL = back
		}
	}
	var buf bytes.Buffer
	entry := "layout"
	if v.Bare {
		entry = "bare"
	}
	if err := t.ExecuteTemplate(&buf, entry, v); err != nil {
		s.serverError(w, r, err)
		return
	}
	writeHTML(w, status, buf.Bytes())
}

func writeHTML(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body)
}
