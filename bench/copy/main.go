// Command copy measures flashback copy: the bundled corpus plus N
// confirmed subscribers, each with a sent digest in the ledger, copied from
// SQLite into a fresh PostgreSQL database and from there back into a fresh
// SQLite file. As the reference, in the same run, the PostgreSQL copy is
// dumped and loaded again with the server's own tools (pg_dump, then psql
// --single-transaction): what loading the same site costs the server
// without flashback's conversions and checksums.
//
// Run it beside a PostgreSQL server, as bench/copy.sh does:
//
//	scripts/postgres go run ./bench/copy -pgbin "$(pg_config --bindir)"
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
	"flashback/corpus"
	"flashback/postgres/pgtest"
	"flashback/sqlite"
	"flashback/storecopy"
	"flashback/stores"
)

func main() {
	subscribers := flag.Int("subscribers", 100_000, "confirmed subscribers, each with a sent digest")
	runs := flag.Int("runs", 3, "rounds of measurement")
	pgbin := flag.String("pgbin", "", "directory of pg_dump and psql (the reference)")
	dir := flag.String("dir", "", "working directory (default: a new temporary one)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the rounds (not the build) to this file")
	flag.Parse()
	server := os.Getenv(pgtest.EnvVar)
	if server == "" {
		log.Fatalf("bench/copy: set %s to a PostgreSQL server URL (scripts/postgres does)", pgtest.EnvVar)
	}
	if *dir == "" {
		d, err := os.MkdirTemp("", "flashback-copy-bench")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(d)
		*dir = d
	}
	ctx := context.Background()
	src := filepath.Join(*dir, "site.db")
	start := time.Now()
	if err := build(ctx, src, *subscribers); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("source: bundled corpus + %d subscribers with a sent digest each, built in %s\n",
		*subscribers, time.Since(start).Round(time.Millisecond))
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	for i := 1; i <= *runs; i++ {
		if err := round(ctx, i, server, *pgbin, *dir, src); err != nil {
			log.Fatal(err)
		}
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		fmt.Printf("peak RSS of this process: %d MB\n", ru.Maxrss/1024)
	}
}

// round runs one measurement: SQLite to PostgreSQL, PostgreSQL back to
// SQLite, and the server's own dump and restore of the same database.
func round(ctx context.Context, i int, server, pgbin, dir, src string) error {
	pg, err := createDB(ctx, server, fmt.Sprintf("copy_bench_%d", i))
	if err != nil {
		return err
	}
	toPG, err := timedCopy(ctx, "sqlite:"+src, pg)
	if err != nil {
		return err
	}
	back := filepath.Join(dir, fmt.Sprintf("back%d.db", i))
	toLite, err := timedCopy(ctx, pg, "sqlite:"+back)
	if err != nil {
		return err
	}
	os.Remove(back)
	line := fmt.Sprintf("run %d (load %s): %d rows; sqlite→postgres %s (%.0f rows/s); postgres→sqlite %s",
		i, loadavg(), toPG.Rows, toPG.Elapsed.Round(time.Millisecond),
		float64(toPG.Rows)/toPG.Elapsed.Seconds(), toLite.Elapsed.Round(time.Millisecond))
	if pgbin != "" {
		dump, restore, err := reference(ctx, server, pgbin, dir, pg, i)
		if err != nil {
			return err
		}
		line += fmt.Sprintf("; reference pg_dump %s, load with psql %s", dump.Round(time.Millisecond), restore.Round(time.Millisecond))
	}
	fmt.Println(line)
	return nil
}

func timedCopy(ctx context.Context, from, to string) (storecopy.Report, error) {
	src, err := stores.OpenCopySource(from)
	if err != nil {
		return storecopy.Report{}, err
	}
	defer src.Close()
	dst, err := stores.OpenCopyTarget(to)
	if err != nil {
		return storecopy.Report{}, err
	}
	defer dst.Close()
	return storecopy.Copy(ctx, src, dst, storecopy.Options{Progress: io.Discard})
}

// reference dumps pg as plain SQL and loads the dump into a new database
// with psql, timing each.
func reference(ctx context.Context, server, pgbin, dir, pg string, i int) (dump, restore time.Duration, err error) {
	file := filepath.Join(dir, fmt.Sprintf("site%d.sql", i))
	defer os.Remove(file)
	start := time.Now()
	if err := run(ctx, filepath.Join(pgbin, "pg_dump"), "--no-owner", "-f", file, "-d", pg); err != nil {
		return 0, 0, err
	}
	dump = time.Since(start)
	fresh, err := createDB(ctx, server, fmt.Sprintf("copy_bench_ref_%d", i))
	if err != nil {
		return 0, 0, err
	}
	start = time.Now()
	if err := run(ctx, filepath.Join(pgbin, "psql"), "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-d", fresh, "-f", file); err != nil {
		return 0, 0, err
	}
	return dump, time.Since(start), nil
}

func run(ctx context.Context, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(name), err)
	}
	return nil
}

// createDB makes an empty database on server, dropping one left by an
// earlier run, and returns its URL.
func createDB(ctx context.Context, server, name string) (string, error) {
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	for _, q := range []string{"DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "CREATE DATABASE " + name} {
		if _, err := conn.Exec(ctx, q); err != nil {
			return "", err
		}
	}
	u, err := url.Parse(server)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// build makes the source site: the bundled corpus, n confirmed
// subscribers and the ledger of one digest sent to each.
func build(ctx context.Context, path string, n int) error {
	clk := time.Date(2026, time.March, 2, 6, 30, 0, 0, time.UTC) // 07:30 in Vienna
	st, err := sqlite.Open(path, func() time.Time { return clk })
	if err != nil {
		return err
	}
	defer st.Close()
	bundled, _, err := corpus.Bundled()
	if err != nil {
		return err
	}
	if _, err := corpus.Import(ctx, st.Events, bundled, nil); err != nil {
		return err
	}
	seeder := st.Subscribers.(interface {
		SeedConfirmed(context.Context, []*flashback.Subscriber) error
	})
	day := flashback.CivilDate{Year: 2026, Month: time.March, Day: 2}
	subs := make([]*flashback.Subscriber, n)
	for i := range subs {
		subs[i] = &flashback.Subscriber{Email: fmt.Sprintf("reader%07d@example.org", i),
			Preferences: flashback.Preferences{TimeZone: "Europe/Vienna", WakeHour: 7},
			Consent:     flashback.Consent{Source: "benchmark"}, NextDate: day}
	}
	if err := seeder.SeedConfirmed(ctx, subs); err != nil {
		return err
	}
	return sendAll(ctx, st.Deliveries)
}

// sendAll claims every digest due and records it sent.
func sendAll(ctx context.Context, d flashback.DeliveryStore) error {
	for {
		res, err := d.ClaimDeliveries(ctx, flashback.ClaimOptions{Limit: 5000, Lease: 5 * time.Minute, Cutoff: 12 * time.Hour})
		if err != nil || res.Examined == 0 {
			return err
		}
		outs := make([]flashback.Outcome, len(res.Claims))
		for i, c := range res.Claims {
			outs[i] = flashback.Outcome{SubscriberID: c.Subscriber.ID, LocalDate: c.LocalDate, Attempt: c.Attempt,
				State: flashback.DeliverySent, MessageID: fmt.Sprintf("<%d@bench.example>", c.Subscriber.ID)}
		}
		if err := d.CompleteDeliveries(ctx, outs); err != nil {
			return err
		}
	}
}
