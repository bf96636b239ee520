package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"
)

// stmtCacheSize bounds the statements kept prepared per pool. The store's
// fixed queries are a few hundred; queries built with a varying number of
// placeholders would otherwise grow it without end, so once full the rest
// run unprepared.
const stmtCacheSize = 512

// prepareWait is how long preparing a statement for the cache may wait for
// a free connection.
const prepareWait = 20 * time.Millisecond

// stmtCache keeps SQLite statements prepared across transactions. Parsing
// the SQL was a quarter to a third of the CPU of a page (the home page
// prepares about forty statements); database/sql prepares a cached
// statement once on each connection that uses it and reuses it after.
// Only the reader pool has one: the writer pool's single connection is
// held by the transaction that would prepare. PostgreSQL does not need it:
// pgx caches prepared statements itself.
type stmtCache struct {
	pool  *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, stmts: map[string]*sql.Stmt{}}
}

// stmt gives the prepared statement for q, or nil when q is not cached
// and the cache is full (or it cannot be prepared: the caller runs it
// unprepared and reports the error the engine gives).
func (c *stmtCache) stmt(ctx context.Context, q string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	s, ok := c.stmts[q]
	full := len(c.stmts) >= stmtCacheSize
	c.mu.Unlock()
	if ok || full {
		return s
	}
	// Preparing takes a connection of the pool while the asking transaction
	// holds one: wait only briefly for it, so a pool in full use never waits
	// on itself; the query then runs unprepared this once.
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), prepareWait)
	defer cancel()
	s, err := c.pool.PrepareContext(pctx, q)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.stmts[q]; ok {
		s.Close()
		return prev
	}
	c.stmts[q] = s
	return s
}

// close closes every cached statement.
func (c *stmtCache) close() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var err error
	for q, s := range c.stmts {
		err = errors.Join(err, s.Close())
		delete(c.stmts, q)
	}
	return err
}
