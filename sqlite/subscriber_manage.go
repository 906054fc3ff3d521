package sqlite

import (
	"context"
	"fmt"

	"flashback"
)

// UpdatePreferences changes a pending or confirmed subscriber's settings.
// The next digest keeps its local date and only moves in time: a date that
// was already delivered or skipped is never due again, whatever the new zone
// (the ledger's key is the local date).
func (s *SubscriberStore) UpdatePreferences(ctx context.Context, id int64, p flashback.Preferences) (*flashback.Subscriber, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	sub, err := findSubscriber(ctx, tx, `id = ?`, id)
	if err != nil {
		return nil, err
	}
	switch sub.Status {
	case flashback.SubscriberPending, flashback.SubscriberConfirmed:
	default:
		return nil, flashback.Errorf(flashback.ECONFLICT, "This subscription has ended, so there is nothing to change. You can subscribe again at any time.")
	}
	var nextDue any
	if !sub.NextDate.IsZero() {
		_, due, err := schedule(p, sub.NextDate)
		if err != nil {
			return nil, err
		}
		nextDue = due
	}
	if _, err := tx.ExecContext(ctx, `UPDATE subscribers SET time_zone = ?, wake_hour = ?,
		categories = ?, next_due_at = COALESCE(?, next_due_at), updated_at = ? WHERE id = ?`,
		p.TimeZone, p.WakeHour, joinCategories(p.Categories), nextDue, formatTime(tx.now), id); err != nil {
		return nil, fmt.Errorf("update preferences: %w", err)
	}
	if sub, err = findSubscriber(ctx, tx, `id = ?`, id); err != nil {
		return nil, err
	}
	return sub, tx.Commit()
}

// Unsubscribe ends the subscription at once. Unsubscribing twice is fine.
func (s *SubscriberStore) Unsubscribe(ctx context.Context, id int64, how string) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE subscribers SET status = 'unsubscribed',
		status_reason = ?, unsubscribed_at = ?, confirm_hash = NULL, updated_at = ?
		WHERE id = ? AND status IN ('pending', 'confirmed')`,
		how, formatTime(tx.now), formatTime(tx.now), id)
	if err != nil {
		return fmt.Errorf("unsubscribe: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := findSubscriber(ctx, tx, `id = ?`, id); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// DeleteSubscriber removes the subscriber and, by cascade, their delivery
// history; only the hash of the address stays, on the suppression list.
func (s *SubscriberStore) DeleteSubscriber(ctx context.Context, id int64) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	sub, err := findSubscriber(ctx, tx, `id = ?`, id)
	if err != nil {
		return err
	}
	if err := addSuppression(ctx, tx, sub.Email, flashback.SuppressDeleted); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM subscribers WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete subscriber: %w", err)
	}
	return tx.Commit()
}

// SuppressSubscriber stops all mail to the subscriber's address.
func (s *SubscriberStore) SuppressSubscriber(ctx context.Context, id int64, reason string) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := suppress(ctx, tx, id, reason); err != nil {
		return err
	}
	return tx.Commit()
}

func suppress(ctx context.Context, tx *Tx, id int64, reason string) error {
	sub, err := findSubscriber(ctx, tx, `id = ?`, id)
	if err != nil {
		return err
	}
	if err := addSuppression(ctx, tx, sub.Email, reason); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE subscribers SET status = 'suppressed',
		status_reason = ?, confirm_hash = NULL, updated_at = ? WHERE id = ?`,
		reason, formatTime(tx.now), id)
	if err != nil {
		return fmt.Errorf("suppress subscriber: %w", err)
	}
	return nil
}

// addSuppression lists the address; a bounce outranks a deletion, because
// a deleted reader may come back but a dead mailbox will not.
func addSuppression(ctx context.Context, tx *Tx, email, reason string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO suppressions (email_hash, reason, created_at)
		VALUES (?, ?, ?) ON CONFLICT (email_hash) DO UPDATE SET reason = excluded.reason
		WHERE excluded.reason = 'bounce'`,
		flashback.EmailHash(email), reason, formatTime(tx.now))
	if err != nil {
		return fmt.Errorf("add suppression: %w", err)
	}
	return nil
}

// IsSuppressed reports whether the normalised address is suppressed.
func (s *SubscriberStore) IsSuppressed(ctx context.Context, email string) (bool, error) {
	var n int
	err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM suppressions WHERE email_hash = ?`,
		flashback.EmailHash(email)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check suppression: %w", err)
	}
	return n > 0, nil
}
