package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/jobs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

func date(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestRemediationStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 2, 3, 0, 0, 0, time.UTC)
		var wardID, unitID, leaderID, openID, doneID, otherID int64
		err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			if wardID, err = tx.CreateWard(ctx, org.Ward{Code: "hb", Name: "Phường Hòa Bình", PlaceName: "Hòa Bình", Settings: org.DefaultSettings()}, now); err != nil {
				return err
			}
			if unitID, err = tx.CreateUnit(ctx, wardID, org.UnitInput{Code: "KT", Name: "Phòng Kinh tế", Kind: "department"}); err != nil {
				return err
			}
			pid, err := tx.CreatePerson(ctx, wardID, org.PersonInput{FullName: "Nguyễn Văn Hùng"})
			if err != nil {
				return err
			}
			if leaderID, err = tx.CreateLeader(ctx, wardID, org.LeaderInput{PersonID: pid, Position: "chairman"}); err != nil {
				return err
			}
			p, err := tx.EnsureProgram(ctx, wardID, 2026, time.October, now)
			if err != nil {
				return err
			}
			p.State = "issued"
			if err := tx.SaveProgram(ctx, p); err != nil {
				return err
			}
			item := func(title, due string, completed *time.Time, quality string) (int64, error) {
				return tx.CreateItem(ctx, store.Item{WardID: wardID, ProgramID: p.ID, Section: 4, Title: title, Kind: "task", Source: "other",
					LeadUnitID: unitID, LeaderID: leaderID, DueDate: date(due), OriginalDueDate: date(due), Registration: "registered",
					RegisteredAt: now, CompletedAt: completed, Quality: quality})
			}
			if openID, err = item("Chưa làm", "2026-10-20", nil, ""); err != nil {
				return err
			}
			done := time.Date(2026, 10, 19, 3, 0, 0, 0, time.UTC)
			if doneID, err = item("Đã xong", "2026-10-20", &done, "accepted"); err != nil {
				return err
			}
			otherID, err = item("Hạn sau", "2026-11-20", nil, "")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		// Only the open item past its deadline is a candidate; once marked, it is not.
		candidates := func(day string) []int64 {
			var ids []int64
			if err := db.View(ctx, func(tx *store.Tx) error {
				cs, err := tx.OverdueCandidates(ctx, wardID, date(day))
				for _, c := range cs {
					ids = append(ids, c.ItemID)
					if c.ItemID == openID && c.Year != 2026 && c.Month != time.October {
						t.Errorf("month %d-%d", c.Year, c.Month)
					}
				}
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return ids
		}
		if got := candidates("2026-10-21"); len(got) != 1 || got[0] != openID {
			t.Fatalf("candidates = %v, want [%d] (not %d, not %d)", got, openID, doneID, otherID)
		}
		overdueAt := time.Date(2026, 10, 20, 17, 0, 0, 0, time.UTC)
		err = db.Update(ctx, func(tx *store.Tx) error {
			if ok, err := tx.MarkOverdue(ctx, openID, overdueAt); err != nil || !ok {
				t.Errorf("first mark: %v %v", ok, err)
			}
			if ok, err := tx.MarkOverdue(ctx, openID, overdueAt.Add(time.Hour)); err != nil || ok {
				t.Errorf("second mark changed the record: %v %v", ok, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := candidates("2026-12-01"); len(got) != 1 || got[0] != otherID {
			t.Fatalf("after marking: candidates = %v, want [%d]", got, otherID)
		}
		// An approved extension is a new deadline: the recorded moment goes
		// with the old one and the item is a candidate again after it.
		err = db.Update(ctx, func(tx *store.Tx) error {
			id, err := tx.CreateExtension(ctx, store.Extension{ItemID: openID, RequestedAt: now, OldDate: date("2026-10-20"), NewDate: date("2026-11-10"), Reason: "x"}, 0)
			if err != nil {
				return err
			}
			return tx.DecideExtension(ctx, id, "approved", "", 0, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		var it store.Item
		db.View(ctx, func(tx *store.Tx) error { it, err = tx.Item(ctx, wardID, openID); return err })
		if err != nil || it.OverdueAt != nil || it.ApprovedExtension == nil {
			t.Fatalf("after extension: %+v %v", it, err)
		}
		if got := candidates("2026-11-10"); len(got) != 0 {
			t.Errorf("candidates before the new deadline: %v", got)
		}
		if got := candidates("2026-11-11"); len(got) != 1 || got[0] != openID {
			t.Errorf("candidates after the new deadline: %v", got)
		}

		// One obligation per unit and month; entries recorded once.
		var r store.Remediation
		err = db.Update(ctx, func(tx *store.Tx) error {
			var created bool
			r, created, err = tx.EnsureRemediation(ctx, wardID, unitID, 2026, time.October, date("2026-10-23"), now)
			if err != nil || !created {
				t.Errorf("first ensure: %v %v", created, err)
			}
			again, created, err := tx.EnsureRemediation(ctx, wardID, unitID, 2026, time.October, date("2026-10-30"), now)
			if err != nil || created || again.ID != r.ID || again.DueDate != date("2026-10-23") {
				t.Errorf("second ensure: %+v %v %v", again, created, err)
			}
			for i := 0; i < 2; i++ {
				added, err := tx.AddRemediationEntry(ctx, store.RemediationEntry{RemediationID: r.ID, ItemID: openID, Reason: "overdue", At: overdueAt})
				if err != nil || added != (i == 0) {
					t.Errorf("entry %d: added %v %v", i, added, err)
				}
			}
			if _, err := tx.AddRemediationEntry(ctx, store.RemediationEntry{RemediationID: r.ID, ItemID: openID, Reason: "rejected", At: overdueAt}); err != nil {
				return err
			}
			ok, err := tx.RemediationEntryRecorded(ctx, openID, 0, "overdue", overdueAt)
			if err != nil || !ok {
				t.Errorf("recorded: %v %v", ok, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		db.View(ctx, func(tx *store.Tx) error { r, err = tx.Remediation(ctx, wardID, r.ID); return err })
		if err != nil || len(r.Entries) != 2 || r.UnitCode != "KT" || r.State != "open" || r.Month != time.October {
			t.Fatalf("remediation: %+v %v", r, err)
		}
		// Another ward cannot read it.
		err = db.View(ctx, func(tx *store.Tx) error { _, err := tx.Remediation(ctx, wardID+1, r.ID); return err })
		if !errs.Is(err, errs.NotFound) {
			t.Errorf("other ward: %v", err)
		}
		// Missing after the due date; saving with a stale version is refused.
		var toMark []store.Remediation
		db.View(ctx, func(tx *store.Tx) error {
			toMark, err = tx.RemediationsToMark(ctx, wardID, date("2026-10-24"))
			return err
		})
		if err != nil || len(toMark) != 1 {
			t.Fatalf("to mark: %v %v", toMark, err)
		}
		miss := time.Date(2026, 10, 23, 17, 0, 0, 0, time.UTC)
		r.State, r.MissingAt = "missing", &miss
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.SaveRemediation(ctx, r) }); err != nil {
			t.Fatal(err)
		}
		r.State = "filed"
		err = db.Update(ctx, func(tx *store.Tx) error { return tx.SaveRemediation(ctx, r) })
		if !errs.Is(err, errs.Conflict) {
			t.Errorf("stale save: %v", err)
		}
		db.View(ctx, func(tx *store.Tx) error {
			toMark, err = tx.RemediationsToMark(ctx, wardID, date("2026-12-24"))
			return err
		})
		if len(toMark) != 0 {
			t.Errorf("a missing obligation is marked again: %v", toMark)
		}
		var list []store.Remediation
		db.View(ctx, func(tx *store.Tx) error {
			list, err = tx.Remediations(ctx, wardID, 2026, time.September, 2026, time.November)
			return err
		})
		if err != nil || len(list) != 1 || list[0].State != "missing" || list[0].MissingAt == nil || !list[0].MissingAt.Equal(miss) {
			t.Errorf("list: %+v %v", list, err)
		}
	})
}

// Two runners on one database: each occurrence runs once, also when they
// tick at the same moment and when one dies in the middle of a run.
func TestJobClaimsAcrossRunners(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var mu sync.Mutex
		now := time.Date(2026, 12, 1, 3, 1, 0, 0, time.UTC)
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		runs := map[time.Time]int{}
		crash := true
		job := jobs.Job{Name: "sweep", Schedule: jobs.Every{Interval: 5 * time.Minute}, Lease: 2 * time.Minute,
			Run: func(_ context.Context, at time.Time) error {
				mu.Lock()
				defer mu.Unlock()
				if crash {
					crash = false
					return errDied
				}
				runs[at]++
				return nil
			}}
		claims := store.JobClaims{DB: db}
		a := &jobs.Runner{Jobs: []jobs.Job{job}, Claims: claims, Now: clock, Owner: "a"}
		b := &jobs.Runner{Jobs: []jobs.Job{job}, Claims: claims, Now: clock, Owner: "b"}
		// The first run "dies": its claim is left unfinished with a lease.
		if ok, err := claims.Claim(ctx, "sweep", time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC), "dead", now, now.Add(2*time.Minute)); err != nil || !ok {
			t.Fatalf("claim: %v %v", ok, err)
		}
		crash = false
		tick := func(to time.Time) {
			mu.Lock()
			now = to
			mu.Unlock()
			var wg sync.WaitGroup
			for _, r := range []*jobs.Runner{a, b, a, b} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := r.Tick(ctx); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
		}
		tick(time.Date(2026, 12, 1, 3, 2, 0, 0, time.UTC)) // the dead lease is live: nobody runs 03:00
		tick(time.Date(2026, 12, 1, 3, 4, 0, 0, time.UTC)) // expired: one runner takes it over
		tick(time.Date(2026, 12, 1, 3, 5, 0, 0, time.UTC))
		tick(time.Date(2026, 12, 1, 3, 6, 0, 0, time.UTC))
		want := map[time.Time]int{time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC): 1, time.Date(2026, 12, 1, 3, 5, 0, 0, time.UTC): 1}
		if len(runs) != len(want) {
			t.Fatalf("runs %v, want %v", runs, want)
		}
		for at, n := range want {
			if runs[at] != n {
				t.Errorf("%s ran %d times", at, runs[at])
			}
		}
		var last map[string]store.JobRun
		db.View(ctx, func(tx *store.Tx) error { var err error; last, err = tx.LastJobRuns(ctx); return err })
		if r := last["sweep"]; !r.At.Equal(time.Date(2026, 12, 1, 3, 5, 0, 0, time.UTC)) || r.FinishedAt == nil || r.Error != "" {
			t.Errorf("last run: %+v", r)
		}
	})
}

var errDied = errors.New("died")
