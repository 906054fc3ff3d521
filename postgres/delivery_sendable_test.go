package postgres_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"flashback"
	"flashback/postgres"
)

// TestSendable_ConcurrentChecksEachGetTheirOwnAnswer: checks asked for at
// once share queries; each still answers for its own subscriber, whether
// confirmed, unsubscribed, suppressed or deleted. While a journal is open,
// its appends share the checks' round trips: each append is kept, in
// order, and each check still gets its own answer.
func TestSendable_ConcurrentChecksEachGetTheirOwnAnswer(t *testing.T) {
	t.Run("Alone", func(t *testing.T) { testConcurrentChecks(t, false) })
	t.Run("WithJournalAppends", func(t *testing.T) { testConcurrentChecks(t, true) })
}

func testConcurrentChecks(t *testing.T, journal bool) {
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
	var appended []flashback.Outcome
	if journal {
		j := postgres.NewOutcomeJournal(db)
		l := mustOpenLog(t, j, flashback.Instance{ID: "inst-1", StartedAt: time.Now().UTC()})
		wg.Go(func() {
			// One goroutine appends, as a pass's journal does, while
			// the checks run.
			for i := range 200 {
				o := flashback.Outcome{SubscriberID: int64(i + 1), LocalDate: flashback.CivilDate{Year: 2027,
					Month: time.January, Day: 31}, Attempt: 1, State: flashback.DeliveryRetry, Reason: fmt.Sprintf("421 busy %d", i),
					RetryAt: time.Date(2027, time.January, 31, 8, 0, 0, 0, time.UTC)}
				if err := appendErr(l, []flashback.Outcome{o}); err != nil {
					t.Errorf("Append %d: %v", i, err)
					return
				}
				appended = append(appended, o)
			}
		})
		defer func() {
			mustDo(t, l.Applied(50), l.Close())
			r := &recorder{}
			if err := j.Replay(ctx, r.apply); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(r.got, appended[50:]) {
				t.Errorf("replayed %d outcomes, want the %d appended and not applied, in order", len(r.got), len(appended)-50)
			}
		}()
	}
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
