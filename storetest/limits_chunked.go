package storetest

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"flashback"
)

// testLimitReserve takes several tokens at once: as many as asked when
// the bucket has them, what is left when it has fewer, none when empty.
func testLimitReserve(t *testing.T, st LimitStores) {
	st.SetNow(limT0)
	k := limitKey("reserve", 10, time.Minute)
	steps := []struct {
		name string
		n    int
		got  int
	}{{"AsAsked", 4, 4}, {"AsAskedAgain", 4, 4}, {"WhatIsLeft", 4, 2}, {"NoneLeft", 4, 0}}
	for _, s := range steps {
		got, wait, err := st.Limits.ReserveTokens(context.Background(), k, s.n)
		if err != nil {
			t.Fatal(err)
		}
		if got != s.got || (got == 0) != (wait > 0) {
			t.Fatalf("%s: ReserveTokens(%d) = %d, wait %v; want %d", s.name, s.n, got, wait, s.got)
		}
	}
	// The reservations spent the same bucket single takes use.
	mustTake(t, st, false, k)
}

// Chunked limiters: chunkInstances processes share one store, each
// holding up to Limiter.MostHeld tokens of a key ahead.
const (
	chunkInstances = 3
	chunkSize      = 4
	chunkBurst     = 20
)

var chunkSlack = chunkInstances * (&flashback.Limiter{Chunk: chunkSize}).MostHeld()

// chunkedLimiters are the instances, on the store's clock.
func chunkedLimiters(st LimitStores, now *atomic.Pointer[time.Time]) []*flashback.Limiter {
	st.SetNow(*now.Load())
	out := make([]*flashback.Limiter, chunkInstances)
	for i := range out {
		out[i] = &flashback.Limiter{Store: st.Limits, Secret: []byte("s"), Name: "api",
			Rate: flashback.Rate{Burst: chunkBurst, Every: time.Hour}, Chunk: chunkSize,
			Now: func() time.Time { return *now.Load() }}
	}
	return out
}

// allowN asks each instance in turn, n times in all, and counts the
// events allowed.
func allowN(t *testing.T, ls []*flashback.Limiter, key string, n int) int {
	t.Helper()
	allowed := 0
	for i := range n {
		switch err := ls[i%len(ls)].Allow(context.Background(), key, "slow down"); {
		case err == nil:
			allowed++
		case flashback.ErrorCode(err) != flashback.ETOOMANY:
			t.Fatal(err)
		}
	}
	return allowed
}

func clockAt(t time.Time) *atomic.Pointer[time.Time] {
	var p atomic.Pointer[time.Time]
	p.Store(&t)
	return &p
}

// testChunkedBurst: instances sharing a store allow no more than the
// burst between them, and no fewer than the burst less what they hold.
func testChunkedBurst(t *testing.T, st LimitStores) {
	ls := chunkedLimiters(st, clockAt(limT0))
	got := allowN(t, ls, "192.0.2.1", 10*chunkBurst)
	if got > chunkBurst || got < chunkBurst-chunkSlack {
		t.Errorf("%d allowed, want %d at most and at least %d", got, chunkBurst, chunkBurst-chunkSlack)
	}
	// Each instance's refusal is kept until the bucket can have a token,
	// and tells the client that wait.
	err := ls[0].Allow(context.Background(), "192.0.2.1", "slow down")
	var e *flashback.Error
	if !errors.As(err, &e) || e.Code != flashback.ETOOMANY || e.RetryAfter <= 0 || e.RetryAfter > time.Hour {
		t.Errorf("after the burst: %v, want ETOOMANY with a wait of up to an hour", err)
	}
}

// testChunkedConcurrent: the same bound with every instance asked from
// many goroutines at once.
func testChunkedConcurrent(t *testing.T, st LimitStores) {
	ls := chunkedLimiters(st, clockAt(limT0))
	var allowed atomic.Int32
	var wg sync.WaitGroup
	for g := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				err := ls[g%len(ls)].Allow(context.Background(), "192.0.2.2", "slow down")
				if err == nil {
					allowed.Add(1)
				} else if flashback.ErrorCode(err) != flashback.ETOOMANY {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if n := int(allowed.Load()); n > chunkBurst || n < chunkBurst-chunkSlack {
		t.Errorf("%d of 150 concurrent events allowed, want %d at most and at least %d", n, chunkBurst, chunkBurst-chunkSlack)
	}
}

// testChunkedWindow: after the burst is spent, a window allows what the
// bucket refilled in it plus at most what the instances held from before;
// over the whole time, never more than the burst and the refill.
func testChunkedWindow(t *testing.T, st LimitStores) {
	now := clockAt(limT0)
	ls := chunkedLimiters(st, now)
	const key = "192.0.2.3"
	total := allowN(t, ls, key, 10*chunkBurst)
	for hour := range 3 {
		const refill = 6
		next := limT0.Add(time.Duration((hour+1)*refill) * time.Hour)
		now.Store(&next)
		st.SetNow(next)
		got := allowN(t, ls, key, 10*chunkBurst)
		if got > refill+chunkSlack {
			t.Errorf("window %d: %d allowed, want at most the %d refilled and %d held", hour, got, refill, chunkSlack)
		}
		total += got
		if limit := chunkBurst + (hour+1)*refill; total > limit {
			t.Fatalf("after window %d: %d allowed in all, want at most %d", hour, total, limit)
		}
	}
	if total < chunkBurst+3*6-chunkSlack {
		t.Errorf("%d allowed in all: the instances held back more than they may", total)
	}
}
