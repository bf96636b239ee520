package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/export"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
)

// Search across months (issue 12 §1): the API list GET /api/v1/items and
// the page "Tra cứu nội dung" (/search) read the same filters from the query
// string, so a page's address is a shareable filter and the API's answer
// for it.

// searchFilterKeys are the query parameters that make up a filter (the
// cursor is a position, not part of it).
var searchFilterKeys = []string{"status", "unit", "coordinating", "leader", "person", "month_from", "month_to",
	"due_from", "due_to", "overdue", "source", "kind", "q", "sort", "dir", "limit"}

func searchParams(v url.Values) app.SearchParams {
	return app.SearchParams{Status: v["status"], Unit: v.Get("unit"), Coordinating: v.Get("coordinating"),
		Leader: v.Get("leader"), Person: v.Get("person"), MonthFrom: v.Get("month_from"), MonthTo: v.Get("month_to"),
		DueFrom: v.Get("due_from"), DueTo: v.Get("due_to"), Overdue: v.Get("overdue"), Source: v.Get("source"),
		Kind: v.Get("kind"), Q: v.Get("q"), Sort: v.Get("sort"), Dir: v.Get("dir"), Limit: v.Get("limit"), Cursor: v.Get("cursor")}
}

// filterQuery is the filter part of v, in a stable order, without empty
// values: the address of the page for it and what a saved filter keeps.
func filterQuery(v url.Values) url.Values {
	out := url.Values{}
	for _, k := range searchFilterKeys {
		for _, x := range v[k] {
			if strings.TrimSpace(x) != "" {
				out.Add(k, x)
			}
		}
	}
	return out
}

type apiSearchRow struct {
	ID          int64  `json:"id"`
	Month       string `json:"month"`
	Title       string `json:"title"`
	LeadUnit    string `json:"lead_unit"`
	Leader      string `json:"leader"`
	LeaderName  string `json:"leader_name"`
	DueDate     string `json:"due_date"`
	Deadline    string `json:"deadline"`
	Status      string `json:"status"`
	StatusLabel string `json:"status_label"`
	Source      string `json:"source"`
	Kind        string `json:"kind"`
	Progress    int    `json:"progress"`
}

func monthOfYM(ym int) program.Month {
	return program.Month{Year: ym / 100, Month: time.Month(ym % 100)}
}

// apiItems is GET /api/v1/items: one page of the search, 400 naming the
// field of any bad filter.
func (s *Server) apiItems(w http.ResponseWriter, r *http.Request) {
	res, err := s.app.SearchItems(r.Context(), actor(r), searchParams(r.URL.Query()), false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items := make([]apiSearchRow, 0, len(res.Rows))
	for _, row := range res.Rows {
		items = append(items, apiSearchRow{ID: row.ID, Month: monthOfYM(row.YM).String(), Title: row.Title, LeadUnit: row.LeadUnitCode,
			Leader: row.LeaderLogin, LeaderName: row.LeaderName, DueDate: row.DueDate.String(), Deadline: row.EffectiveDeadline.String(),
			Status: string(row.Status), StatusLabel: row.Status.Label(), Source: row.Source, Kind: row.Kind, Progress: row.Facts.Progress})
	}
	var next *string
	if res.Next != "" {
		next = &res.Next
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "next": next})
}

type searchStatusCount struct {
	Status  program.Status
	Count   int
	Capped  bool
	Href    string
	Current bool
}

type searchView struct {
	Form     url.Values
	Result   app.SearchResult
	Counts   []searchStatusCount
	Query    string // the current filter as a query string
	NextHref string
	Saved    []store.SavedSearch
	Presets  []app.SearchPreset
	Unit     string // the unit's name when the filter names one (việc của phòng)
	Statuses []searchStatusCheck
	Limits   []string
}

type searchStatusCheck struct {
	Status  program.Status
	Checked bool
}

// searchPage is "Tra cứu nội dung": the filters, the counts per status, one
// page of rows, the saved filters and the XLSX export of the result.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	q := r.URL.Query()
	v := searchView{Form: q, Query: filterQuery(q).Encode(), Limits: []string{"50", "100", "200"}}
	for _, st := range program.Statuses() {
		checked := false
		for _, raw := range q["status"] {
			for _, x := range strings.Split(raw, ",") {
				checked = checked || strings.TrimSpace(x) == string(st)
			}
		}
		v.Statuses = append(v.Statuses, searchStatusCheck{st, checked})
	}
	var err error
	if v.Saved, err = s.app.SavedSearches(r.Context(), a); err != nil {
		s.fail(w, r, err)
		return
	}
	v.Result, err = s.app.SearchItems(r.Context(), a, searchParams(q), true)
	status := http.StatusOK
	view := &View{Title: "Tra cứu nội dung", Active: "search", Form: q}
	if errs.Is(err, errs.Invalid) {
		// The filter is shown again with each problem beside its field.
		status, view.Errors, view.Message = http.StatusBadRequest, errs.FieldsOf(err), errs.Message(err)
		v.Result, err = s.app.SearchItems(r.Context(), a, app.SearchParams{Limit: "1"}, false)
		v.Result.Rows = nil
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Presets = app.SearchPresets(a, v.Result.Units)
	for _, u := range v.Result.Units {
		if strings.EqualFold(u.Code, q.Get("unit")) && q.Get("unit") != "" {
			v.Unit = u.Name
			// The person's own unit with what it coordinates is the menu's
			// "Việc của phòng".
			if u.ID == a.UnitID && q.Get("coordinating") == "true" {
				view.Title, view.Active = "Việc của "+u.Name, "unititems"
			}
		}
	}
	for _, st := range program.Statuses() {
		n, ok := v.Result.Counts[st]
		if !ok {
			continue
		}
		link := filterQuery(q)
		link.Del("status")
		link.Del("overdue")
		link.Set("status", string(st))
		v.Counts = append(v.Counts, searchStatusCount{Status: st, Count: min(n, app.SearchCountCap), Capped: n > app.SearchCountCap || v.Result.CountsPartial,
			Href: "/search?" + link.Encode(), Current: len(q["status"]) == 1 && q.Get("status") == string(st)})
	}
	if v.Result.Next != "" {
		next := filterQuery(q)
		next.Set("cursor", v.Result.Next)
		v.NextHref = "/search?" + next.Encode()
	}
	view.Data = v
	s.renderPage(w, r, status, "search", view)
}

// searchExportLimit bounds one export: past it the user narrows the filter.
const searchExportLimit = 5000

// searchExport is the XLSX of the current filter's rows (at most
// searchExportLimit), read page by page in the filter's order.
func (s *Server) searchExport(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	p := searchParams(r.URL.Query())
	p.Limit, p.Cursor = fmt.Sprint(app.SearchMaxLimit), ""
	var lines []export.SearchLine
	truncated := false
	for {
		res, err := s.app.SearchItems(r.Context(), a, p, false)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, row := range res.Rows {
			lines = append(lines, export.SearchLine{ID: row.ID, Month: monthOfYM(row.YM).Short(), Title: row.Title,
				LeadUnit: row.LeadUnitCode, Leader: row.LeaderName, DueDate: row.DueDate.VN(), Deadline: row.EffectiveDeadline.VN(),
				Status: row.Status.Label(), Progress: row.Facts.Progress})
		}
		if res.Next == "" {
			break
		}
		if len(lines) >= searchExportLimit {
			truncated = true
			break
		}
		p.Cursor = res.Next
	}
	notes := []string{"Lập lúc " + s.app.Now().In(vnZone()).Format("15:04 02/01/2006")}
	if f := filterQuery(r.URL.Query()); len(f) > 0 {
		notes = append(notes, "Bộ lọc: "+f.Encode())
	}
	if truncated {
		notes = append(notes, fmt.Sprintf("Chỉ xuất %d dòng đầu; hãy thu hẹp bộ lọc để xuất phần còn lại.", len(lines)))
	}
	s.sendXLSX(w, r, "tra-cuu-noi-dung.xlsx", export.SearchWorkbook("KẾT QUẢ TRA CỨU NỘI DUNG CÔNG VIỆC", notes, lines))
}

// searchSave keeps the current filter under a name for the account.
func (s *Server) searchSave(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	query := r.PostForm.Get("query")
	parsed, err := url.ParseQuery(query)
	if err != nil {
		s.fail(w, r, errs.Fields{"query": "Bộ lọc không hợp lệ."}.Err())
		return
	}
	query = filterQuery(parsed).Encode()
	if err := s.app.SaveSearch(r.Context(), actor(r), r.PostForm.Get("name"), query); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Đã lưu bộ lọc.")
	redirect(w, r, "/search?"+query)
}

// searchSavedDelete removes one of the account's saved filters.
func (s *Server) searchSavedDelete(w http.ResponseWriter, r *http.Request) {
	if err := s.app.DeleteSavedSearch(r.Context(), actor(r), pathID(r, "id")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Đã xóa bộ lọc.")
	redirect(w, r, "/search")
}
