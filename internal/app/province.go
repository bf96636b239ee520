package app

import (
	"cmp"
	"context"
	"slices"
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/province"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
)

// The province's view (issue 13): each ward's month in figures, a ranking
// of the wards, a ward's 12-month trend and its lists of a month, for the
// province's accounts, read-only.
//
// The figures of a (ward, month) are kept in ward_month_stats under the
// ward's change stamp and the day they were computed (province.Current).
// A view reads the kept rows of what it shows and the stamps, recomputes
// only the rows that no longer hold — the wards that changed since, or
// every row once a day, since statuses move with the clock — and keeps
// them again without raising a stamp. Its cost therefore follows the
// number of wards (one row each), plus the wards that changed; never the
// years of history. The nightly job (jobs.go) renews every ward's last 12
// months so the first view of the day finds them current.
//
// Keeping a recomputed row during a GET is the one write a read makes
// here: the row is derived from what the stamps cover, changes no record
// anyone sees elsewhere and raises no stamp, as the kept pages' cache.

// provinceWorkers is how many wards a view recomputes at once: after a
// change across wards (or on a new day without the nightly job) a view
// recomputes every ward's row, and 170 one after the other cost 170 times
// the round trips. Four keep SQLite's readers (at least four) and a
// PostgreSQL pool shared with the other requests from being taken over.
const provinceWorkers = 4

// parallel runs fn(ctx, 0..n-1) on at most workers goroutines and returns
// the first error; after an error the remaining calls are not started.
func parallel(ctx context.Context, n, workers int, fn func(ctx context.Context, k int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	errc := make(chan error, workers)
	for range min(workers, n) {
		go func() {
			for k := range next {
				if err := fn(ctx, k); err != nil {
					errc <- err
					cancel()
					for range next {
					}
					return
				}
			}
			errc <- nil
		}()
	}
	var first error
feed:
	for k := range n {
		select {
		case next <- k:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	for range min(workers, n) {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	if first == nil {
		// No call failed: an error now is the caller's context ending.
		first = ctx.Err()
	}
	return first
}

// TrendMonths is how many months a ward's trend shows.
const TrendMonths = 12

// ProvinceRow is one ward's month in the overview.
type ProvinceRow struct {
	Ward    store.ProvinceWard
	Rank    int
	Figures province.Figures
	// Recomputed: the kept row did not hold and was computed for this view.
	Recomputed bool
}

// ProvinceOverview is the province's month across its wards, by rank.
type ProvinceOverview struct {
	Month program.Month
	Now   time.Time
	Rows  []ProvinceRow
	// Recomputed counts the ward-months computed for this view.
	Recomputed int
}

// provinceMonth checks the month a province view asks for: a real month,
// no later than next month (whose program is being prepared; later ones
// have nothing yet). The refusal names the field and the rule, for the
// page (beside the month) and the API.
func provinceMonth(m program.Month, today calendar.Date) error {
	msg, code := "", ""
	switch next := program.MonthOf(today).Next(); {
	case !m.Valid():
		msg, code = "Tháng không hợp lệ: nhập theo dạng mm/yyyy, ví dụ 05/2026.", "month_invalid"
	case next.Before(m):
		msg, code = "Chưa có số liệu của tháng "+m.Short()+": chọn tháng "+next.Short()+" hoặc trước đó.", "month_not_available"
	default:
		return nil
	}
	return &errs.Error{Kind: errs.Invalid, Code: code, Message: msg, Fields: map[string]string{"month": msg}}
}

// ProvinceOverview returns every active ward's month m with its rank.
func (app *App) ProvinceOverview(ctx context.Context, a auth.Actor, m program.Month) (ProvinceOverview, error) {
	if err := require(a, auth.ViewProvince, auth.Target{}); err != nil {
		return ProvinceOverview{}, err
	}
	now := app.Now()
	if err := provinceMonth(m, calendar.DateOf(now)); err != nil {
		return ProvinceOverview{}, err
	}
	ctx = store.AcrossWards(ctx)
	out := ProvinceOverview{Month: m, Now: now}
	ym := program.YM(m)
	var wards []store.ProvinceWard
	var stamps store.Stamps
	kept := map[int64]store.WardMonthStat{}
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		// The stamps first: what is read after them is at least as new.
		if stamps, err = tx.WardStamps(ctx); err != nil {
			return err
		}
		if wards, err = tx.ProvinceWards(ctx); err != nil {
			return err
		}
		rows, err := tx.MonthStats(ctx, ym)
		for _, r := range rows {
			kept[r.WardID] = r
		}
		return err
	})
	if err != nil {
		return out, err
	}
	today := calendar.DateOf(now)
	out.Rows = make([]ProvinceRow, len(wards))
	var stale []int // indexes into wards
	for i, w := range wards {
		out.Rows[i] = ProvinceRow{Ward: w}
		if row, ok := kept[w.ID]; ok && province.Current(row.Stamp, row.ComputedOn, stamps.Of(w.ID), today) {
			out.Rows[i].Figures = row.Figures
			continue
		}
		stale = append(stale, i)
	}
	fresh := make([]store.WardMonthStat, len(stale))
	err = parallel(ctx, len(stale), provinceWorkers, func(ctx context.Context, k int) error {
		w := wards[stale[k]]
		rows, err := app.computeWardMonths(ctx, w.ID, m, m, stamps.Of(w.ID), now)
		if err != nil {
			return err
		}
		fresh[k] = rows[0]
		out.Rows[stale[k]].Figures, out.Rows[stale[k]].Recomputed = rows[0].Figures, true
		return nil
	})
	if err != nil {
		return out, err
	}
	if err := app.DB.SaveWardMonthStats(ctx, fresh); err != nil {
		return out, err
	}
	out.Recomputed = len(fresh)
	figs := make([]province.Figures, len(out.Rows))
	for i, r := range out.Rows {
		figs[i] = r.Figures
	}
	for i, rank := range province.Ranks(figs) {
		out.Rows[i].Rank = rank
	}
	// By rank, then code (the wards were read by code: a stable sort keeps it).
	slices.SortStableFunc(out.Rows, func(a, b ProvinceRow) int { return cmp.Compare(a.Rank, b.Rank) })
	return out, nil
}

// ProvinceMonth is one month of a ward's trend.
type ProvinceMonth struct {
	Month      program.Month
	Figures    province.Figures
	Recomputed bool
}

// ProvinceTrend is a ward's last TrendMonths months, oldest first.
type ProvinceTrend struct {
	Ward       org.Ward
	Months     []ProvinceMonth
	Now        time.Time
	Recomputed int
}

// provinceWard finds a ward by its code for the province's pages (a
// disabled ward's figures stay readable).
func (app *App) provinceWard(ctx context.Context, code string) (org.Ward, error) {
	if !org.ValidWardCode(code) {
		return org.Ward{}, errs.Ef(errs.NotFound, "Không có phường mã %q.", code)
	}
	var w org.Ward
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		w, err = tx.WardByCode(ctx, code)
		return err
	})
	return w, err
}

// ProvinceWardTrend returns the ward's figures for the TrendMonths months
// ending with last.
func (app *App) ProvinceWardTrend(ctx context.Context, a auth.Actor, code string, last program.Month) (ProvinceTrend, error) {
	if err := require(a, auth.ViewProvince, auth.Target{}); err != nil {
		return ProvinceTrend{}, err
	}
	now := app.Now()
	if err := provinceMonth(last, calendar.DateOf(now)); err != nil {
		return ProvinceTrend{}, err
	}
	ctx = store.AcrossWards(ctx)
	w, err := app.provinceWard(ctx, code)
	if err != nil {
		return ProvinceTrend{}, err
	}
	first := last
	for range TrendMonths - 1 {
		first = first.Prev()
	}
	out := ProvinceTrend{Ward: w, Now: now}
	var stamps store.Stamps
	kept := map[int]store.WardMonthStat{}
	err = app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if stamps, err = tx.WardStamps(ctx); err != nil {
			return err
		}
		rows, err := tx.WardStats(ctx, w.ID, program.YM(first), program.YM(last))
		for _, r := range rows {
			kept[r.YM] = r
		}
		return err
	})
	if err != nil {
		return out, err
	}
	today, stamp := calendar.DateOf(now), stamps.Of(w.ID)
	stale := false
	for m := first; !last.Before(m); m = m.Next() {
		r, ok := kept[program.YM(m)]
		if !ok || !province.Current(r.Stamp, r.ComputedOn, stamp, today) {
			stale = true
		}
	}
	recomputed := map[int]bool{}
	if stale {
		// One pass over the ward's 12 months costs about what one month
		// does (the same few statements): recompute them together.
		rows, err := app.computeWardMonths(ctx, w.ID, first, last, stamp, now)
		if err != nil {
			return out, err
		}
		var fresh []store.WardMonthStat
		for _, r := range rows {
			if k, ok := kept[r.YM]; !ok || !province.Current(k.Stamp, k.ComputedOn, stamp, today) {
				fresh = append(fresh, r)
				recomputed[r.YM] = true
			}
			kept[r.YM] = r
		}
		if err := app.DB.SaveWardMonthStats(ctx, fresh); err != nil {
			return out, err
		}
		out.Recomputed = len(fresh)
	}
	for m := first; !last.Before(m); m = m.Next() {
		ym := program.YM(m)
		out.Months = append(out.Months, ProvinceMonth{Month: m, Figures: kept[ym].Figures, Recomputed: recomputed[ym]})
	}
	return out, nil
}

// RefreshProvinceStats renews the kept figures of every active ward's last
// TrendMonths months that no longer hold at now (the nightly job: the
// first view of the day then finds them current). It returns how many it
// recomputed.
func (app *App) RefreshProvinceStats(ctx context.Context, now time.Time) (int, error) {
	ctx = store.AcrossWards(ctx)
	last := program.MonthOf(calendar.DateOf(now))
	first := last
	for range TrendMonths - 1 {
		first = first.Prev()
	}
	var wards []store.ProvinceWard
	var stamps store.Stamps
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if stamps, err = tx.WardStamps(ctx); err != nil {
			return err
		}
		wards, err = tx.ProvinceWards(ctx)
		return err
	})
	if err != nil {
		return 0, err
	}
	today := calendar.DateOf(now)
	n := 0
	for _, w := range wards {
		if ctx.Err() != nil {
			return n, ctx.Err()
		}
		var kept []store.WardMonthStat
		if err := app.DB.View(ctx, func(tx *store.Tx) error {
			var err error
			kept, err = tx.WardStats(ctx, w.ID, program.YM(first), program.YM(last))
			return err
		}); err != nil {
			return n, err
		}
		current := 0
		for _, r := range kept {
			if province.Current(r.Stamp, r.ComputedOn, stamps.Of(w.ID), today) {
				current++
			}
		}
		if current == TrendMonths {
			continue
		}
		rows, err := app.computeWardMonths(ctx, w.ID, first, last, stamps.Of(w.ID), now)
		if err != nil {
			return n, err
		}
		// One ward at a time: a province's 2,000 rows in one write would
		// hold SQLite's single writer for the whole pass.
		if err := app.DB.SaveWardMonthStats(ctx, rows); err != nil {
			return n, err
		}
		n += len(rows)
	}
	return n, nil
}

// computeWardMonths computes the ward's figures for the months first..last
// at now, to be kept under stamp (read before this). It reads bound to the
// ward (store.ForWard): on PostgreSQL the ward wall shows it nothing else.
func (app *App) computeWardMonths(ctx context.Context, wardID int64, first, last program.Month, stamp int64, now time.Time) ([]store.WardMonthStat, error) {
	ctx = store.ForWard(ctx, wardID)
	var in wardMonthInput
	from, to := program.YM(first), program.YM(last)
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if in.ward, err = tx.Ward(ctx, wardID); err != nil {
			return err
		}
		if in.cal, err = calendarIn(ctx, tx, wardID); err != nil {
			return err
		}
		if in.items, err = tx.ProvinceItemFacts(ctx, wardID, from, to); err != nil {
			return err
		}
		if in.meetings, err = tx.ReadinessMeetings(ctx, wardID, first.First().Start(), last.Last().End()); err != nil {
			return err
		}
		if in.reports, err = tx.ProvinceReports(ctx, wardID, from, to); err != nil {
			return err
		}
		in.programs, err = tx.ProvincePrograms(ctx, wardID, from, to)
		return err
	})
	if err != nil {
		return nil, err
	}
	today := calendar.DateOf(now)
	var out []store.WardMonthStat
	for m := first; !last.Before(m); m = m.Next() {
		out = append(out, store.WardMonthStat{WardID: wardID, YM: program.YM(m), Stamp: stamp, ComputedOn: today,
			Figures: in.figures(m, now)})
	}
	return out, nil
}

// wardMonthInput is what a ward's figures are computed from.
type wardMonthInput struct {
	ward     org.Ward
	cal      *calendar.Calendar
	items    []store.MonthItem
	meetings []store.Event
	reports  []store.MonthReport
	programs []store.ProgramIssueRow
}

// figures computes month m's figures at now by the province's rules, on
// the ward's calendar and settings.
func (in wardMonthInput) figures(m program.Month, now time.Time) province.Figures {
	ym := program.YM(m)
	var items []province.ItemFact
	for _, it := range in.items {
		if it.YM == ym {
			items = append(items, it.Fact)
		}
	}
	f := province.TallyItems(items, program.StatusBounds(now, in.cal, in.ward.Settings.DueSoonWorkingDays))
	var meetings []province.Meeting
	for _, e := range in.meetings {
		if !m.Contains(calendar.DateOf(e.Start)) {
			continue
		}
		meetings = append(meetings, meetingFact(e, in.ward.Settings))
	}
	province.TallyMeetings(&f, meetings, now, in.cal)
	var reports []province.Report
	for _, r := range in.reports {
		if r.YM == ym {
			reports = append(reports, r.Report)
		}
	}
	province.TallyReports(&f, reports, now)
	state, issuedAt := "", (*time.Time)(nil)
	for _, p := range in.programs {
		if p.YM == ym {
			state, issuedAt = p.State, p.IssuedAt
		}
	}
	f.Program = province.Issue(m, state, issuedAt, calendar.DateOf(now), in.cal)
	return f
}

// meetingFact is a meeting as the readiness figure sees it: the ward's
// own readiness checklist (readinessOf) and lead time for its kind.
func meetingFact(e store.Event, s org.Settings) province.Meeting {
	k := schedule.Kind(e.Kind)
	return province.Meeting{Kind: k, Start: e.Start, Cancelled: e.Cancelled, Pending: e.Pending,
		Readiness: readinessOf(e), LeadDays: leadDays(s, k), Breached: e.BreachedAt != nil}
}

// ComputeWardMonth computes a ward's figures of month m at now from the
// records, without keeping them (the benchmark's measure of one
// recomputation; checks that a kept row is what the records give).
func (app *App) ComputeWardMonth(ctx context.Context, wardID int64, m program.Month) (province.Figures, error) {
	rows, err := app.computeWardMonths(store.AcrossWards(ctx), wardID, m, m, 0, app.Now())
	if err != nil {
		return province.Figures{}, err
	}
	return rows[0].Figures, nil
}
