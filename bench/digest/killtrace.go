package main

// A killable instance traces what it does (registers, opens and replays
// journals, claims, ends passes) on standard error, each line stamped with
// the wall clock, and the parent keeps each run's trace: when a kill's
// digests are slow to come out, the traces of every run around it show
// which instance was doing what meanwhile.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
	"flashback/newsletter"
	"flashback/stores"
)

// tracePrefix marks a trace line on an instance's standard error.
const tracePrefix = "trace "

// tracer writes trace lines of one instance run.
type tracer struct {
	mu sync.Mutex
	w  io.Writer
}

func (t *tracer) printf(format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.w, "%s%d %s\n", tracePrefix, time.Now().UnixMicro(), fmt.Sprintf(format, args...))
}

// since formats how long ago start was, for a trace line.
func since(start time.Time) string { return time.Since(start).Round(time.Millisecond).String() }

// tracedDeliveries traces the registration, heartbeats and claims of an
// instance run.
type tracedDeliveries struct {
	flashback.DeliveryStore
	t     *tracer
	dsn   string
	beats int
}

// slowHeartbeat is how long a heartbeat (a registration, first of all)
// may take before the trace shows what the server's sessions wait for.
const slowHeartbeat = 2 * time.Second

// longStatements traces, on a PostgreSQL store, every session whose statement
// has run for a while: what it runs, what it waits for, and the sessions
// whose locks it waits for.
func (t *tracer) longStatements(dsn string) {
	if b, err := stores.BackendOf(dsn); err != nil || b != stores.Postgres {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.printf("long statement: %v", err)
		return
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT a.pid, pg_blocking_pids(a.pid), a.state, a.wait_event_type,
		a.wait_event, now() - a.query_start, left(regexp_replace(a.query, '\s+', ' ', 'g'), 140)
		FROM pg_stat_activity a WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
		AND a.state <> 'idle' AND now() - a.query_start > interval '200 milliseconds'`)
	if err != nil {
		t.printf("long statement: %v", err)
		return
	}
	defer rows.Close()
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			break
		}
		t.printf("long statement: %v", vals)
	}
}

func (d *tracedDeliveries) Heartbeat(ctx context.Context, inst flashback.Instance) error {
	start := time.Now()
	slow := time.AfterFunc(slowHeartbeat, func() { d.t.longStatements(d.dsn) })
	err := d.DeliveryStore.Heartbeat(ctx, inst)
	slow.Stop()
	d.beats++
	if d.beats == 1 || err != nil || time.Since(start) > time.Second {
		d.t.printf("heartbeat %d took %s err=%v", d.beats, since(start), err)
	}
	return err
}

func (d *tracedDeliveries) ClaimDeliveries(ctx context.Context, opts flashback.ClaimOptions) (*flashback.ClaimResult, error) {
	start := time.Now()
	res, err := d.DeliveryStore.ClaimDeliveries(ctx, opts)
	if err != nil {
		d.t.printf("claim failed after %s: %v", since(start), err)
		return res, err
	}
	d.t.printf("claim examined=%d claimed=%d taken-over=%d in %s", res.Examined, len(res.Claims), res.TakenOver, since(start))
	return res, nil
}

// tracedJournal traces the opening and replays of journals.
type tracedJournal struct {
	flashback.OutcomeJournal
	t *tracer
}

func (j *tracedJournal) Open(inst flashback.Instance) (flashback.OutcomeLog, error) {
	start := time.Now()
	l, err := j.OutcomeJournal.Open(inst)
	j.t.printf("journal open took %s err=%v", since(start), err)
	return l, err
}

func (j *tracedJournal) Replay(ctx context.Context, apply func(context.Context, []flashback.Outcome) error) error {
	start := time.Now()
	n := 0
	err := j.OutcomeJournal.Replay(ctx, func(ctx context.Context, o []flashback.Outcome) error {
		n += len(o)
		return apply(ctx, o)
	})
	if n > 0 || err != nil || time.Since(start) > time.Second {
		j.t.printf("replay of %d outcomes took %s err=%v", n, since(start), err)
	}
	return err
}

// tracedPasses traces the end of each pass before passing it on.
type tracedPasses struct {
	newsletter.PassObserver
	t *tracer
}

func (p tracedPasses) ObservePass(s newsletter.PassStats, err error) {
	p.t.printf("pass ended: %s err=%v", s, err)
	p.PassObserver.ObservePass(s, err)
}

// traceLine is one line of a run's trace.
type traceLine struct {
	at   time.Time
	text string
}

// runTrace keeps the trace lines of a run's standard error and copies the
// other lines to the parent's.
type runTrace struct {
	mu    sync.Mutex
	lines []traceLine
	done  chan struct{}
}

func readTrace(r io.ReadCloser) *runTrace {
	t := &runTrace{done: make(chan struct{})}
	go func() {
		defer close(t.done)
		defer r.Close()
		in := bufio.NewScanner(r)
		in.Buffer(nil, 1<<20)
		for in.Scan() {
			line, ok := strings.CutPrefix(in.Text(), tracePrefix)
			if !ok {
				fmt.Fprintln(os.Stderr, in.Text())
				continue
			}
			stamp, text, _ := strings.Cut(line, " ")
			us, err := strconv.ParseInt(stamp, 10, 64)
			if err != nil {
				continue
			}
			t.mu.Lock()
			t.lines = append(t.lines, traceLine{at: time.UnixMicro(us), text: text})
			t.mu.Unlock()
		}
	}()
	return t
}

// between returns the lines stamped from..to.
func (t *runTrace) between(from, to time.Time) []traceLine {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []traceLine
	for _, l := range t.lines {
		if !l.at.Before(from) && !l.at.After(to) {
			out = append(out, l)
		}
	}
	return out
}

// slowKill is how long a kill's digests may take to come out before the
// report shows what every run did meanwhile.
const slowKill = 5 * time.Second

// traceAround returns, for a kill whose digests were slow, the trace lines
// of every run from a second before the kill until a second after its
// digests were out (or the runs stopped), each stamped relative to the
// kill.
func (f *fleet) traceAround(k *kill) []string {
	end := time.Now()
	if k.outErr == nil {
		end = k.killed.Add(k.out)
	}
	from, to := k.killed.Add(-time.Second), end.Add(time.Second)
	type stamped struct {
		at   time.Time
		text string
	}
	var all []stamped
	for _, r := range f.runs {
		<-r.trace.done
		for _, l := range r.trace.between(from, to) {
			all = append(all, stamped{l.at, fmt.Sprintf("instance %d (pid %d): %s", r.slot, r.kid.cmd.Process.Pid, l.text)})
		}
	}
	slices.SortStableFunc(all, func(a, b stamped) int { return a.at.Compare(b.at) })
	lines := make([]string, len(all))
	for i, s := range all {
		lines[i] = fmt.Sprintf("%+8.3fs %s", s.at.Sub(k.killed).Seconds(), s.text)
	}
	return lines
}
