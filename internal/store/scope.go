package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strconv"

	"dieuhanh/internal/errs"
)

// A request of a ward's user is bound to its ward, once, where it is
// signed in (web's middleware, a job's pass over one ward, a feed's or a
// lobby's token): ForWard puts the ward in the context and every
// transaction the store runs under that context is then scoped to it.
//
//   - The store decides the ward of every call in one place, Tx.scope:
//     whatever ward a caller names, a bound transaction reads and writes
//     its own ward's rows only. This holds on SQLite as on PostgreSQL.
//   - On PostgreSQL the transaction runs with app.ward_id set to the ward,
//     and the row-level security policies (migration 00031) show and
//     accept that ward's rows only: a query that forgot its ward filter
//     finds nothing of another ward.
//   - A write raises the ward's own change stamp, and what is kept for the
//     ward is kept under that stamp (stamp.go): a change in one ward leaves
//     the others' kept pages alone.
//
// A context bound to no ward (the command line, migrations, jobs choosing
// the wards to work on, sign-in before the account is known, the
// province's own pages) sees every ward, and the caller's ward stands.

type wardKey struct{}

// binding is what a context says about its ward.
type binding struct {
	ward int64
	// unscoped: the separation test's switch (BypassStoreScoping); the
	// store's own scoping is off while the database stays bound to ward.
	unscoped bool
}

// ForWard binds the store's transactions under ctx to the ward.
func ForWard(ctx context.Context, wardID int64) context.Context {
	return context.WithValue(ctx, wardKey{}, binding{ward: wardID})
}

// AcrossWards unbinds ctx: the store's transactions under it see every
// ward (the province's pages, a job picking its wards).
func AcrossWards(ctx context.Context) context.Context {
	return context.WithValue(ctx, wardKey{}, binding{})
}

// BypassStoreScoping turns the store's own scoping off for ctx (scope
// then trusts its callers, as it does unbound) while the database stays
// bound to ctx's ward. Only the separation test uses it, to prove that
// PostgreSQL's wall holds by itself.
func BypassStoreScoping(ctx context.Context) context.Context {
	b, _ := ctx.Value(wardKey{}).(binding)
	b.unscoped = true
	return context.WithValue(ctx, wardKey{}, b)
}

// BoundWard is the ward ctx is bound to, or 0.
func BoundWard(ctx context.Context) int64 {
	b, _ := ctx.Value(wardKey{}).(binding)
	return b.ward
}

// BoundWard is the ward the transaction is bound to, or 0.
func (tx *Tx) BoundWard() int64 { return tx.ward }

// noWard is the ward no row belongs to: what a bound transaction acts on
// when asked for another ward than its own.
const noWard int64 = -1

// scope is the ward a store method acts on, decided here for every method
// that reads or writes a ward's rows, whatever its caller passed: a bound
// transaction acts on its own ward only. Asked for another ward, it acts
// on noWard, so that it finds nothing, changes nothing and adds nothing
// (the foreign key to wards refuses the row) — on SQLite as on PostgreSQL,
// where row-level security would refuse the same. Unbound (the command
// line, the demo builder, the province's own figures, tests that bind
// nothing), the caller's ward stands.
func (tx *Tx) scope(wardID int64) int64 {
	if tx.ward == 0 || tx.unscoped || wardID == tx.ward {
		return wardID
	}
	return noWard
}

// setWardLocal binds a PostgreSQL write transaction to its ward until it
// ends.
func setWardLocal(ctx context.Context, tx *sql.Tx, ward int64) error {
	_, err := tx.ExecContext(ctx, `SELECT set_config('app.ward_id', $1, true)`, strconv.FormatInt(ward, 10))
	return errs.Wrap(err, "store: bind the transaction to its ward")
}

// boundConn takes a connection of the pool for a PostgreSQL read bound to
// a ward: it sets app.ward_id for the connection's session, and release
// resets it before the connection goes back to the pool, or closes the
// connection when that fails, so that no other use of the pool inherits
// the ward.
func boundConn(ctx context.Context, pool *sql.DB, ward int64) (conn *sql.Conn, release func(), err error) {
	conn, err = pool.Conn(ctx)
	if err != nil {
		return nil, nil, errs.Wrap(err, "store: connect")
	}
	if _, err := conn.ExecContext(ctx, `SELECT set_config('app.ward_id', $1, false)`, strconv.FormatInt(ward, 10)); err != nil {
		discard(conn)
		return nil, nil, errs.Wrap(err, "store: bind the connection to its ward")
	}
	release = func() {
		// The request may be gone; the reset must still happen.
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `SELECT set_config('app.ward_id', '', false)`); err != nil {
			discard(conn)
			return
		}
		conn.Close()
	}
	return conn, release, nil
}

// discard closes conn and drops its connection from the pool.
func discard(conn *sql.Conn) {
	conn.Raw(func(any) error { return driver.ErrBadConn })
	conn.Close()
}

// RowSecurityExempt reports whether the role the server connects to
// PostgreSQL as escapes row-level security (a superuser, or BYPASSRLS):
// then the store's ward filters are the only wall, and the server says so
// when it starts. SQLite has no such wall: false.
func (db *DB) RowSecurityExempt(ctx context.Context) (bool, error) {
	if db.dialect != Postgres {
		return false, nil
	}
	var exempt bool
	err := db.read.QueryRowContext(ctx, `SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user`).Scan(&exempt)
	return exempt, errs.Wrap(err, "store: role of the connection")
}

// wardIs and ofWard scope the methods that take the id of a record, or of
// its parent, instead of a ward (a program's items, an event's files): a
// bound transaction sees them only if they are its ward's, as scope
// decides for the others. Both append the bound ward to args and return
// the condition to add to the query's WHERE; unbound or unscoped they
// return "" and add nothing.

// wardIs is the condition that col, a ward_id column of the query, is the
// bound ward.
func (tx *Tx) wardIs(col string, args *[]any) string {
	if tx.ward == 0 || tx.unscoped {
		return ""
	}
	*args = append(*args, tx.ward)
	return " AND " + col + " = $" + strconv.Itoa(len(*args))
}

// ofWard is the condition that the parent row of table whose id is idExpr
// belongs to the bound ward. When the query asks for one parent's rows,
// idExpr is that parent's parameter ("$1"), not the child's column: the
// check then runs once per query instead of once per row.
func (tx *Tx) ofWard(table, idExpr string, args *[]any) string {
	if tx.ward == 0 || tx.unscoped {
		return ""
	}
	*args = append(*args, tx.ward)
	return " AND EXISTS (SELECT 1 FROM " + table + " wp WHERE wp.id = " + idExpr + " AND wp.ward_id = $" + strconv.Itoa(len(*args)) + ")"
}
