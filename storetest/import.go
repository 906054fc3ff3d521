package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"flashback"
)

// imported returns a fresh batch of three keyed events, as an importer
// produces on every run.
func imported() []*flashback.Event {
	batch := []*flashback.Event{
		day("Trotsky exiled", 1929, time.January, 31),
		day("Schubert born", 1797, time.January, 31),
		yearless("Nauru Independence Day", time.January, 31),
	}
	for i, e := range batch {
		e.ExternalKey = fmt.Sprintf("test:%d", i)
		e.Provenance = flashback.Provenance{Importer: "test", Origin: "batch", Ref: fmt.Sprint(i)}
		e.Sources = []flashback.Source{{Title: "Test batch", Note: "public domain"}}
	}
	// The source's own pick and its picture survive a round trip.
	batch[0].Selected = true
	batch[0].Image = &flashback.Image{Path: "/media/ab.jpg", Width: 320, Height: 213,
		Alt: "Leon Trotsky", CreditURL: "https://example.org/wiki/File:Trotsky.jpg"}
	return batch
}

func mustImport(t *testing.T, s flashback.EventStore, events []*flashback.Event) flashback.ImportStats {
	t.Helper()
	stats, err := s.ImportEvents(context.Background(), events)
	if err != nil {
		t.Fatalf("ImportEvents: %v", err)
	}
	return stats
}

func assertStats(t *testing.T, got flashback.ImportStats, added, updated, unchanged, skipped int) {
	t.Helper()
	if got.Added != added || got.Updated != updated || got.Unchanged != unchanged || len(got.Skipped) != skipped {
		t.Errorf("stats = %d added, %d updated, %d unchanged, %d skipped %v; want %d, %d, %d, %d",
			got.Added, got.Updated, got.Unchanged, len(got.Skipped), got.Skipped,
			added, updated, unchanged, skipped)
	}
}

func testImport(t *testing.T, newStore NewStore) {
	s, ctx := newStore(t), context.Background()
	first := imported()
	assertStats(t, mustImport(t, s, first), 3, 0, 0, 0)
	for _, e := range first {
		if e.ID == 0 || e.Slug == "" || e.CreatedAt.IsZero() {
			t.Errorf("imported %q has ID %d, slug %q, created %v", e.Headline, e.ID, e.Slug, e.CreatedAt)
		}
	}
	stored, err := s.FindEventByID(ctx, first[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	assertSameEvent(t, stored, first[0])

	t.Run("SameBatchAgain", func(t *testing.T) {
		before := mustVersion(t, s)
		again := imported()
		assertStats(t, mustImport(t, s, again), 0, 0, 3, 0)
		if after := mustVersion(t, s); after != before {
			t.Errorf("ContentVersion moved from %d to %d on an import that changed nothing", before, after)
		}
		got, err := s.FindEventByID(ctx, first[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.UpdatedAt.Equal(first[0].UpdatedAt) {
			t.Errorf("UpdatedAt moved from %v to %v on an unchanged import", first[0].UpdatedAt, got.UpdatedAt)
		}
		if again[0].ID != first[0].ID {
			t.Errorf("re-import gave ID %d, want %d", again[0].ID, first[0].ID)
		}
	})

	t.Run("OneChanged", func(t *testing.T) {
		before := mustVersion(t, s)
		batch := imported()
		batch[1].Summary = "Franz Schubert is born in Vienna."
		assertStats(t, mustImport(t, s, batch), 0, 1, 2, 0)
		if after := mustVersion(t, s); after <= before {
			t.Errorf("ContentVersion %d after an update, want more than %d", after, before)
		}
		got, err := s.FindEventByID(ctx, first[1].ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Summary != batch[1].Summary || !got.CreatedAt.Equal(first[1].CreatedAt) {
			t.Errorf("after update: summary %q, created %v", got.Summary, got.CreatedAt)
		}
	})

	t.Run("NoDuplicates", func(t *testing.T) {
		_, total := mustFind(t, s, flashback.EventFilter{IncludeDrafts: true})
		if total != 3 {
			t.Errorf("%d events after three imports of the same keys, want 3", total)
		}
	})
}

func testImportSkips(t *testing.T, newStore NewStore) {
	s := newStore(t)
	noKey := day("No key", 1900, time.May, 1)
	noHeadline := day("", 1900, time.May, 2)
	noHeadline.ExternalKey = "test:no-headline"
	badCategory := day("Bad category", 1900, time.May, 3)
	badCategory.ExternalKey = "test:bad-category"
	badDate := day("Bad date", 1900, time.February, 29)
	badDate.ExternalKey = "test:bad-date"
	batch := append(imported(), noKey, noHeadline, badCategory, badDate)
	badCategory.Category = "gossip"

	stats := mustImport(t, s, batch)
	assertStats(t, stats, 3, 0, 0, 4)
	for _, skip := range stats.Skipped {
		if skip.Ref == "" || skip.Reason == "" {
			t.Errorf("skip %+v lacks a ref or a reason", skip)
		}
	}
	_, total := mustFind(t, s, flashback.EventFilter{IncludeDrafts: true})
	if total != 3 {
		t.Errorf("%d events stored, want the 3 valid ones", total)
	}

	t.Run("Empty", func(t *testing.T) {
		assertStats(t, mustImport(t, s, nil), 0, 0, 0, 0)
	})
}

func testImportBatches(t *testing.T, newStore NewStore) {
	t.Run("SameKeyTwiceInOneBatch", func(t *testing.T) {
		s := newStore(t)
		a, b, c := imported()[0], imported()[0], imported()[0]
		b.Headline = "Trotsky exiled (second version)"
		assertStats(t, mustImport(t, s, []*flashback.Event{a, b, c}), 1, 2, 0, 0)
		events, total := mustFind(t, s, flashback.EventFilter{})
		if total != 1 {
			t.Fatalf("%d events stored, want 1", total)
		}
		assertHeadlines(t, events, a.Headline)
		if a.ID != b.ID || b.ID != c.ID {
			t.Errorf("IDs %d, %d, %d for one key", a.ID, b.ID, c.ID)
		}
	})
	t.Run("Large", func(t *testing.T) {
		s, ctx := newStore(t), context.Background()
		var batch []*flashback.Event
		for i := range 1234 {
			e := day(fmt.Sprintf("Event %04d", i), 1000+i, time.Month(1+i%12), 1+i%28)
			e.ExternalKey = fmt.Sprintf("large:%d", i)
			batch = append(batch, e)
		}
		assertStats(t, mustImport(t, s, batch), len(batch), 0, 0, 0)
		seen := map[int64]bool{}
		for _, e := range batch {
			if e.ID == 0 || seen[e.ID] {
				t.Fatalf("%q has ID %d, zero or shared", e.Headline, e.ID)
			}
			seen[e.ID] = true
		}
		for _, i := range []int{0, 199, 200, 777, 1233} {
			got, err := s.FindEventByID(ctx, batch[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			assertSameEvent(t, got, batch[i])
		}
	})
}
