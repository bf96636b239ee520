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
	var err error
	if tx.ward != 0 {
		_, err = tx.q.ExecContext(ctx, `INSERT INTO ward_stamps (ward_id, n) VALUES ($1, 1)
			ON CONFLICT (ward_id) DO UPDATE SET n = ward_stamps.n + 1`, tx.ward)
	} else {
		_, err = tx.q.ExecContext(ctx, `UPDATE change_stamp SET n = n + 1 WHERE id = 1`)
	}
	if err != nil {
		return errs.Wrap(err, "store: raise change stamp")
	}
	return nil
}

// Stamps per ward (migration 00031): a write bound to a ward raises that
// ward's number, any other write the deployment's (change_stamp). What is
// kept for a ward is kept under the sum of the deployment's number and
// the ward's, which every write that can change the ward's rows raises;
// what is kept across wards, under the deployment's number and every
// ward's. Both sums only grow, so a kept value is never taken for newer
// than it is.
const (
	wardStampQuery = `SELECT s.n + COALESCE((SELECT w.n FROM ward_stamps w WHERE w.ward_id = $1), 0)
		FROM change_stamp s WHERE s.id = 1`
	allStampQuery = `SELECT s.n + COALESCE((SELECT SUM(w.n) FROM ward_stamps w), 0)
		FROM change_stamp s WHERE s.id = 1`
)

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

// ChangeStamp reads the stamp of the transaction's ward (of every ward
// when it is bound to none).
func (tx *Tx) ChangeStamp(ctx context.Context) (int64, error) {
	var n int64
	var err error
	if tx.ward != 0 {
		err = tx.queryRow(ctx, wardStampQuery, tx.ward).Scan(&n)
	} else {
		err = tx.queryRow(ctx, allStampQuery).Scan(&n)
	}
	if err != nil {
		return 0, errs.Wrap(err, "store: change stamp")
	}
	return n, nil
}

// stampMemo holds a request's stamps, read once however many caches the
// request consults; a write in the request forgets them. It holds every
// ward's, read in one statement: a request reads across wards while it
// signs its user in and bound to the user's ward afterwards, and one
// statement is cheaper than two (a province has some hundred wards).
type stampMemo struct {
	mu     sync.Mutex
	valid  bool
	global int64           // change_stamp
	sum    int64           // of every ward's
	wards  map[int64]int64 // ward → its own
}

type stampKey struct{}

// WithStampMemo returns a context under which the cache reads the stamps
// once for all the request's read transactions (until a write through
// that context commits).
func WithStampMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, stampKey{}, &stampMemo{})
}

// get returns the ward's stamp (0: across wards) from the memo, reading
// every stamp through q first when it holds none.
func (m *stampMemo) get(ctx context.Context, q querier, ward int64) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.valid {
		counted(ctx)
		rows, err := q.QueryContext(ctx, allStamps)
		if err != nil {
			return 0, errs.Wrap(err, "store: change stamps")
		}
		global, sum, wards := int64(0), int64(0), map[int64]int64{}
		for rows.Next() {
			var w, n int64
			if err := rows.Scan(&w, &n); err != nil {
				rows.Close()
				return 0, errs.Wrap(err, "store: change stamps")
			}
			if w == 0 {
				global = n
			} else {
				wards[w] = n
				sum += n
			}
		}
		if err := rows.Close(); err != nil {
			return 0, errs.Wrap(err, "store: change stamps")
		}
		m.valid, m.global, m.sum, m.wards = true, global, sum, wards
	}
	if ward == 0 {
		return m.global + m.sum, nil
	}
	return m.global + m.wards[ward], nil
}

// allStamps reads the deployment's stamp (as ward 0) and every ward's, at
// one moment.
const allStamps = `SELECT 0, n FROM change_stamp WHERE id = 1 UNION ALL SELECT ward_id, n FROM ward_stamps`

func forgetStamp(ctx context.Context) {
	if m, ok := ctx.Value(stampKey{}).(*stampMemo); ok {
		m.mu.Lock()
		m.valid = false
		m.mu.Unlock()
	}
}

// UpdateUnkept runs fn in a write transaction that raises no change stamp,
// for writes to rows no kept value reads: sign-in counters, and rows
// pruned once expired or long read. Bound to no ward, such writes would
// otherwise renew every ward's kept pages at each sign-in and each hourly
// prune. Anything else a page shows goes through Update.
func (db *DB) UpdateUnkept(ctx context.Context, fn func(tx *Tx) error) error {
	return db.updateUnstamped(ctx, fn)
}
