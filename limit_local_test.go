package flashback

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

func TestRateTakeUpTo(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	r := Rate{Burst: 10, Every: time.Minute}
	tests := []struct {
		name     string
		b        Bucket
		n        int
		got      int
		tokens   float64
		wantWait time.Duration
	}{
		{"NewKeyGivesWhatIsAsked", Bucket{}, 4, 4, 6, 0},
		{"FewerThanAsked", Bucket{Tokens: 2.5, At: t0}, 4, 2, 0.5, 0},
		{"WholeTokensOnly", Bucket{Tokens: 0.5, At: t0}, 4, 0, 0.5, 30 * time.Second},
		{"NeverAboveBurst", Bucket{}, 50, 10, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after, got, wait := r.TakeUpTo(tt.b, t0, tt.n)
			if got != tt.got || wait != tt.wantWait || after.Tokens != tt.tokens {
				t.Errorf("TakeUpTo = %+v, %d, %v; want tokens %v, %d, %v", after, got, wait, tt.tokens, tt.got, tt.wantWait)
			}
		})
	}
}

// countingStore is a LimitStore in memory that counts the calls made to
// it: how often a chunked Limiter goes to the store is what it is for.
// The stores' own behaviour is the conformance suite's (storetest).
type countingStore struct {
	mu       sync.Mutex
	now      time.Time
	buckets  map[string]Bucket
	reserves []int // the n of each ReserveTokens
	takes    int
	// gate, when set, holds every ReserveTokens until it is closed or
	// sent to; fail makes them fail.
	gate chan struct{}
	fail error
}

func (s *countingStore) TakeTokens(_ context.Context, keys ...LimitKey) (bool, time.Duration, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.takes++
	b := s.buckets[string(keys[0].Key)]
	after, ok, wait := keys[0].Rate.Take(b, s.now)
	if ok {
		s.buckets[string(keys[0].Key)] = after
	}
	return ok, wait, nil
}

func (s *countingStore) GiveTokens(context.Context, ...LimitKey) error { return nil }

func (s *countingStore) ReserveTokens(_ context.Context, key LimitKey, n int) (int, time.Duration, error) {
	s.mu.Lock()
	s.reserves = append(s.reserves, n)
	gate := s.gate
	s.mu.Unlock()
	if gate != nil {
		<-gate
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return 0, 0, s.fail
	}
	after, got, wait := key.Rate.TakeUpTo(s.buckets[string(key.Key)], s.now, n)
	if got > 0 {
		s.buckets[string(key.Key)] = after
	}
	return got, wait, nil
}

func newChunked(chunk int, rate Rate) (*Limiter, *countingStore, *time.Time) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	st := &countingStore{now: now, buckets: map[string]Bucket{}}
	l := &Limiter{Store: st, Secret: []byte("s"), Name: "api", Rate: rate, Chunk: chunk, Now: func() time.Time { return now }}
	return l, st, &now
}

func allow(t *testing.T, l *Limiter, key string, n int) (allowed int) {
	t.Helper()
	for range n {
		switch err := l.Allow(context.Background(), key, "slow down"); {
		case err == nil:
			allowed++
		case ErrorCode(err) != ETOOMANY:
			t.Fatal(err)
		}
	}
	return allowed
}

func TestChunkedLimiter(t *testing.T) {
	t.Run("ReservesAChunkAtATime", func(t *testing.T) {
		l, st, _ := newChunked(8, Rate{Burst: 1000, Every: time.Second})
		if got := allow(t, l, "a", 20); got != 20 {
			t.Fatalf("%d of 20 allowed", got)
		}
		if want := []int{8, 8, 8}; !slices.Equal(st.reserves, want) {
			t.Errorf("reservations %v, want %v", st.reserves, want)
		}
		if held := l.held("a"); held != 4 {
			t.Errorf("%d tokens held, want the 4 of the last chunk left", held)
		}
	})
	t.Run("RefusalIsKeptWithoutAskingAgain", func(t *testing.T) {
		l, st, _ := newChunked(8, Rate{Burst: 5, Every: time.Minute})
		if got := allow(t, l, "a", 100); got != 5 {
			t.Errorf("%d allowed, want the burst of 5", got)
		}
		if len(st.reserves) > 2 {
			t.Errorf("%d reservations for 100 events: refusals went to the store", len(st.reserves))
		}
	})
	t.Run("IdleKeysAreForgotten", func(t *testing.T) {
		l, _, now := newChunked(8, Rate{Burst: 100, Every: time.Second})
		allow(t, l, "a", 10)
		*now = now.Add(reservedIdle + time.Second)
		allow(t, l, "b", 1)
		if held := l.held("a"); held != 0 {
			t.Errorf("%d tokens of an idle key still held", held)
		}
	})
	t.Run("FullMemoryAsksTheStore", func(t *testing.T) {
		l, st, now := newChunked(8, Rate{Burst: 100, Every: time.Second})
		l.local.keys = map[string]*reserved{}
		l.local.sweptAt.Store(now.UnixNano())
		for i := range maxReserved {
			e := &reserved{}
			e.used.Store(now.UnixNano())
			l.local.keys[strconv.Itoa(i)] = e
		}
		allow(t, l, "new", 3)
		if st.takes != 3 {
			t.Errorf("%d single takes for a key past the bound, want 3", st.takes)
		}
	})
	t.Run("AsksAheadOfNeed", func(t *testing.T) {
		l, st, _ := newChunked(8, Rate{Burst: 1000, Every: time.Second})
		allow(t, l, "a", 1)
		st.mu.Lock()
		st.gate = make(chan struct{})
		st.mu.Unlock()
		// Down to refillAt (2) the next chunk is asked for; the last two
		// tokens are handed out while the store has not answered: with
		// the gate shut, waiting for it would fail the deadline.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for i := range 7 {
			if err := l.Allow(ctx, "a", "slow down"); err != nil {
				t.Fatalf("event %d of the first chunk: %v", i+2, err)
			}
		}
		close(st.gate)
		if held := l.held("a"); held != 8 {
			t.Errorf("%d tokens held, want the next chunk of 8", held)
		}
		if want := []int{8, 8}; !slices.Equal(st.reserves, want) {
			t.Errorf("reservations %v, want %v", st.reserves, want)
		}
	})
	t.Run("WaitersShareOneReservation", func(t *testing.T) {
		l, st, _ := newChunked(8, Rate{Burst: 1000, Every: time.Second})
		st.gate = make(chan struct{})
		var wg sync.WaitGroup
		errs := make(chan error, 6)
		for range 6 {
			wg.Go(func() { errs <- l.Allow(context.Background(), "a", "slow down") })
		}
		for { // every caller has found the reservation on its way
			st.mu.Lock()
			n := len(st.reserves)
			st.mu.Unlock()
			if n > 0 {
				break
			}
			time.Sleep(time.Millisecond)
		}
		time.Sleep(20 * time.Millisecond)
		close(st.gate)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		// 6 of the first chunk's 8 handed out leaves 2, refillAt: the
		// second reservation is the one asked for ahead.
		if held := l.held("a"); held != 10 {
			t.Errorf("%d tokens held, want 2 and the chunk asked for ahead", held)
		}
		if want := []int{8, 8}; !slices.Equal(st.reserves, want) {
			t.Errorf("reservations %v, want one shared by the six callers, then one ahead", st.reserves)
		}
	})
	t.Run("StoreFailureReachesTheWaiters", func(t *testing.T) {
		l, st, _ := newChunked(8, Rate{Burst: 1000, Every: time.Second})
		st.fail = errors.New("disk full")
		if err := l.Allow(context.Background(), "a", "slow down"); err == nil || ErrorCode(err) == ETOOMANY {
			t.Fatalf("Allow = %v, want the store's failure", err)
		}
		st.mu.Lock()
		st.fail = nil
		st.mu.Unlock()
		if got := allow(t, l, "a", 3); got != 3 {
			t.Errorf("%d of 3 allowed once the store is back", got)
		}
	})
	t.Run("LeavingCallerStopsWaiting", func(t *testing.T) {
		l, st, _ := newChunked(8, Rate{Burst: 1000, Every: time.Second})
		st.gate = make(chan struct{})
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		if err := l.Allow(ctx, "a", "slow down"); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Allow = %v, want the caller's deadline", err)
		}
		close(st.gate)
		// The reservation went on without the caller: its tokens are
		// the next caller's.
		if held := l.held("a"); held != 8 {
			t.Errorf("%d tokens held, want the chunk of 8", held)
		}
	})
	t.Run("WaitOutlastsReservations", func(t *testing.T) {
		l, st, _ := newChunked(8, Rate{Burst: 1000, Every: time.Second})
		st.mu.Lock()
		st.gate = make(chan struct{})
		st.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		_ = l.Allow(ctx, "c", "slow down") // a first reservation, held at the gate
		waited := make(chan struct{})
		go func() { l.Wait(); close(waited) }()
		select {
		case <-waited:
			t.Fatal("Wait returned while a reservation was held at the store")
		case <-time.After(50 * time.Millisecond):
		}
		close(st.gate)
		select {
		case <-waited:
		case <-time.After(5 * time.Second):
			t.Fatal("Wait did not return once the store answered")
		}
	})
}
