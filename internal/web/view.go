package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"dieuhanh/internal/accountability"
	"dieuhanh/internal/app"
	"dieuhanh/internal/auditview"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/notify"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
)

// View is what every page template receives.
type View struct {
	Title   string
	Active  string // nav entry to highlight
	User    org.User
	Actor   auth.Actor
	Ward    string
	Flash   string
	Errors  map[string]string // field → message, shown beside the field
	Suggest map[string]string // field → value offered instead (a working day for a day off)
	Message string            // a form-level error
	Form    url.Values        // submitted values, re-shown after an error
	Data    any
	Bare    bool // render only the content (htmx fragments)
	Unread  int
	Nav     []NavLink
	// URL is the address of the page shown, when it is not the request's:
	// a refused form answered on its POST path (ui.js puts it in the
	// address bar).
	URL    string
	server *Server
}

// NavLink is one entry of the main menu. Label is the short name shown
// in the menu bar; Title the full name (tooltip, phone menu). More puts the
// entry in the "Thêm" group: the bar keeps at most navInline entries so it
// fits one line at 1366 px whatever the role, and a new entry (e.g.
// "Văn bản") only needs a line in navFor.
type NavLink struct {
	Key, Label, Href string
	Title            string
	More             bool
}

// navInline is how many entries the menu bar shows before "Thêm".
const navInline = 6

// Inline and Overflow split the menu for the bar.
func (v *View) NavInline() []NavLink   { return splitNav(v.Nav, true) }
func (v *View) NavOverflow() []NavLink { return splitNav(v.Nav, false) }

// ActiveInMore reports whether the current page's entry is in "Thêm".
func (v *View) ActiveInMore() bool {
	for _, l := range v.NavOverflow() {
		if l.Key == v.Active {
			return true
		}
	}
	return false
}

func splitNav(links []NavLink, inline bool) []NavLink {
	var out []NavLink
	n := 0
	for _, l := range links {
		bar := !l.More && n < navInline
		if bar {
			n++
		}
		if bar == inline {
			out = append(out, l)
		}
	}
	return out
}

// Can reports whether the viewer may perform a ward-wide action (submit
// the program, consolidate the week), for hiding buttons; the server
// checks again on every request. An action on one object (an item, an
// entry) is decided by the page's handler, with that object's policy
// target and state, and handed to the template as a flag.
func (v *View) Can(action string) bool {
	return auth.Can(v.Actor, auth.Action(action), auth.Target{WardID: v.Actor.WardID})
}

// Val returns the submitted form value of a field.
func (v *View) Val(field string) string {
	if v.Form == nil {
		return ""
	}
	return v.Form.Get(field)
}

// ValAt returns the i-th submitted value of a repeated field (rows of a
// form with the same field names).
func (v *View) ValAt(field string, i int) string {
	if v.Form == nil || i < 0 || i >= len(v.Form[field]) {
		return ""
	}
	return v.Form[field][i]
}

// useSuggested applies the one-click choice of a refused form: a button
// named use_date with the value "field=YYYY-MM-DD" (or "field.i=…" for the
// i-th of a repeated field) replaces what was typed in that field, so the
// form is submitted again with the offered working day.
func useSuggested(r *http.Request) {
	field, date, ok := strings.Cut(r.PostFormValue("use_date"), "=")
	if !ok {
		return
	}
	if _, err := calendar.ParseDate(date); err != nil {
		return
	}
	i := 0
	if name, idx, ok := strings.Cut(field, "."); ok {
		n, err := strconv.Atoi(idx)
		if err != nil || n < 0 || n >= len(r.PostForm[name]) {
			return
		}
		field, i = name, n
	}
	for _, vals := range []url.Values{r.PostForm, r.Form} {
		if i < len(vals[field]) {
			vals[field][i] = date
		} else if i == 0 {
			vals.Set(field, date)
		}
	}
}

func (v *View) fill(s *Server, r *http.Request) {
	v.server = s
	if v.Actor.UserID == 0 {
		v.Actor = actor(r)
		v.User = currentUser(r)
	}
	if v.Flash == "" && v.Actor.UserID != 0 {
		v.Flash = s.sessions.PopString(r.Context(), "flash")
	}
	if v.Actor.UserID != 0 && v.Nav == nil && v.Actor.Role.IsProvince() {
		v.Nav = navFor(v.Actor, s.app.Now())
	}
	if v.Actor.UserID != 0 && v.Nav == nil {
		v.Nav = navFor(v.Actor, s.app.Now())
		// "Việc của phòng" is the search with the unit's code preset.
		if o, err := s.app.LoadOrg(r.Context(), v.Actor); err == nil {
			if u, ok := o.UnitByID(v.Actor.UnitID); ok {
				for i := range v.Nav {
					if v.Nav[i].Key == "unititems" {
						v.Nav[i].Href = app.UnitItemsPath(u.Code, s.app.Now())
					}
				}
			}
		}
		// "Chương trình tháng" and "Lịch công tác" open the month and week
		// waiting for this person's action, when there is one.
		if m, err := s.app.MenuTargets(r.Context(), v.Actor); err == nil {
			for i := range v.Nav {
				switch v.Nav[i].Key {
				case "programs":
					v.Nav[i].Href = "/programs/" + m.Month.String()
				case "schedule":
					v.Nav[i].Href = "/schedule/" + m.Week.String()
				case "reports":
					v.Nav[i].Href = app.ConsolidatedPath(m.Report)
				}
			}
		}
	}
	// The bell's count, on every page (the layout shows it).
	if v.Actor.UserID != 0 && v.Unread == 0 && !v.Bare && !v.Actor.Role.IsProvince() {
		v.Unread, _ = s.app.UnreadCount(r.Context(), v.Actor)
	}
}

// navFor lists the menu for a role; only pages that exist are linked. The
// order is the order of daily use: the first navInline entries stay in the
// bar, the rest go to "Thêm" (More forces an entry there).
func navFor(a auth.Actor, now time.Time) []NavLink {
	can := func(action auth.Action) bool { return auth.Can(a, action, auth.Target{WardID: a.WardID}) }
	link := func(key, label, title, href string) NavLink {
		return NavLink{Key: key, Label: label, Title: title, Href: href}
	}
	if a.Role.IsProvince() {
		// Province accounts see the wards, nothing inside one.
		return []NavLink{link("province", "Tổng quan tỉnh", "Tổng quan các phường", "/province"),
			link("wards", "Các phường", "Danh sách phường", "/province/wards")}
	}
	links := []NavLink{link("home", "Trang chủ", "Trang chủ", "/")}
	if can(auth.ViewProgram) {
		links = append(links, link("programs", "Chương trình", "Chương trình công tác tháng", "/programs/"+currentMonth(now).String()))
	}
	// Who carries out their unit's items has the unit's list at hand.
	if auth.Can(a, auth.ReportProgress, auth.Target{WardID: a.WardID, UnitID: a.UnitID}) {
		links = append(links, link("unititems", "Việc của phòng", "Việc của phòng", "/units/"+strconv.FormatInt(a.UnitID, 10)+"/items"))
	}
	if can(auth.ViewSchedule) {
		links = append(links, link("schedule", "Lịch tuần", "Lịch công tác tuần", "/schedule"),
			link("my", "Lịch của tôi", "Lịch của tôi", "/my/schedule"))
	}
	// Documents: the register for the ward's staff, Văn bản đến for a
	// partner or guest account that only receives.
	if can(auth.ViewDocuments) {
		links = append(links, link("documents", "Văn bản", "Văn bản đi, văn bản đến", "/documents"))
	} else {
		links = append(links, link("documents", "Văn bản đến", "Văn bản đến", "/documents/inbox"))
	}
	if can(auth.ViewScorecard) {
		links = append(links, link("scorecards", "Đánh giá", "Đánh giá, xếp loại", "/scorecards/"+currentMonth(now).String()))
	}
	if can(auth.ViewConsolidatedReport) {
		links = append(links, link("reports", "Báo cáo tổng hợp", "Báo cáo tổng hợp", app.ConsolidatedPath(currentMonth(now))))
	}
	// Remediation reports: the Office and the leaders see every unit's, a
	// unit's people their own.
	if can(auth.ViewRemediation) || auth.Can(a, auth.ViewRemediation, auth.Target{WardID: a.WardID, UnitID: a.UnitID}) {
		links = append(links, link("remediations", "Báo cáo khắc phục", "Báo cáo khắc phục", "/remediations"))
	}
	if can(auth.ManageRooms) {
		links = append(links, link("rooms", "Phòng họp", "Phòng họp, màn hình sảnh", "/rooms"))
	}
	if can(auth.ManageCalendar) {
		links = append(links, link("calendar", "Lịch làm việc", "Lịch ngày làm việc, ngày nghỉ", "/admin/calendar"))
	} else if can(auth.ViewCalendar) {
		links = append(links, link("calendar", "Lịch làm việc", "Lịch ngày làm việc, ngày nghỉ", "/calendar"))
	}
	if can(auth.ViewAudit) {
		links = append(links, link("audit", "Nhật ký thay đổi", "Nhật ký thay đổi", "/audit"))
	}
	// Search across months and units: with the lists, under "Thêm".
	if can(auth.ViewProgram) {
		l := link("search", "Tra cứu", "Tra cứu nội dung công việc", "/search")
		l.More = true
		links = append(links, l)
	}
	if can(auth.ManageOrg) {
		links = append(links, link("admin", "Quản trị", "Quản trị hệ thống", "/admin"))
	}
	return links
}

func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"asset": s.asset,
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(vnZone()).Format("02/01/2006")
		},
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(vnZone()).Format("15:04 02/01/2006")
		},
		// stamp is an instant of the history: dd/mm/yyyy HH:MM, Vietnam time.
		"stamp": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(vnZone()).Format("02/01/2006 15:04")
		},
		"roleLabel": func(r org.Role) string { return r.Label() },
		"vnd":       func(d calendar.Date) string { return d.VN() },
		"upper":     strings.ToUpper,
		"tp": func(t *time.Time) time.Time {
			if t == nil {
				return time.Time{}
			}
			return *t
		},
		"stateClass": func(st schedule.State) string {
			return map[schedule.State]string{schedule.StateReady: "good", schedule.StateOnTrack: "info",
				schedule.StateDueSoon: "warn", schedule.StateBreached: "bad"}[st]
		},
		"ids": func(ss []string) []int64 {
			var out []int64
			for _, x := range ss {
				if n, err := strconv.ParseInt(x, 10, 64); err == nil {
					out = append(out, n)
				}
			}
			return out
		},
		"stepLabel": func(st schedule.Step) string { return st.Label() },
		"schedKind": func(k schedule.Kind) string { return k.Label() },
		"progKind":  func(k program.Kind) string { return k.Label() },
		"kindLabel": func(k org.UnitKind) string { return k.Label() },
		"roles":     org.Roles,
		"unitKinds": org.UnitKinds,
		"str":       func(v any) string { return toString(v) },
		"join":      strings.Join,
		"add":       func(a, b int) int { return a + b },
		"has": func(list []int64, id int64) bool {
			for _, x := range list {
				if x == id {
					return true
				}
			}
			return false
		},
		"dict": func(kv ...any) map[string]any {
			m := make(map[string]any, len(kv)/2)
			for i := 0; i+1 < len(kv); i += 2 {
				k, _ := kv[i].(string)
				m[k] = kv[i+1]
			}
			return m
		},
		"weekdays": func() []string {
			return []string{"Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu"}
		},
		"unitCode": func(o app.Org, id int64) string {
			if u, ok := o.UnitByID(id); ok {
				return u.Code
			}
			return ""
		},
		"tone":        toneClass,
		"kinds":       program.Kinds,
		"sources":     program.Sources,
		"sections":    program.Sections,
		"statuses":    program.Statuses,
		"kindName":    func(k string) string { return program.Kind(k).Label() },
		"sourceName":  func(k string) string { return program.Source(k).Label() },
		"qualityName": func(k string) string { return program.Quality(k).Label() },
		"regName":     func(k string) string { return program.RegistrationState(k).Label() },
		"extName":     func(k string) string { return program.ExtensionDecision(k).Label() },
		"sectionName": func(n int) string { return program.Section(n).Heading() },
		"eventName":   eventName,
		"noteKind":    func(k string) string { return notify.Kind(k).Label() },
		"auditName":   auditName,
		"changes": func(e store.AuditEntry, n auditview.Names) []auditview.Change {
			return auditview.Diff(e.Before, e.After, n)
		},
		"auditActor": auditActor,
		"ymShort":    func(ym int) string { return monthOfYM(ym).Short() },
		"monthLabel": func(y int, m time.Month) string { return program.Month{Year: y, Month: m}.Label() },
		"monthPath":  func(y int, m time.Month) string { return program.Month{Year: y, Month: m}.String() },
		"fileSize":   fileSize,
		// dmy shows a stored or submitted ISO date as dd/mm/yyyy in a text
		// field; anything else (what the user typed) is shown unchanged.
		// mmyyyy shows a month given as "2026-12" as "12/2026" in a text
		// field; anything else is shown as typed.
		"mmyyyy": func(s string) string {
			if m, err := program.ParseMonth(s); err == nil {
				return fmt.Sprintf("%02d/%d", int(m.Month), m.Year)
			}
			return s
		},
		"dmy": func(s string) string {
			if d, err := calendar.ParseDate(s); err == nil {
				return d.VN()
			}
			return s
		},
		"isoVN": func(s string) string {
			if d, err := calendar.ParseDate(s); err == nil {
				return d.VN()
			}
			return s
		},
		"regLate":     func(k string) bool { return k == string(program.RegLatePending) },
		"regReturned": func(k string) bool { return k == string(program.RegReturned) },
		// Remediation reports: the weekday of a due date, the tone of a state.
		"weekday":  func(d calendar.Date) string { return calendar.WeekdayVN(d.Weekday()) },
		"remTone":  remediationTone,
		"remLabel": func(st string) string { return remediation.State(st).Label() },
		// Scorecards (seed ¶3).
		"buckets": accountability.Buckets,
		"num":     accountability.Num,
		"pct":     accountability.Percent,
		"reportOutcome": func(o string) string {
			return map[string]string{"on_time": "Nộp đúng hạn", "late": "Nộp muộn", "missing": "Không nộp đúng hạn"}[o]
		},
		"decisionLabel": func(k string) string { return accountability.DecisionKind(k).Label() },
		"gradeTone": func(g accountability.Grade) string {
			return map[accountability.Grade]string{accountability.GradeExcellent: "good", accountability.GradeGood: "info",
				accountability.GradePass: "warn", accountability.GradeFail: "bad"}[g]
		},
		"seq": func(n int) []int {
			out := make([]int, n)
			for i := range out {
				out[i] = i
			}
			return out
		},
	}
}

// vnZone is Vietnam time (UTC+7, no daylight saving since 1975); a fixed
// zone avoids depending on the machine's tzdata.
func vnZone() *time.Location { return time.FixedZone("ICT", 7*3600) }

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		if x {
			return "1"
		}
		return ""
	}
	return ""
}

// formInt64 reads an integer form value; "" and garbage read as 0, which
// validation then reports as missing.
func formInt64(r *http.Request, key string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(r.FormValue(key)), 10, 64)
	return n
}

func formInt(r *http.Request, key string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(r.FormValue(key)))
	return n
}

// formInt64s reads a repeated integer field (checkboxes, multi-selects).
func formInt64s(r *http.Request, key string) []int64 { return parseIDs(r.Form[key]) }

// parseIDs reads ids from form values. Blank values (an empty choice) are
// skipped; anything else that is not a positive id becomes -1 rather than
// vanishing, so validation reports it beside its field.
func parseIDs(vs []string) []int64 {
	var out []int64
	for _, s := range vs {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			n = -1
		}
		out = append(out, n)
	}
	return out
}

func pathID(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(r.PathValue(name), 10, 64)
	return n
}

// flash stores a one-time message for the next page.
func (s *Server) flash(r *http.Request, msg string) {
	s.sessions.Put(r.Context(), "flash", msg)
}

// redirect answers a form post: a 303 for browsers, HX-Redirect for htmx.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", to)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// eventName is the Vietnamese name of an execution step.
func eventName(kind string) string {
	switch kind {
	case "progress":
		return "Báo cáo tiến độ"
	case "contribution":
		return "Đơn vị phối hợp gửi nội dung"
	case "completion":
		return "Báo cáo hoàn thành"
	case "evaluation":
		return "Đánh giá"
	case "extension_request":
		return "Đề nghị gia hạn"
	case "extension_decision":
		return "Quyết định gia hạn"
	case "rejection":
		return "Không đạt"
	}
	return kind
}

// auditName names an audit action on an item.
func auditName(action string) string {
	switch action {
	case "register":
		return "Đăng ký"
	case "update":
		return "Sửa"
	}
	if n := eventName(action); n != action {
		return n
	}
	return action
}

func fileSize(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " B"
}
