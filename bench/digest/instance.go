package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"flashback"
	"flashback/cmd/flashback/app"
	"flashback/mail"
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
}

// serveInstance is one instance's process: it opens the store as a serve
// would, with its own mail pool and instance ID, says "ready", runs one
// delivery pass when its standard input says "go", and prints the result
// as JSON.
func serveInstance(c config) error {
	// The pass runs with the collector's target a serve process uses.
	app.TuneGC(os.Getenv)
	nanos, err := strconv.ParseInt(c.now, 10, 64)
	if err != nil {
		return fmt.Errorf("-now: %w", err)
	}
	now := time.Unix(0, nanos).UTC()
	clock := func() time.Time { return now }
	st, err := stores.Open(c.dsn, clock)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	quiet := slog.New(slog.DiscardHandler)
	sender, err := mail.New(c.sinkURL, mail.Options{Pool: c.conns, Timeout: 30 * time.Second, Logger: quiet, HELO: "bench.local"})
	if err != nil {
		return err
	}
	defer sender.Close()
	svc, err := newsletter.New(ctx, newsletter.Deps{
		Subscribers: st.Subscribers, Deliveries: st.Deliveries, Events: st.Events, Secrets: st.Secrets,
		Mail: sender, Clock: clock, Logger: quiet,
	}, newsletter.Config{BaseURL: "https://flashback.example", From: "Flashback <digest@flashback.example>"})
	if err != nil {
		return err
	}
	size, err := sampleSize(ctx, svc, now)
	if err != nil {
		return err
	}
	sc := newsletter.Scheduler{Service: svc, Workers: c.workers, Batch: c.batch, Journal: st.Journal,
		Instance: flashback.Instance{ID: c.instance, StartedAt: time.Now()}}
	fmt.Println("ready")
	if line, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil || strings.TrimSpace(line) != "go" {
		return fmt.Errorf("waiting for go: %q %v", line, err)
	}
	stop, err := profile(c.cpuProfile)
	if err != nil {
		return err
	}
	cpu0 := cpuTime()
	pass, err := sc.RunOnce(ctx)
	cpu := cpuTime() - cpu0
	stop()
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(result{Pass: pass.String(), Sent: pass.Sent, Claimed: pass.Claimed,
		Elapsed: pass.Elapsed, CPU: cpu, PeakRSS: peakRSS(), Size: size})
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
		args := []string{"-serve-instance", fmt.Sprintf("bench-%d", i+1), "-dsn", dsn, "-sink", sinkURL,
			"-now", strconv.FormatInt(now.UnixNano(), 10), "-conns", strconv.Itoa(c.conns),
			"-workers", strconv.Itoa(c.workers), "-batch", strconv.Itoa(c.batch)}
		if c.cpuProfile != "" {
			args = append(args, "-cpuprofile", fmt.Sprintf("%s.%d", c.cpuProfile, i+1))
		}
		k, err := startChild(args)
		if err != nil {
			stopAll(kids)
			return nil, err
		}
		kids = append(kids, k)
	}
	for i, k := range kids {
		if line, err := k.out.ReadString('\n'); err != nil || strings.TrimSpace(line) != "ready" {
			stopAll(kids)
			return nil, fmt.Errorf("instance %d did not start: %q %v", i+1, line, err)
		}
	}
	return kids, nil
}

func startChild(args []string) (*child, error) {
	cmd := exec.Command(os.Args[0], args...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
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
