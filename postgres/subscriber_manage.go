package postgres

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
	defer rollback(ctx, tx)
	if err := lockSchedule(ctx, tx, id); err != nil {
		return nil, err
	}
	sub, err := findSubscriber(ctx, tx, `id = $1 FOR UPDATE`, id)
	if err != nil {
		return nil, err
	}
	switch sub.Status {
	case flashback.SubscriberPending, flashback.SubscriberConfirmed:
	default:
		return nil, flashback.Errorf(flashback.ECONFLICT, "This subscription has ended, so there is nothing to change. You can subscribe again at any time.")
	}
	if !sub.NextDate.IsZero() {
		_, due, err := schedule(p, sub.NextDate)
		if err != nil {
			return nil, err
		}
		if _, err := tx.Exec(ctx, `UPDATE subscriber_schedule SET next_due_at = $1 WHERE subscriber_id = $2`,
			due, id); err != nil {
			return nil, fmt.Errorf("reschedule: %w", err)
		}
	}
	sub, err = scanSubscriber(tx.QueryRow(ctx, `UPDATE subscribers SET time_zone = $1, wake_hour = $2,
		categories = $3, updated_at = $4 WHERE id = $5 RETURNING `+subscriberColumns,
		p.TimeZone, p.WakeHour, joinCategories(p.Categories), tx.now, id))
	if err != nil {
		return nil, fmt.Errorf("update preferences: %w", err)
	}
	return sub, commit(ctx, tx)
}

// Unsubscribe ends the subscription at once. Unsubscribing twice is fine.
func (s *SubscriberStore) Unsubscribe(ctx context.Context, id int64, how string) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer rollback(ctx, tx)
	if err := lockSchedule(ctx, tx, id); err != nil {
		return err
	}
	tag, err := tx.Exec(ctx, `UPDATE subscribers SET status = 'unsubscribed',
		status_reason = $1, unsubscribed_at = $2, confirm_hash = NULL, updated_at = $2
		WHERE id = $3 AND status IN ('pending', 'confirmed')`, how, tx.now, id)
	if err != nil {
		return fmt.Errorf("unsubscribe: %w", err)
	}
	if tag.RowsAffected() == 0 {
		if _, err := findSubscriber(ctx, tx, `id = $1`, id); err != nil {
			return err
		}
	}
	return commit(ctx, tx)
}

// DeleteSubscriber removes the subscriber and, by cascade, their delivery
// history; only the hash of the address stays, on the suppression list.
func (s *SubscriberStore) DeleteSubscriber(ctx context.Context, id int64) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer rollback(ctx, tx)
	if err := lockSchedule(ctx, tx, id); err != nil {
		return err
	}
	sub, err := findSubscriber(ctx, tx, `id = $1 FOR UPDATE`, id)
	if err != nil {
		return err
	}
	if err := addSuppression(ctx, tx, sub.Email, flashback.SuppressDeleted); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM subscribers WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete subscriber: %w", err)
	}
	return commit(ctx, tx)
}

// SuppressSubscriber stops all mail to the subscriber's address.
func (s *SubscriberStore) SuppressSubscriber(ctx context.Context, id int64, reason string) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer rollback(ctx, tx)
	if err := suppress(ctx, tx, id, reason); err != nil {
		return err
	}
	return commit(ctx, tx)
}

func suppress(ctx context.Context, tx *Tx, id int64, reason string) error {
	if err := lockSchedule(ctx, tx, id); err != nil {
		return err
	}
	sub, err := findSubscriber(ctx, tx, `id = $1 FOR UPDATE`, id)
	if err != nil {
		return err
	}
	if err := addSuppression(ctx, tx, sub.Email, reason); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE subscribers SET status = 'suppressed',
		status_reason = $1, confirm_hash = NULL, updated_at = $2 WHERE id = $3`, reason, tx.now, id)
	if err != nil {
		return fmt.Errorf("suppress subscriber: %w", err)
	}
	return nil
}

// addSuppression lists the address; a bounce outranks a deletion, because
// a deleted reader may come back but a dead mailbox will not.
func addSuppression(ctx context.Context, tx *Tx, email, reason string) error {
	hash := flashback.EmailHash(email)
	tx.blocked = append(tx.blocked, hash)
	_, err := tx.Exec(ctx, `INSERT INTO suppressions (email_hash, reason, created_at)
		VALUES ($1, $2, $3) ON CONFLICT (email_hash) DO UPDATE SET reason = excluded.reason
		WHERE excluded.reason = 'bounce'`, hash, reason, tx.now)
	if err != nil {
		return fmt.Errorf("add suppression: %w", err)
	}
	return nil
}

// IsSuppressed reports whether the normalised address is suppressed.
func (s *SubscriberStore) IsSuppressed(ctx context.Context, email string) (bool, error) {
	var found bool
	err := s.db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM suppressions WHERE email_hash = $1)`,
		flashback.EmailHash(email)).Scan(&found)
	if err != nil {
		return false, fmt.Errorf("check suppression: %w", err)
	}
	return found, nil
}
