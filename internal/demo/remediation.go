package demo

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"sort"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
	"dieuhanh/internal/store"
)

// The remediation story (seed ¶2), told by the real use cases and sweeps on
// the loader's clock: every working night the sweeps record the items that passed
// their deadline and the reports not filed by their due date; for the
// previous month the culture department files on time and is accepted, the
// Office files on time and is returned with comments, the service center
// files late (after being recorded missing) and waits for its leader, and
// the economy department files nothing (missing, escalated to the
// Chairman). The current month's obligations are open until the units file
// them, the day before their due date (the economy department on the day);
// what slips afterwards opens next month's.

// remediations schedules the sweeps and the reports of the previous and the
// current month.
func (l *loader) remediations(prev, cur program.Month) {
	wardID := l.actor("admin").WardID
	sweep := func(t time.Time) {
		l.atMoment(t, "remediation sweeps", func() error {
			if _, err := l.app.SweepOverdue(l.ctx, wardID, t); err != nil {
				return err
			}
			_, err := l.app.SweepMissingReports(l.ctx, wardID, t)
			return err
		})
	}
	// The sweeps run early every working day (what fell due on a weekend is
	// recorded on Monday at its own moment), and once more at "now".
	today := calendar.DateOf(l.now)
	for d := prev.First(); !d.After(today); d = d.AddDays(1) {
		if l.cal.IsWorkingDay(d) {
			sweep(d.Start().Add(5 * time.Minute))
		}
	}
	sweep(l.now)

	due := remediation.DueDate(prev, l.rules.WithDefaults().RemediationDay, l.rules.DueBeforeRollForward, l.cal)
	wd := func(n int) calendar.Date { return l.cal.AddWorkingDays(due, n) }
	// The culture department files two working days ahead; the Office
	// records it the next morning, its Vice Chairman accepts it on the due
	// date, confirming the objective causes and agreeing the new deadlines.
	l.fileReport(prev, "VHXH", "truongphong.vhxh", wd(-2), 15)
	l.receiveReport(prev, "VHXH", wd(-1), 9)
	l.decideReport(prev, "VHXH", "pct.vanhoa", wd(0), 10, true, "")
	// The Office files the day before; its Vice Chairman returns it.
	l.fileReport(prev, "VP", "vanphong", wd(-1), 14)
	l.receiveReport(prev, "VP", wd(0), 8)
	l.decideReport(prev, "VP", "pct.vanhoa", wd(0), 16, false,
		"Đề nghị nêu rõ nguyên nhân chủ quan, cá nhân chịu trách nhiệm và thời hạn hoàn thành cụ thể của từng nội dung.")
	// The service center is recorded missing, then files two working days
	// late; the Office records it the day after.
	l.fileReport(prev, "TTPVHCC", "giamdoc.ttpvhcc", wd(2), 10)
	l.receiveReport(prev, "TTPVHCC", wd(3), 9)
	// The economy department files nothing: missing, told to the Chairman.

	// This month: every unit files before the due date, the Office records
	// them, the Vice Chairmen accept two of them.
	due = remediation.DueDate(cur, l.rules.WithDefaults().RemediationDay, l.rules.DueBeforeRollForward, l.cal)
	l.fileReport(cur, "VP", "vanphong", wd(-1), 10)
	l.fileReport(cur, "VHXH", "truongphong.vhxh", wd(-1), 15)
	l.fileReport(cur, "TTPVHCC", "giamdoc.ttpvhcc", wd(-1), 16)
	l.fileReport(cur, "KTHTDT", "truongphong.kt", wd(0), 16)
	for _, code := range []string{"VP", "VHXH", "TTPVHCC"} {
		l.receiveReport(cur, code, wd(0), 9)
	}
	l.receiveReport(cur, "KTHTDT", wd(1), 9)
	l.decideReport(cur, "VHXH", "pct.vanhoa", wd(1), 10, true, "")
	l.decideReport(cur, "KTHTDT", "pct.kinhte", wd(2), 10, true, "")
}

// atMoment schedules a step at an exact moment (the sweeps run at night).
func (l *loader) atMoment(t time.Time, what string, do func() error) {
	if t.After(l.now) {
		return
	}
	l.steps = append(l.steps, step{t, what, do})
}

// obligation finds a unit's obligation of month m as its head sees it
// (nil when nothing slipped).
func (l *loader) obligation(m program.Month, code, login string) (*app.RemediationDetail, error) {
	list, err := l.app.Remediations(l.ctx, l.actor("vanphong"), m)
	if err != nil {
		return nil, err
	}
	for _, row := range list.Rows {
		if row.Unit.Code == code && row.R != nil {
			d, err := l.app.Remediation(l.ctx, l.actor(login), row.R.ID)
			return &d, err
		}
	}
	return nil, nil
}

// fileReport has a unit's head write and file the report of month m.
func (l *loader) fileReport(m program.Month, code, head string, day calendar.Date, hour int) {
	l.at(day, hour, "file remediation "+code, func() error {
		d, err := l.obligation(m, code, head)
		if err != nil || d == nil || !d.Actions.File {
			return err
		}
		today := calendar.DateOf(l.app.Now())
		rep := remediation.Report{Responsibility: "Lãnh đạo đơn vị chịu trách nhiệm trước Chủ tịch UBND phường về các nội dung chậm tiến độ, " +
			"chưa đạt yêu cầu; đã tổ chức kiểm điểm, rút kinh nghiệm đối với cán bộ được phân công và chấn chỉnh việc theo dõi tiến độ."}
		for i, e := range d.Entries {
			rep.Entries = append(rep.Entries, demoEntryReport(e, i, l.cal.AddWorkingDays(today, 5)))
		}
		err = l.app.SaveRemediationReport(l.ctx, l.actor(head), d.R.ID, app.RemediationInput{Version: d.R.Version, Report: rep, File: true})
		return ignoreClosed(err)
	})
}

// demoEntryReport is what a unit writes for one entry: a subjective cause
// for most, an objective one (waiting for another body) for every third;
// a new deadline for an item still open.
func demoEntryReport(e app.RemediationEntryView, i int, newDeadline calendar.Date) remediation.EntryReport {
	er := remediation.EntryReport{Key: e.Key, CauseKind: remediation.CauseSubjective,
		Cause:     "Chuyên viên phụ trách đồng thời thực hiện nhiều nhiệm vụ; lãnh đạo phòng chưa theo dõi sát tiến độ.",
		Solutions: "Phân công lại nhiệm vụ, lãnh đạo phòng kiểm tra tiến độ hằng tuần; phối hợp sớm với đơn vị liên quan.",
		Result:    "Đã hoàn thành phần lớn khối lượng; phần còn lại hoàn thành trong thời hạn đề xuất."}
	for _, r := range e.Reasons {
		if r.Reason == remediation.ReasonRejected {
			er.Cause = "Sản phẩm chưa bảo đảm chất lượng: số liệu chưa đầy đủ, chưa so sánh cùng kỳ, thể thức văn bản chưa đúng."
			er.Solutions = "Rà soát, bổ sung số liệu; lãnh đạo phòng kiểm tra sản phẩm trước khi trình."
			er.Result = "Đã chỉnh sửa, hoàn thiện và trình lại sản phẩm."
		}
	}
	if i%3 == 1 || !e.IsItem() {
		er.CauseKind = remediation.CauseObjective
		er.Cause = "Chờ số liệu, ý kiến của cơ quan cấp trên và đơn vị phối hợp, ngoài khả năng chủ động của đơn vị."
		er.Solutions = "Có văn bản đôn đốc cơ quan, đơn vị liên quan; chuẩn bị sẵn các phần việc không phụ thuộc số liệu."
	}
	if e.IsItem() && e.Closed == "" && e.Pending == nil {
		er.NewDeadline = newDeadline.String()
	}
	return er
}

// receiveReport has the Office record receipt of a unit's filed report.
func (l *loader) receiveReport(m program.Month, code string, day calendar.Date, hour int) {
	l.at(day, hour, "receive remediation "+code, func() error {
		d, err := l.obligation(m, code, "vanphong")
		if err != nil || d == nil || !d.Actions.Receive {
			return err
		}
		return ignoreClosed(l.app.ReceiveRemediation(l.ctx, l.actor("vanphong"), d.R.ID, d.R.Version))
	})
}

// decideReport has the leader accept (confirming the objective causes and
// agreeing every proposed deadline they decide) or return the report.
func (l *loader) decideReport(m program.Month, code, leader string, day calendar.Date, hour int, accept bool, comment string) {
	l.at(day, hour, "decide remediation "+code, func() error {
		d, err := l.obligation(m, code, leader)
		if err != nil || d == nil || !d.Actions.Decide {
			return err
		}
		in := app.RemediationDecisionInput{Version: d.R.Version, Decision: "return", Comment: comment}
		if accept {
			in.Decision = "accept"
			for _, e := range d.Entries {
				if e.Report.CauseKind == remediation.CauseObjective {
					in.Objective = append(in.Objective, e.Key)
				}
				if e.Raised != 0 && e.DecideDeadline {
					in.ApproveDeadlines = append(in.ApproveDeadlines, e.Key)
				}
			}
		}
		err = l.app.DecideRemediation(l.ctx, l.actor(leader), d.R.ID, in)
		if errs.Is(err, errs.Conflict) {
			return nil
		}
		return err
	})
}

// historyTriggers works out, for the items of a generated month of history
// (not yet written), what the sweeps would have recorded: each item's
// remediation triggers (the real rule, on its outcome) and its overdue
// moment, set on the item as MarkOverdue would have set it. Items of a
// partner unit have no obligation; their triggers are left out.
func historyTriggers(items []store.Item, m program.Month, units map[int64]org.Unit, cal *calendar.Calendar) [][]remediation.Trigger {
	later := m.Next().Last().End()
	out := make([][]remediation.Trigger, len(items))
	for k := range items {
		it := &items[k]
		f := program.ItemFacts{DueDate: it.DueDate, OriginalDueDate: it.OriginalDueDate, Cancelled: it.Cancelled,
			Progress: it.Progress, CompletedAt: it.CompletedAt, Quality: program.Quality(it.Quality), Rejections: it.Rejections, Month: m}
		h := remediation.ItemHistory{Facts: f}
		if it.CompletedAt != nil {
			if it.Rejections > 0 {
				h.Rejections = []time.Time{it.CompletedAt.Add(-24 * time.Hour)}
			}
			if it.Quality == string(program.QualityAccepted) {
				at := it.CompletedAt.Add(6 * time.Hour)
				h.AcceptedAt = &at
			}
		}
		ts := remediation.ItemTriggers(h, later, cal)
		if len(ts) == 0 || units[it.LeadUnitID].Kind == org.KindPartner {
			continue
		}
		out[k] = ts
		for _, tr := range ts {
			if tr.Reason == remediation.ReasonOverdue && it.OverdueAt == nil {
				at := tr.At
				it.OverdueAt = &at
			}
		}
	}
	return out
}

// historyRemediations records, for a generated month of history, what the
// sweeps and the units would have left: per unit one obligation of the
// month with its items' triggers as entries (see historyTriggers), mostly
// filed on time and accepted, some filed late, some missing. It writes
// rows directly, like GenerateHistory, without notifications or audit.
// items are the month's written items with their ids, triggers theirs.
func historyRemediations(ctx context.Context, tx *store.Tx, wardID int64, m program.Month, items []store.Item,
	triggers [][]remediation.Trigger, units map[int64]org.Unit, cal *calendar.Calendar, rng *rand.Rand) error {
	due := remediation.DueDate(m, remediation.DefaultDay, false, cal)
	type slipped struct {
		item     store.Item
		triggers []remediation.Trigger
	}
	// In the program's order (section, then number), as the month reads.
	order := make([]int, len(items))
	for k := range order {
		order[k] = k
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := items[order[a]], items[order[b]]
		if x.Section != y.Section {
			return x.Section < y.Section
		}
		return x.Seq < y.Seq
	})
	byUnit := map[int64][]slipped{}
	var unitOrder []int64
	for _, k := range order {
		it := items[k]
		if len(triggers[k]) == 0 {
			continue
		}
		if _, ok := byUnit[it.LeadUnitID]; !ok {
			unitOrder = append(unitOrder, it.LeadUnitID)
		}
		byUnit[it.LeadUnitID] = append(byUnit[it.LeadUnitID], slipped{it, triggers[k]})
	}
	var entries []store.RemediationEntry
	for _, unitID := range unitOrder {
		list := byUnit[unitID]
		r, _, err := tx.EnsureRemediation(ctx, wardID, unitID, m.Year, m.Month, due, list[0].triggers[0].At)
		if err != nil {
			return err
		}
		rep := remediation.Report{Responsibility: "Lãnh đạo đơn vị chịu trách nhiệm trước Chủ tịch UBND phường về các nội dung chậm tiến độ."}
		for i, s := range list {
			for _, tr := range s.triggers {
				entries = append(entries, store.RemediationEntry{RemediationID: r.ID, ItemID: s.item.ID, Reason: string(tr.Reason), At: tr.At})
			}
			rep.Entries = append(rep.Entries, demoEntryReport(app.RemediationEntryView{Key: remediation.ItemKey(s.item.ID), ItemID: s.item.ID, Closed: "đã qua"}, i, calendar.Date{}))
		}
		// 8 in 10 filed on time, 1 late, 1 missing; the filed ones accepted.
		outcome := rng.IntN(10)
		if outcome == 9 {
			at := remediation.DueInstant(due)
			r.State, r.MissingAt = string(remediation.StateMissing), &at
			if err := tx.SaveRemediation(ctx, r); err != nil {
				return err
			}
			continue
		}
		day := cal.AddWorkingDays(due, -1)
		if outcome == 8 {
			day = cal.AddWorkingDays(due, 2)
			at := remediation.DueInstant(due)
			r.MissingAt = &at
		}
		filed := day.Start().Add(15 * time.Hour)
		received, decided := filed.Add(18*time.Hour), filed.Add(42*time.Hour)
		reg, err := tx.RegisterNumbered(ctx, store.Registration{WardID: wardID, IssuedOn: day.String(), Symbol: remediation.Symbol(r.UnitCode),
			Subject: remediation.Subject(program.Month{Year: r.Year, Month: r.Month}), UnitID: r.UnitID,
			SourceKind: "remediation_report", SourceID: r.ID, At: filed})
		if err != nil {
			return err
		}
		body, err := json.Marshal(rep)
		if err != nil {
			return err
		}
		r.State, r.Report, r.Number, r.FiledOn = string(remediation.StateAccepted), string(body), reg.Number, day.String()
		r.FirstFiledAt, r.FiledAt, r.Late, r.ReceivedAt, r.DecidedAt = &filed, &filed, outcome == 8, &received, &decided
		if err := tx.SaveRemediation(ctx, r); err != nil {
			return err
		}
		f, err := tx.AddRemediationFiling(ctx, store.RemediationFiling{RemediationID: r.ID, Number: r.Number, FiledOn: r.FiledOn, FiledAt: filed,
			Late: r.Late, Report: r.Report, Extensions: "{}"})
		if err != nil {
			return err
		}
		f.ReceivedAt, f.Decision, f.DecidedAt = &received, string(remediation.StateAccepted), &decided
		if err := tx.SaveRemediationFiling(ctx, f); err != nil {
			return err
		}
	}
	return tx.AddRemediationEntries(ctx, entries)
}
