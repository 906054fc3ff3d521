package mail

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Receipt lets a caller bound what a crash can make it send twice. The
// caller attaches a Receipt to a message and settles it once it has
// recorded the message's outcome where a restart will find it. The SMTP
// sender holds back the end of the next message on the same connection
// (the final ".", before which the server keeps nothing) until then.
//
// So at any moment each connection carries at most one message that the
// server may have accepted and the caller has not recorded: after a
// crash, at most one repeat per connection. The body of that next message
// is already on the wire while the caller records, so the wait costs
// little more than the recording itself.
type Receipt struct {
	once sync.Once
	done chan struct{}
	err  error
}

// NewReceipt returns an unsettled Receipt.
func NewReceipt() *Receipt { return &Receipt{done: make(chan struct{})} }

// Settle says the outcome is recorded (err nil) or could not be (err set);
// only the first call counts. A message that waits on a Receipt settled
// with an error is not sent: a second unrecorded message would follow the
// first.
func (r *Receipt) Settle(err error) {
	r.once.Do(func() {
		r.err = err
		close(r.done)
	})
}

// settled reports whether Settle was called.
func (r *Receipt) settled() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

// errUnrecorded is why a message waiting on a failed Receipt was not sent.
var errUnrecorded = errors.New("the previous message on this connection was not recorded")

// wait blocks until r is settled, ctx ends or timeout passes; a nil
// Receipt is settled.
func (r *Receipt) wait(ctx context.Context, timeout time.Duration) error {
	if r == nil {
		return nil
	}
	if r.settled() {
		// Most are, by the time the next message is written: no timer.
		return r.result()
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-r.done:
		return r.result()
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return errors.New("timed out waiting for the previous message on this connection to be recorded")
	}
}

// result is what wait returns once r is settled.
func (r *Receipt) result() error {
	if r.err != nil {
		return errors.Join(errUnrecorded, r.err)
	}
	return nil
}
