package flashback

import (
	"fmt"
	"time"
)

// LedgerEntry is what the delivery ledger holds for a due subscriber's next
// date, as far as deciding what to do with it goes.
type LedgerEntry struct {
	State       DeliveryState
	Attempts    int
	LeaseUntil  time.Time
	NextAttempt time.Time
	Owner       *LeaseOwner // nil when the row names none
}

// leased reports a claim whose lease still runs at now.
func (e *LedgerEntry) leased(now time.Time) bool {
	return e != nil && e.State == DeliverySending && e.LeaseUntil.After(now)
}

// done reports a date that needs nothing more: sent, skipped or failed.
func (e *LedgerEntry) done() bool {
	return e != nil && (e.State == DeliverySent || e.State == DeliverySkipped || e.State == DeliveryFailed)
}

// DueDigest is one due subscriber as a store read it: the subscriber (whose
// NextDate is the date in question), the ledger row of that date and
// whether the address is on the suppression list.
type DueDigest struct {
	Subscriber *Subscriber
	// Location is the subscriber's time zone, nil when LoadZone does not
	// know its name (the tz database may have dropped it since sign-up).
	Location   *time.Location
	Ledger     *LedgerEntry // nil when NextDate has no row yet
	Suppressed bool
}

// DueDecision is what a store writes for one DueDigest. Stores apply it
// as it is, in the claim's transaction; the policy is all in DecideDue.
type DueDecision struct {
	// Claim, when set, is written as a 'sending' row of NextDate with
	// its attempt, lease and ClaimOptions.Owner, and handed to a worker.
	Claim *Claim
	// TakenOver says that Claim takes a live lease of a dead owner.
	TakenOver bool
	// Skip, when set, is written as a 'skipped' row of the subscriber's
	// NextDate with this reason.
	Skip string
	// Suppress marks the subscriber suppressed (their address is on the
	// suppression list); a suppressed subscriber is never due again.
	Suppress bool
	// Reschedule moves the subscriber's next digest to NextDate, due at
	// NextDue; when false the schedule stays as it is. For a Claim with an
	// owner, NextDue is at most OwnerDeadAfter away: a store may find the
	// claims of a dead owner among the subscribers due that soon.
	Reschedule bool
	NextDate   CivilDate
	NextDue    time.Time
}

// unknownZoneRetry is how long a subscriber whose zone no longer loads
// waits before the next date is tried: a day, rather than spinning on it.
const unknownZoneRetry = 24 * time.Hour

// DecideDue decides, at now, what to do with one due digest: wait (for the
// wake-up time, a live lease or a retry time), move on past a date already
// handled, skip a date whose window has closed or whose address is
// suppressed, or claim it. It is the whole policy of ClaimDeliveries.
func DecideDue(d DueDigest, opts ClaimOptions, now time.Time) DueDecision {
	sub, row := d.Subscriber, d.Ledger
	if sub.Status != SubscriberConfirmed {
		// Only confirmed subscribers get digests; one a store read in
		// the middle of a change is left to that change.
		return DueDecision{}
	}
	if d.Location == nil {
		return skipAndAdvance(sub, nil, now, "unknown time zone "+sub.TimeZone)
	}
	wake := WakeInstant(sub.NextDate, sub.WakeHour, d.Location)
	switch {
	case now.Before(wake):
		return wait(sub, wake)
	case row.done():
		return advance(sub, d.Location, now)
	case row.leased(now) && ClaimFreeAt(row.LeaseUntil, row.Owner, opts.Owner).After(now):
		return wait(sub, ClaimFreeAt(row.LeaseUntil, row.Owner, opts.Owner))
	case row != nil && row.State == DeliveryRetry && row.NextAttempt.After(now):
		return wait(sub, row.NextAttempt)
	}
	if end := wake.Add(opts.Cutoff); !now.Before(end) {
		reason := fmt.Sprintf("not sent between wake-up at %s and the cut-off at %s",
			wake.Format(time.RFC3339), end.Format(time.RFC3339))
		return skipAndAdvance(sub, d.Location, now, reason)
	}
	if d.Suppressed {
		// No reschedule: the subscriber stops being confirmed.
		return DueDecision{Skip: "address suppressed", Suppress: true}
	}
	attempt := 1
	if row != nil {
		attempt = row.Attempts + 1
	}
	lease := now.Add(opts.Lease)
	return DueDecision{
		Claim:      &Claim{Subscriber: sub, LocalDate: sub.NextDate, Attempt: attempt, LeaseUntil: lease},
		TakenOver:  row.leased(now), // and so its owner was dead
		Reschedule: true, NextDate: sub.NextDate, NextDue: recheckAt(now, lease, opts.Owner),
	}
}

// wait keeps the date and looks at it again at due.
func wait(sub *Subscriber, due time.Time) DueDecision {
	return DueDecision{Reschedule: true, NextDate: sub.NextDate, NextDue: due}
}

// advance moves the subscriber on to the day after their next date; with
// no zone to compute a wake-up time in, that day is tried a day from now.
func advance(sub *Subscriber, loc *time.Location, now time.Time) DueDecision {
	if loc == nil {
		return DueDecision{Reschedule: true, NextDate: sub.NextDate.AddDays(1), NextDue: now.Add(unknownZoneRetry)}
	}
	next, due := NextWake(sub.NextDate, sub.WakeHour, loc)
	return DueDecision{Reschedule: true, NextDate: next, NextDue: due}
}

func skipAndAdvance(sub *Subscriber, loc *time.Location, now time.Time, reason string) DueDecision {
	dec := advance(sub, loc, now)
	dec.Skip = reason
	return dec
}

// NextWake returns the day after d and when its digest is due for a
// subscriber waking at hour in loc: where a subscriber goes once d is
// handled.
func NextWake(d CivilDate, hour int, loc *time.Location) (CivilDate, time.Time) {
	next := d.AddDays(1)
	return next, WakeInstant(next, hour, loc)
}

// recheckAt is when a claim made at now is next examined: when its lease
// ends or, for a claim with an owner, when the owner could be dead, so that
// a dead owner's claim is taken over in time.
func recheckAt(now, lease time.Time, owner Instance) time.Time {
	if owner.IsZero() {
		return lease
	}
	if dead := now.Add(OwnerDeadAfter); dead.Before(lease) {
		return dead
	}
	return lease
}

// AheadOfQueue is when a restart makes the digests its earlier runs left
// claimed due again: at once, and ahead of every digest waiting, whose
// subscribers' earliest next due time is head (zero when none). Stores
// claim in order of due time and then subscriber ID, so a freed digest
// due at the same instant as the head would wait behind every waiting one
// with a lower ID: in a long backlog due at one instant (every subscriber
// whose wake-up hour began at the top of the hour), for most of a pass.
// One microsecond is the finest step both stores keep.
func AheadOfQueue(now, head time.Time) time.Time {
	if head.IsZero() || now.Before(head) {
		return now
	}
	return head.Add(-time.Microsecond)
}
