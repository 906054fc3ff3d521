package main

// The kill mode (-kills K) is the crash test of several instances on one
// store: while they deliver, an instance chosen at random is killed with
// SIGKILL at a random moment, K times, and restarted at once under the same
// instance ID, as a supervisor restarts a serve. Each instance process runs
// on the real clock, as serve does, and reports every claim it makes on
// file descriptor 3 before the claim reaches its workers, so that the
// parent knows, for each kill, which digests the dead process may have
// left in flight. Per kill it reports how many of those came twice and how
// long after the kill the last of them reached the sink; see killOutcome
// for what must hold.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"flashback"
)

// claimReporter writes the addresses of each batch of claims, one line a
// batch, before handing the claims on. A pass claims from one goroutine,
// so the writes need no lock. A write to a pipe survives the writer's
// death; a claim whose line a kill cut short was never sent.
type claimReporter struct {
	flashback.DeliveryStore
	w io.Writer
}

func (r *claimReporter) ClaimDeliveries(ctx context.Context, opts flashback.ClaimOptions) (*flashback.ClaimResult, error) {
	res, err := r.DeliveryStore.ClaimDeliveries(ctx, opts)
	if err != nil || len(res.Claims) == 0 {
		return res, err
	}
	var b strings.Builder
	for i, c := range res.Claims {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(c.Subscriber.Email)
	}
	b.WriteByte('\n')
	if _, err := io.WriteString(r.w, b.String()); err != nil {
		return nil, fmt.Errorf("report claims: %w", err)
	}
	return res, nil
}

// instanceRun is one process of an instance: the first, or a restart.
type instanceRun struct {
	slot int // the instance's number, from 1
	kid  *child
	// claims holds the addresses the run reported claiming; complete once
	// claimsDone is closed (the process is gone).
	claims     []string
	claimsDone chan struct{}
	trace      *runTrace // what the run said it did, on its standard error
	// exited is closed once the process has exited; res and err are set
	// then.
	exited chan struct{}
	res    result
	err    error
}

// startRun starts a killable process of instance slot and waits until it
// is ready.
func startRun(c config, slot int, sinkURL string, now time.Time) (*instanceRun, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	traceR, traceW, err := os.Pipe()
	if err != nil {
		r.Close()
		w.Close()
		return nil, err
	}
	kid, err := startChild(append(instanceArgs(c, slot, c.dsn, sinkURL, now), "-killable"), w, traceW)
	w.Close() // the child holds its own copies
	traceW.Close()
	if err != nil {
		r.Close()
		traceR.Close()
		return nil, err
	}
	run := &instanceRun{slot: slot, kid: kid, claimsDone: make(chan struct{}), exited: make(chan struct{}),
		trace: readTrace(traceR)}
	go run.readClaims(r)
	if err := kid.ready(); err != nil {
		kid.cmd.Process.Kill()
		kid.cmd.Wait()
		<-run.claimsDone
		return nil, fmt.Errorf("instance %d did not start: %w", slot, err)
	}
	go run.collect()
	return run, nil
}

// collect reads the run's result, once it has one, and waits for the
// process to exit.
func (r *instanceRun) collect() {
	defer close(r.exited)
	r.err = json.NewDecoder(r.kid.out).Decode(&r.res)
	r.kid.stdin.Close()
	if err := r.kid.cmd.Wait(); r.err == nil {
		r.err = err
	}
}

func (r *instanceRun) readClaims(f *os.File) {
	defer close(r.claimsDone)
	defer f.Close()
	in := bufio.NewScanner(f)
	in.Buffer(nil, 16<<20)
	for in.Scan() {
		r.claims = append(r.claims, strings.Fields(in.Text())...)
	}
}

// deliver tells the run to go.
func (r *instanceRun) deliver() error {
	_, err := io.WriteString(r.kid.stdin, "go\n")
	return err
}

func (r *instanceRun) done() bool {
	select {
	case <-r.exited:
		return true
	default:
		return false
	}
}

// fleet is the instances of a kill run, each slot's current run.
type fleet struct {
	c        config
	sink     *sink
	now      time.Time
	start    time.Time     // the first go
	end      time.Time     // the last subscriber's digest arrived
	stopped  chan struct{} // closed when the runs are told to stop
	current  []*instanceRun
	ended    []*instanceRun // runs that were not killed
	runs     []*instanceRun // every run, killed or not
	kills    []*kill
	trackers sync.WaitGroup
}

// kill is one kill and what followed it.
type kill struct {
	no      int // from 1
	slot    int
	run     string        // the killed run's name in EHLO (runHelo)
	at      time.Duration // after the first go
	killed  time.Time
	claimed []string // everything the killed run had claimed
	atKill  []int    // the sink's count of each when the run died
	waiting int      // of those, not at the sink when it died
	// out is how long after the kill the last of claimed reached the sink;
	// zero with outErr set when they did not all arrive.
	out     time.Duration
	outErr  error
	repeats int // repeats this kill caused (see killOutcome.attribute)
	// trace is what every run did around the kill, when its digests were
	// slower than slowKill to come out.
	trace []string
}

// runKills runs the crash test on the prepared store and reports it.
func runKills(c config, sk *sink, now time.Time) (*killOutcome, error) {
	f := &fleet{c: c, sink: sk, now: now, stopped: make(chan struct{})}
	if err := f.startAll(); err != nil {
		return nil, err
	}
	seed := c.seed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	err := f.killAtRandom(rng)
	if err == nil {
		err = f.waitDelivered()
	}
	f.stopAll()
	if err != nil {
		return nil, err
	}
	return f.outcome(seed)
}

func (f *fleet) startAll() error {
	for slot := 1; slot <= f.c.instances; slot++ {
		r, err := startRun(f.c, slot, f.sink.url, f.now)
		if err != nil {
			f.stopAll()
			return err
		}
		f.current = append(f.current, r)
		f.runs = append(f.runs, r)
	}
	f.start = time.Now()
	for _, r := range f.current {
		if err := r.deliver(); err != nil {
			f.stopAll()
			return err
		}
	}
	return nil
}

// killAtRandom kills a random running instance once the sink has received
// each of c.kills random shares of the digests (between c.killsFrom and
// c.killsTo),
// restarting it each time.
// It stops early when no instance runs any more (they all failed).
func (f *fleet) killAtRandom(rng *rand.Rand) error {
	targets := make([]int64, f.c.kills)
	from := max(int64(f.c.killsFrom*float64(f.c.n)), 1)
	to := int64(f.c.n)
	if f.c.killsTo > 0 {
		to = min(int64(f.c.killsTo*float64(f.c.n)), to)
	}
	for i := range targets {
		targets[i] = from + rng.Int64N(max(to-from, 1))
	}
	slices.Sort(targets)
	for _, target := range targets {
		if err := f.waitForMessages(target); err != nil {
			return err
		}
		var running []int
		for i, r := range f.current {
			if !r.done() {
				running = append(running, i)
			}
		}
		if len(running) == 0 {
			return nil
		}
		if err := f.kill(running[rng.IntN(len(running))]); err != nil {
			return err
		}
	}
	return nil
}

// waitForMessages waits until the sink has received n messages or no
// instance runs any more (they all failed).
func (f *fleet) waitForMessages(n int64) error {
	for {
		st, err := f.sink.stats()
		if err != nil {
			return err
		}
		if st.Messages >= n || !slices.ContainsFunc(f.current, func(r *instanceRun) bool { return !r.done() }) {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// runHelo is the name a killable run gives in EHLO, so that the sink can
// say which run sent each copy of a digest: the process ID, which no other
// run of a kill run has.
func runHelo(pid int) string { return fmt.Sprintf("run-%d.bench.local", pid) }

// kill kills slot i's run with SIGKILL, restarts the instance and starts
// tracking what the dead run had claimed.
func (f *fleet) kill(i int) error {
	old := f.current[i]
	killed := time.Now()
	k := &kill{slot: old.slot, run: runHelo(old.kid.cmd.Process.Pid), at: killed.Sub(f.start), killed: killed}
	if err := old.kid.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		return err
	}
	<-old.exited
	<-old.claimsDone
	k.claimed = old.claims
	f.kills = append(f.kills, k)
	k.no = len(f.kills)
	// What the sink had of them when the run died: nothing can arrive for
	// them before the restart frees the claims.
	counts, err := f.sink.counts(k.claimed)
	if err != nil {
		return err
	}
	k.atKill = counts
	var missing []string
	for j, n := range counts {
		if n == 0 {
			missing = append(missing, k.claimed[j])
		}
	}
	k.waiting = len(missing)
	r, err := startRun(f.c, old.slot, f.sink.url, f.now)
	if err != nil {
		return fmt.Errorf("restart after kill %d: %w", len(f.kills), err)
	}
	f.current[i] = r
	f.runs = append(f.runs, r)
	if err := r.deliver(); err != nil {
		return err
	}
	f.trackers.Go(func() { f.track(k, missing, killed) })
	return nil
}

// outWithin is how long after a kill the digests it left in flight must all
// have arrived; track gives up a while after it.
const outWithin = time.Minute

// track waits until every digest in missing, which k's run had claimed,
// has reached the sink.
func (f *fleet) track(k *kill, missing []string, killed time.Time) {
	described, stopped := false, false
	for len(missing) > 0 {
		if !described && time.Since(killed) > lateAfter {
			describeLate(f.c.dsn, k.no, missing)
			described = true
		}
		if stopped {
			k.outErr = fmt.Errorf("%d of its digests were not out when the instances stopped", len(missing))
			return
		}
		select {
		case <-f.stopped:
			// The runs stop once the last digest arrived, which may be
			// one of these: look once more.
			stopped = true
		case <-time.After(20 * time.Millisecond):
		}
		counts, err := f.sink.counts(missing)
		if err != nil {
			k.outErr = err
			return
		}
		var still []string
		for j, n := range counts {
			if n == 0 {
				still = append(still, missing[j])
			}
		}
		missing = still
	}
	k.out = time.Since(killed)
}

// giveUpAfter is how long waitDelivered waits for a digest to arrive: the
// instances pass once a minute, as serve does, and a claim that is not the
// restarted run's to take waits for its owner's heartbeat to go stale.
const giveUpAfter = 2*time.Minute + flashback.OwnerDeadAfter

// waitDelivered waits until every subscriber got a digest, or none arrived
// for giveUpAfter, and sets f.end.
func (f *fleet) waitDelivered() error {
	last, lastAt := int64(-1), time.Now()
	for {
		st, err := f.sink.stats()
		if err != nil {
			return err
		}
		if st.Recipients != last {
			last, lastAt = st.Recipients, time.Now()
		}
		if st.Recipients >= int64(f.c.n) || time.Since(lastAt) > giveUpAfter {
			f.end = lastAt
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stopAll stops every current run (one not yet told to go ends at once,
// one delivering finishes its sends in flight) and waits for it and for
// every tracker.
func (f *fleet) stopAll() {
	close(f.stopped)
	for _, r := range f.current {
		r.kid.stdin.Close()
		<-r.exited
		<-r.claimsDone
		f.ended = append(f.ended, r)
	}
	f.trackers.Wait()
}

// errRunFailed is wrapped by outcome when a run ended with an error.
var errRunFailed = errors.New("an instance failed")
