package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// readStmts keeps the statements searches run, prepared once on the read
// pool: database/sql then reuses each on every connection that has run it,
// where preparing it anew cost a search about a tenth of its time at a
// million events. A statement is kept by its text, and searches build few
// texts (an order and the filters set, and the size of a page).
type readStmts struct {
	mu    sync.Mutex
	pool  *sql.DB
	stmts map[string]*sql.Stmt
}

// query runs query in tx, from the statement kept for its text.
func (c *readStmts) query(ctx context.Context, pool *sql.DB, tx *sql.Tx, query string, args ...any) (*sql.Rows, error) {
	st, err := c.prepared(ctx, pool, query)
	if err != nil {
		return nil, err
	}
	return tx.StmtContext(ctx, st).QueryContext(ctx, args...)
}

func (c *readStmts) prepared(ctx context.Context, pool *sql.DB, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pool != pool {
		c.closeLocked()
		c.pool, c.stmts = pool, map[string]*sql.Stmt{}
	}
	if st, ok := c.stmts[query]; ok {
		return st, nil
	}
	st, err := pool.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = st
	return st, nil
}

// close closes the statements kept, before their pool closes.
func (c *readStmts) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closeLocked()
}

func (c *readStmts) closeLocked() {
	for _, st := range c.stmts {
		st.Close()
	}
	c.pool, c.stmts = nil, nil
}
