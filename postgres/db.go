// Package postgres keeps Flashback's data in PostgreSQL through pgx, for
// operators who run several instances on one database or already run and
// back up a PostgreSQL. It implements the same store interfaces as package
// sqlite and passes the same conformance suite.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// defaultMaxConns sizes the pool unless the DSN says pool_max_conns.
const defaultMaxConns = 16

// DB is an open PostgreSQL database: a pool of connections.
type DB struct {
	// DSN is what NewDB was given: a postgres:// or postgresql:// URL, or
	// key=value settings.
	DSN string
	// Now returns the current time; tests pin it. Defaults to time.Now.
	Now func() time.Time

	cfg  *pgxpool.Config
	pool *pgxpool.Pool
	// courier carries the digest pass's send checks and journal appends.
	courier courier
	// watch answers most send checks from memory.
	watch sendWatch
}

// NewDB returns a DB for dsn; call Open before use.
func NewDB(dsn string) *DB {
	return &DB{DSN: dsn, Now: time.Now}
}

// Open connects and applies pending migrations.
func (db *DB) Open() error {
	return db.open(func(ctx context.Context) error { return migrate(ctx, db, migrationFS) })
}

// OpenCurrent connects without changing the schema, and refuses a database
// whose schema is not this program's: behind (run migrate) or ahead
// (upgrade).
func (db *DB) OpenCurrent() error {
	return db.open(func(ctx context.Context) error { return checkCurrent(ctx, db, migrationFS) })
}

// open connects and then has schema check or bring up the schema.
func (db *DB) open(schema func(context.Context) error) error {
	cfg, err := pgxpool.ParseConfig(db.DSN)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	if !strings.Contains(db.DSN, "pool_max_conns") {
		// pgx's default (the number of CPUs, at least 4) starves the
		// digest's workers, each of which reads before its send.
		cfg.MaxConns = defaultMaxConns
	}
	params := cfg.ConnConfig.RuntimeParams
	// A 2xx for an unsubscribe, a report or a sign-up must survive a crash
	// of the server, whatever the server's own default says.
	params["synchronous_commit"] = "on"
	// Instants are compared and stored in UTC; local dates never depend on
	// the session's zone.
	params["timezone"] = "UTC"
	if params["application_name"] == "" {
		params["application_name"] = "flashback"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db.cfg = cfg
	if db.pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	if err := db.pool.Ping(ctx); err != nil {
		db.Close()
		return fmt.Errorf("postgres: connect: %w", err)
	}
	// Connecting must not hang, but a migration may take longer than
	// that: 015 rewrites a table of 7.6 million entries on a million
	// events, 31 to 46 s on two busy cores. An instance that waits for
	// another's migration waits for it to end.
	if err := schema(context.Background()); err != nil {
		db.Close()
		return err
	}
	return nil
}

// connect opens a connection of its own, outside the pool, for a session
// that must last (one holding a session lock). role, when set, is added to
// the application_name that pg_stat_activity shows for it.
func (db *DB) connect(ctx context.Context, role string) (*pgx.Conn, error) {
	cfg := db.cfg.ConnConfig.Copy()
	if role != "" {
		cfg.RuntimeParams["application_name"] += " " + role
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	return conn, nil
}

// Close closes the pool. It is safe to call on a DB that failed to open.
func (db *DB) Close() error {
	db.watch.close()
	if db.pool != nil {
		db.pool.Close()
		db.pool = nil
	}
	return nil
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if db.pool == nil {
		return errors.New("postgres: database is not open")
	}
	return db.pool.Ping(ctx)
}

// Tx is a write transaction with the moment it started, so that every row it
// stamps carries the same time and tests can pin it through DB.Now.
type Tx struct {
	pgx.Tx
	now time.Time

	// watch is told at commit what the transaction may have changed that a
	// send check asks about: the subscribers whose schedules it locked
	// (every such change locks one) and the addresses it suppressed.
	watch   *sendWatch
	touched []int64
	blocked [][]byte
}

// Commit commits and then marks what the transaction may have changed for
// the send checks, whether or not the commit's answer arrived: a mark too
// many costs a query, a mark missing could send a digest to someone who
// just left.
func (tx *Tx) Commit(ctx context.Context) error {
	err := tx.Tx.Commit(ctx)
	if tx.watch != nil && (len(tx.touched) > 0 || len(tx.blocked) > 0) {
		tx.watch.mark(tx.touched, tx.blocked)
	}
	return err
}

// beginWrite starts a read-committed transaction: rows a write depends on
// are locked explicitly (SELECT … FOR UPDATE) where it matters.
func (db *DB) beginWrite(ctx context.Context) (*Tx, error) {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin write: %w", err)
	}
	return &Tx{Tx: tx, now: db.txNow(), watch: &db.watch}, nil
}

// beginLedger starts an unsynced write transaction (see beginUnsynced) for
// the delivery ledger's claims and outcomes, planned for key lookups only.
//
// Every statement of those transactions finds its rows by key: the due
// index in its order, or primary keys from a batch. A digest pass moves
// every row it touches out of the due range and grows the ledger by a row a
// digest, faster than autovacuum's statistics follow, and on stale figures
// the planner once sorted the whole due set for each claim of 512 and
// hashed the whole ledger for each batch of outcomes (seen with
// auto_explain, 100k subscribers). Without sequential and bitmap scans the
// only plans left walk the indexes, which cost what the batch costs
// whatever the statistics say.
func (db *DB) beginLedger(ctx context.Context) (*Tx, error) {
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{BeginQuery: "BEGIN; SET LOCAL synchronous_commit = off; " +
		"SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off"})
	if err != nil {
		return nil, fmt.Errorf("begin ledger write: %w", err)
	}
	return &Tx{Tx: tx, now: db.txNow(), watch: &db.watch}, nil
}

// beginRead starts a read-only transaction on one snapshot, so that a query
// and its follow-ups (a page and its count) agree.
func (db *DB) beginRead(ctx context.Context) (pgx.Tx, error) {
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("begin read: %w", err)
	}
	return tx, nil
}

// txNow is a transaction's time, in microseconds as PostgreSQL keeps it, so
// that what a store hands back equals what it stored.
func (db *DB) txNow() time.Time {
	now := time.Now
	if db.Now != nil {
		now = db.Now
	}
	return now().UTC().Truncate(time.Microsecond)
}

// rollback ends tx when a function returns early; after a commit it is a
// no-op, so it is deferred unconditionally.
func rollback(ctx context.Context, tx pgx.Tx) {
	_ = tx.Rollback(ctx)
}

// beginUnsynced starts a write transaction whose commit does not wait for
// the server's disk: it survives a crash of this process, not one of the
// server. It is for bookkeeping (rate limits) whose last few writes a power
// cut may forget, where a disk wait on every request would cost more.
func (db *DB) beginUnsynced(ctx context.Context) (*Tx, error) {
	// One round trip for both: pgx sends a BeginQuery as it is.
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{BeginQuery: "BEGIN; SET LOCAL synchronous_commit = off"})
	if err != nil {
		return nil, fmt.Errorf("begin unsynced write: %w", err)
	}
	return &Tx{Tx: tx, now: db.txNow(), watch: &db.watch}, nil
}
