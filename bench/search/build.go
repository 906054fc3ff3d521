package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"flashback"
	"flashback/corpus"
	"flashback/sqlite"
)

// importBatch is how many events go in per ImportEvents transaction.
const importBatch = 10_000

// buildCorpus opens the database at path, filling it with n generated
// events through the store's own import (triggers and full-text index
// included) when it does not exist yet, and merging the search indexes
// after, as the import command does. It returns how long the build took,
// zero when the file was already there.
func buildCorpus(ctx context.Context, path string, n int) (*sqlite.DB, time.Duration, error) {
	_, err := os.Stat(path)
	fresh := errors.Is(err, os.ErrNotExist)
	if err != nil && !fresh {
		return nil, 0, err
	}
	tmp := path
	if fresh {
		// Built under another name and renamed at the end, so that an
		// interrupted build is never mistaken for a finished one.
		tmp = path + ".building"
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(tmp + suffix)
		}
	}
	db := sqlite.NewDB(tmp)
	opened := time.Now()
	if err := db.Open(); err != nil {
		return nil, 0, err
	}
	if !fresh {
		// Opening ran any migration the file had not seen yet.
		fmt.Printf("opened in %s\n", time.Since(opened).Round(100*time.Millisecond))
		return db, 0, nil
	}
	start := time.Now()
	store := sqlite.NewEventStore(db)
	if err := fill(ctx, store, n); err != nil {
		db.Close()
		return nil, 0, err
	}
	filled := time.Now()
	merged, err := store.TidySearchIndexes(ctx)
	if err != nil {
		db.Close()
		return nil, 0, err
	}
	took := time.Since(start)
	fmt.Printf("imported in %s, then merged the search indexes in %s\n", filled.Sub(start).Round(100*time.Millisecond), merged.Round(100*time.Millisecond))
	if err := db.Close(); err != nil {
		return nil, 0, err
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, 0, err
	}
	db = sqlite.NewDB(path)
	return db, took, db.Open()
}

func fill(ctx context.Context, store flashback.EventStore, n int) error {
	bundled, _, err := corpus.Bundled()
	if err != nil {
		return err
	}
	g := newGenerator(bundled)
	for done := 0; done < n; {
		batch := g.batch(done, min(importBatch, n-done))
		st, err := store.ImportEvents(ctx, batch)
		if err != nil {
			return err
		}
		if len(st.Skipped) > 0 {
			return fmt.Errorf("import skipped %d events, first: %+v", len(st.Skipped), st.Skipped[0])
		}
		done += len(batch)
		if done%100_000 == 0 {
			fmt.Fprintf(os.Stderr, "built %d of %d events\n", done, n)
		}
	}
	return nil
}
