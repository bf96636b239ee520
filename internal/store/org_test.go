package store_test

import (
	"context"
	"dieuhanh/internal/calendar"
	"fmt"
	"slices"
	"testing"
	"time"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

func TestOrgStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
		var wardID, unitID, personID int64
		err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			wardID, err = tx.CreateWard(ctx, org.Ward{Code: "hb", Name: "Phường Hòa Bình", PlaceName: "Hòa Bình", Settings: org.DefaultSettings()}, now)
			if err != nil {
				return err
			}
			unitID, err = tx.CreateUnit(ctx, wardID, org.UnitInput{Code: "VP", Name: "Văn phòng HĐND và UBND", Kind: "office"})
			if err != nil {
				return err
			}
			personID, err = tx.CreatePerson(ctx, wardID, org.PersonInput{FullName: "Trần Thị Lan", UnitID: unitID})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}

		// A duplicate unit code is a field error, and the transaction rolls back.
		err = db.Update(ctx, func(tx *store.Tx) error {
			if _, err := tx.CreateUnit(ctx, wardID, org.UnitInput{Code: "KT", Name: "Phòng Kinh tế", Kind: "department"}); err != nil {
				return err
			}
			_, err := tx.CreateUnit(ctx, wardID, org.UnitInput{Code: "VP", Name: "Trùng", Kind: "office"})
			return err
		})
		if fields := errs.FieldsOf(err); fields["code"] == "" {
			t.Fatalf("duplicate code: err = %v, want a code field error", err)
		}
		db.View(ctx, func(tx *store.Tx) error {
			units, _ := tx.Units(ctx, wardID)
			if len(units) != 1 {
				t.Errorf("after rollback: %d units, want 1", len(units))
			}
			return nil
		})

		// Stale versions are refused.
		err = db.Update(ctx, func(tx *store.Tx) error {
			return tx.UpdateUnit(ctx, wardID, unitID, 1, org.UnitInput{Code: "VP", Name: "Văn phòng", Kind: "office"})
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(ctx, func(tx *store.Tx) error {
			return tx.UpdateUnit(ctx, wardID, unitID, 1, org.UnitInput{Code: "VP", Name: "Ghi đè", Kind: "office"})
		})
		if !errs.Is(err, errs.Conflict) {
			t.Fatalf("stale update: err = %v, want conflict", err)
		}

		// Leaders with portfolios round-trip; users join person, unit and leader.
		err = db.Update(ctx, func(tx *store.Tx) error {
			lid, err := tx.CreateLeader(ctx, wardID, org.LeaderInput{PersonID: personID, Position: "vice_chairman",
				Portfolios: []org.PortfolioInput{{Name: "Kinh tế", UnitIDs: []int64{unitID}}, {Name: "Đô thị"}}})
			if err != nil {
				return err
			}
			l, err := tx.Leader(ctx, wardID, lid)
			if err != nil {
				return err
			}
			if len(l.Portfolios) != 2 || l.Portfolios[0].Name != "Kinh tế" || len(l.Portfolios[0].UnitIDs) != 1 || l.FullName != "Trần Thị Lan" {
				t.Errorf("leader = %+v", l)
			}
			uid, err := tx.CreateUser(ctx, wardID, org.UserInput{Login: "pct", Role: "vice_chairman", PersonID: personID}, "h", now)
			if err != nil {
				return err
			}
			u, hash, err := tx.UserInWard(ctx, wardID, "pct")
			if err != nil {
				return err
			}
			if u.ID != uid || hash != "h" || u.LeaderID != lid || u.UnitCode != "VP" || !u.CreatedAt.Equal(now) {
				t.Errorf("user = %+v", u)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.CreateUser(ctx, wardID, org.UserInput{Login: "pct", Role: "viewer", PersonID: personID}, "h", now)
			return err
		})
		if errs.FieldsOf(err)["login"] == "" {
			t.Errorf("duplicate login: %v", err)
		}
	})
}

func TestAuditAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		err := db.Update(ctx, func(tx *store.Tx) error {
			return tx.AddAudit(ctx, store.AuditEntry{WardID: 1, At: now, ActorLogin: "admin", Entity: "unit", EntityID: 7, Action: "create"},
				nil, map[string]string{"code": "VP"})
		})
		if err != nil {
			t.Fatal(err)
		}
		var entries []store.AuditEntry
		db.View(ctx, func(tx *store.Tx) error {
			entries, _, err = tx.AuditLog(ctx, 1, store.AuditFilter{Entity: "unit"})
			return err
		})
		if len(entries) != 1 || entries[0].After != `{"code":"VP"}` || !entries[0].At.Equal(now) {
			t.Fatalf("entries = %+v", entries)
		}
		for _, q := range []string{"changes", "deletes"} {
			err := storetest.TamperAudit(ctx, db, q == "deletes")
			if err == nil {
				t.Errorf("audit log %s: allowed", q)
			}
		}
	})
}

// The ward's numbers come from one book per year by default: a program,
// an invitation and a notice share the sequence, which restarts at 01 in
// the new year; with separate books each symbol has its own.
func TestDocNumbers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var wardID int64
		db.Update(ctx, func(tx *store.Tx) error {
			wardID, _ = tx.CreateWard(ctx, org.Ward{Code: "hb", Name: "P", PlaceName: "P"}, time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC))
			return nil
		})
		draw := func(year int, symbol string) int {
			var n int
			err := db.Update(ctx, func(tx *store.Tx) error {
				var err error
				n, _, err = tx.DrawDocNumber(ctx, wardID, year, symbol)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		var got []int
		for _, k := range []struct {
			year   int
			symbol string
		}{{2026, "CTr-UBND"}, {2026, "CTr-UBND"}, {2026, "GM-UBND"}, {2027, "CTr-UBND"}, {2026, "TB-UBND"}} {
			got = append(got, draw(k.year, k.symbol))
		}
		if want := []int{1, 2, 3, 1, 4}; !slices.Equal(got, want) {
			t.Fatalf("one book: numbers = %v, want %v", got, want)
		}
		err := db.Update(ctx, func(tx *store.Tx) error {
			w, err := tx.Ward(ctx, wardID)
			if err != nil {
				return err
			}
			w.Settings.SeparateDocBooks = true
			return tx.UpdateWard(ctx, w)
		})
		if err != nil {
			t.Fatal(err)
		}
		got = []int{draw(2028, "CTr-UBND"), draw(2028, "GM-UBND"), draw(2028, "CTr-UBND")}
		if want := []int{1, 1, 2}; !slices.Equal(got, want) {
			t.Fatalf("separate books: numbers = %v, want %v", got, want)
		}
		// 2026 had 01, 02/CTr-UBND from the one book (registered): the
		// CTr book of its own passes over them.
		for _, n := range []int{1, 2} {
			if err := storetest.Exec(ctx, db, `INSERT INTO documents (ward_id, year, type, book, number_seq, number, symbol, subject, state, issued_on, created_at, updated_at)
				VALUES ($1, 2026, 'chuong_trinh', '', $2, $3, 'CTr-UBND', 'x', 'issued', '2026-12-01', $4, $4)`,
				wardID, 100+n, fmt.Sprintf("%02d/CTr-UBND", n), time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
		}
		if n := draw(2026, "CTr-UBND"); n != 3 {
			t.Fatalf("after a switch of books: %d, want 3 (01 and 02 were printed)", n)
		}
	})
}

// A second pending extension for one item is refused by the database
// itself, so two racing requests cannot both wait.
func TestOnePendingExtension(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
		var itemID int64
		err := db.Update(ctx, func(tx *store.Tx) error {
			w, _ := tx.CreateWard(ctx, org.Ward{Code: "x", Name: "P", PlaceName: "P"}, now)
			u, _ := tx.CreateUnit(ctx, w, org.UnitInput{Code: "KT", Name: "KT", Kind: "department"})
			p, _ := tx.CreatePerson(ctx, w, org.PersonInput{FullName: "A"})
			l, _ := tx.CreateLeader(ctx, w, org.LeaderInput{PersonID: p, Position: "chairman"})
			prog, err := tx.EnsureProgram(ctx, w, 2026, time.December, now)
			if err != nil {
				return err
			}
			d := calendar.NewDate(2026, time.December, 15)
			itemID, err = tx.CreateItem(ctx, store.Item{WardID: w, ProgramID: prog.ID, Section: 4, Title: "X", Kind: "task", Source: "other",
				LeadUnitID: u, LeaderID: l, DueDate: d, OriginalDueDate: d, Registration: "registered", RegisteredAt: now})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		ext := store.Extension{ItemID: itemID, RequestedAt: now, OldDate: calendar.NewDate(2026, 12, 15), NewDate: calendar.NewDate(2026, 12, 22), Reason: "r"}
		if err := db.Update(ctx, func(tx *store.Tx) error { _, err := tx.CreateExtension(ctx, ext, 0); return err }); err != nil {
			t.Fatal(err)
		}
		err = db.Update(ctx, func(tx *store.Tx) error { _, err := tx.CreateExtension(ctx, ext, 0); return err })
		if !errs.Is(err, errs.Conflict) {
			t.Fatalf("second pending extension: %v", err)
		}
	})
}
