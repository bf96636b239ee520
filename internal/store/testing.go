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

// SessionKeysForTest returns what the sessions table keeps as keys, so
// tests can check that no session token is stored as such.
func (tx *Tx) SessionKeysForTest(ctx context.Context) ([]string, error) {
	rows, err := tx.query(ctx, `SELECT token_hash FROM sessions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// MigrateToForTest applies the migrations up to version only, so a test can
// put data in an older schema and check what a later migration makes of it.
func (db *DB) MigrateToForTest(ctx context.Context, version int64) error {
	p, err := db.migrations()
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}

// ExecForTest runs a statement on the writer, outside the store's methods
// (data in an older schema).
func (db *DB) ExecForTest(ctx context.Context, q string, args ...any) error {
	_, err := db.write.ExecContext(ctx, q, args...)
	return err
}
