package store

import (
	"context"
	"errors"
	"sync"

	"dieuhanh/internal/errs"
)

// cacheLimit bounds the entries kept under one stamp, and cacheBytes the
// size of those that say theirs (rendered pages); past either the cache
// starts again empty (entries are per ward, per person per minute, per
// month: a busy minute of a large ward stays far below them).
const (
	cacheLimit = 4096
	cacheBytes = 24 << 20
)

// Sized is a cached value that knows its size in bytes.
type Sized interface{ CacheSize() int }

// cache keeps values built from the database under the change stamp they
// were read at, in one part per ward (part 0: values read across wards).
// Each part keeps only the entries of the newest stamp it has seen.
type cache struct {
	mu    sync.Mutex
	parts map[int64]*cachePart
	// entries and bytes (of the Sized entries) count every part's, against
	// the limits.
	entries, bytes int
	// building holds the values being built: the requests that miss the
	// same key at the same stamp wait for the first one's build instead of
	// all running it (32 at once after a change cost 32 builds, and as many
	// SQLite page caches filled at the same time).
	building map[flightKey]*flight
}

type cachePart struct {
	stamp   int64
	entries map[any]any
	bytes   int
}

var errBuildFailed = errors.New("store: building a kept value failed")

type flightKey struct {
	ward, stamp int64
	key         any
}

type flight struct {
	done chan struct{}
	v    any
	err  error
}

// get returns the value kept under key at the ward's stamp, building it
// once however many ask at the same time. While it is being built, the
// others get the value kept under stale at the same stamp, when there is
// one and stale is not nil, instead of waiting.
func (c *cache) get(ward, stamp int64, key, stale any, build func() (any, error)) (any, error) {
	c.mu.Lock()
	p := c.parts[ward]
	if p != nil && p.stamp == stamp {
		if v, ok := p.entries[key]; ok {
			c.mu.Unlock()
			return v, nil
		}
	}
	fk := flightKey{ward, stamp, key}
	if f, ok := c.building[fk]; ok {
		if stale != nil && p != nil && p.stamp == stamp {
			if v, ok := p.entries[stale]; ok {
				c.mu.Unlock()
				return v, nil
			}
		}
		c.mu.Unlock()
		<-f.done
		if errors.Is(f.err, context.Canceled) || errors.Is(f.err, context.DeadlineExceeded) || errors.Is(f.err, errBuildFailed) {
			return build() // the first asker left or failed outright: build for this one
		}
		return f.v, f.err
	}
	f := &flight{done: make(chan struct{})}
	if c.building == nil {
		c.building = map[flightKey]*flight{}
	}
	c.building[fk] = f
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.building, fk)
		c.mu.Unlock()
		close(f.done)
	}()
	f.err = errBuildFailed // until build returns (it may panic)
	f.v, f.err = build()
	if f.err == nil {
		c.keep(ward, stamp, key, f.v)
	}
	return f.v, f.err
}

// Cached returns the value kept under key for the database as it is now,
// building it with build (inside tx) when there is none. Values are
// shared by every request that asks: callers must not change them.
//
// A write transaction never uses the cache: what it reads may include its
// own uncommitted changes. A read transaction reads the stamp before build
// reads anything, so a value is never older than the stamp it is kept
// under (see stamp.go); it may be newer, which is harmless.
func Cached[T any](ctx context.Context, tx *Tx, key any, build func() (T, error)) (T, error) {
	if tx.writable || tx.cache == nil {
		return build()
	}
	stamp, err := tx.stampForCache(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	v, err := tx.cache.get(tx.ward, stamp, key, nil, func() (any, error) { return build() })
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}

// stampForCache is the stamp a read transaction's cached values are kept
// under: the request's memo for the ward when it holds one (read before
// this transaction's first statement, so no newer than what it reads),
// else the stamp read inside the transaction, remembered for the rest of
// it.
func (tx *Tx) stampForCache(ctx context.Context) (int64, error) {
	if tx.stampRead {
		return tx.stamp, nil
	}
	var n int64
	var err error
	if m, _ := ctx.Value(stampKey{}).(*stampMemo); m != nil {
		n, err = m.get(ctx, tx.q, tx.ward)
	} else {
		n, err = tx.ChangeStamp(ctx)
	}
	if err != nil {
		return 0, err
	}
	tx.stamp, tx.stampRead = n, true
	return n, nil
}

// Remember is Cached for a value built outside any transaction (a page
// rendered from what several transactions read): the stamp is read first,
// so what build reads is at least as new as the stamp it is kept under.
func Remember[T any](ctx context.Context, db *DB, key any, build func() (T, error)) (T, error) {
	return RememberOr(ctx, db, key, nil, build)
}

// RememberOr is Remember for a value that may be served a little older
// while it is rebuilt: while one request builds the value under key, the
// others get the one kept under stale, if the database has not changed
// since it was kept (the same stamp), instead of waiting for the build.
func RememberOr[T any](ctx context.Context, db *DB, key, stale any, build func() (T, error)) (T, error) {
	stamp, err := db.currentStamp(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	v, err := db.cache.get(BoundWard(ctx), stamp, key, stale, func() (any, error) { return build() })
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}

// keep stores v in the ward's part under stamp unless the part has moved
// past it (the database has moved on: nothing older is kept).
func (c *cache) keep(ward, stamp int64, key, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.parts == nil {
		c.parts = map[int64]*cachePart{}
	}
	p := c.parts[ward]
	switch {
	case p == nil:
		p = &cachePart{stamp: stamp, entries: map[any]any{}}
		c.parts[ward] = p
	case stamp > p.stamp:
		c.entries -= len(p.entries)
		c.bytes -= p.bytes
		p.stamp, p.entries, p.bytes = stamp, map[any]any{}, 0
	case stamp < p.stamp:
		return
	}
	size := 0
	if sz, ok := v.(Sized); ok {
		size = sz.CacheSize()
	}
	if size > cacheBytes/4 {
		return // one value that would crowd out the rest
	}
	if c.entries >= cacheLimit || c.bytes+size > cacheBytes {
		// Full: start again empty, every part (the next requests refill
		// what is in use).
		for _, q := range c.parts {
			clear(q.entries)
			q.bytes = 0
		}
		c.entries, c.bytes = 0, 0
	}
	if _, ok := p.entries[key]; !ok {
		c.entries++
	}
	p.entries[key] = v
	p.bytes += size
	c.bytes += size
}

// currentStamp reads the stamp of ctx's ward outside a transaction (the
// request's memo when it holds one).
func (db *DB) currentStamp(ctx context.Context) (int64, error) {
	ward := BoundWard(ctx)
	// The stamps are the deployment's tables, under no policy: they are
	// read on the pool, without binding a connection to the ward.
	if m, _ := ctx.Value(stampKey{}).(*stampMemo); m != nil {
		return m.get(ctx, db.read, ward)
	}
	var n int64
	var err error
	counted(ctx)
	if ward != 0 {
		err = db.read.QueryRowContext(ctx, wardStampQuery, ward).Scan(&n)
	} else {
		err = db.read.QueryRowContext(ctx, allStampQuery).Scan(&n)
	}
	return n, errs.Wrap(err, "store: change stamp")
}
