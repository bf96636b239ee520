package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func openTestSQLite(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Reads reuse prepared statements; the cache stays bounded when queries
// are built with varying text, and those still answer.
func TestStatementCacheIsBounded(t *testing.T) {
	db := openTestSQLite(t)
	ctx := context.Background()
	for i := range stmtCacheSize + 100 {
		var n int
		err := db.View(ctx, func(tx *Tx) error {
			return tx.queryRow(ctx, fmt.Sprintf("SELECT %d + $1", i), 1).Scan(&n)
		})
		if err != nil || n != i+1 {
			t.Fatalf("query %d: %d, %v", i, n, err)
		}
	}
	db.stmts.mu.Lock()
	size := len(db.stmts.stmts)
	db.stmts.mu.Unlock()
	if size != stmtCacheSize {
		t.Errorf("%d statements cached, want %d", size, stmtCacheSize)
	}
}

// Every reader connection busy in a transaction that prepares a new
// statement: preparing waits only briefly for a connection, so the pool
// never waits on itself, and every answer is right.
func TestStatementCacheNeverWaitsOnItsOwnPool(t *testing.T) {
	db := openTestSQLite(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	start := make(chan struct{})
	errc := make(chan error, 64)
	for g := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errc <- db.View(ctx, func(tx *Tx) error {
				for k := range 20 {
					var n int
					if err := tx.queryRow(ctx, fmt.Sprintf("SELECT $1 * %d", k%7), g).Scan(&n); err != nil {
						return err
					}
					if n != g*(k%7) {
						return fmt.Errorf("goroutine %d query %d: %d", g, k, n)
					}
				}
				return nil
			})
		}()
	}
	close(start)
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatal(err)
		}
	}
}
