package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"flashback"
	"flashback/stores"
)

// runDSN runs the mix against the database dsn names (PostgreSQL above
// all: scripts/postgres gives a throwaway one), first filling it with n
// generated events and tidying its search indexes, as the import command
// does, when it holds no event yet.
func runDSN(ctx context.Context, dsn string, n, rounds int, profile, only, dump string) error {
	st, err := stores.Open(dsn, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	_, have, err := st.Events.FindEvents(ctx, flashback.EventFilter{IncludeDrafts: true, Limit: 1})
	if err != nil {
		return err
	}
	if have > 0 {
		fmt.Printf("%d events, built by an earlier run\n", have)
	} else if err := buildDSN(ctx, st, n); err != nil {
		return err
	}
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("load average %s", load)
	}
	if err := reportServer(ctx, dsn); err != nil {
		return err
	}
	if dump != "" {
		return dumpMix(ctx, st.Search, dump)
	}
	return profiledMix(ctx, st.Search, rounds, profile, only)
}

func buildDSN(ctx context.Context, st *flashback.Stores, n int) error {
	start := time.Now()
	if err := fill(ctx, st.Events, n); err != nil {
		return err
	}
	filled := time.Now()
	var merged time.Duration
	if t, ok := st.Search.(flashback.SearchIndexTidier); ok {
		var err error
		if merged, err = t.TidySearchIndexes(ctx); err != nil {
			return err
		}
	}
	fmt.Printf("imported %d events in %s, then tidied the search indexes in %s\n", n,
		filled.Sub(start).Round(100*time.Millisecond), merged.Round(100*time.Millisecond))
	return nil
}
