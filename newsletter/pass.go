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
	// pending counts the claims handed to the workers whose outcome is
	// not known yet, or is a hand-back for a short lease not yet in the
	// ledger; handedBack counts the hand-backs recorded since produce last
	// looked; settled is broadcast when pending falls to zero. All are
	// guarded by mu.
	mu                  sync.Mutex
	settled             *sync.Cond
	pending, handedBack int
}

// result is an outcome on its way to the ledger, with the Receipt its
// message carried when it was sent.
type result struct {
	flashback.Outcome
	receipt *mail.Receipt // nil once settled
	// journaled: in the journal, waiting to be applied; inLedger: written
	// into the ledger by the journal's append, nothing left to apply.
	journaled, inLedger bool
}

// pass delivers every digest due now; see RunOnce.
func (sc Scheduler) pass(ctx context.Context, b *beat) (PassStats, error) {
	sc.Service.passes.Lock()
	defer sc.Service.passes.Unlock()
	started := time.Now()
	p := &pass{sc: sc, beat: b, cache: sc.Service.newDigestCache(), stop: ctx.Done(),
		// Sends in flight and ledger writes must finish even when ctx ends.
		work: context.WithoutCancel(ctx)}
	p.settled = sync.NewCond(&p.mu)
	if err := p.openLog(); err != nil {
		return PassStats{}, err
	}
	// The queue holds a whole batch, so that the next claim runs while
	// the workers send the last one's: with room for one job a worker,
	// every claim's transaction left them waiting, and a pass on
	// PostgreSQL left 15-16% of this 2-core machine's CPU idle against
	// 11-14% (bench/digest). A claim now waits behind at most two batches.
	jobs := make(chan *flashback.Claim, sc.Batch)
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
				r := p.deliver(c)
				p.delivered(r)
				outcomes <- r
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
		p.mu.Lock()
		p.pending += len(res.Claims)
		p.mu.Unlock()
		for _, c := range res.Claims {
			jobs <- c
		}
		if res.Examined == 0 && !p.reclaimable() {
			return nil
		}
	}
	return nil
}

// reclaimable waits until the outcome of every claim handed to the
// workers is known and every hand-back for a short lease is in the
// ledger, and reports whether there were such hand-backs since it last
// looked: due again at once, they belong to this pass, but a claim run
// while they were on their way to the ledger saw nothing due. (The queue
// holds a batch, so the last claim of a pass usually runs while the
// workers still send.) Other outcomes need not reach the ledger first: a
// sent, failed or skipped digest is not due again either way.
func (p *pass) reclaimable() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.pending > 0 {
		p.settled.Wait()
	}
	again := p.handedBack > 0
	p.handedBack = 0
	return again
}

// delivered says that r's outcome is known; a hand-back for a short lease
// stays pending until flush has been through it (recorded).
func (p *pass) delivered(r result) {
	if handedBack(r) {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done()
}

// recorded says that flush has been through group, recorded or not.
func (p *pass) recorded(group []result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, r := range group {
		if handedBack(r) {
			p.handedBack++
			p.done()
		}
	}
}

// done takes one off pending, waking reclaimable at zero; p.mu is held.
func (p *pass) done() {
	p.pending--
	if p.pending == 0 {
		p.settled.Broadcast()
	}
}

// handedBack reports whether r hands its claim back for a short lease.
func handedBack(r result) bool {
	return r.State == flashback.DeliveryRetry && r.Reason == errLeaseShort.Error()
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
