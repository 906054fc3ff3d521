package postgres_test

import (
	"context"
	"testing"
	"time"

	"flashback"
	"flashback/postgres"
)

// TestClaim_SuppressionListChecked: an address on the suppression list gets
// no digest even while its subscriber row says confirmed (here seeded
// directly, as an import would; the stores' own paths never allow it).
func TestClaim_SuppressionListChecked(t *testing.T) {
	db := MustOpenDB(t)
	now := time.Date(2026, 1, 30, 18, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	subs, deliveries, ctx := postgres.NewSubscriberStore(db), postgres.NewDeliveryStore(db), context.Background()
	seed := []*flashback.Subscriber{
		{Email: "bounced@example.org", Preferences: flashback.Preferences{TimeZone: "UTC", WakeHour: 7}},
		{Email: "fine@example.org", Preferences: flashback.Preferences{TimeZone: "UTC", WakeHour: 7}},
	}
	if err := subs.SeedConfirmed(ctx, seed[:1]); err != nil {
		t.Fatal(err)
	}
	if err := subs.SuppressSubscriber(ctx, seed[0].ID, flashback.SuppressBounce); err != nil {
		t.Fatal(err)
	}
	if err := subs.DeleteSubscriber(ctx, seed[0].ID); err != nil {
		t.Fatal(err)
	}
	seed[0].ID = 0
	if err := subs.SeedConfirmed(ctx, seed); err != nil {
		t.Fatal(err)
	}
	if seed[0].ID == 0 || seed[1].ID == 0 || seed[0].ID == seed[1].ID {
		t.Fatalf("seeded IDs %d and %d", seed[0].ID, seed[1].ID)
	}
	now = time.Date(2026, 1, 31, 7, 0, 0, 0, time.UTC)
	res, err := deliveries.ClaimDeliveries(ctx, flashback.ClaimOptions{Limit: 10, Lease: time.Minute, Cutoff: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Claims) != 1 || res.Claims[0].Subscriber.Email != "fine@example.org" || res.Skipped != 1 {
		t.Fatalf("claims %d, skipped %d", len(res.Claims), res.Skipped)
	}
	ds, _ := deliveries.FindDeliveries(ctx, seed[0].ID)
	if len(ds) != 1 || ds[0].State != flashback.DeliverySkipped || ds[0].Reason != "address suppressed" {
		t.Errorf("ledger of the suppressed address: %+v", ds)
	}
	if got, _ := subs.FindSubscriberByID(ctx, seed[0].ID); got.Status != flashback.SubscriberSuppressed {
		t.Errorf("status = %q", got.Status)
	}
}
