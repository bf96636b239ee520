package app

import (
	"context"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/store"
)

// calendarIn builds the ward's working-day calendar inside a transaction:
// the statutory rules, the ward's settings and the admin's overrides.
func calendarIn(ctx context.Context, tx *store.Tx, wardID int64) (*calendar.Calendar, error) {
	w, err := tx.Ward(ctx, wardID)
	if err != nil {
		return nil, err
	}
	ovs, err := tx.CalendarOverrides(ctx, wardID)
	if err != nil {
		return nil, err
	}
	return calendar.New(calendar.Rules{CultureDay: w.Settings.CultureDayHoliday, DueBeforeRollForward: w.Settings.DueBeforeRollForward}, ovs), nil
}

// Calendar returns the ward's working-day calendar.
func (app *App) Calendar(ctx context.Context, wardID int64) (*calendar.Calendar, error) {
	var cal *calendar.Calendar
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		cal, err = calendarIn(ctx, tx, wardID)
		return err
	})
	return cal, err
}
