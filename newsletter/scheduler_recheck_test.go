package newsletter_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"flashback"
	"flashback/newsletter"
)

// onFirstSend runs fn once, while the first message of the pass is being
// sent, to change the world between claim and send. The sink's recipient
// hook is used only as a moment to act on: it refuses nothing.
func onFirstSend(e *env, fn func(rcpt string)) {
	var once sync.Once
	e.sink.Reject(func(_ string, to []string) *smtp.SMTPError {
		once.Do(func() { fn(to[len(to)-1]) })
		return nil
	})
}

// TestDeliver_ExpiredClaimsAreHandedBack: the clock jumps past the lease
// while claims wait in the queue. Those claims must not be sent (another
// worker could hold them by now); they are reclaimed and each digest
// arrives exactly once.
func TestDeliver_ExpiredClaimsAreHandedBack(t *testing.T) {
	e := newEnv(t, "")
	e.seedJan31(t)
	const n = 8
	for i := range n {
		e.confirmed(t, fmt.Sprintf("r%02d@example.org", i), "Europe/Vienna", "07:00")
	}
	e.clock.Set(jan31)
	before := len(e.sink.Messages())
	const lease = 10 * time.Minute
	onFirstSend(e, func(string) { e.clock.Add(lease + time.Second) })
	sc := newsletter.Scheduler{Service: e.svc, Workers: 1, Batch: 4, MarkBatch: 1, Lease: lease, SendTimeout: 2 * time.Minute}
	stats := runPass(t, sc)
	if stats.Expired == 0 {
		t.Errorf("no claim was handed back after its lease ended: %v", stats)
	}
	if stats.Sent != n {
		t.Errorf("%v, want %d sent", stats, n)
	}
	got := digestsTo(e.sink.Messages()[before:])
	for i := range n {
		to := fmt.Sprintf("r%02d@example.org", i)
		if c := len(got[to]); c != 1 {
			t.Errorf("%s got %d digests, want 1", to, c)
		}
	}
}

// TestDeliver_RechecksSubscriberAtSendTime: a subscriber who leaves
// between claim and send gets nothing, and the ledger says why.
func TestDeliver_RechecksSubscriberAtSendTime(t *testing.T) {
	tests := []struct {
		name       string
		leave      func(e *env, id int64) error
		wantReason string // "" when no ledger row is left (deleted)
	}{
		{"unsubscribed", func(e *env, id int64) error {
			return e.subs.Unsubscribe(context.Background(), id, "one-click")
		}, "unsubscribed before sending"},
		{"suppressed", func(e *env, id int64) error {
			return e.subs.SuppressSubscriber(context.Background(), id, flashback.SuppressBounce)
		}, "address suppressed before sending"},
		{"deleted", func(e *env, id int64) error {
			return e.subs.DeleteSubscriber(context.Background(), id)
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "")
			e.seedJan31(t)
			first := e.confirmed(t, "first@example.org", "Europe/Vienna", "07:00")
			leaver := e.confirmed(t, "leaver@example.org", "Europe/Vienna", "07:00")
			e.clock.Set(jan31)
			before := len(e.sink.Messages())
			var leaveErr error
			onFirstSend(e, func(rcpt string) {
				if rcpt != first.Email {
					leaveErr = fmt.Errorf("first send went to %s, not %s", rcpt, first.Email)
					return
				}
				leaveErr = tt.leave(e, leaver.ID)
			})
			sc := newsletter.Scheduler{Service: e.svc, Workers: 1, Batch: 4}
			stats := runPass(t, sc)
			if leaveErr != nil {
				t.Fatal(leaveErr)
			}
			if stats.Claimed != 2 || stats.Sent != 1 || stats.Skipped != 1 {
				t.Errorf("%v, want 2 claimed, 1 sent, 1 skipped", stats)
			}
			got := digestsTo(e.sink.Messages()[before:])
			if len(got[first.Email]) != 1 || len(got[leaver.Email]) != 0 {
				t.Errorf("digests: first %d, leaver %d; want 1 and 0", len(got[first.Email]), len(got[leaver.Email]))
			}
			rows, err := e.svc.Deliveries.FindDeliveries(context.Background(), leaver.ID)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.wantReason == "" && len(rows) != 0:
				t.Errorf("ledger of a deleted subscriber: %+v", rows[0])
			case tt.wantReason != "" && (len(rows) != 1 || rows[0].State != flashback.DeliverySkipped || rows[0].Reason != tt.wantReason):
				t.Errorf("ledger: %+v, want one row skipped with %q", rows, tt.wantReason)
			}
		})
	}
}
