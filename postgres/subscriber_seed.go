package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// SeedConfirmed inserts already-confirmed subscribers in one transaction,
// for benchmarks, tests and the import of a list whose consent was recorded
// elsewhere (Consent must say so). Each subscriber's first digest is
// NextDate when set, else FirstDigestDate at the store's now. IDs are set.
func (s *SubscriberStore) SeedConfirmed(ctx context.Context, subs []*flashback.Subscriber) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer rollback(ctx, tx)
	// The inserts go to the server together, one round trip for all.
	batch := &pgx.Batch{}
	for _, sub := range subs {
		if err := sub.Preferences.Validate(); err != nil {
			return err
		}
		first := sub.NextDate
		if first.IsZero() {
			if first, err = flashback.FirstDigestDate(sub.Preferences, tx.now); err != nil {
				return err
			}
		}
		date, due, err := schedule(sub.Preferences, first)
		if err != nil {
			return err
		}
		batch.Queue(`WITH s AS (INSERT INTO subscribers (email, time_zone, wake_hour,
			categories, status, consent_source, consent_at, consent_ip, confirmed_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, 'confirmed', $5, $6, $7, $6, $6, $6) RETURNING id)
			INSERT INTO subscriber_schedule (subscriber_id, next_date, next_due_at, confirmed)
			SELECT id, $8::text::date, $9::timestamptz, true FROM s RETURNING subscriber_id`,
			sub.Email, sub.TimeZone, sub.WakeHour, joinCategories(sub.Categories), sub.Consent.Source,
			tx.now, sub.Consent.RequestIP, date, due)
		sub.NextDate = first
	}
	results := tx.SendBatch(ctx, batch)
	for _, sub := range subs {
		if err := results.QueryRow().Scan(&sub.ID); err != nil {
			results.Close()
			return fmt.Errorf("seed subscriber %q: %w", sub.Email, err)
		}
		sub.Status = flashback.SubscriberConfirmed
	}
	if err := results.Close(); err != nil {
		return fmt.Errorf("seed subscribers: %w", err)
	}
	return commit(ctx, tx)
}
