package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback/stores"
)

// serverWatch samples the memory of a PostgreSQL server running on this
// machine: the postmaster and every process it started (a backend per
// connection, the writers, the autovacuum), while the pass runs. A
// process's RSS counts the shared buffers it touched, which all of them
// share; its PSS splits each shared page among the processes mapping it,
// so the PSS sum counts the server's memory once.
type serverWatch struct {
	postmaster int
	stopped    chan struct{}
	done       sync.WaitGroup
	// Peaks of the sums over the server's processes, in bytes, and the
	// most processes seen at once.
	rss, pss  int64
	processes int
	// The CPU time of each process seen, in clock ticks: when first seen
	// (zero for one started after the watch did) and last.
	cpuFirst, cpuLast map[int]int64
}

// sampleEvery is how often serverWatch reads the server's processes' CPU
// times; their memory it reads every memoryEvery samples. Summing a
// process's smaps_rollup walks its page tables, shared buffers included:
// read every 200 ms it cost about 3% of this 2-core machine's CPU during
// a pass (perf record -a), a load the bare client never carries.
const (
	sampleEvery = 200 * time.Millisecond
	memoryEvery = 5
)

// watchServer starts sampling when dsn names a PostgreSQL server whose
// processes this machine shows, else says why not and returns nil.
func watchServer(dsn string) *serverWatch {
	if b, err := stores.BackendOf(dsn); err != nil || b != stores.Postgres {
		return nil
	}
	pm, err := postmasterOf(dsn)
	if err != nil {
		fmt.Println("PostgreSQL memory: not measured:", err)
		return nil
	}
	w := &serverWatch{postmaster: pm, stopped: make(chan struct{}), cpuFirst: map[int]int64{}, cpuLast: map[int]int64{}}
	for _, pid := range append([]int{pm}, childrenOf(pm)...) {
		w.cpuFirst[pid] = cpuTicksOf(pid)
	}
	w.done.Go(w.sample)
	return w
}

// postmasterOf finds the server's postmaster: the parent of the backend
// serving a connection, when both are postgres processes of this machine.
func postmasterOf(dsn string) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return 0, err
	}
	defer conn.Close(ctx)
	var backend int
	if err := conn.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&backend); err != nil {
		return 0, err
	}
	parent, err := parentOf(backend)
	if err != nil || !isPostgres(backend) || !isPostgres(parent) {
		return 0, fmt.Errorf("the server's process %d is not one of this machine's", backend)
	}
	return parent, nil
}

func isPostgres(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	return err == nil && strings.TrimSpace(string(b)) == "postgres"
}

// parentOf reads a process's parent from /proc/PID/stat, whose second
// field (the command, in parentheses) may hold spaces.
func parentOf(pid int) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	_, rest, ok := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 2 {
		return 0, fmt.Errorf("unexpected /proc/%d/stat", pid)
	}
	return strconv.Atoi(f[1])
}

func (w *serverWatch) sample() {
	tick := time.NewTicker(sampleEvery)
	defer tick.Stop()
	for n := 0; ; n++ {
		pids := append([]int{w.postmaster}, childrenOf(w.postmaster)...)
		var rss, pss int64
		for _, pid := range pids {
			if n%memoryEvery == 0 {
				r, p := memoryOf(pid)
				rss, pss = rss+r, pss+p
			}
			if t := cpuTicksOf(pid); t > 0 {
				w.cpuLast[pid] = t
			}
		}
		w.rss, w.pss, w.processes = max(w.rss, rss), max(w.pss, pss), max(w.processes, len(pids))
		select {
		case <-w.stopped:
			return
		case <-tick.C:
		}
	}
}

// childrenOf lists a process's children: from the kernel's list when it
// keeps one, else by every process's parent field.
func childrenOf(parent int) []int {
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", parent, parent)); err == nil {
		var kids []int
		for _, f := range strings.Fields(string(b)) {
			if pid, err := strconv.Atoi(f); err == nil {
				kids = append(kids, pid)
			}
		}
		return kids
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var kids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if p, err := parentOf(pid); err == nil && p == parent {
			kids = append(kids, pid)
		}
	}
	return kids
}

// clockTick is the unit of /proc/PID/stat's CPU times: USER_HZ, 100 on
// every Linux platform Go runs on.
const clockTick = 10 * time.Millisecond

// cpuTicksOf returns a process's user and system CPU time so far, in
// clock ticks; zero when it is gone.
func cpuTicksOf(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	_, rest, _ := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0
	}
	// utime and stime are the stat line's 14th and 15th fields.
	user, _ := strconv.ParseInt(f[11], 10, 64)
	sys, _ := strconv.ParseInt(f[12], 10, 64)
	return user + sys
}

// cpu returns the CPU time the server's processes used while watched, as
// last sampled: a process's last moments before it exits go uncounted.
func (w *serverWatch) cpu() time.Duration {
	var ticks int64
	for pid, last := range w.cpuLast {
		ticks += last - w.cpuFirst[pid]
	}
	return time.Duration(ticks) * clockTick
}

// memoryOf returns a process's RSS and PSS in bytes; zeros when it is gone.
func memoryOf(pid int) (rss, pss int64) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	in := bufio.NewScanner(f)
	for in.Scan() {
		field, rest, _ := strings.Cut(in.Text(), ":")
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		if err != nil {
			continue
		}
		switch field {
		case "Rss":
			rss = kb << 10
		case "Pss":
			pss = kb << 10
		}
	}
	return rss, pss
}

// stop ends the sampling; report may follow.
func (w *serverWatch) stop() {
	if w == nil {
		return
	}
	select {
	case <-w.stopped:
	default:
		close(w.stopped)
	}
	w.done.Wait()
}

// report stops the sampling and prints the peaks and, for a pass of
// digests (not zero), the server's CPU time per digest.
func (w *serverWatch) report(digests int) {
	if w == nil {
		return
	}
	w.stop()
	fmt.Printf("PostgreSQL: peak PSS %.1f MB summed over its processes (shared memory counted once), "+
		"peak RSS sum %.1f MB (shared memory counted in each), up to %d processes\n",
		float64(w.pss)/(1<<20), float64(w.rss)/(1<<20), w.processes)
	if digests > 0 {
		fmt.Printf("PostgreSQL CPU per digest: %.1f µs (all its processes, during the pass)\n",
			float64(w.cpu().Microseconds())/float64(digests))
	}
}
