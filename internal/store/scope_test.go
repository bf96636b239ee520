package store_test

import (
	"context"
	"testing"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// The store decides the ward of every call in one place (Tx.scope): a
// transaction bound to one ward finds nothing of another ward, changes
// nothing of it and adds nothing to it, whatever ward its caller names;
// unbound, the caller's ward stands. On SQLite this is the only wall.
func TestStoreScopesEveryCallToItsBinding(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, b := twoWards(t, db)
		var bUnit org.Unit
		unbound := func(tx *store.Tx) error {
			units, err := tx.Units(ctx, b)
			if len(units) == 0 {
				t.Fatal("the second ward has no units")
			}
			bUnit = units[0]
			return err
		}
		if err := db.View(ctx, unbound); err != nil {
			t.Fatal(err)
		}
		before := storetest.RowCounts(t, db, "units", "people")

		inA := store.ForWard(ctx, a)
		err := db.View(inA, func(tx *store.Tx) error {
			if units, err := tx.Units(ctx, b); err != nil || len(units) != 0 {
				t.Errorf("bound to ward %d, ward %d's units: %d, %v", a, b, len(units), err)
			}
			if _, err := tx.Unit(ctx, b, bUnit.ID); !errs.Is(err, errs.NotFound) {
				t.Errorf("bound to ward %d, a unit of ward %d: %v, want not found", a, b, err)
			}
			if _, err := tx.UnitByCode(ctx, b, bUnit.Code); !errs.Is(err, errs.NotFound) {
				t.Errorf("bound to ward %d, ward %d's unit %s: %v, want not found", a, b, bUnit.Code, err)
			}
			if _, err := tx.Ward(ctx, b); !errs.Is(err, errs.NotFound) {
				t.Errorf("bound to ward %d, ward %d: %v, want not found", a, b, err)
			}
			if people, err := tx.People(ctx, b); err != nil || len(people) != 0 {
				t.Errorf("bound to ward %d, ward %d's people: %d, %v", a, b, len(people), err)
			}
			// The binding's own ward answers as before.
			if units, err := tx.Units(ctx, a); err != nil || len(units) == 0 {
				t.Errorf("bound to ward %d, its own units: %d, %v", a, len(units), err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Update(inA, func(tx *store.Tx) error {
			return tx.UpdateUnit(ctx, b, bUnit.ID, bUnit.Version, org.UnitInput{Code: bUnit.Code, Name: "Đổi tên", Kind: string(bUnit.Kind)})
		}); !errs.Is(err, errs.Conflict) && !errs.Is(err, errs.NotFound) {
			t.Errorf("bound to ward %d, renaming a unit of ward %d: %v, want refused", a, b, err)
		}
		if err := db.Update(inA, func(tx *store.Tx) error {
			_, err := tx.CreateUnit(ctx, b, org.UnitInput{Code: "MOI", Name: "Đơn vị mới", Kind: string(bUnit.Kind)})
			return err
		}); err == nil {
			t.Errorf("bound to ward %d, a unit added to ward %d", a, b)
		}
		after := storetest.RowCounts(t, db, "units", "people")
		for k, n := range before {
			if after[k] != n {
				t.Errorf("%s: %d rows → %d", k, n, after[k])
			}
		}
		if err := db.View(ctx, func(tx *store.Tx) error {
			u, err := tx.Unit(ctx, b, bUnit.ID)
			if err == nil && u.Name != bUnit.Name {
				t.Errorf("ward %d's unit renamed to %q", b, u.Name)
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		// The methods that take a record's id, not a ward: bound to the
		// second ward, the demo ward's program, items, their history, a
		// week's meetings and a person's accounts are not there.
		var progID, itemID, schedID, personID int64
		if err := db.View(ctx, func(tx *store.Tx) error {
			ps, err := tx.Programs(ctx, a)
			if err != nil || len(ps) == 0 {
				t.Fatalf("the demo ward's programs: %d, %v", len(ps), err)
			}
		find:
			for _, p := range ps {
				items, _ := tx.Items(ctx, p.ID)
				for _, it := range items {
					if evs, _ := tx.ItemEvents(ctx, it.ID); len(evs) > 0 {
						progID, itemID = p.ID, it.ID
						break find
					}
				}
			}
			if itemID == 0 {
				t.Fatal("no demo item has a history: the test would prove nothing")
			}
			people, err := tx.People(ctx, a)
			for _, p := range people {
				if ids, _ := tx.PersonUserIDs(ctx, p.ID); len(ids) > 0 {
					personID = p.ID
					break
				}
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if err := db.Raw().QueryRowContext(ctx, `SELECT MIN(schedule_id) FROM events WHERE ward_id = $1 AND schedule_id IS NOT NULL`, a).Scan(&schedID); err != nil {
			t.Fatal(err)
		}
		if progID == 0 || personID == 0 || schedID == 0 {
			t.Fatalf("demo ward without items, accounts or a week's meetings: %d %d %d", progID, personID, schedID)
		}
		if err := db.View(store.ForWard(ctx, b), func(tx *store.Tx) error {
			if items, err := tx.Items(ctx, progID); err != nil || len(items) != 0 {
				t.Errorf("bound to ward %d, ward %d's program's items: %d, %v", b, a, len(items), err)
			}
			if evs, err := tx.ItemEvents(ctx, itemID); err != nil || len(evs) != 0 {
				t.Errorf("bound to ward %d, ward %d's item history: %d, %v", b, a, len(evs), err)
			}
			if vs, err := tx.ProgramVersions(ctx, progID); err != nil || len(vs) != 0 {
				t.Errorf("bound to ward %d, ward %d's program versions: %d, %v", b, a, len(vs), err)
			}
			if _, err := tx.ScheduleByID(ctx, schedID); !errs.Is(err, errs.NotFound) {
				t.Errorf("bound to ward %d, ward %d's week: %v, want not found", b, a, err)
			}
			if evs, err := tx.ScheduleEvents(ctx, schedID); err != nil || len(evs) != 0 {
				t.Errorf("bound to ward %d, ward %d's meetings: %d, %v", b, a, len(evs), err)
			}
			if ids, err := tx.PersonUserIDs(ctx, personID); err != nil || len(ids) != 0 {
				t.Errorf("bound to ward %d, ward %d's person's accounts: %v, %v", b, a, ids, err)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}

		// Bound to the second ward, the same calls find its rows.
		if err := db.View(store.ForWard(ctx, b), func(tx *store.Tx) error {
			u, err := tx.Unit(ctx, b, bUnit.ID)
			if err == nil && u.ID != bUnit.ID {
				t.Errorf("bound to ward %d, its unit: %+v", b, u)
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
	})
}

// A server opens its PostgreSQL connections before its first requests and
// keeps them: a burst of requests finds them open.
func TestWarmUpOpensThePool(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.WarmUp(context.Background()); err != nil {
			t.Fatal(err)
		}
		// SQLite keeps its own connections (one writer, the readers).
		if st := db.Raw().Stats(); db.Dialect() == store.Postgres && (st.OpenConnections < 20 || st.Idle < 20) {
			t.Errorf("after WarmUp: %d connections open, %d idle; want the pool's 20 kept", st.OpenConnections, st.Idle)
		}
	})
}
