package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"flashback"
)

// completeSent does what complete does for each sent outcome (mark the
// ledger row sent, whoever's lease it was; schedule the day after in the
// subscriber's current zone unless they moved past that date) with one
// statement per step for the whole group.
func (c *completer) completeSent(ctx context.Context, sent []flashback.Outcome) error {
	if len(sent) == 0 {
		return nil
	}
	now := formatTime(c.tx.now)
	marks := newSentBatch()
	marks.shared = []any{now}
	ids := make([]int64, len(sent))
	for i, o := range sent {
		marks.add(o.SubscriberID, o.LocalDate.String(), o.MessageID)
		ids[i] = o.SubscriberID
	}
	if err := execBatches(ctx, c.tx, c.stmts, marks); err != nil {
		return err
	}
	prefs, err := schedulePrefs(ctx, c.tx, c.stmts, ids)
	if err != nil {
		return err
	}
	next := newNextBatch()
	for _, o := range sent {
		p, ok := prefs[o.SubscriberID]
		if !ok || p.next != o.LocalDate.String() {
			continue // deleted, or already past this date
		}
		loc, err := c.zones.Load(p.zone)
		if err != nil {
			return err
		}
		tomorrow, due := flashback.NextWake(o.LocalDate, p.hour, loc)
		next.add(o.SubscriberID, tomorrow.String(), formatTime(due), p.next)
	}
	return execBatches(ctx, c.tx, c.stmts, next)
}

// schedulePref is what scheduling a subscriber's next digest depends on.
type schedulePref struct {
	zone, next string
	hour       int
}

// schedulePrefs reads the schedulePref of each of ids that still exists.
func schedulePrefs(ctx context.Context, tx *Tx, stmts *stmtCache, ids []int64) (map[int64]schedulePref, error) {
	out := make(map[int64]schedulePref, len(ids))
	for len(ids) > 0 {
		chunk := ids[:chunkSize(len(ids))]
		ids = ids[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		st, err := stmts.in(ctx, tx, prefsQuery(len(chunk)))
		if err != nil {
			return nil, fmt.Errorf("read schedules: %w", err)
		}
		rows, err := st.QueryContext(ctx, args...)
		if err != nil {
			return nil, fmt.Errorf("read schedules: %w", err)
		}
		for rows.Next() {
			var id int64
			var p schedulePref
			var next sql.NullString
			if err := rows.Scan(&id, &p.zone, &p.hour, &next); err != nil {
				rows.Close()
				return nil, fmt.Errorf("read schedules: %w", err)
			}
			p.next = next.String
			out[id] = p
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("read schedules: %w", err)
		}
	}
	return out, nil
}
