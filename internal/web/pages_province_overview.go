package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/export"
	"dieuhanh/internal/program"
	"dieuhanh/internal/province"
	"dieuhanh/internal/remediation"
)

// The province's view (issue 13), read-only, for the province's accounts:
// each ward's month at a glance with a ranking (GET /province), one ward's
// 12-month trend and its lists of a month (GET /province/wards/{code}),
// the overview as XLSX and as JSON. No page here offers an action on a
// ward's records.

// monthParam reads the month of a province page's query: "" is the current
// month; "mm/yyyy" (as people type it) or "YYYY-MM" (as links carry it).
// A bad month is refused beside the field (page) or with its rule (API).
func monthParam(r *http.Request, now time.Time) (program.Month, error) {
	v := strings.TrimSpace(r.URL.Query().Get("month"))
	if v == "" {
		return currentMonth(now), nil
	}
	if len([]rune(v)) > 20 {
		v = string([]rune(v)[:20])
	}
	m, err := program.ParseMonthInput(v)
	if err != nil {
		msg := errs.Message(err)
		return m, &errs.Error{Kind: errs.Invalid, Code: "month_invalid", Message: msg, Fields: map[string]string{"month": msg}}
	}
	return m, nil
}

// percentVN is a rate as people here write it ("83,3 %"), "—" for none.
func percentVN(f province.Figures) string {
	p, ok := f.OnTimePercent()
	if !ok {
		return "—"
	}
	return strings.Replace(strconv.FormatFloat(p, 'f', 1, 64), ".", ",", 1) + " %"
}

// programText says how the month's program stands against its deadline,
// with the badge tone.
func programText(p province.ProgramIssue) (text, tone string) {
	switch {
	case p.Issued() && p.Late:
		return "Ban hành muộn " + p.IssuedOn.VN() + " (hạn " + p.Deadline.VN() + ")", "bad"
	case p.Issued():
		return "Ban hành " + p.IssuedOn.VN(), "good"
	case p.State == "" && p.Late:
		return "Chưa có chương trình (hạn ban hành " + p.Deadline.VN() + ")", "bad"
	case p.State == "":
		return "Chưa có chương trình (hạn ban hành " + p.Deadline.VN() + ")", "idle"
	case p.Late:
		return program.ProgramState(p.State).Label() + ", chưa ban hành (hạn " + p.Deadline.VN() + ")", "bad"
	}
	return program.ProgramState(p.State).Label() + " (hạn ban hành " + p.Deadline.VN() + ")", "info"
}

// provinceRowView is one ward of the overview as the page shows it.
type provinceRowView struct {
	Rank              int
	Code, Name, Href  string
	F                 province.Figures
	OnTime            string
	Program, ProgTone string
}

// provinceHead is a sortable column's title: its link sorts by it,
// descending when it is already sorted ascending.
type provinceHead struct {
	Label, Title, Href string
	Sorted, Desc, Num  bool
}

// provinceColumns are the overview's columns: key, short label, full title.
var provinceColumns = [][3]string{
	{"rank", "Hạng", "Xếp hạng theo quy tắc nêu trên"},
	{"code", "Mã", "Mã phường"},
	{"name", "Phường", "Tên phường"},
	{"items", "Nội dung", "Số nội dung của chương trình tháng (không tính nội dung đã hủy)"},
	{"done_on_time", "Đúng hạn", "Hoàn thành đúng hạn (đã đánh giá đạt)"},
	{"done_late", "Trễ hạn", "Hoàn thành sau thời hạn (đã đánh giá đạt)"},
	{"overdue", "Quá hạn", "Đã quá thời hạn mà chưa hoàn thành"},
	{"not_due", "Chưa đến hạn", "Chưa thực hiện, đang thực hiện, sắp đến hạn"},
	{"pending", "Chờ đánh giá", "Đã báo cáo hoàn thành, chờ lãnh đạo đánh giá"},
	{"carried_over", "Chuyển tháng sau", "Tháng đã hết, chưa hoàn thành, chuyển sang chương trình tháng sau"},
	{"rejected", "Không đạt", "Nội dung từng bị đánh giá không đạt"},
	{"on_time", "Tỷ lệ đúng hạn", "Hoàn thành đúng hạn / đã đến hạn"},
	{"meetings_not_ready", "Họp chưa sẵn sàng", "Cuộc họp không gửi giấy mời, tài liệu đúng hạn (trước 02 ngày làm việc)"},
	{"reports_missing", "Thiếu BC khắc phục", "Báo cáo khắc phục không nộp đúng hạn, đến nay chưa nộp"},
	{"program", "Chương trình", "Ban hành chương trình tháng (hạn: ngày làm việc cuối tháng trước)"},
}

// provinceOverviewView is the overview page's data.
type provinceOverviewView struct {
	Month            program.Month
	MonthInput       string
	PrevHref         string
	NextHref         string
	ExportHref       string
	AsOf             string
	OnTimeRule       string
	RankRule         string
	Heads            []provinceHead
	Rows             []provinceRowView
	Shown            bool // false when the month was refused
	Recomputed, Kept int
}

func (s *Server) provinceOverviewPage(w http.ResponseWriter, r *http.Request) {
	now := s.app.Now()
	v := &View{Title: "Tổng quan các phường", Active: "province"}
	d := &provinceOverviewView{OnTimeRule: province.OnTimeRule, RankRule: province.RankRule, MonthInput: r.URL.Query().Get("month")}
	v.Data = d
	m, err := monthParam(r, now)
	var ov app.ProvinceOverview
	if err == nil {
		ov, err = s.app.ProvinceOverview(r.Context(), actor(r), m)
	}
	if err != nil {
		if !errs.Is(err, errs.Invalid) {
			s.fail(w, r, err)
			return
		}
		v.Errors = errs.FieldsOf(err)
		s.renderPage(w, r, http.StatusBadRequest, "province_overview", v)
		return
	}
	q := r.URL.Query()
	sortKey, desc := q.Get("sort"), q.Get("desc") == "1"
	if !province.ValidColumn(sortKey) {
		sortKey, desc = "rank", false
	}
	d.Shown, d.Month, d.MonthInput = true, m, m.Short()
	v.Title = "Tổng quan các phường tháng " + m.Short()
	d.AsOf = ov.Now.In(vnZone()).Format("15:04 02/01/2006")
	d.Recomputed, d.Kept = ov.Recomputed, len(ov.Rows)-ov.Recomputed
	d.PrevHref = provinceHref(m.Prev(), sortKey, desc)
	if next := m.Next(); !currentMonth(now).Next().Before(next) {
		d.NextHref = provinceHref(next, sortKey, desc)
	}
	d.ExportHref = "/province/overview.xlsx?month=" + m.String()
	for _, c := range provinceColumns {
		h := provinceHead{Label: c[1], Title: c[2], Sorted: c[0] == sortKey, Num: c[0] != "code" && c[0] != "name" && c[0] != "program"}
		h.Desc = h.Sorted && desc
		h.Href = provinceHref(m, c[0], h.Sorted && !desc)
		d.Heads = append(d.Heads, h)
	}
	rows := make([]province.Row, len(ov.Rows))
	for i, pr := range ov.Rows {
		rows[i] = province.Row{Code: pr.Ward.Code, Name: pr.Ward.Name, Rank: pr.Rank, Figures: pr.Figures}
	}
	province.SortRows(rows, sortKey, desc)
	for _, pr := range rows {
		text, tone := programText(pr.Figures.Program)
		d.Rows = append(d.Rows, provinceRowView{Rank: pr.Rank, Code: pr.Code, Name: pr.Name, F: pr.Figures, OnTime: percentVN(pr.Figures),
			Href: "/province/wards/" + url.PathEscape(pr.Code) + "?month=" + m.String(), Program: text, ProgTone: tone})
	}
	s.renderPage(w, r, http.StatusOK, "province_overview", v)
}

// provinceHref is the overview's address for a month and an order.
func provinceHref(m program.Month, sortKey string, desc bool) string {
	q := url.Values{"month": {m.String()}}
	if sortKey != "" && sortKey != "rank" || desc {
		q.Set("sort", sortKey)
	}
	if desc {
		q.Set("desc", "1")
	}
	return "/province?" + q.Encode()
}

// provinceTrendRow is one month of a ward's trend as the page shows it.
type provinceTrendRow struct {
	Month             program.Month
	Href              string
	Selected          bool
	F                 province.Figures
	OnTime            string
	Bar               any // the on-time rate drawn as a bar
	Program, ProgTone string
}

// provinceWardView is the ward page's data.
type provinceWardView struct {
	Ward       string
	Code       string
	Month      program.Month
	MonthInput string
	AsOf       string
	OnTimeRule string
	Trend      []provinceTrendRow
	Items      []provinceItemRow
	ItemsMore  bool
	ItemsMax   int
	Meetings   []provinceMeetingRow
	Reports    []provinceReportRow
	Figures    province.Figures
	Shown      bool
}

// provinceItemRow is an item of the ward's month as the province reads it.
type provinceItemRow struct {
	No                    int
	Title, Unit, Deadline string
	Original              string // the due date in the program when an extension moved it
	Status, Tone          string
}

// provinceMeetingRow is a meeting not ready.
type provinceMeetingRow struct {
	Title, When, Unit, Deadline, Missing string
}

// provinceReportRow is a remediation report missing.
type provinceReportRow struct {
	Unit, Due, State string
}

// trendEnd is the last month of a ward's trend for a chosen month: the
// current month (next month when that is chosen), or the chosen month
// when it lies before the 12 months ending there, so the chosen month is
// always in the trend.
func trendEnd(chosen, current program.Month) program.Month {
	end := current
	if current.Before(chosen) {
		end = chosen
	}
	first := end
	for range app.TrendMonths - 1 {
		first = first.Prev()
	}
	if chosen.Before(first) {
		return chosen
	}
	return end
}

func (s *Server) provinceWardPage(w http.ResponseWriter, r *http.Request) {
	now := s.app.Now()
	a := actor(r)
	// The ward first: an unknown code is a 404 whatever the month says.
	ward, err := s.app.ProvinceWardName(r.Context(), a, r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &View{Title: ward.Name + " — tổng quan", Active: "province"}
	d := &provinceWardView{Ward: ward.Name, Code: ward.Code, OnTimeRule: province.OnTimeRule, MonthInput: r.URL.Query().Get("month"),
		ItemsMax: app.ProvinceItemsShown}
	v.Data = d
	m, err := monthParam(r, now)
	var tr app.ProvinceTrend
	var detail app.ProvinceWardDetail
	if err == nil {
		tr, err = s.app.ProvinceWardTrend(r.Context(), a, ward.Code, trendEnd(m, currentMonth(now)))
	}
	if err == nil {
		detail, err = s.app.ProvinceWardMonth(r.Context(), a, ward.Code, m)
	}
	if err != nil {
		if !errs.Is(err, errs.Invalid) {
			s.fail(w, r, err)
			return
		}
		v.Errors = errs.FieldsOf(err)
		s.renderPage(w, r, http.StatusBadRequest, "province_ward", v)
		return
	}
	d.Shown, d.Month, d.MonthInput = true, m, m.Short()
	d.AsOf = tr.Now.In(vnZone()).Format("15:04 02/01/2006")
	v.Title = ward.Name + " — tổng quan tháng " + m.Short()
	for _, pm := range tr.Months {
		text, tone := programText(pm.Figures.Program)
		if pm.Month == m {
			d.Figures = pm.Figures
		}
		d.Trend = append(d.Trend, provinceTrendRow{Month: pm.Month, Selected: pm.Month == m, F: pm.Figures, OnTime: percentVN(pm.Figures),
			Href: "/province/wards/" + url.PathEscape(ward.Code) + "?month=" + pm.Month.String(), Bar: onTimeBar(pm.Figures, pm.Month),
			Program: text, ProgTone: tone})
	}
	for i, it := range detail.Items {
		row := provinceItemRow{No: i + 1, Title: it.Title, Unit: it.LeadUnitName, Deadline: it.EffectiveDeadline.VN(),
			Status: it.Status.Label(), Tone: toneClass(it.Status)}
		if it.DueDate != it.Deadline {
			row.Original = it.DueDate.VN()
		}
		d.Items = append(d.Items, row)
	}
	d.ItemsMore = detail.ItemsMore
	for _, nr := range detail.NotReady {
		e := nr.Event
		unit := e.PreparingUnitName
		if unit == "" {
			unit = "—"
		}
		d.Meetings = append(d.Meetings, provinceMeetingRow{Title: e.Title, When: e.Start.In(vnZone()).Format("15:04 02/01/2006"),
			Unit: unit, Deadline: deadlineVN(nr.Deadline), Missing: nr.Missing})
	}
	for _, mr := range detail.Missing {
		state := "Quá hạn, chưa nộp"
		if mr.Report.State == remediation.StateMissing {
			state = "Đã ghi nhận không nộp đúng hạn"
		}
		d.Reports = append(d.Reports, provinceReportRow{Unit: mr.UnitName, Due: mr.Report.Due.VN(), State: state})
	}
	s.renderPage(w, r, http.StatusOK, "province_ward", v)
}

// provinceExport is the overview as a workbook: one row per ward, by rank.
func (s *Server) provinceExport(w http.ResponseWriter, r *http.Request) {
	m, err := monthParam(r, s.app.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ov, err := s.app.ProvinceOverview(r.Context(), actor(r), m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var lines []export.ProvinceLine
	for _, pr := range ov.Rows {
		f := pr.Figures
		text, _ := programText(f.Program)
		l := export.ProvinceLine{Rank: pr.Rank, Code: pr.Ward.Code, Name: pr.Ward.Name, Items: f.Items, DoneOnTime: f.DoneOnTime,
			DoneLate: f.DoneLate, Overdue: f.Overdue, NotDue: f.NotDue(), Pending: f.PendingAcceptance, CarriedOver: f.CarriedOver, Rejected: f.Rejected,
			DueByNow: f.DueByNow, MeetingsNotReady: f.MeetingsNotReady, ReportsMissing: f.ReportsMissing, Program: text}
		if p, ok := f.OnTimePercent(); ok {
			l.OnTime = &p
		}
		lines = append(lines, l)
	}
	notes := []string{"Số liệu tính đến " + ov.Now.In(vnZone()).Format("15:04 02/01/2006") + ".", province.OnTimeRule, province.RankRule}
	s.sendXLSX(w, r, "tong-quan-cac-phuong-"+m.String()+".xlsx",
		export.ProvinceWorkbook("TỔNG QUAN CÁC PHƯỜNG THÁNG "+m.Short(), notes, lines))
}

// apiFigures is a ward-month's figures in the API.
type apiFigures struct {
	Items             int      `json:"items"`
	Cancelled         int      `json:"cancelled"`
	DoneOnTime        int      `json:"done_on_time"`
	DoneLate          int      `json:"done_late"`
	PendingAcceptance int      `json:"pending_acceptance"`
	Overdue           int      `json:"overdue"`
	DueSoon           int      `json:"due_soon"`
	InProgress        int      `json:"in_progress"`
	NotStarted        int      `json:"not_started"`
	CarriedOver       int      `json:"carried_over"`
	Rejected          int      `json:"rejected"`
	DueByNow          int      `json:"due_by_now"`
	OnTimePercent     *float64 `json:"on_time_percent"`
	Meetings          int      `json:"meetings"`
	MeetingsNotReady  int      `json:"meetings_not_ready"`
	Reports           int      `json:"remediation_reports"`
	ReportsMissing    int      `json:"remediation_missing"`
	ReportsLate       int      `json:"remediation_late"`
	Program           struct {
		State         string  `json:"state"`
		IssueDeadline string  `json:"issue_deadline"`
		IssuedOn      *string `json:"issued_on"`
		Late          bool    `json:"late"`
	} `json:"program"`
}

func apiFiguresOf(f province.Figures) apiFigures {
	out := apiFigures{Items: f.Items, Cancelled: f.Cancelled, DoneOnTime: f.DoneOnTime, DoneLate: f.DoneLate,
		PendingAcceptance: f.PendingAcceptance, Overdue: f.Overdue, DueSoon: f.DueSoon, InProgress: f.InProgress,
		NotStarted: f.NotStarted, CarriedOver: f.CarriedOver, Rejected: f.Rejected, DueByNow: f.DueByNow,
		Meetings: f.Meetings, MeetingsNotReady: f.MeetingsNotReady, Reports: f.Reports, ReportsMissing: f.ReportsMissing,
		ReportsLate: f.ReportsLate}
	if p, ok := f.OnTimePercent(); ok {
		p = float64(int(p*10+0.5)) / 10
		out.OnTimePercent = &p
	}
	out.Program.State, out.Program.Late = f.Program.State, f.Program.Late
	if out.Program.State == "" {
		out.Program.State = "none"
	}
	out.Program.IssueDeadline = f.Program.Deadline.String()
	if !f.Program.IssuedOn.IsZero() {
		on := f.Program.IssuedOn.String()
		out.Program.IssuedOn = &on
	}
	return out
}

// apiProvinceOverview is GET /api/v1/province/overview?month=YYYY-MM.
func (s *Server) apiProvinceOverview(w http.ResponseWriter, r *http.Request) {
	m, err := monthParam(r, s.app.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ov, err := s.app.ProvinceOverview(r.Context(), actor(r), m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type ward struct {
		Rank int    `json:"rank"`
		Code string `json:"code"`
		Name string `json:"name"`
		apiFigures
	}
	out := make([]ward, 0, len(ov.Rows))
	for _, pr := range ov.Rows {
		out = append(out, ward{Rank: pr.Rank, Code: pr.Ward.Code, Name: pr.Ward.Name, apiFigures: apiFiguresOf(pr.Figures)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"month": m.String(), "as_of": rfc(ov.Now),
		"on_time_rule": province.OnTimeRule, "rank_rule": province.RankRule, "wards": out})
}

// apiProvinceTrend is GET /api/v1/province/wards/{code}/trend[?month=YYYY-MM]:
// the ward's 12 months ending with month (the current month by default).
func (s *Server) apiProvinceTrend(w http.ResponseWriter, r *http.Request) {
	m, err := monthParam(r, s.app.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tr, err := s.app.ProvinceWardTrend(r.Context(), actor(r), r.PathValue("code"), m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type month struct {
		Month string `json:"month"`
		apiFigures
	}
	out := make([]month, 0, len(tr.Months))
	for _, pm := range tr.Months {
		out = append(out, month{Month: pm.Month.String(), apiFigures: apiFiguresOf(pm.Figures)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"ward": map[string]string{"code": tr.Ward.Code, "name": tr.Ward.Name},
		"as_of": rfc(tr.Now), "months": out})
}

// deadlineVN is a meeting's readiness deadline as people read it: 24:00
// is the end of the day before.
func deadlineVN(t time.Time) string {
	v := t.In(calendar.VN())
	if v.Hour() == 0 && v.Minute() == 0 {
		return "24:00 ngày " + calendar.DateOf(t.Add(-time.Nanosecond)).VN()
	}
	return fmt.Sprintf("%s ngày %s", v.Format("15:04"), calendar.DateOf(t).VN())
}
