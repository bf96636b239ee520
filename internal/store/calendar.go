package store

import (
	"context"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

// CalendarOverrides returns the ward's admin-entered swaps, all years.
func (tx *Tx) CalendarOverrides(ctx context.Context, wardID int64) ([]calendar.Override, error) {
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
	_, err := tx.exec(ctx, `INSERT INTO calendar_overrides (ward_id, day, working, name) VALUES ($1, $2, $3, $4)
		ON CONFLICT (ward_id, day) DO UPDATE SET working = excluded.working, name = excluded.name`,
		wardID, o.Date.String(), o.Working, o.Name)
	return errs.Wrap(err, "store: put override")
}

// DeleteCalendarOverride removes the override of one day.
func (tx *Tx) DeleteCalendarOverride(ctx context.Context, wardID int64, d calendar.Date) error {
	_, err := tx.exec(ctx, `DELETE FROM calendar_overrides WHERE ward_id = $1 AND day = $2`, wardID, d.String())
	return errs.Wrap(err, "store: delete override")
}
