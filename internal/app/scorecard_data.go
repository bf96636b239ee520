package app

import (
	"context"
	"slices"
	"time"

	"dieuhanh/internal/accountability"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
)

// This file reads the record a scorecard counts for a span of months in a
// handful of queries and computes any unit's card for any period inside
// it: the scorecard page (a period, its flag's look-back and a 12-month
// trend), the home page (this month and the last) and the consolidated
// report share it.

// scoreData is the ward's record over a span of months.
type scoreData struct {
	now      time.Time
	cal      *calendar.Calendar
	settings org.Settings
	formula  accountability.Formula
	ward     org.Ward
	units    []org.Unit // scored units, in the ward's order
	all      []org.Unit // every unit, for names
	heads    map[int64]store.UnitHead
	items    []store.ScoreItem
	// byUnitMonth indexes items by unit and month of their program.
	byUnitMonth  map[unitMonth][]int
	remediations []store.ScoreRemediation
	breaches     []store.ScoreBreach
	meetings     []store.ScoreMeeting
	general      map[string]map[int64]store.GeneralScore // period → unit → points
	// monthly caches a unit's items of a month read at that month's own
	// cut-off: the trend, the flag's look-back and monthly cards share them.
	monthly map[unitMonth][]accountability.ItemRecord
}

type unitMonth struct {
	unit  int64
	month program.Month
}

// spanMonths lists the months of a span, in order.
func spanMonths(from, to program.Month) []program.Month {
	var out []program.Month
	for m := from; !to.Before(m); m = m.Next() {
		out = append(out, m)
	}
	return out
}

// monthsBack is the month n months before m.
func monthsBack(m program.Month, n int) program.Month {
	for range n {
		m = m.Prev()
	}
	return m
}

// loadScores reads the ward's record for the months from..to; periods are
// the periods whose general points are needed.
func loadScores(ctx context.Context, tx *store.Tx, wardID int64, from, to program.Month, periods []string, now time.Time) (*scoreData, error) {
	d := &scoreData{now: now, byUnitMonth: map[unitMonth][]int{}, general: map[string]map[int64]store.GeneralScore{},
		monthly: map[unitMonth][]accountability.ItemRecord{}}
	var err error
	if d.ward, err = tx.Ward(ctx, wardID); err != nil {
		return nil, err
	}
	d.settings = d.ward.Settings.WithDefaults()
	d.formula = d.settings.ScoreFormula.WithDefaults()
	if d.cal, err = calendarIn(ctx, tx, wardID); err != nil {
		return nil, err
	}
	if d.all, err = tx.Units(ctx, wardID); err != nil {
		return nil, err
	}
	for _, u := range d.all {
		if u.Kind != org.KindPartner || d.formula.IncludePartners {
			d.units = append(d.units, u)
		}
	}
	if d.heads, err = tx.UnitHeads(ctx, wardID); err != nil {
		return nil, err
	}
	span := store.MonthSpan{FromYear: from.Year, FromMonth: from.Month, ToYear: to.Year, ToMonth: to.Month}
	if d.items, err = tx.ScoreItems(ctx, wardID, span); err != nil {
		return nil, err
	}
	for i, it := range d.items {
		k := unitMonth{it.UnitID, program.Month{Year: it.Year, Month: it.Month}}
		d.byUnitMonth[k] = append(d.byUnitMonth[k], i)
	}
	if d.remediations, err = tx.ScoreRemediations(ctx, wardID, span); err != nil {
		return nil, err
	}
	start, end := from.First().Start(), to.Last().End()
	if d.breaches, err = tx.ScoreBreaches(ctx, wardID, start, end); err != nil {
		return nil, err
	}
	if d.meetings, err = tx.ScoreMeetings(ctx, wardID, start, end); err != nil {
		return nil, err
	}
	gs, err := tx.GeneralScores(ctx, wardID, periods)
	if err != nil {
		return nil, err
	}
	for _, g := range gs {
		if d.general[g.Period] == nil {
			d.general[g.Period] = map[int64]store.GeneralScore{}
		}
		d.general[g.Period][g.UnitID] = g
	}
	return d, nil
}

// unit returns a unit of the ward by id.
func (d *scoreData) unit(id int64) (org.Unit, bool) {
	for _, u := range d.all {
		if u.ID == id {
			return u, true
		}
	}
	return org.Unit{}, false
}

// records reads a unit's items of the given months at a cut-off.
func (d *scoreData) records(unitID int64, months []program.Month, cutoff time.Time) []accountability.ItemRecord {
	if len(months) == 1 && cutoff.Equal(accountability.Cutoff(accountability.MonthPeriod(months[0]), d.now)) {
		return d.monthRecords(unitID, months[0])
	}
	var out []accountability.ItemRecord
	for _, m := range months {
		for _, i := range d.byUnitMonth[unitMonth{unitID, m}] {
			out = append(out, accountability.Record(d.facts(d.items[i]), cutoff, d.now, d.cal))
		}
	}
	return out
}

// monthRecords reads a unit's items of month m at m's own cut-off, once.
func (d *scoreData) monthRecords(unitID int64, m program.Month) []accountability.ItemRecord {
	k := unitMonth{unitID, m}
	if recs, ok := d.monthly[k]; ok {
		return recs
	}
	cutoff := accountability.Cutoff(accountability.MonthPeriod(m), d.now)
	recs := make([]accountability.ItemRecord, 0, len(d.byUnitMonth[k]))
	for _, i := range d.byUnitMonth[k] {
		recs = append(recs, accountability.Record(d.facts(d.items[i]), cutoff, d.now, d.cal))
	}
	d.monthly[k] = recs
	return recs
}

// facts turns a stored item into the scorecard's facts about it.
func (d *scoreData) facts(it store.ScoreItem) accountability.ItemFacts {
	m := program.Month{Year: it.Year, Month: it.Month}
	f := accountability.ItemFacts{ID: it.ID, Month: m, Cancelled: it.Cancelled, DueDate: it.DueDate, Rejections: it.Rejections,
		Excused: it.Excused, CarriedOver: it.CarriedTo && program.MonthClosed(m, d.now)}
	for _, e := range it.Extensions {
		f.Extensions = append(f.Extensions, accountability.Extension{DecidedAt: e.DecidedAt, NewDate: e.NewDate})
	}
	if it.CompletedAt != nil && it.Quality != string(program.QualityRejected) {
		f.CompletedAt, f.Accepted = it.CompletedAt, it.Quality == string(program.QualityAccepted)
	}
	return f
}

// unitExtras are what a card shows besides the pure Card: the reports by
// outcome, and the evidence of the flag.
type unitExtras struct {
	Reports  map[accountability.ReportOutcome][]store.ScoreRemediation
	Evidence []EvidenceMonth
}

// EvidenceMonth is one month of a flag's evidence: the unit's items that
// were overdue or finished late in it, or its missing remediation report.
type EvidenceMonth struct {
	Month         program.Month
	ItemIDs       []int64
	MissingReport int64 // the obligation recorded missing (0: none)
}

// card computes a unit's card for a period at the data's now.
func (d *scoreData) card(unitID int64, p accountability.Period) (accountability.Card, unitExtras) {
	cutoff := accountability.Cutoff(p, d.now)
	months := p.Months()
	recs := d.records(unitID, months, cutoff)
	ex := unitExtras{Reports: map[accountability.ReportOutcome][]store.ScoreRemediation{}}
	facts := accountability.UnitFacts{}
	if g, ok := d.general[p.String()][unitID]; ok {
		pts := g.Points
		facts.General = &pts
	}
	start := p.First().First().Start()
	for _, b := range d.breaches {
		if b.UnitID == unitID && !b.At.Before(start) && b.At.Before(cutoff) {
			facts.ReadinessBreaches = append(facts.ReadinessBreaches, b.EventID)
		}
	}
	for _, r := range d.remediations {
		m := program.Month{Year: r.Year, Month: r.Month}
		if r.UnitID != unitID || !p.Contains(m) {
			continue
		}
		switch o := accountability.RemediationOutcome(r.EverFiled, r.Late, r.MissingAt); o {
		case accountability.ReportOnTime:
			facts.RemediationOnTime++
			ex.Reports[o] = append(ex.Reports[o], r)
		case accountability.ReportLate:
			facts.RemediationLate++
			ex.Reports[o] = append(ex.Reports[o], r)
		case accountability.ReportMissing:
			facts.RemediationMissing = append(facts.RemediationMissing, m)
			ex.Reports[o] = append(ex.Reports[o], r)
		}
	}
	if u, ok := d.unit(unitID); ok && u.Kind == org.KindOffice {
		facts.InvitationsLate, facts.ConclusionsLate = d.officeLateness(start, cutoff)
	}
	// The flag looks back over the run of months ending in the period,
	// each month read at its own cut-off.
	look := monthsBack(p.First(), max(d.formula.FlagOverdueMonths, 1)-1)
	var lookRecs []accountability.ItemRecord
	for _, m := range spanMonths(look, p.Last()) {
		lookRecs = append(lookRecs, d.monthRecords(unitID, m)...)
	}
	facts.OverdueMonths = accountability.OverdueMonths(lookRecs)
	c := accountability.Compute(d.formula, recs, facts, p)
	if c.Flagged {
		ex.Evidence = evidence(lookRecs, facts, ex.Reports[accountability.ReportMissing], d.formula.FlagOverdueMonths)
	}
	return c, ex
}

// evidence lists, month by month, the items behind a flag (the months of
// runs of n months in a row with overdue items) and the missing reports of
// the period.
func evidence(recs []accountability.ItemRecord, facts accountability.UnitFacts, missing []store.ScoreRemediation, n int) []EvidenceMonth {
	var out []EvidenceMonth
	at := func(m program.Month) *EvidenceMonth {
		for i := range out {
			if out[i].Month == m {
				return &out[i]
			}
		}
		out = append(out, EvidenceMonth{Month: m})
		return &out[len(out)-1]
	}
	had := map[program.Month]bool{}
	for _, m := range facts.OverdueMonths {
		had[m] = true
	}
	inRun := func(m program.Month) bool {
		// Some window of n months in a row that holds m is all overdue.
		for end, i := m, 0; i < n; end, i = end.Next(), i+1 {
			all := true
			for k, x := 0, end; k < n; k, x = k+1, x.Prev() {
				all = all && had[x]
			}
			if all {
				return true
			}
		}
		return false
	}
	for _, m := range facts.OverdueMonths {
		if n <= 0 || !inRun(m) {
			continue
		}
		e := at(m)
		for _, r := range recs {
			if r.Month == m && !r.Cancelled && r.Due && !r.ObjectiveLate && r.LateOccurrences > 0 {
				e.ItemIDs = append(e.ItemIDs, r.ID)
			}
		}
	}
	for _, r := range missing {
		at(program.Month{Year: r.Year, Month: r.Month}).MissingReport = r.ID
	}
	slices.SortFunc(out, func(a, b EvidenceMonth) int {
		if a.Month.Before(b.Month) {
			return -1
		}
		if b.Month.Before(a.Month) {
			return 1
		}
		return 0
	})
	return out
}

// officeLateness lists the meetings held in [start, cutoff) whose
// invitation went out late and whose conclusion notice is late.
func (d *scoreData) officeLateness(start, cutoff time.Time) (invitations, conclusions []int64) {
	for _, m := range d.meetings {
		if m.Start.Before(start) || !m.Start.Before(cutoff) {
			continue
		}
		k := schedule.Kind(m.Kind)
		if k.NeedsReadiness() {
			dl := schedule.Deadline(schedule.Readiness{Urgent: m.Urgent}, m.Start, leadDays(d.settings, k), d.cal)
			if accountability.InvitationLate(m.ReplacesInvitation, m.InvitationIssuedAt, dl, cutoff) {
				invitations = append(invitations, m.EventID)
			}
		}
		if k.IsMeeting() {
			due := m.ConclusionDue
			if m.ConclusionAt == nil {
				due = schedule.ConclusionDue(calendar.DateOf(m.Start), d.settings.ConclusionDays, d.cal)
			}
			if accountability.ConclusionLate(m.ConclusionAt, due, cutoff) {
				conclusions = append(conclusions, m.EventID)
			}
		}
	}
	return invitations, conclusions
}
