package app_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"flashback"
	"flashback/stores"
)

// writer creates events on a store until stopped, remembering their IDs in
// the order they were committed.
type writer struct {
	mu  sync.Mutex
	ids []int64
	err error
}

func (w *writer) run(ctx context.Context, events flashback.EventStore) {
	for i := 0; ctx.Err() == nil; i++ {
		e := &flashback.Event{
			Date:     flashback.HistDate{Year: 1800 + i%200, Month: time.July, Day: 1 + i%28},
			Category: flashback.CategoryHistory, Headline: "Written under load", Published: true,
		}
		err := events.CreateEvent(ctx, e)
		w.mu.Lock()
		if err == nil {
			w.ids = append(w.ids, e.ID)
		} else if ctx.Err() == nil {
			w.err = err
		}
		w.mu.Unlock()
	}
}

func (w *writer) committed() []int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]int64(nil), w.ids...)
}

// A backup taken while the server commits writes, restored into a fresh
// data directory, holds an unbroken prefix of those writes: everything
// committed before the backup started, nothing torn. Restoring over the
// live database is refused while the server runs.
func TestBackupUnderWritesRestores(t *testing.T) {
	m := MustOpenMain(t, time.Date(2026, time.July, 4, 12, 0, 0, 0, time.UTC), "UTC")
	ctx, stop := context.WithCancel(context.Background())
	var w writer
	done := make(chan struct{})
	go func() { defer close(done); w.run(ctx, m.Stores.Events) }()
	for len(w.committed()) < 20 {
		time.Sleep(time.Millisecond)
	}
	before := len(w.committed())
	dest := filepath.Join(t.TempDir(), "backup.db")
	if out, _, err := runCLI(t, m.Config.DataDir, "", "backup", dest); err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	during := len(w.committed())
	_, _, refused := runCLI(t, m.Config.DataDir, "", "restore", dest)
	stop()
	<-done
	if w.err != nil {
		t.Fatalf("a write failed: %v", w.err)
	}
	written := w.committed()
	t.Logf("%d writes before the backup, %d when it ended, %d in all", before, during, len(written))

	if refused == nil || !strings.Contains(refused.Error(), "in use") {
		t.Errorf("restore over the running server's database: %v, want refused as in use", refused)
	}
	get(t, m.HTTP.URL()+"/healthz")

	fresh := t.TempDir()
	out, _, err := runCLI(t, fresh, "", "restore", dest)
	if err != nil || !strings.Contains(out, "integrity ok") || !strings.Contains(out, "restored "+dest) {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	restored, err := stores.Open(filepath.Join(fresh, "flashback.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	n := restoredPrefix(t, restored.Events, m.Stores.Events, written)
	if n < before || n > during {
		t.Errorf("the backup holds the first %d writes, want between %d and %d", n, before, during)
	}
}

// restoredPrefix checks that got holds the first n of the written events,
// equal to the live ones, and none after them; it returns n.
func restoredPrefix(t *testing.T, got, live flashback.EventStore, written []int64) int {
	t.Helper()
	ctx := context.Background()
	n := 0
	for i, id := range written {
		e, err := got.FindEventByID(ctx, id)
		if flashback.ErrorCode(err) == flashback.ENOTFOUND {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if i != n {
			t.Fatalf("write %d is in the backup but write %d is not: a torn copy", i, n)
		}
		want, err := live.FindEventByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if e.Headline != want.Headline || e.Date != want.Date {
			t.Errorf("event %d restored as %+v, want %+v", id, e, want)
		}
		n++
	}
	return n
}

func TestCLI_Healthcheck(t *testing.T) {
	m := MustOpenMain(t, time.Date(2026, time.July, 4, 12, 0, 0, 0, time.UTC), "UTC")
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(m.HTTP.URL(), "http://"))
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer failing.Close()
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedAddr := closed.Addr().String()
	closed.Close()
	tests := []struct {
		name, addr string
		healthy    bool
	}{
		{"Healthy", strings.TrimPrefix(m.HTTP.URL(), "http://"), true},
		{"EveryInterfaceMeansLoopback", ":" + port, true},
		{"Unhealthy", strings.TrimPrefix(failing.URL, "http://"), false},
		{"NobodyListening", closedAddr, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runCLI(t, t.TempDir(), "", "healthcheck", "-addr", tt.addr)
			if healthy := err == nil && strings.TrimSpace(out) == "ok"; healthy != tt.healthy {
				t.Errorf("healthcheck of %s: %q, %v; want healthy=%v", tt.addr, out, err, tt.healthy)
			}
		})
	}
}
