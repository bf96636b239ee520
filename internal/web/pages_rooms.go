package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/store"
)

// roomsData loads the rooms and lobby links for the Office and the admin.
func (s *Server) roomsData(w http.ResponseWriter, r *http.Request) (map[string]any, bool) {
	a := actor(r)
	if !auth.Can(a, auth.ManageRooms, auth.Target{WardID: a.WardID}) {
		s.fail(w, r, errs.E(errs.Forbidden, "Trang này dành cho Văn phòng HĐND-UBND và quản trị hệ thống."))
		return nil, false
	}
	rooms, err := s.app.Rooms(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	links, err := s.app.DisplayLinks(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return map[string]any{"Rooms": rooms, "Links": links}, true
}

func (s *Server) roomsPage(w http.ResponseWriter, r *http.Request) {
	data, ok := s.roomsData(w, r)
	if !ok {
		return
	}
	s.renderPage(w, r, http.StatusOK, "rooms", &View{Title: "Phòng họp và màn hình sảnh", Active: "rooms", Data: data})
}

func (s *Server) roomSave(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	room := store.Room{ID: pathID(r, "id"), Name: r.FormValue("name"), Capacity: formInt(r, "capacity"),
		Active: r.FormValue("active") != "" || r.PathValue("id") == "", Version: formInt(r, "version")}
	if _, err := s.app.SaveRoom(r.Context(), actor(r), room); err != nil {
		data, ok := s.roomsData(w, r)
		if !ok {
			return
		}
		s.formFailed(w, r, err, "rooms", &View{Title: "Phòng họp và màn hình sảnh", Active: "rooms", Data: data})
		return
	}
	s.flash(r, "Đã lưu phòng họp.")
	redirect(w, r, "/rooms")
}

func (s *Server) displayLinkCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	if _, err := s.app.CreateDisplayLink(r.Context(), actor(r), r.FormValue("display_name")); err != nil {
		data, ok := s.roomsData(w, r)
		if !ok {
			return
		}
		s.formFailed(w, r, err, "rooms", &View{Title: "Phòng họp và màn hình sảnh", Active: "rooms", Data: data})
		return
	}
	s.flash(r, "Đã tạo đường dẫn màn hình sảnh.")
	redirect(w, r, "/rooms")
}

func (s *Server) displayLinkRevoke(w http.ResponseWriter, r *http.Request) {
	if err := s.app.RevokeDisplayLink(r.Context(), actor(r), pathID(r, "id")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Đã thu hồi đường dẫn; màn hình dùng đường dẫn cũ sẽ không hiển thị lịch nữa.")
	redirect(w, r, "/rooms")
}

// lobby is the public, read-only lobby screen behind a share link.
func (s *Server) lobby(w http.ResponseWriter, r *http.Request) {
	l, err := s.app.Lobby(r.Context(), r.PathValue("token"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	pages := lobbyPages(l.Days, lobbyRows)
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if n < 1 || n > len(pages) {
		n = 1
	}
	l.Days = pages[n-1]
	// More than one screen: each page stays lobbyPageSeconds, then the
	// next one comes (and after the last, the first, with fresh data).
	refresh := "300"
	if len(pages) > 1 {
		refresh = fmt.Sprintf("%d;url=?page=%d", lobbyPageSeconds, n%len(pages)+1)
	}
	s.renderPage(w, r, http.StatusOK, "display", &View{Title: "Lịch công tác " + l.Ward.Name, Bare: true,
		Data: map[string]any{"L": l, "Page": n, "Pages": len(pages), "Refresh": refresh}})
}

// The lobby screen (1920×1080, large type) holds lobbyRows entries; more
// are shown a page at a time.
const (
	lobbyRows        = 8
	lobbyPageSeconds = 20
)

// lobbyPages cuts the days' entries into screens of at most rows entries,
// each day's heading repeated on the screens it spans; a day without
// entries counts as one row ("Không có lịch").
func lobbyPages(days []app.LobbyDay, rows int) [][]app.LobbyDay {
	var pages [][]app.LobbyDay
	var cur []app.LobbyDay
	used := 0
	for _, d := range days {
		events := d.Events
		if len(events) == 0 {
			if used+1 > rows {
				pages, cur, used = append(pages, cur), nil, 0
			}
			cur, used = append(cur, d), used+1
			continue
		}
		for len(events) > 0 {
			if used == rows {
				pages, cur, used = append(pages, cur), nil, 0
			}
			take := min(rows-used, len(events))
			part := d
			part.Events = events[:take]
			cur, used, events = append(cur, part), used+take, events[take:]
		}
	}
	if len(cur) > 0 || len(pages) == 0 {
		pages = append(pages, cur)
	}
	return pages
}

func (s *Server) feedsPage(w http.ResponseWriter, r *http.Request) {
	feeds, err := s.app.MyFeeds(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	missing := false
	for _, f := range feeds {
		missing = missing || f.Token == ""
	}
	s.renderPage(w, r, http.StatusOK, "feeds", &View{Title: "Đăng ký nhận lịch", Active: "my", Data: map[string]any{
		"Feeds": feeds, "Base": baseURL(r), "Missing": missing}})
}

// feedsCreate makes the person's missing feed URLs.
func (s *Server) feedsCreate(w http.ResponseWriter, r *http.Request) {
	if _, err := s.app.CreateFeeds(r.Context(), actor(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Đã tạo đường dẫn nhận lịch.")
	redirect(w, r, "/my/feeds")
}

func (s *Server) feedRevoke(w http.ResponseWriter, r *http.Request) {
	if err := s.app.RevokeFeed(r.Context(), actor(r), pathID(r, "id")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Đã thu hồi đường dẫn cũ và tạo đường dẫn mới.")
	redirect(w, r, "/my/feeds")
}

// icsFeed serves /ics/{token}.ics; any bad token is a bare 404.
func (s *Server) icsFeed(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	token, ok := cutSuffix(file, ".ics")
	if !ok {
		http.NotFound(w, r)
		return
	}
	body, etag, err := s.app.Feed(r.Context(), token)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			http.NotFound(w, r)
			return
		}
		s.serverError(w, r, err)
		return
	}
	// Calendar apps poll: an unchanged feed answers 304 without a body.
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "private, max-age=300")
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Write(body)
}

// baseURL is the scheme and host the person reached us on, for feed URLs.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func cutSuffix(s, suffix string) (string, bool) { return strings.CutSuffix(s, suffix) }
