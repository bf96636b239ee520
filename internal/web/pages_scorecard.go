package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"dieuhanh/internal/accountability"
	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/export"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
)

// "Đánh giá, xếp loại" (seed ¶3): the scorecards of a month, quarter or
// year; a unit's card with its trend, the flag's evidence and the
// Chairman's forms; the list behind each count; their workbooks.

// pathPeriod reads {period}: "2026-11", "2026-Q4" or "2026". A bad one is
// refused with its message beside the field and the rule code
// period_invalid for the API.
func pathPeriod(r *http.Request) (accountability.Period, error) {
	p, err := accountability.ParsePeriod(r.PathValue("period"))
	if err != nil {
		msg := errs.Message(err)
		return p, &errs.Error{Kind: errs.Invalid, Code: "period_invalid", Message: msg, Fields: map[string]string{"period": msg}}
	}
	return p, nil
}

// PeriodLink is a period the page links to.
type PeriodLink struct {
	Label, Href string
	Current     bool
}

// periodLinks are the switches of the page: this month, quarter and year
// of the period, and the previous and next period of its kind.
func periodLinks(p accountability.Period, first program.Month, now time.Time) (kinds []PeriodLink, prev, next PeriodLink) {
	last := p.Last()
	if !now.Before(p.First().First().Start()) && now.Before(p.Last().Last().End()) {
		last = program.MonthOf(calendar.DateOf(now))
	}
	month := accountability.MonthPeriod(last)
	quarter := accountability.Period{Kind: accountability.Quarterly, Year: last.Year, N: (int(last.Month)-1)/3 + 1}
	year := accountability.Period{Kind: accountability.Yearly, Year: last.Year}
	for _, q := range []accountability.Period{month, quarter, year} {
		kinds = append(kinds, PeriodLink{Label: strings.ToUpper(q.Label()[:1]) + q.Label()[1:], Href: "/scorecards/" + q.String(), Current: q.Kind == p.Kind})
	}
	// The previous period while it holds programs.
	if pp := p.Prev(); first.Valid() && !pp.Last().Before(first) {
		prev = PeriodLink{Label: "← " + pp.Label(), Href: "/scorecards/" + pp.String()}
	}
	// The next period of the same kind: the one whose previous is p.
	nx := p
	switch p.Kind {
	case accountability.Monthly:
		nx = accountability.MonthPeriod(p.Last().Next())
	case accountability.Quarterly:
		nx = accountability.Period{Kind: accountability.Quarterly, Year: p.Year + p.N/4, N: p.N%4 + 1}
	default:
		nx = accountability.Period{Kind: accountability.Yearly, Year: p.Year + 1}
	}
	if nx.Year <= 2100 && !now.Before(nx.First().First().Start()) {
		next = PeriodLink{Label: nx.Label() + " →", Href: "/scorecards/" + nx.String()}
	}
	return kinds, prev, next
}

// scorecardRow is a unit's line of the table, with the links of its counts.
type scorecardRow struct {
	app.UnitCard
	Href  string // the unit's card
	Links map[string]string
	Chart template.HTML
}

// listHref is the list behind one count of a unit's card; the list is a
// query parameter, one page with many views.
func listHref(p accountability.Period, unitID int64, list string) string {
	return fmt.Sprintf("%s/list?name=%s", app.ScorecardUnitPath(p, unitID), list)
}

// listExportHref is the workbook of a list.
func listExportHref(p accountability.Period, unitID int64, list string) string {
	return fmt.Sprintf("%s/list.xlsx?name=%s", app.ScorecardUnitPath(p, unitID), list)
}

func newScorecardRow(p accountability.Period, f accountability.Formula, uc app.UnitCard) scorecardRow {
	row := scorecardRow{UnitCard: uc, Href: app.ScorecardUnitPath(p, uc.Unit.ID), Links: map[string]string{}}
	for _, b := range accountability.Buckets() {
		row.Links[string(b)] = listHref(p, uc.Unit.ID, string(b))
	}
	for _, l := range []app.ScoreList{app.ListBreaches, app.ListInvitationsLate, app.ListConclusionsLate, app.ListReportsOnTime,
		app.ListReportsLate, app.ListReportsMissing, app.ListFlag} {
		row.Links[string(l)] = listHref(p, uc.Unit.ID, string(l))
	}
	if len(uc.Trend) > 0 {
		row.Chart = trendSVG(uc.Trend, f, "Điểm 12 tháng của "+uc.Unit.Name)
	}
	return row
}

// scorecardView is the data of the scorecard pages.
type scorecardView struct {
	Page         app.ScorecardPage
	Rows         []scorecardRow
	Flagged      []scorecardRow
	Kinds        []PeriodLink
	Prev, Next   PeriodLink
	Words        []string
	CutoffText   string
	ExportHref   string
	Decisions    []app.DecisionView
	DecisionKind []accountability.DecisionKind
}

func (s *Server) scorecardsIndex(w http.ResponseWriter, r *http.Request) {
	redirect(w, r, "/scorecards/"+currentMonth(s.app.Now()).String())
}

func (s *Server) loadScorecards(w http.ResponseWriter, r *http.Request, withTrend bool) (scorecardView, bool) {
	p, err := pathPeriod(r)
	if err != nil {
		s.fail(w, r, err)
		return scorecardView{}, false
	}
	page, err := s.app.Scorecards(r.Context(), actor(r), p, withTrend)
	if err != nil {
		s.fail(w, r, err)
		return scorecardView{}, false
	}
	v := scorecardView{Page: page, Words: page.Formula.Words(), ExportHref: "/scorecards/" + p.String() + "/export.xlsx",
		DecisionKind: accountability.DecisionKinds()}
	v.Kinds, v.Prev, v.Next = periodLinks(p, page.First, s.app.Now())
	cut := page.Cutoff.Add(-time.Nanosecond).In(vnZone())
	if page.Running {
		v.CutoffText = "Số liệu đến " + cut.Format("15:04 02/01/2006") + " (kỳ đang diễn ra, điểm còn thay đổi)."
	} else {
		v.CutoffText = "Số liệu tính đến hết ngày " + cut.Format("02/01/2006") + "."
	}
	for _, uc := range page.Cards {
		row := newScorecardRow(p, page.Formula, uc)
		v.Rows = append(v.Rows, row)
		if uc.Card.Flagged {
			v.Flagged = append(v.Flagged, row)
		}
	}
	return v, true
}

func (s *Server) scorecardsPage(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadScorecards(w, r, true)
	if !ok {
		return
	}
	s.renderPage(w, r, http.StatusOK, "scorecards", &View{Title: "Đánh giá, xếp loại " + v.Page.Period.Label(), Active: "scorecards", Data: v})
}

// unitCardView is a unit's card page.
type unitCardView struct {
	scorecardView
	Row       scorecardRow
	Decisions []app.DecisionView
	// The Chairman's forms, shown only where they can succeed.
	ShowGeneral, ShowDecision bool
	GeneralVersion            int
	EvidenceIDs               []int64
}

func (s *Server) scorecardUnit(w http.ResponseWriter, r *http.Request) (unitCardView, bool) {
	v, ok := s.loadScorecards(w, r, true)
	if !ok {
		return unitCardView{}, false
	}
	id := pathID(r, "id")
	if !auth.Can(actor(r), auth.ViewScorecard, auth.Target{WardID: actor(r).WardID, UnitID: id}) {
		s.fail(w, r, errs.E(errs.Forbidden, "Bạn không xem được đánh giá của đơn vị này."))
		return unitCardView{}, false
	}
	var uv unitCardView
	uv.scorecardView = v
	found := false
	for _, row := range v.Rows {
		if row.Unit.ID == id {
			uv.Row, found = row, true
		}
	}
	if !found {
		s.fail(w, r, errs.E(errs.NotFound, "Đơn vị không có trong đánh giá, xếp loại (đơn vị phối hợp không tính điểm)."))
		return uv, false
	}
	ds, err := s.app.UnitDecisions(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return uv, false
	}
	uv.Decisions = app.DecisionViews(ds)
	uv.ShowGeneral = v.Page.CanGeneral
	if g := uv.Row.General; g != nil {
		uv.GeneralVersion = g.Version
	}
	uv.ShowDecision = v.Page.CanDecide && uv.Row.Decision == nil
	for _, e := range uv.Row.Evidence {
		uv.EvidenceIDs = append(uv.EvidenceIDs, e.ItemIDs...)
	}
	return uv, true
}

func (s *Server) scorecardUnitPage(w http.ResponseWriter, r *http.Request) {
	uv, ok := s.scorecardUnit(w, r)
	if !ok {
		return
	}
	s.renderUnitCard(w, r, http.StatusOK, uv, nil)
}

func (s *Server) renderUnitCard(w http.ResponseWriter, r *http.Request, status int, uv unitCardView, err error) {
	v := &View{Title: uv.Row.Unit.Name + " · " + uv.Page.Period.Label(), Active: "scorecards", Data: uv, Form: r.PostForm}
	if err != nil {
		v.Errors, v.Message = errs.FieldsOf(err), errs.Message(err)
	} else {
		v.Form = nil
	}
	s.renderPage(w, r, status, "scorecard_unit", v)
}

// unitFormFailed re-renders the unit's card with a form's errors, or
// fails the request for anything but bad input and conflicts.
func (s *Server) unitFormFailed(w http.ResponseWriter, r *http.Request, err error) {
	k := errs.KindOf(err)
	if k != errs.Invalid && k != errs.Conflict {
		s.fail(w, r, err)
		return
	}
	uv, ok := s.scorecardUnit(w, r)
	if !ok {
		return
	}
	s.renderUnitCard(w, r, statusOf(k), uv, err)
}

// parsePoints reads the general points ("25", "27,5", "27.5"); garbage
// reads as -1 so validation names the field.
func parsePoints(s string) float64 {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", ".")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return -1
	}
	return f
}

func (s *Server) scorecardGeneral(w http.ResponseWriter, r *http.Request) {
	p, err := pathPeriod(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.ParseForm()
	id := pathID(r, "id")
	in := app.GeneralInput{UnitID: id, Points: parsePoints(r.PostFormValue("points")), Note: r.PostFormValue("note"), Version: formInt(r, "version")}
	if err := s.app.SetGeneralScore(r.Context(), actor(r), p, in); err != nil {
		s.unitFormFailed(w, r, err)
		return
	}
	s.flash(r, "Đã lưu điểm tiêu chí chung.")
	redirect(w, r, app.ScorecardUnitPath(p, id))
}

func (s *Server) scorecardDecision(w http.ResponseWriter, r *http.Request) {
	p, err := pathPeriod(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.ParseForm()
	id := pathID(r, "id")
	in := app.DecisionInput{UnitID: id, Kind: accountability.DecisionKind(r.PostFormValue("kind")), Note: r.PostFormValue("note"),
		ItemIDs: formInt64s(r, "items")}
	if _, err := s.app.RecordDecision(r.Context(), actor(r), p, in); err != nil {
		s.unitFormFailed(w, r, err)
		return
	}
	s.flash(r, "Đã ghi kết luận; người đứng đầu đơn vị đã được thông báo.")
	redirect(w, r, app.ScorecardUnitPath(p, id))
}

// scoreListView is a list behind one count.
type scoreListView struct {
	List       app.ScoreListPage
	Label      string
	Back       string
	ExportHref string
	Reports    []reportLink
}

type reportLink struct {
	Month string
	Due   string
	State string
	Href  string
}

func (s *Server) loadScoreList(w http.ResponseWriter, r *http.Request) (scoreListView, bool) {
	p, err := pathPeriod(r)
	if err != nil {
		s.fail(w, r, err)
		return scoreListView{}, false
	}
	id := pathID(r, "id")
	l, err := s.app.ScorecardList(r.Context(), actor(r), p, id, app.ScoreList(r.URL.Query().Get("name")))
	if err != nil {
		s.fail(w, r, err)
		return scoreListView{}, false
	}
	v := scoreListView{List: l, Label: l.List.Label(), Back: app.ScorecardUnitPath(p, id),
		ExportHref: listExportHref(p, id, string(l.List))}
	for _, rp := range l.Reports {
		m := program.Month{Year: rp.Year, Month: rp.Month}
		v.Reports = append(v.Reports, reportLink{Month: m.Short(), Due: rp.DueDate.VN(), State: remediation.State(rp.State).Label(),
			Href: fmt.Sprintf("/remediations/%d", rp.ID)})
	}
	return v, true
}

func (s *Server) scorecardListPage(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadScoreList(w, r)
	if !ok {
		return
	}
	s.renderPage(w, r, http.StatusOK, "scorecard_list", &View{Title: v.Label + " · " + v.List.Unit.Unit.Name, Active: "scorecards", Data: v})
}

// sendXLSX writes a workbook as a download.
func (s *Server) sendXLSX(w http.ResponseWriter, r *http.Request, name string, wb export.Workbook) {
	var buf bytes.Buffer
	if err := wb.XLSX(&buf); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write(buf.Bytes())
}

func (s *Server) scorecardExport(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadScorecards(w, r, false)
	if !ok {
		return
	}
	s.sendXLSX(w, r, "danh-gia-"+v.Page.Period.String()+".xlsx", scorecardWorkbook(v))
}

func scorecardWorkbook(v scorecardView) export.Workbook {
	p := v.Page.Period
	sh := export.Sheet{Name: "Đánh giá " + p.String(), Title: "ĐÁNH GIÁ, XẾP LOẠI " + strings.ToUpper(p.Label()),
		Notes: append([]string{v.CutoffText}, v.Words...),
		Heads: []string{"Hạng", "Đơn vị", "Người đứng đầu", "Được giao", "Đã đến hạn", "Đúng hạn", "Quá hạn đã xong", "Chờ đánh giá",
			"Quá hạn chưa xong", "Chưa đến hạn", "Đã hủy", "Lần không đạt", "Lần gia hạn", "Vi phạm chuẩn bị họp", "BC khắc phục đúng hạn",
			"BC khắc phục muộn", "BC khắc phục không nộp", "Số lượng", "Chất lượng", "Tiến độ", "Điểm kết quả", "Điểm tiêu chí chung",
			"Tổng điểm", "Tạm tính", "Xếp loại", "Đề nghị xem xét trách nhiệm"},
		Widths: []float64{6, 30, 22, 9, 9, 9, 9, 9, 9, 9, 8, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 8, 24, 40}}
	for _, row := range v.Rows {
		c := row.Card
		n := func(b accountability.Bucket) int { return c.Counts[b] }
		var general any = ""
		if c.General != nil {
			general = *c.General
		}
		var rank any = ""
		if row.Rank > 0 {
			rank = row.Rank
		}
		prov, flag := "", ""
		if c.Provisional {
			prov = "Có"
		}
		if c.Flagged {
			flag = strings.Join(c.FlagReasons, " ")
		}
		sh.Rows = append(sh.Rows, []any{rank, row.Unit.Name, row.Head.Name, n(accountability.BucketAssigned), n(accountability.BucketDue),
			n(accountability.BucketOnTime), n(accountability.BucketLate), n(accountability.BucketPending), n(accountability.BucketOverdue),
			n(accountability.BucketInProgress), n(accountability.BucketCancelled), c.Rejections, c.Extensions, len(c.Facts.ReadinessBreaches),
			c.Facts.RemediationOnTime, c.Facts.RemediationLate, len(c.Facts.RemediationMissing), round4(c.Quantity), round4(c.Quality),
			round4(c.Timeliness), c.Result, general, c.Score, prov, c.Grade.Label(), flag})
	}
	return export.Workbook{Sheets: []export.Sheet{sh}}
}

func round4(x float64) float64 { return float64(int64(x*10000+0.5)) / 10000 }

func (s *Server) scorecardListExport(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadScoreList(w, r)
	if !ok {
		return
	}
	l := v.List
	sh := export.Sheet{Name: "Danh sách", Title: strings.ToUpper(v.Label), Notes: []string{l.Unit.Unit.Name + " · " + l.Period.Label()}}
	switch {
	case len(l.Items) > 0 || (len(l.Events) == 0 && len(l.Breach) == 0 && len(v.Reports) == 0):
		sh.Heads = []string{"Mã", "Tháng", "Nội dung", "Lãnh đạo phụ trách", "Hạn ban đầu", "Thời hạn", "Trạng thái", "Chất lượng", "Lần không đạt"}
		sh.Widths = []float64{8, 9, 50, 24, 12, 12, 20, 14, 10}
		for _, it := range l.Items {
			sh.Rows = append(sh.Rows, []any{it.ID, monthShortOf(it.Year, it.Month), it.Title, it.LeaderName, it.OriginalDueDate.VN(),
				it.Deadline.VN(), it.Status.Label(), program.Quality(it.Quality).Label(), it.Rejections})
		}
	case len(l.Breach) > 0:
		sh.Heads, sh.Widths = []string{"Mã", "Cuộc họp", "Ghi nhận vi phạm lúc"}, []float64{8, 60, 20}
		for _, b := range l.Breach {
			sh.Rows = append(sh.Rows, []any{b.EventID, b.Title, b.At.In(vnZone()).Format("15:04 02/01/2006")})
		}
	case len(l.Events) > 0:
		sh.Heads, sh.Widths = []string{"Mã", "Cuộc họp", "Thời gian"}, []float64{8, 60, 20}
		for _, m := range l.Events {
			sh.Rows = append(sh.Rows, []any{m.EventID, m.Title, m.Start.In(vnZone()).Format("15:04 02/01/2006")})
		}
	default:
		sh.Heads, sh.Widths = []string{"Tháng", "Hạn nộp", "Tình trạng"}, []float64{10, 12, 30}
		for _, rp := range v.Reports {
			sh.Rows = append(sh.Rows, []any{rp.Month, rp.Due, rp.State})
		}
	}
	s.sendXLSX(w, r, fmt.Sprintf("danh-sach-%s-%d-%s.xlsx", l.Period, l.Unit.Unit.ID, l.List), export.Workbook{Sheets: []export.Sheet{sh}})
}

func monthShortOf(y int, m time.Month) string { return program.Month{Year: y, Month: m}.Short() }
