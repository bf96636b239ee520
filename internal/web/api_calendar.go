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
	writeJSON(w, http.StatusOK, map[string]any{"year": y.Year, "days_off": off, "working_saturdays": sat})
}
