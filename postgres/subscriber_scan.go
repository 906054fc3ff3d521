package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// subscriberFields are the subscribers columns scanSubscriber reads, in
// this order, before the next date.
const subscriberFields = `id, email, time_zone, wake_hour, categories, status,
	status_reason, token_gen, consent_source, consent_at, consent_ip,
	confirmed_at, confirm_ip, unsubscribed_at, created_at, updated_at`

// subscriberColumns are what scanSubscriber reads, from a statement on the
// subscribers table (not aliased): its fields and the next date, which the
// schedule keeps. Dates come back as text, the form CivilDate parses.
const subscriberColumns = subscriberFields + `,
	(SELECT next_date::text FROM subscriber_schedule WHERE subscriber_id = subscribers.id)`

// scanSubscriber reads subscriberColumns and any extra destinations after
// them.
func scanSubscriber(row pgx.Row, extra ...any) (*flashback.Subscriber, error) {
	var (
		s                           flashback.Subscriber
		hour                        int16
		cats, status                string
		confirmedAt, unsubscribedAt *time.Time
		next                        *string
	)
	err := row.Scan(append([]any{&s.ID, &s.Email, &s.TimeZone, &hour, &cats, &status,
		&s.StatusReason, &s.TokenGeneration, &s.Consent.Source, &s.Consent.RequestedAt, &s.Consent.RequestIP,
		&confirmedAt, &s.Consent.ConfirmIP, &unsubscribedAt, &s.CreatedAt, &s.UpdatedAt, &next}, extra...)...)
	if err != nil {
		return nil, err
	}
	s.WakeHour = int(hour)
	s.Status = flashback.SubscriberStatus(status)
	s.Categories = splitCategories(cats)
	s.Consent.RequestedAt, s.CreatedAt, s.UpdatedAt = s.Consent.RequestedAt.UTC(), s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	s.Consent.ConfirmedAt, s.UnsubscribedAt = utc(confirmedAt), utc(unsubscribedAt)
	if next != nil {
		if s.NextDate, err = flashback.ParseCivilDate(*next); err != nil {
			return nil, fmt.Errorf("subscriber %d: %w", s.ID, err)
		}
	}
	return &s, nil
}

func joinCategories(cats []string) string { return strings.Join(cats, ",") }

func splitCategories(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func findSubscriber(ctx context.Context, q querier, where string, args ...any) (*flashback.Subscriber, error) {
	s, err := scanSubscriber(q.QueryRow(ctx, `SELECT `+subscriberColumns+` FROM subscribers WHERE `+where, args...))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "There is no such subscription. It may have been deleted.")
	}
	if err != nil {
		return nil, fmt.Errorf("find subscriber: %w", err)
	}
	return s, nil
}

// schedule returns the next_date and next_due_at of a subscriber's schedule
// for a digest due on date d at the subscriber's wake-up time.
func schedule(p flashback.Preferences, d flashback.CivilDate) (string, time.Time, error) {
	loc, err := flashback.LoadZone(p.TimeZone)
	if err != nil {
		return "", time.Time{}, err
	}
	return d.String(), flashback.WakeInstant(d, p.WakeHour, loc), nil
}

// lockSchedule locks the subscriber's schedule row, if they have one, for
// the rest of tx: a writer that also changes the subscriber's row or ledger
// takes this lock first, as claims and outcomes do (see the schedule's
// migration), so that no two writers wait on each other in opposite orders.
func lockSchedule(ctx context.Context, tx *Tx, id int64) error {
	tx.touched = append(tx.touched, id)
	if _, err := tx.Exec(ctx, `SELECT 1 FROM subscriber_schedule WHERE subscriber_id = $1 FOR UPDATE`, id); err != nil {
		return fmt.Errorf("lock schedule: %w", err)
	}
	return nil
}

// lockAddress serialises every change to one address (sign-ups, the count
// of its confirmation mails) for the rest of tx: two sign-ups racing must
// neither both pass the limit nor both insert.
func lockAddress(ctx context.Context, tx *Tx, hash []byte) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended(encode($1, 'hex'), 1))`, hash); err != nil {
		return fmt.Errorf("lock address: %w", err)
	}
	return nil
}
