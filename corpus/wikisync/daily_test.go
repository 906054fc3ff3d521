package wikisync_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"flashback/corpus/wikisync"
	"flashback/sqlite"
)

// daily returns a Daily over e's database for owner, at the time *now.
func (e *env) daily(owner string, now *time.Time) *wikisync.Daily {
	e.db.Now = func() time.Time { return *now } // the store stamps syncs with the same clock
	return &wikisync.Daily{Syncer: e.syncer(false), Leases: sqlite.NewLeaseStore(e.db), Lang: "en", Owner: owner,
		Clock: func() time.Time { return *now }, Location: time.UTC, Logger: slog.New(slog.DiscardHandler)}
}

func TestDailySyncsTheComingWeekOncePerCluster(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	now := time.Date(2027, 12, 28, 6, 0, 0, 0, time.UTC)
	a, b := e.daily("a", &now), e.daily("b", &now)
	// Two instances at once: the lease lets one of them sync.
	var wg sync.WaitGroup
	ran := make([]bool, 2)
	for i, d := range []*wikisync.Daily{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if ran[i], err = d.Once(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if ran[0] == ran[1] || e.api.Requests.Load() != 8 {
		t.Fatalf("ran %v with %d requests; want one instance to fetch 28 Dec to 4 Jan", ran, e.api.Requests.Load())
	}
	// Fresh for the rest of the day: nobody asks again.
	now = now.Add(10 * time.Hour)
	if r, err := b.Once(ctx); r || err != nil {
		t.Errorf("synced again while fresh: %v %v", r, err)
	}
	// The next day it is due; one day more in the window, seven 304s.
	now = now.Add(14 * time.Hour)
	if r, err := b.Once(ctx); !r || err != nil {
		t.Fatalf("not synced when due: %v %v", r, err)
	}
	if n := e.api.NotModified.Load(); n != 7 || e.api.Requests.Load() != 16 {
		t.Errorf("second day: %d requests, %d not modified", e.api.Requests.Load(), n)
	}
}
