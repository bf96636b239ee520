package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"dieuhanh/internal/app"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.app.DB.Ping(r.Context()); err != nil {
		s.log.Error("healthz", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "database": s.app.DB.Dialect().String()})
}

// staticFiles serves embedded assets; a URL carrying the current content
// hash may be cached for a year.
func (s *Server) staticFiles() http.Handler {
	files := http.StripPrefix("/static/", http.FileServerFS(s.static))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		if v := r.URL.Query().Get("v"); v != "" && v == s.assets[name] {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		files.ServeHTTP(w, r)
	})
}

// localPath returns p when it is a path on this site, else "". Browsers
// read "//host" and "/\host" as another site, so both are refused.
func localPath(p string) string {
	if p == "" || p[0] != '/' || strings.ContainsAny(p, "\\\r\n") || strings.HasPrefix(p, "//") {
		return ""
	}
	if u, err := url.Parse(p); err != nil || u.Scheme != "" || u.Host != "" {
		return ""
	}
	return p
}

// safeNext keeps post-login redirects on this site.
func safeNext(next string) string {
	if p := localPath(next); p != "" {
		return p
	}
	return "/"
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if s.sessions.GetInt64(r.Context(), "user_id") != 0 {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	v := &View{Title: "Đăng nhập", Form: url.Values{"next": {r.URL.Query().Get("next")}, "ward": {r.URL.Query().Get("ward")}}}
	if err := s.loginWards(r, v); err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, "login", v)
}

// loginWards offers the choice of ward on the sign-in form when the
// deployment has more than one active ward; with one, the form is as it
// always was. A ward error is then shown above the form.
func (s *Server) loginWards(r *http.Request, v *View) error {
	wards, err := s.app.ActiveWards(r.Context())
	if err != nil {
		return err
	}
	if len(wards) > 1 {
		v.Data = map[string]any{"Wards": wards, "Province": org.ProvinceCode}
	} else if msg := v.Errors["ward"]; msg != "" {
		v.Message = msg
	}
	return nil
}

// maxLoginBody bounds a sign-in request: a login and a password fit in a
// few hundred bytes, so anything bigger is refused before it is read whole.
const maxLoginBody = 4 << 10

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxLoginBody)
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if !errors.As(err, &mbe) {
			err = errs.E(errs.Invalid, "Biểu mẫu không hợp lệ.")
		}
		s.fail(w, r, err)
		return
	}
	u, err := s.app.LoginInWard(r.Context(), r.FormValue("ward"), r.FormValue("login"), r.FormValue("password"))
	if err != nil {
		if k := errs.KindOf(err); k != errs.Invalid && k != errs.TooMany {
			s.fail(w, r, err)
			return
		}
		// The login typed is shown again only when it could be one.
		login := r.FormValue("login")
		if utf8.RuneCountInString(login) > app.MaxLoginLength {
			login = ""
		}
		ward := r.FormValue("ward")
		if utf8.RuneCountInString(ward) > 32 {
			ward = ""
		}
		form := url.Values{"login": {login}, "ward": {ward}, "next": {localPath(r.FormValue("next"))}}
		v := &View{Title: "Đăng nhập", Form: form, Errors: errs.FieldsOf(err)}
		if v.Errors == nil {
			v.Message = errs.Message(err)
		}
		if err := s.loginWards(r, v); err != nil {
			s.fail(w, r, err)
			return
		}
		s.renderPage(w, r, statusOf(errs.KindOf(err)), "login", v)
		return
	}
	// A new token on sign-in prevents session fixation.
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.fail(w, r, errs.Wrap(err, "web: renew session"))
		return
	}
	s.sessions.Put(r.Context(), "user_id", u.ID)
	s.sessions.Put(r.Context(), "user_version", u.Version)
	http.Redirect(w, r, safeNext(r.FormValue("next")), http.StatusSeeOther)
}

// logout ends this browser's session only: the account's API tokens are
// separate credentials and stay live.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.fail(w, r, errs.Wrap(err, "web: destroy session"))
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request) {
	s.renderPage(w, r, http.StatusOK, "password", &View{Title: "Đổi mật khẩu"})
}

func (s *Server) passwordSubmit(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	err := s.app.ChangePassword(r.Context(), actor(r), r.FormValue("current_password"), r.FormValue("new_password"), r.FormValue("confirm"))
	if err != nil {
		if errs.Is(err, errs.Invalid) {
			s.renderPage(w, r, http.StatusBadRequest, "password", &View{Title: "Đổi mật khẩu", Errors: errs.FieldsOf(err), Message: errs.Message(err)})
			return
		}
		s.fail(w, r, err)
		return
	}
	// This device stays signed in with a new session; the others must sign in again.
	_, u, err := s.app.Actor(r.Context(), actor(r).UserID)
	if err == nil {
		err = s.sessions.RenewToken(r.Context())
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), "user_version", u.Version)
	s.flash(r, "Đã đổi mật khẩu.")
	redirect(w, r, "/")
}
