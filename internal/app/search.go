package app

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// Search across months (issue 12 §1): GET /api/v1/items and the page
// "Tra cứu nội dung" share this use case. Filters arrive as typed text; each
// problem is reported on its field (400), never as a slow query: the words
// of q are bounded, and every other filter is an indexed condition.

// Bounds of a search.
const (
	SearchMaxLimit     = 200
	SearchDefaultLimit = 50
	SearchMaxQRunes    = 200
	SearchMaxWords     = 8
	// SearchCountCap bounds each per-status count of the page.
	SearchCountCap = 1000
	// SearchScanCap bounds the one-pass count of a search by words.
	SearchScanCap = 5000
	// MaxSavedSearches bounds the saved filters of one account.
	MaxSavedSearches  = 30
	maxSavedNameRunes = 100
)

// SearchParams are the filters as typed (query string or form).
type SearchParams struct {
	Status []string
	Unit   string // unit code
	// Coordinating "true": the unit's coordinated items too (việc của phòng).
	Coordinating string
	Leader       string // login or id
	Person       string // login or id
	MonthFrom    string // YYYY-MM
	MonthTo      string
	DueFrom      string // YYYY-MM-DD or dd/mm/yyyy
	DueTo        string
	Overdue      string // "true" / "1" / "false" / ""
	Source       string
	Kind         string
	Q            string
	Sort         string // due_date, updated_at, month; "-" prefix or Dir "desc" for descending
	Dir          string // asc / desc
	Limit        string
	Cursor       string
}

// SearchResult is one page of a search.
type SearchResult struct {
	Rows  []store.SearchRow
	Next  string // cursor of the next page ("" on the last)
	Limit int
	Sort  string
	Desc  bool
	// Counts per status for the current filter (without its statuses), up
	// to SearchCountCap each; only when asked (the page).
	Counts map[program.Status]int
	// CountsPartial: the counts stopped at SearchScanCap rows (lower bounds).
	CountsPartial bool
	Units         []UnitRef
	Leaders       []LeaderRef
	Now           time.Time
}

// LeaderRef names a leader for the leader filter.
type LeaderRef struct {
	ID    int64
	Login string
	Name  string
}

// SearchPreset is a filter offered to everyone by default, by role.
type SearchPreset struct {
	Name  string
	Query string
}

// SearchPresets are the default filters of a: "Việc quá hạn của phòng tôi"
// for a member of a unit, and "Việc tôi phụ trách": a leader's items in
// charge, a unit head's open items of the unit, else the items one
// registered.
func SearchPresets(a auth.Actor, units []UnitRef) []SearchPreset {
	code := ""
	for _, u := range units {
		if u.ID == a.UnitID && a.UnitID != 0 {
			code = u.Code
		}
	}
	var out []SearchPreset
	if code != "" {
		out = append(out, SearchPreset{"Việc quá hạn của phòng tôi", "overdue=true&sort=due_date&unit=" + code})
	}
	open := "status=not_started&status=in_progress_on_time&status=due_soon&status=in_progress_overdue&status=pending_acceptance"
	switch {
	case a.LeaderID != 0:
		out = append(out, SearchPreset{"Việc tôi phụ trách", open + "&leader=" + strconv.FormatInt(a.LeaderID, 10)})
	case a.Role == org.RoleUnitHead && code != "":
		out = append(out, SearchPreset{"Việc tôi phụ trách", open + "&unit=" + code + "&coordinating=true"})
	case a.PersonID != 0:
		out = append(out, SearchPreset{"Việc tôi phụ trách", open + "&person=" + strconv.FormatInt(a.PersonID, 10)})
	}
	return out
}

// UnitRef names a unit in the search rows.
type UnitRef struct {
	ID   int64
	Code string
	Name string
}

// searchCursor is the opaque page position: the order it belongs to and the
// last row's key.
type searchCursor struct {
	Sort string `json:"s"`
	Desc bool   `json:"d,omitempty"`
	Date string `json:"k,omitempty"`
	Time string `json:"t,omitempty"`
	YM   int    `json:"m,omitempty"`
	ID   int64  `json:"i"`
}

func encodeCursor(c searchCursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (searchCursor, bool) {
	var c searchCursor
	if len(s) > 400 {
		return c, false
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(b, &c) != nil || c.ID <= 0 {
		return c, false
	}
	return c, true
}

// SearchItems runs a search for a, with the per-status counts when
// withCounts.
func (app *App) SearchItems(ctx context.Context, a auth.Actor, in SearchParams, withCounts bool) (SearchResult, error) {
	if err := require(a, auth.ViewProgram, auth.Target{}); err != nil {
		return SearchResult{}, err
	}
	res := SearchResult{Now: app.Now()}
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		o, err := loadOrgIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		ward, units, leaders := o.Ward, o.Units, o.Leaders
		cal, err := calendarIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		q, err := parseSearch(ctx, tx, a, in, units, leaders)
		if err != nil {
			return err
		}
		q.Bounds = program.StatusBounds(res.Now, cal, ward.Settings.DueSoonWorkingDays)
		q.DueFrom, q.DueTo = program.StoredDeadlineRange(q.DueFrom, q.DueTo, cal)
		// Partners and guests see what is issued (the program page's rule).
		q.IssuedOnly = !auth.Can(a, auth.ViewDraftProgram, auth.Target{WardID: a.WardID})
		res.Limit, res.Sort, res.Desc = q.Limit, q.Sort, q.Desc
		rows, more, err := tx.SearchItems(ctx, q)
		if err != nil {
			return err
		}
		for k := range rows {
			rows[k].EffectiveDeadline = cal.NextWorkingDay(rows[k].Deadline)
			if u, ok := o.UnitByID(rows[k].LeadUnitID); ok {
				rows[k].LeadUnitCode, rows[k].LeadUnitName = u.Code, u.Name
			}
			if l, ok := o.LeaderByID(rows[k].LeaderID); ok {
				rows[k].LeaderName, rows[k].LeaderLogin = l.FullName, l.Login
			}
		}
		res.Rows = rows
		if more && len(rows) > 0 {
			last := rows[len(rows)-1]
			c := searchCursor{Sort: q.Sort, Desc: q.Desc, ID: last.ID}
			switch q.Sort {
			case "updated_at":
				c.Time = last.UpdatedAt.UTC().Format(time.RFC3339Nano)
			case "month":
				c.YM = last.YM
			default:
				c.Date = last.Deadline.String()
			}
			res.Next = encodeCursor(c)
		}
		for _, u := range units {
			res.Units = append(res.Units, UnitRef{ID: u.ID, Code: u.Code, Name: u.Name})
		}
		for _, l := range leaders {
			res.Leaders = append(res.Leaders, LeaderRef{ID: l.ID, Login: l.Login, Name: l.FullName})
		}
		if !withCounts {
			return nil
		}
		counted := q
		counted.After, counted.Statuses, counted.Overdue, counted.Sort, counted.Desc, counted.Limit = nil, nil, false, "", false, 0
		// The counts are the costly part of a page (up to a thousand index
		// entries per status); paging and sorting leave them as they are,
		// so they are kept per filter for the minute until anything changes.
		type kept struct {
			counts  map[program.Status]int
			partial bool
		}
		k, err := store.Cached(ctx, tx, searchCountsKey{fmt.Sprintf("%+v", counted), res.Now.Unix() / 60}, func() (kept, error) {
			counts, partial, err := searchCounts(ctx, tx, counted)
			return kept{counts, partial}, err
		})
		if err != nil {
			return err
		}
		res.Counts, res.CountsPartial = map[program.Status]int{}, k.partial
		for s, n := range k.counts {
			if q.Overdue && s != program.StatusOverdue {
				continue
			}
			res.Counts[s] = n
		}
		return nil
	})
	return res, err
}

// searchCountsKey keeps a filter's counts per status.
type searchCountsKey struct {
	query  string
	minute int64
}

// searchCounts counts the rows of q per status, each up to the cap;
// partial reports a word search that reached its scan limit.
func searchCounts(ctx context.Context, tx *store.Tx, q store.ItemQuery) (counts map[program.Status]int, partial bool, err error) {
	if len(q.Words) > 0 {
		// Words are matched by a scan: count every status in one pass.
		return tx.CountItemsByStatus(ctx, q, SearchScanCap)
	}
	counts = map[program.Status]int{}
	for _, s := range program.Statuses() {
		if counts[s], err = tx.CountItems(ctx, q, s, SearchCountCap+1); err != nil {
			return nil, false, err
		}
	}
	return counts, false, nil
}

// parseSearch checks every filter and names the field of each problem.
func parseSearch(ctx context.Context, tx *store.Tx, a auth.Actor, in SearchParams, units []org.Unit, leaders []org.Leader) (store.ItemQuery, error) {
	q := store.ItemQuery{WardID: a.WardID, Limit: SearchDefaultLimit, Sort: "due_date"}
	fe := errs.Fields{}
	if len(in.Status) > len(program.Statuses()) {
		fe.Add("status", "Chọn nhiều nhất "+strconv.Itoa(len(program.Statuses()))+" trạng thái.")
	} else {
		for _, raw := range in.Status {
			for _, s := range strings.Split(raw, ",") {
				if strings.TrimSpace(s) == "" {
					continue
				}
				st, err := program.ParseStatus(s)
				if err != nil {
					fe.Add("status", errs.Message(err))
					break
				}
				q.Statuses = append(q.Statuses, st)
			}
		}
	}
	if c := strings.TrimSpace(in.Unit); c != "" {
		found := false
		for _, u := range units {
			if strings.EqualFold(u.Code, c) {
				q.UnitID, found = u.ID, true
			}
		}
		if !found {
			fe.Add("unit", fmt.Sprintf("Không có đơn vị mã «%s».", clip(c)))
		}
	}
	if l := strings.TrimSpace(in.Leader); l != "" {
		id, _ := strconv.ParseInt(l, 10, 64)
		for _, x := range leaders {
			if (id != 0 && x.ID == id) || (x.Login != "" && strings.EqualFold(x.Login, l)) {
				q.LeaderID = x.ID
			}
		}
		if q.LeaderID == 0 {
			fe.Add("leader", fmt.Sprintf("Không có lãnh đạo «%s».", clip(l)))
		}
	}
	if p := strings.TrimSpace(in.Person); p != "" {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil && id > 0 {
			if pe, err := tx.Person(ctx, a.WardID, id); err == nil {
				q.PersonID = pe.ID
			}
		} else if len(p) <= 100 {
			if u, _, err := tx.UserInWard(ctx, a.WardID, p); err == nil && u.WardID == a.WardID && u.PersonID != 0 {
				q.PersonID = u.PersonID
			}
		}
		if q.PersonID == 0 {
			fe.Add("person", fmt.Sprintf("Không có cán bộ «%s».", clip(p)))
		}
	}
	month := func(field, s string) int {
		if s = strings.TrimSpace(s); s == "" {
			return 0
		}
		m, err := program.ParseMonthInput(s)
		if err != nil {
			fe.Add(field, errs.Message(err))
			return 0
		}
		return program.YM(m)
	}
	q.YMFrom, q.YMTo = month("month_from", in.MonthFrom), month("month_to", in.MonthTo)
	if q.YMFrom != 0 && q.YMTo != 0 && q.YMFrom > q.YMTo {
		fe.Add("month_to", "Tháng cuối phải từ tháng đầu trở đi.")
	}
	day := func(field, s string) calendar.Date {
		if s = strings.TrimSpace(s); s == "" {
			return calendar.Date{}
		}
		d, err := parseDay(s)
		if err != nil || !d.InRange() {
			fe.Add(field, fmt.Sprintf("Ngày «%s» không hợp lệ (dd/mm/yyyy hoặc YYYY-MM-DD).", clip(s)))
			return calendar.Date{}
		}
		return d
	}
	q.DueFrom, q.DueTo = day("due_from", in.DueFrom), day("due_to", in.DueTo)
	if !q.DueFrom.IsZero() && !q.DueTo.IsZero() && q.DueFrom.After(q.DueTo) {
		fe.Add("due_to", "Hạn đến ngày phải từ hạn từ ngày trở đi.")
	}
	boolean := func(field, s string) bool {
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "", "false", "0":
			return false
		case "true", "1", "on":
			return true
		}
		fe.Add(field, "Giá trị «"+field+"» chỉ nhận true hoặc false.")
		return false
	}
	q.Overdue = boolean("overdue", in.Overdue)
	q.Coordinating = boolean("coordinating", in.Coordinating)
	if s := strings.TrimSpace(in.Source); s != "" {
		if src, err := program.ParseSource(s); err != nil {
			fe.Add("source", errs.Message(err))
		} else {
			q.Source = string(src)
		}
	}
	if k := strings.TrimSpace(in.Kind); k != "" {
		if kind, err := program.ParseKind(k); err != nil {
			fe.Add("kind", errs.Message(err))
		} else {
			q.Kind = string(kind)
		}
	}
	if text := strings.TrimSpace(in.Q); text != "" {
		if n := utf8.RuneCountInString(text); n > SearchMaxQRunes {
			fe.Add("q", fmt.Sprintf("Từ khóa dài %d ký tự, tối đa %d.", n, SearchMaxQRunes))
		} else {
			words := strings.Fields(vntext.Fold(text))
			if len(words) > SearchMaxWords {
				fe.Add("q", fmt.Sprintf("Từ khóa có %d từ, tối đa %d.", len(words), SearchMaxWords))
			}
			q.Words = words
		}
	}
	sort, dir := strings.TrimSpace(in.Sort), strings.ToLower(strings.TrimSpace(in.Dir))
	if strings.HasPrefix(sort, "-") {
		sort, dir = sort[1:], "desc"
	}
	switch sort {
	case "", "due_date":
		q.Sort = "due_date"
	case "updated_at", "month":
		q.Sort = sort
	default:
		fe.Add("sort", "Sắp xếp theo due_date, updated_at hoặc month.")
	}
	switch dir {
	case "", "asc":
	case "desc":
		q.Desc = true
	default:
		fe.Add("dir", "Chiều sắp xếp là asc hoặc desc.")
	}
	if l := strings.TrimSpace(in.Limit); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > SearchMaxLimit {
			fe.Add("limit", fmt.Sprintf("Số dòng mỗi trang từ 1 đến %d.", SearchMaxLimit))
		} else {
			q.Limit = n
		}
	}
	if c := strings.TrimSpace(in.Cursor); c != "" {
		cur, ok := decodeCursor(c)
		key := &store.SearchKey{ID: cur.ID, YM: cur.YM}
		switch {
		case !ok:
		case cur.Sort != q.Sort || cur.Desc != q.Desc:
			ok = false
		case q.Sort == "updated_at":
			t, err := time.Parse(time.RFC3339Nano, cur.Time)
			ok, key.Time = err == nil, t
		case q.Sort == "month":
			ok = cur.YM >= 190001 && cur.YM <= 210012
		default:
			d, err := calendar.ParseDate(cur.Date)
			ok, key.Date = err == nil, d.String()
		}
		if !ok {
			fe.Add("cursor", "Con trỏ trang không hợp lệ hoặc không thuộc cách sắp xếp này; hãy bắt đầu lại từ trang đầu.")
		} else {
			q.After = key
		}
	}
	return q, fe.Err()
}

// clip shortens an echoed value in a message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}

// SavedSearches lists the account's saved filters.
func (app *App) SavedSearches(ctx context.Context, a auth.Actor) ([]store.SavedSearch, error) {
	var out []store.SavedSearch
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.SavedSearches(ctx, a.UserID)
		return err
	})
	return out, err
}

// SaveSearch stores the page's current filter under a name for the account
// (replacing one of the same name). The query is re-checked as a search so
// only a valid filter is kept.
func (app *App) SaveSearch(ctx context.Context, a auth.Actor, name, query string) error {
	if err := require(a, auth.ViewProgram, auth.Target{}); err != nil {
		return err
	}
	name = vntext.Clean(name)
	fe := errs.Fields{}
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		fe.Add("name", "Đặt tên cho bộ lọc.")
	case n > maxSavedNameRunes:
		fe.Add("name", fmt.Sprintf("Tên bộ lọc tối đa %d ký tự.", maxSavedNameRunes))
	}
	if len(query) > 2000 {
		fe.Add("query", "Bộ lọc quá dài.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		n, err := tx.CountSavedSearches(ctx, a.UserID)
		if err != nil {
			return err
		}
		if n >= MaxSavedSearches {
			return errs.Fields{"name": fmt.Sprintf("Mỗi người lưu tối đa %d bộ lọc; hãy xóa bớt.", MaxSavedSearches)}.Err()
		}
		return tx.SaveSearch(ctx, store.SavedSearch{UserID: a.UserID, Name: name, Query: query, CreatedAt: app.Now()})
	})
}

// DeleteSavedSearch removes one of the account's saved filters.
func (app *App) DeleteSavedSearch(ctx context.Context, a auth.Actor, id int64) error {
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		return tx.DeleteSavedSearch(ctx, a.UserID, id)
	})
}

// RefreshCompletedLate recomputes the stored "completed late" flags of a
// ward with its current calendar (after a calendar change, and once after
// migration 00024, whose backfill knew weekends only).
func (app *App) RefreshCompletedLate(ctx context.Context, wardID int64) (int, error) {
	var n int
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		var err error
		n, err = tx.RefreshCompletedLate(ctx, wardID)
		return err
	})
	return n, err
}

// UnitItemsQuery is "Việc của phòng" of a unit: the search with the unit
// and the items it coordinates, from two months before now's month (what
// is under way), in deadline order.
func UnitItemsQuery(code string, now time.Time) url.Values {
	return url.Values{"unit": {code}, "coordinating": {"true"}, "month_from": {program.MonthOf(calendar.DateOf(now)).Prev().Prev().String()}}
}

// UnitItemsPath is UnitItemsQuery's address.
func UnitItemsPath(code string, now time.Time) string {
	return "/search?" + UnitItemsQuery(code, now).Encode()
}
