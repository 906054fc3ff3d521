package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	"flashback/sqlite"

	_ "modernc.org/sqlite" // the same driver the store uses
)

// reportSize prints the size of the database file and, from SQLite's
// dbstat table, of the full-text indexes' own tables within it, and how
// many segments each index is in.
func reportSize(ctx context.Context, path string, store *sqlite.EventStore) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	db, err := sql.Open("sqlite", path+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var fts, headlines int64
	err = db.QueryRow(`SELECT coalesce(sum(pgsize) FILTER (WHERE name LIKE 'events_fts%'), 0),
		coalesce(sum(pgsize) FILTER (WHERE name LIKE 'events_headline_fts%'), 0) FROM dbstat`).Scan(&fts, &headlines)
	if err != nil {
		return fmt.Errorf("index size: %w", err)
	}
	fmt.Printf("database %.0f MiB, of which the full-text index %.0f MiB and the headline index %.0f MiB\n", mib(fi.Size()), mib(fts), mib(headlines))
	layouts, err := store.SearchIndexLayouts(ctx)
	if err != nil {
		return err
	}
	for _, l := range layouts {
		fmt.Printf("%s: %d segments on %d levels, the largest %d of %d leaf pages\n", l.Table, l.Segments, l.Levels, l.Largest, l.Pages)
	}
	return nil
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }
