package flashback

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"math"
	"net/netip"
	"sync"
	"time"
)

// Rate is the shape of a token bucket: Burst events at once, then one more
// every Every.
type Rate struct {
	Burst int
	Every time.Duration
}

// Bucket is what a store keeps of one key: the tokens it had at At. The
// zero Bucket is a key never seen, which starts full.
type Bucket struct {
	Tokens float64
	At     time.Time
}

// tokens returns how many tokens b holds at now. A clock that went back
// (another instance's, a little behind) refills nothing rather than
// draining the bucket.
func (r Rate) tokens(b Bucket, now time.Time) float64 {
	if b.At.IsZero() {
		return float64(r.Burst)
	}
	elapsed := max(now.Sub(b.At), 0)
	return min(float64(r.Burst), b.Tokens+float64(elapsed)/float64(r.Every))
}

// Take decides one event on bucket b at now: whether it may go ahead, the
// bucket afterwards, and if not, how long until it may. It is the whole
// policy; stores only read the bucket, apply this and write the result.
func (r Rate) Take(b Bucket, now time.Time) (after Bucket, ok bool, wait time.Duration) {
	t := r.tokens(b, now)
	if t < 1 {
		return Bucket{Tokens: t, At: now}, false, r.wait(t)
	}
	return Bucket{Tokens: t - 1, At: now}, true, 0
}

// TakeUpTo takes as many whole tokens as b holds at now, n at most, for a
// process that hands them out itself (see Limiter.Chunk). With none there,
// got is 0, nothing changes and wait is how long until one is.
func (r Rate) TakeUpTo(b Bucket, now time.Time, n int) (after Bucket, got int, wait time.Duration) {
	t := r.tokens(b, now)
	if t < 1 {
		return Bucket{Tokens: t, At: now}, 0, r.wait(t)
	}
	got = min(n, int(t))
	return Bucket{Tokens: t - float64(got), At: now}, got, 0
}

// Give returns one token to b, up to the burst.
func (r Rate) Give(b Bucket, now time.Time) Bucket {
	return Bucket{Tokens: min(float64(r.Burst), r.tokens(b, now)+1), At: now}
}

// FullAt is when b will have refilled completely: from then on it behaves
// as a key never seen, so a store may forget it.
func (r Rate) FullAt(b Bucket) time.Time {
	missing := float64(r.Burst) - b.Tokens
	return b.At.Add(time.Duration(math.Ceil(max(missing, 0) * float64(r.Every))))
}

func (r Rate) wait(t float64) time.Duration {
	return time.Duration(math.Ceil((1 - t) * float64(r.Every)))
}

// TakeAll decides one event that needs a token from each bucket: all are
// taken, or, when any bucket is empty, none is and wait is the longest wait
// among the empty ones.
func TakeAll(keys []LimitKey, buckets []Bucket, now time.Time) (after []Bucket, ok bool, wait time.Duration) {
	after = make([]Bucket, len(buckets))
	ok = true
	for i, k := range keys {
		var allowed bool
		var w time.Duration
		after[i], allowed, w = k.Rate.Take(buckets[i], now)
		if !allowed {
			ok, wait = false, max(wait, w)
		}
	}
	if !ok {
		return nil, false, wait
	}
	return after, true, 0
}

// Reserve decides a ReserveTokens call on key's bucket, b[0], for stores
// that read buckets, apply a decision and write what it returns: after is
// nil when nothing was taken.
func Reserve(key LimitKey, n int, b []Bucket, now time.Time) (after []Bucket, got int, wait time.Duration) {
	a, got, wait := key.Rate.TakeUpTo(b[0], now, n)
	if got == 0 {
		return nil, 0, wait
	}
	return []Bucket{a}, got, 0
}

// GiveAll returns a token to each bucket.
func GiveAll(keys []LimitKey, buckets []Bucket, now time.Time) []Bucket {
	after := make([]Bucket, len(buckets))
	for i, k := range keys {
		after[i] = k.Rate.Give(buckets[i], now)
	}
	return after
}

// Valid reports whether r can ever allow an event.
func (r Rate) Valid() bool { return r.Burst > 0 && r.Every > 0 }

// LimitKey names one bucket and its rate. Key is opaque to the store; the
// Limiter makes it a keyed hash so that no address or e-mail is stored.
type LimitKey struct {
	Key  []byte
	Rate Rate
}

// LimitStore keeps rate-limit buckets where every instance of the site and
// every restart see the same counts.
type LimitStore interface {
	// TakeTokens takes one token from each bucket if every one has one,
	// and none otherwise: a refused request costs nothing. When refused,
	// wait is how long until all of them would allow it.
	TakeTokens(ctx context.Context, keys ...LimitKey) (ok bool, wait time.Duration, err error)
	// GiveTokens returns one token to each bucket (a sign-in that
	// succeeded, say, should not count as a failure).
	GiveTokens(ctx context.Context, keys ...LimitKey) error
	// ReserveTokens takes up to n tokens of key's bucket at once, as many
	// whole ones as it holds (Rate.TakeUpTo), for a Limiter that hands
	// them out from memory. With none there, got is 0 and wait is how
	// long until one is.
	ReserveTokens(ctx context.Context, key LimitKey, n int) (got int, wait time.Duration, err error)
}

type unhurriedKey struct{}

// Unhurried marks ctx for a store call that no request waits for, such as
// a reservation asked for ahead of need: a store may hold it back a few
// milliseconds so that others share its write.
func Unhurried(ctx context.Context) context.Context {
	return context.WithValue(ctx, unhurriedKey{}, true)
}

// IsUnhurried reports whether ctx was marked by Unhurried.
func IsUnhurried(ctx context.Context) bool {
	v, _ := ctx.Value(unhurriedKey{}).(bool)
	return v
}

// Limiter applies one named rate to keys (client addresses, accounts) over
// a LimitStore. Keys reach the store only as HMACs under Secret, so the
// table of limits holds no address or e-mail.
type Limiter struct {
	Store  LimitStore
	Secret []byte
	Name   string // tells this limiter's buckets from another's
	Rate   Rate
	// Chunk, above 1, lets this process take a key's tokens from the
	// store up to Chunk at a time and hand them out from memory, so that
	// a store write serves many requests (see limit_local.go for the
	// bound this keeps). 0 or 1 asks the store on every event.
	Chunk int
	// Now is the clock of the tokens held in memory; nil is the system's.
	Now Clock

	local     reservations
	reserving sync.WaitGroup // reservations on their way (see Wait)
}

// Key returns the bucket of key under this limiter.
func (l *Limiter) Key(key string) LimitKey {
	m := hmac.New(sha256.New, l.Secret)
	m.Write([]byte(l.Name))
	m.Write([]byte{0})
	m.Write([]byte(key))
	return LimitKey{Key: m.Sum(nil), Rate: l.Rate}
}

// Allow counts one event for key, or returns ETOOMANY, with the wait, when
// key has used up its allowance.
func (l *Limiter) Allow(ctx context.Context, key string, msg string) error {
	if l.Chunk > 1 {
		return l.allowReserved(ctx, key, msg)
	}
	return Take(ctx, l.Store, msg, l.Key(key))
}

// Give returns to key the event Allow counted, for an event that turned
// out not to count (it was refused further on, say). A limiter handing
// out reserved tokens (Chunk above 1) keeps them: they are few.
func (l *Limiter) Give(ctx context.Context, key string) error {
	if l.Chunk > 1 {
		return nil
	}
	return l.Store.GiveTokens(ctx, l.Key(key))
}

// Take takes a token from every bucket of keys, all or none, turning a
// refusal into ETOOMANY with msg and the wait.
func Take(ctx context.Context, store LimitStore, msg string, keys ...LimitKey) error {
	ok, wait, err := store.TakeTokens(ctx, keys...)
	if err != nil {
		return err
	}
	if !ok {
		return &Error{Code: ETOOMANY, Message: msg, RetryAfter: wait}
	}
	return nil
}

// ClientKey is the key under which a client address is limited: the
// address itself for IPv4, its /64 for IPv6, since one host or household
// is usually given a whole /64 and could otherwise rotate through it.
// Anything that is not an address is returned as it is.
func ClientKey(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	if a.Is4() {
		return addr // netip parses only the canonical form: a.String() would be a copy
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, _ := a.WithZone("").Prefix(64)
	return p.String()
}
