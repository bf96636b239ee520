package app

import (
	"context"
	"math"
	"strings"
	"time"

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

// Login checks a login and password, with throttling kept in the database:
// after five failures each further attempt must wait longer.
func (app *App) Login(ctx context.Context, login, password string) (org.User, error) {
	login = strings.ToLower(strings.TrimSpace(login))
	if login == "" || password == "" {
		f := errs.Fields{}
		if login == "" {
			f.Add("login", "Vui lòng nhập tên đăng nhập.")
		}
		if password == "" {
			f.Add("password", "Vui lòng nhập mật khẩu.")
		}
		return org.User{}, f.Err()
	}
	now := app.Now()
	// Count the attempt first (it is cleared on success), refusing it when
	// the login must still wait after repeated failures.
	var wait time.Duration
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		_, _, ok, err := tx.ReserveLoginAttempt(ctx, login, now, func(n int, last time.Time) bool {
			wait = auth.LoginWait(n, last, now)
			return wait > 0
		})
		if err == nil && !ok {
			return errs.Ef(errs.TooMany, "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %d giây.", int(math.Ceil(wait.Seconds())))
		}
		return err
	})
	if err != nil {
		return org.User{}, err
	}
	var user org.User
	var hash string
	err = app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		user, hash, err = tx.UserByLogin(ctx, login)
		return err
	})
	switch {
	case errs.Is(err, errs.NotFound):
		// Spend the same time as for a real account, so timing does not
		// tell which logins exist.
		app.checkPassword(ctx, password, app.dummyHash())
		return org.User{}, wrongLogin()
	case err != nil:
		return org.User{}, err
	}
	ok, err := app.checkPassword(ctx, password, hash)
	if err != nil {
		app.Log.Error("password check", "login", login, "err", err)
	}
	if !ok {
		return org.User{}, wrongLogin()
	}
	if user.Disabled {
		return org.User{}, errs.Fields{"login": "Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị hệ thống."}.Err()
	}
	if err := app.DB.Update(ctx, func(tx *store.Tx) error { return tx.ClearLoginFailures(ctx, login) }); err != nil {
		return org.User{}, err
	}
	return user, nil
}

// Actor loads the signed-in user and what policy needs about them.
func (app *App) Actor(ctx context.Context, userID int64) (auth.Actor, org.User, error) {
	var u org.User
	var a auth.Actor
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		u, err = tx.User(ctx, userID)
		if err != nil {
			return err
		}
		if u.Disabled {
			return errs.E(errs.Unauthorized, "Tài khoản đã bị khóa.")
		}
		a = auth.Actor{UserID: u.ID, Login: u.Login, WardID: u.WardID, Role: u.Role, UnitID: u.UnitID, PersonID: u.PersonID}
		if u.Role.IsLeader() && u.LeaderID != 0 {
			a.LeaderID = u.LeaderID
			l, err := tx.Leader(ctx, u.WardID, u.LeaderID)
			if err != nil {
				return err
			}
			for _, p := range l.Portfolios {
				a.PortfolioUnitIDs = append(a.PortfolioUnitIDs, p.UnitIDs...)
			}
		}
		return nil
	})
	if errs.Is(err, errs.NotFound) {
		err = errs.E(errs.Unauthorized, "Phiên đăng nhập không còn hợp lệ.")
	}
	return a, u, err
}

// ActorByToken resolves a bearer API token.
func (app *App) ActorByToken(ctx context.Context, token string) (auth.Actor, org.User, error) {
	var id int64
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.UserIDByToken(ctx, auth.TokenHash(token))
		return err
	})
	if err != nil {
		return auth.Actor{}, org.User{}, err
	}
	return app.Actor(ctx, id)
}

// CreateToken issues an API token for a user; only its hash is stored.
func (app *App) CreateToken(ctx context.Context, userID int64, name string) (string, error) {
	token, hash, err := auth.NewToken()
	if err != nil {
		return "", errs.Wrap(err, "app: token")
	}
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		return tx.CreateAPIToken(ctx, userID, hash, name, app.Now())
	})
	return token, err
}

// ChangePassword lets a user replace their own password.
func (app *App) ChangePassword(ctx context.Context, a auth.Actor, current, next, confirm string) error {
	f := errs.Fields{}
	if msg := org.PasswordProblem(next); msg != "" {
		f.Add("new_password", msg)
	}
	if next != confirm {
		f.Add("confirm", "Mật khẩu nhập lại không khớp.")
	}
	var hash string
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		_, hash, err = tx.UserByLogin(ctx, a.Login)
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
