package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"flashback"
	"flashback/cmd/flashback/app"
	"flashback/mail"
	"flashback/metrics"
	"flashback/newsletter"
	"flashback/stores"
)

// result is what an instance process reports of its pass.
type result struct {
	Pass    string        `json:"pass"` // newsletter.PassStats, as it prints
	Sent    int           `json:"sent"`
	Claimed int           `json:"claimed"`
	Elapsed time.Duration `json:"elapsed"`
	CPU     time.Duration `json:"cpu"`
	PeakRSS int64         `json:"peak_rss"` // of the whole process: stores, mail pool, pass
	Size    int           `json:"size"`     // average message, from a week of digests
	// Checks is how the store answered the checks before each send, when
	// it counts them (metrics.SendCheckCounter).
	Checks *sendChecks `json:"checks,omitempty"`
}

// sendChecks counts a pass's send checks by how they were answered.
type sendChecks struct {
	Memory   uint64 `json:"memory"`
	Database uint64 `json:"database"`
}

// serveInstance is one instance's process: it opens the store as a serve
// would, with its own mail pool and instance ID, says "ready", runs one
// delivery pass (or, killable, passes until its standard input closes)
// when its standard input says "go", and prints the result as JSON.
func serveInstance(c config) error {
	// The pass runs with the collector's target a serve process uses.
	app.TuneGC(os.Getenv)
	nanos, err := strconv.ParseInt(c.now, 10, 64)
	if err != nil {
		return fmt.Errorf("-now: %w", err)
	}
	now := time.Unix(0, nanos).UTC()
	clock := func() time.Time { return now }
	if c.killable {
		// As serve's: a restart's heartbeats and leases move on in time.
		clock = func() time.Time { return time.Now().UTC() }
	}
	st, err := stores.Open(c.dsn, clock)
	if err != nil {
		return err
	}
	defer st.Close()
	deliveries, journal := st.Deliveries, st.Journal
	var trace *tracer
	if c.killable {
		trace = &tracer{w: os.Stderr}
		trace.printf("started")
		deliveries = &claimReporter{DeliveryStore: &tracedDeliveries{DeliveryStore: deliveries, t: trace, dsn: c.dsn},
			w: os.NewFile(3, "claims")}
		journal = &tracedJournal{OutcomeJournal: journal, t: trace}
	}
	ctx := context.Background()
	logger := slog.New(slog.DiscardHandler)
	if c.killable {
		// What went wrong after a kill (a failed pass, a heartbeat that
		// could not be written) explains a slow recovery.
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})).
			With("instance", c.instance)
	}
	helo := "bench.local"
	if c.killable {
		helo = runHelo(os.Getpid())
	}
	sender, err := mail.New(c.sinkURL, mail.Options{Pool: c.conns, Timeout: 30 * time.Second, Logger: logger, HELO: helo})
	if err != nil {
		return err
	}
	defer sender.Close()
	svc, err := newsletter.New(ctx, newsletter.Deps{
		Subscribers: st.Subscribers, Deliveries: deliveries, Events: st.Events, Secrets: st.Secrets,
		Mail: sender, Clock: clock, Logger: logger,
	}, newsletter.Config{BaseURL: "https://flashback.example", From: "Flashback <digest@flashback.example>"})
	if err != nil {
		return err
	}
	size, err := sampleSize(ctx, svc, clock())
	if err != nil {
		return err
	}
	sc := newsletter.Scheduler{Service: svc, Workers: c.workers, Batch: c.batch, Journal: journal,
		Instance: flashback.Instance{ID: c.instance, StartedAt: time.Now()}}
	fmt.Println("ready")
	in := bufio.NewReader(os.Stdin)
	if line, err := in.ReadString('\n'); err != nil || strings.TrimSpace(line) != "go" {
		return fmt.Errorf("waiting for go: %q %v", line, err)
	}
	stop, err := profile(c.cpuProfile)
	if err != nil {
		return err
	}
	cpu0 := cpuTime()
	pass, err := passes(sc, trace, in)
	cpu := cpuTime() - cpu0
	stop()
	if err != nil {
		return err
	}
	res := result{Pass: pass.String(), Sent: pass.Sent, Claimed: pass.Claimed,
		Elapsed: pass.Elapsed, CPU: cpu, PeakRSS: peakRSS(), Size: size}
	if counter, ok := st.Deliveries.(metrics.SendCheckCounter); ok {
		memory, database := counter.SendChecks()
		res.Checks = &sendChecks{Memory: memory, Database: database}
	}
	return json.NewEncoder(os.Stdout).Encode(res)
}

// passes runs one pass or, for a killable instance (traced), serve's loop
// of passes (one a minute) until in closes, and returns what they did in
// all.
func passes(sc newsletter.Scheduler, trace *tracer, in io.Reader) (newsletter.PassStats, error) {
	if trace == nil {
		return sc.RunOnce(context.Background())
	}
	trace.printf("go")
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		io.Copy(io.Discard, in)
		cancel()
	}()
	var sum passSum
	sc.Observer = tracedPasses{PassObserver: &sum, t: trace}
	err := sc.Run(ctx)
	return sum.total, errors.Join(err, sum.err)
}

// passSum adds up the passes of a Run; the first failed pass's error is
// kept, as serve would log it and go on.
type passSum struct {
	mu    sync.Mutex
	total newsletter.PassStats
	err   error
}

func (p *passSum) ObservePass(s newsletter.PassStats, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	t := &p.total
	t.Claimed, t.Sent, t.Retried, t.Failed = t.Claimed+s.Claimed, t.Sent+s.Sent, t.Retried+s.Retried, t.Failed+s.Failed
	t.Skipped, t.Released, t.Expired = t.Skipped+s.Skipped, t.Released+s.Released, t.Expired+s.Expired
	t.TakenOver, t.Elapsed = t.TakenOver+s.TakenOver, t.Elapsed+s.Elapsed
	if err != nil && p.err == nil {
		p.err = fmt.Errorf("a pass failed: %w", err)
	}
}

// profile starts a CPU profile into path, if one is asked for.
func profile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// child is a running instance process.
type child struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Reader
}

// startInstances starts n instance processes on dsn and waits until each
// is ready to deliver.
func startInstances(c config, n int, dsn, sinkURL string, now time.Time) ([]*child, error) {
	var kids []*child
	for i := range n {
		k, err := startChild(instanceArgs(c, i+1, dsn, sinkURL, now), nil, os.Stderr)
		if err != nil {
			stopAll(kids)
			return nil, err
		}
		kids = append(kids, k)
	}
	for i, k := range kids {
		if err := k.ready(); err != nil {
			stopAll(kids)
			return nil, fmt.Errorf("instance %d did not start: %w", i+1, err)
		}
	}
	return kids, nil
}

// instanceArgs are the arguments of instance number i's process.
func instanceArgs(c config, i int, dsn, sinkURL string, now time.Time) []string {
	args := []string{"-serve-instance", fmt.Sprintf("bench-%d", i), "-dsn", dsn, "-sink", sinkURL,
		"-now", strconv.FormatInt(now.UnixNano(), 10), "-conns", strconv.Itoa(c.conns),
		"-workers", strconv.Itoa(c.workers), "-batch", strconv.Itoa(c.batch)}
	if c.cpuProfile != "" {
		args = append(args, "-cpuprofile", fmt.Sprintf("%s.%d", c.cpuProfile, i))
	}
	return args
}

// ready waits for an instance process to say it is ready.
func (k *child) ready() error {
	if line, err := k.out.ReadString('\n'); err != nil || strings.TrimSpace(line) != "ready" {
		return fmt.Errorf("%q %v", line, err)
	}
	return nil
}

// childEnv marks this program's child processes, so that a test binary
// running this package's code as a child (see TestMain) knows it is one.
const childEnv = "FLASHBACK_BENCH_DIGEST_CHILD"

// startChild starts this program again with args; extra, when not nil,
// becomes the child's file descriptor 3. The child's standard error goes to
// stderr.
func startChild(args []string, extra *os.File, stderr io.Writer) (*child, error) {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	if extra != nil {
		cmd.ExtraFiles = []*os.File{extra}
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &child{cmd: cmd, stdin: stdin, out: bufio.NewReader(stdout)}, nil
}

// deliverConcurrently tells every instance to go at once and collects
// their results; elapsed runs from the go to the last instance's end.
func deliverConcurrently(kids []*child) (results []result, elapsed time.Duration, err error) {
	defer stopAll(kids)
	start := time.Now()
	for _, k := range kids {
		if _, err := io.WriteString(k.stdin, "go\n"); err != nil {
			return nil, 0, err
		}
	}
	for i, k := range kids {
		var r result
		if err := json.NewDecoder(k.out).Decode(&r); err != nil {
			return nil, 0, fmt.Errorf("instance %d: %w", i+1, err)
		}
		results = append(results, r)
	}
	return results, time.Since(start), nil
}

func stopAll(kids []*child) {
	for _, k := range kids {
		k.stdin.Close()
		k.cmd.Wait()
	}
}
