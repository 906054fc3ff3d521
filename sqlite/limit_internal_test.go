package sqlite

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"flashback"
)

// TestLimitsForgetRefilledBuckets checks that the table does not keep
// keys (hashes of addresses and accounts) once they no longer limit
// anything.
func TestLimitsForgetRefilledBuckets(t *testing.T) {
	db := openTestDB(t)
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	s := NewLimitStore(db)
	ctx := context.Background()
	rate := flashback.Rate{Burst: 5, Every: time.Minute}
	for i := range 10 {
		k := flashback.LimitKey{Key: fmt.Appendf(nil, "client-%d", i), Rate: rate}
		if _, _, err := s.TakeTokens(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	if n := countLimitRows(t, db); n != 10 {
		t.Fatalf("%d rows after 10 clients, want 10", n)
	}
	now = now.Add(time.Minute) // every bucket is full again
	if _, _, err := s.TakeTokens(ctx, flashback.LimitKey{Key: []byte("late"), Rate: rate}); err != nil {
		t.Fatal(err)
	}
	if n := countLimitRows(t, db); n != 1 {
		t.Errorf("%d rows after the others refilled, want only the new one", n)
	}
}

func countLimitRows(t *testing.T, db *DB) int {
	t.Helper()
	var n int
	if err := db.read.QueryRow(`SELECT count(*) FROM rate_limits`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// BenchmarkTakeTokens is the cost a limited request pays: one write
// transaction on the database file.
func BenchmarkTakeTokens(b *testing.B) {
	db := openTestDB(b)
	s := NewLimitStore(db)
	ctx := context.Background()
	keys := []flashback.LimitKey{
		{Key: []byte("client"), Rate: flashback.Rate{Burst: 1 << 30, Every: time.Millisecond}},
		{Key: []byte("account"), Rate: flashback.Rate{Burst: 1 << 30, Every: time.Millisecond}},
	}
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := s.TakeTokens(ctx, keys...); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLightWriteRestoresSync checks that the relaxed commit of a rate
// limit never leaks into the writes that must reach the disk.
func TestLightWriteRestoresSync(t *testing.T) {
	db := openTestDB(t)
	s := NewLimitStore(db)
	k := flashback.LimitKey{Key: []byte("k"), Rate: flashback.Rate{Burst: 1, Every: time.Hour}}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, ctx := range []context.Context{context.Background(), cancelled} {
		_, _, _ = s.TakeTokens(ctx, k)
		var mode int
		if err := db.write.QueryRow(`PRAGMA synchronous`).Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if mode != 2 {
			t.Errorf("synchronous = %d after a rate-limit write, want 2 (FULL)", mode)
		}
	}
}

// TestLimitsConcurrentTakesGrantTheBurst checks that takes grouped into
// one transaction still see each other: 200 at once on one key with a
// burst of 7 are granted exactly 7 times.
func TestLimitsConcurrentTakesGrantTheBurst(t *testing.T) {
	db := openTestDB(t)
	s := NewLimitStore(db)
	k := flashback.LimitKey{Key: []byte("k"), Rate: flashback.Rate{Burst: 7, Every: time.Hour}}
	var granted atomic.Int32
	var wg sync.WaitGroup
	for range 200 {
		wg.Go(func() {
			ok, _, err := s.TakeTokens(context.Background(), k)
			if err != nil {
				t.Error(err)
			}
			if ok {
				granted.Add(1)
			}
		})
	}
	wg.Wait()
	if n := granted.Load(); n != 7 {
		t.Errorf("%d takes granted, want the burst, 7", n)
	}
}

// TestLimitsAbandonedTakeTakesNothing checks that a caller who stops
// waiting while its take is queued gets its context's error, and that the
// take is then never applied.
func TestLimitsAbandonedTakeTakesNothing(t *testing.T) {
	db := openTestDB(t)
	s := NewLimitStore(db)
	k := flashback.LimitKey{Key: []byte("k"), Rate: flashback.Rate{Burst: 1, Every: time.Hour}}
	busy, err := db.beginWrite(context.Background()) // the writer, held elsewhere
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	ok, _, err := s.TakeTokens(ctx, k)
	if !errors.Is(err, context.DeadlineExceeded) || ok {
		t.Errorf("queued take = %v, %v; want not granted, deadline exceeded", ok, err)
	}
	if err := busy.Rollback(); err != nil {
		t.Fatal(err)
	}
	ok, _, err = s.TakeTokens(context.Background(), k)
	if err != nil || !ok {
		t.Errorf("take after an abandoned one = %v, %v; want the bucket's one token", ok, err)
	}
}

// BenchmarkTakeTokensParallel is the cost under concurrent requests, 64
// goroutines at -cpu 2, as the API sees them under load: the takes share
// transactions.
func BenchmarkTakeTokensParallel(b *testing.B) {
	db := openTestDB(b)
	s := NewLimitStore(db)
	rate := flashback.Rate{Burst: 1 << 30, Every: time.Millisecond}
	var client atomic.Int64
	b.SetParallelism(32)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		key := fmt.Appendf(nil, "client-%d", client.Add(1))
		for pb.Next() {
			if _, _, err := s.TakeTokens(context.Background(), flashback.LimitKey{Key: key, Rate: rate}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// TestLimitsUnhurriedShareATransaction: reservations asked for ahead of
// need wait a little for one another and share a transaction; a call that
// someone waits for ends the wait at once and joins them.
func TestLimitsUnhurriedShareATransaction(t *testing.T) {
	rate := flashback.Rate{Burst: 100, Every: time.Second}
	// reserveAll starts the reservations spaced apart, so that each would
	// have a transaction of its own if nothing held it back.
	reserveAll := func(t *testing.T, s *LimitStore, n int) *sync.WaitGroup {
		var wg sync.WaitGroup
		for i := range n {
			time.Sleep(5 * time.Millisecond)
			wg.Go(func() {
				k := flashback.LimitKey{Key: fmt.Appendf(nil, "client-%d", i), Rate: rate}
				if got, _, err := s.ReserveTokens(flashback.Unhurried(context.Background()), k, 8); err != nil || got != 8 {
					t.Errorf("ReserveTokens = %d, %v; want 8", got, err)
				}
			})
		}
		return &wg
	}
	t.Run("WaitForOneAnother", func(t *testing.T) {
		s := NewLimitStore(openTestDB(t))
		s.gatherWait = time.Second // ample for 20 goroutines to start
		reserveAll(t, s, 20).Wait()
		if n := s.transactions.Load(); n != 1 {
			t.Errorf("20 unhurried reservations in %d transactions, want 1", n)
		}
	})
	t.Run("HurriedCallEndsTheWait", func(t *testing.T) {
		s := NewLimitStore(openTestDB(t))
		s.gatherWait = time.Hour
		wg := reserveAll(t, s, 20)
		for queued := 0; queued < 20; time.Sleep(time.Millisecond) {
			s.queue.mu.Lock()
			queued = len(s.queue.ops)
			s.queue.mu.Unlock()
		}
		ok, _, err := s.TakeTokens(context.Background(), flashback.LimitKey{Key: []byte("form"), Rate: rate})
		if err != nil || !ok {
			t.Fatalf("TakeTokens = %v, %v", ok, err)
		}
		wg.Wait()
		if n := s.transactions.Load(); n != 1 {
			t.Errorf("20 unhurried reservations and a take in %d transactions, want 1", n)
		}
	})
}

// TestLimitsBatchOfManyKeys: a transaction reads and writes its keys a few
// statements at a time (limitSizes); every key, whichever statement holds
// it, ends with what its own calls took, in the order they came, and a key
// that several calls share is read once and written once.
func TestLimitsBatchOfManyKeys(t *testing.T) {
	const clients = 64 + 16 + 4 + 3 // every statement size, the smallest several times
	rate := flashback.Rate{Burst: 100, Every: time.Hour}
	key := func(i int) flashback.LimitKey {
		return flashback.LimitKey{Key: fmt.Appendf(nil, "client-%d", i), Rate: rate}
	}
	s := NewLimitStore(openTestDB(t))
	s.gatherWait = time.Hour // held back until every call is queued
	var wg sync.WaitGroup
	for i := range clients {
		for range 2 { // each client twice in the one transaction
			wg.Go(func() {
				if got, _, err := s.ReserveTokens(flashback.Unhurried(context.Background()), key(i), 40); err != nil || got != 40 {
					t.Errorf("ReserveTokens = %d, %v; want 40", got, err)
				}
			})
		}
	}
	for queued := 0; queued < 2*clients; time.Sleep(time.Millisecond) {
		s.queue.mu.Lock()
		queued = len(s.queue.ops)
		s.queue.mu.Unlock()
	}
	// The one call someone waits for ends the gathering: all in one.
	if got, _, err := s.ReserveTokens(context.Background(), key(0), 40); err != nil || got != 20 {
		t.Errorf("a third reservation for client-0 got %d, %v; want the 20 left", got, err)
	}
	wg.Wait()
	if n := s.transactions.Load(); n != 1 {
		t.Fatalf("%d transactions, want 1", n)
	}
	for i := range clients {
		want := 20
		if i == 0 {
			want = 0
		}
		got, _, err := s.ReserveTokens(context.Background(), key(i), 100)
		if err != nil || got != want {
			t.Errorf("client-%d has %d tokens left (%v), want %d", i, got, err, want)
		}
	}
}

// BenchmarkLimitBatch is one batch transaction as the API's many clients
// make it: twenty reservations, each of another key, spread over a table
// of ten thousand, so that every key is on a page of its own. cpu-ns/key
// is the process's CPU time per reservation, commit included.
func BenchmarkLimitBatch(b *testing.B) {
	const batch, clients = 20, 10_000
	rate := flashback.Rate{Burst: 1 << 20, Every: time.Millisecond}
	db := openTestDB(b)
	s := NewLimitStore(db)
	ctx := context.Background()
	if err := s.stmts.prepare(ctx, db.write); err != nil {
		b.Fatal(err)
	}
	run := func(from int) {
		ops := make([]*limitOp, batch)
		for j := range ops {
			k := flashback.LimitKey{Key: fmt.Appendf(nil, "client-%d", (from+j)*7919%clients), Rate: rate}
			ops[j] = &limitOp{keys: []flashback.LimitKey{k}, decide: func(bs []flashback.Bucket, now time.Time) []flashback.Bucket {
				after, _, _ := flashback.Reserve(k, 32, bs, now)
				return after
			}}
		}
		tx, err := db.beginUnsynced(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.applyOps(tx, ops); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < clients; i += batch {
		run(i) // every key has its row, as after the first minutes
	}
	b.ReportAllocs()
	cpu0, n := processCPU(), 0
	for b.Loop() {
		run(n * batch)
		n++
	}
	b.ReportMetric(float64(processCPU()-cpu0)/float64(n*batch), "cpu-ns/key")
}

// processCPU is the CPU time this process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
