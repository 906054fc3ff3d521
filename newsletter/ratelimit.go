package newsletter

import (
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"flashback"
)

// IPLimit is how many sign-ups one client address may make: Burst at once,
// then one per Every.
type IPLimit struct {
	Burst int
	Every time.Duration
}

// IPLimiter limits sign-ups per client address, in memory. It complements
// the per-address limit kept in the database: that one protects each inbox
// across instances and restarts, this one slows down a single client trying
// many addresses. IPv6 clients are grouped by /64, the block one host
// usually holds.
type IPLimiter struct {
	limit IPLimit
	clock flashback.Clock
	mu    sync.Mutex
	seen  map[netip.Prefix]*ipEntry
}

type ipEntry struct {
	lim  *rate.Limiter
	last time.Time
}

// maxTracked bounds the memory the limiter uses; idle entries are dropped
// when it is reached.
const maxTracked = 50_000

// NewIPLimiter returns a limiter; zero fields default to a burst of 5 and
// one more sign-up every 6 minutes (10 an hour).
func NewIPLimiter(l IPLimit, clock flashback.Clock) *IPLimiter {
	if l.Burst <= 0 {
		l.Burst = 5
	}
	if l.Every <= 0 {
		l.Every = 6 * time.Minute
	}
	if clock == nil {
		clock = flashback.SystemClock
	}
	return &IPLimiter{limit: l, clock: clock, seen: map[netip.Prefix]*ipEntry{}}
}

// Allow reports whether a sign-up from ip may go ahead, and counts it.
// An address that does not parse shares one bucket with all others like it.
func (l *IPLimiter) Allow(ip string) bool {
	key := ipKey(ip)
	now := l.clock()
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.seen[key]
	if e == nil {
		if len(l.seen) >= maxTracked {
			l.prune(now)
		}
		e = &ipEntry{lim: rate.NewLimiter(rate.Every(l.limit.Every), l.limit.Burst)}
		l.seen[key] = e
	}
	e.last = now
	return e.lim.AllowN(now, 1)
}

// prune drops entries idle long enough to have refilled completely.
func (l *IPLimiter) prune(now time.Time) {
	full := l.limit.Every * time.Duration(l.limit.Burst)
	for k, e := range l.seen {
		if now.Sub(e.last) > full {
			delete(l.seen, k)
		}
	}
}

func ipKey(s string) netip.Prefix {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}
	}
	a = a.Unmap()
	bits := 32
	if a.Is6() {
		bits = 64
	}
	p, _ := a.Prefix(bits)
	return p
}
