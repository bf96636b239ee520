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
