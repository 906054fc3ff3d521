package sqlite

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"flashback"
)

// TestMigrateOpenClaims upgrades a database with claims made before 023,
// under the design where a claim left its subscriber's schedule on the
// claimed date, due again at the claim's recheck time: a claim whose owner
// then died, and a retry. Each is found by its ledger row once free and
// claimed again, and the schedule moves past the claimed date without a
// second claim of it.
func TestMigrateOpenClaims(t *testing.T) {
	ctx := context.Background()
	wake := time.Date(2026, 1, 31, 7, 0, 0, 0, time.UTC)
	now := wake
	db := openBare(t)
	db.Now = func() time.Time { return now }
	migrateBefore(t, db, "023")
	jan31 := flashback.CivilDateOf(wake, time.UTC)
	var seed []*flashback.Subscriber
	for _, email := range []string{"claimed@example.org", "retried@example.org"} {
		seed = append(seed, &flashback.Subscriber{Email: email, NextDate: jan31,
			Preferences: flashback.Preferences{TimeZone: "UTC", WakeHour: 7}})
	}
	if err := NewSubscriberStore(db).SeedConfirmed(ctx, seed); err != nil {
		t.Fatal(err)
	}
	claimed, retried := seed[0].ID, seed[1].ID
	oldOwner := flashback.Instance{ID: "old", StartedAt: wake.Add(-time.Hour)}
	retryAt := wake.Add(5 * time.Minute)
	// As the old ClaimDeliveries and CompleteDeliveries left them: the
	// claim's schedule due when its owner could be dead, the retry's at
	// its retry time.
	oldState := []struct {
		q    string
		args []any
	}{
		{`INSERT INTO instances (id, started_at, heartbeat_at) VALUES (?, ?, ?)`,
			[]any{oldOwner.ID, formatTime(oldOwner.StartedAt), formatTime(wake)}},
		{`INSERT INTO deliveries (subscriber_id, local_date, state, attempts, lease_until, owner_id, owner_started,
			created_at, updated_at) VALUES (?, ?, 'sending', 1, ?, ?, ?, ?, ?)`,
			[]any{claimed, jan31.String(), formatTime(wake.Add(10 * time.Minute)), oldOwner.ID,
				formatTime(oldOwner.StartedAt), formatTime(wake), formatTime(wake)}},
		{`UPDATE subscribers SET next_due_at = ? WHERE id = ?`, []any{formatTime(wake.Add(flashback.OwnerDeadAfter)), claimed}},
		{`INSERT INTO deliveries (subscriber_id, local_date, state, attempts, next_attempt_at, reason,
			created_at, updated_at) VALUES (?, ?, 'retry', 1, ?, '421 try later', ?, ?)`,
			[]any{retried, jan31.String(), formatTime(retryAt), formatTime(wake), formatTime(wake)}},
		{`UPDATE subscribers SET next_due_at = ? WHERE id = ?`, []any{formatTime(retryAt), retried}},
	}
	for _, x := range oldState {
		if _, err := db.write.ExecContext(ctx, x.q, x.args...); err != nil {
			t.Fatal(err)
		}
	}
	if err := migrate(ctx, db, migrationFS); err != nil {
		t.Fatal(err)
	}

	s := NewDeliveryStore(db)
	opts := flashback.ClaimOptions{Limit: 10, Lease: 10 * time.Minute, Cutoff: 12 * time.Hour,
		Owner: flashback.Instance{ID: "new", StartedAt: wake}}
	claim := func(at time.Time) *flashback.ClaimResult {
		t.Helper()
		now = at
		if err := s.Heartbeat(ctx, opts.Owner); err != nil {
			t.Fatal(err)
		}
		res, err := s.ClaimDeliveries(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	// The old owner is alive and the retry's time ahead: nothing is free,
	// and neither schedule is due.
	if res := claim(wake.Add(30 * time.Second)); res.Examined != 0 {
		t.Fatalf("claimed before anything was free: %+v", res)
	}
	res := claim(retryAt)
	if got, want := claimIDs(res), []string{"1@2026-01-31#2", "2@2026-01-31#2"}; !slices.Equal(got, want) || res.TakenOver != 1 {
		t.Errorf("claims once free = %v (%d taken over), want %v (1 taken over)", got, res.TakenOver, want)
	}
	if res := claim(retryAt.Add(time.Second)); res.Examined != 0 {
		t.Errorf("a second pass examined %d", res.Examined)
	}
	subs := NewSubscriberStore(db)
	for _, id := range []int64{claimed, retried} {
		sub, err := subs.FindSubscriberByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if want := jan31.AddDays(1); sub.NextDate != want {
			t.Errorf("subscriber %d: next date %s, want %s", id, sub.NextDate, want)
		}
	}
	if got, want := claimIDs(claim(wake.Add(24*time.Hour))), []string{"1@2026-02-01#1", "2@2026-02-01#1"}; !slices.Equal(got, want) {
		t.Errorf("claims the next day = %v, want %v", got, want)
	}
}

// claimIDs is "id@date#attempt" per claim, in subscriber order.
func claimIDs(res *flashback.ClaimResult) []string {
	var out []string
	for _, c := range res.Claims {
		out = append(out, fmt.Sprintf("%d@%s#%d", c.Subscriber.ID, c.LocalDate, c.Attempt))
	}
	slices.Sort(out)
	return out
}
