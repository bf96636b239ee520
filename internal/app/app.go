// Package app holds dieuhanh's use cases. Each one is a single transaction:
// authorize (auth.Can), apply the domain rule, store, audit, notify.
package app

import (
	"context"
	"log/slog"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/notify"
	"dieuhanh/internal/store"
)

// App is the set of use cases over one database.
type App struct {
	DB       *store.DB
	Now      func() time.Time // the clock, injected so tests never depend on today
	Password auth.Params
	Log      *slog.Logger
	DataDir  string // holds feed.key (and, for SQLite, the database); uploaded files live in the database
	// passwordSlots bounds concurrent argon2id runs: each takes 64 MiB, so a
	// burst of logins must queue rather than exhaust memory.
	passwordSlots chan struct{}
	// dummy is a hash checked for unknown logins, made on first use.
	dummy struct {
		once sync.Once
		hash string
	}

	feeds *feedCache // rendered calendar feeds (nil: none kept)

	// Email. MailEnv, when set, is the SMTP server of every ward, from the
	// environment (it wins over what an admin saved); Mailer sends.
	MailEnv *notify.MailSettings
	Mailer  notify.Mailer

	// Signatures reads the signatures of uploaded signed PDFs (nil: the
	// page says they were not checked).
	Signatures SignatureReader
}

// dummyHash is an argon2id hash with the current parameters, so an unknown
// login costs as much as a wrong password.
func (app *App) dummyHash() string {
	app.dummy.once.Do(func() {
		app.dummy.hash, _ = auth.HashPassword("dieuhanh-không-có-tài-khoản", app.Password)
	})
	return app.dummy.hash
}

// New returns an App with the real clock and default password cost.
func New(db *store.DB, log *slog.Logger, dataDir string) *App {
	app := &App{DB: db, Now: time.Now, Password: auth.DefaultParams(), Log: log, DataDir: dataDir,
		passwordSlots: make(chan struct{}, max(2, runtime.NumCPU())), feeds: newFeedCache()}
	app.Signatures = pdfSignatures{now: func() time.Time { return app.Now() }}
	return app
}

// withPasswordSlot runs fn (a password hash or check) once a slot is free.
func (app *App) withPasswordSlot(ctx context.Context, fn func()) error {
	if app.passwordSlots == nil {
		fn()
		return nil
	}
	select {
	case app.passwordSlots <- struct{}{}:
		fn()
		<-app.passwordSlots
		// The last check of a burst hands its 64 MiB blocks back to the
		// system now: left to the runtime they stayed resident for minutes
		// (378 MB after a burst of logins).
		if len(app.passwordSlots) == 0 {
			debug.FreeOSMemory()
		}
		return nil
	case <-ctx.Done():
		return errs.Wrap(ctx.Err(), "app: waiting to check a password")
	}
}

// checkPassword compares a password with its hash within the slots.
func (app *App) checkPassword(ctx context.Context, pw, hash string) (ok bool, err error) {
	if serr := app.withPasswordSlot(ctx, func() { ok, err = auth.CheckPassword(pw, hash) }); serr != nil {
		return false, serr
	}
	return ok, err
}

// hashPassword hashes a password within the slots.
func (app *App) hashPassword(ctx context.Context, pw string) (hash string, err error) {
	if serr := app.withPasswordSlot(ctx, func() { hash, err = auth.HashPassword(pw, app.Password) }); serr != nil {
		return "", serr
	}
	return hash, err
}

type ctxKey int

const requestIDKey ctxKey = 1

// WithRequestID tags ctx with the HTTP request id, so audit records can be
// matched with log lines.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

func requestID(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey).(string)
	return s
}

// forbidden is the refusal every use case returns when policy says no.
func forbidden() error {
	return errs.E(errs.Forbidden, "Bạn không có quyền thực hiện thao tác này.")
}

// require refuses unless policy allows the action.
func require(a auth.Actor, action auth.Action, t auth.Target) error {
	if t.WardID == 0 {
		t.WardID = a.WardID
	}
	if !auth.Can(a, action, t) {
		return errs.E(errs.Forbidden, auth.Refusal(a, action))
	}
	return nil
}

// audit appends the record of a change in the same transaction.
func (app *App) audit(ctx context.Context, tx *store.Tx, a auth.Actor, entity string, id int64, action, summary string, before, after any) error {
	return tx.AddAudit(ctx, store.AuditEntry{
		WardID: a.WardID, At: app.Now(), ActorID: a.UserID, ActorLogin: a.Login,
		Entity: entity, EntityID: id, Action: action, Summary: summary, RequestID: requestID(ctx),
	}, before, after)
}
