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
	// A claim moves the schedule on to the next day's wake-up at once.
	claim := func(d flashback.DueDigest, now time.Time) flashback.DueDecision {
		next, due := flashback.NextWake(d.Subscriber.NextDate, d.Subscriber.WakeHour, d.Location)
		return flashback.DueDecision{
			Claim: &flashback.Claim{Subscriber: d.Subscriber, LocalDate: d.Subscriber.NextDate,
				Attempt: 1, LeaseUntil: now.Add(opts.Lease)},
			Reschedule: true, NextDate: next, NextDue: due,
		}
	}
	// withNext pins the expected next date and due time, so that a case
	// checks NextWake's answer rather than repeating it.
	withNext := func(d flashback.DueDecision, next flashback.CivilDate, at time.Time) flashback.DueDecision {
		if d.NextDate != next || !d.NextDue.Equal(at) {
			t.Fatalf("the claim moves on to %s at %v, want %s at %v", d.NextDate, d.NextDue, next, at)
		}
		return d
	}
	skip := func(reason string, next flashback.CivilDate, at time.Time) flashback.DueDecision {
		return flashback.DueDecision{Skip: reason, Reschedule: true, NextDate: next, NextDue: at}
	}
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
		{"AtWakeClaimsAndMovesOn", vienna, opts, wake, claim(vienna, wake)},
		{"WithoutOwnerClaimsAlike", vienna, noOwner, wake, claim(vienna, wake)},
		{"SentAdvances", with(vienna, flashback.LedgerEntry{State: flashback.DeliverySent, Attempts: 1}), opts, wake.Add(time.Hour),
			wait(feb1, utc(2026, time.February, 1, 6, 0))},
		{"SkippedAdvances", with(vienna, flashback.LedgerEntry{State: flashback.DeliverySkipped}), opts, wake,
			wait(feb1, utc(2026, time.February, 1, 6, 0))},
		{"FailedAdvances", with(vienna, flashback.LedgerEntry{State: flashback.DeliveryFailed, Attempts: 2}), opts, wake,
			wait(feb1, utc(2026, time.February, 1, 6, 0))},
		// An open row of the next date (the schedule came back to it) is
		// DecideOpen's: the schedule moves on, whatever its lease.
		{"LiveLeaseOfNextDateLeftToItsRow",
			with(vienna, flashback.LedgerEntry{State: flashback.DeliverySending, Attempts: 1, LeaseUntil: wake.Add(9 * time.Minute), Owner: other(wake)}),
			opts, wake.Add(time.Second), wait(feb1, utc(2026, time.February, 1, 6, 0))},
		{"RetryOfNextDateLeftToItsRow",
			with(vienna, flashback.LedgerEntry{State: flashback.DeliveryRetry, Attempts: 1, NextAttempt: wake.Add(5 * time.Minute)}),
			opts, wake.Add(5 * time.Minute), wait(feb1, utc(2026, time.February, 1, 6, 0))},
		{"RowBeforeWakeWaits", with(vienna, flashback.LedgerEntry{State: flashback.DeliverySent, Attempts: 1}), opts, wake.Add(-time.Hour),
			wait(jan31, wake)},
		{"RowWithUnknownZoneMovesOnWithoutSkip", with(due("Mars/Olympus", 7, jan31), flashback.LedgerEntry{State: flashback.DeliverySent}),
			opts, wake, wait(feb1, wake.Add(24*time.Hour))},
		{"JustBeforeCutoffClaims", vienna, opts, wake.Add(12*time.Hour - time.Nanosecond),
			claim(vienna, wake.Add(12*time.Hour-time.Nanosecond))},
		{"AtCutoffSkips", vienna, opts, wake.Add(12 * time.Hour),
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
			claim(due("Asia/Tokyo", 7, jan31), wake)},
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
			claim(due("UTC", 7, flashback.CivilDate{Year: 2028, Month: time.February, Day: 29}), utc(2028, time.February, 29, 7, 0))},
		// A claim on the eve of a change of clocks moves on to the next
		// day's wake-up as that day's clocks have it.
		{"ClaimOnSpringForwardEveMovesToTheGapsEnd", due("America/New_York", 2, flashback.CivilDate{Year: 2026, Month: time.March, Day: 7}), opts,
			utc(2026, time.March, 7, 7, 0), withNext(claim(due("America/New_York", 2, flashback.CivilDate{Year: 2026, Month: time.March, Day: 7}),
				utc(2026, time.March, 7, 7, 0)), flashback.CivilDate{Year: 2026, Month: time.March, Day: 8}, utc(2026, time.March, 8, 7, 0))},
		{"ClaimOnFallBackEveMovesToTheFirstOccurrence", due("America/New_York", 1, flashback.CivilDate{Year: 2026, Month: time.October, Day: 31}), opts,
			utc(2026, time.October, 31, 5, 0), withNext(claim(due("America/New_York", 1, flashback.CivilDate{Year: 2026, Month: time.October, Day: 31}),
				utc(2026, time.October, 31, 5, 0)), flashback.CivilDate{Year: 2026, Month: time.November, Day: 1}, utc(2026, time.November, 1, 5, 0))},
		{"ClaimOnLeapDayEveMovesToLeapDay", due("UTC", 7, flashback.CivilDate{Year: 2028, Month: time.February, Day: 28}), opts,
			utc(2028, time.February, 28, 7, 0), withNext(claim(due("UTC", 7, flashback.CivilDate{Year: 2028, Month: time.February, Day: 28}),
				utc(2028, time.February, 28, 7, 0)), flashback.CivilDate{Year: 2028, Month: time.February, Day: 29}, utc(2028, time.February, 29, 7, 0))},
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

func TestDecideOpen(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	// 07:00 in Vienna on 31 January 2026 is 06:00 UTC.
	wake := utc(2026, time.January, 31, 6, 0)
	self := flashback.Instance{ID: "host-a", StartedAt: wake.Add(-time.Hour)}
	opts := flashback.ClaimOptions{Limit: 100, Lease: 10 * time.Minute, Cutoff: 12 * time.Hour, Owner: self}
	other := func(beat time.Time) *flashback.LeaseOwner {
		return &flashback.LeaseOwner{Instance: flashback.Instance{ID: "host-b", StartedAt: wake.Add(-time.Hour)}, Heartbeat: beat}
	}
	jan31 := flashback.CivilDate{Year: 2026, Month: time.January, Day: 31}
	feb1 := flashback.CivilDate{Year: 2026, Month: time.February, Day: 1}
	open := func(e flashback.LedgerEntry, change func(*flashback.OpenDigest)) flashback.OpenDigest {
		// The claim moved the schedule on: the subscriber's next date is
		// the day after the open one.
		sub := &flashback.Subscriber{ID: 7, Status: flashback.SubscriberConfirmed, NextDate: feb1,
			Preferences: flashback.Preferences{TimeZone: "Europe/Vienna", WakeHour: 7}}
		loc, _ := flashback.LoadZone("Europe/Vienna")
		d := flashback.OpenDigest{Subscriber: sub, Location: loc, Date: jan31, Ledger: e}
		if change != nil {
			change(&d)
		}
		return d
	}
	sending := func(attempts int, lease time.Time, owner *flashback.LeaseOwner) flashback.LedgerEntry {
		return flashback.LedgerEntry{State: flashback.DeliverySending, Attempts: attempts, LeaseUntil: lease, Owner: owner}
	}
	retry := func(attempts int, at time.Time) flashback.LedgerEntry {
		return flashback.LedgerEntry{State: flashback.DeliveryRetry, Attempts: attempts, NextAttempt: at}
	}
	claim := func(attempt int, now time.Time) flashback.DueDecision {
		return flashback.DueDecision{Claim: &flashback.Claim{LocalDate: jan31, Attempt: attempt, LeaseUntil: now.Add(opts.Lease)}}
	}
	takenOver := func(d flashback.DueDecision) flashback.DueDecision { d.TakenOver = true; return d }
	cutoff := "not sent between wake-up at 2026-01-31T07:00:00+01:00 and the cut-off at 2026-01-31T19:00:00+01:00"
	lease := wake.Add(9 * time.Minute)

	tests := []struct {
		name string
		in   flashback.OpenDigest
		now  time.Time
		want flashback.DueDecision
	}{
		{"LiveOwnersLeaseLeftAlone", open(sending(1, lease, other(wake)), nil), wake.Add(time.Second), flashback.DueDecision{}},
		{"OwnLeaseLeftAloneUntilItEnds", open(sending(1, lease, &flashback.LeaseOwner{Instance: self, Heartbeat: wake}), nil),
			lease.Add(-time.Nanosecond), flashback.DueDecision{}},
		{"OwnLeaseReclaimedAtItsEnd", open(sending(1, lease, &flashback.LeaseOwner{Instance: self, Heartbeat: wake}), nil),
			lease, claim(2, lease)},
		{"DeadOwnersLeaseTakenOver", open(sending(1, lease, other(wake)), nil), wake.Add(flashback.OwnerDeadAfter),
			takenOver(claim(2, wake.Add(flashback.OwnerDeadAfter)))},
		{"ForgottenOwnersLeaseTakenOverAtOnce",
			open(sending(1, lease, &flashback.LeaseOwner{Instance: flashback.Instance{ID: "host-b", StartedAt: wake}}), nil),
			wake.Add(time.Second), takenOver(claim(2, wake.Add(time.Second)))},
		{"ExpiredLeaseWithoutOwnerReclaimed", open(sending(3, lease, nil), nil), lease, claim(4, lease)},
		{"RetryWaitsForItsTime", open(retry(1, wake.Add(5*time.Minute)), nil), wake.Add(time.Minute), flashback.DueDecision{}},
		{"RetryClaimedWhenDue", open(retry(1, wake.Add(5*time.Minute)), nil), wake.Add(5 * time.Minute), claim(2, wake.Add(5*time.Minute))},
		{"JustBeforeCutoffClaims", open(retry(2, wake), nil), wake.Add(12*time.Hour - time.Nanosecond),
			claim(3, wake.Add(12*time.Hour-time.Nanosecond))},
		{"RetryPastCutoffSkips", open(retry(5, wake.Add(13*time.Hour)), nil), wake.Add(13 * time.Hour), flashback.DueDecision{Skip: cutoff}},
		{"DeadOwnerPastCutoffSkips", open(sending(1, wake.Add(13*time.Hour), other(wake)), nil), wake.Add(12 * time.Hour),
			flashback.DueDecision{Skip: cutoff}},
		{"SuppressedSkipsAndSuppresses", open(retry(1, wake), func(d *flashback.OpenDigest) { d.Suppressed = true }), wake,
			flashback.DueDecision{Skip: "address suppressed", Suppress: true}},
		{"UnsubscribedSkips", open(retry(1, wake), func(d *flashback.OpenDigest) { d.Subscriber.Status = flashback.SubscriberUnsubscribed }),
			wake, flashback.DueDecision{Skip: "unsubscribed before sending"}},
		{"PendingAgainSkips", open(retry(1, wake), func(d *flashback.OpenDigest) { d.Subscriber.Status = flashback.SubscriberPending }),
			wake, flashback.DueDecision{Skip: "pending before sending"}},
		{"UnknownZoneSkips", open(retry(1, wake), func(d *flashback.OpenDigest) { d.Location, d.Subscriber.TimeZone = nil, "Mars/Olympus" }),
			wake, flashback.DueDecision{Skip: "unknown time zone Mars/Olympus"}},
		// The cut-off is the open date's, in the subscriber's zone as it is
		// now: moved west to New York, 31 January's window closes at 19:00
		// there (midnight UTC).
		{"CutoffInTheCurrentZone", open(retry(1, wake), func(d *flashback.OpenDigest) {
			d.Subscriber.TimeZone = "America/New_York"
			d.Location, _ = flashback.LoadZone("America/New_York")
		}), utc(2026, time.January, 31, 23, 0), claim(2, utc(2026, time.January, 31, 23, 0))},
		{"SentMeanwhileLeftAlone", open(flashback.LedgerEntry{State: flashback.DeliverySent, Attempts: 1}, nil), wake, flashback.DueDecision{}},
		{"SkippedMeanwhileLeftAlone", open(flashback.LedgerEntry{State: flashback.DeliverySkipped}, nil), wake, flashback.DueDecision{}},
		// A leap day's open digest keeps its date.
		{"LeapDayRetried", func() flashback.OpenDigest {
			d := open(retry(1, utc(2028, time.February, 29, 6, 30)), nil)
			d.Date = flashback.CivilDate{Year: 2028, Month: time.February, Day: 29}
			return d
		}(), utc(2028, time.February, 29, 6, 30), flashback.DueDecision{Claim: &flashback.Claim{
			LocalDate: flashback.CivilDate{Year: 2028, Month: time.February, Day: 29}, Attempt: 2,
			LeaseUntil: utc(2028, time.February, 29, 6, 40)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := flashback.DecideOpen(tt.in, opts, tt.now)
			if g, w := describeDue(got), describeDue(tt.want); g != w {
				t.Errorf("DecideOpen =\n %s\nwant\n %s", g, w)
			}
			if got.Reschedule {
				t.Error("DecideOpen rescheduled: the claim that left the date open moved the schedule on already")
			}
			if got.Claim != nil && got.Claim.Subscriber != tt.in.Subscriber {
				t.Errorf("claim names subscriber %+v, want the open digest's", got.Claim.Subscriber)
			}
		})
	}
}
