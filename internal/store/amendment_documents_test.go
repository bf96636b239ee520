package store_test

import (
	"context"
	"testing"
	"time"

	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// Migration 21 gives each issued version 0 its program's number and date
// as document columns; amendments kept before it have none.
func TestMigrationNumbersIssuedVersions(t *testing.T) {
	storetest.EachAt(t, 18, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		at := time.Date(2026, 10, 28, 3, 0, 0, 0, time.UTC)
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO wards (code, name, place_name, parent_name, settings, created_at) VALUES ('hb', 'Phường Hòa Bình', 'Hòa Bình', '', '{}', $1)`, []any{at}},
			{`INSERT INTO programs (ward_id, year, month, state, number, issued_on, amendment_no, created_at) VALUES (1, 2026, 11, 'issued', '02/CTr-UBND', '2026-10-28', 1, $1)`, []any{at}},
			{`INSERT INTO programs (ward_id, year, month, state, created_at) VALUES (1, 2026, 12, 'draft', $1)`, []any{at}},
			{`INSERT INTO program_versions (program_id, no, label, created_at, snapshot) VALUES (1, 0, 'Ban hành', $1, '{}')`, []any{at}},
			{`INSERT INTO program_versions (program_id, no, label, created_at, snapshot) VALUES (1, 1, 'Điều chỉnh lần 1', $1, '{}')`, []any{at}},
		} {
			if err := storetest.Exec(ctx, db, q.sql, q.args...); err != nil {
				t.Fatalf("%s: %v", q.sql, err)
			}
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		var vs []store.ProgramVersion
		if err := db.View(ctx, func(tx *store.Tx) error {
			var err error
			vs, err = tx.ProgramVersions(ctx, 1)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if len(vs) != 2 {
			t.Fatalf("versions = %+v", vs)
		}
		v0, v1 := vs[0], vs[1]
		if v0.DocType != "CTr" || v0.DocSeq != 2 || v0.DocSymbol != "CTr-UBND" || v0.DocNumber != "02/CTr-UBND" || v0.DocIssuedOn != "2026-10-28" {
			t.Errorf("version 0 = %+v", v0)
		}
		if v1.DocType != "" || v1.DocSeq != 0 || v1.DocNumber != "" || v1.DocIssuedOn != "" {
			t.Errorf("version 1 = %+v", v1)
		}
	})
}
