package web

import (
	"net/http"
	"strconv"
	"strings"
)

// apiCalendar answers GET /api/v1/calendar/{year}: the year's days off
// (plain weekends left out; holidays on a weekend kept, with their name) and
// the weekend days worked.
func (s *Server) apiCalendar(w http.ResponseWriter, r *http.Request) {
	year, err := strconv.Atoi(strings.TrimSpace(r.PathValue("year")))
	if err != nil {
		year = 0 // validation names the field
	}
	y, err := s.app.CalendarYear(r.Context(), actor(r), year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type dayOff struct {
		Date string `json:"date"`
		Name string `json:"name"`
		Kind string `json:"kind"`
	}
	off := make([]dayOff, 0, len(y.DaysOff))
	for _, d := range y.DaysOff {
		off = append(off, dayOff{Date: d.Date.String(), Name: d.Name, Kind: string(d.Kind)})
	}
	sat := make([]string, 0, len(y.WorkingSaturdays))
	for _, d := range y.WorkingSaturdays {
		sat = append(sat, d.Date.String())
	}
	type block struct {
		Holiday     string   `json:"holiday"`
		Name        string   `json:"name"`
		From        string   `json:"from"`
		To          string   `json:"to"`
		Holidays    []string `json:"holidays"`
		Confirmed   bool     `json:"confirmed"`
		Changed     bool     `json:"changed"`
		ConfirmedBy *string  `json:"confirmed_by"`
	}
	blocks := make([]block, 0, len(y.Blocks))
	for _, b := range y.Blocks {
		x := block{Holiday: string(b.Key), Name: b.Name, From: b.From.String(), To: b.To.String(), Holidays: []string{},
			Confirmed: b.Confirmed, Changed: b.Changed}
		for _, d := range b.Holidays {
			x.Holidays = append(x.Holidays, d.String())
		}
		if b.ConfirmedBy != "" {
			x.ConfirmedBy = &b.ConfirmedBy
		}
		blocks = append(blocks, x)
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": y.Year, "days_off": off, "working_saturdays": sat, "holiday_blocks": blocks})
}

// apiCalendarConfirm answers POST /api/v1/calendar/{year}/confirmations
// with {"holiday": "tet"|"quoc_khanh", "days"?: "YYYY-MM-DD/YYYY-MM-DD"}:
// the admin confirms the year's block; the calendar comes back.
func (s *Server) apiCalendarConfirm(w http.ResponseWriter, r *http.Request) {
	year, err := strconv.Atoi(strings.TrimSpace(r.PathValue("year")))
	if err != nil {
		year = 0
	}
	var j struct {
		Holiday string `json:"holiday"`
		Days    string `json:"days"`
	}
	if err := decodeJSON(w, r, &j); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.ConfirmHolidayBlock(r.Context(), actor(r), year, j.Holiday, j.Days); err != nil {
		s.fail(w, r, err)
		return
	}
	s.apiCalendar(w, r)
}
