package app_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// provinceNow is Wednesday 25/11/2026, 10:00 in Vietnam.
var provinceNow = vn("2026-11-25 10:00")

// provinceViewer is an account of the province's inspectors.
var provinceViewer = auth.Actor{UserID: 9001, Login: "thanhtra", Role: org.RoleProvinceViewer}

type provinceFixture struct {
	t   *testing.T
	db  *store.DB
	app *app.App
	now time.Time
	hb  int64 // the demo ward, with its programs, meetings and reports
}

// newProvince loads the demo ward with its three months of programs and
// two more wards (organization only: no program yet).
func newProvince(t *testing.T, db *store.DB) *provinceFixture {
	t.Helper()
	ctx := context.Background()
	a := app.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), t.TempDir())
	a.Password = auth.Params{Memory: 8 * 1024, Time: 1, Threads: 1}
	f := &provinceFixture{t: t, db: db, app: a, now: provinceNow}
	a.Now = func() time.Time { return f.now }
	res, err := demo.Load(ctx, db, a.Password, f.now)
	if err != nil {
		t.Fatal(err)
	}
	f.hb = res.WardID
	if err := demo.LoadPrograms(ctx, a, f.now); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.LoadWards(ctx, db, a.Password, f.now, 3); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *provinceFixture) overview(m program.Month) app.ProvinceOverview {
	f.t.Helper()
	ov, err := f.app.ProvinceOverview(context.Background(), provinceViewer, m)
	if err != nil {
		f.t.Fatal(err)
	}
	return ov
}

func (f *provinceFixture) row(ov app.ProvinceOverview, wardID int64) app.ProvinceRow {
	f.t.Helper()
	for _, r := range ov.Rows {
		if r.Ward.ID == wardID {
			return r
		}
	}
	f.t.Fatalf("ward %d not in the overview", wardID)
	return app.ProvinceRow{}
}

func (f *provinceFixture) stamps() store.Stamps {
	f.t.Helper()
	var s store.Stamps
	if err := f.db.View(context.Background(), func(tx *store.Tx) error {
		var err error
		s, err = tx.WardStamps(context.Background())
		return err
	}); err != nil {
		f.t.Fatal(err)
	}
	return s
}

// The figures are the ward's own: the item counts by status are the
// search's counts (its facts and bounds), the demo's remediation story and
// cycle show as told (README, "The demo ward").
func TestProvinceFiguresAreTheWardsOwn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newProvince(t, db)
		ctx := context.Background()
		nov := program.Month{Year: 2026, Month: time.November}
		ov := f.overview(nov)
		if len(ov.Rows) != 3 {
			t.Fatalf("%d rows", len(ov.Rows))
		}
		hb := f.row(ov, f.hb).Figures
		var counts map[program.Status]int
		if err := db.View(ctx, func(tx *store.Tx) error {
			w, err := tx.Ward(ctx, f.hb)
			if err != nil {
				return err
			}
			cal, err := f.app.Calendar(ctx, f.hb)
			if err != nil {
				return err
			}
			counts, _, err = tx.CountItemsByStatus(ctx, store.ItemQuery{WardID: f.hb, IssuedOnly: true, YMFrom: 202611, YMTo: 202611,
				Bounds: program.StatusBounds(f.now, cal, w.Settings.DueSoonWorkingDays)}, 100000)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		want := map[program.Status]int{program.StatusDoneOnTime: hb.DoneOnTime, program.StatusDoneLate: hb.DoneLate,
			program.StatusPendingAcceptance: hb.PendingAcceptance, program.StatusOverdue: hb.Overdue, program.StatusDueSoon: hb.DueSoon,
			program.StatusOnTime: hb.InProgress, program.StatusNotStarted: hb.NotStarted, program.StatusCarriedOver: hb.CarriedOver,
			program.StatusCancelled: hb.Cancelled}
		total := 0
		for st, n := range counts {
			if want[st] != n {
				t.Errorf("%s: province %d, search %d", st, want[st], n)
			}
			if st != program.StatusCancelled {
				total += n
			}
		}
		if hb.Items != total || hb.Items == 0 {
			t.Errorf("items: province %d, search %d", hb.Items, total)
		}
		// November's program was issued by the end of October; the other
		// wards have none, and its deadline (Friday 30/10) is over.
		if !hb.Program.Issued() || hb.Program.Late || hb.Program.Deadline.String() != "2026-10-30" {
			t.Errorf("Hòa Bình's program: %+v", hb.Program)
		}
		for _, r := range ov.Rows {
			if r.Ward.ID != f.hb && (r.Figures.Program.Issued() || !r.Figures.Program.Late || r.Figures.Items != 0) {
				t.Errorf("%s: %+v", r.Ward.Code, r.Figures)
			}
		}
		// The ward with a program ranks before the two with nothing due,
		// which tie.
		if ov.Rows[0].Ward.ID != f.hb || ov.Rows[0].Rank != 1 || ov.Rows[1].Rank != 2 || ov.Rows[2].Rank != 2 {
			t.Errorf("ranks: %d %d %d", ov.Rows[0].Rank, ov.Rows[1].Rank, ov.Rows[2].Rank)
		}
		// October's remediation reports: the culture department's accepted,
		// the Office's returned, the service centre's filed late after
		// being missing, the economy department's missing.
		oct := f.row(f.overview(program.Month{Year: 2026, Month: time.October}), f.hb).Figures
		if oct.Reports != 4 || oct.ReportsMissing != 1 || oct.ReportsLate != 1 {
			t.Errorf("October's reports: %d, %d missing, %d late", oct.Reports, oct.ReportsMissing, oct.ReportsLate)
		}
		if oct.DueByNow != oct.Items || oct.Items == 0 {
			t.Errorf("October is over: every item is due (%d of %d)", oct.DueByNow, oct.Items)
		}
	})
}

// A change in one ward renews that ward's row at the next view and no
// other; the next day renews every row (statuses move with the date);
// keeping the rows raises no stamp.
func TestProvinceFiguresFollowChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newProvince(t, db)
		ctx := context.Background()
		nov := program.Month{Year: 2026, Month: time.November}
		before := f.stamps()
		ov := f.overview(nov)
		if ov.Recomputed != 3 {
			t.Fatalf("first view recomputed %d rows", ov.Recomputed)
		}
		if after := f.stamps(); after.Global != before.Global || len(after.Own) != len(before.Own) {
			t.Fatalf("keeping the figures raised a stamp: %+v → %+v", before, after)
		}
		if again := f.overview(nov); again.Recomputed != 0 {
			t.Fatalf("a second view recomputed %d rows", again.Recomputed)
		}
		was := f.row(ov, f.hb).Figures

		// The economy department completes one of its open items, through
		// the app, in its ward (as the web binds its requests).
		hbCtx := store.ForWard(ctx, f.hb)
		var item store.Item
		if err := db.View(hbCtx, func(tx *store.Tx) error {
			u, _, err := tx.UserByLogin(ctx, "truongphong.kt")
			if err != nil {
				return err
			}
			person, err := tx.Person(ctx, f.hb, u.PersonID)
			if err != nil {
				return err
			}
			cal, err := f.app.Calendar(ctx, f.hb)
			if err != nil {
				return err
			}
			rows, _, err := tx.SearchItems(ctx, store.ItemQuery{WardID: f.hb, IssuedOnly: true, YMFrom: 202611, YMTo: 202611,
				UnitID: person.UnitID, Statuses: []program.Status{program.StatusOnTime, program.StatusNotStarted, program.StatusDueSoon, program.StatusOverdue},
				Bounds: program.StatusBounds(f.now, cal, program.DefaultDueSoonDays), Limit: 1})
			if err != nil || len(rows) == 0 {
				t.Fatalf("no open item of the unit: %v", err)
			}
			item, err = tx.Item(ctx, f.hb, rows[0].ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		head := actorOf(t, f.app, "truongphong.kt")
		if err := f.app.Complete(hbCtx, head, item.ID, app.ReportInput{Version: item.Version, Note: "Đã hoàn thành, gửi báo cáo."}); err != nil {
			t.Fatal(err)
		}
		ov = f.overview(nov)
		if ov.Recomputed != 1 || !f.row(ov, f.hb).Recomputed {
			t.Fatalf("after a change in Hòa Bình: %d rows recomputed", ov.Recomputed)
		}
		now := f.row(ov, f.hb).Figures
		if now.PendingAcceptance != was.PendingAcceptance+1 || now.NotDue()+now.Overdue != was.NotDue()+was.Overdue-1 || now.Items != was.Items {
			t.Errorf("the completion is not in the figures: %+v → %+v", was, now)
		}

		// The next day, every row is computed again.
		f.now = f.now.Add(24 * time.Hour)
		if ov := f.overview(nov); ov.Recomputed != 3 {
			t.Errorf("next day: %d rows recomputed", ov.Recomputed)
		}

		// The trend: the 11 months other than November at first, then none.
		tr, err := f.app.ProvinceWardTrend(ctx, provinceViewer, demo.WardCode, nov)
		if err != nil {
			t.Fatal(err)
		}
		if len(tr.Months) != app.TrendMonths || tr.Months[0].Month != (program.Month{Year: 2025, Month: time.December}) || tr.Recomputed != 11 {
			t.Fatalf("trend: %d months from %v, %d recomputed", len(tr.Months), tr.Months[0].Month, tr.Recomputed)
		}
		if tr.Months[11].Figures != f.row(f.overview(nov), f.hb).Figures {
			t.Error("the trend's November is not the overview's")
		}
		if tr, _ := f.app.ProvinceWardTrend(ctx, provinceViewer, demo.WardCode, nov); tr.Recomputed != 0 {
			t.Errorf("trend again: %d recomputed", tr.Recomputed)
		}

		// The nightly job renews what does not hold: the two other wards'
		// 12 months (Hòa Bình's are current), then nothing.
		n, err := f.app.RefreshProvinceStats(ctx, f.now)
		if err != nil || n != 24 {
			t.Fatalf("refresh: %d, %v", n, err)
		}
		if n, _ := f.app.RefreshProvinceStats(ctx, f.now); n != 0 {
			t.Errorf("refresh again: %d", n)
		}
		// The day after, the job renews everything, and the view finds it
		// current.
		f.now = f.now.Add(24 * time.Hour)
		if n, err := f.app.RefreshProvinceStats(ctx, f.now); err != nil || n != 36 {
			t.Errorf("next night: %d, %v", n, err)
		}
		if ov := f.overview(nov); ov.Recomputed != 0 {
			t.Errorf("after the nightly job: %d rows recomputed", ov.Recomputed)
		}
	})
}

// Only the province's accounts read the view; a bad month or ward is
// refused with its reason.
func TestProvinceViewRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newProvince(t, db)
		ctx := context.Background()
		nov := program.Month{Year: 2026, Month: time.November}
		if _, err := f.app.ProvinceOverview(ctx, actorOf(t, f.app, "chutich"), nov); err == nil {
			t.Error("the chairman read the province's overview")
		}
		if _, err := f.app.ProvinceOverview(ctx, provinceViewer, program.Month{Year: 2027, Month: time.January}); err == nil {
			t.Error("a month after next")
		}
		if _, err := f.app.ProvinceWardTrend(ctx, provinceViewer, "khongco", nov); err == nil {
			t.Error("an unknown ward")
		}
		if _, err := f.app.ProvinceWardMonth(ctx, actorOf(t, f.app, "admin"), demo.WardCode, nov); err == nil {
			t.Error("a ward's admin read the province's lists")
		}
	})
}

// A ward's lists of a month, read for the province: its items with their
// status, the meetings not ready and the reports missing, as many as the
// figures count.
func TestProvinceWardMonth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newProvince(t, db)
		ctx := context.Background()
		for _, m := range []program.Month{{Year: 2026, Month: time.October}, {Year: 2026, Month: time.November}} {
			d, err := f.app.ProvinceWardMonth(ctx, provinceViewer, demo.WardCode, m)
			if err != nil {
				t.Fatal(err)
			}
			fig := f.row(f.overview(m), f.hb).Figures
			if len(d.Items) != fig.Items+fig.Cancelled || d.ItemsMore {
				t.Errorf("%v: %d items listed, %d counted", m, len(d.Items), fig.Items+fig.Cancelled)
			}
			if len(d.NotReady) != fig.MeetingsNotReady || len(d.Missing) != fig.ReportsMissing {
				t.Errorf("%v: %d meetings, %d reports listed; counted %d, %d", m, len(d.NotReady), len(d.Missing), fig.MeetingsNotReady, fig.ReportsMissing)
			}
			for _, it := range d.Items {
				if it.LeadUnitName == "" || it.EffectiveDeadline.IsZero() || it.Status == "" {
					t.Errorf("item %d: %+v", it.ID, it)
				}
			}
			for _, e := range d.NotReady {
				if e.Missing == "" || calendar.DateOf(e.Event.Start).Month != m.Month {
					t.Errorf("meeting %+v", e)
				}
			}
		}
	})
}

func actorOf(t *testing.T, a *app.App, login string) auth.Actor {
	t.Helper()
	var id int64
	if err := a.DB.View(context.Background(), func(tx *store.Tx) error {
		u, _, err := tx.UserByLogin(context.Background(), login)
		id = u.ID
		return err
	}); err != nil {
		t.Fatal(err)
	}
	ac, _, err := a.Actor(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return ac
}
