package flashback

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// A Limiter with a Chunk takes a key's tokens from the shared store
// several at a time and hands them out from memory, so that the store is
// written once per chunk rather than once per event.
//
// Every event allowed has still spent a token of the shared bucket: over
// any time from the start, all instances together allow no more than the
// bucket's burst plus what it refilled, and adding instances does not
// multiply that. What moves is when a token is spent. Each instance holds
// at most Chunk+Chunk/4 tokens of a key (MostHeld), taken before they
// are used, so in any one window a key may be allowed up to that many
// events per instance more than the burst and the window's refill, and
// may be refused up to as many events early, while another instance holds
// them.
//
// The next chunk is asked for ahead of need, in the background, when a
// key is down to a quarter of one: a client that keeps to its rate never
// waits for the store, and the reservations of many clients share one
// transaction. Only a key's first event, or one after the key ran out,
// waits for the store.
//
// A reservation asks for a whole chunk: a client seen once is charged
// Chunk tokens rather than one, which the bucket refills within
// Chunk×Every, while a client making a few requests costs one store write
// rather than several. A key's tokens are kept until it has been idle for
// reservedIdle, a bound on memory only: forgetting them only ever refuses
// sooner.

// reservations are the keys a Limiter holds tokens of, by key as the
// caller gave it: they stay in this process's memory and never reach the
// store, which only sees the keyed hash.
// A request for a key already held takes only the read lock: requests of
// different clients never wait for one another, nor for a thread the
// operating system paused while it held the lock.
type reservations struct {
	mu      sync.RWMutex
	keys    map[string]*reserved
	sweptAt atomic.Int64 // UnixNano of the last sweep
}

// reserved is what this process holds of one key.
type reserved struct {
	mu      sync.Mutex
	tokens  int       // taken from the store, not handed out yet
	until   time.Time // the store had none: refused until then without asking
	pending *refill   // a reservation on its way, or nil
	used    atomic.Int64
}

// refill is one reservation on its way from the store; done closes when
// its tokens (or its refusal) are in the key's entry.
type refill struct {
	done chan struct{}
	err  error
}

// maxReserved bounds the keys held in memory (about 200 bytes each):
// past it, a new key asks the store for every event, as without chunks.
const maxReserved = 100_000

// refillAt is how many tokens a key may still hold when the next chunk is
// asked for: enough for the client to go on at its pace while the store
// answers, few enough that an instance holds little more than a chunk.
func (l *Limiter) refillAt() int { return l.Chunk / 4 }

// allowReserved is Allow with a Chunk: from the tokens held when there
// are some, else from the reservation on its way, asked for now if none
// is. A key never has two reservations on their way.
func (l *Limiter) allowReserved(ctx context.Context, key string, msg string) error {
	now := l.now()
	e := l.local.get(key, now)
	if e == nil {
		return Take(ctx, l.Store, msg, l.Key(key))
	}
	for waited := false; ; waited = true {
		if waited {
			now = l.now() // the reservation took its time
		}
		e.used.Store(now.UnixNano())
		e.mu.Lock()
		if e.tokens > 0 {
			e.tokens--
			if e.tokens <= l.refillAt() && e.pending == nil && !now.Before(e.until) {
				e.pending = l.reserve(key, e, true)
			}
			e.mu.Unlock()
			return nil
		}
		if now.Before(e.until) {
			// Nobody else adds to the bucket: asking before until would
			// be refused as well, so a client's flood costs no store
			// writes.
			e.mu.Unlock()
			return &Error{Code: ETOOMANY, Message: msg, RetryAfter: e.until.Sub(now)}
		}
		r := e.pending
		if r == nil {
			r = l.reserve(key, e, false)
			e.pending = r
		}
		e.mu.Unlock()
		select {
		case <-r.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		if r.err != nil {
			return r.err
		}
		// Tokens, a refusal, or others who waited took what it brought
		// and the next reservation is due: the loop tells which.
	}
}

// Wait returns once no reservation of this Limiter is on its way. A
// program calls it after its last Allow and before it closes the store,
// which a reservation left running would use after it closed.
func (l *Limiter) Wait() { l.reserving.Wait() }

// MostHeld is the most tokens of one key this Limiter may hold at once,
// taken from the store before they are handed out: the refillAt still
// held when the next chunk is asked for, plus that chunk.
func (l *Limiter) MostHeld() int {
	if l.Chunk <= 1 {
		return 0
	}
	return l.Chunk + l.refillAt()
}

// reserve asks the store for key's next chunk, in the background: it is
// not any one request's, and a request that leaves does not cancel it.
// The tokens it brings are added to the ones still held. Asked for ahead
// of need, it tells the store it is unhurried.
func (l *Limiter) reserve(key string, e *reserved, ahead bool) *refill {
	r := &refill{done: make(chan struct{})}
	ctx := context.Background()
	if ahead {
		ctx = Unhurried(ctx)
	}
	l.reserving.Add(1)
	go func() {
		defer l.reserving.Done()
		got, wait, err := l.Store.ReserveTokens(ctx, l.Key(key), l.Chunk)
		e.mu.Lock()
		switch {
		case err != nil:
			r.err = err
		case got == 0:
			e.until = l.now().Add(wait)
		default:
			e.tokens += got
		}
		e.pending = nil
		e.mu.Unlock()
		close(r.done)
	}()
	return r
}

// reservedIdle is how long a key may go unused before this process
// forgets it and the tokens it holds.
const reservedIdle = 10 * time.Minute

func (l *Limiter) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

// get returns key's entry, made on first use, or nil when memory holds as
// many keys as it may. Keys idle for reservedIdle are forgotten, in a
// sweep at most once a minute.
func (rs *reservations) get(key string, now time.Time) *reserved {
	sweepDue := now.UnixNano()-rs.sweptAt.Load() >= int64(time.Minute)
	if !sweepDue {
		rs.mu.RLock()
		e := rs.keys[key]
		rs.mu.RUnlock()
		if e != nil {
			return e
		}
	}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if now.UnixNano()-rs.sweptAt.Load() >= int64(time.Minute) {
		rs.sweep(now.Add(-reservedIdle))
		rs.sweptAt.Store(now.UnixNano())
	}
	if e := rs.keys[key]; e != nil {
		return e
	}
	if rs.keys == nil {
		rs.keys = map[string]*reserved{}
	}
	if len(rs.keys) >= maxReserved {
		return nil
	}
	e := &reserved{}
	e.used.Store(now.UnixNano())
	rs.keys[key] = e
	return e
}

// sweep forgets the keys last used before cutoff. A request still holding
// one finishes on it; the tokens it keeps are then lost, which only ever
// refuses sooner.
func (rs *reservations) sweep(cutoff time.Time) {
	c := cutoff.UnixNano()
	for k, e := range rs.keys {
		if e.used.Load() < c {
			delete(rs.keys, k)
		}
	}
}

// held reports how many tokens of key this process holds once any
// reservation on its way has come in, for tests.
func (l *Limiter) held(key string) int {
	l.local.mu.RLock()
	e := l.local.keys[key]
	l.local.mu.RUnlock()
	if e == nil {
		return 0
	}
	e.mu.Lock()
	r := e.pending
	e.mu.Unlock()
	if r != nil {
		<-r.done
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.tokens
}
