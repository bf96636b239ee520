package app_test

import (
	"context"
	"testing"

	"dieuhanh/internal/app"
	"dieuhanh/internal/notify/smtptest"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// A disabled ward's people cannot sign in, so the background jobs send
// them nothing; enabled again, the ward's digests are written as before.
func TestJobsSkipADisabledWard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newScenario(t, db)
		s.useMail(smtptest.Start(t).Port)
		s.sweepAt(t, vn("2027-02-04 06:00"))
		var code string
		db.View(ctx, func(tx *store.Tx) error { w, err := tx.Ward(ctx, s.wardID); code = w.Code; return err })
		digests := func() int {
			t.Helper()
			var n int
			if err := db.Raw().QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE kind = 'digest'`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		runDigest := func() {
			t.Helper()
			for _, j := range s.app.Jobs() {
				if j.Name == "digest" {
					if err := j.Run(ctx, vn("2027-02-04 07:30")); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		if _, err := s.app.SetWardDisabled(ctx, app.ProvinceSystemActor(), code, true); err != nil {
			t.Fatal(err)
		}
		runDigest()
		if n := digests(); n != 0 {
			t.Fatalf("%d digests written for a disabled ward", n)
		}
		if _, err := s.app.SetWardDisabled(ctx, app.ProvinceSystemActor(), code, false); err != nil {
			t.Fatal(err)
		}
		runDigest()
		if n := digests(); n == 0 {
			t.Fatal("no digest once the ward is enabled again")
		}
	})
}
