package app_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/jobs"
	"dieuhanh/internal/notify/smtptest"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// note is a notification as the tests read it.
type note struct {
	Login, Kind, Link, Key string
	At                     time.Time
}

func (n note) String() string {
	return fmt.Sprintf("%s %s %s %s", n.At.In(calendar.VN()).Format("2006-01-02 15:04"), n.Login, n.Kind, n.Link)
}

// notesOf lists every notification of a kind, in the order written.
func notesOf(t *testing.T, db *store.DB, kind string) []note {
	t.Helper()
	rows, err := db.Raw().QueryContext(context.Background(), `SELECT u.login, n.kind, n.link, COALESCE(n.dedupe_key, ''), n.created_at
		FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = $1 ORDER BY n.id`, kind)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []note
	for rows.Next() {
		var n note
		if err := rows.Scan(&n.Login, &n.Kind, &n.Link, &n.Key, &n.At); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// scenario is a ward with a January 2027 program (issued late December,
// one item rejected in January: a remediation report is owed before the
// 25th, a Sunday) and a February 2027 program issued on 26/01 with items
// due around Tết (05–11/02 off): Monday 01/02, Friday 12/02, Tuesday 16/02.
type scenario struct {
	*fixture
	db         *store.DB
	wardID     int64
	f1, f2, f3 int64 // February items
	rejected   int64 // the January item
}

func newScenario(t *testing.T, db *store.DB) *scenario {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t, db, vn("2026-12-10 09:00"))
	s := &scenario{fixture: f, db: db}
	head := f.actor("truongphong.kt")
	s.wardID = head.WardID
	reg := func(m program.Month, title, due string) int64 {
		t.Helper()
		id, err := f.app.RegisterItem(ctx, head, m, program.ItemInput{Title: title, Kind: program.KindTask, Source: program.SourceAnnualPlan,
			LeadUnitID: f.units["KTHTDT"], DueDate: due, Product: "Báo cáo"})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	issue := func(m program.Month) {
		t.Helper()
		for _, step := range []struct {
			who    string
			action program.Action
		}{{"vanphong", program.ActionSubmit}, {"chutich", program.ActionApprove}, {"vanphong", program.ActionIssue}} {
			if _, err := f.app.ProgramAction(ctx, f.actor(step.who), m, step.action, "", 0); err != nil {
				t.Fatal(m, step.action, err)
			}
		}
	}
	jan, feb := program.Month{Year: 2027, Month: time.January}, program.Month{Year: 2027, Month: time.February}
	s.rejected = reg(jan, "Rà soát hồ sơ đất đai tồn đọng", "2027-01-15")
	f.now = vn("2026-12-28 15:00")
	issue(jan)
	f.now = vn("2027-01-11 09:00")
	if err := f.app.Complete(ctx, head, s.rejected, app.ReportInput{Note: "Đã gửi danh sách"}); err != nil {
		t.Fatal(err)
	}
	s.f1 = reg(feb, "Báo cáo kết quả thu ngân sách tháng 01", "2027-02-01")
	s.f2 = reg(feb, "Kiểm tra an toàn phòng cháy các chợ trước Tết", "2027-02-12")
	s.f3 = reg(feb, "Tổng hợp tình hình trật tự đô thị dịp Tết", "2027-02-16")
	f.now = vn("2027-01-12 15:00")
	if err := f.app.Evaluate(ctx, f.actor("pct.kinhte"), s.rejected, 0, program.QualityRejected, "Thiếu hồ sơ tổ dân phố 3"); err != nil {
		t.Fatal(err)
	}
	f.now = vn("2027-01-26 15:00")
	issue(feb)
	return s
}

// sweepAt runs the ward's sweep at t (the clock moved there).
func (s *scenario) sweepAt(t *testing.T, at time.Time) {
	t.Helper()
	s.now = at
	if err := s.app.SweepWard(context.Background(), s.wardID, at); err != nil {
		t.Fatalf("sweep at %s: %v", at.In(calendar.VN()), err)
	}
}

// The clock moved day by day from 18/01 to 17/02/2027 — across weekends,
// the registration close, the report due before a 24th that is a Sunday,
// and Tết — with a sweep before 07:00, just after, at midday and late at
// night: each reminder comes once, at 07:00 of the working day the rules
// name, and none on a day off.
func TestRemindersFollowTheWorkingDays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newScenario(t, db)
		cal := calendar.New(calendar.Rules{}, nil)
		for d := calendar.NewDate(2027, 1, 18); !d.After(calendar.NewDate(2027, 2, 17)); d = d.AddDays(1) {
			for _, hm := range []time.Duration{6 * time.Hour, 7*time.Hour + 5*time.Minute, 13 * time.Hour, 23*time.Hour + 30*time.Minute} {
				s.sweepAt(t, d.Start().Add(hm))
			}
		}
		at := func(day string) time.Time { return vn(day + " 07:05") }
		kt := []string{"chuyenvien.kt", "pct.kinhte", "truongphong.kt"}
		type want struct {
			kind, link string
			logins     []string
			at         []time.Time
		}
		item := func(id int64) string { return fmt.Sprintf("/items/%d", id) }
		var remID int64
		db.View(context.Background(), func(tx *store.Tx) error {
			r, err := tx.RemediationFor(context.Background(), s.wardID, s.units["KTHTDT"], 2027, time.January)
			remID = r.ID
			return err
		})
		wants := []want{
			// Monday 01/02: Wednesday 27/01 and Friday 29/01 (the weekend between is skipped).
			{"deadline_approaching", item(s.f1), kt, []time.Time{at("2027-01-27"), at("2027-01-29")}},
			// Friday 12/02, the first working day after Tết: 02/02 and 04/02.
			{"deadline_approaching", item(s.f2), kt, []time.Time{at("2027-02-02"), at("2027-02-04")}},
			// Tuesday 16/02: 04/02 before Tết, then Monday 15/02 (not Friday 12/02).
			{"deadline_approaching", item(s.f3), kt, []time.Time{at("2027-02-04"), at("2027-02-15")}},
			// The January report is due by the end of Friday 22/01 (the 24th
			// is a Sunday): reminded on Wednesday 20/01.
			{"remediation_due", fmt.Sprintf("/remediations/%d", remID), []string{"truongphong.kt", "vanphong"}, []time.Time{at("2027-01-20")}},
			// F1 not done by Monday 01/02: overdue at 02/02 00:00, told once
			// by the first sweep after it.
			{"item_overdue", item(s.f1), kt, []time.Time{vn("2027-02-02 06:00")}},
		}
		for _, w := range wants {
			var got []note
			for _, n := range notesOf(t, db, w.kind) {
				if n.Link == w.link {
					got = append(got, n)
				}
			}
			logins := map[string][]time.Time{}
			for _, n := range got {
				logins[n.Login] = append(logins[n.Login], n.At)
			}
			for _, l := range w.logins {
				ts := logins[l]
				if len(ts) != len(w.at) {
					t.Errorf("%s %s to %s: %v, want %v", w.kind, w.link, l, ts, w.at)
					continue
				}
				for i := range ts {
					if !ts[i].Equal(w.at[i]) {
						t.Errorf("%s %s to %s: #%d at %s, want %s", w.kind, w.link, l, i, ts[i].In(calendar.VN()), w.at[i].In(calendar.VN()))
					}
				}
			}
		}
		// No reminder of any kind on a day off.
		for _, kind := range []string{"deadline_approaching", "remediation_due", "registration_closing", "meeting_readiness_due"} {
			for _, n := range notesOf(t, db, kind) {
				if !cal.IsWorkingDay(calendar.DateOf(n.At)) {
					t.Errorf("reminder on a day off: %s", n)
				}
			}
		}
		// The registration window for February closes at the end of
		// Wednesday 20/01: units with nothing registered are reminded on
		// Monday 18/01; the close is recorded once, the Office told once.
		closing := notesOf(t, db, "registration_closing")
		var reminded, closed []string
		for _, n := range closing {
			if n.Link != "/programs/2027-02" {
				continue
			}
			if strings.HasSuffix(n.Key, ":closed") {
				closed = append(closed, n.Login)
				if !n.At.Equal(vn("2027-01-21 06:00")) {
					t.Errorf("close told at %s", n.At.In(calendar.VN()))
				}
				continue
			}
			reminded = append(reminded, n.Login)
			if !n.At.Equal(at("2027-01-18")) {
				t.Errorf("registration reminder at %s", n.At.In(calendar.VN()))
			}
		}
		sort.Strings(reminded)
		if slices.Contains(reminded, "truongphong.kt") || !slices.Contains(reminded, "truongphong.vhxh") ||
			!slices.Contains(reminded, "giamdoc.ttpvhcc") || !slices.Contains(reminded, "vanphong") {
			t.Errorf("registration reminders to %v", reminded)
		}
		if !slices.Equal(closed, []string{"vanphong"}) {
			t.Errorf("close told to %v", closed)
		}
		var audits int
		db.Raw().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'registration_closed' AND summary LIKE '%tháng 02 năm 2027%'`).Scan(&audits)
		if audits != 1 {
			t.Errorf("registration close recorded %d times", audits)
		}
		// The report missing: recorded at 23/01 00:00 (a Saturday: a record,
		// not a reminder) by the first sweep after it.
		var rem store.Remediation
		db.View(context.Background(), func(tx *store.Tx) error {
			var err error
			rem, err = tx.Remediation(context.Background(), s.wardID, remID)
			return err
		})
		if rem.State != "missing" || rem.MissingAt == nil || !rem.MissingAt.Equal(vn("2027-01-23 00:00")) {
			t.Errorf("January report: %s %v", rem.State, rem.MissingAt)
		}
	})
}

// countdown is a context that ends after its Done channel has been asked
// for n times: a server killed at an arbitrary point of a sweep, between
// or inside its transactions.
type countdown struct {
	context.Context
	mu   sync.Mutex
	n    int
	done chan struct{}
}

func newCountdown(n int) *countdown {
	return &countdown{Context: context.Background(), n: n, done: make(chan struct{})}
}

func (c *countdown) Done() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n--; c.n == 0 {
		close(c.done)
	}
	return c.done
}

func (c *countdown) Err() error {
	select {
	case <-c.done:
		return context.Canceled
	default:
		return nil
	}
}

// keyed lists the (person, key) of every keyed notification.
func keyed(t *testing.T, db *store.DB) []string {
	t.Helper()
	rows, err := db.Raw().QueryContext(context.Background(), `SELECT u.login, n.dedupe_key FROM notifications n
		JOIN users u ON u.id = n.user_id WHERE n.dedupe_key IS NOT NULL ORDER BY u.login, n.dedupe_key`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var l, k string
		rows.Scan(&l, &k)
		out = append(out, l+" "+k)
	}
	return out
}

// A sweep killed anywhere — between two reminders, inside a transaction —
// and run again, over and over, ends with what one uninterrupted sweep
// produces: every reminder, breach and record once, none lost. The
// reference is the same ward swept without interruption.
func TestSweepKilledAndRestarted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ref := newScenario(t, storetest.OpenSQLite(t))
		s := newScenario(t, db)
		// Thursday 04/02 07:05: F2's last and F3's first reminder, the
		// demo's meetings long past their deadlines (breaches), F1 not yet
		// overdue; then Tuesday 02/02 07:05 for F1 overdue.
		for _, at := range []time.Time{vn("2027-01-20 07:05"), vn("2027-02-02 07:05"), vn("2027-02-04 07:05")} {
			ref.sweepAt(t, at)
			s.now = at
			kills := 0
			for n := 1; ; n += 5 + n/8 {
				err := s.app.SweepWard(newCountdown(n), s.wardID, at)
				if err == nil {
					t.Logf("%s: killed %d times before a sweep got through (%d steps)", at.In(calendar.VN()).Format("02/01 15:04"), kills, n)
					break // the run got through
				}
				kills++
				if n > 20000 {
					t.Fatalf("the sweep never got through: %v", err)
				}
			}
			s.sweepAt(t, at) // and once more: nothing new
		}
		got, want := keyed(t, db), keyed(t, ref.db)
		norm := func(list []string, sc *scenario) []string {
			// Ids differ between the two databases: name the items.
			r := strings.NewReplacer(fmt.Sprintf(":item:%d:", sc.f1), ":item:F1:", fmt.Sprintf(":item:%d:", sc.f2), ":item:F2:",
				fmt.Sprintf(":item:%d:", sc.f3), ":item:F3:")
			var out []string
			for _, k := range list {
				k = r.Replace(k)
				if strings.Contains(k, ":item:") && !strings.Contains(k, ":item:F") {
					continue // demo items, numbered per database
				}
				out = append(out, k)
			}
			sort.Strings(out)
			return out
		}
		g, w := norm(got, s), norm(want, ref)
		if !slices.Equal(g, w) {
			t.Errorf("after killed sweeps:\n%s\nwant:\n%s", strings.Join(g, "\n"), strings.Join(w, "\n"))
		}
		if len(w) < 10 {
			t.Fatalf("the reference produced only %d keyed notifications", len(w))
		}
		var breaches, refBreaches int
		db.Raw().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'breach'`).Scan(&breaches)
		ref.db.Raw().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'breach'`).Scan(&refBreaches)
		if breaches != refBreaches || breaches == 0 {
			t.Errorf("breaches recorded %d times, reference %d", breaches, refBreaches)
		}
	})
}

// Two servers run the job runner on one database, ticking together every
// five minutes through a working morning: each occurrence runs once, and
// each reminder is written once, even when one server takes over an
// occurrence another abandoned mid-sweep.
func TestTwoRunnersOneDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newScenario(t, db)
		var mu sync.Mutex
		now := vn("2027-02-04 06:50")
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		s.app.Now = clock
		other := app.New(db, s.app.Log, t.TempDir())
		other.Now = clock
		sweepOnly := func(a *app.App) []jobs.Job { return a.Jobs()[:1] }
		a := &jobs.Runner{Jobs: sweepOnly(s.app), Claims: store.JobClaims{DB: db}, Now: clock, Owner: "a"}
		b := &jobs.Runner{Jobs: sweepOnly(other), Claims: store.JobClaims{DB: db}, Now: clock, Owner: "b"}
		// A third server claimed 06:50 and died in the middle of it: the
		// first reminders of the day are its outputs, half written.
		dead := newCountdown(40)
		if ok, err := (store.JobClaims{DB: db}).Claim(context.Background(), "sweep", vn("2027-02-04 06:50"), "dead", now, now.Add(10*time.Minute)); !ok || err != nil {
			t.Fatal(ok, err)
		}
		s.app.SweepWard(dead, s.wardID, vn("2027-02-04 07:05"))
		for i := range 24 { // 06:50 … 08:45
			mu.Lock()
			now = vn("2027-02-04 06:50").Add(time.Duration(i) * 5 * time.Minute)
			mu.Unlock()
			var wg sync.WaitGroup
			for _, r := range []*jobs.Runner{a, b} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := r.Tick(context.Background()); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
		}
		var runs, failed int
		db.Raw().QueryRow(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN error <> '' THEN 1 ELSE 0 END), 0) FROM job_runs WHERE job = 'sweep'`).Scan(&runs, &failed)
		if runs != 24 || failed != 0 {
			t.Errorf("sweep occurrences %d (want 24), failed %d", runs, failed)
		}
		count := map[string]int{}
		for _, n := range notesOf(t, db, "deadline_approaching") {
			count[n.Login+" "+n.Link]++
		}
		for _, l := range []string{"chuyenvien.kt", "pct.kinhte", "truongphong.kt"} {
			for _, id := range []int64{s.f2, s.f3} {
				if c := count[fmt.Sprintf("%s /items/%d", l, id)]; c != 1 {
					t.Errorf("%s told %d times about item %d", l, c, id)
				}
			}
		}
	})
}

// The morning digest lists a person's own matters — two items overdue,
// two due within 3 working days (across Tết) — and gives the Office and the
// leaders a table per unit; a person with nothing gets none, and nobody
// gets one on a day of Tết.
func TestDigestContent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newScenario(t, db)
		s.useMail(smtptest.Start(t).Port)
		s.sweepAt(t, vn("2027-02-04 06:00"))
		s.now = vn("2027-02-04 07:30")
		if n, err := s.app.SendDigests(ctx, s.wardID, s.now); err != nil || n == 0 {
			t.Fatalf("digests: %d %v", n, err)
		}
		bodies := map[string]string{}
		rows, err := db.Raw().QueryContext(ctx, `SELECT u.login, o.subject, o.body_text FROM outbox o JOIN users u ON u.id = o.user_id WHERE o.kind = 'digest'`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var l, subj, body string
			rows.Scan(&l, &subj, &body)
			bodies[l] = subj + "\n" + body
		}
		rows.Close()
		kt := bodies["truongphong.kt"]
		for _, want := range []string{"Bản tin công việc ngày 04/02/2027: 2 quá hạn, 2 sắp đến hạn", "QUÁ HẠN (2)",
			"Rà soát hồ sơ đất đai tồn đọng (hạn 15/01/2027", // rejected in January, reopened, overdue
			"Báo cáo kết quả thu ngân sách tháng 01 (hạn 01/02/2027", "ĐẾN HẠN TRONG 03 NGÀY LÀM VIỆC TỚI (2)",
			"Kiểm tra an toàn phòng cháy các chợ trước Tết (hạn 12/02/2027", "Tổng hợp tình hình trật tự đô thị dịp Tết (hạn 16/02/2027"} {
			if !strings.Contains(kt, want) {
				t.Errorf("unit head's digest lacks %q:\n%s", want, kt)
			}
		}
		if strings.Contains(kt, "TÌNH HÌNH THEO ĐƠN VỊ") {
			t.Error("a unit head gets the table per unit")
		}
		if office := bodies["vanphong"]; !strings.Contains(office, "Phòng Kinh tế, Hạ tầng và Đô thị: 2 / 0 / 2 / 0 / 0") {
			t.Errorf("office's table:\n%s", office)
		}
		if _, ok := bodies["congan"]; ok {
			t.Error("a digest with nothing in it was sent")
		}
		if n, _ := s.app.SendDigests(ctx, s.wardID, vn("2027-02-08 08:00")); n != 0 {
			t.Errorf("%d digests on a day of Tết", n)
		}
	})
}

// A meeting's readiness: the Office (its next step is the invitation) is
// reminded on the working day before the deadline and on the deadline's
// day; the week page read after the deadline records nothing; the sweep
// records the breach at the deadline's moment, opens the preparing unit's
// remediation entry, and tells the unit, the Office and the chair once.
func TestReadinessBreachRecordedBySweep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, vn("2026-12-02 09:00")) // Wednesday
		office := f.actor("vanphong")
		// The demo's meeting due soon: Monday 07/12 at 14:00, content
		// approved, no invitation yet; deadline the end of Thursday 03/12.
		var ev store.Event
		db.View(ctx, func(tx *store.Tx) error {
			es, err := tx.EventsBetween(ctx, office.WardID, vn("2026-12-07 00:00"), vn("2026-12-08 00:00"))
			for _, e := range es {
				if strings.Contains(e.Title, "rà soát hộ nghèo") {
					ev = e
				}
			}
			return err
		})
		if ev.ID == 0 {
			t.Fatal("no meeting due soon in the demo")
		}
		link := fmt.Sprintf("/events/%d", ev.ID)
		sweep := func(at string) {
			t.Helper()
			f.now = vn(at)
			if err := f.app.SweepWard(ctx, office.WardID, f.now); err != nil {
				t.Fatal(err)
			}
		}
		sweep("2026-12-02 09:00")
		sweep("2026-12-03 07:05")
		sweep("2026-12-03 23:59")
		var due []string
		for _, n := range notesOf(t, db, "meeting_readiness_due") {
			if n.Link == link {
				due = append(due, n.Login+" "+n.At.In(calendar.VN()).Format("02/01 15:04"))
			}
		}
		if !slices.Equal(due, []string{"vanphong 02/12 09:00", "vanphong 03/12 07:05"}) {
			t.Errorf("readiness reminders: %v", due)
		}
		// Friday 04/12 08:00: the deadline has passed. Reading the week
		// records nothing.
		f.now = vn("2026-12-04 08:00")
		wv, err := f.app.WeekSchedule(ctx, office, schedule.WeekOf(calendar.NewDate(2026, 12, 7)))
		if err != nil {
			t.Fatal(err)
		}
		shown := false
		for _, v := range wv.Events {
			shown = shown || (v.ID == ev.ID && v.State == schedule.StateBreached)
		}
		event := func() store.Event {
			var e store.Event
			db.View(ctx, func(tx *store.Tx) error { var err error; e, err = tx.Event(ctx, office.WardID, ev.ID); return err })
			return e
		}
		if !shown || event().BreachedAt != nil {
			t.Fatalf("the week page shows breached %v; recorded by reading it: %v", shown, event().BreachedAt)
		}
		sweep("2026-12-04 08:00")
		sweep("2026-12-04 08:05")
		e := event()
		if e.BreachedAt == nil || !e.BreachedAt.Equal(vn("2026-12-04 00:00")) || e.BreachUnitID != f.units["VHXH"] {
			t.Fatalf("breach recorded: %v unit %d", e.BreachedAt, e.BreachUnitID)
		}
		var r store.Remediation
		db.View(ctx, func(tx *store.Tx) error {
			var err error
			r, err = tx.RemediationFor(ctx, office.WardID, f.units["VHXH"], 2026, time.December)
			return err
		})
		found := false
		for _, en := range r.Entries {
			found = found || (en.EventID == ev.ID && en.Reason == string(remediation.ReasonReadinessBreach) && en.At.Equal(vn("2026-12-04 00:00")))
		}
		if !found {
			t.Errorf("no remediation entry for the breach: %+v", r.Entries)
		}
		told := map[string]int{}
		for _, n := range notesOf(t, db, "meeting_readiness_breached") {
			if n.Link == link {
				told[n.Login]++
				if !n.At.Equal(vn("2026-12-04 08:00")) {
					t.Errorf("breach told at %s", n.At.In(calendar.VN()))
				}
			}
		}
		for _, l := range []string{"truongphong.vhxh", "vanphong", "pct.vanhoa"} {
			if told[l] != 1 {
				t.Errorf("%s told %d times of the breach (%v)", l, told[l], told)
			}
		}
		var audits int
		db.Raw().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'breach' AND entity_id = $1`, ev.ID).Scan(&audits)
		if audits != 1 {
			t.Errorf("breach audited %d times", audits)
		}
	})
}
