package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"flashback"
)

func openTestDB(t testing.TB) *DB {
	t.Helper()
	db := NewDB(filepath.Join(t.TempDir(), "flashback.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func testEvent(i int) *flashback.Event {
	return &flashback.Event{
		Date:      flashback.HistDate{Year: 1900 + i%100, Month: time.Month(1 + i%12), Day: 1 + i%28},
		Category:  flashback.CategoryHistory,
		Headline:  fmt.Sprintf("Event number %d", i),
		Published: true,
	}
}

// TestReadersDuringWrite holds a write transaction open and checks that
// readers neither wait for it nor see its uncommitted rows.
func TestReadersDuringWrite(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	s := NewEventStore(db)
	if err := s.CreateEvent(ctx, testEvent(1)); err != nil {
		t.Fatal(err)
	}
	before, _ := s.ContentVersion(ctx)

	tx, err := db.beginWrite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := (deskTx{tx}).InsertEvent(ctx, testEvent(2)); err != nil {
		t.Fatal(err)
	}

	readCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			_, total, err := s.FindEvents(readCtx, flashback.EventFilter{Query: "event"})
			switch {
			case err != nil:
				errs <- err
			case total != 1:
				errs <- fmt.Errorf("reader saw %d events, want the 1 committed", total)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if v, _ := s.ContentVersion(ctx); v != before {
		t.Errorf("ContentVersion %d before commit, want %d", v, before)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.ContentVersion(ctx); v <= before {
		t.Errorf("ContentVersion %d after commit, want more than %d", v, before)
	}
}

// TestBackupDuringWrite backs up while a write transaction is open: the
// copy has the committed rows only, and the writer is not disturbed.
func TestBackupDuringWrite(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	s := NewEventStore(db)
	if err := s.CreateEvent(ctx, testEvent(1)); err != nil {
		t.Fatal(err)
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := (deskTx{tx}).InsertEvent(ctx, testEvent(2)); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "during.db")
	backupCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := db.Backup(backupCtx, dest); err != nil {
		t.Fatalf("Backup during a write: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("commit after backup: %v", err)
	}
	cp := NewDB(dest)
	if err := cp.Open(); err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if _, total, _ := NewEventStore(cp).FindEvents(ctx, flashback.EventFilter{}); total != 1 {
		t.Errorf("backup has %d events, want the 1 committed before it", total)
	}
}

// TestConcurrentWritersAndReaders runs writers and readers at once: the
// single writer connection queues writers, so none gets SQLITE_BUSY.
func TestConcurrentWritersAndReaders(t *testing.T) {
	ctx := context.Background()
	s := NewEventStore(openTestDB(t))
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range 4 {
		wg.Go(func() {
			for i := range 10 {
				if err := s.CreateEvent(ctx, testEvent(w*100+i)); err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
				}
			}
		})
		wg.Go(func() {
			for range 20 {
				if _, _, err := s.FindEvents(ctx, flashback.EventFilter{Limit: 5}); err != nil {
					errs <- fmt.Errorf("reader %d: %w", w, err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if _, total, _ := s.FindEvents(ctx, flashback.EventFilter{}); total != 40 {
		t.Errorf("%d events after 4 writers × 10, want 40", total)
	}
}
