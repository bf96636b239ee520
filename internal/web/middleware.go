package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
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

// logRequests tags each request with an id (kept in the context for the
// audit log) and writes one structured line when it ends.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 {
			b := make([]byte, 8)
			rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-Id", id)
		ctx := context.WithValue(r.Context(), requestIDKey, id)
		ctx = app.WithRequestID(ctx, id)
		sw := &statusWriter{ResponseWriter: w}
		start := time.Now()
		next.ServeHTTP(sw, r.WithContext(ctx))
		if r.URL.Path == "/healthz" || strings.HasPrefix(r.URL.Path, "/static/") {
			return
		}
		s.log.LogAttrs(ctx, slog.LevelInfo, "request",
			slog.String("id", id), slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Int("bytes", sw.bytes), slog.Duration("took", time.Since(start)))
	})
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

// page wraps a handler that needs a signed-in user (session cookie).
func (s *Server) page(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := s.sessions.GetInt64(r.Context(), "user_id")
		if id == 0 {
			s.toLogin(w, r)
			return
		}
		a, u, err := s.app.Actor(r.Context(), id)
		// A session started before the account last changed (a new password,
		// a reset, a new role) is over: every device signs in again.
		if err == nil {
			if v := s.sessions.GetInt(r.Context(), "user_version"); v != 0 && v != u.Version {
				err = errs.E(errs.Unauthorized, "Tài khoản đã thay đổi, vui lòng đăng nhập lại.")
			}
		}
		if err != nil {
			if errs.Is(err, errs.Unauthorized) {
				s.sessions.Destroy(r.Context())
				s.toLogin(w, r)
				return
			}
			s.fail(w, r, err)
			return
		}
		ctx := context.WithValue(r.Context(), actorKey, a)
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

// api wraps a JSON handler that needs a bearer token (or a session, so the
// pages' own scripts may call the API).
func (s *Server) api(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var a auth.Actor
		var u org.User
		var err error
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			a, u, err = s.app.ActorByToken(r.Context(), strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")))
		} else if id := s.sessions.GetInt64(r.Context(), "user_id"); id != 0 {
			a, u, err = s.app.Actor(r.Context(), id)
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
		ctx := context.WithValue(r.Context(), actorKey, a)
		ctx = context.WithValue(ctx, userKey, u)
		h(w, r.WithContext(ctx))
	})
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
