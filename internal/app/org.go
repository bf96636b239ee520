package app

import (
	"context"
	"fmt"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// Org is the ward's organization as one snapshot for pages and the API.
type Org struct {
	Ward    org.Ward
	Units   []org.Unit
	People  []org.Person
	Leaders []org.Leader
}

// UnitByID finds a unit in the snapshot.
func (o Org) UnitByID(id int64) (org.Unit, bool) {
	for _, u := range o.Units {
		if u.ID == id {
			return u, true
		}
	}
	return org.Unit{}, false
}

// LeaderByID finds a leader in the snapshot.
func (o Org) LeaderByID(id int64) (org.Leader, bool) {
	for _, l := range o.Leaders {
		if l.ID == id {
			return l, true
		}
	}
	return org.Leader{}, false
}

// PersonByID finds a person in the snapshot.
func (o Org) PersonByID(id int64) (org.Person, bool) {
	for _, p := range o.People {
		if p.ID == id {
			return p, true
		}
	}
	return org.Person{}, false
}

// LoadOrg reads the ward's organization.
func (app *App) LoadOrg(ctx context.Context, a auth.Actor) (Org, error) {
	if err := require(a, auth.ViewOrg, auth.Target{}); err != nil {
		return Org{}, err
	}
	var o Org
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		o, err = loadOrgIn(ctx, tx, a.WardID)
		return err
	})
	return o, err
}

// WardInput is the admin's form for the ward.
type WardInput struct {
	Version    int
	Name       string
	PlaceName  string
	ParentName string
	Settings   org.Settings
}

// UpdateWard saves the ward's names and settings.
func (app *App) UpdateWard(ctx context.Context, a auth.Actor, in WardInput) error {
	if err := require(a, auth.ManageOrg, auth.Target{}); err != nil {
		return err
	}
	in.Name, in.PlaceName, in.ParentName = vntext.Clean(in.Name), vntext.Clean(in.PlaceName), vntext.Clean(in.ParentName)
	f := errs.Fields{}
	if in.Name == "" {
		f.Add("name", "Vui lòng nhập tên phường (ví dụ: Phường Hòa Bình).")
	}
	if in.PlaceName == "" {
		f.Add("place_name", "Vui lòng nhập địa danh ghi trên văn bản.")
	}
	if err := in.Settings.Validate(); err != nil {
		for k, v := range errs.FieldsOf(err) {
			f.Add(k, v)
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		before, err := tx.Ward(ctx, a.WardID)
		if err != nil {
			return err
		}
		after := before
		after.Version = in.Version
		after.Name, after.PlaceName, after.ParentName, after.Settings = in.Name, in.PlaceName, in.ParentName, in.Settings
		if err := tx.UpdateWard(ctx, after); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "ward", a.WardID, "update", "Cập nhật thông tin và thiết lập của phường", wardView(before), wardView(after))
	})
}

func wardView(w org.Ward) map[string]any {
	return map[string]any{"name": w.Name, "place_name": w.PlaceName, "parent_name": w.ParentName, "settings": w.Settings}
}

// CreateUnit adds a unit to the ward.
func (app *App) CreateUnit(ctx context.Context, a auth.Actor, in org.UnitInput) (int64, error) {
	if err := require(a, auth.ManageOrg, auth.Target{}); err != nil {
		return 0, err
	}
	in = in.Normalize()
	if err := in.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		if id, err = tx.CreateUnit(ctx, a.WardID, in); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "unit", id, "create", "Thêm đơn vị "+in.Code, nil, in)
	})
	return id, err
}

// UpdateUnit edits a unit; version guards against overwriting another edit.
func (app *App) UpdateUnit(ctx context.Context, a auth.Actor, id int64, version int, in org.UnitInput) error {
	if err := require(a, auth.ManageOrg, auth.Target{}); err != nil {
		return err
	}
	in = in.Normalize()
	if err := in.Validate(); err != nil {
		return err
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		before, err := tx.Unit(ctx, a.WardID, id)
		if err != nil {
			return err
		}
		if err := tx.UpdateUnit(ctx, a.WardID, id, version, in); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "unit", id, "update", "Sửa đơn vị "+in.Code, before, in)
	})
}

// checkUnit verifies that a referenced unit exists in the actor's ward.
func checkUnit(ctx context.Context, tx *store.Tx, wardID, unitID int64, field string) error {
	if unitID == 0 {
		return nil
	}
	if _, err := tx.Unit(ctx, wardID, unitID); err != nil {
		if errs.Is(err, errs.NotFound) {
			return errs.Fields{field: "Đơn vị đã chọn không tồn tại trong phường."}.Err()
		}
		return err
	}
	return nil
}

// CreatePerson adds a person to the ward.
func (app *App) CreatePerson(ctx context.Context, a auth.Actor, in org.PersonInput) (int64, error) {
	if err := require(a, auth.ManageOrg, auth.Target{}); err != nil {
		return 0, err
	}
	in = in.Normalize()
	if err := in.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		if err := checkUnit(ctx, tx, a.WardID, in.UnitID, "unit_id"); err != nil {
			return err
		}
		var err error
		if id, err = tx.CreatePerson(ctx, a.WardID, in); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "person", id, "create", "Thêm người "+in.FullName, nil, in)
	})
	return id, err
}

// UpdatePerson edits a person.
func (app *App) UpdatePerson(ctx context.Context, a auth.Actor, id int64, version int, in org.PersonInput) error {
	if err := require(a, auth.ManageOrg, auth.Target{}); err != nil {
		return err
	}
	in = in.Normalize()
	if err := in.Validate(); err != nil {
		return err
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		before, err := tx.Person(ctx, a.WardID, id)
		if err != nil {
			return err
		}
		if err := checkUnit(ctx, tx, a.WardID, in.UnitID, "unit_id"); err != nil {
			return err
		}
		if err := tx.UpdatePerson(ctx, a.WardID, id, version, in); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "person", id, "update", "Sửa thông tin "+in.FullName, before, in)
	})
}

func (app *App) checkLeaderInput(ctx context.Context, tx *store.Tx, a auth.Actor, in org.LeaderInput) error {
	if _, err := tx.Person(ctx, a.WardID, in.PersonID); err != nil {
		if errs.Is(err, errs.NotFound) {
			return errs.Fields{"person_id": "Người đã chọn không tồn tại trong phường."}.Err()
		}
		return err
	}
	for _, p := range in.Portfolios {
		for _, u := range p.UnitIDs {
			if err := checkUnit(ctx, tx, a.WardID, u, "portfolios"); err != nil {
				return err
			}
		}
	}
	return nil
}

// CreateLeader names the Chairman or a Vice Chairman with portfolios.
func (app *App) CreateLeader(ctx context.Context, a auth.Actor, in org.LeaderInput) (int64, error) {
	if err := require(a, auth.ManageOrg, auth.Target{}); err != nil {
		return 0, err
	}
	in = in.Normalize()
	if err := in.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		if err := app.checkLeaderInput(ctx, tx, a, in); err != nil {
			return err
		}
		var err error
		if id, err = tx.CreateLeader(ctx, a.WardID, in); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "leader", id, "create", "Thêm lãnh đạo UBND", nil, in)
	})
	return id, err
}

// UpdateLeader edits a leader and replaces their portfolios.
func (app *App) UpdateLeader(ctx context.Context, a auth.Actor, id int64, version int, in org.LeaderInput) error {
	if err := require(a, auth.ManageOrg, auth.Target{}); err != nil {
		return err
	}
	in = in.Normalize()
	if err := in.Validate(); err != nil {
		return err
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		before, err := tx.Leader(ctx, a.WardID, id)
		if err != nil {
			return err
		}
		if err := app.checkLeaderInput(ctx, tx, a, in); err != nil {
			return err
		}
		if err := tx.UpdateLeader(ctx, a.WardID, id, version, in); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "leader", id, "update", "Sửa lãnh đạo và lĩnh vực phụ trách", before, in)
	})
}

// Users lists the ward's accounts (admin).
func (app *App) Users(ctx context.Context, a auth.Actor) ([]org.User, error) {
	if err := require(a, auth.ManageUsers, auth.Target{}); err != nil {
		return nil, err
	}
	var out []org.User
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.Users(ctx, a.WardID)
		return err
	})
	return out, err
}

// CreateUser adds an account with an initial password.
func (app *App) CreateUser(ctx context.Context, a auth.Actor, in org.UserInput) (int64, error) {
	if err := require(a, auth.ManageUsers, auth.Target{}); err != nil {
		return 0, err
	}
	in = in.Normalize()
	if err := in.Validate(true); err != nil {
		return 0, err
	}
	hash, err := app.hashPassword(ctx, in.Password)
	if err != nil {
		return 0, errs.Wrap(err, "app: hash")
	}
	var id int64
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		if err := app.checkAccountPerson(ctx, tx, a.WardID, org.Role(in.Role), in.PersonID); err != nil {
			return err
		}
		var err error
		if id, err = tx.CreateUser(ctx, a.WardID, in, hash, app.Now()); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "user", id, "create", "Tạo tài khoản "+in.Login, nil, userSummary(in))
	})
	return id, err
}

// checkAccountPerson enforces that unit roles belong to someone in a unit
// and leader roles to someone named as that leader.
func (app *App) checkAccountPerson(ctx context.Context, tx *store.Tx, wardID int64, role org.Role, personID int64) error {
	if personID == 0 {
		if !role.NeedsPerson() {
			return nil
		}
		return errs.Fields{"person_id": "Vui lòng chọn người sử dụng tài khoản."}.Err()
	}
	p, err := tx.Person(ctx, wardID, personID)
	if errs.Is(err, errs.NotFound) {
		return errs.Fields{"person_id": "Người đã chọn không tồn tại trong phường."}.Err()
	}
	if err != nil {
		return err
	}
	switch {
	case role.NeedsUnit():
		if p.UnitID == 0 {
			return errs.Fields{"person_id": fmt.Sprintf("%s chưa thuộc đơn vị nào; vai trò này cần một đơn vị.", p.FullName)}.Err()
		}
	case role.IsLeader():
		leaders, err := tx.Leaders(ctx, wardID)
		if err != nil {
			return err
		}
		for _, l := range leaders {
			if l.PersonID == personID && string(l.Position) == string(role) {
				return nil
			}
		}
		return errs.Fields{"role": fmt.Sprintf("%s chưa được khai báo là %s trong danh sách lãnh đạo.", p.FullName, role.Label())}.Err()
	}
	return nil
}

// UserUpdate is the admin's edit of an account.
type UserUpdate struct {
	Version  int
	Role     string
	PersonID int64
	Disabled bool
	Password string // optional reset
}

// UpdateUser changes an account's role, person, lock, and optionally resets
// its password.
func (app *App) UpdateUser(ctx context.Context, a auth.Actor, id int64, in UserUpdate) error {
	if err := require(a, auth.ManageUsers, auth.Target{}); err != nil {
		return err
	}
	f := errs.Fields{}
	role := org.Role(in.Role)
	if !role.Valid() {
		f.Add("role", "Vai trò không hợp lệ.")
	}
	var hash string
	if in.Password != "" {
		// The password rules need the account's login (an unknown account
		// is refused below).
		var login string
		app.DB.View(ctx, func(tx *store.Tx) error {
			u, err := tx.User(ctx, id)
			login = u.Login
			return err
		})
		if msg := org.PasswordProblem(in.Password, login); msg != "" {
			f.Add("password", msg)
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	if in.Password != "" {
		var err error
		if hash, err = app.hashPassword(ctx, in.Password); err != nil {
			return errs.Wrap(err, "app: hash")
		}
	}
	if id == a.UserID {
		if err := org.CheckOwnAccount(role, in.Disabled); err != nil {
			return err
		}
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		before, err := tx.User(ctx, id)
		if err != nil || before.WardID != a.WardID {
			return errs.E(errs.NotFound, "Không tìm thấy tài khoản.")
		}
		if err := app.checkAccountPerson(ctx, tx, a.WardID, role, in.PersonID); err != nil {
			return err
		}
		if err := tx.UpdateUser(ctx, a.WardID, id, in.Version, role, in.PersonID, in.Disabled); err != nil {
			return err
		}
		if hash != "" {
			if err := tx.SetPassword(ctx, id, hash); err != nil {
				return err
			}
		}
		// A reset password or a locked account ends its API tokens.
		if hash != "" || in.Disabled {
			if err := tx.RevokeUserTokens(ctx, id, app.Now()); err != nil {
				return err
			}
		}
		after := map[string]any{"role": role, "person_id": in.PersonID, "disabled": in.Disabled, "password_reset": hash != ""}
		return app.audit(ctx, tx, a, "user", id, "update", "Sửa tài khoản "+before.Login,
			map[string]any{"role": before.Role, "person_id": before.PersonID, "disabled": before.Disabled}, after)
	})
}

// AuditLog lists the ward's audit records for the admin, the Office and the Chairman.
func (app *App) AuditLog(ctx context.Context, a auth.Actor, f store.AuditFilter) ([]store.AuditEntry, int, error) {
	if err := require(a, auth.ViewAudit, auth.Target{}); err != nil {
		return nil, 0, err
	}
	var out []store.AuditEntry
	var total int
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		out, total, err = tx.AuditLog(ctx, a.WardID, f)
		return err
	})
	return out, total, err
}

// Notifications returns the user's inbox.
func (app *App) Notifications(ctx context.Context, a auth.Actor) ([]store.Notification, int, error) {
	var out []store.Notification
	var unread int
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		out, unread, err = tx.Notifications(ctx, a.UserID, 50)
		return err
	})
	return out, unread, err
}

// MarkNotificationsRead empties the unread count.
func (app *App) MarkNotificationsRead(ctx context.Context, a auth.Actor) error {
	return app.DB.Update(ctx, func(tx *store.Tx) error { return tx.MarkNotificationsRead(ctx, a.UserID, app.Now()) })
}
