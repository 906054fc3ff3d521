package newsletter_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

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
