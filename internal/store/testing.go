package store

import "context"

// TamperAuditForTest tries to change or delete an audit entry; the database
// must refuse. Exported for the store tests only.
func (tx *Tx) TamperAuditForTest(ctx context.Context, remove bool) error {
	if remove {
		_, err := tx.exec(ctx, `DELETE FROM audit_log`)
		return err
	}
	_, err := tx.exec(ctx, `UPDATE audit_log SET summary = 'x'`)
	return err
}

// RowCounts returns the number of rows of the organization tables and the
// audit log, so tests can assert that refused input changed nothing.
func (tx *Tx) RowCounts(ctx context.Context, tables ...string) (map[string]int, error) {
	out := map[string]int{}
	for _, t := range tables {
		var n int
		// Table names come from test code, never from users.
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM `+t).Scan(&n); err != nil {
			return nil, err
		}
		out[t] = n
	}
	return out, nil
}
