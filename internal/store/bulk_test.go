package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// TestInsertItemsStoresWhatCreateItemStores: the same items written one by
// one (CreateItem, then MarkOverdue) in one ward and many per statement
// (InsertItems, AddPredecessors) in another read back the same, search
// facts included: the month, "completed late" on the ward's calendar (a
// Saturday deadline met on Monday is on time, a day later is late; a
// rejected completion is never late), the last change, the live copy of a
// carried item, the deadline in force after an extension, the overdue
// moment, links.
func TestInsertItemsStoresWhatCreateItemStores(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		created := time.Date(2026, 3, 1, 3, 0, 0, 0, time.UTC)
		vn := func(s string) *time.Time {
			v, _ := time.ParseInLocation("2006-01-02 15:04", s, time.FixedZone("ICT", 7*3600))
			v = v.UTC()
			return &v
		}
		date := func(s string) calendar.Date {
			d, err := calendar.ParseDate(s)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if err := storetest.Exec(ctx, db, q, args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		for w := 1; w <= 2; w++ {
			exec(`INSERT INTO wards (code, name, place_name, created_at) VALUES ($1, 'Phường', 'P', $2)`, fmt.Sprint("w", w), created)
			exec(`INSERT INTO units (ward_id, code, name, kind) VALUES ($1, 'KT', 'Phòng Kinh tế', 'department')`, w)
			exec(`INSERT INTO units (ward_id, code, name, kind) VALUES ($1, 'VP', 'Văn phòng', 'office')`, w)
			exec(`INSERT INTO people (ward_id, full_name) VALUES ($1, 'Trần Minh Tuấn')`, w)
			exec(`INSERT INTO leaders (ward_id, person_id, position) VALUES ($1, $1, 'vice_chairman')`, w)
			exec(`INSERT INTO programs (ward_id, year, month, state, created_at) VALUES ($1, 2026, 4, 'issued', $2)`, w, created)
			exec(`INSERT INTO programs (ward_id, year, month, state, created_at) VALUES ($1, 2026, 5, 'issued', $2)`, w, created)
		}
		// Ward w has units 2w−1 (KT) and 2w (VP), leader w, programs 2w−1
		// (April) and 2w (May).
		items := func(w int64) []store.Item {
			ext := date("2026-04-24")
			base := store.Item{WardID: w, ProgramID: 2*w - 1, Section: 4, Kind: "task", Source: "annual_plan", LeadUnitID: 2*w - 1,
				LeaderID: w, Registration: "registered", RegisteredAt: created, SearchText: "viec"}
			mk := func(seq int, title, due string, f func(*store.Item)) store.Item {
				it := base
				it.Seq, it.Title, it.DueDate, it.OriginalDueDate = seq, title, date(due), date(due)
				f(&it)
				return it
			}
			return []store.Item{
				mk(1, "Saturday deadline met on Monday", "2026-04-11", func(it *store.Item) {
					it.CompletedAt, it.Quality, it.Progress = vn("2026-04-13 09:00"), "accepted", 100
				}),
				mk(2, "late", "2026-04-10", func(it *store.Item) {
					it.CompletedAt, it.Quality, it.Progress, it.CoordinatingUnitIDs = vn("2026-04-14 09:00"), "accepted", 100, []int64{2 * w}
				}),
				mk(3, "rejected after the deadline", "2026-04-10", func(it *store.Item) {
					it.CompletedAt, it.Quality, it.Rejections = vn("2026-04-20 09:00"), "rejected", 1
					it.OverdueAt = vn("2026-04-11 00:00")
				}),
				mk(4, "extended", "2026-04-15", func(it *store.Item) {
					it.ApprovedExtension = &ext
					it.CompletedAt, it.Quality = vn("2026-04-23 16:00"), "pending"
				}),
				mk(5, "open, overdue", "2026-04-28", func(it *store.Item) { it.Progress, it.OverdueAt = 40, vn("2026-04-29 00:00") }),
			}
		}
		// Ward 1, one by one; the copy of item 5 in May carries it over.
		var oneByOne []int64
		err := db.Update(ctx, func(tx *store.Tx) error {
			for _, it := range items(1) {
				id, err := tx.CreateItem(ctx, it)
				if err != nil {
					return err
				}
				if it.OverdueAt != nil {
					if _, err := tx.MarkOverdue(ctx, id, *it.OverdueAt); err != nil {
						return err
					}
				}
				oneByOne = append(oneByOne, id)
			}
			if err := tx.AddPredecessors(ctx, nil); err != nil {
				return err
			}
			copyOf := items(1)[4]
			copyOf.ProgramID, copyOf.Seq, copyOf.CarriedFrom, copyOf.OverdueAt, copyOf.Progress = 2, 1, oneByOne[4], nil, 0
			copyOf.Predecessors = []int64{oneByOne[0], oneByOne[1]}
			_, err := tx.CreateItem(ctx, copyOf)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		// Ward 2, in bulk, with the links between the new items afterwards.
		err = db.Update(ctx, func(tx *store.Tx) error {
			ids, err := tx.InsertItems(ctx, items(2))
			if err != nil {
				return err
			}
			copyOf := items(2)[4]
			copyOf.ProgramID, copyOf.Seq, copyOf.CarriedFrom, copyOf.OverdueAt, copyOf.Progress = 4, 1, ids[4], nil, 0
			copyIDs, err := tx.InsertItems(ctx, []store.Item{copyOf})
			if err != nil {
				return err
			}
			// A link given twice is kept once.
			return tx.AddPredecessors(ctx, []store.ItemLink{{ItemID: copyIDs[0], PredID: ids[0]}, {ItemID: copyIDs[0], PredID: ids[1]},
				{ItemID: copyIDs[0], PredID: ids[1]}})
		})
		if err != nil {
			t.Fatal(err)
		}
		read := func(w int) []string {
			rows, err := db.Raw().QueryContext(ctx, `SELECT i.seq, i.title, i.deadline, i.ym, i.completed_late, i.live_copy, i.updated_at,
				i.overdue_at, i.quality, i.progress, i.lead_unit_id - $2, i.carried_from IS NOT NULL,
				(SELECT COUNT(*) FROM item_predecessors d WHERE d.item_id = i.id), (SELECT COUNT(*) FROM item_units u WHERE u.item_id = i.id)
				FROM program_items i WHERE i.ward_id = $1 ORDER BY i.id`, w, 2*w-1)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var seq, ym, progress, unit, preds, units int
				var title, deadline, quality string
				var late, live, carried bool
				var updated time.Time
				var overdue *time.Time
				if err := rows.Scan(&seq, &title, &deadline, &ym, &late, &live, &updated, &overdue, &quality, &progress, &unit, &carried,
					&preds, &units); err != nil {
					t.Fatal(err)
				}
				o := "-"
				if overdue != nil {
					o = overdue.UTC().Format(time.RFC3339)
				}
				out = append(out, fmt.Sprintf("%d %s: deadline %s ym %d late %v live %v updated %s overdue %s %s %d unit+%d carried %v preds %d units %d",
					seq, title, deadline, ym, late, live, updated.UTC().Format(time.RFC3339), o, quality, progress, unit, carried, preds, units))
			}
			return out
		}
		one, bulk := read(1), read(2)
		if strings.Join(one, "\n") != strings.Join(bulk, "\n") {
			t.Errorf("one by one:\n%s\nin bulk:\n%s", strings.Join(one, "\n"), strings.Join(bulk, "\n"))
		}
		// The facts themselves, as the search reads them.
		want := []string{"late false live false", "late true live false", "late false live false", "late false live false", "late false live true", "late false live false"}
		for i, w := range want {
			if i >= len(bulk) || !strings.Contains(bulk[i], w) {
				t.Errorf("item %d: want %s in %v", i+1, w, bulk)
			}
		}
		if len(bulk) != 6 || !strings.Contains(bulk[3], "deadline 2026-04-24") || !strings.Contains(bulk[5], "ym 202605") {
			t.Errorf("bulk items: %v", bulk)
		}
		// A seq repeated in one call is refused before anything is written.
		err = db.Update(ctx, func(tx *store.Tx) error {
			its := items(2)[:2]
			its[1].Seq = its[0].Seq
			its[0].ProgramID, its[1].ProgramID = 4, 4
			_, err := tx.InsertItems(ctx, its)
			return err
		})
		if err == nil {
			t.Error("repeated seq accepted")
		}
	})
}
