package app

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strings"
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/notify"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// Email: the ward's SMTP server (set by the admin, or for every ward by
// the environment), the test mail, and the sender that drains the outbox
// with retries and backoff.

// mailKey is the key that seals the SMTP password at rest, derived from
// feed.key (the deployment's secret, kept beside the database and backed
// up with it), so the database alone does not give the password away.
func (app *App) mailKey() ([]byte, error) {
	k, err := app.tokenKey()
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, k)
	m.Write([]byte("dieuhanh smtp password v1"))
	return m.Sum(nil), nil
}

func (app *App) seal(plain string) (string, error) {
	if plain == "" {
		return "", nil
	}
	key, err := app.mailKey()
	if err != nil {
		return "", err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return "", err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	rand.Read(nonce)
	return base64.StdEncoding.EncodeToString(gcm.Seal(nonce, nonce, []byte(plain), nil)), nil
}

func (app *App) unseal(sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	key, err := app.mailKey()
	if err != nil {
		return "", err
	}
	b, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil {
		return "", errs.Wrap(err, "app: sealed password")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return "", err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return "", err
	}
	if len(b) < gcm.NonceSize() {
		return "", errors.New("app: sealed password too short")
	}
	plain, err := gcm.Open(nil, b[:gcm.NonceSize()], b[gcm.NonceSize():], nil)
	if err != nil {
		return "", errs.E(errs.Internal, "Không mở được mật khẩu máy chủ thư: tệp feed.key đã thay đổi? Hãy nhập lại mật khẩu.")
	}
	return string(plain), nil
}

// mailSettingsFor returns the settings a ward's mail goes out with and
// whether email is on.
func (app *App) mailSettingsFor(ctx context.Context, wardID int64) (bool, notify.MailSettings, error) {
	if app.MailEnv != nil {
		return true, *app.MailEnv, nil
	}
	var row store.MailSettingsRow
	if err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		row, err = tx.MailSettings(ctx, wardID)
		return err
	}); err != nil {
		return false, notify.MailSettings{}, err
	}
	s := notify.MailSettings{Host: row.Host, Port: row.Port, Username: row.Username, TLS: notify.TLSMode(row.TLS),
		Sender: row.Sender, BaseURL: row.BaseURL}
	var err error
	s.Password, err = app.unseal(row.PasswordSealed)
	return s.Configured(), s, err
}

// MailView is the settings page: what is saved, the password only masked.
type MailView struct {
	Settings notify.MailSettings // Password holds the mask, never the secret
	FromEnv  bool                // set by the environment: the page only shows it
	Version  int
}

// MailSettings returns the ward's email settings for its admin.
func (app *App) MailSettings(ctx context.Context, a auth.Actor) (MailView, error) {
	if err := require(a, auth.ManageMail, auth.Target{}); err != nil {
		return MailView{}, err
	}
	if app.MailEnv != nil {
		s := *app.MailEnv
		s.Password = notify.MaskSecret(s.Password)
		return MailView{Settings: s, FromEnv: true}, nil
	}
	var v MailView
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		row, err := tx.MailSettings(ctx, a.WardID)
		v.Version = row.Version
		v.Settings = notify.MailSettings{Host: row.Host, Port: row.Port, Username: row.Username, TLS: notify.TLSMode(row.TLS),
			Sender: row.Sender, BaseURL: row.BaseURL}
		if row.PasswordSealed != "" {
			pw, err := app.unseal(row.PasswordSealed)
			if err != nil {
				pw = "??????????"
			}
			v.Settings.Password = notify.MaskSecret(pw)
		}
		return err
	})
	return v, err
}

// MailInput is the settings form. An empty Password keeps the saved one
// (the page never shows it back); ClearPassword removes it. An empty Host
// turns email off.
type MailInput struct {
	Version       int
	Host          string
	Port          int
	Username      string
	Password      string
	ClearPassword bool
	TLS           string
	Sender        string
	BaseURL       string
}

// SaveMailSettings saves the ward's SMTP server, validated, the password
// sealed, audited (without the password).
func (app *App) SaveMailSettings(ctx context.Context, a auth.Actor, in MailInput) error {
	if err := require(a, auth.ManageMail, auth.Target{}); err != nil {
		return err
	}
	if app.MailEnv != nil {
		return errs.E(errs.Conflict, "Máy chủ thư đang được cấu hình bằng biến môi trường (DIEUHANH_SMTP_HOST…); hãy sửa ở đó.")
	}
	s := notify.MailSettings{Host: strings.TrimSpace(in.Host), Port: in.Port, Username: strings.TrimSpace(in.Username),
		TLS: notify.TLSMode(in.TLS), Sender: vntext.Clean(in.Sender), BaseURL: strings.TrimRight(strings.TrimSpace(in.BaseURL), "/")}
	now := app.Now()
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		before, err := tx.MailSettings(ctx, a.WardID)
		if err != nil {
			return err
		}
		if before.Version != in.Version {
			return errs.E(errs.Conflict, "Cấu hình thư đã được người khác thay đổi trong lúc bạn sửa. Vui lòng tải lại trang rồi sửa lại.")
		}
		sealed := before.PasswordSealed
		switch {
		case in.ClearPassword:
			sealed = ""
		case in.Password != "":
			s.Password = in.Password
		default:
			if s.Password, err = app.unseal(sealed); err != nil {
				return err
			}
		}
		if s.Host == "" {
			s = notify.MailSettings{} // email off
			sealed = ""
		}
		if err := s.Validate(); err != nil {
			return err
		}
		if in.Password != "" && s.Host != "" {
			if sealed, err = app.seal(in.Password); err != nil {
				return err
			}
		}
		row := store.MailSettingsRow{WardID: a.WardID, Host: s.Host, Port: s.Port, Username: s.Username, PasswordSealed: sealed,
			TLS: string(s.TLS), Sender: s.Sender, BaseURL: s.BaseURL, UpdatedAt: now, Version: before.Version}
		if s.Host == "" {
			row.Port, row.TLS = 587, string(notify.TLSStartTLS)
		}
		if err := tx.SaveMailSettings(ctx, row); err != nil {
			return err
		}
		view := func(r store.MailSettingsRow) map[string]any {
			return map[string]any{"host": r.Host, "port": r.Port, "username": r.Username, "tls": r.TLS, "sender": r.Sender,
				"base_url": r.BaseURL, "password_set": r.PasswordSealed != ""}
		}
		summary := "Cập nhật cấu hình gửi thư"
		if s.Host == "" {
			summary = "Tắt gửi thư"
		}
		return app.audit(ctx, tx, a, "mail_settings", a.WardID, "update", summary, view(before), view(row))
	})
}

// TestMail sends a test message to to with the ward's settings and returns
// the server's answer; a refusal (or a server out of reach) is an Invalid
// error carrying the answer, for the admin to read.
func (app *App) TestMail(ctx context.Context, a auth.Actor, to string) (string, error) {
	if err := require(a, auth.ManageMail, auth.Target{}); err != nil {
		return "", err
	}
	to = strings.TrimSpace(to)
	if _, err := mail.ParseAddress(to); err != nil || strings.ContainsAny(to, "\r\n") {
		return "", errs.Fields{"to": "Địa chỉ nhận thư thử không hợp lệ, ví dụ ten@hoabinh.gov.vn."}.Err()
	}
	on, s, err := app.mailSettingsFor(ctx, a.WardID)
	if err != nil {
		return "", err
	}
	if !on {
		return "", errs.E(errs.Invalid, "Chưa cấu hình máy chủ thư: hãy lưu cấu hình trước khi gửi thư thử.")
	}
	answer, err := app.Mailer.Test(ctx, s, to)
	if err != nil {
		return "", errs.Fields{"to": "Không gửi được thư thử. Máy chủ thư trả lời: " + err.Error()}.Err()
	}
	return answer, nil
}

// RetryMail puts a message given up back into the outbox.
func (app *App) RetryMail(ctx context.Context, a auth.Actor, id int64) error {
	if err := require(a, auth.ManageMail, auth.Target{}); err != nil {
		return err
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.RetryOutbox(ctx, a.WardID, id, app.Now()); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "outbox", id, "retry", fmt.Sprintf("Gửi lại thư số %d", id), nil, nil)
	})
}

// The outbox sender's pace.
const (
	outboxBatch       = 100             // messages per claim (one SMTP connection)
	outboxLease       = 5 * time.Minute // a claim left this long by a dead server is taken over
	outboxMaxAttempts = 30              // temporary failures before giving up (about a day)
)

// outboxBackoff is the wait after the n-th failed attempt: 1, 2, 4 … minutes,
// at most an hour.
func outboxBackoff(n int) time.Duration {
	d := time.Minute
	for i := 1; i < n && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// DrainResult counts what one drain did.
type DrainResult struct{ Sent, Retried, Failed int }

// DrainOutbox sends what is due in the outbox, batch after batch, until
// nothing is due: each batch is claimed for owner (SKIP LOCKED on
// PostgreSQL), sent over one connection per ward, and each message
// recorded sent, put back for a retry with backoff (the server was down or
// answered 4xx), or given up with the server's answer (5xx, or too many
// attempts).
func (app *App) DrainOutbox(ctx context.Context, owner string) (DrainResult, error) {
	var res DrainResult
	for ctx.Err() == nil {
		now := app.Now()
		var batch []store.OutboxMessage
		if err := app.DB.Update(ctx, func(tx *store.Tx) error {
			var err error
			batch, err = tx.ClaimOutbox(ctx, owner, now, now.Add(outboxLease), outboxBatch)
			return err
		}); err != nil || len(batch) == 0 {
			return res, err
		}
		byWard := map[int64][]store.OutboxMessage{}
		var wards []int64
		for _, m := range batch {
			if _, ok := byWard[m.WardID]; !ok {
				wards = append(wards, m.WardID)
			}
			byWard[m.WardID] = append(byWard[m.WardID], m)
		}
		for _, w := range wards {
			// Each ward's results are written bound to it (its own stamp).
			if err := app.sendWard(store.ForWard(ctx, w), owner, w, byWard[w], &res); err != nil {
				return res, err
			}
		}
	}
	return res, ctx.Err()
}

func (app *App) sendWard(ctx context.Context, owner string, wardID int64, batch []store.OutboxMessage, res *DrainResult) error {
	on, s, err := app.mailSettingsFor(ctx, wardID)
	var results []notify.Result
	switch {
	case err != nil:
		return err
	case !on:
		results = make([]notify.Result, len(batch))
		for i := range results {
			results[i] = notify.Result{Temporary: true, Answer: "Chưa cấu hình máy chủ thư."}
		}
	default:
		msgs := make([]notify.Message, len(batch))
		for i, m := range batch {
			msgs[i] = notify.Message{ID: m.ID, To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML, Link: m.Link}
			if m.AttachmentSHA256 != "" {
				data, err := app.blobBytes(ctx, m.AttachmentSHA256)
				if err != nil {
					return err
				}
				msgs[i].Attachment = notify.Attachment{Name: m.AttachmentName, Data: data}
			}
		}
		results = app.Mailer.Send(ctx, s, msgs)
	}
	now := app.Now()
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		for i, m := range batch {
			r := results[i]
			var err error
			switch {
			case r.Delivered:
				err = tx.OutboxSent(ctx, m.ID, owner, r.Answer, now)
				res.Sent++
			case r.Temporary && m.Attempts+1 < outboxMaxAttempts:
				err = tx.OutboxRetry(ctx, m.ID, owner, r.Answer, now.Add(outboxBackoff(m.Attempts+1)))
				res.Retried++
			default:
				err = tx.OutboxFail(ctx, m.ID, owner, r.Answer)
				res.Failed++
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// RunOutbox drains the outbox now and then every interval (real time)
// until ctx ends; what is due is decided on app.Now.
func (app *App) RunOutbox(ctx context.Context, owner string, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if res, err := app.DrainOutbox(ctx, owner); err != nil && ctx.Err() == nil && app.Log != nil {
			app.Log.Error("outbox", "err", err)
		} else if res != (DrainResult{}) && app.Log != nil {
			app.Log.Info("outbox", "sent", res.Sent, "retry", res.Retried, "failed", res.Failed)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// blobBytes reads a stored file whole (a mail attachment, a few hundred
// kilobytes at most).
func (app *App) blobBytes(ctx context.Context, sum string) ([]byte, error) {
	r, err := app.DB.OpenBlob(ctx, sum)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}
