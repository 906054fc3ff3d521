package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"flashback"
	"flashback/postgres"
)

// TestSendable_ConcurrentChecksEachGetTheirOwnAnswer: checks asked for at
// once share queries; each still answers for its own subscriber, whether
// confirmed, unsubscribed, suppressed or deleted.
func TestSendable_ConcurrentChecksEachGetTheirOwnAnswer(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	subs := postgres.NewSubscriberStore(db)
	seed := make([]*flashback.Subscriber, 400)
	for i := range seed {
		seed[i] = &flashback.Subscriber{Email: fmt.Sprintf("c%d@example.org", i),
			Preferences: flashback.Preferences{TimeZone: "UTC", WakeHour: 7}}
	}
	if err := subs.SeedConfirmed(ctx, seed); err != nil {
		t.Fatal(err)
	}
	leave := []struct {
		how  string
		do   func(id int64) error
		want string
	}{
		{"unsubscribed", func(id int64) error { return subs.Unsubscribe(ctx, id, "test") }, "unsubscribed before sending"},
		{"suppressed", func(id int64) error { return subs.SuppressSubscriber(ctx, id, flashback.SuppressBounce) },
			"address suppressed before sending"},
		{"deleted", func(id int64) error { return subs.DeleteSubscriber(ctx, id) }, "deleted before sending"},
	}
	want := make([]string, len(seed))
	for i, sub := range seed {
		if i%4 == 0 {
			continue // stays confirmed
		}
		l := leave[i%4-1]
		if err := l.do(sub.ID); err != nil {
			t.Fatalf("%s %d: %v", l.how, sub.ID, err)
		}
		want[i] = l.want
	}
	deliveries := postgres.NewDeliveryStore(db)
	var wg sync.WaitGroup
	for i, sub := range seed {
		wg.Go(func() {
			why, err := deliveries.Sendable(ctx, sub)
			if err != nil || why != want[i] {
				t.Errorf("Sendable(subscriber %d) = %q, %v; want %q", sub.ID, why, err, want[i])
			}
		})
	}
	wg.Wait()
}
