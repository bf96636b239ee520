package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/notify"
	"dieuhanh/internal/store"
)

// The inbox (the bell's list) and each person's choice of how they are
// told. A person only ever reaches their own notifications; another's id
// answers 404. Opening one is a POST (it marks it read), then a redirect to
// its object: nothing is written by a GET.

// inboxFilter reads the list's filters from the query string.
func inboxFilter(r *http.Request) (store.InboxFilter, error) {
	q := r.URL.Query()
	f := store.InboxFilter{Kind: q.Get("kind"), State: q.Get("state")}
	if c := q.Get("cursor"); c != "" {
		n, err := strconv.ParseInt(c, 10, 64)
		if err != nil || n <= 0 {
			return f, errs.Fields{"cursor": "Con trỏ trang không hợp lệ."}.Err()
		}
		f.Before = n
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			return f, errs.Fields{"limit": "Số thông báo mỗi trang phải từ 1 đến 100."}.Err()
		}
		f.Limit = n
	}
	return f, nil
}

func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request) {
	f, err := inboxFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, err := s.app.InboxPage(r.Context(), actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	next := ""
	if in.Next != 0 {
		q := url.Values{"cursor": {strconv.FormatInt(in.Next, 10)}}
		if f.Kind != "" {
			q.Set("kind", f.Kind)
		}
		if f.State != "" {
			q.Set("state", f.State)
		}
		next = "/notifications?" + q.Encode()
	}
	s.renderPage(w, r, http.StatusOK, "notifications", &View{Title: "Thông báo", Active: "notifications", Unread: in.Unread,
		Data: map[string]any{"Inbox": in, "Kinds": notify.Kinds(), "Next": next, "Here": r.URL.RequestURI()}})
}

// notificationsRead marks every notification read.
func (s *Server) notificationsRead(w http.ResponseWriter, r *http.Request) {
	if err := s.app.MarkNotificationsRead(r.Context(), actor(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, "/notifications")
}

// notificationRead marks one notification read and stays on the list.
func (s *Server) notificationRead(w http.ResponseWriter, r *http.Request) {
	if _, err := s.app.OpenNotification(r.Context(), actor(r), pathID(r, "id")); err != nil {
		s.fail(w, r, err)
		return
	}
	to := "/notifications"
	if back := r.FormValue("back"); strings.HasPrefix(back, "/notifications") {
		to = back
	}
	redirect(w, r, to)
}

// notificationOpen marks one notification read and goes to its object.
func (s *Server) notificationOpen(w http.ResponseWriter, r *http.Request) {
	n, err := s.app.OpenNotification(r.Context(), actor(r), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	to := n.Link
	if !strings.HasPrefix(to, "/") || strings.HasPrefix(to, "//") {
		to = "/notifications"
	}
	redirect(w, r, to)
}

func (s *Server) preferencesPage(w http.ResponseWriter, r *http.Request) {
	prefs, err := s.app.Preferences(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, "preferences", &View{Title: "Cách nhận thông báo", Active: "notifications",
		Data: map[string]any{"Prefs": prefs, "Deliveries": notify.Deliveries()}})
}

func (s *Server) preferencesSubmit(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	in := map[string]string{}
	for k, v := range r.PostForm {
		if kind, ok := strings.CutPrefix(k, "kind."); ok && len(v) > 0 {
			in[kind] = v[0]
		}
	}
	if err := s.app.SetPreferences(r.Context(), actor(r), in); err != nil {
		if errs.Is(err, errs.Invalid) {
			prefs, perr := s.app.Preferences(r.Context(), actor(r))
			if perr != nil {
				s.fail(w, r, perr)
				return
			}
			s.formFailed(w, r, err, "preferences", &View{Title: "Cách nhận thông báo", Active: "notifications",
				Data: map[string]any{"Prefs": prefs, "Deliveries": notify.Deliveries()}})
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Đã lưu cách nhận thông báo.")
	redirect(w, r, "/my/preferences")
}

// apiNotification is a notification in the API.
type apiNotification struct {
	ID        int64   `json:"id"`
	Kind      string  `json:"kind"`
	Title     string  `json:"title"`
	Body      string  `json:"body"`
	Link      string  `json:"link"`
	CreatedAt string  `json:"created_at"`
	ReadAt    *string `json:"read_at"`
}

func toAPINotification(n store.Notification) apiNotification {
	return apiNotification{ID: n.ID, Kind: n.Kind, Title: n.Title, Body: n.Body, Link: n.Link, CreatedAt: rfc(n.CreatedAt), ReadAt: rfcPtr(n.ReadAt)}
}

func (s *Server) apiNotifications(w http.ResponseWriter, r *http.Request) {
	f, err := inboxFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, err := s.app.InboxPage(r.Context(), actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items := make([]apiNotification, 0, len(in.Items))
	for _, n := range in.Items {
		items = append(items, toAPINotification(n))
	}
	var next *string
	if in.Next != 0 {
		c := strconv.FormatInt(in.Next, 10)
		next = &c
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "unread": in.Unread, "next_cursor": next})
}

func (s *Server) apiNotificationRead(w http.ResponseWriter, r *http.Request) {
	n, err := s.app.OpenNotification(r.Context(), actor(r), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPINotification(n))
}

func (s *Server) apiNotificationsReadAll(w http.ResponseWriter, r *http.Request) {
	if err := s.app.MarkNotificationsRead(r.Context(), actor(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type apiPreference struct {
	Kind     string `json:"kind"`
	Label    string `json:"label"`
	Delivery string `json:"delivery"`
	Default  string `json:"default"`
}

func (s *Server) writePreferences(w http.ResponseWriter, r *http.Request) {
	prefs, err := s.app.Preferences(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiPreference, 0, len(prefs))
	for _, p := range prefs {
		out = append(out, apiPreference{Kind: string(p.Kind.Kind), Label: p.Kind.Label, Delivery: string(p.Delivery), Default: string(p.Kind.Default)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"preferences": out})
}

func (s *Server) apiPreferences(w http.ResponseWriter, r *http.Request) { s.writePreferences(w, r) }

func (s *Server) apiPreferencesPut(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Preferences map[string]string `json:"preferences"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.SetPreferences(r.Context(), actor(r), in.Preferences); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writePreferences(w, r)
}
