package cluster_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"flashback"
	"flashback/cluster"
	"flashback/stores"
)

// clock is a store clock the test moves by hand.
type clock struct{ ns atomic.Int64 }

func (c *clock) now() time.Time         { return time.Unix(0, c.ns.Load()).UTC() }
func newClock(t time.Time) *clock       { c := &clock{}; c.ns.Store(t.UnixNano()); return c }
func (c *clock) set(t time.Time) *clock { c.ns.Store(t.UnixNano()); return c }

// instances opens the one database file n times, as n processes would,
// each with the clock now.
func instances(t *testing.T, n int, now flashback.Clock) []*flashback.Stores {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cluster.db")
	var out []*flashback.Stores
	for range n {
		st, err := stores.Open(path, now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		out = append(out, st)
	}
	return out
}

func TestOnce(t *testing.T) {
	const period = time.Hour
	start := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	c := newClock(start)
	sts := instances(t, 2, c.now)
	var runs atomic.Int32
	job := func(i int) cluster.Job {
		return cluster.Job{Leases: sts[i].Leases, Name: "purge", Owner: []string{"a", "b"}[i], Period: period,
			Work: func(context.Context) error { runs.Add(1); return nil }}
	}
	a, b := job(0), job(1)
	ctx := context.Background()
	// Each step: the clock's offset from start, the instance that asks,
	// and whether it should run.
	steps := []struct {
		name string
		at   time.Duration
		job  cluster.Job
		ran  bool
	}{
		{"FirstAsksRuns", 0, a, true},
		{"OtherFindsItDone", time.Minute, b, false},
		{"RunnerFindsItDoneToo", 2 * time.Minute, a, false},
		{"StillDoneJustBeforeThePeriodEnds", period - time.Second, b, false},
		{"DueAgainForWhoeverAsksFirst", period, b, true},
		{"AndOnlyForThem", period + time.Second, a, false},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			c.set(start.Add(s.at))
			before := runs.Load()
			ran, err := s.job.Once(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if ran != s.ran || runs.Load()-before != map[bool]int32{true: 1}[s.ran] {
				t.Errorf("ran = %v (work ran %d times), want %v", ran, runs.Load()-before, s.ran)
			}
		})
	}
	t.Run("AtOnceOnlyOneRuns", func(t *testing.T) {
		c.set(start.Add(3 * period))
		before := runs.Load()
		var wg sync.WaitGroup
		for _, j := range []cluster.Job{a, b} {
			wg.Go(func() {
				if _, err := j.Once(ctx); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if n := runs.Load() - before; n != 1 {
			t.Errorf("work ran %d times, want once", n)
		}
	})
}

// killable is a lease store that stops answering, as a killed process
// would: no renewal and no release reach the database.
type killable struct {
	flashback.LeaseStore
	dead atomic.Bool
}

var errKilled = errors.New("killed")

func (k *killable) AcquireLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, time.Time, error) {
	if k.dead.Load() {
		return false, time.Time{}, errKilled
	}
	return k.LeaseStore.AcquireLease(ctx, name, owner, ttl)
}

func (k *killable) ReleaseLease(ctx context.Context, name, owner string) error {
	if k.dead.Load() {
		return errKilled
	}
	return k.LeaseStore.ReleaseLease(ctx, name, owner)
}

// TestTakeOver runs the job on two instances in real time, with leases
// short enough for a test: a live runner keeps the job however long it
// works; a killed one loses it to the other within Hold+CheckEvery, and
// one that stops cleanly hands it over at the other's next check.
func TestTakeOver(t *testing.T) {
	const hold, check = 300 * time.Millisecond, 50 * time.Millisecond
	cases := []struct {
		name  string
		stop  func(k *killable, cancel func())
		bound time.Duration
	}{
		{"Killed", func(k *killable, _ func()) { k.dead.Store(true) }, hold + check},
		{"Stopped", func(_ *killable, cancel func()) { cancel() }, check},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sts := instances(t, 2, nil)
			started := make(chan string, 4)
			release := make(chan struct{})
			defer close(release)
			job := func(leases flashback.LeaseStore, owner string) cluster.Job {
				return cluster.Job{Leases: leases, Name: "sync", Owner: owner, Period: time.Hour, Hold: hold, CheckEvery: check,
					Work: func(ctx context.Context) error {
						started <- owner
						select { // works until the test ends, or its lease is lost
						case <-release:
						case <-ctx.Done():
						}
						return ctx.Err()
					}}
			}
			a := &killable{LeaseStore: sts[0].Leases}
			ctxA, cancelA := context.WithCancel(context.Background())
			ctxB, cancelB := context.WithCancel(context.Background())
			var wg sync.WaitGroup
			defer func() { cancelA(); cancelB(); wg.Wait() }()
			wg.Go(func() { job(a, "a").Run(ctxA) })
			if who := <-started; who != "a" {
				t.Fatalf("%s started first", who)
			}
			wg.Go(func() { job(sts[1].Leases, "b").Run(ctxB) })
			// a works for several leases' length: b must not start.
			select {
			case who := <-started:
				t.Fatalf("%s started while a was working", who)
			case <-time.After(4 * hold):
			}
			stoppedAt := time.Now()
			c.stop(a, cancelA)
			select {
			case who := <-started:
				took := time.Since(stoppedAt)
				t.Logf("%s took over after %v (bound %v)", who, took, c.bound)
				// Scheduling on a busy machine adds a little to the bound.
				if who != "b" || took > c.bound+250*time.Millisecond {
					t.Errorf("%s took over after %v, want b within %v", who, took, c.bound)
				}
			case <-time.After(10 * hold):
				t.Fatal("nobody took over")
			}
		})
	}
}

// TestCutShort: a run whose lease could not be renewed for a whole Hold
// (the database unreachable, say) stops its work and does not count as
// done: another instance runs the job at once rather than a period later.
func TestCutShort(t *testing.T) {
	const hold = 300 * time.Millisecond
	sts := instances(t, 2, nil)
	a := &killable{LeaseStore: sts[0].Leases}
	var cut atomic.Bool
	job := func(leases flashback.LeaseStore, owner string) cluster.Job {
		return cluster.Job{Leases: leases, Name: "sync", Owner: owner, Period: time.Hour, Hold: hold,
			Work: func(ctx context.Context) error {
				if owner == "b" {
					return nil
				}
				a.dead.Store(true) // renewals fail from here on
				<-ctx.Done()
				cut.Store(true)
				a.dead.Store(false) // and the database is back
				return ctx.Err()
			}}
	}
	ctx := context.Background()
	if ran, _ := job(a, "a").Once(ctx); !ran || !cut.Load() {
		t.Fatalf("a ran %v, cut short %v; want its work stopped", ran, cut.Load())
	}
	deadline := time.Now().Add(time.Second) // a's last lease may still run a little
	for {
		ran, err := job(sts[1].Leases, "b").Once(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ran {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("b was refused: the cut-short run was taken for done")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
