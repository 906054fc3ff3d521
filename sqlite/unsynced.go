package sqlite

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
)

// beginUnsynced starts a write transaction whose commit is not synced to
// disk (synchronous NORMAL rather than FULL, for this one transaction): it
// reaches the operating system, so it survives a crash of this process,
// and the disk with the next synced commit, which syncs everything before
// it. A power loss or an OS crash may undo it. The caller counts the rows
// it leaves unsynced with owe, and commits synced once enough are owed.
//
// It exists for the digest ledger, whose marks each hold back a send (see
// mail.Receipt): a disk sync per group of marks would cap delivery at a
// few hundred groups a second.
func (db *DB) beginUnsynced(ctx context.Context) (*Tx, error) {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin write: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = NORMAL"); err != nil {
		conn.Close()
		return nil, fmt.Errorf("begin unsynced write: %w", err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		err = errors.Join(err, (&Tx{conn: conn}).release())
		return nil, fmt.Errorf("begin write: %w", err)
	}
	return &Tx{Tx: tx, now: db.txNow(), conn: conn}, nil
}

// Commit commits, and hands an unsynced transaction's writer back synced.
func (tx *Tx) Commit() error {
	err := tx.Tx.Commit()
	return errors.Join(err, tx.release())
}

// Rollback rolls back, and hands an unsynced transaction's writer back
// synced. After Commit it does nothing, as sql.Tx's does.
func (tx *Tx) Rollback() error {
	err := tx.Tx.Rollback()
	if rerr := tx.release(); rerr != nil {
		return errors.Join(err, rerr)
	}
	return err
}

// release sets the held writer back to synced commits and returns it to
// the pool. A writer that cannot be set back is discarded: left as it is,
// it would quietly weaken every later commit.
func (tx *Tx) release() error {
	c := tx.conn
	if c == nil {
		return nil
	}
	tx.conn = nil
	_, err := c.ExecContext(context.Background(), "PRAGMA synchronous = FULL")
	if err != nil {
		_ = c.Raw(func(any) error { return driver.ErrBadConn })
		err = fmt.Errorf("restore synced commits: %w", err)
	}
	return errors.Join(err, c.Close())
}

// beginOwing starts a write transaction of up to rows rows that is
// unsynced while fewer than limit rows are owed to the disk, counting
// them, and else synced, clearing the debt. Commit with the returned
// function.
func (db *DB) beginOwing(ctx context.Context, rows, limit int) (*Tx, func() error, error) {
	if db.unsynced.Load()+int64(rows) >= int64(limit) {
		tx, err := db.beginWrite(ctx)
		if err != nil {
			return nil, nil, err
		}
		return tx, func() error { return db.commitSynced(tx) }, nil
	}
	tx, err := db.beginUnsynced(ctx)
	if err != nil {
		return nil, nil, err
	}
	return tx, func() error {
		// Counted inside tx, which holds the only writer; a failed commit
		// leaves the count too high, which only syncs sooner.
		db.unsynced.Add(int64(rows))
		return tx.Commit()
	}, nil
}

// commitSynced commits tx, a synced transaction, and clears what unsynced
// commits owed: the sync covers every commit before it. The count is read
// inside tx, which holds the only writer, so no unsynced commit lands
// between reading it and the sync.
func (db *DB) commitSynced(tx *Tx) error {
	owed := db.unsynced.Load()
	if err := tx.Commit(); err != nil {
		return err
	}
	db.unsynced.Add(-owed)
	return nil
}
