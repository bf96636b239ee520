package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/notify"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
)

// The daily digest: on each working day, at the ward's digest time, every
// person who reads some kind in the digest gets one email with their
// overdue items, what is due today and within 3 working days, tomorrow's
// meetings not ready, remediation reports coming due and the notifications
// that waited for it; the Office and the leaders also get a table per
// unit. No digest on a day off; an empty digest is not sent. Each person's
// digest of a day is keyed, so it goes once whatever runs it.

const (
	digestSoonDays = 3 // "due within 3 working days"
	// digestOverdueDays bounds how far back the digest lists overdue items
	// still open: older ones were carried over or are a matter for the
	// remediation report, and listing years would hide today's.
	digestOverdueDays = 92
)

// digestAt is the instant of a ward's digest on day.
func digestAt(w wardRules, day calendar.Date) time.Time {
	h, m := w.ward.Settings.DigestClock()
	return day.Start().Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

// nextDigest is the ward's first digest instant after now (a working day).
func nextDigest(w wardRules, now time.Time) time.Time {
	day := calendar.DateOf(now)
	for range 60 {
		if w.cal.IsWorkingDay(day) && digestAt(w, day).After(now) {
			return digestAt(w, day)
		}
		day = day.AddDays(1)
	}
	return time.Time{}
}

func (app *App) runDigest(ctx context.Context, at time.Time) error {
	return app.eachWard(ctx, func(ctx context.Context, wardID int64) error { _, err := app.SendDigests(ctx, wardID, at); return err })
}

// SendDigests writes today's digests of a ward to the outbox when its
// digest time has come on a working day and they are not written yet. It
// returns how many it wrote.
func (app *App) SendDigests(ctx context.Context, wardID int64, now time.Time) (int, error) {
	w, err := app.wardRules(ctx, wardID)
	if err != nil {
		return 0, err
	}
	today := calendar.DateOf(now)
	if !w.cal.IsWorkingDay(today) || now.Before(digestAt(w, today)) {
		return 0, nil
	}
	key := "digest:" + today.String()
	var in digestInput
	done := false
	err = app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if done, err = tx.Marked(ctx, wardID, key); err != nil || done {
			return err
		}
		in, err = loadDigestInput(ctx, tx, w, today)
		return err
	})
	if err != nil || done {
		return 0, err
	}
	mailOn, settings, err := app.mailSettingsFor(ctx, wardID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, u := range in.users {
		err := app.DB.Update(ctx, func(tx *store.Tx) error {
			notes, err := tx.DigestNotes(ctx, u.ID)
			if err != nil {
				return err
			}
			var last int64
			if len(notes) > 0 {
				last = notes[len(notes)-1].ID
			}
			// Mail off, no address or nothing read this way: the waiting
			// notes stay in the inbox only.
			prefs, err := tx.NotificationPrefs(ctx, u.ID)
			if err != nil {
				return err
			}
			if !mailOn || in.email[u.PersonID] == "" || !readsDigest(prefs) {
				return tx.ClearDigest(ctx, u.ID, last)
			}
			d := in.digestFor(u, notes)
			if d.Empty() {
				return tx.ClearDigest(ctx, u.ID, last)
			}
			msg, err := d.Message(in.email[u.PersonID], settings)
			if err != nil {
				return err
			}
			added, err := tx.EnqueueMail(ctx, store.OutboxMessage{WardID: wardID, UserID: u.ID, To: msg.To, Subject: msg.Subject,
				Text: msg.Text, HTML: msg.HTML, Link: msg.Link, Kind: "digest", Key: "digest:" + strconv.FormatInt(u.ID, 10) + ":" + today.String()}, now)
			if err != nil {
				return err
			}
			if added {
				n++
			}
			return tx.ClearDigest(ctx, u.ID, last)
		})
		if err != nil {
			return n, err
		}
	}
	return n, app.DB.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.MarkOnce(ctx, wardID, key, digestAt(w, today))
		return err
	})
}

// readsDigest reports whether a person reads any kind in the digest.
func readsDigest(prefs map[notify.Kind]notify.Delivery) bool {
	for _, k := range notify.Kinds() {
		if notify.DeliveryFor(k.Kind, prefs) == notify.InDigest {
			return true
		}
	}
	return false
}

// digestInput is what a ward's digests of one day are made of, read once.
type digestInput struct {
	day        calendar.Date
	cal        *calendar.Calendar
	users      []org.User
	email      map[int64]string // person → address
	units      []org.Unit
	overdue    []store.Item
	due        []store.Item // today and within digestSoonDays working days
	dueDay     map[int64]calendar.Date
	meetings   []store.Event // the next working day's meetings not ready
	rems       []store.Remediation
	leaderOf   map[int64]org.Leader
	portfolios map[int64][]int64 // leader → units
}

func loadDigestInput(ctx context.Context, tx *store.Tx, w wardRules, today calendar.Date) (digestInput, error) {
	in := digestInput{day: today, cal: w.cal, email: map[int64]string{}, dueDay: map[int64]calendar.Date{},
		leaderOf: map[int64]org.Leader{}, portfolios: map[int64][]int64{}}
	wardID := w.ward.ID
	users, err := tx.Users(ctx, wardID)
	if err != nil {
		return in, err
	}
	for _, u := range users {
		if !u.Disabled {
			in.users = append(in.users, u)
		}
	}
	people, err := tx.People(ctx, wardID)
	if err != nil {
		return in, err
	}
	for _, p := range people {
		in.email[p.ID] = p.Email
	}
	if in.units, err = tx.Units(ctx, wardID); err != nil {
		return in, err
	}
	leaders, err := tx.Leaders(ctx, wardID)
	if err != nil {
		return in, err
	}
	for _, l := range leaders {
		in.leaderOf[l.ID] = l
		for _, p := range l.Portfolios {
			in.portfolios[l.ID] = append(in.portfolios[l.ID], p.UnitIDs...)
		}
	}
	overdue, err := tx.ItemsOverdueSince(ctx, wardID, today.AddDays(-digestOverdueDays))
	if err != nil {
		return in, err
	}
	for _, it := range overdue {
		if it.CarriedTo == 0 {
			in.overdue = append(in.overdue, it)
		}
	}
	soon := w.cal.AddWorkingDays(today, digestSoonDays)
	due, err := tx.ItemsDueBetween(ctx, wardID, today.AddDays(-10), soon)
	if err != nil {
		return in, err
	}
	for _, it := range due {
		d := program.EffectiveDeadline(facts(it), w.cal)
		if it.CarriedTo == 0 && !d.Before(today) && !d.After(soon) {
			in.due = append(in.due, it)
			in.dueDay[it.ID] = d
		}
	}
	next := w.cal.AddWorkingDays(today, 1)
	events, err := tx.EventsBetween(ctx, wardID, next.Start(), next.End())
	if err != nil {
		return in, err
	}
	for _, e := range events {
		if schedule.Kind(e.Kind).NeedsReadiness() && !e.Cancelled && !e.Pending && schedule.NextStep(readinessOf(e)) != schedule.StepNone {
			in.meetings = append(in.meetings, e)
		}
	}
	in.rems, err = tx.RemediationsAwaiting(ctx, wardID, today, soon)
	return in, err
}

// digestFor selects what concerns one person: their unit's items and
// those they are the leader in charge of; the meetings their unit
// prepares, they chair or attend (every unready one for the Office); their
// unit's remediation reports (all for the Office and the Chairman). The
// Office and the leaders get the table per unit.
func (in digestInput) digestFor(u org.User, notes []store.Notification) notify.Digest {
	office := u.Role == org.RoleOffice
	leader := u.Role == org.RoleChairman || u.Role == org.RoleViceChairman
	mine := func(it store.Item) bool {
		return (u.UnitID != 0 && it.LeadUnitID == u.UnitID && (u.Role == org.RoleUnitHead || u.Role == org.RoleUnitStaff || office)) ||
			(u.LeaderID != 0 && it.LeaderID == u.LeaderID)
	}
	line := func(it store.Item, detail string) notify.Line {
		return notify.Line{Title: it.Title, Detail: detail, Link: fmt.Sprintf("/items/%d", it.ID)}
	}
	overdue := notify.Section{Title: "Quá hạn", Short: "quá hạn"}
	dueToday := notify.Section{Title: "Đến hạn hôm nay", Short: "đến hạn hôm nay"}
	dueSoon := notify.Section{Title: "Đến hạn trong 03 ngày làm việc tới", Short: "sắp đến hạn"}
	for _, it := range in.overdue {
		if mine(it) {
			overdue.Lines = append(overdue.Lines, line(it, "hạn "+program.EffectiveDeadline(facts(it), in.cal).VN()+" — "+it.LeadUnitName))
		}
	}
	for _, it := range in.due {
		if !mine(it) {
			continue
		}
		if d := in.dueDay[it.ID]; d == in.day {
			dueToday.Lines = append(dueToday.Lines, line(it, it.LeadUnitName))
		} else {
			dueSoon.Lines = append(dueSoon.Lines, line(it, "hạn "+d.VN()+" — "+it.LeadUnitName))
		}
	}
	meetings := notify.Section{Title: "Cuộc họp ngày mai chưa sẵn sàng", Short: "cuộc họp chưa sẵn sàng"}
	for _, e := range in.meetings {
		if office || in.attends(u, e) {
			meetings.Lines = append(meetings.Lines, notify.Line{Title: e.Title,
				Detail: schedule.TimeSpanVN(e.Start, e.End) + " — chờ: " + schedule.NextStep(readinessOf(e)).Label(),
				Link:   fmt.Sprintf("/events/%d", e.ID)})
		}
	}
	rems := notify.Section{Title: "Báo cáo khắc phục sắp đến hạn", Short: "báo cáo khắc phục"}
	for _, r := range in.rems {
		if r.State == string(remediation.StateMissing) {
			continue
		}
		if office || u.Role == org.RoleChairman || (u.UnitID == r.UnitID && u.Role == org.RoleUnitHead) {
			rems.Lines = append(rems.Lines, notify.Line{Title: "Báo cáo khắc phục " + remediation.MonthWords(program.Month{Year: r.Year, Month: r.Month}) +
				" — " + r.UnitName, Detail: "hạn " + r.DueDate.VN(), Link: fmt.Sprintf("/remediations/%d", r.ID)})
		}
	}
	notesSec := notify.Section{Title: "Thông báo trong ngày", Short: "thông báo"}
	for _, n := range notes {
		notesSec.Lines = append(notesSec.Lines, notify.Line{Title: n.Title, Detail: n.Body, Link: n.Link})
	}
	d := notify.Digest{Day: in.day, Name: u.DisplayName(),
		Sections: []notify.Section{overdue, dueToday, dueSoon, meetings, rems, notesSec}}
	if office || leader {
		d.Units = in.unitTable(u)
	}
	return d
}

// attends reports whether a person's meeting it is: prepared by their
// unit, chaired by them, or with them or their unit invited.
func (in digestInput) attends(u org.User, e store.Event) bool {
	if (u.UnitID != 0 && e.PreparingUnitID == u.UnitID) || (u.LeaderID != 0 && e.ChairID == u.LeaderID) {
		return true
	}
	for _, a := range e.Attendees {
		if (a.PersonID != 0 && a.PersonID == u.PersonID) || (a.UnitID != 0 && a.UnitID == u.UnitID) {
			return true
		}
	}
	return false
}

// unitTable counts each unit's open matters; a Vice Chairman sees the
// units of their portfolios, the Chairman and the Office every unit.
func (in digestInput) unitTable(u org.User) []notify.UnitRow {
	var rows []notify.UnitRow
	for _, unit := range in.units {
		if unit.Kind == org.KindPartner {
			continue
		}
		if u.Role == org.RoleViceChairman && !slices.Contains(in.portfolios[u.LeaderID], unit.ID) {
			continue
		}
		r := notify.UnitRow{Unit: unit.Name}
		for _, it := range in.overdue {
			if it.LeadUnitID == unit.ID {
				r.Overdue++
			}
		}
		for _, it := range in.due {
			if it.LeadUnitID != unit.ID {
				continue
			}
			if in.dueDay[it.ID] == in.day {
				r.DueToday++
			} else {
				r.DueSoon++
			}
		}
		for _, e := range in.meetings {
			if e.PreparingUnitID == unit.ID {
				r.MeetingsNotReady++
			}
		}
		for _, rem := range in.rems {
			if rem.UnitID == unit.ID && rem.State != string(remediation.StateMissing) {
				r.RemediationsAwaited++
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// WardDigest is when a ward's digest goes out.
type WardDigest struct {
	Ward string
	Time string // HH:MM
	Next time.Time
}

// DigestTimes lists each ward's digest time and next digest (the CLI).
func (app *App) DigestTimes(ctx context.Context) ([]WardDigest, error) {
	var out []WardDigest
	err := app.eachWard(ctx, func(ctx context.Context, wardID int64) error {
		w, err := app.wardRules(ctx, wardID)
		if err != nil {
			return err
		}
		out = append(out, WardDigest{Ward: w.ward.Name, Time: w.ward.Settings.DigestTime, Next: nextDigest(w, app.Now())})
		return nil
	})
	return out, err
}
