package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"flashback"
)

// TestCompleteDeliveries_GroupMatchesOneByOne: a group of outcomes recorded
// with the multi-row statements leaves the database exactly as recording
// them one by one does, including subscribers who changed zone or were
// deleted while their digest was on its way, and outcomes that are not
// "sent". Neither touches a schedule: the claims moved them on already.
func TestCompleteDeliveries_GroupMatchesOneByOne(t *testing.T) {
	grouped := ledgerScenario(t, false)
	oneByOne := ledgerScenario(t, true)
	if !slices.Equal(grouped, oneByOne) {
		t.Errorf("grouped:\n%v\none by one:\n%v", grouped, oneByOne)
	}
	for _, want := range []string{
		// claimed: the next digest is 1 February at 07:00 in its zone
		"sub 1 confirmed next 2026-02-01 due 2026-02-01T07:00:00.000000000Z",
		// moved to Tokyo at 08:00 after the claim: 1 February, 08:00 Tokyo
		"sub 2 confirmed next 2026-02-01 due 2026-01-31T23:00:00.000000000Z",
		// a retry waits in its row; the schedule is the next day's all the same
		"sub 4 confirmed next 2026-02-01 due 2026-02-01T07:00:00.000000000Z",
		"ledger 1 2026-01-31 sent 1 <m1>",
		"ledger 4 2026-01-31 retry 1 ",
	} {
		if !slices.Contains(grouped, want) {
			t.Errorf("missing %q in\n%v", want, grouped)
		}
	}
}

// mustOpenAt opens a fresh database whose clock reads *now, closed when
// the test ends.
func mustOpenAt(tb testing.TB, now *time.Time) *DB {
	tb.Helper()
	db := NewDB(filepath.Join(tb.TempDir(), "flashback.db"))
	db.Now = func() time.Time { return *now }
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// ledgerScenario claims four digests, changes one subscriber's zone,
// deletes another, completes all four and returns the resulting rows.
func ledgerScenario(t *testing.T, oneByOne bool) []string {
	t.Helper()
	now := time.Date(2026, 1, 31, 7, 0, 0, 0, time.UTC)
	db := mustOpenAt(t, &now)
	ctx := context.Background()
	subs, deliveries := NewSubscriberStore(db), NewDeliveryStore(db)
	var seed []*flashback.Subscriber
	for i := range 4 {
		seed = append(seed, &flashback.Subscriber{Email: fmt.Sprintf("r%d@example.org", i),
			Preferences: flashback.Preferences{TimeZone: "UTC", WakeHour: 7},
			NextDate:    flashback.CivilDate{Year: 2026, Month: 1, Day: 31}})
	}
	if err := subs.SeedConfirmed(ctx, seed); err != nil {
		t.Fatal(err)
	}
	res, err := deliveries.ClaimDeliveries(ctx, flashback.ClaimOptions{Limit: 10, Lease: time.Minute, Cutoff: time.Hour})
	if err != nil || len(res.Claims) != 4 {
		t.Fatalf("claims: %v, %v", res, err)
	}
	if _, err := subs.UpdatePreferences(ctx, seed[1].ID, flashback.Preferences{TimeZone: "Asia/Tokyo", WakeHour: 8}); err != nil {
		t.Fatal(err)
	}
	if err := subs.DeleteSubscriber(ctx, seed[2].ID); err != nil {
		t.Fatal(err)
	}
	var outs []flashback.Outcome
	for i, c := range res.Claims {
		o := flashback.Outcome{SubscriberID: c.Subscriber.ID, LocalDate: c.LocalDate, Attempt: c.Attempt,
			State: flashback.DeliverySent, MessageID: fmt.Sprintf("<m%d>", c.Subscriber.ID)}
		if i == 3 {
			o = flashback.Outcome{SubscriberID: c.Subscriber.ID, LocalDate: c.LocalDate, Attempt: c.Attempt,
				State: flashback.DeliveryRetry, RetryAt: now.Add(10 * time.Minute), Reason: "421"}
		}
		outs = append(outs, o)
	}
	if oneByOne {
		// Naming a subscriber twice makes the store take the one-by-one
		// path; a second "sent" for the same digest changes nothing.
		outs = append(outs, outs[0])
	}
	if err := deliveries.CompleteDeliveries(ctx, outs); err != nil {
		t.Fatal(err)
	}
	return dumpLedger(t, db)
}

func dumpLedger(t *testing.T, db *DB) []string {
	t.Helper()
	var out []string
	rows, err := db.read.Query(`SELECT id, status, next_date, next_due_at FROM subscribers ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var status, next, due string
		if err := rows.Scan(&id, &status, &next, &due); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("sub %d %s next %s due %s", id, status, next, due))
	}
	rows.Close()
	rows, err = db.read.Query(`SELECT subscriber_id, local_date, state, attempts, message_id FROM deliveries ORDER BY 1, 2`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var date, state, mid string
		var attempts int
		if err := rows.Scan(&id, &date, &state, &attempts, &mid); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("ledger %d %s %s %d %s", id, date, state, attempts, mid))
	}
	return out
}

// TestClaimer_SharedValues: claims whose lease, or whose move to the next
// day, is not the first claim's, which the shared-value batches cannot
// take, are written all the same, each with its own values.
func TestClaimer_SharedValues(t *testing.T) {
	now := time.Date(2026, 1, 31, 7, 0, 0, 0, time.UTC)
	db := mustOpenAt(t, &now)
	ctx := context.Background()
	d := flashback.CivilDate{Year: 2026, Month: 1, Day: 31}
	var seed []*flashback.Subscriber
	for i := range 3 {
		seed = append(seed, &flashback.Subscriber{Email: fmt.Sprintf("r%d@example.org", i),
			Preferences: flashback.Preferences{TimeZone: "UTC", WakeHour: 7}, NextDate: d})
	}
	if err := NewSubscriberStore(db).SeedConfirmed(ctx, seed); err != nil {
		t.Fatal(err)
	}
	s := NewDeliveryStore(db)
	if err := s.stmts.ready(ctx); err != nil {
		t.Fatal(err)
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	c := newClaimer(tx, flashback.ClaimOptions{}, s.stmts)
	for i, sub := range seed {
		// The first two share lease and next due time; the third has its own.
		lease := now.Add(time.Duration(1+i/2) * 10 * time.Minute)
		due := now.Add(24*time.Hour + time.Duration(i/2)*time.Hour)
		dec := flashback.DueDecision{Claim: &flashback.Claim{Subscriber: sub, LocalDate: d, Attempt: 1, LeaseUntil: lease},
			Reschedule: true, NextDate: d.AddDays(1), NextDue: due}
		if err := c.applyDue(ctx, sub, dec); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.flush(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT s.id, s.next_date, s.next_due_at, d.state, d.lease_until
		FROM subscribers s JOIN deliveries d ON d.subscriber_id = s.id ORDER BY s.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var id int64
		var next, due, state, lease string
		if err := rows.Scan(&id, &next, &due, &state, &lease); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d %s %s %s %s", id, next, due, state, lease))
	}
	want := []string{
		"1 2026-02-01 2026-02-01T07:00:00.000000000Z sending 2026-01-31T07:10:00.000000000Z",
		"2 2026-02-01 2026-02-01T07:00:00.000000000Z sending 2026-01-31T07:10:00.000000000Z",
		"3 2026-02-01 2026-02-01T08:00:00.000000000Z sending 2026-01-31T07:20:00.000000000Z",
	}
	if !slices.Equal(got, want) {
		t.Errorf("rows:\n%v\nwant:\n%v", got, want)
	}
}
