package store

import (
	"context"
	"database/sql"
	"time"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
)

// userCols read an account with its person, unit, leader and ward; a
// province account has no ward (ward id 0, code "").
const userCols = `us.id, COALESCE(us.ward_id, 0), COALESCE(w.code, ''), w.disabled_at IS NOT NULL, us.login, us.role,
	COALESCE(us.person_id, 0), COALESCE(p.full_name, ''),
	COALESCE(p.unit_id, 0), COALESCE(un.code, ''), COALESCE(un.name, ''), COALESCE(l.id, 0), us.disabled, us.version, us.created_at`

const userFrom = ` FROM users us LEFT JOIN wards w ON w.id = us.ward_id LEFT JOIN people p ON p.id = us.person_id
	LEFT JOIN units un ON un.id = p.unit_id LEFT JOIN leaders l ON l.person_id = us.person_id `

func scanUser(s interface{ Scan(...any) error }, more ...any) (org.User, error) {
	var u org.User
	dest := append([]any{&u.ID, &u.WardID, &u.WardCode, &u.WardDisabled, &u.Login, &u.Role, &u.PersonID, &u.FullName,
		&u.UnitID, &u.UnitCode, &u.UnitName, &u.LeaderID, &u.Disabled, &u.Version, &u.CreatedAt}, more...)
	err := s.Scan(dest...)
	return u, err
}

// User returns one account by id.
func (tx *Tx) User(ctx context.Context, id int64) (org.User, error) {
	u, err := scanUser(tx.queryRow(ctx, `SELECT `+userCols+userFrom+`WHERE us.id = $1`, id))
	return u, notFound(err, "tài khoản")
}

// UserByLogin returns the one account with this login and its password
// hash; a login that several wards use is refused (name the ward:
// UserInWard). Single-ward deployments and tests look accounts up so.
func (tx *Tx) UserByLogin(ctx context.Context, login string) (org.User, string, error) {
	all, err := tx.LoginCandidates(ctx, login)
	switch {
	case err != nil:
		return org.User{}, "", err
	case len(all) == 0:
		return org.User{}, "", errs.Ef(errs.NotFound, "Không tìm thấy tài khoản %s.", login)
	case len(all) > 1:
		return org.User{}, "", errs.Ef(errs.Invalid, "Tên đăng nhập %s có ở nhiều phường: hãy cho biết phường.", login)
	}
	hash, err := tx.PasswordHash(ctx, all[0].ID)
	return all[0], hash, err
}

// UserInWard returns an account of a ward (wardID 0: a province account)
// and its password hash.
func (tx *Tx) UserInWard(ctx context.Context, wardID int64, login string) (org.User, string, error) {
	wardID = tx.scope(wardID)
	var hash string
	q := `SELECT ` + userCols + `, us.password_hash` + userFrom + `WHERE us.ward_id = $1 AND us.login = $2`
	args := []any{wardID, login}
	if wardID == 0 {
		q, args = `SELECT `+userCols+`, us.password_hash`+userFrom+`WHERE us.ward_id IS NULL AND us.login = $1`, []any{login}
	}
	u, err := scanUser(tx.queryRow(ctx, q, args...), &hash)
	return u, hash, notFound(err, "tài khoản "+login)
}

// maxLoginCandidates bounds the accounts one login may name across wards
// (a province has at most a few hundred wards).
const maxLoginCandidates = 1000

// LoginCandidates returns every account with this login, in any ward or
// the province's, ward by ward: sign-in without a ward takes the only one.
func (tx *Tx) LoginCandidates(ctx context.Context, login string) ([]org.User, error) {
	rows, err := tx.query(ctx, `SELECT `+userCols+userFrom+`WHERE us.login = $1 ORDER BY us.ward_id, us.id LIMIT $2`, login, maxLoginCandidates)
	if err != nil {
		return nil, errs.Wrap(err, "store: login candidates")
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
	return out, errs.Wrap(rows.Err(), "store: login candidates")
}

// PasswordHash returns an account's password hash.
func (tx *Tx) PasswordHash(ctx context.Context, id int64) (string, error) {
	var hash string
	err := tx.queryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, id).Scan(&hash)
	return hash, notFound(err, "tài khoản")
}

// Users lists the ward's accounts.
func (tx *Tx) Users(ctx context.Context, wardID int64) ([]org.User, error) {
	wardID = tx.scope(wardID)
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

// CreateUser inserts an account of a ward (wardID 0: a province account);
// a login already used in the ward (or among province accounts) is a
// field error.
func (tx *Tx) CreateUser(ctx context.Context, wardID int64, in org.UserInput, hash string, now time.Time) (int64, error) {
	wardID = tx.scope(wardID)
	id, err := tx.insert(ctx, `INSERT INTO users (ward_id, login, role, person_id, password_hash, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, nullInt(wardID), in.Login, in.Role, nullInt(in.PersonID), hash, now.UTC())
	if IsUniqueViolation(err) {
		return 0, errs.Fields{"login": "Tên đăng nhập " + in.Login + " đã có người dùng."}.Err()
	}
	return id, errs.Wrap(err, "store: create user")
}

// UpdateUser changes role, person and the disabled flag if version is current.
func (tx *Tx) UpdateUser(ctx context.Context, wardID, id int64, version int, role org.Role, personID int64, disabled bool) error {
	wardID = tx.scope(wardID)
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

// LoginCounter is one login throttle counter: a login at a client address,
// or (Login "") the address over all logins.
type LoginCounter struct {
	Login, Address string
	Failures       int
	Pending        int
	LastFailure    time.Time
	LastAttempt    time.Time
}

// LockLoginCounters returns the counters named by keys (Login and Address
// only), made empty when missing, locked until the transaction ends: the
// first statement takes the row lock on PostgreSQL, and SQLite writes one
// transaction at a time, so parallel attempts are counted one after
// another. Callers pass keys in one order (the address first) so two
// transactions never wait on each other.
func (tx *Tx) LockLoginCounters(ctx context.Context, now time.Time, keys ...LoginCounter) ([]LoginCounter, error) {
	out := make([]LoginCounter, 0, len(keys))
	for _, k := range keys {
		if _, err := tx.exec(ctx, `INSERT INTO login_failures (login, address, failures, pending, last_failure_at, last_attempt_at)
			VALUES ($1, $2, 0, 0, $3, $3) ON CONFLICT (login, address) DO UPDATE SET failures = login_failures.failures`,
			k.Login, k.Address, now.UTC()); err != nil {
			return nil, errs.Wrap(err, "store: lock login counter")
		}
		c := LoginCounter{Login: k.Login, Address: k.Address}
		if err := tx.queryRow(ctx, `SELECT failures, pending, last_failure_at, last_attempt_at FROM login_failures
			WHERE login = $1 AND address = $2`, k.Login, k.Address).Scan(&c.Failures, &c.Pending, &c.LastFailure, &c.LastAttempt); err != nil {
			return nil, errs.Wrap(err, "store: login counter")
		}
		out = append(out, c)
	}
	return out, nil
}

// SaveLoginCounter writes a counter back; an empty one is deleted, so the
// table holds only logins and addresses that are failing or being checked.
func (tx *Tx) SaveLoginCounter(ctx context.Context, c LoginCounter) error {
	if c.Failures == 0 && c.Pending == 0 {
		_, err := tx.exec(ctx, `DELETE FROM login_failures WHERE login = $1 AND address = $2`, c.Login, c.Address)
		return errs.Wrap(err, "store: clear login counter")
	}
	_, err := tx.exec(ctx, `UPDATE login_failures SET failures = $3, pending = $4, last_failure_at = $5, last_attempt_at = $6
		WHERE login = $1 AND address = $2`, c.Login, c.Address, c.Failures, c.Pending, c.LastFailure.UTC(), c.LastAttempt.UTC())
	return errs.Wrap(err, "store: save login counter")
}

// PruneLoginCounters deletes counters with no attempt since before.
func (tx *Tx) PruneLoginCounters(ctx context.Context, before time.Time) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM login_failures WHERE last_attempt_at < $1`, before.UTC())
	if err != nil {
		return 0, errs.Wrap(err, "store: prune login counters")
	}
	return res.RowsAffected()
}

// APIToken is an API token as listed to the operator (never its hash).
type APIToken struct {
	ID        int64
	UserID    int64
	Name      string
	CreatedAt time.Time
	ExpiresAt time.Time
	RevokedAt *time.Time
}

// CreateAPIToken stores a token hash for a user, live until expires.
func (tx *Tx) CreateAPIToken(ctx context.Context, userID int64, hash, name string, now, expires time.Time) (int64, error) {
	id, err := tx.insert(ctx, `INSERT INTO api_tokens (user_id, token_hash, name, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		userID, hash, name, now.UTC(), expires.UTC())
	return id, errs.Wrap(err, "store: create token")
}

// APITokens lists a user's tokens, newest first.
func (tx *Tx) APITokens(ctx context.Context, userID int64) ([]APIToken, error) {
	rows, err := tx.query(ctx, `SELECT id, user_id, name, created_at, expires_at, revoked_at FROM api_tokens
		WHERE user_id = $1 ORDER BY id DESC`, userID)
	if err != nil {
		return nil, errs.Wrap(err, "store: tokens")
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var t APIToken
		var revoked sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.CreatedAt, &t.ExpiresAt, &revoked); err != nil {
			return nil, errs.Wrap(err, "store: scan token")
		}
		t.RevokedAt = timePtr(revoked)
		out = append(out, t)
	}
	return out, errs.Wrap(rows.Err(), "store: tokens")
}

// RevokeAPIToken ends one live token; NotFound when there is none with that
// id (unknown, or already ended).
func (tx *Tx) RevokeAPIToken(ctx context.Context, id int64, now time.Time) error {
	res, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, now.UTC(), id)
	if err != nil {
		return errs.Wrap(err, "store: revoke token")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.Ef(errs.NotFound, "Không có mã truy cập số %d đang hiệu lực.", id)
	}
	return nil
}

// RevokeAPITokenByHash ends the live token of a user with that hash.
func (tx *Tx) RevokeAPITokenByHash(ctx context.Context, userID int64, hash string, now time.Time) error {
	res, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND token_hash = $3 AND revoked_at IS NULL`,
		now.UTC(), userID, hash)
	if err != nil {
		return errs.Wrap(err, "store: revoke token")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "Không tìm thấy mã truy cập đang hiệu lực.")
	}
	return nil
}

// RevokeUserTokens ends every API token of a user (a new password, a
// locked account).
func (tx *Tx) RevokeUserTokens(ctx context.Context, userID int64, now time.Time) error {
	_, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`, now.UTC(), userID)
	return errs.Wrap(err, "store: revoke tokens")
}

// UserIDByToken returns the user of a live token: not revoked, not expired
// at now, its account not locked.
func (tx *Tx) UserIDByToken(ctx context.Context, hash string, now time.Time) (int64, error) {
	id, expires, err := tx.TokenUser(ctx, hash)
	if err == nil && !now.Before(expires) {
		return 0, errs.E(errs.Unauthorized, "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.")
	}
	return id, err
}

// TokenUser returns the account of a live (not revoked) token of an
// account not locked, and when the token expires; the caller compares it
// with its clock, so the answer may be kept until something changes.
func (tx *Tx) TokenUser(ctx context.Context, hash string) (int64, time.Time, error) {
	var id int64
	var expires time.Time
	err := tx.queryRow(ctx, `SELECT t.user_id, t.expires_at FROM api_tokens t JOIN users us ON us.id = t.user_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND us.disabled = FALSE`, hash).Scan(&id, &expires)
	if err != nil {
		if errs.KindOf(notFound(err, "")) == errs.NotFound {
			return 0, time.Time{}, errs.E(errs.Unauthorized, "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.")
		}
		return 0, time.Time{}, errs.Wrap(err, "store: token")
	}
	return id, expires, nil
}

// PruneAPITokens deletes the rows of tokens that ended (revoked or expired)
// before the given time; they can no longer be used or shown as live.
func (tx *Tx) PruneAPITokens(ctx context.Context, before time.Time) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM api_tokens WHERE revoked_at < $1 OR expires_at < $1`, before.UTC())
	if err != nil {
		return 0, errs.Wrap(err, "store: prune tokens")
	}
	return res.RowsAffected()
}
