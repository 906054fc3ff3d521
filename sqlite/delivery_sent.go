package sqlite

import (
	"context"

	"flashback"
)

// completeSent does what complete does for each sent outcome (mark the
// ledger row sent, whoever's lease it was) with one statement for the
// whole group.
func (c *completer) completeSent(ctx context.Context, sent []flashback.Outcome) error {
	if len(sent) == 0 {
		return nil
	}
	marks := newSentBatch()
	marks.shared = []any{formatTime(c.tx.now)}
	for _, o := range sent {
		marks.add(o.SubscriberID, o.LocalDate.String(), o.MessageID)
	}
	return execBatches(ctx, c.tx, c.stmts, marks)
}
