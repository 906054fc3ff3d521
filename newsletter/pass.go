package newsletter

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"flashback"
	"flashback/mail"
)

// pass is the state of one delivery pass.
type pass struct {
	sc    Scheduler
	beat  *beat
	cache *digestCache
	stop  <-chan struct{}
	work  context.Context
	log   flashback.OutcomeLog // nil without Scheduler.Journal
	stats PassStats            // written by apply
	// unapplied is set by apply once a journaled group failed to reach
	// the ledger.
	unapplied bool
	// claimed, skipped and takenOver are written by produce only.
	claimed, skipped, takenOver int
}

// result is an outcome on its way to the ledger, with the Receipt its
// message carried when it was sent.
type result struct {
	flashback.Outcome
	receipt   *mail.Receipt // nil once settled
	journaled bool
}

// pass delivers every digest due now; see RunOnce.
func (sc Scheduler) pass(ctx context.Context, b *beat) (PassStats, error) {
	sc.Service.passes.Lock()
	defer sc.Service.passes.Unlock()
	started := time.Now()
	p := &pass{sc: sc, beat: b, cache: sc.Service.newDigestCache(), stop: ctx.Done(),
		// Sends in flight and ledger writes must finish even when ctx ends.
		work: context.WithoutCancel(ctx)}
	if err := p.openLog(); err != nil {
		return PassStats{}, err
	}
	jobs := make(chan *flashback.Claim, sc.Workers)
	// Room for a group while the previous one is written.
	outcomes := make(chan result, sc.MarkBatch)
	groups := make(chan []result, sc.MarkBatch)
	go p.journal(outcomes, groups)
	committed := make(chan error, 1)
	go func() { committed <- p.apply(groups) }()
	var wg sync.WaitGroup
	for range sc.Workers {
		wg.Go(func() {
			for c := range jobs {
				outcomes <- p.deliver(c)
			}
		})
	}
	claimErr := p.produce(jobs)
	wg.Wait()
	close(outcomes)
	err := errors.Join(claimErr, <-committed, p.closeLog())
	p.stats.Claimed, p.stats.Skipped = p.claimed, p.stats.Skipped+p.skipped
	p.stats.TakenOver = p.takenOver
	p.stats.Elapsed = time.Since(started)
	return p.stats, err
}

func (p *pass) stopped() bool {
	select {
	case <-p.stop:
		return true
	default:
		return false
	}
}

// produce claims batches until nothing is due, feeding the workers; it
// closes jobs when done.
func (p *pass) produce(jobs chan<- *flashback.Claim) error {
	defer close(jobs)
	opts := flashback.ClaimOptions{Limit: p.sc.Batch, Lease: p.sc.Lease, Cutoff: p.sc.Cutoff, Owner: p.sc.Instance}
	for !p.stopped() {
		if err := p.replay(); err != nil {
			return err
		}
		res, err := p.sc.Service.Deliveries.ClaimDeliveries(p.work, opts)
		if err != nil {
			return fmt.Errorf("claim digests: %w", err)
		}
		p.claimed += len(res.Claims)
		p.skipped += res.Skipped
		p.takenOver += res.TakenOver
		for _, c := range res.Claims {
			jobs <- c
		}
		if res.Examined == 0 {
			return nil
		}
	}
	return nil
}

// deliver sends one claimed digest and says how it went. Claims taken out
// of the queue after shutdown began are handed back, not sent.
func (p *pass) deliver(c *flashback.Claim) result {
	s := p.sc.Service
	r := result{Outcome: flashback.Outcome{SubscriberID: c.Subscriber.ID, LocalDate: c.LocalDate, Attempt: c.Attempt}}
	if p.stopped() {
		return p.retry(r, 0, errShutdown)
	}
	// The claim checked status and suppression, but an unsubscribe may
	// have landed while the claim waited: the issue wants them checked at
	// send time.
	switch why, err := s.Deliveries.Sendable(p.work, c.Subscriber); {
	case err != nil:
		return p.retry(r, p.sc.Backoff(c.Attempt), err)
	case why != "":
		r.State, r.Reason = flashback.DeliverySkipped, why
		return r
	}
	d, err := p.cache.get(p.work, c.LocalDate, c.Subscriber.Preferences)
	if err != nil {
		return p.retry(r, p.sc.Backoff(c.Attempt), err)
	}
	// A send that could outlive the claim may race a worker or instance
	// that has taken it over meanwhile; hand it back for a fresh claim.
	if now := s.Clock(); c.LeaseUntil.Sub(now) < p.sc.SendTimeout || !p.beat.fresh(now) {
		return p.retry(r, 0, errLeaseShort)
	}
	ctx, cancel := context.WithTimeout(p.work, p.sc.SendTimeout)
	defer cancel()
	r.receipt = mail.NewReceipt()
	switch id, err := s.sendDigest(ctx, d, c.Subscriber, r.receipt); {
	case err == nil:
		r.State, r.MessageID = flashback.DeliverySent, id
	case mail.IsPermanent(err):
		r.State, r.Reason = flashback.DeliveryFailed, truncate(err.Error(), 500)
	default:
		return p.retry(r, p.sc.Backoff(c.Attempt), err)
	}
	return r
}

// Reasons for handing a claim back unsent; flush counts them apart.
var (
	errShutdown   = errors.New("handed back at shutdown")
	errLeaseShort = errors.New("handed back: the claim could be taken over before a send could end")
)

func (p *pass) retry(r result, after time.Duration, err error) result {
	r.State = flashback.DeliveryRetry
	r.RetryAt = p.sc.Service.Clock().Add(after)
	r.Reason = truncate(err.Error(), 500)
	return r
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
