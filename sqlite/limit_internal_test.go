package sqlite

import (
	"context"
	"fmt"
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
