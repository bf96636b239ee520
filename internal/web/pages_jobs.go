package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dieuhanh/internal/app"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/notify"
)

// The admin's pages for the background work and email: the jobs with
// their last and next runs and the mail the outbox gave up on (with the
// server's answer), and the ward's SMTP server with a test mail.

func (s *Server) jobsPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.app.AdminJobs(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, "admin_jobs", &View{Title: "Công việc chạy nền và thư đi", Active: "admin", Data: p})
}

func (s *Server) mailRetry(w http.ResponseWriter, r *http.Request) {
	if err := s.app.RetryMail(r.Context(), actor(r), pathID(r, "id")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Đã đưa thư vào hàng đợi gửi lại.")
	redirect(w, r, "/admin/jobs")
}

func mailForm(v app.MailView) url.Values {
	st := v.Settings
	port := ""
	if st.Port != 0 {
		port = strconv.Itoa(st.Port)
	}
	tls := string(st.TLS)
	if tls == "" {
		tls = string(notify.TLSStartTLS)
	}
	return url.Values{"version": {strconv.Itoa(v.Version)}, "host": {st.Host}, "port": {port}, "username": {st.Username},
		"tls": {tls}, "sender": {st.Sender}, "base_url": {st.BaseURL}}
}

func (s *Server) mailView(r *http.Request) (*View, error) {
	v, err := s.app.MailSettings(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	return &View{Title: "Gửi thư điện tử", Active: "admin", Form: mailForm(v),
		Data: map[string]any{"Mail": v, "Modes": notify.TLSModes()}}, nil
}

func (s *Server) mailPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.mailView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, "admin_mail", v)
}

func (s *Server) mailSubmit(w http.ResponseWriter, r *http.Request) {
	v, err := s.mailView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.ParseForm()
	port := -1
	if p := r.FormValue("port"); p == "" {
		port = 0
	} else if n, err := strconv.Atoi(p); err == nil {
		port = n
	}
	in := app.MailInput{Version: formInt(r, "version"), Host: r.FormValue("host"), Port: port, Username: r.FormValue("username"),
		Password: r.FormValue("password"), ClearPassword: r.FormValue("clear_password") != "", TLS: r.FormValue("tls"),
		Sender: r.FormValue("sender"), BaseURL: r.FormValue("base_url")}
	if err := s.app.SaveMailSettings(r.Context(), actor(r), in); err != nil {
		s.formFailed(w, r, err, "admin_mail", v)
		return
	}
	s.flash(r, "Đã lưu cấu hình gửi thư.")
	redirect(w, r, "/admin/mail")
}

func (s *Server) mailTest(w http.ResponseWriter, r *http.Request) {
	v, err := s.mailView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.ParseForm()
	answer, err := s.app.TestMail(r.Context(), actor(r), r.FormValue("to"))
	if errs.Is(err, errs.Invalid) {
		// The settings form keeps what is saved; the test form what was typed.
		v.Errors, v.Message = errs.FieldsOf(err), errs.Message(err)
		v.Form.Set("to", r.FormValue("to"))
		s.renderPage(w, r, http.StatusBadRequest, "admin_mail", v)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Đã gửi thư thử tới "+r.FormValue("to")+". Máy chủ thư trả lời: "+answer)
	redirect(w, r, "/admin/mail")
}
