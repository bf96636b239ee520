package demo

import (
	"context"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/store"
)

// loadCalendar enters the government's announced swaps for 2026 (letter
// 12729/VPCP-KGVX of 25/12/2025), as the admin would: Friday 02/01 off,
// Saturday 10/01 worked in exchange.
func loadCalendar(ctx context.Context, tx *store.Tx, wardID int64) error {
	for _, o := range []calendar.Override{
		{Date: calendar.Date{Year: 2026, Month: 1, Day: 2}, Working: false, Name: "Nghỉ Tết Dương lịch (hoán đổi)"},
		{Date: calendar.Date{Year: 2026, Month: 1, Day: 10}, Working: true, Name: "Làm bù cho ngày 02/01/2026"},
	} {
		if err := tx.PutCalendarOverride(ctx, wardID, o); err != nil {
			return err
		}
	}
	return nil
}
