package corpus

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"flashback"
	"flashback/sqlite"
)

// These tests use the real SQLite store on a file in t.TempDir(), not a fake.
func openStore(t *testing.T) *sqlite.EventStore {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "flashback.db"))
	if err := db.Open(); err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return sqlite.NewEventStore(db)
}

func TestImportBundled(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	events, _, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}

	var calls [][2]int
	stats, err := Import(ctx, store, events, func(done, total int) { calls = append(calls, [2]int{done, total}) })
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if stats.Added != len(events) || stats.Updated != 0 || len(stats.Skipped) != 0 {
		t.Errorf("first import: %+v, want all %d added", stats, len(events))
	}
	var want [][2]int
	for done := BatchSize; ; done += BatchSize {
		want = append(want, [2]int{min(done, len(events)), len(events)})
		if done >= len(events) {
			break
		}
	}
	if !reflect.DeepEqual(calls, want) {
		t.Errorf("progress calls %v, want %v", calls, want)
	}

	// A fresh parse imported again changes nothing: the keys are stable.
	again, _, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	stats, err = Import(ctx, store, again, nil)
	if err != nil {
		t.Fatalf("second Import: %v", err)
	}
	if stats.Added != 0 || stats.Updated != 0 || stats.Unchanged != len(events) {
		t.Errorf("second import: %+v, want all %d unchanged", stats, len(events))
	}

	jan31 := flashback.MonthDay{Month: time.January, Day: 31}
	found, total, err := store.FindEvents(ctx, flashback.EventFilter{On: []flashback.MonthDay{jan31}})
	if err != nil {
		t.Fatal(err)
	}
	// The files hold 8 entries on 31 January; errata move or withdraw some,
	// so the count to expect is what the corrected corpus puts there.
	want31 := 0
	for _, ev := range events {
		if ev.Date.MonthDay() == jan31 && ev.Published {
			want31++
		}
	}
	if want31 == 0 || total != want31 || len(found) != want31 {
		t.Errorf("%d events (%d listed) on January 31 in the store, want the %d of the corrected corpus", total, len(found), want31)
	}
	for _, ev := range found {
		if ev.Date.MonthDay() != jan31 {
			t.Errorf("event %q of %v listed on January 31", ev.Headline, ev.Date)
		}
	}
}

func TestImportStopsWhenCancelled(t *testing.T) {
	store := openStore(t)
	events, _, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stats, err := Import(ctx, store, events, func(done, total int) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if stats.Added != BatchSize {
		t.Errorf("added %d before stopping, want one batch of %d", stats.Added, BatchSize)
	}
	_, total, err := store.FindEvents(context.Background(), flashback.EventFilter{IncludeDrafts: true, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if total != BatchSize {
		t.Errorf("store holds %d events, want the first batch of %d", total, BatchSize)
	}
}

func TestImportNothing(t *testing.T) {
	called := false
	stats, err := Import(context.Background(), openStore(t), nil, func(int, int) { called = true })
	if err != nil || stats.Added != 0 || called {
		t.Errorf("stats %+v, err %v, progress called %v; want nothing done", stats, err, called)
	}
}
