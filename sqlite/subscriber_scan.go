package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"flashback"
)

// subscriberColumns are read by scanSubscriber, in this order.
const subscriberColumns = `id, email, time_zone, wake_hour, categories, status,
	status_reason, token_gen, consent_source, consent_at, consent_ip,
	confirmed_at, confirm_ip, unsubscribed_at, next_date, created_at, updated_at`

func scanSubscriber(r rowScanner) (*flashback.Subscriber, error) {
	var (
		s                                   flashback.Subscriber
		cats, status, consentAt, created    string
		updated                             string
		confirmedAt, unsubscribedAt, nextDt sql.NullString
	)
	err := r.Scan(&s.ID, &s.Email, &s.TimeZone, &s.WakeHour, &cats, &status,
		&s.StatusReason, &s.TokenGeneration, &s.Consent.Source, &consentAt, &s.Consent.RequestIP,
		&confirmedAt, &s.Consent.ConfirmIP, &unsubscribedAt, &nextDt, &created, &updated)
	if err != nil {
		return nil, err
	}
	s.Status = flashback.SubscriberStatus(status)
	s.Categories = splitCategories(cats)
	var errs []error
	s.Consent.RequestedAt, err = parseTime(consentAt)
	errs = append(errs, err)
	s.CreatedAt, err = parseTime(created)
	errs = append(errs, err)
	s.UpdatedAt, err = parseTime(updated)
	errs = append(errs, err)
	s.Consent.ConfirmedAt, err = parseNullTime(confirmedAt)
	errs = append(errs, err)
	s.UnsubscribedAt, err = parseNullTime(unsubscribedAt)
	errs = append(errs, err)
	if nextDt.Valid {
		s.NextDate, err = flashback.ParseCivilDate(nextDt.String)
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("subscriber %d: %w", s.ID, err)
	}
	return &s, nil
}

func parseNullTime(ns sql.NullString) (time.Time, error) {
	if !ns.Valid {
		return time.Time{}, nil
	}
	return parseTime(ns.String)
}

func joinCategories(cats []string) string { return strings.Join(cats, ",") }

func splitCategories(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// subQuerier is what both *sql.Tx and *Tx offer for reads.
type subQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func findSubscriber(ctx context.Context, q subQuerier, where string, args ...any) (*flashback.Subscriber, error) {
	s, err := scanSubscriber(q.QueryRowContext(ctx,
		`SELECT `+subscriberColumns+` FROM subscribers WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "There is no such subscription. It may have been deleted.")
	}
	if err != nil {
		return nil, fmt.Errorf("find subscriber: %w", err)
	}
	return s, nil
}

// schedule returns the next_date and next_due_at columns for a digest due on
// date d at the subscriber's wake-up time.
func schedule(p flashback.Preferences, d flashback.CivilDate) (string, string, error) {
	loc, err := flashback.LoadZone(p.TimeZone)
	if err != nil {
		return "", "", err
	}
	return d.String(), formatTime(flashback.WakeInstant(d, p.WakeHour, loc)), nil
}
