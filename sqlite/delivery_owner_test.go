package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"flashback"
)

// TestHeartbeat_FreesEarlierRuns: a new run of an instance takes the
// claims its earlier runs left back at once, as taken over, and only
// those: not another live instance's, nor a claim whose digest was sent.
// Their leases are left as they were.
func TestHeartbeat_FreesEarlierRuns(t *testing.T) {
	wake := time.Date(2026, 1, 31, 7, 0, 0, 0, time.UTC)
	early := flashback.Instance{ID: "a", StartedAt: wake.Add(-time.Hour)}
	restart := wake.Add(time.Second)
	lease := wake.Add(10 * time.Minute)
	tests := []struct {
		name       string
		claimedBy  flashback.Instance
		sent       bool
		wantLease  time.Time // of the claimed row once the restart registered
		wantClaims int
	}{
		{"EarlierRun", early, false, lease, 1},
		{"OtherInstance", flashback.Instance{ID: "b", StartedAt: wake.Add(-time.Hour)}, false, lease, 0},
		{"EarlierRunSent", early, true, time.Time{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := wake
			db := mustOpenAt(t, &now)
			ctx, s := context.Background(), NewDeliveryStore(db)
			seed := []*flashback.Subscriber{{Email: "r@example.org",
				Preferences: flashback.Preferences{TimeZone: "UTC", WakeHour: 7},
				NextDate:    flashback.CivilDateOf(wake, time.UTC)}}
			if err := NewSubscriberStore(db).SeedConfirmed(ctx, seed); err != nil {
				t.Fatal(err)
			}
			opts := flashback.ClaimOptions{Limit: 10, Lease: 10 * time.Minute, Cutoff: time.Hour, Owner: tt.claimedBy}
			mustClaim(t, s, opts, 1)
			if tt.sent {
				c := flashback.Outcome{SubscriberID: seed[0].ID, LocalDate: seed[0].NextDate, Attempt: 1,
					State: flashback.DeliverySent, MessageID: "<m>"}
				if err := s.CompleteDeliveries(ctx, []flashback.Outcome{c}); err != nil {
					t.Fatal(err)
				}
			}
			now = restart
			restarted := flashback.Instance{ID: "a", StartedAt: now}
			if err := s.Heartbeat(ctx, restarted); err != nil {
				t.Fatal(err)
			}
			rows, err := s.FindDeliveries(ctx, seed[0].ID)
			if err != nil || len(rows) != 1 {
				t.Fatalf("ledger = %v, %v", rows, err)
			}
			if got := rows[0].LeaseUntil; !got.Equal(tt.wantLease) {
				t.Errorf("lease after the restart registered = %v, want %v", got, tt.wantLease)
			}
			opts.Owner = restarted
			mustClaim(t, s, opts, tt.wantClaims)
		})
	}
}

// mustClaim claims once with opts and checks how many claims it made.
func mustClaim(t *testing.T, s *DeliveryStore, opts flashback.ClaimOptions, want int) {
	t.Helper()
	if err := s.Heartbeat(context.Background(), opts.Owner); err != nil {
		t.Fatal(err)
	}
	res, err := s.ClaimDeliveries(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(res.Claims); got != want {
		t.Fatalf("%s claimed %d, want %d (%s)", opts.Owner.ID, got, want, fmt.Sprint(res))
	}
}
