package demo

import (
	"dieuhanh/internal/accountability"
	"dieuhanh/internal/app"
	"dieuhanh/internal/consolidation"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
)

// accountabilityStory schedules the demo's part of seed ¶3–4 on the moving
// clock, through the real use cases: the sweeps record what time brought
// in the previous month (items overdue, remediation reports not filed by
// their due date), the Chairman records a decision on a unit flagged in
// it, and the Office drafts and submits that month's consolidated report
// on its last working day. On the current month's draft day the report is
// drafted too, waiting for the Office.
func (l *loader) accountabilityStory(prev, cur program.Month) {
	ctx, a := l.ctx, l.app
	ward := l.actor("admin").WardID
	st := l.rules.WithDefaults()
	due := remediation.DueDate(prev, st.RemediationDay, st.DueBeforeRollForward, l.cal)
	sweep := l.cal.AddWorkingDays(due, 1)
	l.at(sweep, 10, "sweep overdue items and missing reports", func() error {
		now := a.Now()
		if _, err := a.SweepOverdue(ctx, ward, now); err != nil {
			return err
		}
		_, err := a.SweepMissingReports(ctx, ward, now)
		return err
	})
	l.at(sweep, 11, "accountability decision", func() error {
		chair := l.actor("chutich")
		p := accountability.MonthPeriod(prev)
		page, err := a.Scorecards(ctx, chair, p, false)
		if err != nil {
			return err
		}
		flagged := page.Flagged()
		if len(flagged) == 0 || flagged[0].Decision != nil {
			return nil
		}
		c := flagged[0] // the first in rank order
		var items []int64
		for _, e := range c.Evidence {
			items = append(items, e.ItemIDs...)
		}
		_, err = a.RecordDecision(ctx, chair, p, app.DecisionInput{UnitID: c.Unit.ID, Kind: accountability.DecisionSelfCriticism,
			Note:    "Yêu cầu người đứng đầu đơn vị kiểm điểm, làm rõ trách nhiệm và báo cáo Chủ tịch UBND phường biện pháp khắc phục trong tuần.",
			ItemIDs: items})
		return err
	})
	for _, m := range []program.Month{prev, cur} {
		day := consolidation.DraftDay(m, st.ReportDraftDaysBefore, l.cal)
		l.at(day, 8, "draft consolidated report", func() error {
			return a.DraftConsolidatedReports(ctx, ward, a.Now())
		})
		if m != prev {
			continue
		}
		l.at(day, 16, "submit consolidated report", func() error {
			office := l.actor("vanphong")
			page, err := a.ConsolidatedReport(ctx, office, m)
			if err != nil || !page.CanEdit {
				return err
			}
			_, err = a.SaveConsolidatedReport(ctx, office, m, app.ConsolidatedInput{Version: page.Report.Version,
				Shortcomings:    page.Report.Shortcomings,
				Recommendations: page.Report.Recommendations, Submit: true})
			return err
		})
	}
}
