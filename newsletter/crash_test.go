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
	crashLease   = time.Minute
)

// TestCrashChild is the child's side: one delivery pass at a fixed clock,
// with one worker and a ledger commit per message, so that a kill can cost
// at most one duplicate. It does nothing when run normally.
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
	sender, err := mail.New(os.Getenv(crashEnvSMTP), mail.Options{Timeout: 5 * time.Second, Pool: 1,
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
	if _, err := sc.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestCrashSafety kills the sending process at random points on 20
// successive days and restarts it after the leases ran out. Every due
// digest must arrive; a (subscriber, date) may arrive twice only with the
// same Message-ID, at most once per crash; nobody else gets anything.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 40 processes")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	e := newEnv(t, path)
	const n = 25
	for i := range n {
		e.confirmed(t, fmt.Sprintf("r%02d@example.org", i), "Europe/Vienna", "07:00")
	}
	// Noon's window (12:00 to midnight) never includes the passes at 07:00.
	noon := e.confirmed(t, "noon@example.org", "Europe/Vienna", "12:00")
	gone := e.confirmed(t, "gone@example.org", "Europe/Vienna", "07:00")
	if err := e.subs.Unsubscribe(context.Background(), gone.ID, "test"); err != nil {
		t.Fatal(err)
	}
	e.sink.SetDelay(5 * time.Millisecond) // makes a pass last long enough to be hit
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	dupes, kills := 0, 0
	for day := range 20 {
		wake := jan31.Add(time.Duration(day+1) * 24 * time.Hour)
		before := len(e.sink.Messages())
		delay := time.Duration(20+rng.IntN(180)) * time.Millisecond
		if crashChild(t, path, e.sink.URL(), wake.Add(time.Second), delay) {
			kills++
		}
		// The restart comes after the lease of any claim the crash left.
		crashChild(t, path, e.sink.URL(), wake.Add(crashLease+2*time.Second), 0)
		dupes += checkDay(t, e, e.sink.Messages()[before:], wake, n)
	}
	t.Logf("%d kills, %d duplicate copies (same Message-ID)", kills, dupes)
	if kills < 10 {
		t.Errorf("only %d of 20 children were killed before finishing; the test did not test much", kills)
	}
	if dupes > kills {
		t.Errorf("%d duplicates for %d crashes", dupes, kills)
	}
	_ = noon
}

// crashChild runs one child pass at now; with killAfter > 0 it kills the
// child after that long and reports whether it was still running.
func crashChild(t *testing.T, path, smtpURL string, now time.Time, killAfter time.Duration) bool {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnvDB+"="+path, crashEnvSMTP+"="+smtpURL,
		crashEnvNow+"="+now.Format(time.RFC3339Nano))
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
		to := "r" + fmt.Sprintf("%02d", i) + "@example.org"
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
