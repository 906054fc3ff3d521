package cache

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var (
	plain = []string{"text/plain"}
	page  = Policy{CacheControl: []string{"private, no-cache"}, Vary: []string{"Accept-Encoding"}}
)

// The cache logic on its own. The content version comes from a counter
// the test moves, standing in for the store's ContentVersion.
func TestCache(t *testing.T) {
	var version int64 = 1
	calls := 0
	versionFn := func(context.Context) (int64, error) { calls++; return version, nil }
	ctx := context.Background()

	t.Run("Bounded", func(t *testing.T) {
		c := New(3, 1<<20, time.Hour, versionFn, slog.New(slog.DiscardHandler))
		c.Get(ctx, []byte("warm")) // first use reads the version
		for i := range 5 {
			c.Put(fmt.Sprint(i), NewEntry([]byte{byte(i)}, plain, time.Now(), page), c.Version())
			if i == 3 {
				c.Get(ctx, []byte("1")) // 1 becomes most recently used
			}
		}
		if c.Len() != 3 {
			t.Fatalf("%d entries, want 3", c.Len())
		}
		for key, want := range map[string]bool{"0": false, "1": true, "2": false, "3": true, "4": true} {
			if got := c.Get(ctx, []byte(key)) != nil; got != want {
				t.Errorf("entry %s present: %v, want %v", key, got, want)
			}
		}
	})
	t.Run("BoundedByBytes", func(t *testing.T) {
		c := New(100, 250, time.Hour, versionFn, slog.New(slog.DiscardHandler))
		c.Get(ctx, []byte("warm"))
		for i := range 4 {
			c.Put(fmt.Sprint(i), NewEntry(make([]byte, 100), plain, time.Now(), page), c.Version())
		}
		if c.Len() != 2 || c.bytes != 200 {
			t.Fatalf("%d entries of %d bytes, want 2 of 200", c.Len(), c.bytes)
		}
		if c.Get(ctx, []byte("3")) == nil || c.Get(ctx, []byte("0")) != nil {
			t.Error("the oldest pages should go first")
		}
		// Replacing a page counts its new size, not both.
		c.Put("3", NewEntry(make([]byte, 50), plain, time.Now(), page), c.Version())
		if c.bytes != 150 {
			t.Errorf("bytes = %d after replacing a page, want 150", c.bytes)
		}
		// One page larger than the budget is still served from the cache.
		c.Put("big", NewEntry(make([]byte, 1000), plain, time.Now(), page), c.Version())
		if c.Len() != 1 || c.Get(ctx, []byte("big")) == nil {
			t.Errorf("a single oversized page: %d entries", c.Len())
		}
	})
	t.Run("VersionChange", func(t *testing.T) {
		c := New(10, 1<<20, time.Nanosecond, versionFn, slog.New(slog.DiscardHandler))
		c.Get(ctx, []byte("warm"))
		c.Put("a", NewEntry([]byte("a"), plain, time.Now(), page), c.Version())
		if c.Get(ctx, []byte("a")) == nil {
			t.Fatal("entry missing")
		}
		rendering := c.Version()
		version++
		if c.Get(ctx, []byte("a")) != nil {
			t.Fatal("entry survived a content change")
		}
		// A page rendered from the old content is not kept.
		c.Put("b", NewEntry([]byte("b"), plain, time.Now(), page), rendering)
		if c.Len() != 0 {
			t.Fatal("stale page stored")
		}
	})
	t.Run("RepeatedHitsKeepTheOrder", func(t *testing.T) {
		c := New(3, 1<<20, time.Hour, versionFn, slog.New(slog.DiscardHandler))
		c.Get(ctx, []byte("warm"))
		for _, k := range []string{"a", "b", "c"} {
			c.Put(k, NewEntry([]byte(k), plain, time.Now(), page), c.Version())
		}
		// a is used again and again (after the first hit it is already
		// the most recent), then b once: c is the least recently used.
		for range 3 {
			c.Get(ctx, []byte("a"))
		}
		c.Get(ctx, []byte("b"))
		c.Put("d", NewEntry([]byte("d"), plain, time.Now(), page), c.Version())
		for key, want := range map[string]bool{"a": true, "b": true, "c": false, "d": true} {
			if got := c.Get(ctx, []byte(key)) != nil; got != want {
				t.Errorf("entry %s present: %v, want %v", key, got, want)
			}
		}
	})
	t.Run("HitsDoNotWaitForOneAnother", func(t *testing.T) {
		c := New(3, 1<<20, time.Hour, versionFn, slog.New(slog.DiscardHandler))
		c.Get(ctx, []byte("warm"))
		c.Put("a", NewEntry([]byte("a"), plain, time.Now(), page), c.Version())
		// A lookup paused in the middle (its thread descheduled, say)
		// holds the read lock; another lookup must still be answered.
		c.mu.RLock()
		defer c.mu.RUnlock()
		done := make(chan *Entry)
		go func() { done <- c.Get(ctx, []byte("a")) }()
		select {
		case e := <-done:
			if e == nil {
				t.Error("entry missing")
			}
		case <-time.After(10 * time.Second):
			t.Fatal("a hit waited for another lookup to finish")
		}
	})
	t.Run("RecheckInterval", func(t *testing.T) {
		c := New(10, 1<<20, time.Hour, versionFn, slog.New(slog.DiscardHandler))
		before := calls
		for range 100 {
			c.Get(ctx, []byte("x"))
		}
		if n := calls - before; n != 1 {
			t.Errorf("%d version reads for 100 lookups, want 1", n)
		}
	})
}

// TestFill: misses of one key at once share one build, which is kept;
// other keys build on their own; a failed build is shared but not kept;
// a content change builds again.
func TestFill(t *testing.T) {
	ctx := context.Background()
	var version atomic.Int64
	version.Store(1)
	c := New(100, 1<<20, time.Nanosecond, func(context.Context) (int64, error) { return version.Load(), nil },
		slog.New(slog.DiscardHandler))
	var builds atomic.Int32
	release := make(chan struct{})
	build := func(body string) func(context.Context) (*Entry, error) {
		return func(context.Context) (*Entry, error) {
			builds.Add(1)
			<-release
			return NewEntry([]byte(body), plain, time.Now(), page), nil
		}
	}
	fill := func(n int, key string) []*Entry {
		out := make([]*Entry, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				e, err := c.Fill(ctx, key, build(key))
				if err != nil {
					t.Error(err)
				}
				out[i] = e
			})
		}
		time.Sleep(20 * time.Millisecond) // let them meet the build under way; the count holds without it
		close(release)
		wg.Wait()
		release = make(chan struct{})
		return out
	}

	t.Run("OneBuildForMany", func(t *testing.T) {
		got := fill(50, "/")
		if n := builds.Load(); n != 1 {
			t.Errorf("%d builds for 50 requests at once, want 1", n)
		}
		for _, e := range got {
			if e == nil || e != got[0] {
				t.Fatal("the requests did not all get the one answer built")
			}
		}
		if c.Get(ctx, []byte("/")) != got[0] {
			t.Error("the answer built was not kept")
		}
	})
	t.Run("KeysApart", func(t *testing.T) {
		builds.Store(0)
		close(release)
		for _, key := range []string{"/a", "/b"} {
			if _, err := c.Fill(ctx, key, build(key)); err != nil {
				t.Fatal(err)
			}
		}
		release = make(chan struct{})
		if n := builds.Load(); n != 2 {
			t.Errorf("%d builds for two keys, want 2", n)
		}
	})
	t.Run("ErrorNotKept", func(t *testing.T) {
		failed := errors.New("store down")
		for range 2 {
			if _, err := c.Fill(ctx, "/broken", func(context.Context) (*Entry, error) { return nil, failed }); err != failed {
				t.Errorf("error %v, want %v", err, failed)
			}
		}
		if c.Get(ctx, []byte("/broken")) != nil {
			t.Error("a failed build left an answer")
		}
	})
	t.Run("BuildOutlivesItsRequestWithinBound", func(t *testing.T) {
		gone, cancel := context.WithCancel(ctx)
		cancel() // the request that starts the build has left
		_, err := c.Fill(gone, "/bounded", func(b context.Context) (*Entry, error) {
			deadline, ok := b.Deadline()
			if b.Err() != nil || !ok || time.Until(deadline) > BuildTimeout {
				t.Errorf("build context: error %v, deadline %v (set %v); want it alive, within %v", b.Err(), deadline, ok, BuildTimeout)
			}
			return NewEntry([]byte("x"), plain, time.Now(), page), nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ContentChange", func(t *testing.T) {
		builds.Store(0)
		version.Add(1)
		close(release)
		e, err := c.Fill(ctx, "/", build("new"))
		release = make(chan struct{})
		if err != nil || builds.Load() != 1 || string(e.variants[0].body) != "new" {
			t.Errorf("after a content change: %d builds, error %v; want one new build", builds.Load(), err)
		}
	})
}
