package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// TestChangeStampAndCache: a write that changes a row raises the stamp, a
// write that changes nothing or fails does not, and a cached value is
// served until a write (through any connection of the database) and then
// rebuilt with what the write changed.
func TestChangeStampAndCache(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		stamp := func() int64 {
			t.Helper()
			var n int64
			if err := db.View(ctx, func(tx *store.Tx) error {
				var err error
				n, err = tx.ChangeStamp(ctx)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return n
		}
		var ward int64
		if err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			ward, err = tx.CreateWard(ctx, org.Ward{Code: "HB", Name: "Phường Hòa Bình"}, time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		s0 := stamp()
		if s0 < 1 {
			t.Fatalf("stamp after creating a ward = %d, want ≥ 1", s0)
		}

		// A write that changes no row, and a write that fails, leave it.
		if err := db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.Units(ctx, ward)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		boom := errors.New("refused")
		if err := db.Update(ctx, func(tx *store.Tx) error {
			if _, err := tx.CreateUnit(ctx, ward, org.UnitInput{Code: "VP", Name: "Văn phòng", Kind: "office"}); err != nil {
				return err
			}
			return boom
		}); !errors.Is(err, boom) {
			t.Fatalf("failed write: %v", err)
		}
		if s := stamp(); s != s0 {
			t.Fatalf("stamp after a read-only and a failed write = %d, want %d", s, s0)
		}

		builds := 0
		units := func(ctx context.Context) int {
			t.Helper()
			var n int
			if err := db.View(ctx, func(tx *store.Tx) error {
				us, err := store.Cached(ctx, tx, "units", func() ([]org.Unit, error) {
					builds++
					return tx.Units(ctx, ward)
				})
				n = len(us)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := units(ctx); n != 0 || builds != 1 {
			t.Fatalf("first read: %d units, %d builds; want 0, 1", n, builds)
		}
		if n := units(ctx); n != 0 || builds != 1 {
			t.Fatalf("second read: %d units, %d builds; want 0 from the cache", n, builds)
		}
		// A request's memo, then a write in that request: the next read
		// sees the write.
		req := store.WithStampMemo(ctx)
		units(req)
		if err := db.Update(req, func(tx *store.Tx) error {
			_, err := tx.CreateUnit(ctx, ward, org.UnitInput{Code: "VP", Name: "Văn phòng", Kind: "office"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if s := stamp(); s != s0+1 {
			t.Fatalf("stamp after adding a unit = %d, want %d", s, s0+1)
		}
		if n := units(req); n != 1 || builds != 2 {
			t.Fatalf("after the write: %d units, %d builds; want 1, 2", n, builds)
		}
		// A change made outside the store's methods (another tool, another
		// server's statement through storetest) is seen too.
		if err := storetest.Exec(ctx, db, `UPDATE units SET name = 'Văn phòng HĐND-UBND' WHERE ward_id = $1`, ward); err != nil {
			t.Fatal(err)
		}
		var name string
		if err := db.View(ctx, func(tx *store.Tx) error {
			us, err := store.Cached(ctx, tx, "units", func() ([]org.Unit, error) { return tx.Units(ctx, ward) })
			if len(us) == 1 {
				name = us[0].Name
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if name != "Văn phòng HĐND-UBND" {
			t.Fatalf("unit name after an outside change = %q", name)
		}
		// A write transaction reads through, never from, the cache.
		if err := db.Update(ctx, func(tx *store.Tx) error {
			us, err := store.Cached(ctx, tx, "units", func() ([]org.Unit, error) { return nil, nil })
			if len(us) != 0 {
				t.Fatalf("a write transaction got %d cached units", len(us))
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestCacheNeverOlderThanACommittedWrite: readers keep asking for a cached
// count while a writer adds units one by one; whatever a reader gets is
// never fewer units than were committed before its request began (a value
// kept under a stamp is never older than the database at that stamp).
func TestCacheNeverOlderThanACommittedWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var ward int64
		if err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			ward, err = tx.CreateWard(ctx, org.Ward{Code: "HB", Name: "Phường Hòa Bình"}, time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		var committed atomic.Int64
		const writes = 30
		done := make(chan struct{})
		errc := make(chan error, 5)
		for r := range 4 {
			go func() {
				for {
					select {
					case <-done:
						errc <- nil
						return
					default:
					}
					before := committed.Load()
					req := store.WithStampMemo(ctx)
					var n int
					err := db.View(req, func(tx *store.Tx) error {
						us, err := store.Cached(req, tx, "units", func() ([]org.Unit, error) { return tx.Units(req, ward) })
						n = len(us)
						return err
					})
					if err != nil {
						errc <- err
						return
					}
					if int64(n) < before {
						errc <- fmt.Errorf("reader %d: %d units, %d were committed before it asked", r, n, before)
						return
					}
				}
			}()
		}
		for i := range writes {
			if err := db.Update(ctx, func(tx *store.Tx) error {
				_, err := tx.CreateUnit(ctx, ward, org.UnitInput{Code: fmt.Sprintf("U%02d", i), Name: fmt.Sprintf("Đơn vị %d", i), Kind: "department"})
				return err
			}); err != nil {
				t.Fatal(err)
			}
			committed.Add(1)
		}
		close(done)
		for range 4 {
			if err := <-errc; err != nil {
				t.Fatal(err)
			}
		}
	})
}

// TestCacheBuildsOnceForManyAskers: sixteen requests missing the same key at
// once cause one build, and all get its value; when the first asker's build
// fails because it went away (its context ended), the others build their own.
func TestCacheBuildsOnceForManyAskers(t *testing.T) {
	db := storetest.OpenSQLite(t)
	ctx := context.Background()
	var builds atomic.Int64
	release := make(chan struct{})
	ask := func(ctx context.Context, key string, build func() (int, error)) (int, error) {
		v, err := store.Remember(ctx, db, key, build)
		return v, err
	}
	results := make(chan int, 16)
	for range 16 {
		go func() {
			v, err := ask(ctx, "slow", func() (int, error) {
				builds.Add(1)
				<-release
				return 42, nil
			})
			if err != nil {
				t.Error(err)
			}
			results <- v
		}()
	}
	time.Sleep(50 * time.Millisecond) // let them all ask
	close(release)
	for range 16 {
		if v := <-results; v != 42 {
			t.Errorf("got %d", v)
		}
	}
	if n := builds.Load(); n != 1 {
		t.Errorf("%d builds for 16 askers at once, want 1", n)
	}
	// The first asker leaves: the one waiting builds for itself.
	gone, cancel := context.WithCancel(ctx)
	started, second := make(chan struct{}), make(chan int, 1)
	go func() {
		_, err := ask(gone, "left", func() (int, error) {
			close(started)
			<-gone.Done()
			return 0, gone.Err()
		})
		if err == nil {
			t.Error("the canceled asker got no error")
		}
	}()
	<-started
	go func() {
		v, _ := ask(ctx, "left", func() (int, error) { return 7, nil })
		second <- v
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	if v := <-second; v != 7 {
		t.Errorf("the asker left waiting got %d, want its own 7", v)
	}
}

// Each ward has its own stamp: a change bound to one ward renews what is
// kept for that ward and what is kept across wards, and leaves what is
// kept for another ward; a change bound to no ward (the province, the
// command line) renews everything.
func TestWardStampsKeepOtherWardsCaches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		at := time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC)
		var hb, td int64
		if err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			if hb, err = tx.CreateWard(ctx, org.Ward{Code: "hoabinh", Name: "Phường Hòa Bình"}, at); err != nil {
				return err
			}
			td, err = tx.CreateWard(ctx, org.Ward{Code: "tandinh", Name: "Phường Tân Định"}, at)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		builds := map[int64]int{}
		// units reads a ward's units through the cache, bound to the ward
		// (0: across wards, every ward's units).
		units := func(ward int64) int {
			t.Helper()
			bctx := store.AcrossWards(ctx)
			if ward != 0 {
				bctx = store.ForWard(ctx, ward)
			}
			var n int
			if err := db.View(bctx, func(tx *store.Tx) error {
				us, err := store.Cached(bctx, tx, fmt.Sprintf("units-%d", ward), func() (int, error) {
					builds[ward]++
					if ward != 0 {
						us, err := tx.Units(bctx, ward)
						return len(us), err
					}
					a, err := tx.Units(bctx, hb)
					if err != nil {
						return 0, err
					}
					b, err := tx.Units(bctx, td)
					return len(a) + len(b), err
				})
				n = us
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return n
		}
		addUnit := func(bctx context.Context, ward int64, code string) {
			t.Helper()
			if err := db.Update(bctx, func(tx *store.Tx) error {
				_, err := tx.CreateUnit(bctx, ward, org.UnitInput{Code: code, Name: "Phòng " + code, Kind: "department"})
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		check := func(step string, want map[int64][2]int) {
			t.Helper()
			for ward, w := range want {
				if n := units(ward); n != w[0] || builds[ward] != w[1] {
					t.Errorf("%s: ward %d: %d units after %d builds, want %d after %d", step, ward, n, builds[ward], w[0], w[1])
				}
			}
		}
		check("first read", map[int64][2]int{hb: {0, 1}, td: {0, 1}, 0: {0, 1}})
		check("read again", map[int64][2]int{hb: {0, 1}, td: {0, 1}, 0: {0, 1}})

		addUnit(store.ForWard(ctx, hb), hb, "VP")
		check("a change in Hòa Bình", map[int64][2]int{hb: {1, 2}, td: {0, 1}, 0: {1, 2}})

		addUnit(store.ForWard(ctx, td), td, "VP")
		check("a change in Tân Định", map[int64][2]int{hb: {1, 2}, td: {1, 2}, 0: {2, 3}})

		addUnit(ctx, hb, "KT") // bound to no ward
		check("a change bound to no ward", map[int64][2]int{hb: {2, 3}, td: {1, 3}, 0: {3, 4}})
	})
}
