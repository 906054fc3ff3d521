package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

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
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findSubscriber(ctx, tx, `id = ?`, id)
}

// Subscribe rate-limits and records a sign-up; see flashback.SubscriberStore.
func (s *SubscriberStore) Subscribe(ctx context.Context, req *flashback.SubscribeRequest) (*flashback.SubscribeResult, error) {
	if err := req.Preferences.Validate(); err != nil {
		return nil, err
	}
	if len(req.ConfirmTokenHash) == 0 || req.ConfirmTTL <= 0 {
		return nil, errors.New("sqlite: subscribe without a confirmation token")
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	hash := flashback.EmailHash(req.Email)
	if err := countConfirmMail(ctx, tx, hash, req.Limit); err != nil {
		return nil, err
	}
	res, err := subscribe(ctx, tx, req, hash)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit subscribe: %w", err)
	}
	return res, nil
}

func subscribe(ctx context.Context, tx *Tx, req *flashback.SubscribeRequest, hash []byte) (*flashback.SubscribeResult, error) {
	bounced, err := suppressedFor(ctx, tx, hash, flashback.SuppressBounce)
	if err != nil {
		return nil, err
	}
	old, err := findSubscriber(ctx, tx, `email = ?`, req.Email)
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
	_, err = tx.ExecContext(ctx, `UPDATE subscribers SET time_zone = ?, wake_hour = ?,
		categories = ?, status = 'pending', status_reason = '', confirm_hash = ?,
		confirm_expires_at = ?, consent_source = ?, consent_at = ?, consent_ip = ?,
		updated_at = ? WHERE id = ?`,
		req.TimeZone, req.WakeHour, joinCategories(req.Categories), req.ConfirmTokenHash,
		formatTime(tx.now.Add(req.ConfirmTTL)), req.Consent.Source, formatTime(tx.now),
		req.Consent.RequestIP, formatTime(tx.now), old.ID)
	if err != nil {
		return nil, fmt.Errorf("refresh pending subscriber: %w", err)
	}
	sub, err := findSubscriber(ctx, tx, `id = ?`, old.ID)
	if err != nil {
		return nil, err
	}
	return &flashback.SubscribeResult{Subscriber: sub, Action: flashback.SendConfirmation}, nil
}

func insertPending(ctx context.Context, tx *Tx, req *flashback.SubscribeRequest) (*flashback.SubscribeResult, error) {
	now := formatTime(tx.now)
	res, err := tx.ExecContext(ctx, `INSERT INTO subscribers (email, time_zone, wake_hour,
		categories, status, confirm_hash, confirm_expires_at, consent_source, consent_at,
		consent_ip, created_at, updated_at, token_gen)
		VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?)`,
		req.Email, req.TimeZone, req.WakeHour, joinCategories(req.Categories),
		req.ConfirmTokenHash, formatTime(tx.now.Add(req.ConfirmTTL)), req.Consent.Source,
		now, req.Consent.RequestIP, now, now, flashback.NewTokenGeneration())
	if err != nil {
		return nil, fmt.Errorf("insert subscriber: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, fmt.Errorf("insert subscriber: %w", err)
	}
	sub, err := findSubscriber(ctx, tx, `id = ?`, id)
	if err != nil {
		return nil, err
	}
	return &flashback.SubscribeResult{Subscriber: sub, Action: flashback.SendConfirmation}, nil
}

// countConfirmMail enforces the per-address limit and records one more mail.
// Attempts are counted whatever the address's state, so that a refusal is
// the same for new, pending and confirmed addresses.
func countConfirmMail(ctx context.Context, tx *Tx, hash []byte, l flashback.ConfirmLimit) error {
	if l.Max > 0 && l.Window > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM confirm_mails WHERE sent_at < ?`,
			formatTime(tx.now.Add(-l.Window))); err != nil {
			return fmt.Errorf("prune confirm mails: %w", err)
		}
		var n int
		var last sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), MAX(sent_at) FROM confirm_mails
			WHERE email_hash = ?`, hash).Scan(&n, &last); err != nil {
			return fmt.Errorf("count confirm mails: %w", err)
		}
		lastAt, err := parseNullTime(last)
		if err != nil {
			return err
		}
		if err := l.Allow(n, lastAt, tx.now); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO confirm_mails (email_hash, sent_at) VALUES (?, ?)`,
		hash, formatTime(tx.now))
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
	defer tx.Rollback()
	var expires sql.NullString
	var id int64
	err = tx.QueryRowContext(ctx, `SELECT id, confirm_expires_at FROM subscribers
		WHERE confirm_hash = ?`, tokenHash).Scan(&id, &expires)
	if errors.Is(err, sql.ErrNoRows) || !expires.Valid || expires.String <= formatTime(tx.now) {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "This confirmation link is unknown or has expired. Please sign up again to get a new one.")
	}
	if err != nil {
		return nil, fmt.Errorf("find confirmation: %w", err)
	}
	sub, err := findSubscriber(ctx, tx, `id = ?`, id)
	if err != nil || sub.Status == flashback.SubscriberConfirmed {
		return sub, err
	}
	if err := confirm(ctx, tx, sub, ip); err != nil {
		return nil, err
	}
	if sub, err = findSubscriber(ctx, tx, `id = ?`, id); err != nil {
		return nil, err
	}
	return sub, tx.Commit()
}

func confirm(ctx context.Context, tx *Tx, sub *flashback.Subscriber, ip string) error {
	first, err := flashback.FirstDigestDate(sub.Preferences, tx.now)
	if err != nil {
		return err
	}
	date, due, err := schedule(sub.Preferences, first)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE subscribers SET status = 'confirmed',
		confirmed_at = ?, confirm_ip = ?, next_date = ?, next_due_at = ?, updated_at = ?
		WHERE id = ?`,
		formatTime(tx.now), ip, date, due, formatTime(tx.now), sub.ID); err != nil {
		return fmt.Errorf("confirm subscriber: %w", err)
	}
	// Having deleted their data once does not stop a reader from coming
	// back: the new double opt-in is fresh consent.
	if _, err := tx.ExecContext(ctx, `DELETE FROM suppressions WHERE email_hash = ? AND reason = ?`,
		flashback.EmailHash(sub.Email), flashback.SuppressDeleted); err != nil {
		return fmt.Errorf("lift suppression: %w", err)
	}
	return nil
}

func suppressedFor(ctx context.Context, tx *Tx, hash []byte, reason string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM suppressions
		WHERE email_hash = ? AND (reason = ? OR ? = '')`, hash, reason, reason).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check suppression: %w", err)
	}
	return n > 0, nil
}
