package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"flashback"
	"flashback/sqlite"
)

func TestDB_Backup(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := sqlite.NewEventStore(db)
	for i, h := range []string{"First", "Second", "Third"} {
		e := &flashback.Event{
			Date:      flashback.HistDate{Year: 1900 + i, Month: time.May, Day: 1 + i},
			Category:  flashback.CategoryHistory,
			Headline:  h,
			Published: true,
		}
		if err := s.CreateEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	dest := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, dest); err != nil {
		t.Fatalf("Backup: %v", err)
	}

	t.Run("CopyOpensWithRows", func(t *testing.T) {
		cp := sqlite.NewDB(dest)
		if err := cp.Open(); err != nil {
			t.Fatalf("open backup: %v", err)
		}
		defer cp.Close()
		events, total, err := sqlite.NewEventStore(cp).FindEvents(ctx, flashback.EventFilter{Query: "second"})
		if err != nil {
			t.Fatal(err)
		}
		if total != 1 || events[0].Headline != "Second" {
			t.Errorf("backup search found %d events, want Second", total)
		}
		_, total, _ = sqlite.NewEventStore(cp).FindEvents(ctx, flashback.EventFilter{})
		if total != 3 {
			t.Errorf("backup has %d events, want 3", total)
		}
	})

	t.Run("RefusesToOverwrite", func(t *testing.T) {
		if err := db.Backup(ctx, dest); err == nil {
			t.Error("Backup overwrote an existing file")
		}
	})
}

func TestDB_Memory(t *testing.T) {
	db := sqlite.NewDB(":memory:")
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, ctx := sqlite.NewEventStore(db), context.Background()
	e := &flashback.Event{
		Date:     flashback.HistDate{Year: 1969, Month: time.July, Day: 20},
		Category: flashback.CategoryScience,
		Headline: "Apollo 11 lands on the Moon",
	}
	if err := s.CreateEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindEventByID(ctx, e.ID); err != nil {
		t.Errorf("in-memory database lost its event: %v", err)
	}
	if err := db.Ping(ctx); err != nil {
		t.Error(err)
	}
}
