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

// OpenDigest is a date whose digest a claim left open: a 'sending' or
// 'retry' ledger row, as a store read it with the subscriber as they are
// now. A claim moves the subscriber's schedule past the date it claims
// (DecideDue), so a store finds open dates by their ledger rows: a lease
// that ended, a retry time that came, a claim whose owner died.
type OpenDigest struct {
	Subscriber *Subscriber
	Location   *time.Location // nil when LoadZone does not know the zone
	Date       CivilDate
	Ledger     LedgerEntry
	Suppressed bool
}

// DueDecision is what a store writes for one DueDigest or OpenDigest.
// Stores apply it as it is, in the claim's transaction; the policy is all
// in DecideDue and DecideOpen.
type DueDecision struct {
	// Claim, when set, is written as a 'sending' row of its LocalDate
	// with its attempt, lease and ClaimOptions.Owner, and handed to a
	// worker.
	Claim *Claim
	// TakenOver says that Claim takes a live lease of a dead owner.
	TakenOver bool
	// Skip, when set, is written as a 'skipped' row, with this reason, of
	// the date decided about: the subscriber's NextDate for a DueDigest,
	// the OpenDigest's Date.
	Skip string
	// Suppress marks the subscriber suppressed (their address is on the
	// suppression list); a suppressed subscriber is never due again.
	Suppress bool
	// Reschedule moves the subscriber's next digest to NextDate, due at
	// NextDue; when false the schedule stays as it is. DecideOpen never
	// reschedules.
	Reschedule bool
	NextDate   CivilDate
	NextDue    time.Time
}

// unknownZoneRetry is how long a subscriber whose zone no longer loads
// waits before the next date is tried: a day, rather than spinning on it.
const unknownZoneRetry = 24 * time.Hour

// DecideDue decides, at now, what to do with one due subscriber's next
// date: wait for its wake-up time, move on past a date that has a ledger
// row already, skip a date whose window has closed or whose address is
// suppressed, or claim it.
//
// A claim moves the schedule on to the next day at once, so that a digest
// sent needs nothing more of the schedule: its ledger row alone says it
// went. What becomes of the claimed date from then on (a retry, a lease
// that ends, an owner that dies) is DecideOpen's, found by its ledger row;
// so is an open row of the next date that a change of schedule brought
// back (a reader who moved west, or signed up again).
func DecideDue(d DueDigest, opts ClaimOptions, now time.Time) DueDecision {
	sub, row := d.Subscriber, d.Ledger
	if sub.Status != SubscriberConfirmed {
		// Only confirmed subscribers get digests; one a store read in
		// the middle of a change is left to that change.
		return DueDecision{}
	}
	if row != nil {
		if d.Location != nil {
			if wake := WakeInstant(sub.NextDate, sub.WakeHour, d.Location); now.Before(wake) {
				return wait(sub, wake)
			}
		}
		return advance(sub, d.Location, now)
	}
	if d.Location == nil {
		return skipAndAdvance(sub, nil, now, "unknown time zone "+sub.TimeZone)
	}
	wake := WakeInstant(sub.NextDate, sub.WakeHour, d.Location)
	if now.Before(wake) {
		return wait(sub, wake)
	}
	if reason := pastCutoff(wake, opts, now); reason != "" {
		return skipAndAdvance(sub, d.Location, now, reason)
	}
	if d.Suppressed {
		// No reschedule: the subscriber stops being confirmed.
		return DueDecision{Skip: "address suppressed", Suppress: true}
	}
	dec := advance(sub, d.Location, now)
	dec.Claim = &Claim{Subscriber: sub, LocalDate: sub.NextDate, Attempt: 1, LeaseUntil: now.Add(opts.Lease)}
	return dec
}

// DecideOpen decides, at now, what to do with a date a claim left open:
// nothing while its lease runs (and its owner lives) or its retry time is
// ahead; else skip it when the subscriber stopped, the zone is unknown,
// the window closed or the address is suppressed, or claim it again.
func DecideOpen(d OpenDigest, opts ClaimOptions, now time.Time) DueDecision {
	sub, row := d.Subscriber, &d.Ledger
	switch row.State {
	case DeliverySending:
		if ClaimFreeAt(row.LeaseUntil, row.Owner, opts.Owner).After(now) {
			return DueDecision{}
		}
	case DeliveryRetry:
		if row.NextAttempt.After(now) {
			return DueDecision{}
		}
	default:
		return DueDecision{} // done since the store found it
	}
	switch {
	case sub.Status != SubscriberConfirmed:
		return DueDecision{Skip: SendCheckReason(true, sub.Status, false)}
	case d.Location == nil:
		return DueDecision{Skip: "unknown time zone " + sub.TimeZone}
	}
	if reason := pastCutoff(WakeInstant(d.Date, sub.WakeHour, d.Location), opts, now); reason != "" {
		return DueDecision{Skip: reason}
	}
	if d.Suppressed {
		return DueDecision{Skip: "address suppressed", Suppress: true}
	}
	return DueDecision{
		Claim:     &Claim{Subscriber: sub, LocalDate: d.Date, Attempt: row.Attempts + 1, LeaseUntil: now.Add(opts.Lease)},
		TakenOver: row.leased(now), // and so its owner was dead
	}
}

// pastCutoff is the reason for skipping a digest whose wake-up was at wake
// when its window has closed at now, else "".
func pastCutoff(wake time.Time, opts ClaimOptions, now time.Time) string {
	end := wake.Add(opts.Cutoff)
	if now.Before(end) {
		return ""
	}
	return fmt.Sprintf("not sent between wake-up at %s and the cut-off at %s",
		wake.Format(time.RFC3339), end.Format(time.RFC3339))
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
