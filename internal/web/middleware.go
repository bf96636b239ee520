package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
)

type ctxKey int

const (
	actorKey ctxKey = iota
	userKey
	requestIDKey
)

// statusWriter remembers the status for the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests tags each request with an id of ours (kept in the context for
// the audit log) and the client's address, and writes one structured line
// when it ends. An X-Request-Id sent by the client is only logged beside
// ours, never trusted: it could name another request or carry anything.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 8)
		rand.Read(b)
		id := hex.EncodeToString(b)
		w.Header().Set("X-Request-Id", id)
		ctx := context.WithValue(r.Context(), requestIDKey, id)
		ctx = app.WithRequestID(ctx, id)
		ctx = app.WithClientAddress(ctx, s.clientAddress(r))
		ctx, statements := store.CountStatements(store.WithStampMemo(ctx))
		sw := &statusWriter{ResponseWriter: w}
		start := time.Now()
		next.ServeHTTP(sw, r.WithContext(ctx))
		if r.URL.Path == "/healthz" || strings.HasPrefix(r.URL.Path, "/static/") {
			return
		}
		attrs := []slog.Attr{slog.String("id", id), slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Int("bytes", sw.bytes), slog.Duration("took", time.Since(start)), slog.Int64("statements", statements())}
		if c := clientRequestID(r.Header.Get("X-Request-Id")); c != "" {
			attrs = append(attrs, slog.String("client_request_id", c))
		}
		s.log.LogAttrs(ctx, slog.LevelInfo, "request", attrs...)
	})
}

// clientRequestID keeps at most 64 characters of a client's request id, and
// only letters, digits and . _ : - so it cannot forge log lines.
func clientRequestID(v string) string {
	var b strings.Builder
	for _, c := range v {
		if b.Len() == 64 {
			break
		}
		if c < 128 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("._:-", c)) {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// clientAddress is the address login throttling counts a request under: the
// peer's, or the one a trusted reverse proxy puts last in X-Forwarded-For
// (the only entry it vouches for). IPv6 counts by its /64, the block one
// machine usually holds.
func (s *Server) clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return host[:min(len(host), 64)] // not IP (a test's pipe): one bucket
	}
	addr = addr.Unmap()
	if s.trustedProxies[addr] {
		if list := r.Header.Values("X-Forwarded-For"); len(list) > 0 {
			parts := strings.Split(list[len(list)-1], ",")
			if fwd, err := netip.ParseAddr(strings.TrimSpace(parts[len(parts)-1])); err == nil {
				addr = fwd.Unmap()
			}
		}
	}
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}

// recoverPanics turns a panic into a clean 500 page and a logged stack.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.serverError(w, r, fmt.Errorf("panic: %v\n%s", p, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// crossOrigin refuses cross-site writes (forms posted from other sites).
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.cop.Check(r); err != nil {
			s.fail(w, r, errs.E(errs.Forbidden, "Yêu cầu từ trang web khác bị từ chối."))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets headers every response should carry.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
		next.ServeHTTP(w, r)
	})
}

// isAPI reports whether the request is for the JSON API.
func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// sessionActor is the one session rule of pages and the API: the account
// of the session cookie, refused (Unauthorized) when there is none, when the
// account is gone or locked, or when it changed since sign-in
// (app.SessionActor). A session found over is destroyed.
func (s *Server) sessionActor(r *http.Request) (auth.Actor, org.User, error) {
	id := s.sessions.GetInt64(r.Context(), "user_id")
	if id == 0 {
		return auth.Actor{}, org.User{}, errs.E(errs.Unauthorized, "Cần đăng nhập.")
	}
	a, u, err := s.app.SessionActor(r.Context(), id, s.sessions.GetInt(r.Context(), "user_version"))
	if errs.Is(err, errs.Unauthorized) {
		s.sessions.Destroy(r.Context())
	}
	return a, u, err
}

// page wraps a handler that needs a signed-in user (session cookie).
func (s *Server) page(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, u, err := s.sessionActor(r)
		if err != nil {
			if errs.Is(err, errs.Unauthorized) {
				s.toLogin(w, r)
				return
			}
			s.fail(w, r, err)
			return
		}
		if a.Role.IsProvince() && r.URL.Path == "/" {
			http.Redirect(w, r, "/province", http.StatusSeeOther)
			return
		}
		if err := provinceMayOpen(a, r); err != nil {
			s.fail(w, r, err)
			return
		}
		ctx := bindWard(r.Context(), a)
		ctx, a, u = s.mistakeWard(ctx, a, u)
		ctx = context.WithValue(ctx, actorKey, a)
		ctx = context.WithValue(ctx, userKey, u)
		h(w, r.WithContext(ctx))
	})
}

func (s *Server) toLogin(w http.ResponseWriter, r *http.Request) {
	next := r.URL.RequestURI()
	if r.Method != http.MethodGet {
		next = "/"
	}
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", "/login")
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, "/login?next="+urlQueryEscape(next), http.StatusSeeOther)
}

// bearerToken returns the API token of an Authorization: Bearer header.
func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if !strings.HasPrefix(h, "Bearer ") {
		return "", false
	}
	return strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")), true
}

// api wraps a JSON handler that needs a bearer token (or a session, so the
// pages' own scripts may call the API: then the same rule as for pages).
func (s *Server) api(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var a auth.Actor
		var u org.User
		var err error
		if token, ok := bearerToken(r); ok {
			a, u, err = s.app.ActorByToken(r.Context(), token)
		} else if s.sessions.GetInt64(r.Context(), "user_id") != 0 {
			a, u, err = s.sessionActor(r)
		} else {
			err = errs.E(errs.Unauthorized, "Cần đăng nhập: gửi kèm mã truy cập (Authorization: Bearer …).")
		}
		if err != nil {
			if errs.Is(err, errs.NotFound) {
				err = errs.E(errs.Unauthorized, "Mã truy cập không hợp lệ.")
			}
			s.fail(w, r, err)
			return
		}
		if err := provinceMayOpen(a, r); err != nil {
			s.fail(w, r, err)
			return
		}
		ctx := bindWard(r.Context(), a)
		ctx, a, u = s.mistakeWard(ctx, a, u)
		ctx = context.WithValue(ctx, actorKey, a)
		ctx = context.WithValue(ctx, userKey, u)
		h(w, r.WithContext(ctx))
	})
}

// bindWard binds the rest of a ward user's request to the ward, in the
// one place every page and API call passes (store.ForWard): on PostgreSQL
// the database itself then shows the request no other ward's rows. The
// province's accounts belong to no ward and read across wards.
func bindWard(ctx context.Context, a auth.Actor) context.Context {
	if a.WardID == 0 {
		return ctx
	}
	return store.ForWard(ctx, a.WardID)
}

// mistakeWard is the separation test's switch (Server.wrongWard).
func (s *Server) mistakeWard(ctx context.Context, a auth.Actor, u org.User) (context.Context, auth.Actor, org.User) {
	if s.wrongWard == 0 || a.WardID == 0 {
		return ctx, a, u
	}
	a.WardID, u.WardID = s.wrongWard, s.wrongWard
	if s.unscoped {
		ctx = store.BypassStoreScoping(ctx)
	}
	return ctx, a, u
}

// provinceMayOpen keeps province accounts out of every ward page and API:
// they belong to no ward and act on the list of wards only (the policy
// refuses them everything else too; this answers before a handler looks
// up ward 0). Their own account, sign-out and the province's pages stay open.
func provinceMayOpen(a auth.Actor, r *http.Request) error {
	if !a.Role.IsProvince() {
		return nil
	}
	p := r.URL.Path
	switch {
	case p == "/province", strings.HasPrefix(p, "/province/"), strings.HasPrefix(p, "/api/v1/province/"),
		p == "/logout", p == "/account/password", p == "/api/v1/me", p == "/api/v1/tokens/current":
		return nil
	}
	return errs.E(errs.Forbidden, auth.Refusal(a, ""))
}

// actor returns the signed-in actor of a request wrapped by page or api.
func actor(r *http.Request) auth.Actor {
	a, _ := r.Context().Value(actorKey).(auth.Actor)
	return a
}

// currentUser returns the signed-in user.
func currentUser(r *http.Request) org.User {
	u, _ := r.Context().Value(userKey).(org.User)
	return u
}

func reqID(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey).(string)
	return id
}
