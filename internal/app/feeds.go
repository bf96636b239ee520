package app

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/export/ics"
	"dieuhanh/internal/org"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// Rooms lists the ward's meeting rooms.
func (app *App) Rooms(ctx context.Context, a auth.Actor) ([]store.Room, error) {
	if err := require(a, auth.ViewSchedule, auth.Target{}); err != nil {
		return nil, err
	}
	var out []store.Room
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.Rooms(ctx, a.WardID)
		return err
	})
	return out, err
}

// SaveRoom adds (ID 0) or edits a room.
func (app *App) SaveRoom(ctx context.Context, a auth.Actor, r store.Room) (int64, error) {
	if err := require(a, auth.ManageRooms, auth.Target{}); err != nil {
		return 0, err
	}
	r.Name = vntext.Clean(r.Name)
	f := errs.Fields{}
	if r.Name == "" {
		f.Add("name", "Vui lòng nhập tên phòng họp.")
	}
	if r.Capacity < 0 || r.Capacity > 2000 {
		f.Add("capacity", "Sức chứa phải từ 0 đến 2000.")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	r.WardID = a.WardID
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		if r.ID == 0 {
			id, err := tx.CreateRoom(ctx, r)
			if err != nil {
				return err
			}
			r.ID = id
			return app.audit(ctx, tx, a, "room", id, "create", "Thêm phòng họp "+r.Name, nil, r)
		}
		before, err := tx.Room(ctx, a.WardID, r.ID)
		if err != nil {
			return err
		}
		if err := tx.UpdateRoom(ctx, r); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "room", r.ID, "update", "Sửa phòng họp "+r.Name, before, r)
	})
	return r.ID, err
}

// tokenKey is the secret that derives feed and display tokens from their
// row ids, so the database holds only hashes yet the server can show a
// person their URLs again. It lives in the data dir (feed.key).
func (app *App) tokenKey() ([]byte, error) {
	p := filepath.Join(app.DataDir, "feed.key")
	b, err := os.ReadFile(p)
	if err == nil && len(b) >= 32 {
		return b, nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, errs.Wrap(err, "app: read feed key")
	}
	key := make([]byte, 32)
	rand.Read(key)
	if err := os.MkdirAll(app.DataDir, 0o750); err != nil {
		return nil, errs.Wrap(err, "app: data dir")
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return os.ReadFile(p)
	}
	if err != nil {
		return nil, errs.Wrap(err, "app: create feed key")
	}
	defer f.Close()
	if _, err := io.Copy(f, bytes.NewReader(key)); err != nil {
		return nil, errs.Wrap(err, "app: write feed key")
	}
	return key, nil
}

func (app *App) deriveToken(kind string, id int64) (token, hash string, err error) {
	key, err := app.tokenKey()
	if err != nil {
		return "", "", err
	}
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "%s:%d", kind, id)
	token = base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	return token, tokenHash(token), nil
}

func tokenHash(token string) string {
	s := sha256.Sum256([]byte(token))
	return hex.EncodeToString(s[:])
}

func placeholderHash() string {
	b := make([]byte, 16)
	rand.Read(b)
	return "pending-" + hex.EncodeToString(b)
}

// Feed is one of a person's calendar subscriptions.
type Feed struct {
	ID    int64
	Scope string // ward, leader, unit, person
	RefID int64
	Label string
	Token string // the secret part of /ics/{token}.ics
}

// MyFeeds lists the caller's subscriptions: the ward's, their own, their
// unit's, and for the Office and leaders each leader's. One whose URL is
// not made yet has no Token (CreateFeeds makes them): a GET writes nothing.
func (app *App) MyFeeds(ctx context.Context, a auth.Actor) ([]Feed, error) {
	if err := require(a, auth.ViewSchedule, auth.Target{}); err != nil {
		return nil, err
	}
	var out []Feed
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = app.feedsIn(ctx, tx, a, false)
		return err
	})
	return out, err
}

// CreateFeeds makes the caller's missing subscription URLs and returns
// them all.
func (app *App) CreateFeeds(ctx context.Context, a auth.Actor) ([]Feed, error) {
	if err := require(a, auth.ViewSchedule, auth.Target{}); err != nil {
		return nil, err
	}
	var out []Feed
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		out, err = app.feedsIn(ctx, tx, a, true)
		return err
	})
	return out, err
}

// feedsIn lists the caller's subscriptions in tx, making the missing URLs
// when create is set.
func (app *App) feedsIn(ctx context.Context, tx *store.Tx, a auth.Actor, create bool) ([]Feed, error) {
	var out []Feed
	u, err := tx.User(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	ward, err := tx.Ward(ctx, a.WardID)
	if err != nil {
		return nil, err
	}
	leaders, err := tx.Leaders(ctx, a.WardID)
	if err != nil {
		return nil, err
	}
	type want struct {
		scope string
		ref   int64
		label string
	}
	offered := []want{{"ward", 0, "Lịch công tác " + ward.Name}}
	if u.PersonID != 0 {
		offered = append(offered, want{"person", u.PersonID, "Lịch của tôi (" + u.DisplayName() + ")"})
	}
	if u.UnitID != 0 {
		offered = append(offered, want{"unit", u.UnitID, "Lịch của " + u.UnitName})
	}
	for _, l := range leaders {
		offered = append(offered, want{"leader", l.ID, "Lịch " + l.Title()})
	}
	var wants []want
	for _, w := range offered {
		if auth.Can(userActor(u), auth.SubscribeFeed, feedTarget(a.WardID, w.scope, w.ref)) {
			wants = append(wants, w)
		}
	}
	have, err := tx.FeedTokens(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	for _, w := range wants {
		var ft store.FeedToken
		for _, h := range have {
			if h.Scope == w.scope && h.RefID == w.ref {
				ft = h
			}
		}
		if ft.ID == 0 && !create {
			out = append(out, Feed{Scope: w.scope, RefID: w.ref, Label: w.label})
			continue
		}
		if ft.ID == 0 {
			ft = store.FeedToken{WardID: a.WardID, UserID: a.UserID, Scope: w.scope, RefID: w.ref, CreatedAt: app.Now()}
			if ft.ID, err = tx.CreateFeedToken(ctx, ft, placeholderHash()); err != nil {
				return nil, err
			}
			_, hash, err := app.deriveToken("feed", ft.ID)
			if err != nil {
				return nil, err
			}
			if err := tx.SetTokenHash(ctx, "feed_tokens", ft.ID, hash); err != nil {
				return nil, err
			}
		}
		token, _, err := app.deriveToken("feed", ft.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, Feed{ID: ft.ID, Scope: w.scope, RefID: w.ref, Label: w.label, Token: token})
	}
	return out, nil
}

// RevokeFeed revokes one of the caller's feeds and makes a new URL for the
// same scope (regenerate).
func (app *App) RevokeFeed(ctx context.Context, a auth.Actor, id int64) error {
	if err := require(a, auth.ViewSchedule, auth.Target{}); err != nil {
		return err
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.RevokeFeedToken(ctx, a.UserID, id, app.Now()); err != nil {
			return err
		}
		if _, err := app.feedsIn(ctx, tx, a, true); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "feed_token", id, "revoke", "Thu hồi đường dẫn nhận lịch", nil, nil)
	})
}

// FeedFrom and FeedTo bound a feed: a year back and half a year ahead.
const (
	FeedBack  = 365 * 24 * time.Hour
	FeedAhead = 183 * 24 * time.Hour
)

// WriteFeed writes the iCalendar feed of a token. An unknown or revoked
// token is NotFound and nothing else is said.
func (app *App) WriteFeed(ctx context.Context, token string, w io.Writer) error {
	body, _, err := app.Feed(ctx, token)
	if err != nil {
		return err
	}
	_, err = w.Write(body)
	return err
}

// Feed returns the iCalendar feed of a token and its ETag. An unknown or
// revoked token is NotFound and nothing else is said. A feed whose events
// and names have not changed since it was last rendered comes from the
// App's cache (the token itself is checked every time).
func (app *App) Feed(ctx context.Context, token string) ([]byte, string, error) {
	notFound := errs.E(errs.NotFound, "Không tìm thấy.")
	if token == "" || len(token) > 100 {
		return nil, "", notFound
	}
	now := app.Now()
	from, to := now.Add(-FeedBack), now.Add(FeedAhead)
	var name, stamp string
	var key feedKey
	var events []store.Event
	var body []byte
	var etag string
	// The token names its ward; what it feeds is then read bound to that
	// ward (store.ForWard), as a signed-in user's request is.
	var ft store.FeedToken
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		ft, err = tx.FeedTokenByHash(ctx, tokenHash(token))
		if err != nil {
			return notFound
		}
		// The token speaks for its user: a disabled account, or one whose
		// role or post no longer gives this scope, feeds nothing.
		u, err := tx.User(ctx, ft.UserID)
		if errs.Is(err, errs.NotFound) || (err == nil && !feedAllowed(u, ft)) {
			return notFound
		}
		return err
	})
	if err != nil {
		return nil, "", err
	}
	ctx = store.ForWard(ctx, ft.WardID)
	err = app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		scope := store.FeedScope{Scope: ft.Scope, RefID: ft.RefID}
		key = feedKeyOf(ft)
		if stamp, scope.SizeHint, err = tx.FeedStamp(ctx, ft.WardID, scope, from, to); err != nil {
			return err
		}
		var hit bool
		if body, etag, hit = app.feeds.get(key, stamp, now); hit {
			return nil
		}
		ward, err := tx.Ward(ctx, ft.WardID)
		if err != nil {
			return err
		}
		name = "Lịch công tác " + ward.Name
		events, err = tx.FeedEvents(ctx, ft.WardID, scope, from, to)
		return err
	})
	if err != nil || body != nil {
		return body, etag, err
	}
	var buf bytes.Buffer
	buf.Grow(len(events) * 600)
	if err := ics.Feed(name, icsEvents(events), &buf); err != nil {
		return nil, "", err
	}
	body, etag = buf.Bytes(), etagOf(buf.Bytes())
	app.feeds.put(key, stamp, body, etag, now)
	return body, etag, nil
}

// feedAllowed reports whether an account may still receive a feed, by the
// rule MyFeeds hands feeds out with.
func feedAllowed(u org.User, ft store.FeedToken) bool {
	if u.Disabled {
		return false
	}
	switch ft.Scope {
	case "ward", "person", "unit", "leader":
		return auth.Can(userActor(u), auth.SubscribeFeed, feedTarget(ft.WardID, ft.Scope, ft.RefID))
	}
	return false
}

// feedTarget is the policy target of a feed: whose schedule it carries.
func feedTarget(wardID int64, scope string, ref int64) auth.Target {
	t := auth.Target{WardID: wardID}
	switch scope {
	case "person":
		t.People = []int64{ref}
	case "unit":
		t.UnitID = ref
	case "leader":
		t.LeaderID = ref
	}
	return t
}

// userActor is an account as policy sees it, for a request that carries
// no session (a feed token speaks for its user).
func userActor(u org.User) auth.Actor {
	a := auth.Actor{UserID: u.ID, Login: u.Login, WardID: u.WardID, Role: u.Role, UnitID: u.UnitID, PersonID: u.PersonID}
	if u.Role.IsLeader() {
		a.LeaderID = u.LeaderID
	}
	return a
}

func icsEvents(events []store.Event) []ics.Event {
	out := make([]ics.Event, len(events))
	for i, e := range events {
		v := EventView{Event: e}
		var desc []string
		desc = append(desc, schedule.Kind(e.Kind).Label())
		if c := v.ChairTitle(); c != "" {
			desc = append(desc, "Chủ trì: "+c)
		}
		if at := v.AttendeesText(); at != "" {
			desc = append(desc, "Thành phần: "+at)
		}
		if e.PreparingUnitName != "" {
			desc = append(desc, "Đơn vị chuẩn bị: "+e.PreparingUnitName)
		}
		if e.Notes != "" {
			desc = append(desc, "Ghi chú: "+e.Notes)
		}
		if e.Adjusted {
			desc = append(desc, "(điều chỉnh)")
		}
		out[i] = ics.Event{UID: fmt.Sprintf("event-%d@dieuhanh", e.ID), Sequence: e.Sequence, Summary: e.Title,
			Description: strings.Join(desc, "\n"), Location: v.VenueText(), Start: e.Start, End: e.End, Cancelled: e.Cancelled,
			LastModified: e.UpdatedAt}
	}
	return out
}

// DisplayLink is a lobby link with its token.
type DisplayLink struct {
	store.DisplayLink
	Token string
}

// DisplayLinks lists the ward's lobby links.
func (app *App) DisplayLinks(ctx context.Context, a auth.Actor) ([]DisplayLink, error) {
	if err := require(a, auth.ManageRooms, auth.Target{}); err != nil {
		return nil, err
	}
	var out []DisplayLink
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		ls, err := tx.DisplayLinks(ctx, a.WardID)
		if err != nil {
			return err
		}
		for _, l := range ls {
			token, _, err := app.deriveToken("display", l.ID)
			if err != nil {
				return err
			}
			out = append(out, DisplayLink{DisplayLink: l, Token: token})
		}
		return nil
	})
	return out, err
}

// CreateDisplayLink makes a new lobby link and returns its token.
func (app *App) CreateDisplayLink(ctx context.Context, a auth.Actor, name string) (string, error) {
	if err := require(a, auth.ManageRooms, auth.Target{}); err != nil {
		return "", err
	}
	name = vntext.Clean(name)
	if name == "" {
		return "", errs.Fields{"name": "Vui lòng đặt tên màn hình (ví dụ: Sảnh tầng 1)."}.Err()
	}
	var token string
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		return app.createDisplayLink(ctx, tx, a, name, &token)
	})
	return token, err
}

func (app *App) createDisplayLink(ctx context.Context, tx *store.Tx, a auth.Actor, name string, token *string) error {
	id, err := tx.CreateDisplayLink(ctx, store.DisplayLink{WardID: a.WardID, Name: name, CreatedBy: a.UserID, CreatedAt: app.Now()}, placeholderHash())
	if err != nil {
		return err
	}
	t, hash, err := app.deriveToken("display", id)
	if err != nil {
		return err
	}
	if err := tx.SetTokenHash(ctx, "display_links", id, hash); err != nil {
		return err
	}
	*token = t
	return tx.AddAudit(ctx, store.AuditEntry{WardID: a.WardID, At: app.Now(), ActorID: a.UserID, ActorLogin: a.Login, Entity: "display_link",
		EntityID: id, Action: "create", Summary: "Tạo đường dẫn màn hình sảnh: " + name, RequestID: requestID(ctx)}, nil, map[string]any{"name": name})
}

// RevokeDisplayLink revokes a lobby link.
func (app *App) RevokeDisplayLink(ctx context.Context, a auth.Actor, id int64) error {
	if err := require(a, auth.ManageRooms, auth.Target{}); err != nil {
		return err
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.RevokeDisplayLink(ctx, a.WardID, id, app.Now()); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "display_link", id, "revoke", "Thu hồi đường dẫn màn hình sảnh", nil, nil)
	})
}

// Lobby is what the lobby screen shows: today and tomorrow, published only.
type Lobby struct {
	Ward org.Ward
	Name string
	Now  time.Time
	Days []LobbyDay
}

// LobbyDay is one day on the lobby screen.
type LobbyDay struct {
	Date   calendar.Date
	Label  string
	Events []*EventView
}

// Lobby returns the lobby screen of a share token (NotFound when unknown
// or revoked).
func (app *App) Lobby(ctx context.Context, token string) (Lobby, error) {
	notFound := errs.E(errs.NotFound, "Không tìm thấy.")
	if token == "" || len(token) > 100 {
		return Lobby{}, notFound
	}
	now := app.Now()
	var out Lobby
	var l store.DisplayLink
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if l, err = tx.DisplayLinkByHash(ctx, tokenHash(token)); err != nil {
			return notFound
		}
		return nil
	})
	if err != nil {
		return out, err
	}
	// The screen shows its ward's week, read bound to that ward.
	ctx = store.ForWard(ctx, l.WardID)
	err = app.DB.View(ctx, func(tx *store.Tx) error {
		d, err := loadScheduleData(ctx, tx, l.WardID)
		if err != nil {
			return err
		}
		out.Ward, out.Name, out.Now = d.ward, l.Name, now
		today := calendar.DateOf(now)
		events, err := tx.FeedEvents(ctx, l.WardID, store.FeedScope{Scope: "ward"}, today.Start(), today.AddDays(2).Start())
		if err != nil {
			return err
		}
		views := d.views(events, now)
		for i, day := range []calendar.Date{today, today.AddDays(1)} {
			label := []string{"HÔM NAY", "NGÀY MAI"}[i] + " — " + calendar.WeekdayVN(day.Weekday()) + ", " + day.VN()
			ld := LobbyDay{Date: day, Label: label}
			for _, v := range views {
				if calendar.DateOf(v.Start) == day && !v.Cancelled {
					ld.Events = append(ld.Events, v)
				}
			}
			out.Days = append(out.Days, ld)
		}
		return nil
	})
	return out, err
}

// MySchedule returns the caller's entries of a week: those they chair,
// attend, follow, or their unit prepares or is invited to.
func (app *App) MySchedule(ctx context.Context, a auth.Actor, w schedule.Week) (WeekView, error) {
	wv, err := app.WeekSchedule(ctx, a, w)
	if err != nil {
		return wv, err
	}
	var personID int64
	err = app.DB.View(ctx, func(tx *store.Tx) error {
		u, err := tx.User(ctx, a.UserID)
		personID = u.PersonID
		return err
	})
	if err != nil {
		return wv, err
	}
	var mine []*EventView
	for _, e := range wv.Events {
		keep := (personID != 0 && (e.ChairPersonID == personID || e.FollowerID == personID)) ||
			(a.UnitID != 0 && e.PreparingUnitID == a.UnitID)
		for _, at := range e.Attendees {
			keep = keep || (personID != 0 && at.PersonID == personID) || (a.UnitID != 0 && at.UnitID == a.UnitID)
		}
		if keep {
			mine = append(mine, e)
		}
	}
	wv.Events = mine
	days, _ := layout(w, mine, scheduleData{})
	for i := range days {
		days[i].DayOff = wv.Days[i].DayOff
	}
	wv.Days = days
	return wv, nil
}

// SealTokens sets the hash of feed tokens and display links created without
// the server's key (the demo loader); the server calls it at start.
func (app *App) SealTokens(ctx context.Context) error {
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		for _, t := range []struct{ table, kind string }{{"feed_tokens", "feed"}, {"display_links", "display"}} {
			ids, err := tx.PendingTokenIDs(ctx, t.table)
			if err != nil {
				return err
			}
			for _, id := range ids {
				_, hash, err := app.deriveToken(t.kind, id)
				if err != nil {
					return err
				}
				if err := tx.SetTokenHash(ctx, t.table, id, hash); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
