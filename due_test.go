package flashback_test

import (
	"fmt"
	"testing"
	"time"

	"flashback"
)

func TestDecideDue(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	// 07:00 in Vienna on 31 January 2026 is 06:00 UTC.
	wake := utc(2026, time.January, 31, 6, 0)
	self := flashback.Instance{ID: "host-a", StartedAt: wake.Add(-time.Hour)}
	opts := flashback.ClaimOptions{Limit: 100, Lease: 10 * time.Minute, Cutoff: 12 * time.Hour, Owner: self}
	other := func(beat time.Time) *flashback.LeaseOwner {
		return &flashback.LeaseOwner{Instance: flashback.Instance{ID: "host-b", StartedAt: wake.Add(-time.Hour)}, Heartbeat: beat}
	}
	due := func(zone string, hour int, date flashback.CivilDate) flashback.DueDigest {
		sub := &flashback.Subscriber{ID: 7, Status: flashback.SubscriberConfirmed, NextDate: date,
			Preferences: flashback.Preferences{TimeZone: zone, WakeHour: hour}}
		loc, _ := flashback.LoadZone(zone)
		return flashback.DueDigest{Subscriber: sub, Location: loc}
	}
	jan31 := flashback.CivilDate{Year: 2026, Month: time.January, Day: 31}
	feb1 := flashback.CivilDate{Year: 2026, Month: time.February, Day: 1}
	vienna := due("Europe/Vienna", 7, jan31)
	with := func(d flashback.DueDigest, e flashback.LedgerEntry) flashback.DueDigest {
		d.Ledger = &e
		return d
	}
	status := func(s flashback.SubscriberStatus) flashback.DueDigest {
		d := due("Europe/Vienna", 7, jan31)
		d.Subscriber.Status = s
		return d
	}
	wait := func(d flashback.CivilDate, at time.Time) flashback.DueDecision {
		return flashback.DueDecision{Reschedule: true, NextDate: d, NextDue: at}
	}
	claim := func(d flashback.DueDigest, attempt int, now, recheck time.Time) flashback.DueDecision {
		return flashback.DueDecision{
			Claim: &flashback.Claim{Subscriber: d.Subscriber, LocalDate: d.Subscriber.NextDate,
				Attempt: attempt, LeaseUntil: now.Add(opts.Lease)},
			Reschedule: true, NextDate: d.Subscriber.NextDate, NextDue: recheck,
		}
	}
	skip := func(reason string, next flashback.CivilDate, at time.Time) flashback.DueDecision {
		return flashback.DueDecision{Skip: reason, Reschedule: true, NextDate: next, NextDue: at}
	}
	takenOver := func(d flashback.DueDecision) flashback.DueDecision { d.TakenOver = true; return d }
	noOwner := opts
	noOwner.Owner = flashback.Instance{}

	tests := []struct {
		name string
		in   flashback.DueDigest
		opts flashback.ClaimOptions
		now  time.Time
		want flashback.DueDecision
	}{
		{"BeforeWakeWaits", vienna, opts, wake.Add(-time.Minute), wait(jan31, wake)},
		{"AtWakeClaims", vienna, opts, wake, claim(vienna, 1, wake, wake.Add(flashback.OwnerDeadAfter))},
		{"WithoutOwnerRechecksAtLeaseEnd", vienna, noOwner, wake, claim(vienna, 1, wake, wake.Add(opts.Lease))},
		{"SentAdvances", with(vienna, flashback.LedgerEntry{State: flashback.DeliverySent, Attempts: 1}), opts, wake.Add(time.Hour),
			wait(feb1, utc(2026, time.February, 1, 6, 0))},
		{"SkippedAdvances", with(vienna, flashback.LedgerEntry{State: flashback.DeliverySkipped}), opts, wake,
			wait(feb1, utc(2026, time.February, 1, 6, 0))},
		{"FailedAdvances", with(vienna, flashback.LedgerEntry{State: flashback.DeliveryFailed, Attempts: 2}), opts, wake,
			wait(feb1, utc(2026, time.February, 1, 6, 0))},
		{"LiveOwnersLeaseWaitsForItsDeath",
			with(vienna, flashback.LedgerEntry{State: flashback.DeliverySending, Attempts: 1, LeaseUntil: wake.Add(9 * time.Minute), Owner: other(wake)}),
			opts, wake.Add(time.Second), wait(jan31, wake.Add(flashback.OwnerDeadAfter))},
		{"OwnLeaseWaitsForItsEnd",
			with(vienna, flashback.LedgerEntry{State: flashback.DeliverySending, Attempts: 1, LeaseUntil: wake.Add(9 * time.Minute),
				Owner: &flashback.LeaseOwner{Instance: self, Heartbeat: wake}}),
			opts, wake.Add(time.Second), wait(jan31, wake.Add(9*time.Minute))},
		{"DeadOwnersLeaseTakenOver",
			with(vienna, flashback.LedgerEntry{State: flashback.DeliverySending, Attempts: 1, LeaseUntil: wake.Add(9 * time.Minute), Owner: other(wake)}),
			opts, wake.Add(time.Minute),
			takenOver(claim(vienna, 2, wake.Add(time.Minute), wake.Add(time.Minute+flashback.OwnerDeadAfter)))},
		{"ExpiredLeaseReclaimed",
			with(vienna, flashback.LedgerEntry{State: flashback.DeliverySending, Attempts: 3, LeaseUntil: wake.Add(9 * time.Minute)}),
			opts, wake.Add(9 * time.Minute), claim(vienna, 4, wake.Add(9*time.Minute), wake.Add(9*time.Minute+flashback.OwnerDeadAfter))},
		{"RetryWaitsForItsTime",
			with(vienna, flashback.LedgerEntry{State: flashback.DeliveryRetry, Attempts: 1, NextAttempt: wake.Add(5 * time.Minute)}),
			opts, wake.Add(time.Minute), wait(jan31, wake.Add(5*time.Minute))},
		{"RetryClaimedWhenDue",
			with(vienna, flashback.LedgerEntry{State: flashback.DeliveryRetry, Attempts: 1, NextAttempt: wake.Add(5 * time.Minute)}),
			opts, wake.Add(5 * time.Minute), claim(vienna, 2, wake.Add(5*time.Minute), wake.Add(5*time.Minute+flashback.OwnerDeadAfter))},
		{"JustBeforeCutoffClaims", vienna, opts, wake.Add(12*time.Hour - time.Nanosecond),
			claim(vienna, 1, wake.Add(12*time.Hour-time.Nanosecond), wake.Add(12*time.Hour-time.Nanosecond+flashback.OwnerDeadAfter))},
		{"AtCutoffSkips", vienna, opts, wake.Add(12 * time.Hour),
			skip("not sent between wake-up at 2026-01-31T07:00:00+01:00 and the cut-off at 2026-01-31T19:00:00+01:00",
				feb1, utc(2026, time.February, 1, 6, 0))},
		{"RetryPastCutoffSkips",
			with(vienna, flashback.LedgerEntry{State: flashback.DeliveryRetry, Attempts: 5, NextAttempt: wake.Add(13 * time.Hour)}),
			opts, wake.Add(13 * time.Hour),
			skip("not sent between wake-up at 2026-01-31T07:00:00+01:00 and the cut-off at 2026-01-31T19:00:00+01:00",
				feb1, utc(2026, time.February, 1, 6, 0))},
		{"SuppressedSkippedWithoutReschedule", flashback.DueDigest{Subscriber: vienna.Subscriber, Location: vienna.Location, Suppressed: true},
			opts, wake, flashback.DueDecision{Skip: "address suppressed", Suppress: true}},
		{"SuppressedPastCutoffSkipsForTheCutoff",
			flashback.DueDigest{Subscriber: vienna.Subscriber, Location: vienna.Location, Suppressed: true}, opts, wake.Add(12 * time.Hour),
			skip("not sent between wake-up at 2026-01-31T07:00:00+01:00 and the cut-off at 2026-01-31T19:00:00+01:00",
				feb1, utc(2026, time.February, 1, 6, 0))},
		{"UnknownZoneSkipsAndTriesTomorrow", due("Mars/Olympus", 7, jan31), opts, wake,
			skip("unknown time zone Mars/Olympus", feb1, wake.Add(24*time.Hour))},
		// A reader who moved west from Vienna to New York keeps their date,
		// now due at 07:00 in New York (12:00 UTC).
		{"ZoneChangedWestWaits", due("America/New_York", 7, jan31), opts, wake, wait(jan31, utc(2026, time.January, 31, 12, 0))},
		// Moved east to Tokyo: 07:00 there was 22:00 UTC the day before,
		// still within the cut-off.
		{"ZoneChangedEastClaims", due("Asia/Tokyo", 7, jan31), opts, wake,
			claim(due("Asia/Tokyo", 7, jan31), 1, wake, wake.Add(flashback.OwnerDeadAfter))},
		{"ZoneChangedEastPastCutoffSkips", due("Asia/Tokyo", 7, jan31), opts, utc(2026, time.January, 31, 10, 0),
			skip("not sent between wake-up at 2026-01-31T07:00:00+09:00 and the cut-off at 2026-01-31T19:00:00+09:00",
				feb1, utc(2026, time.January, 31, 22, 0))},
		// 02:00 does not exist in New York on 8 March 2026: the digest is
		// due when the clocks jump to 03:00 EDT (07:00 UTC).
		{"SpringForwardWaitsForTheGapsEnd", due("America/New_York", 2, flashback.CivilDate{Year: 2026, Month: time.March, Day: 8}), opts,
			utc(2026, time.March, 8, 6, 30), wait(flashback.CivilDate{Year: 2026, Month: time.March, Day: 8}, utc(2026, time.March, 8, 7, 0))},
		{"SpringForwardAdvance", with(due("America/New_York", 2, flashback.CivilDate{Year: 2026, Month: time.March, Day: 7}),
			flashback.LedgerEntry{State: flashback.DeliverySent}), opts, utc(2026, time.March, 7, 8, 0),
			wait(flashback.CivilDate{Year: 2026, Month: time.March, Day: 8}, utc(2026, time.March, 8, 7, 0))},
		// 01:00 happens twice in New York on 1 November 2026: the first,
		// EDT, is 05:00 UTC.
		{"FallBackAdvanceToFirstOccurrence", with(due("America/New_York", 1, flashback.CivilDate{Year: 2026, Month: time.October, Day: 31}),
			flashback.LedgerEntry{State: flashback.DeliverySent}), opts, utc(2026, time.October, 31, 6, 0),
			wait(flashback.CivilDate{Year: 2026, Month: time.November, Day: 1}, utc(2026, time.November, 1, 5, 0))},
		{"FallBackSecondOccurrenceDoesNotClaimAgain", with(due("America/New_York", 1, flashback.CivilDate{Year: 2026, Month: time.November, Day: 1}),
			flashback.LedgerEntry{State: flashback.DeliverySent}), opts, utc(2026, time.November, 1, 6, 0),
			wait(flashback.CivilDate{Year: 2026, Month: time.November, Day: 2}, utc(2026, time.November, 2, 6, 0))},
		{"LeapYearAdvancesToLeapDay", with(due("UTC", 7, flashback.CivilDate{Year: 2028, Month: time.February, Day: 28}),
			flashback.LedgerEntry{State: flashback.DeliverySent}), opts, utc(2028, time.February, 28, 8, 0),
			wait(flashback.CivilDate{Year: 2028, Month: time.February, Day: 29}, utc(2028, time.February, 29, 7, 0))},
		{"CommonYearAdvancesToMarch", with(due("UTC", 7, flashback.CivilDate{Year: 2027, Month: time.February, Day: 28}),
			flashback.LedgerEntry{State: flashback.DeliverySent}), opts, utc(2027, time.February, 28, 8, 0),
			wait(flashback.CivilDate{Year: 2027, Month: time.March, Day: 1}, utc(2027, time.March, 1, 7, 0))},
		{"LeapDayClaims", due("UTC", 7, flashback.CivilDate{Year: 2028, Month: time.February, Day: 29}), opts, utc(2028, time.February, 29, 7, 0),
			claim(due("UTC", 7, flashback.CivilDate{Year: 2028, Month: time.February, Day: 29}), 1, utc(2028, time.February, 29, 7, 0),
				utc(2028, time.February, 29, 7, 0).Add(flashback.OwnerDeadAfter))},
		{"PendingLeftAlone", status(flashback.SubscriberPending), opts, wake, flashback.DueDecision{}},
		{"UnsubscribedLeftAlone", status(flashback.SubscriberUnsubscribed), opts, wake, flashback.DueDecision{}},
		{"SuppressedSubscriberLeftAlone", status(flashback.SubscriberSuppressed), opts, wake, flashback.DueDecision{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := flashback.DecideDue(tt.in, tt.opts, tt.now)
			// Instants compare as UTC text: a decision may carry them in
			// the subscriber's zone.
			if g, w := describeDue(got), describeDue(tt.want); g != w {
				t.Errorf("DecideDue =\n %s\nwant\n %s", g, w)
			}
			if got.Claim != nil && got.Claim.Subscriber != tt.in.Subscriber {
				t.Errorf("claim names subscriber %+v, want the due one", got.Claim.Subscriber)
			}
		})
	}
}

// describeDue prints every field of a decision, the claim's included,
// with instants in UTC.
func describeDue(d flashback.DueDecision) string {
	claim := "none"
	if c := d.Claim; c != nil {
		claim = fmt.Sprintf("%s attempt %d lease %s", c.LocalDate, c.Attempt, c.LeaseUntil.UTC().Format(time.RFC3339Nano))
	}
	return fmt.Sprintf("claim %s, taken over %v, skip %q, suppress %v, reschedule %v to %s at %s", claim, d.TakenOver,
		d.Skip, d.Suppress, d.Reschedule, d.NextDate, d.NextDue.UTC().Format(time.RFC3339Nano))
}

func TestAheadOfQueue(t *testing.T) {
	now := time.Date(2026, time.January, 31, 7, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		head      time.Time
		want      time.Time
		wantPlace string
	}{
		{"NothingWaiting", time.Time{}, now, "now"},
		{"HeadLater", now.Add(time.Minute), now, "now, before the head"},
		{"HeadAtNow", now, now.Add(-time.Microsecond), "just before the head"},
		{"BacklogSinceTheHour", now.Add(-42 * time.Minute), now.Add(-42*time.Minute - time.Microsecond), "just before the head"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := flashback.AheadOfQueue(now, tt.head)
			if !got.Equal(tt.want) {
				t.Errorf("AheadOfQueue(now, %v) = %v, want %v (%s)", tt.head, got, tt.want, tt.wantPlace)
			}
			if !tt.head.IsZero() && !got.Before(tt.head) {
				t.Errorf("AheadOfQueue(now, %v) = %v, not before the head: a tie would queue it by ID", tt.head, got)
			}
		})
	}
}
