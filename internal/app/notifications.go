package app

import (
	"context"
	"fmt"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/notify"
	"dieuhanh/internal/store"
)

// The inbox and each person's choices. A person reads and marks only their
// own notifications: another's is not found, as if it did not exist.

// Inbox is one page of a person's notifications.
type Inbox struct {
	Items  []store.Notification
	Unread int
	// Next is the cursor of the following page (0: none).
	Next   int64
	Filter store.InboxFilter
}

// InboxPage returns the page of the actor's notifications after the
// cursor f.Before, newest first, filtered by kind and read state.
func (app *App) InboxPage(ctx context.Context, a auth.Actor, f store.InboxFilter) (Inbox, error) {
	if f.Kind != "" && !notify.Kind(f.Kind).Valid() {
		return Inbox{}, errs.Fields{"kind": fmt.Sprintf("Loại thông báo «%s» không có.", f.Kind)}.Err()
	}
	switch f.State {
	case "", "read", "unread":
	default:
		return Inbox{}, errs.Fields{"state": "Trạng thái phải là «read» (đã đọc) hoặc «unread» (chưa đọc)."}.Err()
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 50
	}
	in := Inbox{Filter: f}
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if in.Unread, err = tx.UnreadCount(ctx, a.UserID); err != nil {
			return err
		}
		// One more than the page tells whether another page follows.
		g := f
		g.Limit = f.Limit + 1
		if in.Items, err = tx.Inbox(ctx, a.UserID, g); err != nil {
			return err
		}
		if len(in.Items) > f.Limit {
			in.Items = in.Items[:f.Limit]
			in.Next = in.Items[f.Limit-1].ID
		}
		return nil
	})
	return in, err
}

// UnreadCount is the number on the actor's bell.
func (app *App) UnreadCount(ctx context.Context, a auth.Actor) (int, error) {
	var n int
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		n, err = store.Cached(ctx, tx, unreadKey{a.UserID}, func() (int, error) { return tx.UnreadCount(ctx, a.UserID) })
		return err
	})
	return n, err
}

// unreadKey keeps the bell's count, shown on every page, until something
// changes.
type unreadKey struct{ user int64 }

// OpenNotification marks one of the actor's notifications read and
// returns it (its link is where the inbox sends the person).
func (app *App) OpenNotification(ctx context.Context, a auth.Actor, id int64) (store.Notification, error) {
	var n store.Notification
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.MarkNotificationRead(ctx, a.UserID, id, app.Now()); err != nil {
			return err
		}
		var err error
		n, err = tx.Notification(ctx, a.UserID, id)
		return err
	})
	return n, err
}

// Preference is one kind with the person's choice for it.
type Preference struct {
	Kind     notify.KindInfo
	Delivery notify.Delivery
	Chosen   bool // false: the kind's default applies
}

// Preferences returns the actor's choice for every kind.
func (app *App) Preferences(ctx context.Context, a auth.Actor) ([]Preference, error) {
	var chosen map[notify.Kind]notify.Delivery
	if err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		chosen, err = tx.NotificationPrefs(ctx, a.UserID)
		return err
	}); err != nil {
		return nil, err
	}
	var out []Preference
	for _, k := range notify.Kinds() {
		_, ok := chosen[k.Kind]
		out = append(out, Preference{Kind: k, Delivery: notify.DeliveryFor(k.Kind, chosen), Chosen: ok})
	}
	return out, nil
}

// SetPreferences records the actor's choices for the kinds given (others
// keep theirs). An unknown kind or choice is refused, nothing saved.
func (app *App) SetPreferences(ctx context.Context, a auth.Actor, prefs map[string]string) error {
	f := errs.Fields{}
	set := map[notify.Kind]notify.Delivery{}
	for k, d := range prefs {
		switch {
		case !notify.Kind(k).Valid():
			f.Add(k, fmt.Sprintf("Loại thông báo «%s» không có.", k))
		case !notify.Delivery(d).Valid():
			f.Add(k, "Cách nhận phải là in_app (chỉ trong ứng dụng), email (gửi thư ngay) hoặc digest (bản tin hằng ngày).")
		default:
			set[notify.Kind(k)] = notify.Delivery(d)
		}
	}
	if len(prefs) == 0 {
		f.Add("preferences", "Chưa chọn cách nhận thông báo nào.")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		before, err := tx.NotificationPrefs(ctx, a.UserID)
		if err != nil {
			return err
		}
		if err := tx.SetNotificationPrefs(ctx, a.UserID, set); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "user", a.UserID, "notification_preferences", "Đổi cách nhận thông báo", before, set)
	})
}
