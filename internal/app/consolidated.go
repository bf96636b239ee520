package app

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"dieuhanh/internal/accountability"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/consolidation"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/export"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// The Office's monthly consolidated report to the Chairman (seed ¶4):
// drafted from the record on the month's last working day, edited and
// submitted by the Office, numbered NN/BC-VP (or NN/BC-UBND), and the
// Chairman's directions on it registered as items of the next month.

const (
	reportDraft     = "draft"
	reportSubmitted = "submitted"
)

// ConsolidatedPath is the page of a month's report.
func ConsolidatedPath(m program.Month) string { return "/reports/" + m.String() + "/consolidated" }

// DirectiveRef is the source reference of the items registered from a
// report's directions.
func DirectiveRef(r store.ConsolidatedReport) string {
	return "Ý kiến chỉ đạo của Chủ tịch UBND tại Báo cáo số " + r.Number
}

// directiveSpan is where those items are: the next two months' programs.
func directiveSpan(m program.Month) store.MonthSpan {
	a, b := m.Next(), m.Next().Next()
	return store.MonthSpan{FromYear: a.Year, FromMonth: a.Month, ToYear: b.Year, ToMonth: b.Month}
}

// ConsolidatedPage is a month's report with what its page offers.
type ConsolidatedPage struct {
	Month    program.Month
	Report   store.ConsolidatedReport // ID 0: not drafted yet
	Results  consolidation.Results    // live for a draft, frozen once submitted
	Ward     org.Ward
	DraftDay calendar.Date
	Number   string // the number, or the blank symbol of a draft
	Signer   store.UnitHead
	Chairman string
	// Directive are the items registered from the Chairman's directions;
	// NextState is the state of the next month's program (where they go).
	Directive []ItemView
	NextState program.ProgramState
	// Program is the month's program the report is on (ID 0: none).
	Program store.Program
	Units   []org.Unit
	Leaders []org.Leader
	// What the viewer may do.
	CanDraft, CanEdit, CanDirect, CanRegister bool
}

// Submitted reports whether the report was submitted.
func (p ConsolidatedPage) Submitted() bool { return p.Report.State == reportSubmitted }

// ConsolidatedReport returns a month's report for the page, the API and
// the export.
func (app *App) ConsolidatedReport(ctx context.Context, a auth.Actor, m program.Month) (ConsolidatedPage, error) {
	if err := require(a, auth.ViewConsolidatedReport, auth.Target{}); err != nil {
		return ConsolidatedPage{}, err
	}
	if !m.Valid() {
		return ConsolidatedPage{}, errs.Fields{"month": "Tháng không hợp lệ."}.Err()
	}
	now := app.Now()
	page := ConsolidatedPage{Month: m}
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		o, err := loadOrgIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		page.Ward, page.Units, page.Leaders = o.Ward, o.Units, o.Leaders
		st := o.Ward.Settings.WithDefaults()
		cal, err := calendarIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		page.DraftDay = consolidation.DraftDay(m, st.ReportDraftDaysBefore, cal)
		r, err := tx.ConsolidatedReport(ctx, a.WardID, m.Year, m.Month)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
		page.Report = r
		if r.State == reportSubmitted {
			if err := json.Unmarshal([]byte(r.Results), &page.Results); err != nil {
				return errs.Wrap(err, "app: frozen report results")
			}
		} else if page.Results, err = consolidatedResults(ctx, tx, a.WardID, m, now); err != nil {
			return err
		}
		heads, err := tx.UnitHeads(ctx, a.WardID)
		if err != nil {
			return err
		}
		for _, u := range o.Units {
			if u.Kind == org.KindOffice {
				page.Signer = heads[u.ID]
			}
		}
		for _, l := range o.Leaders {
			if l.Position == org.PositionChairman && page.Chairman == "" {
				page.Chairman = l.FullName
			}
		}
		page.Number = r.Number
		if page.Number == "" {
			page.Number = "/" + consolidation.Symbol(st.ReportByCommittee)
		}
		if p, err := tx.Program(ctx, a.WardID, m.Year, m.Month); err == nil {
			page.Program = p
		} else if !errs.Is(err, errs.NotFound) {
			return err
		}
		next, err := tx.Program(ctx, a.WardID, m.Next().Year, m.Next().Month)
		if err == nil {
			page.NextState = program.ProgramState(next.State)
		} else if !errs.Is(err, errs.NotFound) {
			return err
		} else {
			page.NextState = program.StateDraft
		}
		if r.ID != 0 && r.Number != "" {
			items, err := tx.DirectiveItems(ctx, a.WardID, directiveSpan(m), DirectiveRef(r))
			if err != nil {
				return err
			}
			page.Directive = viewItems(items, o.Units, now, cal, st.DueSoonWorkingDays)
		}
		return nil
	})
	if err != nil {
		return page, err
	}
	office := auth.Can(a, auth.EditConsolidatedReport, auth.Target{WardID: a.WardID})
	started := !calendar.DateOf(now).Before(m.First())
	page.CanDraft = office && page.Report.ID == 0 && started
	page.CanEdit = office && page.Report.State == reportDraft
	page.CanDirect = auth.Can(a, auth.DirectConsolidatedReport, auth.Target{WardID: a.WardID}) && page.Submitted()
	page.CanRegister = office && page.Submitted() && strings.TrimSpace(page.Report.Directions) != "" &&
		page.NextState != program.StateSubmitted && page.NextState != program.StateApproved
	return page, nil
}

// consolidatedResults computes part I and the annex of month m from the
// record at now.
func consolidatedResults(ctx context.Context, tx *store.Tx, wardID int64, m program.Month, now time.Time) (consolidation.Results, error) {
	w, err := tx.Ward(ctx, wardID)
	if err != nil {
		return consolidation.Results{}, err
	}
	f := w.Settings.ScoreFormula.WithDefaults()
	p := accountability.MonthPeriod(m)
	d, err := loadScores(ctx, tx, wardID, monthsBack(m, max(f.FlagOverdueMonths, 1)-1), m, []string{p.String()}, now)
	if err != nil {
		return consolidation.Results{}, err
	}
	res := consolidation.Results{Month: m.String(), Cutoff: accountability.Cutoff(p, now)}
	var overdue []int64
	for _, u := range d.units {
		c, ex := d.card(u.ID, p)
		var outcome accountability.ReportOutcome
		for _, o := range []accountability.ReportOutcome{accountability.ReportMissing, accountability.ReportLate, accountability.ReportOnTime} {
			if len(ex.Reports[o]) > 0 && outcome == "" {
				outcome = o
			}
		}
		res.Units = append(res.Units, consolidation.UnitResultOf(u.Code, u.Name, d.heads[u.ID].Name, c, outcome))
		overdue = append(overdue, c.Items[accountability.BucketOverdue]...)
	}
	res.Totals = consolidation.Total(res.Units)
	if len(overdue) > 0 {
		items, err := tx.ItemsByIDs(ctx, wardID, overdue)
		if err != nil {
			return res, err
		}
		slices.SortFunc(items, func(x, y store.Item) int {
			if c := x.DueDate.Compare(y.DueDate); c != 0 {
				return c
			}
			return cmp.Compare(x.ID, y.ID)
		})
		for _, it := range items {
			res.Overdue = append(res.Overdue, consolidation.ItemLine{ID: it.ID, Title: it.Title, Unit: it.LeadUnitCode,
				Deadline: program.EffectiveDeadline(facts(it), d.cal).VN()})
		}
	}
	return res, nil
}

// draftNarrative drafts parts II and III of month m: the causes the units
// gave in their remediation reports, the units without a report, the items
// for the Chairman's direction and the heads flagged.
func draftNarrative(ctx context.Context, tx *store.Tx, wardID int64, m program.Month, res consolidation.Results) (string, string, error) {
	rs, err := tx.Remediations(ctx, wardID, m.Year, m.Month, m.Year, m.Month)
	if err != nil {
		return "", "", err
	}
	var causes []consolidation.Cause
	var missing []string
	var ids []int64
	for _, r := range rs {
		for _, e := range r.Entries {
			if e.ItemID != 0 {
				ids = append(ids, e.ItemID)
			}
		}
	}
	titles := map[int64]string{}
	if len(ids) > 0 {
		items, err := tx.ItemsByIDs(ctx, wardID, uniqueIDs(ids))
		if err != nil {
			return "", "", err
		}
		for _, it := range items {
			titles[it.ID] = it.Title
		}
	}
	for _, r := range rs {
		if r.MissingAt != nil && r.FirstFiledAt == nil {
			missing = append(missing, r.UnitName)
			continue
		}
		if r.FirstFiledAt == nil {
			continue
		}
		var rep remediation.Report
		if json.Unmarshal([]byte(r.Report), &rep) != nil {
			continue
		}
		for _, e := range rep.Entries {
			if strings.TrimSpace(e.Cause) == "" {
				continue
			}
			c := consolidation.Cause{Unit: r.UnitName, Objective: e.CauseKind == remediation.CauseObjective, Text: e.Cause}
			if id, ok := strings.CutPrefix(e.Key, "item:"); ok {
				if n, err := strconv.ParseInt(id, 10, 64); err == nil {
					c.Item = titles[n]
				}
			}
			causes = append(causes, c)
		}
	}
	return consolidation.DraftShortcomings(res, causes, missing), consolidation.DraftRecommendations(res), nil
}

// draftReport drafts month m's report unless it exists; it reports whether
// it made one.
func (app *App) draftReport(ctx context.Context, tx *store.Tx, wardID int64, m program.Month, now time.Time) (bool, error) {
	if _, err := tx.ConsolidatedReport(ctx, wardID, m.Year, m.Month); err == nil || !errs.Is(err, errs.NotFound) {
		return false, err
	}
	res, err := consolidatedResults(ctx, tx, wardID, m, now)
	if err != nil {
		return false, err
	}
	short, recs, err := draftNarrative(ctx, tx, wardID, m, res)
	if err != nil {
		return false, err
	}
	frozen, _ := json.Marshal(res)
	made, err := tx.CreateConsolidatedReport(ctx, store.ConsolidatedReport{WardID: wardID, Year: m.Year, Month: m.Month,
		Results: string(frozen), Shortcomings: short, Recommendations: recs, GeneratedAt: now})
	if err != nil || !made {
		return false, err
	}
	r, err := tx.ConsolidatedReport(ctx, wardID, m.Year, m.Month)
	if err != nil {
		return false, err
	}
	office, err := tx.RoleUserIDs(ctx, wardID, "office")
	if err != nil {
		return false, err
	}
	if err := tx.Notify(ctx, wardID, office, store.Notification{Kind: "consolidated_report",
		Title: "Dự thảo Báo cáo tổng hợp tháng " + m.Short() + " đã được lập",
		Body:  "Số liệu phần I lấy từ chương trình công tác; vui lòng hoàn thiện phần II, III và trình Chủ tịch.",
		Link:  ConsolidatedPath(m)}, now); err != nil {
		return false, err
	}
	return true, tx.AddAudit(ctx, store.AuditEntry{WardID: wardID, At: now, ActorLogin: "system", Entity: "consolidated_report", EntityID: r.ID,
		Action: "draft", Summary: "Lập dự thảo Báo cáo tổng hợp tháng " + m.Short(), RequestID: requestID(ctx)}, nil,
		map[string]any{"month": m.String()})
}

// DraftConsolidatedReports drafts, for one ward, the report of the current
// month once its draft day (the last working day, by default) has come,
// and of the previous month if it was missed; a month without an issued
// program has nothing to report on. Idempotent, and it only reads unless
// a report is due, so the sweep may call it as often as it likes.
func (app *App) DraftConsolidatedReports(ctx context.Context, wardID int64, now time.Time) error {
	var due []program.Month
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		w, err := tx.Ward(ctx, wardID)
		if err != nil {
			return err
		}
		cal, err := calendarIn(ctx, tx, wardID)
		if err != nil {
			return err
		}
		today := calendar.DateOf(now)
		cur := program.MonthOf(today)
		for _, m := range []program.Month{cur.Prev(), cur} {
			if today.Before(consolidation.DraftDay(m, w.Settings.ReportDraftDaysBefore, cal)) {
				continue
			}
			p, err := tx.Program(ctx, wardID, m.Year, m.Month)
			if errs.Is(err, errs.NotFound) || (err == nil && p.State != string(program.StateIssued)) {
				continue
			} else if err != nil {
				return err
			}
			if _, err := tx.ConsolidatedReport(ctx, wardID, m.Year, m.Month); errs.Is(err, errs.NotFound) {
				due = append(due, m)
			} else if err != nil {
				return err
			}
		}
		return nil
	})
	for _, m := range due {
		if err != nil {
			break
		}
		err = app.DB.Update(ctx, func(tx *store.Tx) error {
			_, err := app.draftReport(ctx, tx, wardID, m, now)
			return err
		})
	}
	return err
}

// DraftConsolidatedReport is the Office drafting a month's report by hand
// (before the draft day, or a month the sweep missed).
func (app *App) DraftConsolidatedReport(ctx context.Context, a auth.Actor, m program.Month) error {
	if err := require(a, auth.EditConsolidatedReport, auth.Target{}); err != nil {
		return err
	}
	now := app.Now()
	if !m.Valid() || calendar.DateOf(now).Before(m.First()) {
		return errs.Fields{"month": "Chỉ lập báo cáo cho tháng đã bắt đầu."}.Err()
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		made, err := app.draftReport(ctx, tx, a.WardID, m, now)
		if err == nil && !made {
			err = errs.E(errs.Conflict, "Báo cáo tổng hợp tháng này đã được lập.")
		}
		return err
	})
}

// ConsolidatedInput is the Office's edit of a report's narrative parts.
type ConsolidatedInput struct {
	Version         int
	Shortcomings    string
	Recommendations string
	Submit          bool // submit to the Chairman: numbered, frozen
}

// SaveConsolidatedReport saves the Office's edit of a draft, and submits it
// when asked: the results are frozen as they stand, the report numbered
// from the Office's (or the committee's) book, the Chairman told.
func (app *App) SaveConsolidatedReport(ctx context.Context, a auth.Actor, m program.Month, in ConsolidatedInput) (store.ConsolidatedReport, error) {
	if err := require(a, auth.EditConsolidatedReport, auth.Target{}); err != nil {
		return store.ConsolidatedReport{}, err
	}
	in.Shortcomings, in.Recommendations = vntext.Clean(in.Shortcomings), vntext.Clean(in.Recommendations)
	if err := consolidation.CheckText(in.Shortcomings, in.Recommendations, in.Submit); err != nil {
		return store.ConsolidatedReport{}, err
	}
	now := app.Now()
	var out store.ConsolidatedReport
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		r, err := tx.ConsolidatedReport(ctx, a.WardID, m.Year, m.Month)
		if err != nil {
			return err
		}
		if err := tx.LockConsolidatedReport(ctx, r.ID); err != nil {
			return err
		}
		if r.State != reportDraft {
			return errs.E(errs.Conflict, "Báo cáo đã trình, không sửa được nữa: một thay đổi là một báo cáo mới.")
		}
		if in.Version != r.Version {
			return staleReport()
		}
		before := reportAudit(r)
		r.Shortcomings, r.Recommendations = in.Shortcomings, in.Recommendations
		action, summary := "edit", "Sửa Báo cáo tổng hợp tháng "+m.Short()
		if in.Submit {
			w, err := tx.Ward(ctx, a.WardID)
			if err != nil {
				return err
			}
			res, err := consolidatedResults(ctx, tx, a.WardID, m, now)
			if err != nil {
				return err
			}
			frozen, _ := json.Marshal(res)
			issued := calendar.DateOf(now)
			reg, err := tx.RegisterNumbered(ctx, store.Registration{WardID: a.WardID, IssuedOn: issued.String(),
				Symbol: consolidation.Symbol(w.Settings.ReportByCommittee), Subject: consolidation.Subject(m), By: a.UserID,
				SourceKind: "consolidated_report", SourceID: r.ID, At: now})
			if err != nil {
				return err
			}
			r.State, r.Number, r.IssuedOn, r.Results = reportSubmitted, reg.Number, issued.String(), string(frozen)
			r.SubmittedAt, r.SubmittedBy = &now, a.UserID
			action, summary = "submit", "Trình Báo cáo tổng hợp tháng "+m.Short()+", số "+r.Number
			chair, err := tx.RoleUserIDs(ctx, a.WardID, "chairman", "vice_chairman")
			if err != nil {
				return err
			}
			if err := tx.Notify(ctx, a.WardID, chair, store.Notification{Kind: "consolidated_report",
				Title: "Báo cáo tổng hợp tháng " + m.Short() + " (số " + r.Number + ")",
				Body:  fmt.Sprintf("Văn phòng báo cáo tình hình, kết quả thực hiện Chương trình công tác tháng %s: %d/%d nội dung đến hạn đã hoàn thành.", m.Short(), res.Totals.Done(), res.Totals.Due),
				Link:  ConsolidatedPath(m)}, now); err != nil {
				return err
			}
		}
		if err := tx.SaveConsolidatedReport(ctx, r); err != nil {
			return err
		}
		r.Version++
		out = r
		return app.audit(ctx, tx, a, "consolidated_report", r.ID, action, summary, before, reportAudit(r))
	})
	return out, err
}

func staleReport() error {
	return errs.E(errs.Conflict, "Báo cáo tổng hợp đã được người khác thay đổi trong lúc bạn sửa. Vui lòng tải lại trang để xem bản mới nhất rồi sửa lại.")
}

func reportAudit(r store.ConsolidatedReport) map[string]any {
	return map[string]any{"state": r.State, "number": r.Number, "shortcomings": r.Shortcomings, "recommendations": r.Recommendations,
		"directions": r.Directions}
}

// DirectConsolidatedReport records (or changes) the Chairman's directions
// on a submitted report; the Office is told.
func (app *App) DirectConsolidatedReport(ctx context.Context, a auth.Actor, m program.Month, version int, directions string) error {
	if err := require(a, auth.DirectConsolidatedReport, auth.Target{}); err != nil {
		return err
	}
	directions = vntext.Clean(directions)
	if err := consolidation.CheckDirections(directions); err != nil {
		return err
	}
	now := app.Now()
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		r, err := tx.ConsolidatedReport(ctx, a.WardID, m.Year, m.Month)
		if err != nil {
			return err
		}
		if err := tx.LockConsolidatedReport(ctx, r.ID); err != nil {
			return err
		}
		if r.State != reportSubmitted {
			return errs.E(errs.Conflict, "Văn phòng chưa trình báo cáo này.")
		}
		if version != r.Version {
			return staleReport()
		}
		before := reportAudit(r)
		r.Directions, r.DirectedAt, r.DirectedBy = directions, &now, a.UserID
		if err := tx.SaveConsolidatedReport(ctx, r); err != nil {
			return err
		}
		office, err := tx.RoleUserIDs(ctx, a.WardID, "office")
		if err != nil {
			return err
		}
		if err := tx.Notify(ctx, a.WardID, office, store.Notification{Kind: "consolidated_report",
			Title: "Ý kiến chỉ đạo của Chủ tịch tại Báo cáo số " + r.Number, Body: directions, Link: ConsolidatedPath(m) + "#directions"}, now); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "consolidated_report", r.ID, "direct", "Ý kiến chỉ đạo tại Báo cáo số "+r.Number, before, reportAudit(r))
	})
}

// RegisterDirective turns one of the Chairman's directions on a report
// into an item the Chairman assigns, in the next month's program: directly
// while it is being drafted, as an amendment (an addition the Chairman
// approves) once it is issued. It returns the new item's id, or the
// amendment's with amended true.
func (app *App) RegisterDirective(ctx context.Context, a auth.Actor, m program.Month, in program.ItemInput) (id int64, amended bool, err error) {
	if err := require(a, auth.EditConsolidatedReport, auth.Target{}); err != nil {
		return 0, false, err
	}
	var r store.ConsolidatedReport
	var next store.Program
	err = app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if r, err = tx.ConsolidatedReport(ctx, a.WardID, m.Year, m.Month); err != nil {
			return err
		}
		next, err = tx.Program(ctx, a.WardID, m.Next().Year, m.Next().Month)
		if errs.Is(err, errs.NotFound) {
			return nil
		}
		return err
	})
	if err != nil {
		return 0, false, err
	}
	if r.State != reportSubmitted || strings.TrimSpace(r.Directions) == "" {
		return 0, false, errs.E(errs.Conflict, "Báo cáo chưa có ý kiến chỉ đạo của Chủ tịch.")
	}
	in.Source, in.SourceRef = program.SourceDirective, DirectiveRef(r)
	switch program.ProgramState(next.State) {
	case program.StateIssued:
		id, err = app.ProposeAmendment(ctx, a, m.Next(), AmendmentInput{Kind: program.AmendAdd, Item: in,
			Reason: "Thực hiện ý kiến chỉ đạo của Chủ tịch UBND tại Báo cáo số " + r.Number})
		return id, true, err
	case program.StateSubmitted, program.StateApproved:
		return 0, false, errs.E(errs.Conflict, "Chương trình tháng "+m.Next().Short()+" đang chờ duyệt, ban hành: đăng ký sau khi ban hành (bằng đề nghị điều chỉnh).")
	}
	id, err = app.RegisterItem(ctx, a, m.Next(), in)
	return id, false, err
}

// ConsolidatedDocument is a month's report as the document the Office
// signs (Decree 30/2020): a draft carries a blank number and "DỰ THẢO".
func (app *App) ConsolidatedDocument(ctx context.Context, a auth.Actor, m program.Month) (export.ReportDoc, error) {
	page, err := app.ConsolidatedReport(ctx, a, m)
	if err != nil {
		return export.ReportDoc{}, err
	}
	return reportDoc(page), nil
}

func reportDoc(page ConsolidatedPage) export.ReportDoc {
	w, r, m := page.Ward, page.Report, page.Month
	byCommittee := strings.HasSuffix(page.Number, "BC-UBND")
	office := "Văn phòng HĐND và UBND"
	for _, u := range page.Units {
		if u.Kind == org.KindOffice {
			office = u.Name
		}
	}
	doc := export.ReportDoc{Summary: consolidation.Subject(m), Draft: !page.Submitted(),
		Header: export.Header{ParentName: "UBND " + w.Name, IssuerName: office, Number: page.Number, Place: w.PlaceName}}
	if byCommittee {
		doc.Header.ParentName, doc.Header.IssuerName = w.ParentName, w.IssuerName()
	}
	if d, err := calendar.ParseDate(r.IssuedOn); err == nil {
		doc.Header.Year, doc.Header.Month, doc.Header.Day = d.Year, int(d.Month), d.Day
	}
	program := "Chương trình công tác " + monthWordsOf(m) + " của " + w.CommitteeName()
	if page.Program.Number != "" {
		program += " (số " + page.Program.Number + ")"
	}
	issuer := office
	if byCommittee {
		issuer = w.CommitteeName()
	}
	doc.Intro = "Thực hiện " + program + ", " + issuer + " báo cáo tình hình, kết quả thực hiện như sau:"
	res := page.Results
	var results []string
	for i, p := range res.ResultParagraphs() {
		if i > 0 && !strings.HasPrefix(p, "Trong tháng") {
			p = "- " + p
		}
		results = append(results, p)
	}
	doc.Parts = []export.ReportPart{
		{Heading: "I. Kết quả thực hiện", Paragraphs: results},
		{Heading: "II. Tồn tại, hạn chế, nguyên nhân", Paragraphs: []string{r.Shortcomings}},
		{Heading: "III. Kiến nghị, đề xuất", Paragraphs: []string{r.Recommendations}},
	}
	if byCommittee {
		doc.Signature = export.Signature{Authority: "TM. ỦY BAN NHÂN DÂN", Position: "CHỦ TỊCH", Name: page.Chairman}
		doc.Recipients = []string{"Thường trực Đảng ủy phường (để báo cáo)", "Thường trực HĐND phường", "Chủ tịch, các Phó Chủ tịch UBND phường", export.ArchiveLine("VP", page.Signer.Name, 2)}
	} else {
		doc.Addressee = "Chủ tịch " + w.CommitteeName()
		title := page.Signer.Title
		if title == "" {
			title = "Chánh Văn phòng"
		}
		doc.Signature = export.Signature{Position: title, Name: page.Signer.Name}
		doc.Recipients = []string{"Như trên", "Các Phó Chủ tịch UBND phường", export.ArchiveLine("VP", page.Signer.Name, 2)}
	}
	annex := &export.ReportTable{Title: "Phụ lục: Kết quả thực hiện Chương trình công tác " + monthWordsOf(m) + " của các đơn vị",
		Heads:  []string{"STT", "Đơn vị", "Được giao", "Đã đến hạn", "Đúng hạn", "Quá hạn đã hoàn thành", "Chờ đánh giá", "Quá hạn chưa hoàn thành", "Tỷ lệ đúng hạn", "Điểm", "Xếp loại"},
		Widths: []float64{8, 37, 11, 12, 12, 14, 13, 14, 14, 12, 18}}
	if r.Number != "" {
		annex.Note = "(Kèm theo Báo cáo số " + r.Number + " ngày " + isoVN(r.IssuedOn) + ")"
	}
	itoa := strconv.Itoa
	for i, u := range res.Units {
		score, grade := "", ""
		if u.Grade != "" {
			score, grade = accountability.Num(u.Score), u.GradeLabel()
		}
		annex.Rows = append(annex.Rows, []string{itoa(i + 1), u.Name, itoa(u.Assigned), itoa(u.Due), itoa(u.OnTime), itoa(u.Late),
			itoa(u.Pending), itoa(u.Overdue), accountability.Percent(u.OnTimeShare()), score, grade})
	}
	t := res.Totals
	annex.Totals = []string{"", "Tổng cộng", itoa(t.Assigned), itoa(t.Due), itoa(t.OnTime), itoa(t.Late), itoa(t.Pending), itoa(t.Overdue),
		accountability.Percent(t.OnTimeShare()), "", ""}
	doc.Annex = annex
	return doc
}

// monthWordsOf is "tháng 11 năm 2026", "tháng 01 năm 2027".
func monthWordsOf(m program.Month) string { return remediation.MonthWords(m) }

func isoVN(s string) string {
	if d, err := calendar.ParseDate(s); err == nil {
		return d.VN()
	}
	return s
}
