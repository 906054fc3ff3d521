package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// Sendable reports whether sub may still get the digest it was claimed
// for; see flashback.DeliveryStore. It reads what may have changed since
// the claim: the status and the suppression list. A subscriber this DB
// claimed while it listened for such changes, with none noticed since, is
// answered from memory without asking (sendWatch, which says what that
// changes).
//
// The others ask the server. The workers of a pass each ask just before
// their send, one digest at a time; a query for each cost the server as
// much as a third of the claim's whole work. Checks asked for while one
// query runs wait for the next, which answers all of them at once, in the
// same round trip as the journal's appends while a journal is open (see
// courier). Every such check is answered by a query that started after it
// was asked, so an unsubscribe committed before the check is seen by it,
// as with a query of its own.
func (s *DeliveryStore) Sendable(ctx context.Context, sub *flashback.Subscriber) (string, error) {
	if s.db.watch.unchanged(sub) {
		return "", nil
	}
	c := &sendCheck{id: sub.ID, hash: flashback.EmailHash(sub.Email), done: make(chan struct{})}
	s.db.courier.ask(s.db, c)
	select {
	case <-c.done:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	if c.err != nil {
		return "", fmt.Errorf("check subscriber %d before sending: %w", sub.ID, c.err)
	}
	var status string
	if c.status != nil {
		status = *c.status
	}
	return flashback.SendCheckReason(c.status != nil, flashback.SubscriberStatus(status), c.suppressed), nil
}

// SendChecks counts the checks Sendable answered from memory and those it
// asked the server, since the DB opened (for metrics).
func (s *DeliveryStore) SendChecks() (fromMemory, fromDatabase uint64) {
	return s.db.watch.counts()
}

// sendCheck is one Sendable's question and, once done is closed, its
// answer.
type sendCheck struct {
	id   int64
	hash []byte
	done chan struct{}

	status     *string // nil: no such subscriber
	suppressed bool
	err        error
}

// maxSendChecks bounds one query's checks.
const maxSendChecks = 256

// sendCheckTimeout bounds one query: the checks are shared, so no one
// caller's context governs it.
const sendCheckTimeout = 30 * time.Second

// checkQuery reads the status and suppression of each check's subscriber,
// in order. The subqueries are lookups by primary key whatever the
// planner's figures say.
const checkQuery = `SELECT (SELECT status FROM subscribers WHERE id = v.id),
	EXISTS (SELECT 1 FROM suppressions WHERE email_hash = v.hash)
	FROM unnest($1::bigint[], $2::bytea[]) WITH ORDINALITY AS v (id, hash, n) ORDER BY v.n`

// checkArgs are checkQuery's arguments for batch.
func checkArgs(batch []*sendCheck) (ids []int64, hashes [][]byte) {
	ids = make([]int64, len(batch))
	hashes = make([][]byte, len(batch))
	for i, c := range batch {
		ids[i], hashes[i] = c.id, c.hash
	}
	return ids, hashes
}

// queueChecks queues checkQuery for batch.
func queueChecks(b *pgx.Batch, batch []*sendCheck) {
	ids, hashes := checkArgs(batch)
	b.Queue(checkQuery, ids, hashes)
}

// answer reads the status and suppression of each check's subscriber in
// one query and closes each check's done. The subqueries are lookups by
// primary key whatever the planner's figures say.
func answer(db *DB, batch []*sendCheck) {
	ids, hashes := checkArgs(batch)
	ctx, cancel := context.WithTimeout(context.Background(), sendCheckTimeout)
	defer cancel()
	rows, err := db.pool.Query(ctx, checkQuery, ids, hashes)
	if err == nil {
		err = scanChecks(rows, batch)
	}
	for _, c := range batch {
		if err != nil {
			c.err = err
		}
		close(c.done)
	}
}

// scanChecks fills the checks of batch from rows, one row each in order.
func scanChecks(rows pgx.Rows, batch []*sendCheck) error {
	defer rows.Close()
	i := 0
	for ; rows.Next(); i++ {
		if i == len(batch) {
			return fmt.Errorf("%d answers to %d send checks", i+1, len(batch))
		}
		if err := rows.Scan(&batch[i].status, &batch[i].suppressed); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if i != len(batch) {
		return fmt.Errorf("%d answers to %d send checks", i, len(batch))
	}
	return nil
}
