package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"

	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// BenchmarkInbox5000 is the inbox of a person with 5,000 notifications
// (among 50,000 of the whole ward): the first page of the list with the
// unread count, as JSON (API) and as the HTML page with the bell, through
// HTTP.
func BenchmarkInbox5000(b *testing.B) {
	db := storetest.OpenSQLite(b)
	_, srv := benchServer(b, db)
	ctx := context.Background()
	var users []int64
	err := db.Update(ctx, func(tx *store.Tx) error {
		us, err := tx.Users(ctx, 1)
		for _, u := range us {
			users = append(users, u.ID)
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	var chair int64
	db.View(ctx, func(tx *store.Tx) error { u, _, err := tx.UserByLogin(ctx, "chutich"); chair = u.ID; return err })
	err = db.Update(ctx, func(tx *store.Tx) error {
		for i := range 50000 {
			u := users[i%len(users)]
			if i%10 == 0 {
				u = chair
			}
			if err := tx.Notify(ctx, 1, []int64{u}, store.Notification{Kind: []string{"deadline_approaching", "item_overdue", "general"}[i%3],
				Title: fmt.Sprintf("Nhiệm vụ số %d sắp đến hạn", i), Body: "Hạn hoàn thành: 04/12/2026.", Link: fmt.Sprintf("/items/%d", i%300+1)}, testNow); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// Half of them read.
	if err := storetest.Exec(ctx, db, `UPDATE notifications SET read_at = created_at WHERE id % 2 = 0`); err != nil {
		b.Fatal(err)
	}
	tok := benchToken(b, srv, "chutich")
	jar := loginJar(b, srv, "chutich")
	get := func(b *testing.B, c *http.Client, path string, bearer bool) {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		if bearer {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		res, err := c.Do(req)
		if err != nil || res.StatusCode != 200 {
			b.Fatal(err, res.StatusCode)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	b.Run("api", func(b *testing.B) {
		for b.Loop() {
			get(b, http.DefaultClient, "/api/v1/notifications", true)
		}
	})
	b.Run("api-unread-kind", func(b *testing.B) {
		for b.Loop() {
			get(b, http.DefaultClient, "/api/v1/notifications?state=unread&kind=item_overdue", true)
		}
	})
	b.Run("page", func(b *testing.B) {
		for b.Loop() {
			get(b, jar, "/notifications", false)
		}
	})
	b.Run("page-last", func(b *testing.B) {
		// The oldest page: the cursor seeks, it does not count.
		for b.Loop() {
			get(b, jar, "/notifications?cursor=100", false)
		}
	})
}
