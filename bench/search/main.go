// Command search measures Flashback's search on a large generated corpus:
// it builds N events into a real SQLite file once (kept between runs, in
// the user's cache directory unless -dir says otherwise), then runs a mix
// of queries through the store and reports, per query and for all, p50
// and p99 of the wall time and of the CPU time the searching thread used,
// which a busy machine inflates far less. It also reports the full-text
// index's size on disk and, on the run that builds the corpus, the build
// time. With -dsn it runs against another database instead, PostgreSQL
// above all, which it fills when it holds no event; its CPU times then
// count only this side of the connection, the wall times the server too.
// The garbage collector runs at serve's target (GOGC 400 unless GOGC says
// otherwise), as the searches a server answers do:
//
//	go run ./bench/search -n 1000000
//	scripts/postgres sh -c 'go run ./bench/search -n 200000 -dsn "$FLASHBACK_TEST_POSTGRES"'
package main

import (
	"context"
	"flag"
	"flashback"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"flashback/cmd/flashback/app"
	"flashback/sqlite"
)

func main() {
	n := flag.Int("n", 1_000_000, "events in the corpus")
	dir := flag.String("dir", "", "directory that keeps the built corpus (default: the user's cache directory)")
	rounds := flag.Int("rounds", 50, "times each query of the mix runs")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the query mix to this file")
	only := flag.String("only", "", "run only the queries of the mix whose kind or text holds this")
	tidy := flag.Bool("tidy", false, "merge the search indexes' segments before the queries, if they need it (a corpus built before the build did)")
	dsn := flag.String("dsn", "", "run against this database (postgres://…) instead of a SQLite file, filling it first when it holds no event")
	dump := flag.String("dump", "", "instead of timing the mix, write what each of its queries finds to this file, to diff against another version's")
	flag.Parse()
	// At Go's default target this process, which keeps little live,
	// collected every nine searches or so (108 collections in a run of
	// 50 rounds, 15 at 400; GODEBUG=gctrace=1), and they added
	// 0.45 to 0.84 ms to the p99 of the PostgreSQL mix (100 against 400,
	// three pairs of 50 rounds). serve runs at 400 and keeps more live,
	// so it collects less often still.
	app.TuneGC(os.Getenv)
	gc := debug.SetGCPercent(-1) // reads the target, restored at once
	debug.SetGCPercent(gc)
	fmt.Printf("GOGC %d\n", gc)
	var err error
	if *dsn != "" {
		err = runDSN(context.Background(), *dsn, *n, *rounds, *profile, *only, *dump)
	} else {
		err = run(*n, *dir, *rounds, *profile, *tidy, *only, *dump)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "search bench:", err)
		os.Exit(1)
	}
}

func run(n int, dir string, rounds int, profile string, tidy bool, only, dump string) error {
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return err
		}
		dir = filepath.Join(cache, "flashback-bench")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	path := filepath.Join(dir, fmt.Sprintf("search-%d.db", n))
	db, took, err := buildCorpus(context.Background(), path, n)
	if err != nil {
		return err
	}
	defer db.Close()
	if took > 0 {
		fmt.Printf("built %d events in %s\n", n, took.Round(100*time.Millisecond))
	} else {
		fmt.Printf("%d events, built by an earlier run: %s\n", n, path)
	}
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("load average %s", load)
	}
	store := sqlite.NewEventStore(db)
	if err := reportSize(context.Background(), path, store); err != nil {
		return err
	}
	if tidy {
		took, err := store.TidySearchIndexes(context.Background())
		if err != nil {
			return err
		}
		fmt.Printf("merged the search indexes in %s\n", took.Round(100*time.Millisecond))
		if err := reportSize(context.Background(), path, store); err != nil {
			return err
		}
	}
	if dump != "" {
		return dumpMix(context.Background(), store, dump)
	}
	return profiledMix(context.Background(), store, rounds, profile, only)
}

// profiledMix runs the mix, writing a CPU profile of it to profile unless
// that is empty.
func profiledMix(ctx context.Context, store flashback.Searcher, rounds int, profile, only string) error {
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	return runMix(ctx, store, rounds, only)
}
