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

// Scheduler delivers due digests. A pass claims batches of due digests from
// the ledger, a bounded pool of workers renders and sends them, and one
// committer records the outcomes, several per transaction.
//
// Exactly once, and where it is honestly "at least once": a digest is
// claimed (ledger row 'sending' with a lease) before it is sent and marked
// 'sent' after the server's 250. A crash before the send leaves a claim that
// is retried when its lease ends; a crash after the 250 and before the mark
// is committed means the digest is sent again, with the same Message-ID, so
// mailboxes that collapse duplicates show it once. That window holds at
// most the messages in flight (Workers), the group being committed
// (MarkBatch) and the outcomes queued meanwhile (MarkBatch), so that
// workers keep sending during a commit: Workers + 2×MarkBatch. With
// MarkBatch 1 each worker commits its own mark before its next send, so
// the window is Workers: one message with one worker.
//
// A claim may wait in the queue while others are sent, so just before its
// send a worker checks two things again: that the claim's lease outlasts
// SendTimeout (else another worker may already have reclaimed it, and the
// claim is handed back unsent), and that the subscriber is still confirmed
// and not suppressed (else the digest is recorded as skipped). Small
// batches keep that wait short.
type Scheduler struct {
	Service *Service
	Workers int           // concurrent sends; default 8
	Batch   int           // subscribers examined per claim; default 2×Workers
	Lease   time.Duration // exclusive claim; default 10 min
	Cutoff  time.Duration // later than wake-up + Cutoff is skipped; default 12 h
	// Interval is Run's tick; default one minute.
	Interval time.Duration
	// MarkBatch outcomes are committed together (default 64), or fewer
	// after MarkDelay (default 25 ms). 1 commits every mark on its own.
	MarkBatch int
	MarkDelay time.Duration
	// SendTimeout bounds one message; it must stay below Lease so that no
	// send outlives its claim. Default 2 min.
	SendTimeout time.Duration
	// Backoff is the wait before retry number attempt+1 after a temporary
	// failure; default 1 min doubling up to 1 h.
	Backoff func(attempt int) time.Duration
	// Observer, when set, is told what each pass did (for metrics).
	Observer PassObserver
}

// PassObserver is told the outcome of every delivery pass.
type PassObserver interface {
	ObservePass(stats PassStats, err error)
}

// PassStats counts what one pass did.
type PassStats struct {
	Claimed  int // digests claimed for sending
	Sent     int
	Retried  int // temporary failures, to be retried after a backoff
	Failed   int // permanent failures; the subscriber is suppressed
	Skipped  int // window closed or address suppressed (see the ledger)
	Released int // claims handed back unsent because of shutdown
	Expired  int // claims handed back unsent: their lease ended too soon
	Elapsed  time.Duration
}

func (p PassStats) String() string {
	return fmt.Sprintf("claimed=%d sent=%d retried=%d failed=%d skipped=%d released=%d expired=%d in %v",
		p.Claimed, p.Sent, p.Retried, p.Failed, p.Skipped, p.Released, p.Expired, p.Elapsed.Round(time.Millisecond))
}

func (sc Scheduler) withDefaults() Scheduler {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defD := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&sc.Workers, 8)
	// Two claims per worker: enough to keep workers busy between claim
	// transactions, few enough that none waits long for its send.
	def(&sc.Batch, 2*sc.Workers)
	def(&sc.MarkBatch, 64)
	defD(&sc.Lease, 10*time.Minute)
	defD(&sc.Cutoff, 12*time.Hour)
	defD(&sc.Interval, time.Minute)
	defD(&sc.MarkDelay, 25*time.Millisecond)
	defD(&sc.SendTimeout, 2*time.Minute)
	if sc.SendTimeout >= sc.Lease {
		sc.SendTimeout = sc.Lease / 2
	}
	if sc.Backoff == nil {
		sc.Backoff = defaultBackoff
	}
	return sc
}

func defaultBackoff(attempt int) time.Duration {
	d := time.Minute
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// Run runs a pass now and then every Interval until ctx is done. A pass in
// progress when ctx ends finishes the sends in flight, records them and
// hands back what it had claimed but not sent.
func (sc Scheduler) Run(ctx context.Context) error {
	sc = sc.withDefaults()
	tick := time.NewTicker(sc.Interval)
	defer tick.Stop()
	for {
		stats, err := sc.RunOnce(ctx)
		log := sc.Service.Logger
		switch {
		case err != nil:
			log.Error("newsletter: delivery pass", "err", err, "stats", stats.String())
		case stats.Claimed+stats.Skipped > 0:
			log.Info("newsletter: delivery pass", "stats", stats.String())
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// RunOnce delivers every digest due now and returns when they are all sent
// and recorded (or handed back because ctx ended).
func (sc Scheduler) RunOnce(ctx context.Context) (PassStats, error) {
	sc = sc.withDefaults()
	started := time.Now()
	p := &pass{sc: sc, cache: sc.Service.newDigestCache(), stop: ctx.Done(),
		// Sends in flight and ledger writes must finish even when ctx ends.
		work: context.WithoutCancel(ctx)}
	jobs := make(chan *flashback.Claim, sc.Workers)
	// Room for a group while the previous one commits; see the crash window above.
	outcomes := make(chan flashback.Outcome, sc.MarkBatch)
	committed := make(chan error, 1)
	go func() { committed <- p.commit(outcomes) }()
	var wg sync.WaitGroup
	for range sc.Workers {
		wg.Go(func() {
			for c := range jobs {
				o := p.deliver(c)
				if sc.MarkBatch == 1 {
					p.commitNow(o)
					continue
				}
				outcomes <- o
			}
		})
	}
	claimErr := p.produce(jobs)
	wg.Wait()
	close(outcomes)
	err := errors.Join(claimErr, <-committed, errors.Join(p.syncErrs...))
	p.stats.Claimed, p.stats.Skipped = p.claimed, p.stats.Skipped+p.skipped
	p.stats.Elapsed = time.Since(started)
	if sc.Observer != nil {
		sc.Observer.ObservePass(p.stats, err)
	}
	return p.stats, err
}

// pass is the state of one RunOnce.
type pass struct {
	sc    Scheduler
	cache *digestCache
	stop  <-chan struct{}
	work  context.Context
	stats PassStats // written by the committer, or under mu by commitNow
	// mu serialises commitNow; syncErrs are its failures.
	mu       sync.Mutex
	syncErrs []error
	// claimed and skipped are written by produce only.
	claimed, skipped int
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
	opts := flashback.ClaimOptions{Limit: p.sc.Batch, Lease: p.sc.Lease, Cutoff: p.sc.Cutoff}
	for !p.stopped() {
		res, err := p.sc.Service.Deliveries.ClaimDeliveries(p.work, opts)
		if err != nil {
			return fmt.Errorf("claim digests: %w", err)
		}
		p.claimed += len(res.Claims)
		p.skipped += res.Skipped
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
func (p *pass) deliver(c *flashback.Claim) flashback.Outcome {
	s := p.sc.Service
	o := flashback.Outcome{SubscriberID: c.Subscriber.ID, LocalDate: c.LocalDate, Attempt: c.Attempt}
	if p.stopped() {
		return p.retry(o, 0, errShutdown)
	}
	// The claim checked status and suppression, but an unsubscribe may
	// have landed while the claim waited: the issue wants them checked at
	// send time.
	switch why, err := s.Deliveries.Sendable(p.work, c.Subscriber); {
	case err != nil:
		return p.retry(o, p.sc.Backoff(c.Attempt), err)
	case why != "":
		o.State, o.Reason = flashback.DeliverySkipped, why
		return o
	}
	d, err := p.cache.get(p.work, c.LocalDate, c.Subscriber.Preferences)
	if err != nil {
		return p.retry(o, p.sc.Backoff(c.Attempt), err)
	}
	// A send that could outlive the lease may race a worker that has
	// reclaimed the digest meanwhile; hand it back for a fresh claim.
	if c.LeaseUntil.Sub(s.Clock()) < p.sc.SendTimeout {
		return p.retry(o, 0, errLeaseShort)
	}
	ctx, cancel := context.WithTimeout(p.work, p.sc.SendTimeout)
	defer cancel()
	switch id, err := s.sendDigest(ctx, d, c.Subscriber); {
	case err == nil:
		o.State, o.MessageID = flashback.DeliverySent, id
	case mail.IsPermanent(err):
		o.State, o.Reason = flashback.DeliveryFailed, truncate(err.Error(), 500)
	default:
		return p.retry(o, p.sc.Backoff(c.Attempt), err)
	}
	return o
}

// Reasons for handing a claim back unsent; flush counts them apart.
var (
	errShutdown   = errors.New("handed back at shutdown")
	errLeaseShort = errors.New("handed back: the claim's lease ends before a send could")
)

func (p *pass) retry(o flashback.Outcome, after time.Duration, err error) flashback.Outcome {
	o.State = flashback.DeliveryRetry
	o.RetryAt = p.sc.Service.Clock().Add(after)
	o.Reason = truncate(err.Error(), 500)
	return o
}

// commit records outcomes, MarkBatch per transaction or whatever has
// waited MarkDelay.
func (p *pass) commit(outcomes <-chan flashback.Outcome) error {
	var buf []flashback.Outcome
	var errs []error
	timer := time.NewTimer(p.sc.MarkDelay)
	defer timer.Stop()
	flush := func() {
		if len(buf) > 0 {
			errs = append(errs, p.flush(buf))
			buf = buf[:0]
		}
	}
	for {
		select {
		case o, ok := <-outcomes:
			if !ok {
				flush()
				return errors.Join(errs...)
			}
			buf = append(buf, o)
			if len(buf) >= p.sc.MarkBatch {
				flush()
			}
		case <-timer.C:
			flush()
			timer.Reset(p.sc.MarkDelay)
		}
	}
}

// commitNow records one outcome before the worker's next send (MarkBatch 1).
func (p *pass) commitNow(o flashback.Outcome) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.flush([]flashback.Outcome{o}); err != nil {
		p.syncErrs = append(p.syncErrs, err)
	}
}

// flush writes a group of outcomes, trying a few times: a mark that is lost
// turns into a resend once the lease ends.
func (p *pass) flush(buf []flashback.Outcome) error {
	var err error
	for try := range 3 {
		if err = p.sc.Service.Deliveries.CompleteDeliveries(p.work, buf); err == nil {
			break
		}
		time.Sleep(time.Duration(try+1) * 200 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("record %d outcomes: %w", len(buf), err)
	}
	for _, o := range buf {
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
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
