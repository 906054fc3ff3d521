// Command digest measures digest delivery throughput: N synthetic confirmed
// subscribers spread over time zones, delivered by one or more instances
// into a local SMTP sink, compared in the same run with a bare SMTP client
// pushing pre-rendered messages of the same size into the same sink (the
// limit).
//
//	go run ./bench/digest -n 100000
//	go run ./bench/digest -n 100000 -instances 3
//	go run ./bench/digest -dsn postgres://… -instances 3
//	go run ./bench/digest -dsn postgres://… -instances 3 -kills 10
//
// Each instance is a process of its own (this program again, with
// -serve-instance), opening the store as a serve would, with its own mail
// pool and instance ID; all start their pass at once on the same store.
// The sink, a process too (-serve-sink), counts what each recipient got,
// so that a digest lost or sent twice shows. The peak RSS reported is each
// instance's own, and on a PostgreSQL server of this machine the server's
// too (see serverMemory).
//
// With -kills K the run is a crash test rather than a measure of speed:
// see kill.go.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"flashback"
	"flashback/cmd/flashback/app"
	"flashback/corpus"
	"flashback/mail"
	"flashback/mail/smtpsink"
	"flashback/newsletter"
	"flashback/stores"
)

type config struct {
	n         int
	conns     int
	workers   int
	batch     int
	dir       string
	dsn       string
	instances int
	// cpuProfile, when set, is where each instance's CPU profile goes,
	// with the instance's number appended.
	cpuProfile string
	// kills, when above 0, makes the run a crash test (kill.go); seed
	// makes its choices repeatable.
	kills int
	seed  uint64
	// The kills land between these shares of the digests arrived (0 to
	// 1): near 1, at the pass's end.
	killsFrom, killsTo float64
	// Set for an instance process only.
	instance, sinkURL, now string
	// killable: the instance runs on the real clock and reports its claims
	// on file descriptor 3 (kill.go).
	killable bool
}

func main() {
	if err := cli(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bench/digest:", err)
		os.Exit(1)
	}
}

// cli runs the benchmark, or one of its child processes, as args say.
func cli(args []string) error {
	var c config
	fs := flag.NewFlagSet("digest", flag.ContinueOnError)
	serve := fs.Bool("serve-sink", false, "run only the SMTP sink (used by the benchmark itself)")
	fs.IntVar(&c.n, "n", 100_000, "subscribers")
	// The defaults are serve's, so that what the benchmark measures is
	// what a site runs.
	fs.IntVar(&c.conns, "conns", app.MailPool, "SMTP connections of each instance, as serve's mail pool; the bare client gets as many in all")
	fs.IntVar(&c.workers, "workers", 0, "delivery workers of each instance (default: one a connection, as serve)")
	fs.IntVar(&c.batch, "batch", 0, "subscribers per claim (default: the delivery scheduler's, as serve)")
	fs.StringVar(&c.dir, "dir", "", "directory for the default database (default: a temporary one, removed after)")
	fs.StringVar(&c.dsn, "dsn", "", "database URL, any the server accepts; it must be empty (default: a SQLite file in -dir)")
	fs.IntVar(&c.instances, "instances", 1, "instances delivering at once, each a process with its own mail pool")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write each instance's CPU profile of the pass to this file, numbered")
	fs.IntVar(&c.kills, "kills", 0, "kill an instance with SIGKILL this many times during the pass, restarting it each time")
	fs.Uint64Var(&c.seed, "seed", 0, "seed of the kills' random choices (default: from the clock)")
	fs.Float64Var(&c.killsFrom, "kills-from", 0, "kill only once this share (0 to 1) of the digests has arrived; near 1 aims the kills at the pass's end")
	fs.Float64Var(&c.killsTo, "kills-to", 1, "kill only until this share (0 to 1) of the digests has arrived")
	fs.StringVar(&c.instance, "serve-instance", "", "run one instance of this ID (used by the benchmark itself)")
	fs.StringVar(&c.sinkURL, "sink", "", "the sink's URL, for -serve-instance")
	fs.StringVar(&c.now, "now", "", "the pass's clock in Unix nanoseconds, for -serve-instance")
	fs.BoolVar(&c.killable, "killable", false, "run on the real clock and report claims on fd 3, for -serve-instance")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *serve:
		return serveSink()
	case c.instance != "":
		return serveInstance(c)
	default:
		return run(c)
	}
}

// serveSink runs a counting sink until stdin closes, answering each line
// on stdin with JSON: "stats" with its statistics, "counts" followed by
// addresses with how many messages each got, "repeated" with who sent each
// copy of the digests that came more than once.
func serveSink() error {
	sink, err := smtpsink.Start(smtpsink.Options{CountOnly: true, CountRecipients: true})
	if err != nil {
		return err
	}
	fmt.Println(sink.URL())
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(nil, 64<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		switch cmd, args, _ := strings.Cut(in.Text(), " "); cmd {
		case "stats":
			err = out.Encode(sink.Stats())
		case "counts":
			err = out.Encode(sink.Counts(strings.Fields(args)))
		case "repeated":
			err = out.Encode(sink.Repeated())
		}
		if err != nil {
			return err
		}
	}
	return sink.Close()
}

// sink is the running sink process; its methods may be called at once.
type sink struct {
	url   string
	mu    sync.Mutex // one question at a time on the pipes
	stdin io.WriteCloser
	out   *json.Decoder
	stop  func()
}

func (s *sink) stats() (smtpsink.Stats, error) {
	var st smtpsink.Stats
	err := s.ask("stats\n", &st)
	return st, err
}

// repeated returns who sent each copy of the digests that came more than
// once; see smtpsink.Sink.Repeated.
func (s *sink) repeated() (map[string][]string, error) {
	var r map[string][]string
	err := s.ask("repeated\n", &r)
	return r, err
}

// counts returns how many messages each of addrs got.
func (s *sink) counts(addrs []string) ([]int, error) {
	var n []int
	err := s.ask("counts "+strings.Join(addrs, " ")+"\n", &n)
	return n, err
}

func (s *sink) ask(question string, answer any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := io.WriteString(s.stdin, question); err != nil {
		return err
	}
	return s.out.Decode(answer)
}

func startSink() (*sink, error) {
	k, err := startChild([]string{"-serve-sink"}, nil, os.Stderr)
	if err != nil {
		return nil, err
	}
	line, err := k.out.ReadString('\n')
	if err != nil {
		stopAll([]*child{k})
		return nil, fmt.Errorf("sink did not start: %w", err)
	}
	return &sink{url: strings.TrimSpace(line), stdin: k.stdin, out: json.NewDecoder(k.out),
		stop: func() { stopAll([]*child{k}) }}, nil
}

func run(c config) error {
	if c.workers <= 0 {
		c.workers = c.conns
	}
	if c.instances < 1 {
		return errors.New("-instances must be at least 1")
	}
	if c.dsn == "" {
		if c.dir == "" {
			dir, err := os.MkdirTemp("", "flashback-bench-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			c.dir = dir
		}
		c.dsn = filepath.Join(c.dir, "bench.db")
	}
	sk, err := startSink()
	if err != nil {
		return err
	}
	defer sk.stop()
	now := time.Now().UTC().Truncate(time.Minute)
	if err := prepare(c, now); err != nil {
		return err
	}
	mem := watchServer(c.dsn)
	if c.kills > 0 {
		o, err := runKills(c, sk, now)
		if err != nil {
			return err
		}
		var out strings.Builder
		o.print(&out)
		fmt.Print(out.String())
		mem.report(0)
		return o.check()
	}
	kids, err := startInstances(c, c.instances, c.dsn, sk.url, now)
	if err != nil {
		return err
	}
	machine0 := readMachineCPU()
	results, elapsed, err := deliverConcurrently(kids)
	passIdle := readMachineCPU().idleSince(machine0)
	mem.stop()
	if err != nil {
		return err
	}
	got, err := sk.stats()
	if err != nil {
		return err
	}
	err = report(c, sk, results, elapsed, got, passIdle)
	mem.report(int(got.Messages))
	return err
}

// prepare loads the corpus and the subscribers into the store, which must
// be empty, and closes it again before the instances open it.
func prepare(c config, now time.Time) error {
	st, err := stores.Open(c.dsn, func() time.Time { return now })
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	if _, total, err := st.Events.FindEvents(ctx, flashback.EventFilter{IncludeDrafts: true, Limit: 1}); err != nil || total > 0 {
		return fmt.Errorf("the database must be empty (it has %d events; %v)", total, err)
	}
	events, _, err := corpus.Bundled()
	if err != nil {
		return err
	}
	if _, err := corpus.Import(ctx, st.Events, events, nil); err != nil {
		return err
	}
	t0 := time.Now()
	if err := seed(ctx, st.Subscribers, c.n, now); err != nil {
		return err
	}
	fmt.Printf("seeded %d subscribers in %v\n", c.n, time.Since(t0).Round(time.Millisecond))
	return nil
}

// report prints the instances' passes, what the sink got of them, and the
// bare client's rate over as many connections as the instances had.
func report(c config, sk *sink, results []result, elapsed time.Duration, got smtpsink.Stats, passIdle float64) error {
	sent, size := 0, results[0].Size
	var cpu time.Duration
	for i, r := range results {
		fmt.Printf("instance %d: %s; peak RSS %.1f MB\n", i+1, r.Pass, float64(r.PeakRSS)/(1<<20))
		if r.Checks != nil {
			fmt.Printf("instance %d: send checks answered from memory %d, by the database %d\n",
				i+1, r.Checks.Memory, r.Checks.Database)
		}
		sent += r.Sent
		cpu += r.CPU
	}
	lost := int64(c.n) - got.Recipients
	fmt.Printf("sink: %d messages to %d of %d subscribers: %d lost, %d repeated\n",
		got.Messages, got.Recipients, c.n, lost, got.Repeats)
	conns := c.conns * c.instances
	cpu0, machine0 := cpuTime(), readMachineCPU()
	bare, err := bareClient(sk.url, conns, sent, size)
	if err != nil {
		return err
	}
	bareCPU, bareIdle := cpuTime()-cpu0, readMachineCPU().idleSince(machine0)
	rate := float64(sent) / elapsed.Seconds()
	fmt.Printf("digests/s: %.0f by %d instance(s) in %v (average message %d bytes)\n",
		rate, c.instances, elapsed.Round(time.Millisecond), size)
	batch := c.batch
	if batch <= 0 {
		batch = newsletter.DefaultBatch
	}
	fmt.Printf("each instance: %d SMTP connections, %d workers, claims of %d\n", c.conns, c.workers, batch)
	fmt.Printf("bare client: %.0f messages/s of %d bytes over %d connections\n", bare, size, conns)
	fmt.Printf("ratio to the bare client: %.2f\n", rate/bare)
	// CPU per message depends far less on what else the machine runs than
	// the rates do, so it shows where a change helped on a busy machine.
	fmt.Printf("sender CPU per message: instances %.1f µs, bare client %.1f µs\n",
		float64(cpu.Microseconds())/float64(max(sent, 1)), float64(bareCPU.Microseconds())/float64(max(sent, 1)))
	// A pass that leaves cores idle waits on round trips rather than on
	// CPU: a cheaper pass would not be a faster one.
	fmt.Printf("machine idle: %.0f%% during the pass, %.0f%% during the bare client\n", 100*passIdle, 100*bareIdle)
	if lost != 0 || got.Repeats != 0 {
		return fmt.Errorf("%d digests lost and %d repeated", lost, got.Repeats)
	}
	return nil
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

// machineCPU is the machine's CPU time so far, all cores, in clock ticks,
// as the first line of /proc/stat counts it.
type machineCPU struct{ idle, total int64 }

// readMachineCPU reads /proc/stat; zeros where it cannot.
func readMachineCPU() machineCPU {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return machineCPU{}
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 6 || f[0] != "cpu" {
		return machineCPU{}
	}
	var m machineCPU
	// user, nice, system, idle, iowait, irq, softirq, steal; the guest
	// times after them are counted in user already.
	for i, v := range f[1:min(len(f), 9)] {
		n, _ := strconv.ParseInt(v, 10, 64)
		m.total += n
		if i == 3 || i == 4 { // idle and iowait
			m.idle += n
		}
	}
	return m
}

// idleSince is the share of the machine's CPU time left idle since
// before; 0 when unknown.
func (m machineCPU) idleSince(before machineCPU) float64 {
	if m.total <= before.total {
		return 0
	}
	return float64(m.idle-before.idle) / float64(m.total-before.total)
}
