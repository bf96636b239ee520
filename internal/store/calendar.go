package store

import (
	"context"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

// CalendarOverrides returns the ward's admin-entered swaps, all years.
func (tx *Tx) CalendarOverrides(ctx context.Context, wardID int64) ([]calendar.Override, error) {
	wardID = tx.scope(wardID)
	rows, err := tx.query(ctx, `SELECT day, working, name FROM calendar_overrides WHERE ward_id = $1 ORDER BY day`, wardID)
	if err != nil {
		return nil, errs.Wrap(err, "store: calendar overrides")
	}
	defer rows.Close()
	var out []calendar.Override
	for rows.Next() {
		var day string
		var o calendar.Override
		if err := rows.Scan(&day, &o.Working, &o.Name); err != nil {
			return nil, errs.Wrap(err, "store: scan override")
		}
		if o.Date, err = calendar.ParseDate(day); err != nil {
			return nil, errs.Wrap(err, "store: override date")
		}
		out = append(out, o)
	}
	return out, errs.Wrap(rows.Err(), "store: calendar overrides")
}

// PutCalendarOverride adds or replaces the override of one day.
func (tx *Tx) PutCalendarOverride(ctx context.Context, wardID int64, o calendar.Override) error {
	wardID = tx.scope(wardID)
	_, err := tx.exec(ctx, `INSERT INTO calendar_overrides (ward_id, day, working, name) VALUES ($1, $2, $3, $4)
		ON CONFLICT (ward_id, day) DO UPDATE SET working = excluded.working, name = excluded.name`,
		wardID, o.Date.String(), o.Working, o.Name)
	if err != nil {
		return errs.Wrap(err, "store: put override")
	}
	// A day changing its kind can move effective deadlines: the stored
	// "completed late" flags follow (see search.go).
	_, err = tx.RefreshCompletedLate(ctx, wardID)
	return err
}

// DeleteCalendarOverride removes the override of one day.
func (tx *Tx) DeleteCalendarOverride(ctx context.Context, wardID int64, d calendar.Date) error {
	wardID = tx.scope(wardID)
	_, err := tx.exec(ctx, `DELETE FROM calendar_overrides WHERE ward_id = $1 AND day = $2`, wardID, d.String())
	if err != nil {
		return errs.Wrap(err, "store: delete override")
	}
	_, err = tx.RefreshCompletedLate(ctx, wardID)
	return err
}

// CalendarConfirmation is the admin's confirmation of one holiday block of
// a year (calendar.BlockKey), with the block's days as confirmed.
type CalendarConfirmation struct {
	Year        int
	Holiday     string
	Days        string // calendar.HolidayBlock.Signature at the time
	ConfirmedBy string // login
	ConfirmedAt time.Time
}

// CalendarConfirmations returns the ward's confirmations of one year.
func (tx *Tx) CalendarConfirmations(ctx context.Context, wardID int64, year int) ([]CalendarConfirmation, error) {
	wardID = tx.scope(wardID)
	rows, err := tx.query(ctx, `SELECT c.year, c.holiday, c.days, COALESCE(u.login, ''), c.confirmed_at
		FROM calendar_confirmations c LEFT JOIN users u ON u.id = c.confirmed_by
		WHERE c.ward_id = $1 AND c.year = $2 ORDER BY c.holiday`, wardID, year)
	if err != nil {
		return nil, errs.Wrap(err, "store: calendar confirmations")
	}
	defer rows.Close()
	var out []CalendarConfirmation
	for rows.Next() {
		var c CalendarConfirmation
		if err := rows.Scan(&c.Year, &c.Holiday, &c.Days, &c.ConfirmedBy, &c.ConfirmedAt); err != nil {
			return nil, errs.Wrap(err, "store: scan calendar confirmation")
		}
		c.ConfirmedAt = c.ConfirmedAt.UTC()
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "store: calendar confirmations")
}

// PutCalendarConfirmation records (or renews) the confirmation of a block.
func (tx *Tx) PutCalendarConfirmation(ctx context.Context, wardID int64, c CalendarConfirmation, userID int64) error {
	wardID = tx.scope(wardID)
	_, err := tx.exec(ctx, `INSERT INTO calendar_confirmations (ward_id, year, holiday, days, confirmed_by, confirmed_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (ward_id, year, holiday) DO UPDATE SET days = excluded.days, confirmed_by = excluded.confirmed_by,
		confirmed_at = excluded.confirmed_at`,
		wardID, c.Year, c.Holiday, c.Days, nullInt(userID), c.ConfirmedAt.UTC())
	return errs.Wrap(err, "store: put calendar confirmation")
}
