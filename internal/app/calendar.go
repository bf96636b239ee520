package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// calendarIn builds the ward's working-day calendar inside a transaction:
// the statutory rules, the ward's settings and the admin's overrides.
func calendarIn(ctx context.Context, tx *store.Tx, wardID int64) (*calendar.Calendar, error) {
	return store.Cached(ctx, tx, calendarKey{wardID}, func() (*calendar.Calendar, error) { return readCalendar(ctx, tx, wardID) })
}

// calendarKey keeps a ward's calendar in the store's cache, with the
// holiday tables it has already worked out (lunar dates are costly).
type calendarKey struct{ ward int64 }

func readCalendar(ctx context.Context, tx *store.Tx, wardID int64) (*calendar.Calendar, error) {
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

// The years the calendar pages and the API answer for.
const (
	CalendarMinYear = 1900
	CalendarMaxYear = 2100
)

// YearCalendar is one year of the ward's working-day calendar, for the
// calendar page and the API.
type YearCalendar struct {
	Year   int
	Months []CalendarMonth // January to December
	// DaysOff are the year's days off except plain weekends; holidays that
	// fall on a weekend are included with their name.
	DaysOff []calendar.DayInfo
	// WorkingSaturdays are the weekend days made working days (làm bù).
	WorkingSaturdays []calendar.DayInfo
	// Overrides are the admin's entries for this year, in date order.
	Overrides []calendar.Override
	// Blocks are the year's Tết and Quốc khánh days, which the government
	// fixes each year: "chờ xác nhận" until the admin confirms them.
	Blocks []BlockStatus
}

// BlockStatus is a holiday block of a year with the admin's confirmation.
type BlockStatus struct {
	calendar.HolidayBlock
	// Confirmed: the admin confirmed these very days. Changed: the admin
	// confirmed the block, but overrides changed its days since, so it
	// waits for a new confirmation.
	Confirmed, Changed bool
	ConfirmedBy        string // login
	ConfirmedAt        time.Time
}

// blockStatuses joins the year's blocks with the stored confirmations.
func blockStatuses(cal *calendar.Calendar, year int, confs []store.CalendarConfirmation) []BlockStatus {
	var out []BlockStatus
	for _, b := range cal.HolidayBlocks(year) {
		st := BlockStatus{HolidayBlock: b}
		for _, c := range confs {
			if c.Holiday != string(b.Key) {
				continue
			}
			st.ConfirmedBy, st.ConfirmedAt = c.ConfirmedBy, c.ConfirmedAt
			st.Confirmed = c.Days == b.Signature()
			st.Changed = !st.Confirmed
		}
		out = append(out, st)
	}
	return out
}

// CalendarMonth is one month grid: weeks from Monday to Sunday.
type CalendarMonth struct {
	Month time.Month
	Weeks [][7]calendar.DayInfo
}

// yearProblem validates a calendar year.
func yearProblem(year int) error {
	if year < CalendarMinYear || year > CalendarMaxYear {
		return errs.Fields{"year": fmt.Sprintf("Năm phải là một số từ %d đến %d.", CalendarMinYear, CalendarMaxYear)}.Err()
	}
	return nil
}

// CalendarYear returns the ward's calendar of one year. Everyone in the
// ward may view it.
func (app *App) CalendarYear(ctx context.Context, a auth.Actor, year int) (YearCalendar, error) {
	if err := require(a, auth.ViewCalendar, auth.Target{}); err != nil {
		return YearCalendar{}, err
	}
	if err := yearProblem(year); err != nil {
		return YearCalendar{}, err
	}
	var cal *calendar.Calendar
	var ovs []calendar.Override
	var confs []store.CalendarConfirmation
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if cal, err = calendarIn(ctx, tx, a.WardID); err != nil {
			return err
		}
		if confs, err = tx.CalendarConfirmations(ctx, a.WardID, year); err != nil {
			return err
		}
		ovs, err = tx.CalendarOverrides(ctx, a.WardID)
		return err
	})
	if err != nil {
		return YearCalendar{}, err
	}
	cy := YearCalendar{Year: year, DaysOff: cal.DaysOff(year, false), Blocks: blockStatuses(cal, year, confs)}
	for m := time.January; m <= time.December; m++ {
		cy.Months = append(cy.Months, CalendarMonth{Month: m, Weeks: cal.Month(year, m)})
	}
	for _, d := range cal.WorkingSaturdays(year) {
		cy.WorkingSaturdays = append(cy.WorkingSaturdays, cal.Day(d))
	}
	for _, o := range ovs {
		if o.Date.Year == year {
			cy.Overrides = append(cy.Overrides, o)
		}
	}
	return cy, nil
}

// parseOverrideDate reads a date typed as dd/mm/yyyy (or YYYY-MM-DD from a
// date picker or the API) and validates it for an override.
func parseOverrideDate(s string) (calendar.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return calendar.Date{}, errs.Fields{"date": "Vui lòng nhập ngày (dd/mm/yyyy)."}.Err()
	}
	d, err := calendar.ParseVNDate(s)
	if err != nil {
		d, err = calendar.ParseDate(s)
	}
	if err != nil {
		if dateShaped(s) {
			return calendar.Date{}, errs.Fields{"date": "Ngày " + s + " không có trong lịch."}.Err()
		}
		return calendar.Date{}, errs.Fields{"date": "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 02/01/2026."}.Err()
	}
	if err := yearProblem(d.Year); err != nil {
		return calendar.Date{}, errs.Fields{"date": fmt.Sprintf("Ngày phải thuộc các năm từ %d đến %d.", CalendarMinYear, CalendarMaxYear)}.Err()
	}
	return d, nil
}

// dateShaped reports whether s looks like a date (digits and separators in
// the right places), so "30/02/2026" is told "no such day" rather than
// "wrong format".
func dateShaped(s string) bool {
	var parts []string
	switch {
	case strings.Count(s, "/") == 2:
		parts = strings.Split(s, "/")
	case strings.Count(s, "-") == 2:
		parts = strings.Split(s, "-")
	default:
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}

// overrideView is an override as recorded in the audit log.
func overrideView(o calendar.Override) map[string]any {
	return map[string]any{"date": o.Date.String(), "working": o.Working, "name": o.Name}
}

// findOverride returns the ward's override of d, if any.
func findOverride(ovs []calendar.Override, d calendar.Date) (calendar.Override, bool) {
	for _, o := range ovs {
		if o.Date == d {
			return o, true
		}
	}
	return calendar.Override{}, false
}

// PutOverride adds or replaces the admin's override of one day: a working
// day made a day off (hoán đổi, working=false) or a day off made a working
// day (làm bù, working=true). An override that would change nothing is
// refused, so mistakes in the date are caught.
func (app *App) PutOverride(ctx context.Context, a auth.Actor, date string, working bool, name string) error {
	if err := require(a, auth.ManageCalendar, auth.Target{}); err != nil {
		return err
	}
	f := errs.Fields{}
	d, err := parseOverrideDate(date)
	if err != nil {
		for k, v := range errs.FieldsOf(err) {
			f.Add(k, v)
		}
	}
	name = vntext.Clean(name)
	switch {
	case name == "":
		f.Add("name", "Vui lòng nhập tên hoặc lý do, ví dụ: Nghỉ Tết Dương lịch (hoán đổi).")
	case len([]rune(name)) > 200:
		f.Add("name", "Tên quá dài (tối đa 200 ký tự).")
	}
	if err := f.Err(); err != nil {
		return err
	}
	o := calendar.Override{Date: d, Working: working, Name: name}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		w, err := tx.Ward(ctx, a.WardID)
		if err != nil {
			return err
		}
		ovs, err := tx.CalendarOverrides(ctx, a.WardID)
		if err != nil {
			return err
		}
		before, existed := findOverride(ovs, d)
		// Judge the day without its own override, so replacing an entry is
		// checked against the statutory calendar.
		var others []calendar.Override
		for _, x := range ovs {
			if x.Date != d {
				others = append(others, x)
			}
		}
		base := calendar.New(calendar.Rules{CultureDay: w.Settings.CultureDayHoliday}, others).Day(d)
		day := d.VN() + " (" + calendar.WeekdayVN(d.Weekday()) + ")"
		switch {
		case working && base.Working:
			return errs.Fields{"date": "Ngày " + day + " đã là ngày làm việc; chỉ nhập “Làm việc (làm bù)” cho một ngày nghỉ."}.Err()
		case !working && !base.Working:
			why := "ngày nghỉ cuối tuần"
			if base.Name != "" {
				why = base.Name
			}
			return errs.Fields{"date": "Ngày " + day + " đã là ngày nghỉ (" + why + "); chỉ nhập “Nghỉ (hoán đổi)” cho một ngày làm việc."}.Err()
		}
		if err := tx.PutCalendarOverride(ctx, a.WardID, o); err != nil {
			return err
		}
		action, summary := "create", "Thêm ngày "
		var prev any
		if existed {
			action, summary, prev = "update", "Sửa ngày ", overrideView(before)
		}
		if working {
			summary += "làm việc bù " + d.VN() + ": " + name
		} else {
			summary += "nghỉ hoán đổi " + d.VN() + ": " + name
		}
		return app.audit(ctx, tx, a, "calendar", int64(d.Year), action, summary, prev, overrideView(o))
	})
}

// DeleteOverride removes the admin's override of one day, so the day
// follows the statutory calendar again.
func (app *App) DeleteOverride(ctx context.Context, a auth.Actor, date string) error {
	if err := require(a, auth.ManageCalendar, auth.Target{}); err != nil {
		return err
	}
	d, err := parseOverrideDate(date)
	if err != nil {
		return err
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		ovs, err := tx.CalendarOverrides(ctx, a.WardID)
		if err != nil {
			return err
		}
		before, ok := findOverride(ovs, d)
		if !ok {
			return errs.E(errs.NotFound, "Ngày "+d.VN()+" không có điều chỉnh nào để xóa.")
		}
		if err := tx.DeleteCalendarOverride(ctx, a.WardID, d); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "calendar", int64(d.Year), "delete", "Xóa điều chỉnh ngày "+d.VN()+": "+before.Name, overrideView(before), nil)
	})
}

// ConfirmHolidayBlock records the admin's confirmation that a year's Tết or
// Quốc khánh days (holiday "tet" or "quoc_khanh") are the ones the
// government decided. seen is the block as the admin saw it
// (HolidayBlock.Signature); when overrides changed it meanwhile the
// confirmation is refused, so nobody confirms days they did not see. ""
// confirms the block as it stands (API clients that just read it).
func (app *App) ConfirmHolidayBlock(ctx context.Context, a auth.Actor, year int, holiday, seen string) error {
	if err := require(a, auth.ManageCalendar, auth.Target{}); err != nil {
		return err
	}
	if err := yearProblem(year); err != nil {
		return err
	}
	key := calendar.BlockKey(strings.TrimSpace(holiday))
	if !key.Valid() {
		return errs.Fields{"holiday": "Chọn kỳ nghỉ cần xác nhận: Tết Nguyên đán hoặc Quốc khánh."}.Err()
	}
	now := app.Now()
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		cal, err := calendarIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		var block *calendar.HolidayBlock
		for _, b := range cal.HolidayBlocks(year) {
			if b.Key == key {
				block = &b
			}
		}
		if block == nil {
			return errs.Ef(errs.Conflict, "Năm %d không có ngày nghỉ %s nào để xác nhận.", year, key.Label())
		}
		if seen = strings.TrimSpace(seen); seen != "" && seen != block.Signature() {
			return errs.Ef(errs.Conflict, "Lịch nghỉ %s năm %d vừa thay đổi (nay là %s); vui lòng xem lại trước khi xác nhận.", key.Label(), year, block.Span())
		}
		confs, err := tx.CalendarConfirmations(ctx, a.WardID, year)
		if err != nil {
			return err
		}
		var before any
		for _, c := range confs {
			if c.Holiday == string(key) {
				before = map[string]any{"days": c.Days, "by": c.ConfirmedBy}
			}
		}
		c := store.CalendarConfirmation{Year: year, Holiday: string(key), Days: block.Signature(), ConfirmedAt: now}
		if err := tx.PutCalendarConfirmation(ctx, a.WardID, c, a.UserID); err != nil {
			return err
		}
		summary := fmt.Sprintf("Xác nhận lịch nghỉ %s năm %d: %s", key.Label(), year, block.Span())
		return app.audit(ctx, tx, a, "calendar", int64(year), "confirm", summary, before, map[string]any{"holiday": key, "days": c.Days})
	})
}
