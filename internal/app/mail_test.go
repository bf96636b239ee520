package app_test

import (
	"context"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/notify"
	"dieuhanh/internal/notify/smtptest"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// useMail points the ward's email at an SMTP server on port.
func (f *fixture) useMail(port int) {
	f.t.Helper()
	s := smtptest.Settings(port)
	v, err := f.app.MailSettings(context.Background(), f.actor("admin"))
	if err != nil {
		f.t.Fatal(err)
	}
	if err := f.app.SaveMailSettings(context.Background(), f.actor("admin"), app.MailInput{Version: v.Version, Host: s.Host, Port: s.Port,
		TLS: string(s.TLS), Sender: s.Sender, BaseURL: s.BaseURL}); err != nil {
		f.t.Fatal(err)
	}
	f.app.Mailer = notify.Mailer{Timeout: 5 * time.Second}
}

// notify writes a notification of kind to the users, as a use case would.
func (f *fixture) notify(db *store.DB, kind, title string, logins ...string) {
	f.t.Helper()
	var ids []int64
	for _, l := range logins {
		ids = append(ids, f.actor(l).UserID)
	}
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		return tx.Notify(context.Background(), f.actor("admin").WardID, ids, store.Notification{Kind: kind, Title: title,
			Body: "Nội dung: " + title, Link: "/items/1"}, f.now)
	})
	if err != nil {
		f.t.Fatal(err)
	}
}

func outboxCount(t *testing.T, db *store.DB, state string) int {
	t.Helper()
	var n int
	db.View(context.Background(), func(tx *store.Tx) error {
		var err error
		n, err = tx.OutboxCount(context.Background(), state)
		return err
	})
	return n
}

// subjects returns the decoded subjects the server received, with counts.
func subjects(t *testing.T, srv *smtptest.Server) map[string]int {
	t.Helper()
	out := map[string]int{}
	dec := new(mimeDecoder)
	for _, r := range srv.Received() {
		m, err := mail.ReadMessage(strings.NewReader(string(r.Data)))
		if err != nil {
			t.Fatal(err)
		}
		out[dec.decode(m.Header.Get("Subject"))]++
	}
	return out
}

// The SMTP server is down: nothing is lost, each message waits with a
// backoff; when it is back, two senders drain the outbox together and
// each message arrives exactly once. A recipient refused for good (5xx)
// is given up with the server's answer, shown to the admin; a busy answer
// (4xx) is retried.
func TestOutboxSurvivesSMTPDown(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, vn("2026-12-02 09:00"))
		addr, port := smtptest.FreeAddr(t)
		f.useMail(port)
		for i := range 10 {
			f.notify(db, "item_overdue", fmt.Sprintf("Nhiệm vụ quá hạn số %02d", i), "truongphong.kt", "truongphong.vhxh", "chutich")
		}
		if n := outboxCount(t, db, "pending"); n != 30 {
			t.Fatalf("outbox holds %d messages, want 30", n)
		}
		res, err := f.app.DrainOutbox(ctx, "a")
		if err != nil || res.Retried != 30 || res.Sent != 0 {
			t.Fatalf("drain with the server down: %+v %v", res, err)
		}
		// Not due again before the backoff.
		if res, _ := f.app.DrainOutbox(ctx, "a"); res != (app.DrainResult{}) {
			t.Fatalf("drained again at once: %+v", res)
		}
		srv := smtptest.StartAt(t, addr)
		srv.SetRefuse(func(rcpt string) error {
			if rcpt == "hung.nv@hoabinh.gov.vn" {
				return smtptest.Refusal(550, "5.1.1 Hộp thư không tồn tại")
			}
			return nil
		})
		f.now = f.now.Add(time.Minute)
		other := app.New(db, f.app.Log, t.TempDir())
		other.Now, other.Mailer, other.DataDir = f.app.Now, f.app.Mailer, f.app.DataDir
		var wg sync.WaitGroup
		results := make([]app.DrainResult, 2)
		for i, a := range []*app.App{f.app, other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := a.DrainOutbox(ctx, fmt.Sprintf("server-%d", i))
				if err != nil {
					t.Error(err)
				}
				results[i] = r
			}()
		}
		wg.Wait()
		sent, failed := results[0].Sent+results[1].Sent, results[0].Failed+results[1].Failed
		if sent != 20 || failed != 10 {
			t.Fatalf("after the server came back: %+v", results)
		}
		got := subjects(t, srv)
		for i := range 10 {
			if c := got[fmt.Sprintf("Nhiệm vụ quá hạn số %02d", i)]; c != 2 {
				t.Errorf("message %d arrived %d times, want 2 (one per accepted recipient)", i, c)
			}
		}
		if srv.Count() != 20 {
			t.Errorf("server received %d", srv.Count())
		}
		page, err := f.app.AdminJobs(ctx, f.actor("admin"))
		if err != nil {
			t.Fatal(err)
		}
		if page.Failed != 10 || len(page.FailedMail) != 10 || !strings.HasPrefix(page.FailedMail[0].LastError, "550") ||
			!strings.Contains(page.FailedMail[0].LastError, "Hộp thư không tồn tại") {
			t.Errorf("failed mail shown: %d %+v", page.Failed, page.FailedMail)
		}
		// Nothing left, nothing sent twice.
		f.now = f.now.Add(2 * time.Hour)
		if res, _ := f.app.DrainOutbox(ctx, "a"); res != (app.DrainResult{}) || srv.Count() != 20 {
			t.Errorf("a later drain: %+v, server %d", res, srv.Count())
		}
		// The admin fixes the address and sends one again.
		srv.SetRefuse(nil)
		if err := f.app.RetryMail(ctx, f.actor("admin"), page.FailedMail[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := f.app.RetryMail(ctx, f.actor("truongphong.kt"), page.FailedMail[1].ID); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a unit head resends mail: %v", err)
		}
		if res, _ := f.app.DrainOutbox(ctx, "a"); res.Sent != 1 || srv.Count() != 21 {
			t.Errorf("resent: %+v, server %d", res, srv.Count())
		}
		// A busy server (4xx) is retried later, with a growing wait.
		srv.SetRefuse(func(string) error { return smtptest.Refusal(451, "4.3.0 Thử lại sau") })
		f.notify(db, "item_overdue", "Nhiệm vụ quá hạn số 99", "truongphong.kt")
		for i, wait := range []time.Duration{0, time.Minute, 2 * time.Minute, 4 * time.Minute} {
			f.now = f.now.Add(wait)
			if res, _ := f.app.DrainOutbox(ctx, "a"); res.Retried != 1 {
				t.Fatalf("busy attempt %d: %+v", i, res)
			}
			if res, _ := f.app.DrainOutbox(ctx, "a"); res != (app.DrainResult{}) {
				t.Fatalf("retried before its wait (attempt %d): %+v", i, res)
			}
		}
	})
}

// Each person's choice per kind decides the channel: email at once goes
// to the outbox, the app only does not, the digest waits for the morning
// and goes out in it, once; an unknown kind or choice is refused.
func TestPreferencesRespected(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, vn("2026-12-02 09:00")) // a Wednesday
		srv := smtptest.Start(t)
		f.useMail(srv.Port)
		head := f.actor("truongphong.kt")
		if err := f.app.SetPreferences(ctx, head, map[string]string{"deadline_approaching": "email", "item_overdue": "in_app",
			"evaluation_result": "digest"}); err != nil {
			t.Fatal(err)
		}
		for _, bad := range []map[string]string{{"khong_co": "email"}, {"item_overdue": "sms"}, {}} {
			err := f.app.SetPreferences(ctx, head, bad)
			if !errs.Is(err, errs.Invalid) || len(errs.FieldsOf(err)) == 0 {
				t.Errorf("preferences %v: %v", bad, err)
			}
		}
		prefs, _ := f.app.Preferences(ctx, head)
		for _, p := range prefs {
			want := map[notify.Kind]notify.Delivery{"deadline_approaching": notify.Email, "item_overdue": notify.InApp,
				"evaluation_result": notify.InDigest}[p.Kind.Kind]
			if want != "" && (p.Delivery != want || !p.Chosen) {
				t.Errorf("preference %s: %+v", p.Kind.Kind, p)
			}
		}
		f.notify(db, "deadline_approaching", "Nhiệm vụ còn 01 ngày làm việc đến hạn: Rà soát", "truongphong.kt")
		f.notify(db, "item_overdue", "Nhiệm vụ quá hạn: Kiểm tra", "truongphong.kt")
		f.notify(db, "evaluation_result", "Đánh giá đạt: Báo cáo thu ngân sách", "truongphong.kt")
		var queued []store.OutboxMessage
		if err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			queued, err = tx.ClaimOutbox(ctx, "peek", f.now, f.now, 100)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if len(queued) != 1 || queued[0].To != "vinh.bq@hoabinh.gov.vn" || !strings.Contains(queued[0].Subject, "Rà soát") {
			t.Fatalf("outbox: %+v", queued)
		}
		// The digest goes out at 07:30 of the next working day, with the
		// evaluation in it; not before, not twice, not on a day off.
		f.now = vn("2026-12-03 07:29")
		if n, _ := f.app.SendDigests(ctx, head.WardID, f.now); n != 0 {
			t.Errorf("digest before its time: %d", n)
		}
		f.now = vn("2026-12-03 07:30")
		n, err := f.app.SendDigests(ctx, head.WardID, f.now)
		if err != nil || n == 0 {
			t.Fatalf("digests: %d %v", n, err)
		}
		if again, _ := f.app.SendDigests(ctx, head.WardID, vn("2026-12-03 08:00")); again != 0 {
			t.Errorf("digest twice: %d", again)
		}
		if sat, _ := f.app.SendDigests(ctx, head.WardID, vn("2026-12-05 08:00")); sat != 0 {
			t.Errorf("digest on a Saturday: %d", sat)
		}
		f.now = vn("2026-12-03 07:31")
		if _, err := f.app.DrainOutbox(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		var digest string
		dec := new(mimeDecoder)
		for _, r := range srv.Received() {
			m, err := mail.ReadMessage(strings.NewReader(string(r.Data)))
			if err != nil {
				t.Fatal(err)
			}
			if r.To[0] == "vinh.bq@hoabinh.gov.vn" && strings.HasPrefix(dec.decode(m.Header.Get("Subject")), "Bản tin công việc ngày 03/12/2026") {
				digest = string(r.Data)
			}
		}
		if digest == "" {
			t.Fatalf("no digest for the unit head among %d messages", srv.Count())
		}
		body := decodeQP(digest)
		if !strings.Contains(body, "Đánh giá đạt: Báo cáo thu ngân sách") || strings.Contains(body, "Nhiệm vụ quá hạn: Kiểm tra") {
			t.Errorf("digest content:\n%s", body)
		}
		// Gone out once: the next digest does not repeat it.
		f.now = vn("2026-12-04 07:30")
		f.app.SendDigests(ctx, head.WardID, f.now)
		var notes []store.Notification
		db.View(ctx, func(tx *store.Tx) error { var err error; notes, err = tx.DigestNotes(ctx, head.UserID); return err })
		if len(notes) != 0 {
			t.Errorf("notes still waiting for the digest: %d", len(notes))
		}
	})
}

type mimeDecoder struct{ mime.WordDecoder }

func (d *mimeDecoder) decode(s string) string {
	out, err := d.DecodeHeader(s)
	if err != nil {
		return s
	}
	return out
}

// decodeQP undoes quoted-printable over a whole message (headers pass).
func decodeQP(raw string) string {
	b, _ := io.ReadAll(quotedprintable.NewReader(strings.NewReader(raw)))
	return string(b)
}
