package flashback

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// RetentionPolicy says how long each kind of personal data is kept. The
// privacy page promises these periods, so a change here is a change there.
//
// A record goes once it is strictly older than its period: a confirmation
// record sent exactly 24 hours ago still counts against the rate limit, one
// sent 24 hours and a moment ago is deleted. Editor sessions have no period:
// they go once expired.
type RetentionPolicy struct {
	// PendingSubscribers: a sign-up never confirmed is deleted this long
	// after it was requested, with no suppression hash (there was never any
	// consent). Keep it above the confirmation links' lifetime.
	PendingSubscribers time.Duration
	// ConfirmMails: the per-address record (an address hash and a time) of
	// confirmation mails sent. Keep it at least as long as the rate limit's
	// window, or the limit forgets too early.
	ConfirmMails time.Duration
	// UnsubscribedSubscribers: this long after unsubscribing, a subscriber
	// is deleted as by "delete me": only the hash of the address stays, on
	// the suppression list.
	UnsubscribedSubscribers time.Duration
	// SuppressedSubscribers: likewise for a subscriber whose mail bounced
	// permanently, counted from the suppression.
	SuppressedSubscribers time.Duration
	// Deliveries: ledger rows whose local date is older than this are
	// deleted, except the row of a subscriber's next date. At least two
	// days, so that no date still to be sent can lose its row.
	Deliveries time.Duration
	// ReportEmails: a reader report's e-mail address is erased this long
	// after the report was accepted or declined; the report stays.
	ReportEmails time.Duration
	// HandledMessages: a contact message is deleted this long after it was
	// marked handled.
	HandledMessages time.Duration
}

// retentionDay is 24 hours, the unit the privacy page states periods in.
const retentionDay = 24 * time.Hour

// minDeliveryRetention keeps every ledger row a confirmation could still
// schedule: a first digest is due on the reader's today or tomorrow, which
// is at most a day away from the UTC date.
const minDeliveryRetention = 2 * retentionDay

// DefaultRetention returns the periods the privacy page states.
func DefaultRetention() RetentionPolicy {
	return RetentionPolicy{
		PendingSubscribers:      7 * retentionDay,
		ConfirmMails:            retentionDay,
		UnsubscribedSubscribers: 30 * retentionDay,
		SuppressedSubscribers:   30 * retentionDay,
		Deliveries:              90 * retentionDay,
		ReportEmails:            90 * retentionDay,
		HandledMessages:         365 * retentionDay,
	}
}

// Validate refuses a policy that would delete everything at once (a zero or
// negative period) or ledger rows that keep a date's digest from going out
// twice.
func (p RetentionPolicy) Validate() error {
	periods := []struct {
		name string
		d    time.Duration
	}{
		{"pending subscribers", p.PendingSubscribers},
		{"confirmation records", p.ConfirmMails},
		{"unsubscribed subscribers", p.UnsubscribedSubscribers},
		{"suppressed subscribers", p.SuppressedSubscribers},
		{"delivery records", p.Deliveries},
		{"report e-mail addresses", p.ReportEmails},
		{"handled messages", p.HandledMessages},
	}
	for _, x := range periods {
		if x.d <= 0 {
			return Errorf(EINVALID, "The retention period for %s must be positive, not %v.", x.name, x.d)
		}
	}
	if p.Deliveries < minDeliveryRetention {
		return Errorf(EINVALID, "Delivery records must be kept for at least %v, not %v.", minDeliveryRetention, p.Deliveries)
	}
	return nil
}

// PurgeStats counts what one purge deleted or erased, by kind.
type PurgeStats struct {
	PendingSubscribers      int // deleted outright
	ConfirmMails            int // rate-limit records deleted
	UnsubscribedSubscribers int // reduced to a suppression hash
	SuppressedSubscribers   int // reduced to a suppression hash
	Deliveries              int // ledger rows deleted
	ReportEmails            int // addresses erased from reports
	HandledMessages         int // deleted
	Sessions                int // expired sessions deleted
	RateLimits              int // refilled rate-limit counts deleted
}

// Total is the number of records purged, of every kind.
func (s PurgeStats) Total() int {
	return s.PendingSubscribers + s.ConfirmMails + s.UnsubscribedSubscribers +
		s.SuppressedSubscribers + s.Deliveries + s.ReportEmails + s.HandledMessages + s.Sessions + s.RateLimits
}

// Add returns the sum of s and o, for callers that purge in several passes.
func (s PurgeStats) Add(o PurgeStats) PurgeStats {
	return PurgeStats{
		PendingSubscribers:      s.PendingSubscribers + o.PendingSubscribers,
		ConfirmMails:            s.ConfirmMails + o.ConfirmMails,
		UnsubscribedSubscribers: s.UnsubscribedSubscribers + o.UnsubscribedSubscribers,
		SuppressedSubscribers:   s.SuppressedSubscribers + o.SuppressedSubscribers,
		Deliveries:              s.Deliveries + o.Deliveries,
		ReportEmails:            s.ReportEmails + o.ReportEmails,
		HandledMessages:         s.HandledMessages + o.HandledMessages,
		Sessions:                s.Sessions + o.Sessions,
		RateLimits:              s.RateLimits + o.RateLimits,
	}
}

// String lists every count, for logs and the purge command's output.
func (s PurgeStats) String() string {
	parts := []string{
		fmt.Sprintf("pending subscribers %d", s.PendingSubscribers),
		fmt.Sprintf("confirmation records %d", s.ConfirmMails),
		fmt.Sprintf("unsubscribed subscribers %d", s.UnsubscribedSubscribers),
		fmt.Sprintf("suppressed subscribers %d", s.SuppressedSubscribers),
		fmt.Sprintf("delivery records %d", s.Deliveries),
		fmt.Sprintf("report e-mails %d", s.ReportEmails),
		fmt.Sprintf("handled messages %d", s.HandledMessages),
		fmt.Sprintf("expired sessions %d", s.Sessions),
		fmt.Sprintf("refilled rate limits %d", s.RateLimits),
	}
	return strings.Join(parts, ", ")
}

// RetentionStore deletes or anonymises personal data past its period.
type RetentionStore interface {
	// Purge applies policy as of now, kind by kind, each in short write
	// transactions so that other writers are never held up for long. It
	// goes on with the other kinds when one fails and returns what it
	// purged with the joined errors. Purging again at the same now purges
	// nothing more. EINVALID when the policy does not validate.
	Purge(ctx context.Context, policy RetentionPolicy, now time.Time) (PurgeStats, error)
}

// PurgeStep is one kind of data a RetentionStore purges: its name for
// errors, the count in PurgeStats it adds to, and how.
type PurgeStep struct {
	Name  string
	Count *int
	Run   func(ctx context.Context) (int, error)
}

// RunPurge validates p and runs, in order, the steps a store lists for it
// (given the stats they count into), as RetentionStore.Purge promises: it
// goes on past a failed step and returns the joined errors, and stops
// between steps once ctx is done.
func RunPurge(ctx context.Context, p RetentionPolicy, steps func(*PurgeStats) []PurgeStep) (PurgeStats, error) {
	var st PurgeStats
	if err := p.Validate(); err != nil {
		return st, err
	}
	var errs []error
	for _, step := range steps(&st) {
		if err := ctx.Err(); err != nil {
			errs = append(errs, err)
			break
		}
		n, err := step.Run(ctx)
		*step.Count += n
		if err != nil {
			errs = append(errs, fmt.Errorf("purge %s: %w", step.Name, err))
		}
	}
	return st, errors.Join(errs...)
}
