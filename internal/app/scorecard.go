package app

import (
	"context"
	"slices"
	"time"

	"dieuhanh/internal/accountability"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
)

// UnitCard is a unit's scorecard for a period, with what the page shows
// around it: the head who answers for it, its place, the Chairman's
// points and decision, the flag's evidence and a 12-month trend.
type UnitCard struct {
	Unit     org.Unit
	Head     store.UnitHead // zero when the unit has no head's account
	Card     accountability.Card
	Rank     int // among every scored unit; 0 when nothing was due
	General  *store.GeneralScore
	Decision *store.Decision // the Chairman's decision for this period
	Reports  map[accountability.ReportOutcome][]store.ScoreRemediation
	Evidence []EvidenceMonth
	Trend    []TrendPoint
}

// TrendPoint is a unit's score in one month of its trend.
type TrendPoint struct {
	Month       program.Month
	Score       float64
	Scored      bool // something was due that month
	Provisional bool
}

// ScorecardPage is the scorecards of the units the actor may see.
type ScorecardPage struct {
	Period  accountability.Period
	Formula accountability.Formula
	Ward    org.Ward
	Cutoff  time.Time
	Running bool // the period has not ended: counts move, scores are provisional
	Cards   []UnitCard
	Ranked  int // units ranked (with something due), of all scored units
	Scored  int
	// First is the month of the ward's first program (zero: none yet).
	First program.Month
	// What the actor may do on the page.
	CanGeneral, CanDecide bool
}

// Card returns the page's card of a unit.
func (p ScorecardPage) Card(unitID int64) (UnitCard, bool) {
	for _, c := range p.Cards {
		if c.Unit.ID == unitID {
			return c, true
		}
	}
	return UnitCard{}, false
}

// Flagged lists the flagged cards.
func (p ScorecardPage) Flagged() []UnitCard {
	var out []UnitCard
	for _, c := range p.Cards {
		if c.Card.Flagged {
			out = append(out, c)
		}
	}
	return out
}

// trendMonths is how many months the trend shows.
const trendMonths = 12

// Scorecards returns a period's scorecards: every unit for the Chairman
// and the Office, a Vice Chairman's portfolios, a unit head's own unit;
// ranked among all scored units. withTrend adds each unit's 12-month trend.
func (app *App) Scorecards(ctx context.Context, a auth.Actor, p accountability.Period, withTrend bool) (ScorecardPage, error) {
	if err := require(a, auth.ViewScorecard, auth.Target{}); err != nil {
		return ScorecardPage{}, err
	}
	now := app.Now()
	page := ScorecardPage{Period: p, Cutoff: accountability.Cutoff(p, now), Running: now.Before(p.Last().Last().End()),
		CanGeneral: auth.Can(a, auth.EnterGeneralPoints, auth.Target{WardID: a.WardID}),
		CanDecide:  auth.Can(a, auth.DecideAccountability, auth.Target{WardID: a.WardID})}
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		w, err := tx.Ward(ctx, a.WardID)
		if err != nil {
			return err
		}
		f := w.Settings.ScoreFormula.WithDefaults()
		from := monthsBack(p.First(), max(f.FlagOverdueMonths, 1)-1)
		periods := []string{p.String()}
		var trend []program.Month
		if withTrend {
			trend = spanMonths(monthsBack(p.Last(), trendMonths-1), p.Last())
			if trend[0].Before(from) {
				from = trend[0]
			}
			for _, m := range trend {
				periods = append(periods, accountability.MonthPeriod(m).String())
			}
		}
		d, err := loadScores(ctx, tx, a.WardID, from, p.Last(), periods, now)
		if err != nil {
			return err
		}
		page.Ward, page.Formula, page.Scored = d.ward, d.formula, len(d.units)
		if y, m, ok, err := tx.FirstProgramMonth(ctx, a.WardID); err != nil {
			return err
		} else if ok {
			page.First = program.Month{Year: y, Month: m}
		}
		decisions, err := tx.Decisions(ctx, a.WardID, 0, []string{p.String()}, 1000)
		if err != nil {
			return err
		}
		var ranked []accountability.Ranked
		cards := map[int64]UnitCard{}
		for _, u := range d.units {
			c, ex := d.card(u.ID, p)
			uc := UnitCard{Unit: u, Head: d.heads[u.ID], Card: c, Reports: ex.Reports, Evidence: ex.Evidence}
			if g, ok := d.general[p.String()][u.ID]; ok {
				uc.General = &g
			}
			for i := range decisions {
				if decisions[i].UnitID == u.ID {
					uc.Decision = &decisions[i]
				}
			}
			for _, m := range trend {
				mc, _ := d.card(u.ID, accountability.MonthPeriod(m))
				uc.Trend = append(uc.Trend, TrendPoint{Month: m, Score: mc.Score, Scored: mc.Grade != accountability.GradeNone, Provisional: mc.Provisional})
			}
			cards[u.ID] = uc
			ranked = append(ranked, accountability.Ranked{UnitID: u.ID, Name: u.Name, Card: c})
		}
		for _, r := range accountability.Rank(ranked) {
			uc := cards[r.UnitID]
			uc.Rank = r.Rank
			if r.Rank > 0 {
				page.Ranked++
			}
			if auth.Can(a, auth.ViewScorecard, auth.Target{WardID: a.WardID, UnitID: r.UnitID}) {
				page.Cards = append(page.Cards, uc)
			}
		}
		return nil
	})
	return page, err
}

// ScoreList names a list behind a scorecard's counts: an item bucket, or
// the meetings and reports the card counts.
type ScoreList string

const (
	ListBreaches        ScoreList = "breaches"
	ListInvitationsLate ScoreList = "invitations_late"
	ListConclusionsLate ScoreList = "conclusions_late"
	ListReportsOnTime   ScoreList = "reports_on_time"
	ListReportsLate     ScoreList = "reports_late"
	ListReportsMissing  ScoreList = "reports_missing"
	ListFlag            ScoreList = "flag" // the items a flag rests on
)

var listLabels = map[ScoreList]string{
	ListBreaches: "Cuộc họp vi phạm thời hạn chuẩn bị", ListInvitationsLate: "Giấy mời phát hành chậm",
	ListConclusionsLate: "Thông báo kết luận chậm", ListReportsOnTime: "Báo cáo khắc phục nộp đúng hạn",
	ListReportsLate: "Báo cáo khắc phục nộp muộn", ListReportsMissing: "Báo cáo khắc phục không nộp đúng hạn",
	ListFlag: "Căn cứ đề nghị xem xét trách nhiệm",
}

// Label is the Vietnamese name of a list.
func (l ScoreList) Label() string {
	if s, ok := listLabels[l]; ok {
		return s
	}
	return accountability.Bucket(l).Label()
}

// Valid reports whether l names a list.
func (l ScoreList) Valid() bool {
	_, ok := listLabels[l]
	return ok || slices.Contains(accountability.Buckets(), accountability.Bucket(l))
}

// ScoreListPage is a list behind one count of a unit's card.
type ScoreListPage struct {
	Period accountability.Period
	List   ScoreList
	Unit   UnitCard
	Items  []ItemView           // item lists
	Events []store.ScoreMeeting // meeting lists (breaches: title and time only)
	Breach []store.ScoreBreach
	// Reports are the remediation obligations of a report list.
	Reports []store.ScoreRemediation
	Org     Org
}

// ScorecardList returns the list behind one count of a unit's card.
func (app *App) ScorecardList(ctx context.Context, a auth.Actor, p accountability.Period, unitID int64, list ScoreList) (ScoreListPage, error) {
	if !list.Valid() {
		return ScoreListPage{}, errs.Fields{"list": "Danh sách không hợp lệ."}.Err()
	}
	if err := require(a, auth.ViewScorecard, auth.Target{UnitID: unitID}); err != nil {
		return ScoreListPage{}, err
	}
	page, err := app.Scorecards(ctx, a, p, false)
	if err != nil {
		return ScoreListPage{}, err
	}
	uc, ok := page.Card(unitID)
	if !ok {
		return ScoreListPage{}, errs.E(errs.NotFound, "Đơn vị không có trong đánh giá, xếp loại (đơn vị phối hợp không tính điểm).")
	}
	out := ScoreListPage{Period: p, List: list, Unit: uc}
	var ids []int64
	switch list {
	case ListBreaches, ListInvitationsLate, ListConclusionsLate:
		// Meetings: read below.
	case ListReportsOnTime:
		out.Reports = uc.Reports[accountability.ReportOnTime]
	case ListReportsLate:
		out.Reports = uc.Reports[accountability.ReportLate]
	case ListReportsMissing:
		out.Reports = uc.Reports[accountability.ReportMissing]
	case ListFlag:
		for _, e := range uc.Evidence {
			ids = append(ids, e.ItemIDs...)
		}
	default:
		ids = uc.Card.Items[accountability.Bucket(list)]
	}
	now := app.Now()
	err = app.DB.View(ctx, func(tx *store.Tx) error {
		o, err := loadOrgIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		out.Org = o
		cal, err := calendarIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		from, to := p.First().First().Start(), p.Last().Last().End()
		switch list {
		case ListBreaches:
			bs, err := tx.ScoreBreaches(ctx, a.WardID, from, to)
			if err != nil {
				return err
			}
			for _, b := range bs {
				if slices.Contains(uc.Card.Facts.ReadinessBreaches, b.EventID) {
					out.Breach = append(out.Breach, b)
				}
			}
			return nil
		case ListInvitationsLate, ListConclusionsLate:
			want := uc.Card.Facts.InvitationsLate
			if list == ListConclusionsLate {
				want = uc.Card.Facts.ConclusionsLate
			}
			ms, err := tx.ScoreMeetings(ctx, a.WardID, from, to)
			if err != nil {
				return err
			}
			for _, m := range ms {
				if slices.Contains(want, m.EventID) {
					out.Events = append(out.Events, m)
				}
			}
			return nil
		}
		if len(ids) == 0 {
			return nil
		}
		items, err := tx.ItemsByIDs(ctx, a.WardID, ids)
		if err != nil {
			return err
		}
		slices.SortStableFunc(items, func(x, y store.Item) int {
			if c := (x.Year*12 + int(x.Month)) - (y.Year*12 + int(y.Month)); c != 0 {
				return c
			}
			return x.DueDate.Compare(y.DueDate)
		})
		out.Items = viewItems(items, o.Units, now, cal, o.Ward.Settings.WithDefaults().DueSoonWorkingDays)
		return nil
	})
	return out, err
}
