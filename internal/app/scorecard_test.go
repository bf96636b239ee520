package app_test

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/accountability"
	"dieuhanh/internal/app"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// scoreFixture is November 2026 of the demo ward, written straight into the
// store so every instant is exact; its numbers are worked out by hand in
// TestScorecardFixture. ids maps a letter to the item's id.
type scoreFixture struct {
	*fixture
	ids    map[string]int64
	events map[string]int64
}

func day(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func tptr(t time.Time) *time.Time { return &t }

func newScoreFixture(t *testing.T, db *store.DB) *scoreFixture {
	// Thursday 10/12/2026: November has ended (cut-off 24:00 of 30/11).
	f := &scoreFixture{fixture: newFixture(t, db, vn("2026-12-10 10:00")), ids: map[string]int64{}, events: map[string]int64{}}
	ctx := context.Background()
	err := db.Update(ctx, func(tx *store.Tx) error {
		leaders, err := tx.Leaders(ctx, 1)
		if err != nil {
			return err
		}
		leader := leaders[0].ID
		issue := func(y int, m time.Month) (int64, error) {
			p, err := tx.EnsureProgram(ctx, 1, y, m, vn("2026-09-01 08:00"))
			if err != nil {
				return 0, err
			}
			p.State, p.Number, p.IssuedOn = "issued", "0"+string(rune('0'+int(m)%10))+"/CTr-UBND", "2026-09-28"
			return p.ID, tx.SaveProgram(ctx, p)
		}
		oct, err := issue(2026, time.October)
		if err != nil {
			return err
		}
		nov, err := issue(2026, time.November)
		if err != nil {
			return err
		}
		dec, err := issue(2026, time.December)
		if err != nil {
			return err
		}
		item := func(key string, program int64, unit, due string, done string, quality string, rejections int) error {
			it := store.Item{WardID: 1, ProgramID: program, Section: 4, Title: "Nội dung " + key, Kind: "task", Source: "annual_plan",
				LeadUnitID: f.units[unit], LeaderID: leader, DueDate: day(due), OriginalDueDate: day(due), Product: "Báo cáo",
				Registration: "registered", RegisteredAt: vn("2026-09-20 08:00"), Quality: quality, Rejections: rejections}
			if done != "" {
				it.CompletedAt, it.Progress = tptr(vn(done)), 100
			}
			id, err := tx.CreateItem(ctx, it)
			f.ids[key] = id
			return err
		}
		extend := func(key, asked, decided, newDate string) error {
			id, err := tx.CreateExtension(ctx, store.Extension{ItemID: f.ids[key], RequestedAt: vn(asked), OldDate: day("2026-11-01"),
				NewDate: day(newDate), Reason: "Chờ số liệu"}, 0)
			if err != nil {
				return err
			}
			return tx.DecideExtension(ctx, id, "approved", "", 0, vn(decided))
		}
		for _, step := range []func() error{
			// October: one late item of the economy department (the flag's first month).
			func() error { return item("octLate", oct, "KTHTDT", "2026-10-20", "2026-10-28 10:00", "accepted", 0) },
			// November, economy department.
			func() error { return item("A", nov, "KTHTDT", "2026-11-10", "2026-11-09 15:00", "accepted", 0) },
			func() error { return item("B", nov, "KTHTDT", "2026-11-12", "2026-11-12 10:00", "accepted", 1) },
			func() error { return item("C", nov, "KTHTDT", "2026-11-13", "2026-11-19 15:00", "accepted", 0) },
			func() error { return extend("C", "2026-11-10 09:00", "2026-11-11 10:00", "2026-11-20") },
			func() error { return item("D", nov, "KTHTDT", "2026-11-16", "2026-11-24 15:00", "accepted", 0) },
			func() error { return extend("D", "2026-11-17 09:00", "2026-11-18 10:00", "2026-11-25") },
			func() error { return item("E", nov, "KTHTDT", "2026-11-17", "2026-11-20 10:00", "accepted", 0) },
			func() error { return tx.SetItemExcused(ctx, 1, f.ids["E"], true) },
			func() error { return item("F", nov, "KTHTDT", "2026-11-18", "", "pending", 0) },
			func() error { return item("G", nov, "KTHTDT", "2026-11-19", "", "pending", 0) },
			func() error {
				// G's live copy in December: G is closed in November as carried over.
				_, err := tx.CreateItem(ctx, store.Item{WardID: 1, ProgramID: dec, Section: 4, Title: "Nội dung G (chuyển)", Kind: "task",
					Source: "carried_over", LeadUnitID: f.units["KTHTDT"], LeaderID: leader, DueDate: day("2026-12-18"),
					OriginalDueDate: day("2026-11-19"), Product: "Báo cáo", Registration: "registered", CarriedFrom: f.ids["G"],
					RegisteredAt: vn("2026-11-24 15:00")})
				return err
			},
			func() error { return item("H", nov, "KTHTDT", "2026-11-20", "", "pending", 0) },
			func() error {
				it, err := tx.Item(ctx, 1, f.ids["H"])
				if err != nil {
					return err
				}
				it.Cancelled, it.CancelReason = true, "Lồng ghép vào kế hoạch chung"
				return tx.UpdateItem(ctx, it)
			},
			func() error { return item("I", nov, "KTHTDT", "2026-11-24", "2026-11-23 10:00", "pending", 0) },
			func() error { return item("J", nov, "KTHTDT", "2026-11-27", "2026-12-02 10:00", "accepted", 0) },
			func() error { return extend("J", "2026-11-19 09:00", "2026-11-20 10:00", "2026-12-03") },
			func() error { return item("K", nov, "KTHTDT", "2026-11-27", "", "pending", 0) },
			func() error { return extend("K", "2026-11-19 09:00", "2026-11-20 10:00", "2026-12-04") },
			// The other units, and a partner left out.
			func() error { return item("vh", nov, "VHXH", "2026-11-12", "2026-11-11 10:00", "accepted", 0) },
			func() error { return item("vp", nov, "VP", "2026-11-25", "2026-11-24 10:00", "accepted", 0) },
			func() error { return item("ca", nov, "CA", "2026-11-05", "", "pending", 0) },
		} {
			if err := step(); err != nil {
				return err
			}
		}
		// Meetings: two the economy department prepares with their documents
		// late (breaches; one excused), and two of the Office: an invitation
		// sent late, a conclusion notice never recorded.
		sc, err := tx.EnsureSchedule(ctx, 1, 2026, 47, vn("2026-11-01 08:00"))
		if err != nil {
			return err
		}
		meeting := func(key, kind, unit, start, invited, breached string, notice string) error {
			st := vn(start)
			id, err := tx.CreateEvent(ctx, store.Event{WardID: 1, ScheduleID: sc.ID, Title: "Cuộc họp " + key, Kind: kind, Session: "morning",
				Start: st, End: st.Add(2 * time.Hour), PreparingUnitID: f.units[unit], ProposedAt: vn("2026-11-01 08:00")})
			if err != nil {
				return err
			}
			f.events[key] = id
			e, err := tx.Event(ctx, 1, id)
			if err != nil {
				return err
			}
			e.InvitationIssued.At = tptr(vn(invited))
			if breached != "" {
				e.BreachedAt, e.BreachUnitID = tptr(vn(breached)), f.units[unit]
			}
			if err := tx.UpdateEvent(ctx, e); err != nil {
				return err
			}
			if notice != "" {
				_, err = tx.CreateConclusion(ctx, store.Conclusion{WardID: 1, EventID: id, Number: key + "/TB-UBND", IssuedOn: notice[:10],
					DueOn: "2026-11-30", RecordedAt: vn(notice)})
			}
			return err
		}
		for _, m := range [][7]string{
			{"kt1", "working_session", "KTHTDT", "2026-11-19 08:00", "2026-11-16 10:00", "2026-11-18 00:00", "2026-11-20 10:00"},
			{"kt2", "working_session", "KTHTDT", "2026-11-12 08:00", "2026-11-09 10:00", "2026-11-11 00:00", "2026-11-13 10:00"},
			{"vpConf", "conference", "VP", "2026-11-26 08:00", "2026-11-25 09:00", "", ""},
			{"vpWork", "working_session", "VP", "2026-11-10 14:00", "2026-11-05 10:00", "", ""},
		} {
			if err := meeting(m[0], m[1], m[2], m[3], m[4], m[5], m[6]); err != nil {
				return err
			}
		}
		if err := tx.SetBreachExcused(ctx, 1, f.events["kt2"], true); err != nil {
			return err
		}
		// Remediation reports of November: the economy department's filed
		// late, the Office's on time, the culture department's missing.
		report := func(unit string, filed string, late bool, missing string) error {
			r, _, err := tx.EnsureRemediation(ctx, 1, f.units[unit], 2026, time.November, day("2026-11-24"), vn("2026-11-12 10:00"))
			if err != nil {
				return err
			}
			if filed != "" {
				r.State, r.FirstFiledAt, r.FiledAt, r.Late = "filed", tptr(vn(filed)), tptr(vn(filed)), late
			}
			if missing != "" {
				r.State, r.MissingAt = "missing", tptr(vn(missing))
			}
			return tx.SaveRemediation(ctx, r)
		}
		if err := report("KTHTDT", "2026-11-26 10:00", true, ""); err != nil {
			return err
		}
		if err := report("VP", "2026-11-20 10:00", false, ""); err != nil {
			return err
		}
		return report("VHXH", "", false, "2026-11-25 00:00")
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func near(t *testing.T, name string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-6 {
		t.Errorf("%s = %.6f, want %.6f", name, got, want)
	}
}

// TestScorecardFixture reads November 2026 through the store on both
// databases. By hand, for the economy department (KTHTDT), at the cut-off
// 24:00 of 30/11 and now 10/12/2026:
//
//	A due 10/11, done 09/11, đạt                        on time        q1 ql1    t1
//	B due 12/11, done 12/11, đạt after one không đạt    on time        q1 ql0.75 t1
//	C due 13/11, extended on 11/11 to 20/11, done 19/11 on time        q1 ql1    t1
//	D due 16/11, extended on 18/11 (after the deadline) to 25/11,
//	  done 24/11: late once, the extension does not erase it  late    q1 ql1    t0.75
//	E due 17/11, done 20/11, objective cause confirmed   late, no deduction q1 ql1 t1
//	F due 18/11, unfinished                              overdue        q0 ql0    t0
//	G due 19/11, carried over to December (copy there)   overdue in Nov q0 ql0    t0
//	H cancelled                                          listed apart, not scored
//	I due 24/11, done 23/11, verdict pending             pending        q1 ql0    t1
//	J due 27/11, extended on 20/11 to 03/12, done 02/12 (a completion
//	  stands, so it counts in November)                  on time        q1 ql1    t1
//	K due 27/11, extended on 20/11 to 04/12, unfinished  not due at the cut-off
//
//	due: A B C D E F G I J = 9
//	quantity   = 7/9                              = 0.777778
//	quality    = (1+.75+1+1+1+0+0+0+1)/9 = 5.75/9 = 0.638889
//	timeliness = (1+1+1+.75+1+0+0+1+1)/9 = 6.75/9 = 0.750000
//	result     = (7+5.75+6.75)/27 × 70 = 19.5/27 × 70 = 50.555… → 50.56
//	general 24 → score 74.56 → hoàn thành tốt; without: 50.56/70 × 100 = 72.228… → 72.23
//	rejections 1 (B), extensions 4 (C D J K)
//	breaches: kt1 (kt2 excused) → 1; remediation report filed late → 1 late
//	flag: late items in October (octLate) and November (D F G) → 2 months in a row
//
// The culture department (VHXH): one item on time → result 70, provisional
// 100, flagged for its missing report. The Office (VP): one item on time
// and 30 general points → 100; its conference invitation went out the day
// before the meeting (late), its working session of 10/11 has no notice
// (due 17/11: late). The service center has nothing due (no rank). The
// ward Police (a partner) have no card. Ranks: VHXH 100 (provisional) and
// VP 100 tie on score and on-time share, so by name: Phòng Văn hóa - Xã
// hội 1, Văn phòng 2, KTHTDT 3, TTPVHCC unranked.
func TestScorecardFixture(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newScoreFixture(t, db)
		ctx := context.Background()
		nov, _ := accountability.ParsePeriod("2026-11")
		chair := f.actor("chutich")
		if err := f.app.SetGeneralScore(ctx, chair, nov, app.GeneralInput{UnitID: f.units["KTHTDT"], Points: 24}); err != nil {
			t.Fatal(err)
		}
		if err := f.app.SetGeneralScore(ctx, chair, nov, app.GeneralInput{UnitID: f.units["VP"], Points: 30}); err != nil {
			t.Fatal(err)
		}
		page, err := f.app.Scorecards(ctx, chair, nov, true)
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		for _, c := range page.Cards {
			order = append(order, c.Unit.Code)
		}
		if !slices.Equal(order, []string{"VHXH", "VP", "KTHTDT", "TTPVHCC"}) || page.Running {
			t.Fatalf("cards %v (running %v), want VHXH VP KTHTDT TTPVHCC", order, page.Running)
		}
		kt, _ := page.Card(f.units["KTHTDT"])
		c := kt.Card
		near(t, "quantity", c.Quantity, 7.0/9)
		near(t, "quality", c.Quality, 5.75/9)
		near(t, "timeliness", c.Timeliness, 6.75/9)
		near(t, "result", c.Result, 50.56)
		near(t, "score", c.Score, 74.56)
		if c.Grade != accountability.GradeGood || c.Provisional || kt.Rank != 3 || kt.Head.Login != "truongphong.kt" {
			t.Errorf("KTHTDT: grade %s provisional %v rank %d head %q", c.Grade, c.Provisional, kt.Rank, kt.Head.Login)
		}
		id := func(keys ...string) []int64 {
			var out []int64
			for _, k := range keys {
				out = append(out, f.ids[k])
			}
			return out
		}
		for b, want := range map[accountability.Bucket][]int64{
			accountability.BucketAssigned: id("A", "B", "C", "D", "E", "F", "G", "I", "J", "K"),
			accountability.BucketDue:      id("A", "B", "C", "D", "E", "F", "G", "I", "J"),
			accountability.BucketOnTime:   id("A", "B", "C", "J"), accountability.BucketLate: id("D", "E"),
			accountability.BucketPending: id("I"), accountability.BucketOverdue: id("F", "G"),
			accountability.BucketInProgress: id("K"), accountability.BucketCancelled: id("H"),
			accountability.BucketRejected: id("B"), accountability.BucketExtended: id("C", "D", "J", "K"),
		} {
			if got := c.Items[b]; !slices.Equal(got, want) {
				t.Errorf("KTHTDT %s: %v, want %v", b, got, want)
			}
		}
		if c.Rejections != 1 || c.Extensions != 4 || !slices.Equal(c.Facts.ReadinessBreaches, []int64{f.events["kt1"]}) ||
			c.Facts.RemediationLate != 1 || c.Facts.RemediationOnTime != 0 {
			t.Errorf("KTHTDT facts: rejections %d extensions %d %+v", c.Rejections, c.Extensions, c.Facts)
		}
		if !c.Flagged || !strings.Contains(strings.Join(c.FlagReasons, " "), "2 tháng liên tiếp (đến tháng 11/2026)") || len(kt.Evidence) != 2 ||
			!slices.Equal(kt.Evidence[0].ItemIDs, id("octLate")) || !slices.Equal(kt.Evidence[1].ItemIDs, id("D", "F", "G")) {
			t.Errorf("KTHTDT flag %v %v, evidence %+v", c.Flagged, c.FlagReasons, kt.Evidence)
		}
		// The trend: October's late item alone (q1 ql1 t0.75 → 64.17 of 70 →
		// provisional 91.67), November 74.56.
		if n := len(kt.Trend); n != 12 || kt.Trend[11].Month != (program.Month{Year: 2026, Month: 11}) {
			t.Fatalf("trend %+v", kt.Trend)
		}
		near(t, "October in the trend", kt.Trend[10].Score, 91.67)
		near(t, "November in the trend", kt.Trend[11].Score, 74.56)
		if !kt.Trend[10].Provisional || kt.Trend[9].Scored {
			t.Errorf("trend points %+v", kt.Trend[9:])
		}

		vh, _ := page.Card(f.units["VHXH"])
		near(t, "VHXH score", vh.Card.Score, 100)
		if !vh.Card.Provisional || !vh.Card.Flagged || vh.Rank != 1 || len(vh.Reports[accountability.ReportMissing]) != 1 ||
			!strings.Contains(strings.Join(vh.Card.FlagReasons, " "), "báo cáo khắc phục tháng 11/2026") {
			t.Errorf("VHXH: %+v rank %d", vh.Card, vh.Rank)
		}
		vp, _ := page.Card(f.units["VP"])
		near(t, "VP score", vp.Card.Score, 100)
		if vp.Rank != 2 || vp.Card.Grade != accountability.GradeExcellent || vp.Card.Facts.RemediationOnTime != 1 ||
			!slices.Equal(vp.Card.Facts.InvitationsLate, []int64{f.events["vpConf"]}) ||
			!slices.Equal(vp.Card.Facts.ConclusionsLate, []int64{f.events["vpWork"]}) || vp.Head.Login != "vanphong" {
			t.Errorf("VP: %+v rank %d head %q", vp.Card, vp.Rank, vp.Head.Login)
		}
		tt, _ := page.Card(f.units["TTPVHCC"])
		if tt.Rank != 0 || tt.Card.Grade != accountability.GradeNone {
			t.Errorf("TTPVHCC: %+v", tt)
		}
		if _, ok := page.Card(f.units["CA"]); ok {
			t.Error("the ward Police have a card")
		}

		// Without the general points the score is provisional.
		if err := f.app.SetGeneralScore(ctx, chair, nov, app.GeneralInput{UnitID: f.units["KTHTDT"], Points: 20}); errs.KindOf(err) != errs.Conflict {
			t.Errorf("entering points over someone's: %v", err)
		}
		q4, _ := accountability.ParsePeriod("2026-Q4")
		qp, err := f.app.Scorecards(ctx, chair, q4, false)
		if err != nil {
			t.Fatal(err)
		}
		// The quarter (cut-off now, 10/12): October's item joins; K is due
		// 04/12, ended before now → overdue; G's copy (due 18/12) and the
		// demo's December items are not due yet. Due 11, completed 8:
		// quantity 8/11; quality (1+1+.75+1+1+1+0+0+0+1+0)/11 = 6.75/11;
		// timeliness (.75+1+1+1+.75+1+0+0+1+1+0)/11 = 7.5/11;
		// result = (8+6.75+7.5)/33 × 70 = 47.2 → provisional 67.43 → hoàn thành.
		qk, _ := qp.Card(f.units["KTHTDT"])
		near(t, "Q4 result", qk.Card.Result, 47.2)
		near(t, "Q4 score", qk.Card.Score, 67.43)
		if qk.Card.Grade != accountability.GradePass || !qk.Card.Provisional || qk.Card.Counts[accountability.BucketDue] != 11 {
			t.Errorf("Q4: %+v", qk.Card)
		}

		// The lists behind the counts.
		l, err := f.app.ScorecardList(ctx, chair, nov, f.units["KTHTDT"], app.ScoreList(accountability.BucketOverdue))
		if err != nil || len(l.Items) != 2 || l.Items[0].ID != f.ids["F"] {
			t.Errorf("overdue list: %v %+v", err, l.Items)
		}
		l, err = f.app.ScorecardList(ctx, chair, nov, f.units["VP"], app.ListInvitationsLate)
		if err != nil || len(l.Events) != 1 || l.Events[0].EventID != f.events["vpConf"] {
			t.Errorf("late invitations: %v %+v", err, l.Events)
		}
		if _, err := f.app.ScorecardList(ctx, chair, nov, f.units["KTHTDT"], "everything"); !errs.Is(err, errs.Invalid) {
			t.Errorf("unknown list: %v", err)
		}
	})
}

// Who sees which cards: a Vice Chairman the units of their portfolios, a
// unit head their own, staff none.
func TestScorecardVisibility(t *testing.T) {
	f := newScoreFixture(t, storetest.OpenSQLite(t))
	ctx := context.Background()
	nov, _ := accountability.ParsePeriod("2026-11")
	for login, want := range map[string][]string{
		"chutich": {"VHXH", "VP", "KTHTDT", "TTPVHCC"}, "vanphong": {"VHXH", "VP", "KTHTDT", "TTPVHCC"},
		"pct.kinhte": {"KTHTDT"}, "pct.vanhoa": {"VHXH", "VP", "TTPVHCC"}, "truongphong.kt": {"KTHTDT"},
	} {
		page, err := f.app.Scorecards(ctx, f.actor(login), nov, false)
		if err != nil {
			t.Fatalf("%s: %v", login, err)
		}
		var got []string
		for _, c := range page.Cards {
			got = append(got, c.Unit.Code)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s sees %v, want %v", login, got, want)
		}
	}
	for _, login := range []string{"chuyenvien.kt", "congan", "admin"} {
		if _, err := f.app.Scorecards(ctx, f.actor(login), nov, false); !errs.Is(err, errs.Forbidden) {
			t.Errorf("%s: %v", login, err)
		}
	}
	if _, err := f.app.ScorecardList(ctx, f.actor("truongphong.kt"), nov, f.units["VHXH"], "due"); !errs.Is(err, errs.Forbidden) {
		t.Errorf("a head reads another unit's list: %v", err)
	}
}

// The Chairman records a decision on the flagged economy department with
// the items of its evidence; its head is told; a second decision for the
// same unit and period is refused and nothing more is stored.
func TestAccountabilityDecision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newScoreFixture(t, db)
		ctx := context.Background()
		nov, _ := accountability.ParsePeriod("2026-11")
		chair := f.actor("chutich")
		in := app.DecisionInput{UnitID: f.units["KTHTDT"], Kind: accountability.DecisionSelfCriticism,
			Note: "Yêu cầu Trưởng phòng kiểm điểm việc để nội dung quá hạn hai tháng liên tiếp.", ItemIDs: []int64{f.ids["octLate"], f.ids["F"]}}
		for _, bad := range []struct {
			who  string
			in   app.DecisionInput
			want errs.Kind
		}{
			{"pct.kinhte", in, errs.Forbidden},
			{"chutich", app.DecisionInput{UnitID: in.UnitID, Kind: "warning", Note: "x"}, errs.Invalid},
			{"chutich", app.DecisionInput{UnitID: in.UnitID, Kind: accountability.DecisionReminder, Note: "x", ItemIDs: []int64{f.ids["vh"]}}, errs.Invalid},
			{"chutich", app.DecisionInput{UnitID: f.units["CA"], Kind: accountability.DecisionReminder, Note: "x"}, errs.Invalid},
		} {
			if _, err := f.app.RecordDecision(ctx, f.actor(bad.who), nov, bad.in); errs.KindOf(err) != bad.want {
				t.Errorf("%s %+v: %v, want %s", bad.who, bad.in, err, bad.want)
			}
		}
		id, err := f.app.RecordDecision(ctx, chair, nov, in)
		if err != nil {
			t.Fatal(err)
		}
		before := storetest.RowCounts(t, db, "accountability_decisions", "notifications", "audit_log")
		if _, err := f.app.RecordDecision(ctx, chair, nov, in); !errs.Is(err, errs.Conflict) {
			t.Errorf("deciding twice: %v", err)
		}
		if after := storetest.RowCounts(t, db, "accountability_decisions", "notifications", "audit_log"); after["accountability_decisions"] != before["accountability_decisions"] ||
			after["notifications"] != before["notifications"] || after["audit_log"] != before["audit_log"] {
			t.Errorf("a refused decision stored something: %v → %v", before, after)
		}
		ds, err := f.app.UnitDecisions(ctx, f.actor("truongphong.kt"), f.units["KTHTDT"])
		if err != nil || len(ds) != 1 || ds[0].ID != id || ds[0].PersonName != "Bùi Quang Vinh" || !slices.Equal(ds[0].ItemIDs, in.ItemIDs) {
			t.Fatalf("decisions: %v %+v", err, ds)
		}
		notes, _, err := f.app.Notifications(ctx, f.actor("truongphong.kt"))
		if err != nil || len(notes) == 0 || !strings.Contains(notes[0].Title, "Yêu cầu kiểm điểm") || notes[0].Link != "/scorecards/2026-11/units/"+itoa(f.units["KTHTDT"]) {
			t.Errorf("head's notification: %v %+v", err, notes)
		}
		page, _ := f.app.Scorecards(ctx, chair, nov, false)
		if kt, _ := page.Card(f.units["KTHTDT"]); kt.Decision == nil || kt.Decision.Kind != "self_criticism" {
			t.Errorf("the card does not show the decision: %+v", kt.Decision)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
