package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

// dayKindLabels names the kinds of day in the calendar's legend and lists.
var dayKindLabels = []struct{ Kind, Label string }{
	{string(calendar.KindWeekend), "Nghỉ cuối tuần"},
	{string(calendar.KindHoliday), "Nghỉ lễ, Tết"},
	{string(calendar.KindCompensatory), "Nghỉ bù"},
	{string(calendar.KindSwap), "Nghỉ hoán đổi"},
	{string(calendar.KindMakeup), "Làm việc bù"},
}

func dayKindLabel(k calendar.DayKind) string {
	for _, l := range dayKindLabels {
		if l.Kind == string(k) {
			return l.Label
		}
	}
	return "Ngày làm việc"
}

// calDay is one cell of a month grid.
type calDay struct {
	Day        int
	Lunar      string
	LunarStart bool // day 1 of a lunar month, emphasised
	Kind       string
	Title      string // tooltip: date, weekday, lunar date, reason
	Outside    bool   // belongs to the neighbouring month
	Today      bool
}

type calMonth struct {
	Label string
	Weeks [][7]calDay
}

// calRow is one line of the days-off and working-Saturdays lists.
type calRow struct {
	Date, Weekday, Lunar, Name, Kind, KindLabel string
}

func calRowOf(d calendar.DayInfo) calRow {
	return calRow{Date: d.Date.VN(), Weekday: calendar.WeekdayVN(d.Date.Weekday()), Lunar: d.Lunar.String(),
		Name: d.Name, Kind: string(d.Kind), KindLabel: dayKindLabel(d.Kind)}
}

// overrideRow is one admin entry with its delete button.
type overrideRow struct {
	ISO, Date, Weekday, Name, What string
}

// blockRow is a Tết or Quốc khánh block with its confirmation state.
type blockRow struct {
	Key, Name, Span, Rule, Signature string
	Confirmed, Changed               bool
	ConfirmedBy, ConfirmedAt         string
}

func blockRows(y app.YearCalendar) []blockRow {
	var out []blockRow
	for _, b := range y.Blocks {
		row := blockRow{Key: string(b.Key), Name: b.Name, Span: b.Span(), Rule: b.Rule, Signature: b.Signature(),
			Confirmed: b.Confirmed, Changed: b.Changed, ConfirmedBy: b.ConfirmedBy}
		if !b.ConfirmedAt.IsZero() {
			row.ConfirmedAt = b.ConfirmedAt.In(vnZone()).Format("15:04 02/01/2006")
		}
		out = append(out, row)
	}
	return out
}

// calendarPageData shapes a year for the template.
func calendarPageData(y app.YearCalendar, today calendar.Date, base string, editable bool) map[string]any {
	months := make([]calMonth, 0, len(y.Months))
	for _, m := range y.Months {
		cm := calMonth{Label: fmt.Sprintf("Tháng %d", int(m.Month))}
		for _, w := range m.Weeks {
			var cw [7]calDay
			for i, d := range w {
				title := calendar.WeekdayVN(d.Date.Weekday()) + " " + d.Date.VN()
				if !d.Lunar.IsZero() {
					title += " — âm lịch " + d.Lunar.String()
				}
				if d.Kind != calendar.KindWorking {
					title += " — " + dayKindLabel(d.Kind)
				}
				if d.Name != "" {
					title += ": " + d.Name
				}
				cw[i] = calDay{Day: d.Date.Day, Lunar: d.Lunar.String(), LunarStart: d.Lunar.Day == 1, Kind: string(d.Kind),
					Title: title, Outside: d.Date.Month != m.Month, Today: d.Date == today}
			}
			cm.Weeks = append(cm.Weeks, cw)
		}
		months = append(months, cm)
	}
	var off, sat []calRow
	for _, d := range y.DaysOff {
		off = append(off, calRowOf(d))
	}
	for _, d := range y.WorkingSaturdays {
		sat = append(sat, calRowOf(d))
	}
	var ovs []overrideRow
	for _, o := range y.Overrides {
		what := "Nghỉ (hoán đổi)"
		if o.Working {
			what = "Làm việc (làm bù)"
		}
		ovs = append(ovs, overrideRow{ISO: o.Date.String(), Date: o.Date.VN(), Weekday: calendar.WeekdayVN(o.Date.Weekday()), Name: o.Name, What: what})
	}
	return map[string]any{
		"Year": y.Year, "Months": months, "DaysOff": off, "WorkingSaturdays": sat, "Overrides": ovs, "Blocks": blockRows(y),
		"Kinds": dayKindLabels, "Base": base, "Editable": editable, "Found": true,
		"Prev": prevNextYear(base, y.Year-1), "Next": prevNextYear(base, y.Year+1),
		"Weekdays": []struct{ Short, Long string }{{"T2", "Thứ Hai"}, {"T3", "Thứ Ba"}, {"T4", "Thứ Tư"}, {"T5", "Thứ Năm"}, {"T6", "Thứ Sáu"}, {"T7", "Thứ Bảy"}, {"CN", "Chủ nhật"}},
	}
}

// prevNextYear links a neighbouring year, or "" outside the supported range.
func prevNextYear(base string, y int) string {
	if y < app.CalendarMinYear || y > app.CalendarMaxYear {
		return ""
	}
	return base + "?year=" + strconv.Itoa(y)
}

// requestedYear reads ?year=; empty means the current year in Vietnam time.
// Anything that is not a number reads as 0, which validation reports.
func (s *Server) requestedYear(r *http.Request, raw string) int {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return calendar.DateOf(s.app.Now()).Year
	}
	y, err := strconv.Atoi(raw)
	if err != nil {
		return 0
	}
	return y
}

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) {
	s.showCalendar(w, r, "/calendar", false)
}

func (s *Server) adminCalendarPage(w http.ResponseWriter, r *http.Request) {
	if !s.calendarAdmin(w, r) {
		return
	}
	s.showCalendar(w, r, "/admin/calendar", true)
}

// calendarAdmin refuses the admin calendar to anyone who cannot edit it.
func (s *Server) calendarAdmin(w http.ResponseWriter, r *http.Request) bool {
	a := actor(r)
	if !auth.Can(a, auth.ManageCalendar, auth.Target{WardID: a.WardID}) {
		s.fail(w, r, errs.E(errs.Forbidden, "Trang này dành cho quản trị hệ thống."))
		return false
	}
	return true
}

func (s *Server) showCalendar(w http.ResponseWriter, r *http.Request, base string, editable bool) {
	q := r.URL.Query()
	year := s.requestedYear(r, q.Get("year"))
	v := &View{Title: "Lịch làm việc", Active: "calendar", Form: url.Values(q)}
	if v.Val("year") == "" {
		v.Form = url.Values{"year": {strconv.Itoa(year)}}
	}
	y, err := s.app.CalendarYear(r.Context(), actor(r), year)
	if err != nil {
		if errs.Is(err, errs.Invalid) {
			// Keep the year box with the message beside it.
			v.Errors, v.Message = errs.FieldsOf(err), errs.Message(err)
			v.Data = map[string]any{"Base": base, "Editable": editable, "Found": false}
			s.renderPage(w, r, http.StatusBadRequest, "calendar", v)
			return
		}
		s.fail(w, r, err)
		return
	}
	v.Title = "Lịch làm việc năm " + strconv.Itoa(year)
	v.Data = calendarPageData(y, calendar.DateOf(s.app.Now()), base, editable)
	s.renderPage(w, r, http.StatusOK, "calendar", v)
}

// overrideFailed re-renders the admin calendar with the form's messages;
// forbidden and other errors become an error page. Nothing was saved.
func (s *Server) overrideFailed(w http.ResponseWriter, r *http.Request, err error) {
	if k := errs.KindOf(err); k != errs.Invalid && k != errs.Conflict {
		s.fail(w, r, err)
		return
	}
	year := s.requestedYear(r, r.PostFormValue("year"))
	v := &View{Title: "Lịch làm việc", Active: "calendar"}
	y, yerr := s.app.CalendarYear(r.Context(), actor(r), year)
	if yerr != nil {
		if y, yerr = s.app.CalendarYear(r.Context(), actor(r), calendar.DateOf(s.app.Now()).Year); yerr != nil {
			s.fail(w, r, yerr)
			return
		}
	}
	v.Title = "Lịch làm việc năm " + strconv.Itoa(y.Year)
	v.Data = calendarPageData(y, calendar.DateOf(s.app.Now()), "/admin/calendar", true)
	s.formFailed(w, r, err, "calendar", v)
}

// typedDate reads a date as the use cases accept it (dd/mm/yyyy or
// YYYY-MM-DD), for the flash message and the page to return to.
func typedDate(s string) calendar.Date {
	for _, parse := range []func(string) (calendar.Date, error){calendar.ParseVNDate, calendar.ParseDate} {
		if d, err := parse(s); err == nil {
			return d
		}
	}
	return calendar.Date{}
}

func (s *Server) overrideCreate(w http.ResponseWriter, r *http.Request) {
	if !s.calendarAdmin(w, r) {
		return
	}
	r.ParseForm()
	date, name := r.PostFormValue("date"), r.PostFormValue("name")
	var err error
	switch r.PostFormValue("working") {
	case "0", "1":
		err = s.app.PutOverride(r.Context(), actor(r), date, r.PostFormValue("working") == "1", name)
	default:
		err = errs.Fields{"working": "Vui lòng chọn “Nghỉ (hoán đổi)” hoặc “Làm việc (làm bù)”."}.Err()
	}
	if err != nil {
		s.overrideFailed(w, r, err)
		return
	}
	d := typedDate(date)
	s.flash(r, "Đã lưu điều chỉnh ngày "+d.VN()+".")
	redirect(w, r, "/admin/calendar?year="+strconv.Itoa(d.Year))
}

func (s *Server) overrideDelete(w http.ResponseWriter, r *http.Request) {
	if !s.calendarAdmin(w, r) {
		return
	}
	r.ParseForm()
	date := r.PathValue("date")
	if err := s.app.DeleteOverride(r.Context(), actor(r), date); err != nil {
		s.overrideFailed(w, r, err)
		return
	}
	d := typedDate(date)
	s.flash(r, "Đã xóa điều chỉnh ngày "+d.VN()+".")
	redirect(w, r, "/admin/calendar?year="+strconv.Itoa(d.Year))
}

// blockConfirm records the admin's confirmation of a year's Tết or Quốc
// khánh days.
func (s *Server) blockConfirm(w http.ResponseWriter, r *http.Request) {
	if !s.calendarAdmin(w, r) {
		return
	}
	r.ParseForm()
	year := s.requestedYear(r, r.PostFormValue("year"))
	if err := s.app.ConfirmHolidayBlock(r.Context(), actor(r), year, r.PostFormValue("holiday"), r.PostFormValue("days")); err != nil {
		s.overrideFailed(w, r, err)
		return
	}
	s.flash(r, "Đã xác nhận lịch nghỉ "+calendar.BlockKey(r.PostFormValue("holiday")).Label()+" năm "+strconv.Itoa(year)+".")
	redirect(w, r, "/admin/calendar?year="+strconv.Itoa(year)+"#blocks")
}
