package auth

import (
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter allows each key (a client address, an account) a burst of
// events and then a steady rate. It remembers at most MaxKeys keys,
// forgetting idle ones first, so a flood of addresses cannot exhaust memory.
type Limiter struct {
	Every   time.Duration // one event regained per Every
	Burst   int
	MaxKeys int // default 10000
	Now     func() time.Time

	mu   sync.Mutex
	keys map[string]*limiterEntry
}

type limiterEntry struct {
	lim  *rate.Limiter
	seen time.Time
}

// NewLimiter returns a Limiter of burst events, then one per every.
func NewLimiter(every time.Duration, burst int) *Limiter {
	return &Limiter{Every: every, Burst: burst}
}

// Allow reports whether key may act now, and counts the event if so.
func (l *Limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	e := l.entry(key, now)
	e.seen = now
	return e.lim.AllowN(now, 1)
}

// Blocked reports whether key has used up its allowance, without counting
// an event. With Fail it limits failures only: a login that succeeds costs
// nothing.
func (l *Limiter) Blocked(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	e, ok := l.keys[key]
	return ok && e.lim.TokensAt(now) < 1
}

// Fail counts one event against key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	e := l.entry(key, now)
	e.seen = now
	e.lim.AllowN(now, 1)
}

func (l *Limiter) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

func (l *Limiter) entry(key string, now time.Time) *limiterEntry {
	if l.keys == nil {
		l.keys = map[string]*limiterEntry{}
	}
	if e, ok := l.keys[key]; ok {
		return e
	}
	max := l.MaxKeys
	if max <= 0 {
		max = 10000
	}
	if len(l.keys) >= max {
		l.evict(now)
	}
	e := &limiterEntry{lim: rate.NewLimiter(rate.Every(l.Every), l.Burst)}
	e.lim.AllowN(now, 0) // start the bucket full at now, not at the zero time
	l.keys[key] = e
	return e
}

// evict drops keys whose buckets have refilled (they would behave as new),
// and if none has, the least recently seen.
func (l *Limiter) evict(now time.Time) {
	full := l.Every * time.Duration(l.Burst)
	var oldestKey string
	var oldest time.Time
	for k, e := range l.keys {
		if now.Sub(e.seen) >= full {
			delete(l.keys, k)
			continue
		}
		if oldestKey == "" || e.seen.Before(oldest) {
			oldestKey, oldest = k, e.seen
		}
	}
	if len(l.keys) >= max(l.MaxKeys, 1) && oldestKey != "" {
		delete(l.keys, oldestKey)
	}
}

// ClientIP is the address of the client that sent r: the connection's
// peer. Forwarding headers are not trusted, since anyone can send them; a
// deployment behind a proxy must make the proxy set RemoteAddr.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
