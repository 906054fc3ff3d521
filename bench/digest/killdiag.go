package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback/stores"
)

// lateAfter is how long after a kill track waits before it describes the
// digests still missing: a recovery that slow has a cause worth seeing.
const lateAfter = 10 * time.Second

// describeLate prints, on a PostgreSQL store, what the ledger says of up
// to a few of the digests a kill left that are still not out: why they
// wait.
func describeLate(dsn string, killNo int, missing []string) {
	if b, err := stores.BackendOf(dsn); err != nil || b != stores.Postgres {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		fmt.Printf("kill %d: %d digests late; the ledger could not be read: %v\n", killNo, len(missing), err)
		return
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT s.email, sc.next_due_at - now(), d.state, d.attempts, d.owner_id,
		d.owner_started, d.lease_until - now(), d.next_attempt_at - now(),
		(SELECT COUNT(*) FROM outcome_journal j WHERE j.subscriber_id = s.id),
		(SELECT COUNT(*) FROM instances i WHERE i.id = d.owner_id AND i.started_at = d.owner_started)
		FROM subscribers s JOIN subscriber_schedule sc ON sc.subscriber_id = s.id
		LEFT JOIN deliveries d ON d.subscriber_id = s.id AND d.local_date = sc.next_date
		WHERE s.email = ANY ($1) ORDER BY s.email LIMIT 5`, missing)
	if err != nil {
		fmt.Printf("kill %d: %d digests late; the ledger could not be read: %v\n", killNo, len(missing), err)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "kill %d: %d digests still not out %v after it; the ledger of some:\n", killNo, len(missing), lateAfter)
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			break
		}
		fmt.Fprintf(&b, "  %v\n", vals)
	}
	fmt.Print(b.String())
}
