package newsletter_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"flashback"
	"flashback/newsletter"
	"flashback/sqlite"
)

// failingJournal fails to open its first fails times, as a restart's
// journal does while the killed run's connection still holds it.
type failingJournal struct {
	flashback.OutcomeJournal
	fails atomic.Int32
}

func (j *failingJournal) Open(inst flashback.Instance) (flashback.OutcomeLog, error) {
	if j.fails.Add(-1) >= 0 {
		return nil, errors.New("the outcome journal is held by a running process")
	}
	return j.OutcomeJournal.Open(inst)
}

// TestRun_RetriesFailedPassSoon: a pass that fails (here its journal could
// not be opened) leaves its digests due, and no other pass may come before
// the next tick, a minute later in serve: Run tries again within seconds.
func TestRun_RetriesFailedPassSoon(t *testing.T) {
	tests := []struct {
		name  string
		fails int32
	}{
		{"OneFailure", 1},
		{"FailuresInARow", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "")
			e.seedJan31(t)
			e.confirmed(t, "reader@example.org", "Europe/Vienna", "07:00")
			e.clock.Set(jan31)
			before := len(e.sink.Messages())
			journal := &failingJournal{OutcomeJournal: sqlite.NewOutcomeJournal(e.db)}
			journal.fails.Store(tt.fails)
			ctx, cancel := context.WithCancel(context.Background())
			sc := newsletter.Scheduler{Service: e.svc, Journal: journal, Interval: time.Hour,
				RetryAfter: 10 * time.Millisecond, Instance: flashback.Instance{ID: "one", StartedAt: jan31}}
			done := make(chan error)
			go func() { done <- sc.Run(ctx) }()
			deadline := time.Now().Add(10 * time.Second)
			for len(e.sink.Messages()) == before && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			cancel()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if got := len(digestsTo(e.sink.Messages()[before:])["reader@example.org"]); got != 1 {
				t.Errorf("%d digests after %d failed passes, want 1 well before the next tick", got, tt.fails)
			}
		})
	}
}

// claimWatch counts the claims that returned.
type claimWatch struct {
	flashback.DeliveryStore
	claims atomic.Int32
}

func (w *claimWatch) ClaimDeliveries(ctx context.Context, opts flashback.ClaimOptions) (*flashback.ClaimResult, error) {
	res, err := w.DeliveryStore.ClaimDeliveries(ctx, opts)
	w.claims.Add(1)
	return res, err
}

// TestRun_PassesAgainAfterWork: a digest comes due after a pass's last
// look at the queue, while its last send is on the wire (as claims a
// restart freed, or claims handed back, do). The pass found work, so Run
// looks again at once rather than leaving the digest to the next tick.
func TestRun_PassesAgainAfterWork(t *testing.T) {
	e := newEnv(t, "")
	e.seedJan31(t)
	late := e.confirmed(t, "late@example.org", "Europe/Vienna", "07:00")
	e.confirmed(t, "early@example.org", "Europe/Vienna", "07:00")
	e.clock.Set(jan31)
	before := len(e.sink.Messages())
	watch := &claimWatch{DeliveryStore: sqlite.NewDeliveryStore(e.db)}
	// The late digest failed once already and may be tried again in ten
	// seconds.
	opts := flashback.ClaimOptions{Limit: 1, Lease: 10 * time.Minute, Cutoff: 12 * time.Hour}
	res, err := watch.ClaimDeliveries(context.Background(), opts)
	if err != nil || len(res.Claims) != 1 || res.Claims[0].Subscriber.ID != late.ID {
		t.Fatalf("claim of the late digest: %+v %v", res, err)
	}
	retryAt := jan31.Add(10 * time.Second)
	if err := watch.CompleteDeliveries(context.Background(), []flashback.Outcome{{SubscriberID: late.ID,
		LocalDate: res.Claims[0].LocalDate, Attempt: 1, State: flashback.DeliveryRetry, RetryAt: retryAt,
		Reason: "421 try again"}}); err != nil {
		t.Fatal(err)
	}
	svc, err := newsletter.New(context.Background(), newsletter.Deps{Subscribers: e.subs, Deliveries: watch,
		Events: e.events, Secrets: sqlite.NewSecretStore(e.db), Mail: e.sender, Clock: e.clock.Now},
		newsletter.Config{BaseURL: baseURL, From: "Flashback <digest@flashback.example>"})
	if err != nil {
		t.Fatal(err)
	}
	// The first pass claims the early digest, then finds nothing more
	// due (its second claim); only then does the retry's time come.
	e.sink.Reject(func(string, []string) *smtp.SMTPError {
		for deadline := time.Now().Add(5 * time.Second); watch.claims.Load() < 3 && time.Now().Before(deadline); {
			time.Sleep(time.Millisecond)
		}
		e.clock.Set(retryAt)
		return nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	sc := newsletter.Scheduler{Service: svc, Workers: 1, Interval: time.Hour}
	done := make(chan error)
	go func() { done <- sc.Run(ctx) }()
	for deadline := time.Now().Add(10 * time.Second); len(e.sink.Messages()) < before+2 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	got := digestsTo(e.sink.Messages()[before:])
	for _, to := range []string{"early@example.org", "late@example.org"} {
		if len(got[to]) != 1 {
			t.Errorf("%s got %d digests, want 1 before the next tick", to, len(got[to]))
		}
	}
}
