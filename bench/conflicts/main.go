// Command conflicts times conflict detection as an import runs it, on a
// database that already holds a corpus (the one bench/search builds, on
// SQLite or PostgreSQL): for a sample of the stored events, each taken as
// an incoming record of another source dated a year earlier, it looks up
// the stored events that tell of the same happening (conflict.Find, whose
// cost is mostly the store's ranked headline match) and prints the
// distribution of the lookups' wall times.
//
//	go run ./bench/conflicts -dsn "$HOME/.cache/flashback-bench/search-1000000.db"
//	go run ./bench/conflicts -dsn postgres://… -dump conflicts.txt
//
// With -dump it also writes the conflicts each record found, to compare two
// stores or two versions.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"flashback"
	"flashback/accuracy/conflict"
	"flashback/stores"
)

func main() {
	dsn := flag.String("dsn", "", "the database: a SQLite file or a postgres:// URL (required)")
	rounds := flag.Int("rounds", 3, "times each record is looked up")
	sample := flag.Int("sample", 100, "records, spread evenly over the events' ids")
	dump := flag.String("dump", "", "write the conflicts each record found to this file")
	flag.Parse()
	if *dsn == "" || *rounds < 1 || *sample < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(context.Background(), *dsn, *rounds, *sample, *dump); err != nil {
		fmt.Fprintln(os.Stderr, "conflicts:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dsn string, rounds, sample int, dump string) error {
	st, err := stores.OpenExisting(dsn, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	incoming, err := sampleRecords(ctx, st.Events, sample)
	if err != nil {
		return err
	}
	var took []time.Duration
	var found strings.Builder
	for r := range rounds {
		for _, in := range incoming {
			start := time.Now()
			cs, err := conflict.Find(ctx, st.Events, []*flashback.Event{in})
			took = append(took, time.Since(start))
			if err != nil {
				return err
			}
			if r == 0 {
				fmt.Fprintf(&found, "%q:", in.Headline)
				for _, c := range cs {
					fmt.Fprintf(&found, " %d", c.Existing.ID)
				}
				found.WriteString("\n")
			}
		}
	}
	slices.Sort(took)
	at := func(q float64) time.Duration { return took[int(q*float64(len(took)-1))].Round(10 * time.Microsecond) }
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("load average %s", load)
	}
	fmt.Printf("%d lookups of %d records: p50 %v, p90 %v, p99 %v, max %v\n",
		len(took), len(incoming), at(0.5), at(0.9), at(0.99), took[len(took)-1].Round(10*time.Microsecond))
	if dump != "" {
		return os.WriteFile(dump, []byte(found.String()), 0o644)
	}
	return nil
}

// sampleRecords takes up to n stored events, spread over the ids, as
// records of another source: no id or key, dated a year earlier.
func sampleRecords(ctx context.Context, events flashback.EventStore, n int) ([]*flashback.Event, error) {
	_, total, err := events.FindEvents(ctx, flashback.EventFilter{Limit: 1, IncludeDrafts: true})
	if err != nil {
		return nil, err
	}
	last := int64(total)
	step := max(last/int64(n), 1)
	var out []*flashback.Event
	for id := int64(1); id <= last && len(out) < n; id += step {
		e, err := events.FindEventByID(ctx, id)
		if flashback.ErrorCode(err) == flashback.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		e.ID, e.ExternalKey = 0, ""
		e.Date.Year--
		if e.Date.Year == 0 {
			e.Date.Year = -1
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the database holds no events")
	}
	return out, nil
}
