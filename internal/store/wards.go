package store

import (
	"context"
	"time"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
)

// WardByCode returns one ward by its code.
func (tx *Tx) WardByCode(ctx context.Context, code string) (org.Ward, error) {
	w, err := scanWard(tx.queryRow(ctx, `SELECT `+wardCols+` FROM wards WHERE code = $1`, code))
	if errs.Is(err, errs.NotFound) {
		return w, errs.Ef(errs.NotFound, "Không có phường mã %q.", code)
	}
	return w, err
}

// WardState is a ward as the province lists it: its record and the
// number of its accounts.
type WardState struct {
	org.Ward
	Users int
}

// maxWards bounds the wards of one deployment's lists (a province has up
// to a few hundred communes and wards).
const maxWards = 1000

// WardStates lists every ward with its number of accounts, by code.
func (tx *Tx) WardStates(ctx context.Context) ([]WardState, error) {
	rows, err := tx.query(ctx, `SELECT `+wardCols+`, (SELECT COUNT(*) FROM users us WHERE us.ward_id = wards.id)
		FROM wards ORDER BY code LIMIT $1`, maxWards)
	if err != nil {
		return nil, errs.Wrap(err, "store: ward states")
	}
	defer rows.Close()
	var out []WardState
	for rows.Next() {
		var s WardState
		if s.Ward, err = scanWard(rows, &s.Users); err != nil {
			return nil, errs.Wrap(err, "store: scan ward")
		}
		out = append(out, s)
	}
	return out, errs.Wrap(rows.Err(), "store: ward states")
}

// WardChoice is a ward as the sign-in form offers it.
type WardChoice struct{ Code, Name string }

// ActiveWards lists the wards that are not disabled, by name then code
// (the sign-in form's choice).
func (tx *Tx) ActiveWards(ctx context.Context) ([]WardChoice, error) {
	rows, err := tx.query(ctx, `SELECT code, name FROM wards WHERE disabled_at IS NULL ORDER BY name, code LIMIT $1`, maxWards)
	if err != nil {
		return nil, errs.Wrap(err, "store: active wards")
	}
	defer rows.Close()
	var out []WardChoice
	for rows.Next() {
		var c WardChoice
		if err := rows.Scan(&c.Code, &c.Name); err != nil {
			return nil, errs.Wrap(err, "store: scan ward")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "store: active wards")
}

// SetWardDisabled disables a ward (at) or enables it again (nil).
func (tx *Tx) SetWardDisabled(ctx context.Context, id int64, at *time.Time) error {
	var v any
	if at != nil {
		v = at.UTC()
	}
	res, err := tx.exec(ctx, `UPDATE wards SET disabled_at = $1, version = version + 1 WHERE id = $2`, v, id)
	if err != nil {
		return errs.Wrap(err, "store: disable ward")
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errs.E(errs.NotFound, "Không có phường này.")
	}
	return nil
}

// ActiveWardIDs lists the wards that are not disabled (the background jobs
// go through each: a disabled ward's people, who cannot sign in, are sent
// no reminders or digests; what time brought meanwhile is recorded by the
// first sweep after it is enabled again, as after a server stop).
func (tx *Tx) ActiveWardIDs(ctx context.Context) ([]int64, error) {
	return tx.ids(ctx, `SELECT id FROM wards WHERE disabled_at IS NULL ORDER BY id`)
}
