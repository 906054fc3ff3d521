package newsletter_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/mail"
	"flashback/mail/smtpsink"
	"flashback/newsletter"
	"flashback/sqlite"
)

// The crash test runs delivery passes in a child process (this test binary
// again, running TestCrashChild) and kills it with SIGKILL at random
// moments of its pass. Everything is real: the SQLite file, the SMTP
// conversation with the sink, the process and its death.
const (
	crashEnvDB       = "FLASHBACK_CRASH_DB"
	crashEnvSMTP     = "FLASHBACK_CRASH_SMTP"
	crashEnvNow      = "FLASHBACK_CRASH_NOW"
	crashEnvInstance = "FLASHBACK_CRASH_INSTANCE"
	// crashEnvHold makes the child keep its outcomes in the journal until
	// its pass ends, so that a kill always finds them journaled and not
	// yet in the ledger.
	crashEnvHold = "FLASHBACK_CRASH_HOLD"
)

// serveConns is serve's mail pool and worker count (MailPool in
// cmd/flashback/app); the child otherwise runs the Scheduler's defaults, as
// serve does: a 10-minute lease, group commits, a 2-minute send timeout.
const serveConns = 8

// TestCrashChild is the child's side: one delivery pass at a fixed clock
// with serve's settings, as the instance the parent names. It does nothing
// when run normally.
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
	sender, err := mail.New(os.Getenv(crashEnvSMTP), mail.Options{Timeout: 5 * time.Second, Pool: serveConns,
		Logger: slog.New(slog.DiscardHandler), HELO: "child.local"})
	if err != nil {
		t.Fatal(err)
	}
	defer sender.Close()
	svc, err := newsletter.New(context.Background(), newsletter.Deps{
		Subscribers: sqlite.NewSubscriberStore(db), Deliveries: sqlite.NewDeliveryStore(db),
		Events: sqlite.NewEventStore(db), Secrets: sqlite.NewSecretStore(db), Mail: sender, Clock: clock,
	}, newsletter.Config{BaseURL: baseURL, From: "digest@flashback.example"})
	if err != nil {
		t.Fatal(err)
	}
	sc := newsletter.Scheduler{Service: svc, Workers: serveConns,
		Instance: flashback.Instance{ID: os.Getenv(crashEnvInstance), StartedAt: now},
		Journal:  sqlite.NewOutcomeJournal(db)}
	if os.Getenv(crashEnvHold) != "" {
		sc.ApplyEvery, sc.MarkBatch = time.Hour, 4096
	}
	if _, err := sc.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestCrashSafety kills the sending process at a random moment of its pass
// on each of many days, and restarts it soon after, far inside the lease.
// Every due digest must arrive by the end of the restarted pass; a
// (subscriber, date) may arrive twice only with the same Message-ID, and a
// kill may cause at most one repeat per SMTP connection; nobody else gets
// anything.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("starts about 80 processes")
	}
	tests := []struct {
		name string
		days int
		// restartAs is the instance that restarts, restartAfter when.
		restartAs    string
		restartAfter time.Duration
		minKills     int
		// hold: the kill always comes between journal and ledger.
		hold bool
	}{
		// The same installation restarting takes its dead claims at once.
		{"serve restarts", 34, "crash-child", 5 * time.Second, 30, false},
		// Another instance waits until the dead one's heartbeat is stale.
		{"another instance takes over", 4, "other-instance", flashback.OwnerDeadAfter + 5*time.Second, 2, false},
		{"killed between journal and ledger", 8, "crash-child", 5 * time.Second, 6, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const n = 64
			path := filepath.Join(t.TempDir(), "crash.db")
			e := seedCrash(t, path, n)
			// A held 250 keeps every connection in the window a kill can
			// hit: data sent, reply not yet read.
			e.sink.SetDelay(10 * time.Millisecond)
			rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
			kills, dupes, worst := 0, 0, 0
			for day := range tt.days {
				wake := jan31.Add(time.Duration(day+1) * 24 * time.Hour)
				before := len(e.sink.Messages())
				start := wake.Add(time.Second)
				// The kill comes once a random share of the day's digests
				// has arrived, so that it hits the pass anywhere.
				at := before + 1 + rng.IntN(n-1)
				if tt.hold {
					// Past serveConns arrivals some connection has sent its
					// second message, whose end waited for the first's
					// journal record: only then must a journal exist.
					at = before + serveConns + 1 + rng.IntN(n-serveConns-1)
				}
				child := crashRun{path: path, smtp: e.sink.URL(), hold: tt.hold}
				killed := child.run(t, start, "crash-child", func() { e.sink.WaitFor(at, 10*time.Second) })
				if killed && tt.hold && !journalLeft(t, path) {
					t.Errorf("day %d: the kill left no journal to replay", day+1)
				}
				child.run(t, start.Add(tt.restartAfter), tt.restartAs, nil)
				d := checkDay(t, e, e.sink.Messages()[before:], wake, n)
				if killed {
					kills++
				}
				if max := map[bool]int{true: serveConns}[killed]; d > max {
					t.Errorf("day %d: %d repeats, more than %d (killed: %v)", day+1, d, max, killed)
				}
				dupes, worst = dupes+d, max(worst, d)
			}
			t.Logf("%d kills, %d repeats (%.1f a kill, worst %d, over %d connections), all with the first copy's Message-ID",
				kills, dupes, float64(dupes)/float64(max(kills, 1)), worst, serveConns)
			if kills < tt.minKills {
				t.Errorf("only %d of %d children were killed before finishing; the test did not test much", kills, tt.days)
			}
		})
	}
}

// seedCrash makes n readers due at 07:00 in Vienna, one due at noon (whose
// window never includes the passes) and one who has unsubscribed.
func seedCrash(t *testing.T, path string, n int) *env {
	t.Helper()
	e := newEnv(t, path)
	for i := range n {
		e.confirmed(t, fmt.Sprintf("r%02d@example.org", i), "Europe/Vienna", "07:00")
	}
	e.confirmed(t, "noon@example.org", "Europe/Vienna", "12:00")
	gone := e.confirmed(t, "gone@example.org", "Europe/Vienna", "07:00")
	if err := e.subs.Unsubscribe(context.Background(), gone.ID, "test"); err != nil {
		t.Fatal(err)
	}
	return e
}

// crashRun is what the children of one test case share.
type crashRun struct {
	path, smtp string
	hold       bool
}

// run runs one child pass at now as instance; with a kill function it
// kills the child when that returns and reports whether the child was
// still running then.
func (cr crashRun) run(t *testing.T, now time.Time, instance string, kill func()) bool {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnvDB+"="+cr.path, crashEnvSMTP+"="+cr.smtp,
		crashEnvNow+"="+now.Format(time.RFC3339Nano), crashEnvInstance+"="+instance)
	if cr.hold {
		cmd.Env = append(cmd.Env, crashEnvHold+"=1")
	}
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if kill == nil {
		return childDone(t, <-done, &out)
	}
	killing := make(chan struct{})
	go func() { kill(); close(killing) }()
	select {
	case <-killing:
		_ = cmd.Process.Kill()
		return <-done != nil // a child that had finished exits cleanly
	case err := <-done:
		return childDone(t, err, &out)
	}
}

// journalLeft reports whether a killed child left outcomes in a journal.
func journalLeft(t *testing.T, dbPath string) bool {
	t.Helper()
	paths, err := filepath.Glob(dbPath + ".outcomes.*")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil && fi.Size() > 8 {
			return true
		}
	}
	return false
}

func childDone(t *testing.T, err error, out *strings.Builder) bool {
	t.Helper()
	if err != nil {
		t.Fatalf("child pass: %v\n%s", err, out.String())
	}
	return false
}

// checkDay checks one day's digests and returns how many were repeats.
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
