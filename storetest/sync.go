package storetest

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"flashback"
)

// SyncStores are the stores a feed sync uses, and a way to move their clock.
type SyncStores struct {
	Leases flashback.LeaseStore
	Feeds  flashback.FeedStore
	Media  flashback.MediaStore
	SetNow func(time.Time)
}

// NewSyncStores returns empty stores that live as long as t.
type NewSyncStores func(t *testing.T) SyncStores

// testSyncStores runs the lease, feed-state and media conformance cases.
func testSyncStores(t *testing.T, newStores NewSyncStores) {
	cases := []struct {
		name string
		run  func(*testing.T, SyncStores)
	}{
		{"LeaseAcquireRenewRelease", testLeaseLifecycle},
		{"LeaseExpires", testLeaseExpires},
		{"LeaseOneOwnerAtATime", testLeaseConcurrent},
		{"FeedDaysRoundTrip", testFeedDays},
		{"FeedRunResumesUnfinished", testFeedRunResume},
		{"MediaRoundTrip", testMedia},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := newStores(t)
			st.SetNow(limT0)
			c.run(t, st)
		})
	}
}

func acquire(t *testing.T, st SyncStores, owner string, want bool) time.Time {
	t.Helper()
	ok, until, err := st.Leases.AcquireLease(context.Background(), "sync", owner, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if ok != want {
		t.Fatalf("AcquireLease(%s) = %v, want %v", owner, ok, want)
	}
	return until
}

func testLeaseLifecycle(t *testing.T, st SyncStores) {
	ctx := context.Background()
	if until := acquire(t, st, "a", true); !until.Equal(limT0.Add(time.Hour)) {
		t.Errorf("until = %v, want an hour from now", until)
	}
	if until := acquire(t, st, "b", false); !until.Equal(limT0.Add(time.Hour)) {
		t.Errorf("refused until %v, want a's expiry", until)
	}
	st.SetNow(limT0.Add(30 * time.Minute))
	if until := acquire(t, st, "a", true); !until.Equal(limT0.Add(90 * time.Minute)) {
		t.Errorf("renewed until %v", until)
	}
	if err := st.Leases.ReleaseLease(ctx, "sync", "b"); err != nil {
		t.Fatal(err)
	}
	acquire(t, st, "b", false) // b's release of a lease it does not hold did nothing
	if err := st.Leases.ReleaseLease(ctx, "sync", "a"); err != nil {
		t.Fatal(err)
	}
	acquire(t, st, "b", true)
}

func testLeaseExpires(t *testing.T, st SyncStores) {
	acquire(t, st, "a", true)
	st.SetNow(limT0.Add(time.Hour))
	acquire(t, st, "b", true)
	acquire(t, st, "a", false)
}

func testLeaseConcurrent(t *testing.T, st SyncStores) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	winners := 0
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, _, err := st.Leases.AcquireLease(context.Background(), "sync", string(rune('a'+i)), time.Hour)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				winners++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if winners != 1 {
		t.Errorf("%d owners hold the lease, want 1", winners)
	}
}

func testFeedDays(t *testing.T, st SyncStores) {
	ctx := context.Background()
	feb29 := flashback.MonthDay{Month: time.February, Day: 29}
	want := flashback.FeedDay{Feed: "wikimedia:en", Day: feb29, ETag: `W/"1"`, LastModified: "Mon, 01 Jan 2024 00:00:00 GMT"}
	if err := st.Feeds.SaveFeedDay(ctx, want); err != nil {
		t.Fatal(err)
	}
	st.SetNow(limT0.Add(time.Minute))
	want.ETag = `"2"`
	if err := st.Feeds.SaveFeedDay(ctx, want); err != nil {
		t.Fatal(err)
	}
	if err := st.Feeds.SaveFeedDay(ctx, flashback.FeedDay{Feed: "wikimedia:de", Day: feb29}); err != nil {
		t.Fatal(err)
	}
	days, err := st.Feeds.FeedDays(ctx, "wikimedia:en")
	if err != nil {
		t.Fatal(err)
	}
	want.SyncedAt = limT0.Add(time.Minute)
	if len(days) != 1 || days[feb29] != want {
		t.Errorf("FeedDays = %+v, want only %+v", days, want)
	}
}

func testFeedRunResume(t *testing.T, st SyncStores) {
	ctx := context.Background()
	run, err := st.Feeds.StartFeedRun(ctx, "wikimedia:en", "01-01..12-31")
	if err != nil || run.Resumed || !run.StartedAt.Equal(limT0) {
		t.Fatalf("first run = %+v, %v", run, err)
	}
	st.SetNow(limT0.Add(time.Hour))
	run, err = st.Feeds.StartFeedRun(ctx, "wikimedia:en", "01-01..12-31")
	if err != nil || !run.Resumed || !run.StartedAt.Equal(limT0) {
		t.Fatalf("stopped run not resumed: %+v, %v", run, err)
	}
	run, err = st.Feeds.StartFeedRun(ctx, "wikimedia:en", "03-01..03-31")
	if err != nil || run.Resumed {
		t.Fatalf("another span resumed: %+v, %v", run, err)
	}
	if err := st.Feeds.FinishFeedRun(ctx, "wikimedia:en"); err != nil {
		t.Fatal(err)
	}
	run, err = st.Feeds.StartFeedRun(ctx, "wikimedia:en", "03-01..03-31")
	if err != nil || run.Resumed || !run.StartedAt.Equal(limT0.Add(time.Hour)) {
		t.Fatalf("finished run resumed: %+v, %v", run, err)
	}
}

func testMedia(t *testing.T, st SyncStores) {
	ctx := context.Background()
	m := &flashback.Media{Hash: "ab12", ContentType: "image/png", Data: []byte("\x89PNG…"), Width: 3, Height: 2}
	for range 2 {
		if err := st.Media.PutMedia(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.Media.FindMedia(ctx, "ab12")
	if err != nil || got.ContentType != m.ContentType || !bytes.Equal(got.Data, m.Data) || got.Width != 3 || got.Height != 2 {
		t.Fatalf("FindMedia = %+v, %v", got, err)
	}
	if _, err := st.Media.FindMedia(ctx, "cd34"); flashback.ErrorCode(err) != flashback.ENOTFOUND {
		t.Errorf("missing media: %v, want not found", err)
	}
	if err := st.Media.PutMedia(ctx, &flashback.Media{Hash: "x", ContentType: "image/svg+xml"}); flashback.ErrorCode(err) != flashback.EINVALID {
		t.Errorf("SVG stored: %v", err)
	}
}
