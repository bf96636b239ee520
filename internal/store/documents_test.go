package store_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

func docWard(t *testing.T, db *store.DB) (wardID, unitID int64) {
	t.Helper()
	ctx := context.Background()
	err := db.Update(ctx, func(tx *store.Tx) error {
		var err error
		wardID, err = tx.CreateWard(ctx, org.Ward{Code: "hb", Name: "P", PlaceName: "P"}, time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC))
		if err != nil {
			return err
		}
		unitID, err = tx.CreateUnit(ctx, wardID, org.UnitInput{Code: "VP", Name: "Văn phòng", Kind: "office"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return wardID, unitID
}

func register(t *testing.T, db *store.DB, wardID int64, on, symbol, subject string) store.Registered {
	t.Helper()
	ctx := context.Background()
	var r store.Registered
	err := db.Update(ctx, func(tx *store.Tx) error {
		var err error
		r, err = tx.RegisterNumbered(ctx, store.Registration{WardID: wardID, IssuedOn: on, Symbol: symbol, Subject: subject,
			SourceKind: "program", SourceID: 1, At: time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// What other parts number lands in the register, from the one book;
// the year boundary restarts it at 01; a withdrawn number is never given
// again; the register filters, searches without diacritics and pages.
func TestRegister(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		wardID, _ := docWard(t, db)
		a := register(t, db, wardID, "2026-12-31", "CTr-UBND", "Chương trình công tác tháng 01 năm 2027")
		b := register(t, db, wardID, "2026-12-31", "GM-UBND", "Giấy mời: Hội nghị tổng kết công tác năm")
		c := register(t, db, wardID, "2027-01-01", "TB-UBND", "Thông báo kết luận: phiên họp thường kỳ")
		if a.Number != "01/CTr-UBND" || b.Number != "02/GM-UBND" || c.Number != "01/TB-UBND" {
			t.Fatalf("numbers %s %s %s", a.Number, b.Number, c.Number)
		}
		// Withdraw b: the next number of 2026 is 03, not 02 again.
		err := db.Update(ctx, func(tx *store.Tx) error {
			d, err := tx.Document(ctx, wardID, b.ID)
			if err != nil {
				return err
			}
			now := time.Date(2027, 1, 2, 3, 0, 0, 0, time.UTC)
			d.State, d.WithdrawnAt, d.WithdrawReason, d.UpdatedAt = "withdrawn", &now, "Sai thời gian", now
			return tx.UpdateDocument(ctx, d)
		})
		if err != nil {
			t.Fatal(err)
		}
		if d := register(t, db, wardID, "2026-12-31", "KH-UBND", "Kế hoạch"); d.Number != "03/KH-UBND" {
			t.Fatalf("after a withdrawal: %s, want 03/KH-UBND", d.Number)
		}
		err = db.View(ctx, func(tx *store.Tx) error {
			all, next, err := tx.Register(ctx, store.RegisterFilter{WardID: wardID, Year: 2026})
			if err != nil {
				return err
			}
			if len(all) != 3 || next != "" {
				t.Errorf("2026 register: %d rows, next %q", len(all), next)
			}
			found, _, err := tx.Register(ctx, store.RegisterFilter{WardID: wardID, Year: 2026, Query: "hoi nghi TONG KET"})
			if err != nil {
				return err
			}
			if len(found) != 1 || found[0].ID != b.ID || found[0].State != "withdrawn" {
				t.Errorf("search without diacritics: %+v", found)
			}
			none, _, err := tx.Register(ctx, store.RegisterFilter{WardID: wardID, Year: 2026, Query: "100%"})
			if err != nil {
				return err
			}
			if len(none) != 0 {
				t.Errorf("%% taken as a wildcard: %d rows", len(none))
			}
			typed, _, err := tx.Register(ctx, store.RegisterFilter{WardID: wardID, Year: 2026, Type: "chuong_trinh"})
			if err != nil {
				return err
			}
			if len(typed) != 1 || typed[0].ID != a.ID {
				t.Errorf("type filter: %+v", typed)
			}
			// Paging: one row per page walks every row once.
			var seen []int64
			cursor := ""
			for range 5 {
				page, next, err := tx.Register(ctx, store.RegisterFilter{WardID: wardID, Year: 2026, Limit: 1, Cursor: cursor})
				if err != nil {
					return err
				}
				for _, d := range page {
					seen = append(seen, d.ID)
				}
				if next == "" {
					break
				}
				cursor = next
			}
			if len(seen) != 3 {
				t.Errorf("paging saw %v", seen)
			}
			if _, _, err := tx.Register(ctx, store.RegisterFilter{WardID: wardID, Year: 2026, Cursor: "x"}); !errs.Is(err, errs.Invalid) {
				t.Errorf("bad cursor: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// A number given twice in a book and year is refused by the database.
func TestRegisterCollision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		wardID, _ := docWard(t, db)
		first := register(t, db, wardID, "2026-12-01", "CTr-UBND", "A")
		// Rewind the book as a broken import would: the next draw collides.
		if err := storetest.Exec(ctx, db, `UPDATE doc_sequences SET last_no = 0`); err != nil {
			t.Fatal(err)
		}
		err := db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.RegisterNumbered(ctx, store.Registration{WardID: wardID, IssuedOn: "2026-12-02", Symbol: "TB-UBND",
				Subject: "B", SourceKind: "conclusion", SourceID: 2, At: time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)})
			return err
		})
		if !errs.Is(err, errs.Conflict) {
			t.Fatalf("collision with %s: %v", first.Number, err)
		}
		if n := storetest.RowCounts(t, db, "documents")["documents"]; n != 1 {
			t.Fatalf("%d register rows after a refused number", n)
		}
	})
}

// Two clerks issuing at once: every number once, none skipped.
func TestRegisterConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		wardID, _ := docWard(t, db)
		const n = 16
		var wg sync.WaitGroup
		errc := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				symbol := []string{"CTr-UBND", "UBND-VP"}[i%2]
				errc <- db.Update(ctx, func(tx *store.Tx) error {
					_, err := tx.RegisterNumbered(ctx, store.Registration{WardID: wardID, IssuedOn: "2026-12-01", Symbol: symbol,
						Subject: fmt.Sprint("Văn bản ", i), SourceKind: "test", SourceID: int64(i + 1), At: time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)})
					return err
				})
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			if err != nil {
				t.Error(err)
			}
		}
		err := db.View(ctx, func(tx *store.Tx) error {
			docs, _, err := tx.Register(ctx, store.RegisterFilter{WardID: wardID, Year: 2026, Limit: 200})
			if err != nil {
				return err
			}
			var seqs []int
			for _, d := range docs {
				seqs = append(seqs, d.NumberSeq)
			}
			sort.Ints(seqs)
			for i, s := range seqs {
				if s != i+1 {
					t.Fatalf("numbers %v: want 1..%d, no duplicate, no gap", seqs, n)
				}
			}
			if len(seqs) != n {
				t.Fatalf("%d numbers, want %d", len(seqs), n)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// Numbers drawn before the register existed join it at migration, folded
// for search, and the single book continues after the highest of them.
func TestRegisterBackfill(t *testing.T) {
	storetest.EachAt(t, 18, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		created := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO wards (code, name, place_name, parent_name, settings, created_at) VALUES ('hb', 'Phường Hòa Bình', 'Hòa Bình', '', '{}', $1)`, []any{created}},
			{`INSERT INTO programs (ward_id, year, month, state, number, issued_on, issued_at, created_at) VALUES (1, 2026, 12, 'issued', '02/CTr-UBND', '2026-11-27', $1, $1)`, []any{created}},
			{`INSERT INTO doc_sequences (ward_id, year, symbol, last_no) VALUES (1, 2026, 'CTr-UBND', 2), (1, 2026, 'GM-UBND', 7)`, nil},
		} {
			if err := storetest.Exec(ctx, db, q.sql, q.args...); err != nil {
				t.Fatalf("%s: %v", q.sql, err)
			}
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		err := db.View(ctx, func(tx *store.Tx) error {
			docs, _, err := tx.Register(ctx, store.RegisterFilter{WardID: 1, Year: 2026, Query: "chuong trinh cong tac"})
			if err != nil {
				return err
			}
			if len(docs) != 1 || docs[0].Number != "02/CTr-UBND" || docs[0].SourceKind != "program" || docs[0].Type != "chuong_trinh" {
				t.Errorf("backfilled program: %+v", docs)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if r := register(t, db, 1, "2026-12-01", "UBND-VP", "Công văn"); r.Number != "08/UBND-VP" {
			t.Errorf("the single book starts at %s, want 08 (after GM 07)", r.Number)
		}
	})
}
