package auth_test

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"flashback"
	"flashback/auth"
)

// heapPeak samples the bytes in live and not yet collected heap objects
// until stop is called, and returns the highest value seen.
func heapPeak() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-time.After(200 * time.Microsecond):
			}
		}
	}()
	return func() uint64 { close(done); <-finished; return peak.Load() }
}

func heapNow() uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	return sample[0].Value.Uint64()
}

// realCost gives the account a hash at the shipped argon2id cost (19 MiB),
// so that memory measured here is what production would see.
func realCost(t *testing.T, a *auth.Auth, u *flashback.User) {
	t.Helper()
	h, err := auth.DefaultParams.HashPassword("right password")
	if err != nil {
		t.Fatal(err)
	}
	u.PasswordHash = h
	if err := a.Users.UpdateUser(t.Context(), u); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentWrongSignInsAreBounded is the regression test of the
// throttle race: 200 wrong passwords posted at once from one client used to
// be checked all 200 times, at 19 MiB each.
func TestConcurrentWrongSignInsAreBounded(t *testing.T) {
	a, u := newAuth(t, false)
	realCost(t, a, u)
	_, device, err := loginDevice(a, "198.51.100.7", "ed@example.org", "right password")
	if err != nil || device == nil {
		t.Fatalf("the editor's first sign-in = %v (device cookie %v)", err, device)
	}
	before, checked := heapNow(), a.Evaluated()
	stop := heapPeak()
	codes := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := login(a, "192.0.2.66", "ed@example.org", "wrong guess")
			mu.Lock()
			codes[flashback.ErrorCode(err)]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	peak := stop()
	evaluated := a.Evaluated() - checked
	burst := int64(a.Throttle.Pair.Burst)
	if evaluated > burst {
		t.Errorf("%d of 200 concurrent wrong passwords were checked, want at most the burst of %d", evaluated, burst)
	}
	if codes[flashback.EUNAUTHORIZED] != int(evaluated) || codes[flashback.ETOOMANY] != 200-int(evaluated) {
		t.Errorf("answers = %v, want %d wrong-password and the rest too-many", codes, evaluated)
	}
	// Each check holds 19 MiB until the next collection; with at most
	// MaxChecks at once the heap stays near that, where 200 unbounded
	// checks took over 3 GiB.
	limit := before + uint64(a.Throttle.MaxChecks+2)*19<<20 + 32<<20
	t.Logf("heap before %d MiB, peak %d MiB, %d checks", before>>20, peak>>20, evaluated)
	if peak > limit {
		t.Errorf("heap peaked at %d MiB, want at most %d MiB", peak>>20, limit>>20)
	}
	if _, err := login(a, "203.0.113.5", "ed@example.org", "right password", device); err != nil {
		t.Errorf("the editor, from elsewhere, cannot sign in: %v", err)
	}
}

// TestGuessingFromManyAddresses checks the per-account ceiling: spread over
// a hundred addresses, only the account's burst is checked; a browser the
// editor signed in from before is not locked out.
func TestGuessingFromManyAddresses(t *testing.T) {
	a, _ := newAuth(t, false)
	_, device, err := loginDevice(a, "198.51.100.7", "ed@example.org", "right password")
	if err != nil {
		t.Fatal(err)
	}
	checked := a.Evaluated()
	for i := range 100 {
		login(a, fmt.Sprintf("2001:db8:%x::1", i), "ed@example.org", "wrong guess")
	}
	if n := a.Evaluated() - checked; n != int64(a.Throttle.Account.Burst) {
		t.Errorf("%d of 100 guesses from 100 networks were checked, want the account's burst of %d", n, a.Throttle.Account.Burst)
	}
	if _, err := login(a, "203.0.113.5", "ed@example.org", "right password"); flashback.ErrorCode(err) != flashback.ETOOMANY {
		t.Errorf("a new browser during the attack = %v, want too many (the trade-off)", err)
	}
	if _, err := login(a, "203.0.113.5", "ed@example.org", "right password", device); err != nil {
		t.Errorf("the editor's own browser is locked out: %v", err)
	}
}

// TestIPv6ClientsCountBySlash64: rotating through the addresses of one
// /64 does not buy more attempts.
func TestIPv6ClientsCountBySlash64(t *testing.T) {
	a, _ := newAuth(t, false)
	checked := a.Evaluated()
	for i := range 12 {
		login(a, fmt.Sprintf("2001:db8:1:2::%x", i+1), "ed@example.org", "wrong guess")
	}
	if n := a.Evaluated() - checked; n != int64(a.Throttle.Pair.Burst) {
		t.Errorf("%d checks from 12 addresses of one /64, want %d", n, a.Throttle.Pair.Burst)
	}
}

// TestForgedDeviceCookie: a device cookie for another account, or one
// without a valid MAC, counts as an unknown browser.
func TestForgedDeviceCookie(t *testing.T) {
	a, _ := newAuth(t, false)
	_, device, err := loginDevice(a, "198.51.100.7", "ed@example.org", "right password")
	if err != nil {
		t.Fatal(err)
	}
	forged := *device
	forged.Value = device.Value[:len(device.Value)-2] + "AA"
	checked := a.Evaluated()
	for range 8 {
		login(a, "192.0.2.7", "ed@example.org", "wrong guess", &forged)
	}
	if n := a.Evaluated() - checked; n != int64(a.Throttle.Pair.Burst) {
		t.Errorf("%d checks with a forged device cookie, want the address's %d", n, a.Throttle.Pair.Burst)
	}
}

// TestBusyChecksAreRefused: when every check slot stays taken, an attempt
// is refused with a wait instead of queueing without bound, and it is not
// counted as a failure.
func TestBusyChecksAreRefused(t *testing.T) {
	a, u := newAuth(t, false)
	realCost(t, a, u)
	a.Throttle.MaxChecks, a.Throttle.Wait = 1, time.Millisecond
	var busy atomic.Int32
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := login(a, fmt.Sprintf("192.0.2.%d", i+1), fmt.Sprintf("user%d@example.org", i), "guess")
			if flashback.ErrorCode(err) == flashback.ETOOMANY {
				if flashback.RetryAfter(err) <= 0 {
					t.Error("a busy refusal without a wait")
				}
				busy.Add(1)
			}
		}()
	}
	wg.Wait()
	if busy.Load() == 0 {
		t.Error("30 concurrent checks in one slot with a 1 ms wait: none was refused")
	}
	// The refused ones cost their clients nothing.
	if _, err := login(a, "192.0.2.1", "ed@example.org", "right password"); err != nil {
		t.Errorf("sign-in after a busy spell = %v", err)
	}
}

// TestVerifyPasswordIsThrottled covers the other door to a password: the
// "current password" of the change-password form.
func TestVerifyPasswordIsThrottled(t *testing.T) {
	a, u := newAuth(t, false)
	r := httptestRequest("192.0.2.44")
	var refused int
	for range 30 {
		err := a.VerifyPassword(t.Context(), r, u, "wrong current")
		if flashback.ErrorCode(err) == flashback.ETOOMANY {
			refused++
		}
	}
	if want := 30 - a.Throttle.Pair.Burst; refused != want {
		t.Errorf("%d of 30 wrong current passwords refused unchecked, want %d", refused, want)
	}
}
