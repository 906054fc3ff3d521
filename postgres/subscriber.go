package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// SubscriberStore keeps digest subscribers, the suppression list and the
// per-address confirmation rate limit in a DB.
type SubscriberStore struct {
	db *DB
}

var _ flashback.SubscriberStore = (*SubscriberStore)(nil)

// NewSubscriberStore returns a SubscriberStore on an open DB.
func NewSubscriberStore(db *DB) *SubscriberStore {
	return &SubscriberStore{db: db}
}

// FindSubscriberByID returns the subscriber or ENOTFOUND.
func (s *SubscriberStore) FindSubscriberByID(ctx context.Context, id int64) (*flashback.Subscriber, error) {
	return findSubscriber(ctx, s.db.pool, `id = $1`, id)
}

// Subscribe rate-limits and records a sign-up; see flashback.SubscriberStore.
func (s *SubscriberStore) Subscribe(ctx context.Context, req *flashback.SubscribeRequest) (*flashback.SubscribeResult, error) {
	if err := req.Preferences.Validate(); err != nil {
		return nil, err
	}
	if len(req.ConfirmTokenHash) == 0 || req.ConfirmTTL <= 0 {
		return nil, errors.New("postgres: subscribe without a confirmation token")
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer rollback(ctx, tx)
	hash := flashback.EmailHash(req.Email)
	if err := lockAddress(ctx, tx, hash); err != nil {
		return nil, err
	}
	if err := countConfirmMail(ctx, tx, hash, req.Limit); err != nil {
		return nil, err
	}
	res, err := subscribe(ctx, tx, req, hash)
	if err != nil {
		return nil, err
	}
	if err := commit(ctx, tx); err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	return res, nil
}

func subscribe(ctx context.Context, tx *Tx, req *flashback.SubscribeRequest, hash []byte) (*flashback.SubscribeResult, error) {
	bounced, err := suppressedFor(ctx, tx, hash, flashback.SuppressBounce)
	if err != nil {
		return nil, err
	}
	old, err := findSubscriber(ctx, tx, `email = $1`, req.Email)
	switch {
	case flashback.ErrorCode(err) == flashback.ENOTFOUND:
		if bounced {
			return &flashback.SubscribeResult{Action: flashback.SendNothing}, nil
		}
		return insertPending(ctx, tx, req)
	case err != nil:
		return nil, err
	case bounced || old.Status == flashback.SubscriberSuppressed:
		return &flashback.SubscribeResult{Subscriber: old, Action: flashback.SendNothing}, nil
	case old.Status == flashback.SubscriberConfirmed:
		// A stranger must not change a confirmed subscriber's settings;
		// the owner is told instead, with their manage link.
		return &flashback.SubscribeResult{Subscriber: old, Action: flashback.SendNotice}, nil
	}
	// Pending or unsubscribed: start (again) from a fresh confirmation.
	sub, err := scanSubscriber(tx.QueryRow(ctx, `UPDATE subscribers SET time_zone = $1, wake_hour = $2,
		categories = $3, status = 'pending', status_reason = '', confirm_hash = $4,
		confirm_expires_at = $5, consent_source = $6, consent_at = $7, consent_ip = $8,
		updated_at = $7 WHERE id = $9 RETURNING `+subscriberColumns,
		req.TimeZone, req.WakeHour, joinCategories(req.Categories), req.ConfirmTokenHash,
		tx.now.Add(req.ConfirmTTL), req.Consent.Source, tx.now, req.Consent.RequestIP, old.ID))
	if err != nil {
		return nil, fmt.Errorf("refresh pending subscriber: %w", err)
	}
	return &flashback.SubscribeResult{Subscriber: sub, Action: flashback.SendConfirmation}, nil
}

func insertPending(ctx context.Context, tx *Tx, req *flashback.SubscribeRequest) (*flashback.SubscribeResult, error) {
	sub, err := scanSubscriber(tx.QueryRow(ctx, `INSERT INTO subscribers (email, time_zone, wake_hour,
		categories, status, confirm_hash, confirm_expires_at, consent_source, consent_at,
		consent_ip, created_at, updated_at, token_gen)
		VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9, $8, $8, $10) RETURNING `+subscriberColumns,
		req.Email, req.TimeZone, req.WakeHour, joinCategories(req.Categories),
		req.ConfirmTokenHash, tx.now.Add(req.ConfirmTTL), req.Consent.Source,
		tx.now, req.Consent.RequestIP, flashback.NewTokenGeneration()))
	if err != nil {
		return nil, fmt.Errorf("insert subscriber: %w", err)
	}
	return &flashback.SubscribeResult{Subscriber: sub, Action: flashback.SendConfirmation}, nil
}

// countConfirmMail enforces the per-address limit and records one more mail.
// Attempts are counted whatever the address's state, so that a refusal is
// the same for new, pending and confirmed addresses. The caller holds the
// address's lock, so the count cannot change underneath.
func countConfirmMail(ctx context.Context, tx *Tx, hash []byte, l flashback.ConfirmLimit) error {
	if l.Max > 0 && l.Window > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM confirm_mails WHERE email_hash = $1 AND sent_at < $2`,
			hash, tx.now.Add(-l.Window)); err != nil {
			return fmt.Errorf("prune confirm mails: %w", err)
		}
		var n int
		var last *time.Time
		if err := tx.QueryRow(ctx, `SELECT COUNT(*), MAX(sent_at) FROM confirm_mails
			WHERE email_hash = $1`, hash).Scan(&n, &last); err != nil {
			return fmt.Errorf("count confirm mails: %w", err)
		}
		if err := l.Allow(n, utc(last), tx.now); err != nil {
			return err
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO confirm_mails (email_hash, sent_at) VALUES ($1, $2)`, hash, tx.now)
	if err != nil {
		return fmt.Errorf("record confirm mail: %w", err)
	}
	return nil
}

// ConfirmSubscriber confirms the subscriber holding the token; repeating it
// while the token is valid changes nothing.
func (s *SubscriberStore) ConfirmSubscriber(ctx context.Context, tokenHash []byte, ip string) (*flashback.Subscriber, error) {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer rollback(ctx, tx)
	var expires *time.Time
	var id int64
	// The schedule of a subscriber confirmed before is locked first (see
	// lockSchedule), so the subscriber is found, then locked and read again.
	err = tx.QueryRow(ctx, `SELECT id FROM subscribers WHERE confirm_hash = $1`, tokenHash).Scan(&id)
	if err == nil {
		err = lockSchedule(ctx, tx, id)
	}
	if err == nil {
		err = tx.QueryRow(ctx, `SELECT confirm_expires_at FROM subscribers
			WHERE id = $1 AND confirm_hash = $2 FOR UPDATE`, id, tokenHash).Scan(&expires)
	}
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && (expires == nil || !expires.After(tx.now))) {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "This confirmation link is unknown or has expired. Please sign up again to get a new one.")
	}
	if err != nil {
		return nil, fmt.Errorf("find confirmation: %w", err)
	}
	sub, err := findSubscriber(ctx, tx, `id = $1`, id)
	if err != nil || sub.Status == flashback.SubscriberConfirmed {
		return sub, err
	}
	if sub, err = confirm(ctx, tx, sub, ip); err != nil {
		return nil, err
	}
	return sub, commit(ctx, tx)
}

func confirm(ctx context.Context, tx *Tx, sub *flashback.Subscriber, ip string) (*flashback.Subscriber, error) {
	first, err := flashback.FirstDigestDate(sub.Preferences, tx.now)
	if err != nil {
		return nil, err
	}
	date, due, err := schedule(sub.Preferences, first)
	if err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO subscriber_schedule (subscriber_id, next_date, next_due_at, confirmed)
		VALUES ($1, $2, $3, true) ON CONFLICT (subscriber_id) DO UPDATE SET next_date = excluded.next_date,
		next_due_at = excluded.next_due_at, confirmed = true`, sub.ID, date, due); err != nil {
		return nil, fmt.Errorf("schedule subscriber: %w", err)
	}
	sub, err = scanSubscriber(tx.QueryRow(ctx, `UPDATE subscribers SET status = 'confirmed',
		confirmed_at = $1, confirm_ip = $2, updated_at = $1
		WHERE id = $3 RETURNING `+subscriberColumns, tx.now, ip, sub.ID))
	if err != nil {
		return nil, fmt.Errorf("confirm subscriber: %w", err)
	}
	// Having deleted their data once does not stop a reader from coming
	// back: the new double opt-in is fresh consent.
	if _, err := tx.Exec(ctx, `DELETE FROM suppressions WHERE email_hash = $1 AND reason = $2`,
		flashback.EmailHash(sub.Email), flashback.SuppressDeleted); err != nil {
		return nil, fmt.Errorf("lift suppression: %w", err)
	}
	return sub, nil
}

func suppressedFor(ctx context.Context, tx *Tx, hash []byte, reason string) (bool, error) {
	var found bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM suppressions
		WHERE email_hash = $1 AND (reason = $2 OR $2 = ''))`, hash, reason).Scan(&found)
	if err != nil {
		return false, fmt.Errorf("check suppression: %w", err)
	}
	return found, nil
}
