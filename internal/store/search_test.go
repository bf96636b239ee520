package store_test

import (
	"context"
	"testing"
	"time"

	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// TestSearchFactsMigration fills items at version 23 and migrates: each item
// gets its program's month and a last-change time, and "completed late" is
// computed with the full calendar right after the migration (its SQL
// backfill knows weekends only: a deadline on the 30/04 holiday reported on
// Monday 04/05 would be late by it, and is on time).
func TestSearchFactsMigration(t *testing.T) {
	storetest.EachAt(t, 23, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		created := time.Date(2026, 3, 1, 3, 0, 0, 0, time.UTC)
		vn := func(s string) time.Time {
			v, _ := time.ParseInLocation("2006-01-02 15:04", s, time.FixedZone("ICT", 7*3600))
			return v.UTC()
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if err := storetest.Exec(ctx, db, q, args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		exec(`INSERT INTO wards (code, name, place_name, created_at) VALUES ('hb', 'Phường Hòa Bình', 'Hòa Bình', $1)`, created)
		exec(`INSERT INTO units (ward_id, code, name, kind) VALUES (1, 'KT', 'Phòng Kinh tế', 'department')`)
		exec(`INSERT INTO people (ward_id, full_name) VALUES (1, 'Trần Minh Tuấn')`)
		exec(`INSERT INTO leaders (ward_id, person_id, position) VALUES (1, 1, 'vice_chairman')`)
		exec(`INSERT INTO programs (ward_id, year, month, state, created_at) VALUES (1, 2026, 4, 'issued', $1)`, created)
		exec(`INSERT INTO programs (ward_id, year, month, state, created_at) VALUES (1, 2026, 11, 'issued', $1)`, created)
		for _, it := range []struct {
			program int
			due     string
			done    time.Time
		}{
			{1, "2026-04-30", vn("2026-05-04 10:00")}, // holiday deadline → Monday 04/05: on time
			{2, "2026-11-14", vn("2026-11-16 09:00")}, // Saturday → Monday: on time
			{2, "2026-11-10", vn("2026-11-12 09:00")}, // late
			{2, "2026-11-10", vn("2026-11-10 23:59")}, // on the day, Vietnam time: on time
		} {
			exec(`INSERT INTO program_items (ward_id, program_id, section, title, kind, source, lead_unit_id, leader_id,
					due_date, original_due_date, deadline, registration, registered_at, completed_at, quality, progress)
					VALUES (1, $1, 4, 'Việc', 'task', 'annual_plan', 1, 1, $2, $2, $2, 'registered', $3, $4, 'accepted', 100)`,
				it.program, it.due, created, it.done)
		}
		// A live copy of item 1 in November: item 1 is carried over.
		exec(`INSERT INTO program_items (ward_id, program_id, section, title, kind, source, lead_unit_id, leader_id,
				due_date, original_due_date, deadline, registration, registered_at, carried_from)
				VALUES (1, 2, 4, 'Việc', 'task', 'carried_over', 1, 1, '2026-11-20', '2026-11-20', '2026-11-20', 'registered', $1, 1)`, created)
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		rows, err := db.Raw().Query(`SELECT ym, completed_late, updated_at IS NOT NULL, live_copy FROM program_items ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		want := []struct {
			ym         int
			late, live bool
		}{{202604, false, true}, {202611, false, false}, {202611, true, false}, {202611, false, false}, {202611, false, false}}
		i := 0
		for rows.Next() {
			var ym int
			var late, updated, live bool
			if err := rows.Scan(&ym, &late, &updated, &live); err != nil {
				t.Fatal(err)
			}
			if i >= len(want) || ym != want[i].ym || late != want[i].late || !updated || live != want[i].live {
				t.Errorf("item %d: ym %d late %v updated %v live copy %v", i+1, ym, late, updated, live)
			}
			i++
		}
		if i != len(want) {
			t.Fatalf("%d items", i)
		}
	})
}
