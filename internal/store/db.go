// Package store is dieuhanh's SQL, written by hand for SQLite (the embedded
// default) and PostgreSQL (several servers, a province). The same statements
// with $N placeholders run on both; where the dialects differ the code says so.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

//go:embed migrations
var migrationsFS embed.FS

// Dialect is the SQL engine behind a DB.
type Dialect int

const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// DB is the database: for SQLite one writer connection (SQLite allows one
// writer; BEGIN IMMEDIATE avoids lock upgrades) and a reader pool on WAL; for
// PostgreSQL one pool serves both.
type DB struct {
	dialect Dialect
	write   *sql.DB
	read    *sql.DB
	stmts   *stmtCache // SQLite's reader pool only; nil otherwise
	path    string     // SQLite file, for backups
	// mailByEnv: email is configured for every ward by the environment
	// (notify.FromEnv), so notifications may go to the outbox even where
	// the ward saved no SMTP server.
	mailByEnv    bool
	cache        cache
	sessionsSeen sessionsSeen
}

// SetMailByEnv records that email is configured by environment variables
// for every ward of the deployment.
func (db *DB) SetMailByEnv(on bool) { db.mailByEnv = on }

// poolSize is the number of PostgreSQL connections a server keeps.
const poolSize = 20

// WarmUp opens all of the PostgreSQL pool's connections before the server
// takes requests, each with one statement: opened lazily, they were opened
// by the first burst of requests, twenty new backends at a time, and those
// requests waited behind them (a server's first second under load had
// timeouts). SQLite: nothing to do.
func (db *DB) WarmUp(ctx context.Context) error {
	if db.dialect != Postgres {
		return nil
	}
	conns := make([]*sql.Conn, 0, poolSize)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range poolSize {
		c, err := db.read.Conn(ctx)
		if err != nil {
			return fmt.Errorf("store: open the PostgreSQL connections: %w", err)
		}
		conns = append(conns, c)
		if _, err := c.ExecContext(ctx, `SELECT 1`); err != nil {
			return fmt.Errorf("store: open the PostgreSQL connections: %w", err)
		}
	}
	return nil
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to dsn: a postgres:// URL, or else a SQLite file path.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if IsPostgres(dsn) {
		pool, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		// Every open connection is kept while it is used at least every
		// five minutes: a connection closed after a burst and opened again
		// at the next costs PostgreSQL a new backend, whose first
		// statements load the catalog and the policies of every table they
		// touch; under load those openings stalled requests for seconds.
		pool.SetMaxOpenConns(poolSize)
		pool.SetMaxIdleConns(poolSize)
		pool.SetConnMaxIdleTime(5 * time.Minute)
		if err := pool.PingContext(ctx); err != nil {
			pool.Close()
			return nil, fmt.Errorf("store: connect to PostgreSQL: %w", err)
		}
		return &DB{dialect: Postgres, write: pool, read: pool}, nil
	}
	if dir := filepath.Dir(dsn); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, err
		}
	}
	if err := privateFile(dsn); err != nil {
		return nil, err
	}
	// cache_size: 8 MB of pages per connection (nine of them). At 32 MB the
	// page caches were most of the 600 MB resident under load; the file's
	// pages stay in the system's cache anyway, and the pages read most
	// (indexes) fit.
	// synchronous=FULL: an acknowledged write survives a power cut, not
	// only a crash (NORMAL may drop the last commits of the WAL). It costs
	// about 0.3–0.8 ms per write transaction (BenchmarkRegisterItem).
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(ON)" +
		"&_pragma=synchronous(FULL)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-8000)"
	u := "file:" + (&url.URL{Path: dsn}).EscapedPath() + "?" + pragmas
	write, err := sql.Open("sqlite", u+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	// Touch the file through the writer first so WAL mode is set before readers open.
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open SQLite %s: %w", dsn, err)
	}
	read, err := sql.Open("sqlite", u)
	if err != nil {
		write.Close()
		return nil, err
	}
	// Readers: one per core and as many again to cover waits (four on the
	// two-core machines wards run); each keeps its own page cache, and at
	// eight the caches were half of the resident memory under load.
	readers := max(4, 2*runtime.NumCPU())
	read.SetMaxOpenConns(readers)
	read.SetMaxIdleConns(readers)
	return &DB{dialect: SQLite, write: write, read: read, stmts: newStmtCache(read), path: dsn}, nil
}

// Dialect reports the engine.
func (db *DB) Dialect() Dialect { return db.dialect }

// Raw is the pool writes go through, for tools outside the store: the
// test helpers of storetest count rows and tamper with the audit log
// through it. The application itself never needs it.
func (db *DB) Raw() *sql.DB { return db.write }

// Close closes the pools.
func (db *DB) Close() error {
	err := errors.Join(db.stmts.close(), db.write.Close())
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Ping checks that the database answers (for /healthz).
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// MigrateTo applies the embedded migrations up to version only (a test
// puts data in an older schema and checks what a later migration makes of
// it).
func (db *DB) MigrateTo(ctx context.Context, version int64) error {
	p, err := db.migrations()
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}

// Migrate applies the embedded migrations of the dialect, in order.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.migrations()
	if err != nil {
		return err
	}
	applied, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	// Steps that complete a migration in Go, once, when it is applied: the
	// rows the register migration carried over need their search folds;
	// the search facts need the ward's calendar.
	for _, r := range applied {
		if r.Source == nil {
			continue
		}
		switch r.Source.Version {
		case registerMigration:
			if err := db.Update(ctx, func(tx *Tx) error { return tx.FoldRegister(ctx) }); err != nil {
				return err
			}
		case searchFactsMigration:
			if err := db.refreshAllCompletedLate(ctx); err != nil {
				return err
			}
		}
	}
	if len(applied) > 0 {
		return db.Analyze(ctx)
	}
	return nil
}

// Analyze refreshes PostgreSQL's planner statistics, after migrations (new
// columns and indexes) and bulk loads. Without them it estimated one open
// overdue item of a unit where there were 3,000, sorted them all instead of
// reading its index in order, and answered the overdue search in 13 ms
// instead of 1.5 ms. SQLite is left without statistics: its plans without
// them are the ones the search tests check (ExplainSearch), and statistics
// could change them.
func (db *DB) Analyze(ctx context.Context) error {
	if db.dialect != Postgres {
		return nil
	}
	// Only the schema's own tables: a bare ANALYZE visits every table of
	// the database the role may see, and fails when another schema's table
	// is dropped meanwhile (the tests' schemas come and go).
	rows, err := db.write.QueryContext(ctx, `SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema()`)
	if err != nil {
		return fmt.Errorf("store: analyze: %w", err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return fmt.Errorf("store: analyze: %w", err)
		}
		tables = append(tables, t)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("store: analyze: %w", err)
	}
	if len(tables) == 0 {
		return nil
	}
	if _, err := db.write.ExecContext(ctx, "ANALYZE "+strings.Join(tables, ", ")); err != nil {
		return fmt.Errorf("store: analyze: %w", err)
	}
	return nil
}

func (db *DB) migrations() (*goose.Provider, error) {
	sub, err := fs.Sub(migrationsFS, "migrations/"+db.dialect.String())
	if err != nil {
		return nil, err
	}
	d := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if db.dialect == Postgres {
		d = goose.DialectPostgres
		// Every command migrates when it starts: two servers of a new
		// release starting together take turns (an advisory lock held for
		// the session) instead of racing through the same migration.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, fmt.Errorf("store: migrations: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(d, db.write, sub, opts...)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

// Backup writes a consistent copy of a SQLite database to path while the
// server runs (VACUUM INTO reads one snapshot). PostgreSQL uses pg_dump.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect != SQLite {
		return errs.E(errs.Invalid, "Cơ sở dữ liệu PostgreSQL: hãy sao lưu bằng pg_dump --enable-row-security (xem docs/deploy.md).")
	}
	// The copy holds everything (accounts, files): readable by the owner
	// only. VACUUM INTO writes into an existing empty file, keeping its mode.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return errs.Ef(errs.Conflict, "Tệp %s đã tồn tại.", path)
	}
	if err != nil {
		return err
	}
	f.Close()
	if _, err := db.read.ExecContext(ctx, "VACUUM INTO $1", path); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

// privateFile makes the SQLite database readable by its owner only, whatever
// the umask: a new file is created 0600 before SQLite opens it (SQLite gives
// its -wal and -shm files the database's mode), and an existing one, with
// its -wal and -shm, is narrowed to 0600.
func privateFile(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		return f.Close()
	}
	if !errors.Is(err, fs.ErrExist) {
		return err
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(p)
		if err != nil || st.Mode().Perm()&0o077 == 0 {
			continue
		}
		if err := os.Chmod(p, 0o600); err != nil {
			return fmt.Errorf("store: make %s private: %w", p, err)
		}
	}
	return nil
}

// Tx is one transaction. Every store method runs on a Tx, so a use case can
// compose several of them, with its audit record, atomically.
type Tx struct {
	tx        *sql.Tx // nil for a PostgreSQL read (see run)
	q         querier // tx, or the pool itself
	dialect   Dialect
	mailByEnv bool
	stmts     *stmtCache // prepared statements of the transaction's pool, or nil
	// cals caches the wards' working-day calendars for this transaction
	// (the store derives search facts from them, see search.go).
	cals map[int64]*calendar.Calendar
	// writable: a write transaction; wrote: it changed at least one row,
	// so its commit raises the change stamp (see stamp.go).
	writable, wrote bool
	cache           *cache // the database's cache (see Cached)
	stamp           int64  // the change stamp this read transaction caches under
	stampRead       bool
	ward            int64 // the ward the transaction is bound to, or 0 (see scope.go)
	unscoped        bool  // scope trusts the caller (BypassStoreScoping)
}

// Update runs fn in a write transaction, committed when fn returns nil.
func (db *DB) Update(ctx context.Context, fn func(tx *Tx) error) error {
	return db.run(ctx, db.write, nil, true, false, fn)
}

// updateUnstamped is Update for writes no cache holds (a session's data
// and expiry): they must not throw away every server's cache at each
// sign-in and each flash message.
func (db *DB) updateUnstamped(ctx context.Context, fn func(tx *Tx) error) error {
	return db.run(ctx, db.write, nil, true, false, func(tx *Tx) error {
		err := fn(tx)
		tx.wrote = false
		return err
	})
}

// View runs fn in a read transaction on the reader pool.
func (db *DB) View(ctx context.Context, fn func(tx *Tx) error) error {
	return db.run(ctx, db.read, db.stmts, false, db.dialect == Postgres, fn)
}

// querier is what *sql.Tx and *sql.DB have in common.
type querier interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func (db *DB) run(ctx context.Context, pool *sql.DB, stmts *stmtCache, write, readOnly bool, fn func(tx *Tx) error) (err error) {
	b, _ := ctx.Value(wardKey{}).(binding)
	ward := b.ward
	if !write && db.dialect == Postgres {
		// A read on PostgreSQL runs its statements on the pool, without
		// BEGIN and COMMIT: under READ COMMITTED (the default, and what a
		// read transaction here had) each statement sees the latest
		// commits either way, and a page's reads cost one round trip each
		// instead of two more per transaction. A write statement is
		// refused as READ ONLY refused it. Bound to a ward, the reads hold
		// one connection whose session carries the ward (scope.go).
		tx := &Tx{q: pool, dialect: db.dialect, mailByEnv: db.mailByEnv, cache: &db.cache, ward: ward, unscoped: b.unscoped}
		if ward != 0 {
			conn, release, err := boundConn(ctx, pool, ward)
			if err != nil {
				return err
			}
			defer release()
			tx.q = conn
		}
		return fn(tx)
	}
	sqlTx, err := pool.BeginTx(ctx, &sql.TxOptions{ReadOnly: readOnly})
	if err != nil {
		return errs.Wrap(err, "store: begin")
	}
	tx := &Tx{tx: sqlTx, q: sqlTx, dialect: db.dialect, mailByEnv: db.mailByEnv, stmts: stmts, writable: write, cache: &db.cache, ward: ward, unscoped: b.unscoped}
	defer func() {
		if p := recover(); p != nil {
			sqlTx.Rollback()
			panic(p)
		}
		if err == nil && tx.wrote {
			err = tx.raiseStamp(ctx)
		}
		if err != nil {
			sqlTx.Rollback()
			return
		}
		if cerr := sqlTx.Commit(); cerr != nil {
			err = errs.Wrap(cerr, "store: commit")
		}
		if tx.wrote {
			forgetStamp(ctx)
		}
	}()
	if ward != 0 && db.dialect == Postgres {
		if err := setWardLocal(ctx, sqlTx, ward); err != nil {
			return err
		}
	}
	return fn(tx)
}

// Dialect reports the engine of the transaction.
func (tx *Tx) Dialect() Dialect { return tx.dialect }

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	counted(ctx)
	if err := tx.readOnly(q); err != nil {
		return nil, err
	}
	res, err := tx.q.ExecContext(ctx, q, args...)
	if err == nil && tx.writable && !tx.wrote {
		if n, nerr := res.RowsAffected(); nerr != nil || n > 0 {
			tx.wrote = true
		}
	}
	return res, err
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	counted(ctx)
	if err := tx.readOnly(q); err != nil {
		return nil, err
	}
	tx.noteWrite(q)
	if s := tx.stmts.stmt(ctx, q); s != nil {
		return tx.tx.StmtContext(ctx, s).QueryContext(ctx, args...)
	}
	return tx.q.QueryContext(ctx, q, args...)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	counted(ctx)
	if err := tx.readOnly(q); err != nil {
		panic(err) // a programming error, as the read-only transaction's refusal was
	}
	tx.noteWrite(q)
	if s := tx.stmts.stmt(ctx, q); s != nil {
		return tx.tx.StmtContext(ctx, s).QueryRowContext(ctx, args...)
	}
	return tx.q.QueryRowContext(ctx, q, args...)
}

// insert runs an INSERT … RETURNING id (both engines support RETURNING).
func (tx *Tx) insert(ctx context.Context, q string, args ...any) (int64, error) {
	counted(ctx)
	var id int64
	if err := tx.readOnly(q); err != nil {
		return 0, err
	}
	err := tx.q.QueryRowContext(ctx, q+" RETURNING id", args...).Scan(&id)
	if err == nil && tx.writable {
		tx.wrote = true
	}
	return id, err
}

// IsUniqueViolation reports whether err is a unique-constraint failure.
func IsUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// IsForeignKeyViolation reports whether err is a foreign-key failure.
func IsForeignKeyViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23503"
	}
	return err != nil && strings.Contains(err.Error(), "FOREIGN KEY constraint failed")
}

// notFound returns a NotFound error for sql.ErrNoRows, else wraps err.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.Ef(errs.NotFound, "Không tìm thấy %s.", what)
	}
	return errs.Wrap(err, "store: "+what)
}

// stale is the error for an edit based on an old version of a record.
func stale(what string) error {
	return errs.Ef(errs.Conflict, "%s đã được người khác thay đổi trong lúc bạn sửa. Vui lòng tải lại trang để xem bản mới nhất rồi sửa lại.", what)
}

// nullInt turns 0 into NULL for optional references.
func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// nullTime turns nil into NULL.
func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

// placeholders returns "$start, $start+1, …" for n values.
func placeholders(start, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", start+i)
	}
	return b.String()
}
