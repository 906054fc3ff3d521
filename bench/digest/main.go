// Command digest measures digest delivery throughput: N synthetic confirmed
// subscribers spread over time zones, one delivery pass into a local SMTP
// sink, compared in the same run with a bare SMTP client pushing
// pre-rendered messages of the same size into the same sink (the limit).
//
//	go run ./bench/digest -n 100000
//	go run ./bench/digest -n 1000000
//	scripts/postgres go run ./bench/digest -store postgres -instances 3
//
// With -store postgres the database is a new one, made for the run and
// dropped after it, on the server -postgres names (by default the one
// scripts/postgres starts). With -instances N, N schedulers, each with its
// own stores, connections and instance ID, share the pass as N serve
// processes would (in this one process, so the peak RSS is theirs
// together); the bare client then gets N times the connections.
//
// The sink runs in a child process (this program again, with -serve-sink),
// so that the peak RSS reported is the sender's alone.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"flashback"
	"flashback/corpus"
	"flashback/mail"
	"flashback/mail/smtpsink"
	"flashback/newsletter"
	"flashback/stores"
)

type config struct {
	n       int
	conns   int
	workers int
	batch   int
	dir     string
	// store is "sqlite" or "postgres"; postgres is the server for the
	// latter; instances is how many schedulers share the pass.
	store, postgres string
	instances       int
	// cpuProfile, when set, is where the pass's CPU profile goes.
	cpuProfile string
}

func main() {
	var c config
	serve := flag.Bool("serve-sink", false, "run only the SMTP sink (used by the benchmark itself)")
	flag.IntVar(&c.n, "n", 100_000, "subscribers")
	flag.IntVar(&c.conns, "conns", 10, "SMTP connections, for the pass and the bare client alike")
	flag.IntVar(&c.workers, "workers", 0, "delivery workers (default 2 × conns)")
	flag.IntVar(&c.batch, "batch", 512, "subscribers per claim")
	flag.StringVar(&c.dir, "dir", "", "directory for the database (default: a temporary one, removed after)")
	flag.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the delivery pass to this file")
	flag.StringVar(&c.store, "store", "sqlite", "sqlite or postgres")
	flag.StringVar(&c.postgres, "postgres", os.Getenv("FLASHBACK_TEST_POSTGRES"),
		"with -store postgres: a server URL whose user may create databases")
	flag.IntVar(&c.instances, "instances", 1, "schedulers sharing the pass, each as its own instance")
	flag.Parse()
	var err error
	if *serve {
		err = serveSink()
	} else {
		err = run(c)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/digest:", err)
		os.Exit(1)
	}
}

// serveSink runs a counting sink until stdin closes.
func serveSink() error {
	sink, err := smtpsink.Start(smtpsink.Options{CountOnly: true})
	if err != nil {
		return err
	}
	fmt.Println(sink.URL())
	io.Copy(io.Discard, os.Stdin)
	return sink.Close()
}

func startSink() (url string, stop func(), err error) {
	cmd := exec.Command(os.Args[0], "-serve-sink")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return "", nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		return "", nil, fmt.Errorf("sink did not start: %w", err)
	}
	return strings.TrimSpace(line), func() { stdin.Close(); cmd.Wait() }, nil
}

func run(c config) error {
	if c.workers <= 0 {
		c.workers = 2 * c.conns
	}
	if c.instances <= 0 {
		return fmt.Errorf("-instances must be positive")
	}
	if c.dir == "" {
		dir, err := os.MkdirTemp("", "flashback-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		c.dir = dir
	}
	dsn, drop, err := database(c)
	if err != nil {
		return err
	}
	defer drop()
	sinkURL, stop, err := startSink()
	if err != nil {
		return err
	}
	defer stop()
	now := time.Now().UTC().Truncate(time.Minute)
	clock := func() time.Time { return now }
	st, err := stores.Open(dsn, clock)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	if err := loadCorpus(ctx, st.Events); err != nil {
		return err
	}
	t0 := time.Now()
	if err := seed(ctx, st.Subscribers, c.n, now); err != nil {
		return err
	}
	fmt.Printf("%s: seeded %d subscribers in %v\n", c.store, c.n, time.Since(t0).Round(time.Millisecond))
	cpu0 := cpuTime()
	pass, size, err := deliverAll(ctx, c, dsn, sinkURL, clock)
	if err != nil {
		return err
	}
	passCPU := cpuTime() - cpu0
	peak := peakRSS()
	cpu0 = cpuTime()
	bareConns := c.conns * c.instances
	bare, err := bareClient(sinkURL, bareConns, pass.Sent, size)
	if err != nil {
		return err
	}
	bareCPU := cpuTime() - cpu0
	rate := float64(pass.Sent) / pass.Elapsed.Seconds()
	fmt.Printf("delivery pass (%d instance(s)): %v\n", c.instances, pass)
	fmt.Printf("digests/s: %.0f (average message %d bytes)\n", rate, size)
	fmt.Printf("bare client: %.0f messages/s of %d bytes over %d connections\n", bare, size, bareConns)
	fmt.Printf("ratio to the bare client: %.2f\n", rate/bare)
	// CPU per message depends far less on what else the machine runs than
	// the rates do, so it shows where a change helped on a busy machine.
	fmt.Printf("sender CPU per message: pass %.1f µs, bare client %.1f µs\n",
		float64(passCPU.Microseconds())/float64(max(pass.Sent, 1)),
		float64(bareCPU.Microseconds())/float64(max(pass.Sent, 1)))
	fmt.Printf("peak RSS during seeding and the pass (all instances): %.1f MB\n", float64(peak)/(1<<20))
	return nil
}

// database returns the URL of an empty database for the run and how to
// remove it.
func database(c config) (dsn string, drop func(), err error) {
	switch c.store {
	case "sqlite":
		return filepath.Join(c.dir, "bench.db"), func() {}, nil
	case "postgres":
		if c.postgres == "" {
			return "", nil, fmt.Errorf("-store postgres needs -postgres or $FLASHBACK_TEST_POSTGRES (scripts/postgres sets it)")
		}
		return createPostgres(c.postgres)
	}
	return "", nil, fmt.Errorf("-store %q: want sqlite or postgres", c.store)
}

func loadCorpus(ctx context.Context, events flashback.EventStore) error {
	bundled, _, err := corpus.Bundled()
	if err != nil {
		return err
	}
	_, err = corpus.Import(ctx, events, bundled, nil)
	return err
}

// deliverAll runs one pass with c.instances schedulers at once, each on
// stores of its own, and returns their stats summed (Elapsed: until the
// last one ended) and the average message size.
func deliverAll(ctx context.Context, c config, dsn, sinkURL string, clock flashback.Clock) (newsletter.PassStats, int, error) {
	if c.cpuProfile != "" {
		f, err := os.Create(c.cpuProfile)
		if err != nil {
			return newsletter.PassStats{}, 0, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return newsletter.PassStats{}, 0, err
		}
		defer pprof.StopCPUProfile()
	}
	type result struct {
		stats newsletter.PassStats
		size  int
		err   error
	}
	results := make(chan result, c.instances)
	ready := make(chan struct{})
	start := time.Now()
	for range c.instances {
		go func() {
			var r result
			r.stats, r.size, r.err = deliver(ctx, c, dsn, sinkURL, clock, ready)
			results <- r
		}()
	}
	close(ready)
	var total newsletter.PassStats
	var size int
	var errs []error
	for range c.instances {
		r := <-results
		errs = append(errs, r.err)
		total.Claimed += r.stats.Claimed
		total.Sent += r.stats.Sent
		total.Retried += r.stats.Retried
		total.Failed += r.stats.Failed
		total.Skipped += r.stats.Skipped
		total.Released += r.stats.Released
		total.Expired += r.stats.Expired
		total.TakenOver += r.stats.TakenOver
		size = max(size, r.size)
	}
	total.Elapsed = time.Since(start)
	if err := errors.Join(errs...); err != nil {
		return total, size, err
	}
	if total.Sent != c.n {
		return total, size, fmt.Errorf("%d digests sent for %d subscribers", total.Sent, c.n)
	}
	return total, size, nil
}

// deliver runs one instance's pass, once ready is closed, and returns its
// stats and the average message size.
func deliver(ctx context.Context, c config, dsn, sinkURL string, clock flashback.Clock, ready <-chan struct{}) (newsletter.PassStats, int, error) {
	st, err := stores.Open(dsn, clock)
	if err != nil {
		return newsletter.PassStats{}, 0, err
	}
	defer st.Close()
	quiet := slog.New(slog.DiscardHandler)
	sender, err := mail.New(sinkURL, mail.Options{Pool: c.conns, Timeout: 30 * time.Second, Logger: quiet, HELO: "bench.local"})
	if err != nil {
		return newsletter.PassStats{}, 0, err
	}
	defer sender.Close()
	svc, err := newsletter.New(ctx, newsletter.Deps{
		Subscribers: st.Subscribers, Deliveries: st.Deliveries,
		Events: st.Events, Secrets: st.Secrets, Mail: sender, Clock: clock, Logger: quiet,
	}, newsletter.Config{BaseURL: "https://flashback.example", From: "Flashback <digest@flashback.example>"})
	if err != nil {
		return newsletter.PassStats{}, 0, err
	}
	size, err := sampleSize(ctx, svc, clock())
	if err != nil {
		return newsletter.PassStats{}, 0, err
	}
	sc := newsletter.Scheduler{Service: svc, Workers: c.workers, Batch: c.batch, Journal: st.Journal}
	<-ready
	stats, err := sc.RunOnce(ctx)
	if err == nil && stats.Sent != stats.Claimed {
		err = fmt.Errorf("only %d of %d claimed digests were sent", stats.Sent, stats.Claimed)
	}
	return stats, size, err
}

// sampleSize renders a week of digests and returns their average size.
func sampleSize(ctx context.Context, svc *newsletter.Service, now time.Time) (int, error) {
	total, n := 0, 0
	d := flashback.CivilDateOf(now, time.UTC)
	for i := range 7 {
		dg, err := svc.ComposeDigest(ctx, d.AddDays(i), flashback.Preferences{TimeZone: "UTC"})
		if err != nil {
			return 0, err
		}
		raw, err := mail.Render(svc.Personalize(dg, &flashback.Subscriber{ID: int64(i + 1), Email: "sample@example.org", TokenGeneration: 1}))
		if err != nil {
			return 0, err
		}
		total += len(raw)
		n++
	}
	return total / n, nil
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS is the process's high-water mark of resident memory (VmHWM).
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(rest), "%d", &kb)
			return kb << 10
		}
	}
	return 0
}
