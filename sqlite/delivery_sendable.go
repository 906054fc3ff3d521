package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"flashback"
)

// sendableQuery reads, by two primary keys, what may have changed since a
// digest was claimed: the subscriber's status and the suppression list.
const sendableQuery = `SELECT s.status,
	EXISTS (SELECT 1 FROM suppressions WHERE email_hash = ?)
	FROM subscribers s WHERE s.id = ?`

// readStmt is a statement prepared once on the read pool (database/sql
// prepares it again on each connection that runs it).
type readStmt struct {
	mu sync.Mutex
	st *sql.Stmt
}

func (r *readStmt) get(ctx context.Context, db *DB, q string) (*sql.Stmt, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.st == nil {
		st, err := db.read.PrepareContext(ctx, q)
		if err != nil {
			return nil, err
		}
		r.st = st
	}
	return r.st, nil
}

// Sendable reports whether sub may still get the digest it was claimed
// for; see flashback.DeliveryStore. It reads through the read pool, so it
// never waits for the writer.
func (s *DeliveryStore) Sendable(ctx context.Context, sub *flashback.Subscriber) (string, error) {
	st, err := s.sendable.get(ctx, s.db, sendableQuery)
	if err != nil {
		return "", fmt.Errorf("prepare send check: %w", err)
	}
	var status string
	var suppressed bool
	err = st.QueryRowContext(ctx, flashback.EmailHash(sub.Email), sub.ID).Scan(&status, &suppressed)
	found := !errors.Is(err, sql.ErrNoRows)
	if found && err != nil {
		return "", fmt.Errorf("check subscriber %d before sending: %w", sub.ID, err)
	}
	return flashback.SendCheckReason(found, flashback.SubscriberStatus(status), suppressed), nil
}
