package store_test

import (
	"context"

	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"

	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
)

// Both dialects must carry the same migration versions, or one engine
// would silently lack a table.
func TestMigrationSetsMatch(t *testing.T) {
	names := func(dir string) []string {
		entries, err := fs.ReadDir(os.DirFS("migrations"), dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".sql") {
				out = append(out, e.Name())
			}
		}
		return out
	}
	lite, pg := names("sqlite"), names("postgres")
	if !slices.Equal(lite, pg) || len(lite) == 0 {
		t.Fatalf("migration files differ:\nsqlite:   %v\npostgres: %v", lite, pg)
	}
}

// Two servers of a new release starting together on PostgreSQL take turns
// on the migrations (goose's session lock) instead of racing through the
// same one: both start, and the schema is migrated once.
func TestSimultaneousMigrationsTakeTurns(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	ctx := context.Background()
	var dbs [2]*store.DB
	for i := range dbs {
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	errc := make(chan error, len(dbs))
	for _, db := range dbs {
		go func() { errc <- db.Migrate(ctx) }()
	}
	for range dbs {
		if err := <-errc; err != nil {
			t.Errorf("migrate: %v", err)
		}
	}
	var wards int
	if err := dbs[0].Raw().QueryRowContext(ctx, `SELECT COUNT(*) FROM ward_stamps`).Scan(&wards); err != nil {
		t.Fatalf("after both: %v", err)
	}
}
