package web

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"
)

// The cache logic on its own. The content version comes from a counter
// the test moves, standing in for the store's ContentVersion.
func TestPageCache(t *testing.T) {
	var version int64 = 1
	calls := 0
	versionFn := func(context.Context) (int64, error) { calls++; return version, nil }
	ctx := context.Background()

	t.Run("Bounded", func(t *testing.T) {
		c := newPageCache(3, 1<<20, time.Hour, versionFn, slog.New(slog.DiscardHandler))
		c.get(ctx, []byte("warm")) // first use reads the version
		for i := range 5 {
			c.put(fmt.Sprint(i), newEntry([]byte{byte(i)}, time.Now(), private), c.currentVersion())
			if i == 3 {
				c.get(ctx, []byte("1")) // 1 becomes most recently used
			}
		}
		if c.len() != 3 {
			t.Fatalf("%d entries, want 3", c.len())
		}
		for key, want := range map[string]bool{"0": false, "1": true, "2": false, "3": true, "4": true} {
			if got := c.get(ctx, []byte(key)) != nil; got != want {
				t.Errorf("entry %s present: %v, want %v", key, got, want)
			}
		}
	})
	t.Run("BoundedByBytes", func(t *testing.T) {
		c := newPageCache(100, 250, time.Hour, versionFn, slog.New(slog.DiscardHandler))
		c.get(ctx, []byte("warm"))
		for i := range 4 {
			c.put(fmt.Sprint(i), newEntry(make([]byte, 100), time.Now(), private), c.currentVersion())
		}
		if c.len() != 2 || c.bytes != 200 {
			t.Fatalf("%d entries of %d bytes, want 2 of 200", c.len(), c.bytes)
		}
		if c.get(ctx, []byte("3")) == nil || c.get(ctx, []byte("0")) != nil {
			t.Error("the oldest pages should go first")
		}
		// Replacing a page counts its new size, not both.
		c.put("3", newEntry(make([]byte, 50), time.Now(), private), c.currentVersion())
		if c.bytes != 150 {
			t.Errorf("bytes = %d after replacing a page, want 150", c.bytes)
		}
		// One page larger than the budget is still served from the cache.
		c.put("big", newEntry(make([]byte, 1000), time.Now(), private), c.currentVersion())
		if c.len() != 1 || c.get(ctx, []byte("big")) == nil {
			t.Errorf("a single oversized page: %d entries", c.len())
		}
	})
	t.Run("VersionChange", func(t *testing.T) {
		c := newPageCache(10, 1<<20, time.Nanosecond, versionFn, slog.New(slog.DiscardHandler))
		c.get(ctx, []byte("warm"))
		c.put("a", newEntry([]byte("a"), time.Now(), private), c.currentVersion())
		if c.get(ctx, []byte("a")) == nil {
			t.Fatal("entry missing")
		}
		rendering := c.currentVersion()
		version++
		if c.get(ctx, []byte("a")) != nil {
			t.Fatal("entry survived a content change")
		}
		// A page rendered from the old content is not kept.
		c.put("b", newEntry([]byte("b"), time.Now(), private), rendering)
		if c.len() != 0 {
			t.Fatal("stale page stored")
		}
	})
	t.Run("RecheckInterval", func(t *testing.T) {
		c := newPageCache(10, 1<<20, time.Hour, versionFn, slog.New(slog.DiscardHandler))
		before := calls
		for range 100 {
			c.get(ctx, []byte("x"))
		}
		if n := calls - before; n != 1 {
			t.Errorf("%d version reads for 100 lookups, want 1", n)
		}
	})
}
