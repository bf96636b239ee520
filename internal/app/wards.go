package app

import (
	"context"
	"strings"
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
)

// Several wards in one deployment (issue 13): the province creates a ward
// with its first admin account, disables and enables it, and sees every
// ward's state. Province accounts belong to no ward (ward id 0); the audit
// of what they do to a ward is kept in that ward's log.

// ProvinceSystemActor is the actor of the operator's ward commands: the
// province's administrator acting outside any session.
func ProvinceSystemActor() auth.Actor {
	return auth.Actor{UserID: -1, Login: "system", Role: org.RoleProvinceAdmin}
}

// wardAudit appends the record of a change to a ward, in that ward's log.
func (app *App) wardAudit(ctx context.Context, tx *store.Tx, a auth.Actor, wardID int64, entity string, id int64, action, summary string, before, after any) error {
	return tx.AddAudit(ctx, store.AuditEntry{
		WardID: wardID, At: app.Now(), ActorID: a.UserID, ActorLogin: a.Login,
		Entity: entity, EntityID: id, Action: action, Summary: summary, RequestID: requestID(ctx),
	}, before, after)
}

func wardSummary(w org.Ward) map[string]any {
	m := map[string]any{"code": w.Code, "name": w.Name, "place_name": w.PlaceName, "parent_name": w.ParentName, "disabled": w.Disabled()}
	if w.DisabledAt != nil {
		m["disabled_at"] = w.DisabledAt.UTC()
	}
	return m
}

// AddWard creates a ward and its first admin account in one transaction: a
// code already used, or a bad admin login or password, changes nothing.
func (app *App) AddWard(ctx context.Context, a auth.Actor, in org.WardInput, admin org.UserInput) (org.Ward, error) {
	if err := require(a, auth.ManageWards, auth.Target{}); err != nil {
		return org.Ward{}, err
	}
	in = in.Normalize()
	admin.Role = string(org.RoleAdmin)
	admin.PersonID = 0
	admin = admin.Normalize()
	f := errs.Fields{}
	if err := in.Validate(); err != nil {
		for k, v := range errs.FieldsOf(err) {
			f.Add(k, v)
		}
	}
	if err := admin.Validate(true); err != nil {
		for k, v := range errs.FieldsOf(err) {
			f.Add("admin_"+k, v)
		}
	}
	if err := f.Err(); err != nil {
		return org.Ward{}, err
	}
	hash, err := app.hashPassword(ctx, admin.Password)
	if err != nil {
		return org.Ward{}, errs.Wrap(err, "app: hash")
	}
	var w org.Ward
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.WardByCode(ctx, in.Code); err == nil {
			return errs.Fields{"code": "Mã phường " + in.Code + " đã có phường dùng."}.Err()
		} else if !errs.Is(err, errs.NotFound) {
			return err
		}
		now := app.Now()
		id, err := tx.CreateWard(ctx, in.Ward(), now)
		if err != nil {
			return err
		}
		if w, err = tx.Ward(ctx, id); err != nil {
			return err
		}
		uid, err := tx.CreateUser(ctx, id, admin, hash, now)
		if err != nil {
			return err
		}
		if err := app.wardAudit(ctx, tx, a, id, "ward", id, "create", "Tạo phường "+w.Name, nil, wardSummary(w)); err != nil {
			return err
		}
		return app.wardAudit(ctx, tx, a, id, "user", uid, "create", "Tạo tài khoản quản trị "+admin.Login, nil, userSummary(admin))
	})
	if err != nil {
		return org.Ward{}, err
	}
	return w, nil
}

// SetWardDisabled disables a ward (its accounts cannot sign in; their
// sessions and tokens stop at their next request) or enables it again.
// Asking for the state the ward is already in is refused, so the operator
// learns nothing changed.
func (app *App) SetWardDisabled(ctx context.Context, a auth.Actor, code string, disabled bool) (org.Ward, error) {
	if err := require(a, auth.ManageWards, auth.Target{}); err != nil {
		return org.Ward{}, err
	}
	code = strings.ToLower(strings.TrimSpace(code))
	if !org.ValidWardCode(code) {
		return org.Ward{}, errs.Fields{"code": "Mã phường không hợp lệ."}.Err()
	}
	var w org.Ward
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		old, err := tx.WardByCode(ctx, code)
		if err != nil {
			return err
		}
		switch {
		case disabled && old.Disabled():
			return errs.Ef(errs.Conflict, "%s đã ngừng hoạt động từ trước.", old.Name)
		case !disabled && !old.Disabled():
			return errs.Ef(errs.Conflict, "%s đang hoạt động.", old.Name)
		}
		action, summary, at := "enable", "Mở lại hoạt động "+old.Name, (*time.Time)(nil)
		if disabled {
			now := app.Now()
			action, summary, at = "disable", "Ngừng hoạt động "+old.Name, &now
		}
		if err := tx.SetWardDisabled(ctx, old.ID, at); err != nil {
			return err
		}
		if w, err = tx.Ward(ctx, old.ID); err != nil {
			return err
		}
		return app.wardAudit(ctx, tx, a, old.ID, "ward", old.ID, action, summary, wardSummary(old), wardSummary(w))
	})
	return w, err
}

// WardStates lists every ward with its state and number of accounts.
func (app *App) WardStates(ctx context.Context, a auth.Actor) ([]store.WardState, error) {
	if err := require(a, auth.ViewWards, auth.Target{}); err != nil {
		return nil, err
	}
	var out []store.WardState
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.WardStates(ctx)
		return err
	})
	return out, err
}

// ActiveWards lists the wards one may sign in to (the sign-in form shows
// them when there are several).
func (app *App) ActiveWards(ctx context.Context) ([]store.WardChoice, error) {
	var out []store.WardChoice
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.ActiveWards(ctx)
		return err
	})
	return out, err
}

// CreateProvinceUser creates a province account (no ward): the operator's
// command line only, as the first admin of a ward is.
func (app *App) CreateProvinceUser(ctx context.Context, a auth.Actor, in org.UserInput) (int64, error) {
	if err := require(a, auth.ManageWards, auth.Target{}); err != nil {
		return 0, err
	}
	in = in.Normalize()
	if !org.Role(in.Role).IsProvince() {
		return 0, errs.Fields{"role": "Vai trò cấp tỉnh là province_admin hoặc province_viewer."}.Err()
	}
	in.PersonID = 0
	// Validate knows the ward roles; the province role is checked above.
	check := in
	check.Role = string(org.RoleAdmin)
	if err := check.Validate(true); err != nil {
		return 0, err
	}
	hash, err := app.hashPassword(ctx, in.Password)
	if err != nil {
		return 0, errs.Wrap(err, "app: hash")
	}
	var id int64
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		if id, err = tx.CreateUser(ctx, 0, in, hash, app.Now()); err != nil {
			return err
		}
		return app.wardAudit(ctx, tx, a, 0, "user", id, "create", "Tạo tài khoản cấp tỉnh "+in.Login, nil, userSummary(in))
	})
	return id, err
}

// UpdateProvinceUser resets a province account's password (when given)
// and locks or unlocks it: the operator's command line. Either change ends
// the account's sessions (its version moves on); a new password also ends
// its API tokens.
func (app *App) UpdateProvinceUser(ctx context.Context, a auth.Actor, id int64, password string, disabled bool) error {
	if err := require(a, auth.ManageWards, auth.Target{}); err != nil {
		return err
	}
	var u org.User
	if err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		u, err = tx.User(ctx, id)
		return err
	}); err != nil {
		return err
	}
	if !u.Role.IsProvince() {
		return errs.E(errs.NotFound, "Không tìm thấy tài khoản cấp tỉnh.")
	}
	var hash string
	if password != "" {
		if msg := org.PasswordProblem(password, u.Login); msg != "" {
			return errs.Fields{"password": msg}.Err()
		}
		var err error
		if hash, err = app.hashPassword(ctx, password); err != nil {
			return errs.Wrap(err, "app: hash")
		}
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		summary := "Khóa tài khoản cấp tỉnh " + u.Login
		if !disabled {
			summary = "Mở khóa tài khoản cấp tỉnh " + u.Login
		}
		if hash != "" {
			summary = "Đặt lại mật khẩu tài khoản cấp tỉnh " + u.Login
			if err := tx.SetPassword(ctx, id, hash); err != nil {
				return err
			}
			if err := tx.RevokeUserTokens(ctx, id, app.Now()); err != nil {
				return err
			}
		}
		if hash == "" || disabled != u.Disabled {
			if err := tx.SetDisabled(ctx, id, disabled); err != nil {
				return err
			}
		}
		return app.wardAudit(ctx, tx, a, 0, "user", id, "update", summary,
			map[string]any{"login": u.Login, "disabled": u.Disabled}, map[string]any{"login": u.Login, "disabled": disabled, "password_reset": hash != ""})
	})
}
