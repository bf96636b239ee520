package store

import (
	"context"
	"strings"
	"sync"

	"dieuhanh/internal/errs"
)

// The change stamp (table change_stamp, one row) is raised by every write
// transaction that changed a row, in that transaction: whoever reads the
// stamp and then the data sees data at least as new as the stamp. A cache
// kept under the stamp it was read at is therefore never older than the
// database at that stamp, on any number of servers. Over-raising (a write
// that changes nothing a cache holds) costs a rebuild, never a stale page.

func (tx *Tx) raiseStamp(ctx context.Context) error {
	counted(ctx)
	if _, err := tx.q.ExecContext(ctx, `UPDATE change_stamp SET n = n + 1 WHERE id = 1`); err != nil {
		return errs.Wrap(err, "store: raise change stamp")
	}
	return nil
}

// isWrite reports whether q changes rows.
func isWrite(q string) bool {
	head := strings.TrimSpace(q)
	if len(head) > 6 {
		head = strings.ToUpper(head[:6])
	}
	switch head {
	case "INSERT", "UPDATE", "DELETE":
		return true
	}
	return false
}

// readOnly refuses a write statement in a PostgreSQL read, which runs
// outside a transaction (see DB.run).
func (tx *Tx) readOnly(q string) error {
	if tx.tx == nil && isWrite(q) {
		return errs.Ef(errs.Internal, "store: write statement in a read transaction: %.60s", q)
	}
	return nil
}

// noteWrite marks a write transaction as changing when a statement sent
// through query/queryRow writes (INSERT … RETURNING and the like).
func (tx *Tx) noteWrite(q string) {
	if tx.writable && !tx.wrote && isWrite(q) {
		tx.wrote = true
	}
}

// ChangeStamp reads the stamp inside the transaction.
func (tx *Tx) ChangeStamp(ctx context.Context) (int64, error) {
	var n int64
	if err := tx.queryRow(ctx, `SELECT n FROM change_stamp WHERE id = 1`).Scan(&n); err != nil {
		return 0, errs.Wrap(err, "store: change stamp")
	}
	return n, nil
}

// stampMemo holds a request's stamp, read once however many caches the
// request consults; a write in the request forgets it.
type stampMemo struct {
	mu    sync.Mutex
	n     int64
	valid bool
}

type stampKey struct{}

// WithStampMemo returns a context under which the cache reads the stamp
// once for all the request's read transactions (until a write through
// that context commits).
func WithStampMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, stampKey{}, &stampMemo{})
}

func forgetStamp(ctx context.Context) {
	if m, ok := ctx.Value(stampKey{}).(*stampMemo); ok {
		m.mu.Lock()
		m.valid = false
		m.mu.Unlock()
	}
}
