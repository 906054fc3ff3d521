package newsletter

import (
	"errors"
	"fmt"
	"time"

	"flashback"
)

// journal takes outcomes as they come, appends each group that arrived
// meanwhile to the outcome journal with one write and settles its
// receipts, which lets their connections carry on; the ledger gets the
// groups later (apply), but for the sent outcomes that a journal kept
// beside the ledger wrote there itself. Without a journal, or when an
// append fails, the receipts wait for the ledger instead. It closes
// groups when done.
func (p *pass) journal(outcomes <-chan result, groups chan<- []result) {
	defer close(groups)
	for r := range outcomes {
		group := gather(outcomes, []result{r}, p.sc.MarkBatch)
		if p.log != nil {
			p.append(group)
		}
		groups <- group
	}
}

// append journals a group; see journal.
func (p *pass) append(group []result) {
	sentInLedger, err := p.log.Append(outcomesOf(group))
	if err != nil {
		p.sc.Service.Logger.Error("newsletter: outcome journal", "err", err)
		return
	}
	for i := range group {
		if sentInLedger && group[i].State == flashback.DeliverySent {
			group[i].inLedger = true
		} else {
			group[i].journaled = true
		}
		if r := group[i].receipt; r != nil {
			r.Settle(nil)
			group[i].receipt = nil
		}
	}
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

// apply records groups of outcomes in the ledger. Journaled outcomes wait
// for company, up to MarkBatch or ApplyEvery, so that a pass costs few
// ledger transactions; an outcome whose receipt still waits is recorded
// with what is queued already, without waiting (group commit).
func (p *pass) apply(groups <-chan []result) error {
	var errs []error
	for g := range groups {
		errs = append(errs, p.flush(p.fill(groups, g)))
	}
	return errors.Join(errs...)
}

// fill adds groups to group as described at apply.
func (p *pass) fill(groups <-chan []result, group []result) []result {
	wait := time.NewTimer(p.sc.ApplyEvery)
	defer wait.Stop()
	urgent := holdsBack(group)
	for len(group) < p.sc.MarkBatch {
		var g []result
		ok := true
		if urgent {
			select {
			case g, ok = <-groups:
			default:
				return group
			}
		} else {
			select {
			case g, ok = <-groups:
			case <-wait.C:
				return group
			}
		}
		if !ok {
			return group
		}
		group, urgent = append(group, g...), urgent || holdsBack(g)
	}
	return group
}

// holdsBack reports whether a result in group holds its connection back,
// or hands its claim back for a short lease, which the pass waits to see
// in the ledger before its last claim (reclaimable).
func holdsBack(group []result) bool {
	for _, r := range group {
		if r.receipt != nil || handedBack(r) {
			return true
		}
	}
	return false
}

func outcomesOf(group []result) []flashback.Outcome {
	outcomes := make([]flashback.Outcome, len(group))
	for i, r := range group {
		outcomes[i] = r.Outcome
	}
	return outcomes
}

// flush writes a group of outcomes, but those in the ledger already,
// trying a few times (a mark that is lost turns into a resend once the
// claim is free again, unless the journal has it), then settles the
// receipts that waited for it, and lets the journal forget what it has
// applied.
func (p *pass) flush(group []result) error {
	var outcomes, inLedger []flashback.Outcome
	for _, r := range group {
		if r.inLedger {
			inLedger = append(inLedger, r.Outcome)
		} else {
			outcomes = append(outcomes, r.Outcome)
		}
	}
	p.count(inLedger)
	var err error
	for try := range 3 {
		if err = p.sc.Service.Deliveries.CompleteDeliveries(p.work, outcomes); err == nil {
			break
		}
		time.Sleep(time.Duration(try+1) * 200 * time.Millisecond)
	}
	defer p.recorded(group)
	journaled := 0
	for _, r := range group {
		if r.receipt != nil {
			r.receipt.Settle(err)
		}
		if r.journaled {
			journaled++
		}
	}
	if err != nil {
		// Journaled outcomes stay in the journal, for the next Replay;
		// since the journal forgets oldest first, it forgets no more.
		p.unapplied = true
		return fmt.Errorf("record %d outcomes: %w", len(outcomes), err)
	}
	p.count(outcomes)
	if journaled > 0 && !p.unapplied {
		return p.log.Applied(journaled)
	}
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
