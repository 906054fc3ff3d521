package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"flashback/cmd/flashback/app"
	"flashback/corpus/wikisync/fakeapi"
)

// logBuffer is a log destination a test reads while the program writes.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) count(s string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Count(b.buf.String(), s)
}

// instance is one serve of a cluster, with its log.
type instance struct {
	*app.Main
	log *logBuffer
}

// openCluster starts n instances in-process, each with a data directory
// of its own and all on the one database, as n machines behind a load
// balancer would be; edit may change the configuration they share. They
// start one after another, so that only the first imports the corpus.
func openCluster(t *testing.T, n int, edit func(*app.Config)) []instance {
	t.Helper()
	db := filepath.Join(t.TempDir(), "shared.db")
	var out []instance
	for range n {
		cfg := app.DefaultConfig()
		cfg.Addr = "127.0.0.1:0"
		cfg.DataDir = t.TempDir()
		cfg.DatabaseURL = db
		if edit != nil {
			edit(&cfg)
		}
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		log := &logBuffer{}
		m := app.NewMain(cfg, slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug})))
		if err := m.Open(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := m.Close(); err != nil {
				t.Error(err)
			}
		})
		out = append(out, instance{m, log})
	}
	return out
}

// total counts s in the logs of every instance.
func total(insts []instance, s string) int {
	n := 0
	for _, in := range insts {
		n += in.log.count(s)
	}
	return n
}

// waitUntil polls cond until it holds or the deadline passes.
func waitUntil(t *testing.T, within time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > within {
			t.Fatalf("%s: not within %v", what, within)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return time.Since(start)
}

// TestClusterJobsRunOnce: two instances on one database purge once and
// sync Wikipedia's coming week once between them, not once each.
func TestClusterJobsRunOnce(t *testing.T) {
	api := fakeapi.New(10)
	srv := httptest.NewServer(api)
	defer srv.Close()
	insts := openCluster(t, 2, func(c *app.Config) {
		c.WikimediaAPI, c.WikimediaContact, c.WikimediaSync = srv.URL, "ops@example.org", "en"
	})
	jobs := []struct {
		name, lease, done string
	}{
		{"RetentionPurge", "job=retention-purge", "retention: nothing to purge"},
		{"WikipediaSync", "job=wikimedia-sync:en", "msg=\"wikipedia sync\""},
	}
	for _, j := range jobs {
		t.Run(j.name, func(t *testing.T) {
			// Each instance tries at start: one does the work, the other
			// finds it running or done.
			waitUntil(t, 30*time.Second, "one run and one refusal", func() bool {
				return total(insts, j.done) >= 1 && total(insts, "running elsewhere\" "+j.lease) >= 1
			})
			if n := total(insts, j.done); n != 1 {
				t.Errorf("ran %d times on two instances, want once", n)
			}
		})
	}
	if days := api.Requests.Load() - api.Images.Load(); days != 8 {
		t.Errorf("%d feed requests, want the 8 days of one sync", days)
	}
}
