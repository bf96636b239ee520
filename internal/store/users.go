package store

import (
	"context"
	"time"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
)

const userCols = `us.id, us.ward_id, us.login, us.role, COALESCE(us.person_id, 0), COALESCE(p.full_name, ''),
	COALESCE(p.unit_id, 0), COALESCE(un.code, ''), COALESCE(un.name, ''), COALESCE(l.id, 0), us.disabled, us.version, us.created_at`

const userFrom = ` FROM users us LEFT JOIN people p ON p.id = us.person_id
	LEFT JOIN units un ON un.id = p.unit_id LEFT JOIN leaders l ON l.person_id = us.person_id `

func scanUser(s interface{ Scan(...any) error }) (org.User, error) {
	var u org.User
	err := s.Scan(&u.ID, &u.WardID, &u.Login, &u.Role, &u.PersonID, &u.FullName, &u.UnitID, &u.UnitCode, &u.UnitName,
		&u.LeaderID, &u.Disabled, &u.Version, &u.CreatedAt)
	return u, err
}

// User returns one account by id.
func (tx *Tx) User(ctx context.Context, id int64) (org.User, error) {
	u, err := scanUser(tx.queryRow(ctx, `SELECT `+userCols+userFrom+`WHERE us.id = $1`, id))
	return u, notFound(err, "tài khoản")
}

// UserByLogin returns an account and its password hash.
func (tx *Tx) UserByLogin(ctx context.Context, login string) (org.User, string, error) {
	var hash string
	row := tx.queryRow(ctx, `SELECT `+userCols+`, us.password_hash`+userFrom+`WHERE us.login = $1`, login)
	var u org.User
	err := row.Scan(&u.ID, &u.WardID, &u.Login, &u.Role, &u.PersonID, &u.FullName, &u.UnitID, &u.UnitCode, &u.UnitName,
		&u.LeaderID, &u.Disabled, &u.Version, &u.CreatedAt, &hash)
	return u, hash, notFound(err, "tài khoản "+login)
}

// Users lists the ward's accounts.
func (tx *Tx) Users(ctx context.Context, wardID int64) ([]org.User, error) {
	rows, err := tx.query(ctx, `SELECT `+userCols+userFrom+`WHERE us.ward_id = $1 ORDER BY us.login`, wardID)
	if err != nil {
		return nil, errs.Wrap(err, "store: users")
	}
	defer rows.Close()
	var out []org.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, errs.Wrap(err, "store: scan user")
		}
		out = append(out, u)
	}
	return out, errs.Wrap(rows.Err(), "store: users")
}

// CreateUser inserts an account; a duplicate login is a field error.
func (tx *Tx) CreateUser(ctx context.Context, wardID int64, in org.UserInput, hash string, now time.Time) (int64, error) {
	id, err := tx.insert(ctx, `INSERT INTO users (ward_id, login, role, person_id, password_hash, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, wardID, in.Login, in.Role, nullInt(in.PersonID), hash, now.UTC())
	if IsUniqueViolation(err) {
		return 0, errs.Fields{"login": "Tên đăng nhập " + in.Login + " đã có người dùng."}.Err()
	}
	return id, errs.Wrap(err, "store: create user")
}

// UpdateUser changes role, person and the disabled flag if version is current.
func (tx *Tx) UpdateUser(ctx context.Context, wardID, id int64, version int, role org.Role, personID int64, disabled bool) error {
	res, err := tx.exec(ctx, `UPDATE users SET role = $1, person_id = $2, disabled = $3, version = version + 1
		WHERE ward_id = $4 AND id = $5 AND version = $6`, string(role), nullInt(personID), disabled, wardID, id, version)
	if err != nil {
		return errs.Wrap(err, "store: update user")
	}
	return checkVersion(res, "Tài khoản")
}

// SetPassword replaces an account's password hash.
func (tx *Tx) SetPassword(ctx context.Context, id int64, hash string) error {
	_, err := tx.exec(ctx, `UPDATE users SET password_hash = $1, version = version + 1 WHERE id = $2`, hash, id)
	return errs.Wrap(err, "store: set password")
}

// SetDisabled enables or disables an account (the CLI).
func (tx *Tx) SetDisabled(ctx context.Context, id int64, disabled bool) error {
	_, err := tx.exec(ctx, `UPDATE users SET disabled = $1, version = version + 1 WHERE id = $2`, disabled, id)
	return errs.Wrap(err, "store: disable user")
}

// ReserveLoginAttempt counts an attempt for login before its password is
// checked, unless the login must still wait: then it returns the previous
// count and time and counts nothing. The first statement locks the row
// (PostgreSQL) and SQLite writes one at a time, so parallel attempts are
// counted one after another and cannot all slip under the limit.
func (tx *Tx) ReserveLoginAttempt(ctx context.Context, login string, now time.Time, mustWait func(failures int, last time.Time) bool) (int, time.Time, bool, error) {
	if _, err := tx.exec(ctx, `INSERT INTO login_failures (login, failures, last_failure_at) VALUES ($1, 0, $2)
		ON CONFLICT (login) DO UPDATE SET failures = login_failures.failures`, login, now.UTC()); err != nil {
		return 0, time.Time{}, false, errs.Wrap(err, "store: lock login attempts")
	}
	var n int
	var last time.Time
	if err := tx.queryRow(ctx, `SELECT failures, last_failure_at FROM login_failures WHERE login = $1`, login).Scan(&n, &last); err != nil {
		return 0, time.Time{}, false, errs.Wrap(err, "store: login attempts")
	}
	if mustWait(n, last) {
		return n, last, false, nil
	}
	_, err := tx.exec(ctx, `UPDATE login_failures SET failures = failures + 1, last_failure_at = $2 WHERE login = $1`, login, now.UTC())
	return n, last, true, errs.Wrap(err, "store: count login attempt")
}

// ClearLoginFailures resets the count after a successful login.
func (tx *Tx) ClearLoginFailures(ctx context.Context, login string) error {
	_, err := tx.exec(ctx, `DELETE FROM login_failures WHERE login = $1`, login)
	return errs.Wrap(err, "store: clear login failures")
}

// CreateAPIToken stores a token hash for a user.
func (tx *Tx) CreateAPIToken(ctx context.Context, userID int64, hash, name string, now time.Time) error {
	_, err := tx.exec(ctx, `INSERT INTO api_tokens (user_id, token_hash, name, created_at) VALUES ($1, $2, $3, $4)`,
		userID, hash, name, now.UTC())
	return errs.Wrap(err, "store: create token")
}

// RevokeUserTokens ends every API token of a user (a new password, a
// locked account).
func (tx *Tx) RevokeUserTokens(ctx context.Context, userID int64, now time.Time) error {
	_, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`, now.UTC(), userID)
	return errs.Wrap(err, "store: revoke tokens")
}

// UserIDByToken returns the user of a live token.
func (tx *Tx) UserIDByToken(ctx context.Context, hash string) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, `SELECT t.user_id FROM api_tokens t JOIN users us ON us.id = t.user_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND us.disabled = FALSE`, hash).Scan(&id)
	if err != nil {
		if errs.KindOf(notFound(err, "")) == errs.NotFound {
			return 0, errs.E(errs.Unauthorized, "Mã truy cập không hợp lệ hoặc đã bị thu hồi.")
		}
		return 0, errs.Wrap(err, "store: token")
	}
	return id, nil
}
