package storetest

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"flashback"
)

// LimitStores is a rate-limit store and a way to move its clock.
type LimitStores struct {
	Limits flashback.LimitStore
	SetNow func(time.Time)
}

// NewLimitStores returns an empty store that lives as long as t.
type NewLimitStores func(t *testing.T) LimitStores

// testLimitStore runs the rate-limit conformance cases.
func testLimitStore(t *testing.T, newStores NewLimitStores) {
	cases := []struct {
		name string
		run  func(*testing.T, LimitStores)
	}{
		{"BurstThenRefused", testLimitBurst},
		{"RefillsOverTime", testLimitRefill},
		{"AllOrNone", testLimitAllOrNone},
		{"GiveBack", testLimitGive},
		{"KeysApart", testLimitKeysApart},
		{"ConcurrentTakesNeverExceed", testLimitConcurrent},
		{"InvalidRate", testLimitInvalid},
		{"ReserveTakesWhatThereIs", testLimitReserve},
		{"ChunkedInstancesKeepTheBurst", testChunkedBurst},
		{"ChunkedInstancesConcurrently", testChunkedConcurrent},
		{"ChunkedInstancesOverAWindow", testChunkedWindow},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, newStores(t)) })
	}
}

var limT0 = time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)

func limitKey(name string, burst int, every time.Duration) flashback.LimitKey {
	return flashback.LimitKey{Key: []byte(name), Rate: flashback.Rate{Burst: burst, Every: every}}
}

func mustTake(t *testing.T, st LimitStores, want bool, keys ...flashback.LimitKey) time.Duration {
	t.Helper()
	ok, wait, err := st.Limits.TakeTokens(context.Background(), keys...)
	if err != nil {
		t.Fatal(err)
	}
	if ok != want {
		t.Fatalf("TakeTokens = %v, want %v", ok, want)
	}
	if ok && wait != 0 {
		t.Errorf("allowed with a wait of %v", wait)
	}
	return wait
}

func testLimitBurst(t *testing.T, st LimitStores) {
	st.SetNow(limT0)
	k := limitKey("burst", 3, time.Minute)
	for range 3 {
		mustTake(t, st, true, k)
	}
	if wait := mustTake(t, st, false, k); wait <= 0 || wait > time.Minute {
		t.Errorf("wait = %v, want (0, 1m]", wait)
	}
}

func testLimitRefill(t *testing.T, st LimitStores) {
	st.SetNow(limT0)
	k := limitKey("refill", 2, time.Minute)
	mustTake(t, st, true, k)
	mustTake(t, st, true, k)
	st.SetNow(limT0.Add(30 * time.Second))
	if wait := mustTake(t, st, false, k); wait != 30*time.Second {
		t.Errorf("wait = %v, want 30s", wait)
	}
	st.SetNow(limT0.Add(time.Minute))
	mustTake(t, st, true, k)
	mustTake(t, st, false, k)
	st.SetNow(limT0.Add(24 * time.Hour)) // refilled to the burst, no further
	mustTake(t, st, true, k)
	mustTake(t, st, true, k)
	mustTake(t, st, false, k)
}

func testLimitAllOrNone(t *testing.T, st LimitStores) {
	st.SetNow(limT0)
	roomy, tight := limitKey("roomy", 5, time.Minute), limitKey("tight", 1, time.Hour)
	mustTake(t, st, true, roomy, tight)
	// tight is empty: the refusal must not cost roomy anything.
	for range 10 {
		if wait := mustTake(t, st, false, roomy, tight); wait < 59*time.Minute {
			t.Fatalf("wait = %v, want the tight bucket's hour", wait)
		}
	}
	for range 4 {
		mustTake(t, st, true, roomy)
	}
	mustTake(t, st, false, roomy)
}

func testLimitGive(t *testing.T, st LimitStores) {
	st.SetNow(limT0)
	k := limitKey("give", 2, time.Hour)
	mustTake(t, st, true, k)
	mustTake(t, st, true, k)
	if err := st.Limits.GiveTokens(context.Background(), k); err != nil {
		t.Fatal(err)
	}
	mustTake(t, st, true, k)
	mustTake(t, st, false, k)
	// Giving never raises a bucket above its burst.
	for range 5 {
		if err := st.Limits.GiveTokens(context.Background(), k); err != nil {
			t.Fatal(err)
		}
	}
	mustTake(t, st, true, k)
	mustTake(t, st, true, k)
	mustTake(t, st, false, k)
}

func testLimitKeysApart(t *testing.T, st LimitStores) {
	st.SetNow(limT0)
	a, b := limitKey("a", 1, time.Hour), limitKey("b", 1, time.Hour)
	mustTake(t, st, true, a)
	mustTake(t, st, false, a)
	mustTake(t, st, true, b)
}

// testLimitConcurrent takes from many goroutines at once: the bucket must
// allow exactly its burst, which an unlocked read-modify-write would not.
func testLimitConcurrent(t *testing.T, st LimitStores) {
	st.SetNow(limT0)
	k := limitKey("race", 7, time.Hour)
	var allowed atomic.Int32
	var wg sync.WaitGroup
	for range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, _, err := st.Limits.TakeTokens(context.Background(), k)
			if err != nil {
				t.Error(err)
			}
			if ok {
				allowed.Add(1)
			}
		}()
	}
	wg.Wait()
	if n := allowed.Load(); n != 7 {
		t.Errorf("%d of 40 concurrent takes allowed, want the burst of 7", n)
	}
}

func testLimitInvalid(t *testing.T, st LimitStores) {
	st.SetNow(limT0)
	if _, _, err := st.Limits.TakeTokens(context.Background(), limitKey("zero", 0, time.Minute)); err == nil {
		t.Error("a zero burst was accepted")
	}
}
