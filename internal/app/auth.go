package app

import (
	"context"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
)

// wrongLogin is the same message for an unknown login and a wrong password,
// so the form does not reveal which logins exist.
func wrongLogin() error {
	return errs.Fields{"password": "Tên đăng nhập hoặc mật khẩu không đúng."}.Err()
}

// MaxLoginLength bounds a typed login; a longer one is refused before the
// database is touched (each attempt is counted under the login typed).
const MaxLoginLength = 64

// maxLoginPasswordBytes bounds a typed password before it is hashed.
const maxLoginPasswordBytes = 1024

// loginQueueWait is how long an attempt may wait for attempts on the same
// counters that are being checked at that moment (auth.Busy). Each check
// takes 0.1–0.7 s of a password slot, so twenty people signing in to one
// account at once on a busy server need well over ten seconds.
const loginQueueWait = 30 * time.Second

type clientAddressKey struct{}

// WithClientAddress tags ctx with the address a request came from; login
// throttling counts per address.
func WithClientAddress(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientAddressKey{}, addr)
}

func clientAddress(ctx context.Context) string {
	s, _ := ctx.Value(clientAddressKey{}).(string)
	return s
}

// Login checks a login and password in a deployment where the login names
// one account (LoginInWard with no ward).
func (app *App) Login(ctx context.Context, login, password string) (org.User, error) {
	return app.LoginInWard(ctx, "", login, password)
}

// wardDisabled is the refusal of an account whose ward the province
// disabled, at sign-in and at the next request of a live session or token.
func wardDisabled(u org.User) error {
	return errs.E(errs.Unauthorized, "Phường của tài khoản này đã ngừng hoạt động trên hệ thống: tài khoản của phường không đăng nhập được. Vui lòng liên hệ quản trị cấp tỉnh.")
}

// ErrWardRequired is the rule code of a sign-in whose login exists in
// several wards and that named none.
const ErrWardRequired = "ward_required"

// LoginInWard checks a login and password. ward is the code of the ward
// the login belongs to (org.ProvinceCode for a province account); empty, a
// login that names exactly one account signs in, and one of several wards
// is refused asking for the ward. Throttling is kept in the database, per
// login at the client's address and per address (auth.BeginAttempt): the
// attempt is counted before the account is looked up and its outcome
// after, so asking which wards have a login costs attempts like guessing a
// password does.
func (app *App) LoginInWard(ctx context.Context, ward, login, password string) (user org.User, err error) {
	login = strings.ToLower(strings.TrimSpace(login))
	ward = strings.ToLower(strings.TrimSpace(ward))
	f := errs.Fields{}
	switch {
	case login == "":
		f.Add("login", "Vui lòng nhập tên đăng nhập.")
	case utf8.RuneCountInString(login) > MaxLoginLength:
		f.Add("login", "Tên đăng nhập không quá 64 ký tự.")
	case strings.ContainsFunc(login, unicode.IsControl): // (ToLower made it valid UTF-8)
		f.Add("login", "Tên đăng nhập có ký tự không hợp lệ.")
	}
	if ward != "" && ward != org.ProvinceCode && !org.ValidWardCode(ward) {
		f.Add("ward", "Mã phường không hợp lệ.")
	}
	switch {
	case password == "":
		f.Add("password", "Vui lòng nhập mật khẩu.")
	case len(password) > maxLoginPasswordBytes:
		f.Add("password", "Mật khẩu quá dài.")
	}
	if err := f.Err(); err != nil {
		return org.User{}, err
	}
	addr := clientAddress(ctx)
	if err := app.beginLoginAttempt(ctx, login, addr); err != nil {
		return org.User{}, err
	}
	ok := false
	defer func() {
		// Recorded even when the client has gone, or the attempt would
		// stay counted as being checked.
		if endErr := app.endLoginAttempt(context.WithoutCancel(ctx), login, addr, ok); endErr != nil && err == nil {
			user, err = org.User{}, endErr
		}
	}()
	var hash string
	var candidates []org.User
	err = app.DB.View(ctx, func(tx *store.Tx) error {
		if ward != "" && ward != org.ProvinceCode {
			if _, err := tx.WardByCode(ctx, ward); errs.Is(err, errs.NotFound) {
				return errs.Fields{"ward": "Không có phường mã " + ward + "."}.Err()
			} else if err != nil {
				return err
			}
		}
		all, err := tx.LoginCandidates(ctx, login)
		if err != nil {
			return err
		}
		for _, u := range all {
			// Without a ward, a disabled ward's account is no candidate: its
			// people are told when they name their ward, and the same login
			// of an active ward is not made ambiguous by it.
			if (ward == "" && !u.WardDisabled) || (ward == org.ProvinceCode && u.WardID == 0) || (u.WardID != 0 && u.WardCode == ward) {
				candidates = append(candidates, u)
			}
		}
		if len(candidates) == 1 {
			user = candidates[0]
			hash, err = tx.PasswordHash(ctx, user.ID)
		}
		return err
	})
	switch {
	case err != nil:
		return org.User{}, err
	case len(candidates) > 1:
		return org.User{}, &errs.Error{Kind: errs.Invalid, Code: ErrWardRequired,
			Message: "Tên đăng nhập này có ở nhiều phường: vui lòng chọn phường.",
			Fields:  map[string]string{"ward": "Tên đăng nhập này có ở nhiều phường: vui lòng chọn phường."}}
	case len(candidates) == 0:
		// Spend the same time as for a real account, so timing does not
		// tell which logins exist.
		app.checkPassword(ctx, password, app.dummyHash())
		return org.User{}, wrongLogin()
	}
	match, err := app.checkPassword(ctx, password, hash)
	if err != nil {
		app.Log.Error("password check", "login", login, "err", err)
	}
	if !match {
		return org.User{}, wrongLogin()
	}
	if user.Disabled {
		return org.User{}, errs.Fields{"login": "Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị hệ thống."}.Err()
	}
	if user.WardDisabled {
		return org.User{}, errs.Fields{"ward": errs.Message(wardDisabled(user))}.Err()
	}
	ok = true
	return user, nil
}

// beginLoginAttempt counts an attempt as being checked, or refuses it while
// the login at this address, or the address, must wait. While attempts
// being checked could use up what is left, it waits for their outcome, so
// several right passwords at the same moment all get in.
func (app *App) beginLoginAttempt(ctx context.Context, login, addr string) error {
	// Real time: this bounds a wait, it is not a date of the domain.
	deadline := time.Now().Add(loginQueueWait)
	pause := 10 * time.Millisecond
	for {
		var verdict auth.Verdict
		var wait time.Duration
		err := app.DB.UpdateUnkept(ctx, func(tx *store.Tx) error {
			now := app.Now()
			cs, err := tx.LockLoginCounters(ctx, now, store.LoginCounter{Address: addr}, store.LoginCounter{Login: login, Address: addr})
			if err != nil {
				return err
			}
			var pair, address auth.Counter
			pair, address, verdict, wait = auth.BeginAttempt(counterOf(cs[1]), counterOf(cs[0]), now)
			if verdict != auth.Allow {
				return nil
			}
			if err := tx.SaveLoginCounter(ctx, storedCounter(cs[0], address)); err != nil {
				return err
			}
			return tx.SaveLoginCounter(ctx, storedCounter(cs[1], pair))
		})
		switch {
		case err != nil:
			return err
		case verdict == auth.Allow:
			return nil
		case verdict == auth.Refuse:
			return errs.Ef(errs.TooMany, "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %d giây.", int(math.Ceil(wait.Seconds())))
		case time.Now().After(deadline):
			return errs.E(errs.TooMany, "Đang có nhiều lần đăng nhập cùng lúc. Vui lòng thử lại sau ít giây.")
		}
		select {
		case <-time.After(pause):
		case <-ctx.Done():
			return errs.Wrap(ctx.Err(), "app: waiting for other login attempts")
		}
		pause = min(2*pause, 200*time.Millisecond)
	}
}

// endLoginAttempt records the outcome of an attempt begun above.
func (app *App) endLoginAttempt(ctx context.Context, login, addr string, ok bool) error {
	return app.DB.UpdateUnkept(ctx, func(tx *store.Tx) error {
		now := app.Now()
		cs, err := tx.LockLoginCounters(ctx, now, store.LoginCounter{Address: addr}, store.LoginCounter{Login: login, Address: addr})
		if err != nil {
			return err
		}
		pair, address := auth.EndAttempt(counterOf(cs[1]), counterOf(cs[0]), ok, now)
		if err := tx.SaveLoginCounter(ctx, storedCounter(cs[0], address)); err != nil {
			return err
		}
		return tx.SaveLoginCounter(ctx, storedCounter(cs[1], pair))
	})
}

func counterOf(c store.LoginCounter) auth.Counter {
	return auth.Counter{Failures: c.Failures, Pending: c.Pending, LastFailure: c.LastFailure, LastAttempt: c.LastAttempt}
}

func storedCounter(key store.LoginCounter, c auth.Counter) store.LoginCounter {
	key.Failures, key.Pending, key.LastFailure, key.LastAttempt = c.Failures, c.Pending, c.LastFailure, c.LastAttempt
	return key
}

// Actor loads the signed-in user and what policy needs about them.
func (app *App) Actor(ctx context.Context, userID int64) (auth.Actor, org.User, error) {
	var ac signedIn
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		ac, err = store.Cached(ctx, tx, accountKey{userID}, func() (signedIn, error) { return readAccount(ctx, tx, userID) })
		return err
	})
	a, u := ac.actor, ac.user
	if err == nil && u.Disabled {
		err = errs.E(errs.Unauthorized, "Tài khoản đã bị khóa.")
	}
	if err == nil && u.WardDisabled {
		err = wardDisabled(u)
	}
	if errs.Is(err, errs.NotFound) {
		err = errs.E(errs.Unauthorized, "Phiên đăng nhập không còn hợp lệ.")
	}
	return a, u, err
}

// signedIn is an account as every request of it needs it.
type signedIn struct {
	actor auth.Actor
	user  org.User
}

// accountKey keeps an account between its requests until anything
// changes (locking it, a new role, a new portfolio all raise the stamp).
type accountKey struct{ user int64 }

func readAccount(ctx context.Context, tx *store.Tx, userID int64) (signedIn, error) {
	u, err := tx.User(ctx, userID)
	if err != nil {
		return signedIn{}, err
	}
	a := auth.Actor{UserID: u.ID, Login: u.Login, WardID: u.WardID, Role: u.Role, UnitID: u.UnitID, PersonID: u.PersonID}
	if u.Role.IsLeader() && u.LeaderID != 0 {
		a.LeaderID = u.LeaderID
		l, err := tx.Leader(ctx, u.WardID, u.LeaderID)
		if err != nil {
			return signedIn{}, err
		}
		for _, p := range l.Portfolios {
			a.PortfolioUnitIDs = append(a.PortfolioUnitIDs, p.UnitIDs...)
		}
	}
	return signedIn{a, u}, nil
}

// SessionActor loads the user of a web session. A session started before
// the account last changed (a new password, a reset, a new role, a lock)
// is over: every device signs in again. Pages and the API both ask here.
func (app *App) SessionActor(ctx context.Context, userID int64, version int) (auth.Actor, org.User, error) {
	a, u, err := app.Actor(ctx, userID)
	if err == nil && version != u.Version {
		err = errs.E(errs.Unauthorized, "Tài khoản đã thay đổi, vui lòng đăng nhập lại.")
	}
	return a, u, err
}

// ActorByToken resolves a bearer API token: live, not expired, its account
// not locked.
func (app *App) ActorByToken(ctx context.Context, token string) (auth.Actor, org.User, error) {
	hash := auth.TokenHash(token)
	var t liveToken
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		t, err = store.Cached(ctx, tx, tokenKey{hash}, func() (liveToken, error) {
			id, expires, err := tx.TokenUser(ctx, hash)
			return liveToken{id, expires}, err
		})
		return err
	})
	if err == nil && !app.Now().Before(t.expires) {
		err = errs.E(errs.Unauthorized, "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.")
	}
	// (The same rule as store.UserIDByToken, on the kept row.)
	if err != nil {
		return auth.Actor{}, org.User{}, err
	}
	return app.Actor(ctx, t.user)
}

// tokenKey keeps a live token's account and expiry between requests
// (revoking it, or locking the account, changes the stamp).
type tokenKey struct{ hash string }

type liveToken struct {
	user    int64
	expires time.Time
}

// CreateToken issues an API token for a user, expiring after the ward's
// setting; only its hash is stored.
func (app *App) CreateToken(ctx context.Context, userID int64, name string) (string, time.Time, error) {
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > 100 || !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl) {
		return "", time.Time{}, errs.Fields{"name": "Tên mã truy cập tối đa 100 ký tự, không có ký tự điều khiển."}.Err()
	}
	token, hash, err := auth.NewToken()
	if err != nil {
		return "", time.Time{}, errs.Wrap(err, "app: token")
	}
	var expires time.Time
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		u, err := tx.User(ctx, userID)
		if err != nil {
			return err
		}
		// A province account has no ward: its tokens last the default.
		settings := org.DefaultSettings()
		if u.WardID != 0 {
			w, err := tx.Ward(ctx, u.WardID)
			if err != nil {
				return err
			}
			settings = w.Settings
		}
		now := app.Now()
		expires = now.AddDate(0, 0, settings.WithDefaults().APITokenDays)
		_, err = tx.CreateAPIToken(ctx, userID, hash, name, now, expires)
		return err
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return token, expires, nil
}

// RevokeCurrentToken ends the bearer token a request was made with.
func (app *App) RevokeCurrentToken(ctx context.Context, a auth.Actor, token string) error {
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		return tx.RevokeAPITokenByHash(ctx, a.UserID, auth.TokenHash(token), app.Now())
	})
}

// TokensOf lists a user's API tokens for the operator's command line (no
// session there: whoever runs it runs the server).
func (app *App) TokensOf(ctx context.Context, userID int64) ([]store.APIToken, error) {
	var out []store.APIToken
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.APITokens(ctx, userID)
		return err
	})
	return out, err
}

// RevokeToken ends one API token (the operator's command line).
func (app *App) RevokeToken(ctx context.Context, id int64) error {
	return app.DB.Update(ctx, func(tx *store.Tx) error { return tx.RevokeAPIToken(ctx, id, app.Now()) })
}

// RevokeTokensOf ends every API token of a user (the operator's command line).
func (app *App) RevokeTokensOf(ctx context.Context, userID int64) error {
	return app.DB.Update(ctx, func(tx *store.Tx) error { return tx.RevokeUserTokens(ctx, userID, app.Now()) })
}

// keepEndedTokens is how long a revoked or expired token stays listed.
const keepEndedTokens = 30 * 24 * time.Hour

// Pruned counts what PruneAuthRecords deleted.
type Pruned struct{ Sessions, Tokens, LoginCounters int64 }

// PruneAuthRecords deletes what sign-in leaves behind: expired sessions,
// API tokens ended more than 30 days ago, and login counters whose failures
// are forgotten. The server runs it at start and then periodically.
func (app *App) PruneAuthRecords(ctx context.Context) (Pruned, error) {
	var p Pruned
	now := app.Now()
	err := app.DB.UpdateUnkept(ctx, func(tx *store.Tx) error {
		var err error
		// Session expiries are set by the session library on the real clock.
		if p.Sessions, err = tx.PruneSessions(ctx, time.Now()); err != nil {
			return err
		}
		if p.Tokens, err = tx.PruneAPITokens(ctx, now.Add(-keepEndedTokens)); err != nil {
			return err
		}
		p.LoginCounters, err = tx.PruneLoginCounters(ctx, now.Add(-auth.PairRule().Forget))
		return err
	})
	return p, err
}

// ChangePassword lets a user replace their own password.
func (app *App) ChangePassword(ctx context.Context, a auth.Actor, current, next, confirm string) error {
	f := errs.Fields{}
	if msg := org.PasswordProblem(next, a.Login); msg != "" {
		f.Add("new_password", msg)
	}
	if next != confirm {
		f.Add("confirm", "Mật khẩu nhập lại không khớp.")
	}
	var hash string
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		hash, err = tx.PasswordHash(ctx, a.UserID)
		return err
	})
	if err != nil {
		return err
	}
	if ok, _ := app.checkPassword(ctx, current, hash); !ok {
		f.Add("current_password", "Mật khẩu hiện tại không đúng.")
	}
	if err := f.Err(); err != nil {
		return err
	}
	newHash, err := app.hashPassword(ctx, next)
	if err != nil {
		return errs.Wrap(err, "app: hash")
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetPassword(ctx, a.UserID, newHash); err != nil {
			return err
		}
		// A new password ends the API tokens made with the old one.
		if err := tx.RevokeUserTokens(ctx, a.UserID, app.Now()); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "user", a.UserID, "change_password", "Đổi mật khẩu", nil, nil)
	})
}

// SystemActor is the actor of CLI commands and the demo loader: an admin of
// the given ward acting outside any session.
func SystemActor(wardID int64) auth.Actor {
	return auth.Actor{UserID: -1, Login: "system", WardID: wardID, Role: org.RoleAdmin}
}

// userSummary is the audit view of an account (never the hash).
func userSummary(in org.UserInput) map[string]any {
	return map[string]any{"login": in.Login, "role": in.Role, "person_id": in.PersonID}
}
