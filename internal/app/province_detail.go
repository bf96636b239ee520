package app

import (
	"context"
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
)

// ProvinceItemsShown bounds the items a ward's month lists for the
// province (a ward's month holds 100–300; the figures count them all).
const ProvinceItemsShown = 500

// NotReadyMeeting is a meeting that broke the readiness rule, as the
// province's list shows it.
type NotReadyMeeting struct {
	Event    store.Event
	Deadline time.Time // the readiness deadline (24:00 of its day, or the start of an urgent meeting)
	// Missing says what was not sent by the deadline.
	Missing string
}

// ProvinceWardDetail is a ward's month as the province reads it: its items
// with their status, its meetings not ready and its remediation reports
// missing. Read-only: nothing here leads to an action.
type ProvinceWardDetail struct {
	Ward      org.Ward
	Month     program.Month
	Now       time.Time
	Items     []store.SearchRow // by deadline; names and effective deadlines filled
	ItemsMore bool              // more than ProvinceItemsShown
	NotReady  []NotReadyMeeting
	Missing   []store.MonthReport
}

// ProvinceWardMonth reads a ward's lists of month m, bound to that ward
// (store.ForWard): the ward wall shows the reads nothing of another ward.
func (app *App) ProvinceWardMonth(ctx context.Context, a auth.Actor, code string, m program.Month) (ProvinceWardDetail, error) {
	if err := require(a, auth.ViewProvince, auth.Target{}); err != nil {
		return ProvinceWardDetail{}, err
	}
	now := app.Now()
	if err := provinceMonth(m, calendar.DateOf(now)); err != nil {
		return ProvinceWardDetail{}, err
	}
	w, err := app.provinceWard(store.AcrossWards(ctx), code)
	if err != nil {
		return ProvinceWardDetail{}, err
	}
	out := ProvinceWardDetail{Ward: w, Month: m, Now: now}
	ctx = store.ForWard(ctx, w.ID)
	ym := program.YM(m)
	err = app.DB.View(ctx, func(tx *store.Tx) error {
		o, err := loadOrgIn(ctx, tx, w.ID)
		if err != nil {
			return err
		}
		cal, err := calendarIn(ctx, tx, w.ID)
		if err != nil {
			return err
		}
		q := store.ItemQuery{WardID: w.ID, IssuedOnly: true, YMFrom: ym, YMTo: ym, Sort: "due_date", Limit: ProvinceItemsShown,
			Bounds: program.StatusBounds(now, cal, o.Ward.Settings.DueSoonWorkingDays)}
		if out.Items, out.ItemsMore, err = tx.SearchItems(ctx, q); err != nil {
			return err
		}
		for k := range out.Items {
			out.Items[k].EffectiveDeadline = cal.NextWorkingDay(out.Items[k].Deadline)
			if u, ok := o.UnitByID(out.Items[k].LeadUnitID); ok {
				out.Items[k].LeadUnitCode, out.Items[k].LeadUnitName = u.Code, u.Name
			}
			if l, ok := o.LeaderByID(out.Items[k].LeaderID); ok {
				out.Items[k].LeaderName = l.FullName
			}
		}
		meetings, err := tx.ReadinessMeetings(ctx, w.ID, m.First().Start(), m.Last().End())
		if err != nil {
			return err
		}
		for _, e := range meetings {
			f := meetingFact(e, o.Ward.Settings)
			if !f.NotReady(now, cal) {
				continue
			}
			dl := schedule.Deadline(f.Readiness, e.Start, f.LeadDays, cal)
			out.NotReady = append(out.NotReady, NotReadyMeeting{Event: e, Deadline: dl, Missing: notSentBy(f.Readiness, dl)})
		}
		reports, err := tx.ProvinceReports(ctx, w.ID, ym, ym)
		if err != nil {
			return err
		}
		for _, r := range reports {
			if r.Report.Missing(now) {
				out.Missing = append(out.Missing, r)
			}
		}
		return nil
	})
	return out, err
}

// notSentBy says what of a meeting's invitation and documents was not
// sent by the deadline dl (the same wording as the breach's notice).
func notSentBy(r schedule.Readiness, dl time.Time) string {
	late := func(t *time.Time) bool { return t == nil || t.After(dl) }
	inv := !r.ScheduleReplacesInvitation && late(r.InvitationIssuedAt)
	switch {
	case inv && late(r.DocumentsSentAt):
		return "giấy mời và tài liệu"
	case inv:
		return "giấy mời"
	}
	return "tài liệu"
}

// ProvinceWardName checks that the province's account may read the ward
// and that it exists, and returns it (the pages check this before the
// month, so an unknown ward is a 404 whatever the month says).
func (app *App) ProvinceWardName(ctx context.Context, a auth.Actor, code string) (org.Ward, error) {
	if err := require(a, auth.ViewProvince, auth.Target{}); err != nil {
		return org.Ward{}, err
	}
	return app.provinceWard(store.AcrossWards(ctx), code)
}
