package newsletter

import (
	"errors"
	"fmt"
	"time"

	"flashback"
)

// commit records outcomes as they come: each transaction takes what
// arrived while the previous one was written, up to MarkBatch. There is
// no waiting for a group to fill, since every sent outcome holds back the
// next message on its connection (see mail.Receipt).
func (p *pass) commit(outcomes <-chan result) error {
	var errs []error
	for r := range outcomes {
		group := gather(outcomes, []result{r}, p.sc.MarkBatch)
		errs = append(errs, p.flush(group))
	}
	return errors.Join(errs...)
}

// gather adds to group what is queued already, up to max in all.
func gather(ch <-chan result, group []result, max int) []result {
	for len(group) < max {
		select {
		case r, ok := <-ch:
			if !ok {
				return group
			}
			group = append(group, r)
		default:
			return group
		}
	}
	return group
}

// flush writes a group of outcomes, trying a few times (a mark that is
// lost turns into a resend once the claim is free again), then settles the
// group's receipts, which lets their connections carry on.
func (p *pass) flush(group []result) error {
	outcomes := make([]flashback.Outcome, len(group))
	for i, r := range group {
		outcomes[i] = r.Outcome
	}
	var err error
	for try := range 3 {
		if err = p.sc.Service.Deliveries.CompleteDeliveries(p.work, outcomes); err == nil {
			break
		}
		time.Sleep(time.Duration(try+1) * 200 * time.Millisecond)
	}
	for _, r := range group {
		if r.receipt != nil {
			r.receipt.Settle(err)
		}
	}
	if err != nil {
		return fmt.Errorf("record %d outcomes: %w", len(group), err)
	}
	p.count(outcomes)
	return nil
}

// count adds recorded outcomes to the pass's stats.
func (p *pass) count(outcomes []flashback.Outcome) {
	for _, o := range outcomes {
		switch o.State {
		case flashback.DeliverySent:
			p.stats.Sent++
		case flashback.DeliveryFailed:
			p.stats.Failed++
		case flashback.DeliverySkipped:
			p.stats.Skipped++
		case flashback.DeliveryRetry:
			switch o.Reason {
			case errShutdown.Error():
				p.stats.Released++
			case errLeaseShort.Error():
				p.stats.Expired++
			default:
				p.stats.Retried++
			}
		}
	}
}
