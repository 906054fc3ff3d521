// Command wikifetch measures `flashback import wikimedia -fetch` over a
// whole year: it serves generated feeds of a realistic size from a loopback
// stand-in for the Wikimedia API (fakeapi), builds the real binary, runs
// the fetch on a fresh database and then again, and reports for each run
// the wall time, the requests the server saw (304s among them) and the
// child process's peak resident memory.
//
//	go run ./bench/wikifetch [-per-day 60] [-rate 10] [-images]
package main

import (
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"flashback/corpus/wikisync/fakeapi"
)

func main() {
	perDay := flag.Int("per-day", 60, "items in each day's generated feed")
	rate := flag.Float64("rate", 10, "requests a second the fetch may make (its -rate)")
	images := flag.Bool("images", false, "also fetch and store pictures")
	flag.Parse()
	if err := run(*perDay, *rate, *images); err != nil {
		fmt.Fprintln(os.Stderr, "wikifetch:", err)
		os.Exit(1)
	}
}

func run(perDay int, rate float64, images bool) error {
	work, err := os.MkdirTemp("", "wikifetch-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	bin := filepath.Join(work, "flashback")
	build := exec.Command("go", "build", "-o", bin, "./cmd/flashback")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	api := fakeapi.New(perDay)
	srv := httptest.NewServer(api)
	defer srv.Close()
	fmt.Printf("366 days, %d items a day (%d bytes for 01-31), rate %g/s, images %v\n",
		perDay, len(fakeapi.Feed(1, 31, perDay, 0, srv.URL)), rate, images)
	for _, name := range []string{"first run", "re-run"} {
		before, notMod := api.Requests.Load(), api.NotModified.Load()
		took, rssKB, err := fetch(bin, work, srv.URL, rate, images)
		if err != nil {
			return err
		}
		fmt.Printf("%-9s  %6.1f s  %4d requests (%d not modified)  peak RSS %d MiB\n", name, took.Seconds(),
			api.Requests.Load()-before, api.NotModified.Load()-notMod, rssKB/1024)
	}
	return nil
}

// fetch runs one full-year fetch into the data directory under work.
func fetch(bin, work, base string, rate float64, images bool) (time.Duration, int64, error) {
	args := []string{"import", "wikimedia", "-fetch", "-rate", strconv.FormatFloat(rate, 'g', -1, 64)}
	if images {
		args = append(args, "-images")
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "FLASHBACK_DATA_DIR="+filepath.Join(work, "data"),
		"FLASHBACK_WIKIMEDIA_API="+base, "FLASHBACK_WIKIMEDIA_CONTACT=bench@example.org")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("fetch: %w", err)
	}
	took := time.Since(start)
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss // KiB on Linux
	}
	return took, rss, nil
}
