package sqlite

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"flashback"
)

// maxLimitBatch bounds how many takes one transaction applies, so that a
// burst of requests never makes one commit, and its callers, wait long.
const maxLimitBatch = 256

// Op states: a queued op may still be abandoned by its caller; once
// claimed by a transaction, its caller waits for that transaction.
const (
	opQueued int32 = iota
	opClaimed
	opAbandoned
)

// limitGather is how long an unhurried op (flashback.Unhurried: a
// reservation asked for ahead of need) may wait for others to share its
// transaction, unless an op someone waits for comes first. A transaction
// costs about 130 µs however few keys it writes, mostly in file locks and
// the commit, and a key about 20 µs: under the API's many clients, a
// transaction per reservation or two took a tenth of the process's CPU.
// A client asks ahead with a quarter of its chunk left, which at the
// API's rate lasts more than a second.
const limitGather = 20 * time.Millisecond

// limitOp is one TakeTokens or GiveTokens call waiting for a transaction.
type limitOp struct {
	keys      []flashback.LimitKey
	decide    func([]flashback.Bucket, time.Time) []flashback.Bucket
	unhurried bool
	queued    time.Time
	state     atomic.Int32
	err       error
	done      chan struct{}
}

// limitQueue groups the calls that arrive while the writer is busy into
// the next single transaction: on one writer connection, a transaction
// per call made concurrent requests queue on its commits.
type limitQueue struct {
	mu      sync.Mutex
	ops     []*limitOp
	running bool
	hurried int           // ops in ops that are not unhurried
	wake    chan struct{} // told when one arrives while a drain gathers
}

// do queues op and waits until a transaction has applied it (or failed),
// or until ctx ends while op is still queued, in which case it is never
// applied.
func (s *LimitStore) do(ctx context.Context, op *limitOp) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("rate limit: %w", err)
	}
	op.done = make(chan struct{})
	op.unhurried = flashback.IsUnhurried(ctx)
	op.queued = time.Now()
	q := &s.queue
	q.mu.Lock()
	q.ops = append(q.ops, op)
	if !op.unhurried {
		q.hurried++
		select {
		case q.wake <- struct{}{}:
		default:
		}
	}
	if !q.running {
		q.running = true
		go s.drain()
	}
	q.mu.Unlock()
	select {
	case <-op.done:
		return op.err
	case <-ctx.Done():
		if op.state.CompareAndSwap(opQueued, opAbandoned) {
			return fmt.Errorf("rate limit: %w", ctx.Err())
		}
		<-op.done // already in a transaction: its outcome is op's
		return op.err
	}
}

// drain runs transactions until the queue is empty. The writer is taken
// before the queue is read, so everything that arrived while it was busy
// goes into this one transaction.
func (s *LimitStore) drain() {
	for {
		// Not a caller's context: the transaction serves many callers,
		// and each may still leave while its op is queued. The statements
		// are prepared before the transaction takes the one writer.
		s.gather()
		perr := s.stmts.prepare(context.Background(), s.db.write)
		tx, err := s.db.beginUnsynced(context.Background())
		ops := s.claim()
		if ops == nil {
			if err == nil {
				_ = tx.Rollback()
			}
			return
		}
		if err == nil && perr != nil {
			_ = tx.Rollback()
			err = perr
		} else if err == nil {
			err = s.applyOps(tx, ops)
		}
		s.transactions.Add(1)
		for _, op := range ops {
			op.err = err
			close(op.done)
		}
	}
}

// gather waits, while only unhurried ops are queued, until the oldest has
// waited limitGather or an op someone waits for arrives.
func (s *LimitStore) gather() {
	q := &s.queue
	q.mu.Lock()
	if q.hurried > 0 || len(q.ops) == 0 {
		q.mu.Unlock()
		return
	}
	wait := s.gatherWait - time.Since(q.ops[0].queued)
	if q.wake == nil {
		q.wake = make(chan struct{}, 1)
	}
	select { // a wake-up from before this gather is stale
	case <-q.wake:
	default:
	}
	wake := q.wake
	q.mu.Unlock()
	if wait <= 0 {
		return
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
	case <-wake:
	}
}

// claim takes up to maxLimitBatch queued ops that their callers still
// wait for, in arrival order. With none left it returns nil and marks the
// queue idle, so the next call starts a new drain.
func (s *LimitStore) claim() []*limitOp {
	q := &s.queue
	q.mu.Lock()
	defer q.mu.Unlock()
	var ops []*limitOp
	n := 0
	for ; n < len(q.ops) && len(ops) < maxLimitBatch; n++ {
		op := q.ops[n]
		if !op.unhurried {
			q.hurried--
		}
		if op.state.CompareAndSwap(opQueued, opClaimed) {
			ops = append(ops, op)
		}
	}
	q.ops = q.ops[n:]
	if len(q.ops) == 0 {
		q.ops = nil // let the backing array go
	}
	if ops == nil && len(q.ops) == 0 {
		q.running = false
	}
	return ops
}

// forgetEvery is how often, at most, a batch also deletes refilled
// buckets: once a second keeps the table small without a delete in every
// transaction.
const forgetEvery = time.Second

// applyOps applies ops in order in tx and commits: each decides on the
// buckets as the ops before it left them, and each key is written once,
// with its final state. Every key of the batch is read up front and the
// dirty ones written together, a few statements for the whole batch: run
// key by key, the statements' own overhead was most of a reservation's
// cost.
func (s *LimitStore) applyOps(tx *Tx, ops []*limitOp) error {
	defer tx.Rollback()
	ctx := context.Background()
	seen := map[string]*limitEntry{}
	var order []*limitEntry
	for _, op := range ops {
		for _, k := range op.keys {
			if seen[string(k.Key)] == nil {
				e := &limitEntry{key: k}
				seen[string(k.Key)] = e
				order = append(order, e)
			}
		}
	}
	if err := s.stmts.readBuckets(ctx, tx, order, seen); err != nil {
		return err
	}
	var entries []*limitEntry
	var buckets []flashback.Bucket
	for _, op := range ops {
		entries, buckets = entries[:0], buckets[:0]
		for _, k := range op.keys {
			e := seen[string(k.Key)]
			entries, buckets = append(entries, e), append(buckets, e.bucket)
		}
		after := op.decide(buckets, tx.now)
		for i, e := range entries {
			if after == nil {
				break
			}
			e.key, e.bucket, e.dirty = op.keys[i], after[i], true
		}
	}
	dirty := order[:0]
	for _, e := range order {
		if e.dirty {
			dirty = append(dirty, e)
		}
	}
	if err := s.stmts.writeBuckets(ctx, tx, dirty); err != nil {
		return err
	}
	if tx.now.Sub(s.forgotAt) >= forgetEvery || tx.now.Before(s.forgotAt) {
		if err := forgetFullBuckets(ctx, tx, s.stmts.forget); err != nil {
			return err
		}
		s.forgotAt = tx.now
	}
	return tx.Commit()
}
