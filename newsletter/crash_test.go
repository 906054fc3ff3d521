package newsletter_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"flashback/mail"
	"flashback/mail/smtpsink"
	"flashback/newsletter"
	"flashback/sqlite"
)

// The crash test runs delivery passes in a child process (this test binary
// again, running TestCrashChild) and kills it at random moments.
const (
	crashEnvDB   = "FLASHBACK_CRASH_DB"
	crashEnvSMTP = "FLASHBACK_CRASH_SMTP"
	crashEnvNow  = "FLASHBACK_CRASH_NOW"
	// crashEnvServe, when set, makes the child use serve's settings.
	crashEnvServe = "FLASHBACK_CRASH_SERVE"
	crashLease    = time.Minute
)

// TestCrashChild is the child's side: one delivery pass at a fixed clock,
// with one worker and a ledger commit per message, so that a kill can cost
// at most one duplicate, or with the settings serve ships (8 workers,
// default batches and group commits). It does nothing when run normally.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnvDB)
	if path == "" {
		t.Skip("only runs as the child of TestCrashSafety")
	}
	now, err := time.Parse(time.RFC3339Nano, os.Getenv(crashEnvNow))
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return now }
	db := sqlite.NewDB(path)
	db.Now = clock
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	serve := os.Getenv(crashEnvServe) != ""
	pool := 1
	if serve {
		pool = serveWorkers
	}
	sender, err := mail.New(os.Getenv(crashEnvSMTP), mail.Options{Timeout: 5 * time.Second, Pool: pool,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), HELO: "child.local"})
	if err != nil {
		t.Fatal(err)
	}
	defer sender.Close()
	svc, err := newsletter.New(context.Background(), newsletter.Deps{
		Subscribers: sqlite.NewSubscriberStore(db), Deliveries: sqlite.NewDeliveryStore(db),
		Events: sqlite.NewEventStore(db), Mail: sender, Clock: clock,
	}, newsletter.Config{BaseURL: baseURL, From: "digest@flashback.example"})
	if err != nil {
		t.Fatal(err)
	}
	sc := newsletter.Scheduler{Service: svc, Workers: 1, MarkBatch: 1, Batch: 5, Lease: crashLease, SendTimeout: 10 * time.Second}
	if serve {
		// As cmd/flashback/app/serve.go has it, but with a shorter lease
		// so that the restart can come right after it.
		sc = newsletter.Scheduler{Service: svc, Workers: serveWorkers, Lease: crashLease, SendTimeout: 10 * time.Second}
	}
	if _, err := sc.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// serveWorkers and serveMarkBatch are serve's scheduler settings (Workers
// 8, MarkBatch by default 64); the crash window is Workers + 2×MarkBatch.
const (
	serveWorkers   = 8
	serveMarkBatch = 64
)

// TestCrashSafety kills the sending process at random points on successive
// days and restarts it after the leases ran out. Every due digest must
// arrive; a (subscriber, date) may arrive twice only with the same
// Message-ID, at most the documented window of copies per crash; nobody
// else gets anything.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 56 processes")
	}
	tests := []struct {
		name     string
		serve    bool
		days, n  int
		delay    time.Duration // the sink's, so that a pass lasts long enough to be hit
		minKills int
		window   int // most duplicates one kill may cause
	}{
		{"one worker, a commit per mark", false, 20, 25, 5 * time.Millisecond, 10, 1},
		{"serve's settings", true, 8, 80, 15 * time.Millisecond, 4, serveWorkers + 2*serveMarkBatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "crash.db")
			e := newEnv(t, path)
			for i := range tt.n {
				e.confirmed(t, fmt.Sprintf("r%02d@example.org", i), "Europe/Vienna", "07:00")
			}
			// Noon's window (12:00 to midnight) never includes the passes at 07:00.
			e.confirmed(t, "noon@example.org", "Europe/Vienna", "12:00")
			gone := e.confirmed(t, "gone@example.org", "Europe/Vienna", "07:00")
			if err := e.subs.Unsubscribe(context.Background(), gone.ID, "test"); err != nil {
				t.Fatal(err)
			}
			e.sink.SetDelay(tt.delay)
			rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
			dupes, kills := 0, 0
			for day := range tt.days {
				wake := jan31.Add(time.Duration(day+1) * 24 * time.Hour)
				before := len(e.sink.Messages())
				delay := time.Duration(20+rng.IntN(180)) * time.Millisecond
				if crashChild(t, path, e.sink.URL(), wake.Add(time.Second), delay, tt.serve) {
					kills++
				}
				// The restart comes after the lease of any claim the crash left.
				crashChild(t, path, e.sink.URL(), wake.Add(crashLease+2*time.Second), 0, tt.serve)
				dupes += checkDay(t, e, e.sink.Messages()[before:], wake, tt.n)
			}
			t.Logf("%d kills, %d duplicate copies (same Message-ID)", kills, dupes)
			if kills < tt.minKills {
				t.Errorf("only %d of %d children were killed before finishing; the test did not test much", kills, tt.days)
			}
			if dupes > kills*tt.window {
				t.Errorf("%d duplicates for %d crashes, more than %d a crash", dupes, kills, tt.window)
			}
		})
	}
}

// crashChild runs one child pass at now; with killAfter > 0 it kills the
// child after that long and reports whether it was still running.
func crashChild(t *testing.T, path, smtpURL string, now time.Time, killAfter time.Duration, serve bool) bool {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnvDB+"="+path, crashEnvSMTP+"="+smtpURL,
		crashEnvNow+"="+now.Format(time.RFC3339Nano))
	if serve {
		cmd.Env = append(cmd.Env, crashEnvServe+"=1")
	}
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if killAfter <= 0 {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("child pass: %v\n%s", err, out.String())
		}
		return false
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("child pass: %v\n%s", err, out.String())
		}
		return false
	case <-time.After(killAfter):
		cmd.Process.Kill()
		<-done
		return true
	}
}

// checkDay checks one day's digests and returns how many were duplicates.
func checkDay(t *testing.T, e *env, msgs []smtpsink.Received, wake time.Time, n int) int {
	t.Helper()
	date := wake.In(time.UTC).Format("2006-01-02")
	ids := map[string]map[string]int{} // recipient → Message-ID → copies
	dupes := 0
	for _, m := range msgs {
		to := strings.Join(m.To, ",")
		if !strings.HasPrefix(to, "r") {
			t.Errorf("%s: digest to %s, who is not due", date, to)
			continue
		}
		wantSubject := "Flashback to " + wake.Format("January 2")
		if subj := m.Header.Get("Subject"); !strings.HasPrefix(subj, wantSubject) {
			t.Errorf("%s: digest %q to %s is for another day", date, subj, to)
		}
		if ids[to] == nil {
			ids[to] = map[string]int{}
		}
		id := m.Header.Get("Message-Id")
		ids[to][id]++
		if ids[to][id] > 1 {
			dupes++
		}
	}
	for i := range n {
		to := fmt.Sprintf("r%02d@example.org", i)
		switch len(ids[to]) {
		case 0:
			t.Errorf("%s: %s got no digest", date, to)
		case 1:
			for id := range ids[to] {
				if !strings.Contains(id, "-"+date+"@") || !strings.HasPrefix(id, "<digest-") {
					t.Errorf("%s: %s got Message-ID %s", date, to, id)
				}
			}
		default:
			t.Errorf("%s: %s got copies with different Message-IDs: %v", date, to, ids[to])
		}
	}
	return dupes
}
