package newsletter

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"flashback"
)

// Scheduler delivers due digests. A pass claims batches of due digests from
// the ledger, a bounded pool of workers renders and sends them, and the
// outcomes go to the outcome journal (Journal), one write per group that
// arrived meanwhile, and from there to the ledger in large groups.
//
// What a crash can cost: a digest is claimed (ledger row 'sending', with
// a lease and its owner, this Instance) before it is sent, and marked
// 'sent' after the server's 250. Nothing is lost: a claim that a crash
// leaves unsent is sent by the next pass that may take it over, which a
// restart of the same Instance ID may do at once (see
// flashback.ClaimFreeAt). A digest is repeated when the server accepted it
// but its outcome was not yet recorded; the repeat carries the same
// Message-ID, so mailboxes that collapse duplicates show it once.
//
// After a crash of the process, that is at most one digest per connection
// of the mail pool: each message's end of data waits until the previous
// message on its connection is recorded (mail.Receipt), in the journal,
// which every pass replays into the ledger before it claims. The body is
// already on the wire while the journal is written. Without a Journal,
// recording means the ledger's commit (group commit), with the same bound
// and less throughput.
//
// A power loss or OS crash may also undo what was not yet synced to disk:
// the journal (never synced) and the unsynced ledger commits
// (sqlite.SyncEvery). Such a crash repeats, with the same Message-ID, up
// to SyncEvery digests plus those whose outcomes were only in the journal:
// normally the last ApplyEvery of sends, at most what the queues before
// the ledger hold when it lags (MarkBatch outcomes and MarkBatch groups
// of them, the groups being as large as what arrives during one append).
// Nothing is lost then either.
//
// The outbox has no connections: there, each worker may repeat one.
//
// A claim may wait in the queue while others are sent, so just before its
// send a worker checks two things again: that the claim's lease outlasts
// SendTimeout and the instance's heartbeat is fresh (else another worker or
// instance may take the claim over, and it is handed back unsent), and
// that the subscriber is still confirmed and not suppressed (else the
// digest is recorded as skipped; see DeliveryStore.Sendable for which
// changes the check sees). The next batch is claimed while the
// workers send the last one, so a claim waits behind at most two; batches
// far smaller than what a lease lets the workers send keep that wait short
// (DefaultBatch).
type Scheduler struct {
	Service *Service
	// Instance owns the claims; its ID must stay the same across restarts
	// for a restart to take its dead claims back at once, and must not be
	// shared by two running processes. Zero: a new ID for each Run or
	// RunOnce, whose claims others take over once its heartbeat stops.
	Instance flashback.Instance
	Workers  int           // concurrent sends; default 8
	Batch    int           // subscribers examined per claim; default DefaultBatch
	Lease    time.Duration // exclusive claim; default 10 min
	Cutoff   time.Duration // later than wake-up + Cutoff is skipped; default 12 h
	// Interval is Run's tick; default one minute.
	Interval time.Duration
	// RetryAfter is how soon Run tries again after a failed pass or
	// registration, doubling while failures repeat, up to Interval;
	// default 5 s. A failed pass may leave digests due that no other pass
	// will take before its own tick: the claims a restart freed, when the
	// journal a killed run held could not be opened yet, wait for the
	// restart.
	RetryAfter time.Duration
	// Journal, when set, records outcomes before the ledger does, so that
	// a send need not wait for a ledger transaction; see above.
	Journal flashback.OutcomeJournal
	// MarkBatch is the most outcomes committed in one ledger transaction;
	// default 256.
	MarkBatch int
	// ApplyEvery is how long journaled outcomes may wait for company
	// before they are applied to the ledger; default 25 ms.
	ApplyEvery time.Duration
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
	Expired  int // claims handed back unsent: they could be taken over mid-send
	// TakenOver counts claims (among Claimed) taken from a dead owner
	// before their lease ended, as after a crash and restart.
	TakenOver int
	Elapsed   time.Duration
}

func (p PassStats) String() string {
	return fmt.Sprintf("claimed=%d sent=%d retried=%d failed=%d skipped=%d released=%d expired=%d taken-over=%d in %v",
		p.Claimed, p.Sent, p.Retried, p.Failed, p.Skipped, p.Released, p.Expired, p.TakenOver, p.Elapsed.Round(time.Millisecond))
}

// DefaultBatch is how many due subscribers a claim examines unless
// Scheduler.Batch says otherwise. A claim is one transaction of several
// round trips whatever its size (a pass claims one batch ahead, so the
// workers wait for a claim only when it takes longer than sending a
// batch): on PostgreSQL, claims of 16 (two a worker, the default before)
// cost the database about half as much CPU again per digest as claims of
// 256 did, and on SQLite the pass sent 4,000-4,150 digests a second
// against 4,600-4,850 (docs/performance.md). 256 is still short beside the
// lease: at one send a second per worker, the last of two batches waits
// about a minute for its turn, a tenth of the lease.
const DefaultBatch = 256

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
	def(&sc.Batch, DefaultBatch)
	def(&sc.MarkBatch, 256)
	defD(&sc.Lease, 10*time.Minute)
	defD(&sc.Cutoff, 12*time.Hour)
	defD(&sc.Interval, time.Minute)
	defD(&sc.RetryAfter, 5*time.Second)
	defD(&sc.ApplyEvery, 25*time.Millisecond)
	defD(&sc.SendTimeout, 2*time.Minute)
	if sc.SendTimeout >= sc.Lease {
		sc.SendTimeout = sc.Lease / 2
	}
	if sc.Backoff == nil {
		sc.Backoff = defaultBackoff
	}
	if sc.Instance.IsZero() {
		sc.Instance = flashback.Instance{ID: "pass-" + rand.Text()[:12], StartedAt: sc.Service.Clock()}
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

// Run runs a pass now and then every Interval until ctx is done, with the
// instance's heartbeat going meanwhile; a pass that found work is followed
// by another at once, and a failed one by another within RetryAfter. A pass in progress when ctx ends
// finishes the sends in flight, records them and hands back what it had
// claimed but not sent.
func (sc Scheduler) Run(ctx context.Context) error {
	sc = sc.withDefaults()
	w := &runWait{tick: time.NewTicker(sc.Interval), first: sc.RetryAfter, max: sc.Interval}
	defer w.tick.Stop()
	b, err := startBeat(ctx, sc.Service, sc.Instance)
	for err != nil {
		// No pass may claim before the instance is on record.
		sc.Service.Logger.Error("newsletter: delivery", "err", err)
		if !w.next(ctx, err) {
			return nil
		}
		b, err = startBeat(ctx, sc.Service, sc.Instance)
	}
	defer b.stop()
	w.failures = 0
	for {
		stats, err := sc.pass(ctx, b)
		sc.observe(stats, err)
		log := sc.Service.Logger
		switch {
		case err != nil:
			log.Error("newsletter: delivery pass", "err", err, "stats", stats.String())
		case stats.Claimed+stats.Skipped > 0:
			log.Info("newsletter: delivery pass", "stats", stats.String())
		}
		// A pass that got work done may leave some due behind it, which
		// no other pass need take before its own tick: claims handed back
		// as it ended, claims a restart freed after its last look. The
		// next pass comes at once, until one gets nothing done (not one
		// that only handed its claims back: its heartbeat is stale, and
		// it would hand them back again).
		if err == nil && stats.Sent+stats.Failed+stats.Retried+stats.Skipped > 0 && ctx.Err() == nil {
			continue
		}
		if !w.next(ctx, err) {
			return nil
		}
	}
}

// runWait is Run's wait between two tries: until the next tick, or after a
// failure until a retry that comes sooner, first after first and twice as
// late for each failure in a row, never later than max.
type runWait struct {
	tick       *time.Ticker
	first, max time.Duration
	failures   int
}

// next waits after a try that ended with err; false when ctx ended.
func (w *runWait) next(ctx context.Context, err error) bool {
	var retry <-chan time.Time
	if err == nil {
		w.failures = 0
	} else {
		d := w.first
		for i := 0; i < w.failures && d < w.max; i++ {
			d *= 2
		}
		w.failures++
		t := time.NewTimer(min(d, w.max))
		defer t.Stop()
		retry = t.C
	}
	select {
	case <-ctx.Done():
		return false
	case <-w.tick.C:
	case <-retry:
	}
	return true
}

// RunOnce delivers every digest due now and returns when they are all sent
// and recorded (or handed back because ctx ended).
func (sc Scheduler) RunOnce(ctx context.Context) (PassStats, error) {
	sc = sc.withDefaults()
	b, err := startBeat(ctx, sc.Service, sc.Instance)
	if err != nil {
		sc.observe(PassStats{}, err)
		return PassStats{}, err
	}
	defer b.stop()
	stats, err := sc.pass(ctx, b)
	sc.observe(stats, err)
	return stats, err
}

func (sc Scheduler) observe(stats PassStats, err error) {
	if sc.Observer != nil {
		sc.Observer.ObservePass(stats, err)
	}
}
