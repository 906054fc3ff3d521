package retention_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"flashback"
	"flashback/retention"
	"flashback/sqlite"
)

var handledAt = time.Date(2026, time.January, 31, 9, 0, 0, 0, time.UTC)

// fixture is a real database holding one contact message, handled at
// handledAt, and the stores to reach it.
type fixture struct {
	db    *sqlite.DB
	desk  *sqlite.DeskStore
	store *sqlite.RetentionStore
	msgID int64
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "flashback.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return handledAt }
	f := &fixture{db: db, desk: sqlite.NewDeskStore(db), store: sqlite.NewRetentionStore(db)}
	ctx := context.Background()
	m := &flashback.Message{Name: "Ada", Email: "ada@example.org", Subject: "Hi", Body: "Thanks."}
	if err := f.desk.CreateMessage(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := f.desk.MarkMessage(ctx, m.ID, true, 0); err != nil {
		t.Fatal(err)
	}
	f.msgID = m.ID
	return f
}

func (f *fixture) messageKept(t *testing.T) bool {
	t.Helper()
	_, err := f.desk.FindMessageByID(context.Background(), f.msgID)
	if err != nil && flashback.ErrorCode(err) != flashback.ENOTFOUND {
		t.Fatal(err)
	}
	return err == nil
}

// at returns a clock stopped at t.
func at(t time.Time) flashback.Clock { return func() time.Time { return t } }

func TestRunOnce(t *testing.T) {
	year := 365 * 24 * time.Hour
	cases := []struct {
		name   string
		policy flashback.RetentionPolicy
		now    time.Time
		code   string
		purged int
	}{
		{"DefaultPolicyBeforePeriod", flashback.RetentionPolicy{}, handledAt.Add(year - time.Second), "", 0},
		{"DefaultPolicyAfterPeriod", flashback.RetentionPolicy{}, handledAt.Add(year + time.Second), "", 1},
		{"ShorterPolicy", func() flashback.RetentionPolicy {
			p := flashback.DefaultRetention()
			p.HandledMessages = 30 * 24 * time.Hour
			return p
		}(), handledAt.Add(31 * 24 * time.Hour), "", 1},
		{"PartialPolicyRefused", flashback.RetentionPolicy{HandledMessages: time.Hour}, handledAt.Add(2 * year), flashback.EINVALID, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			j := retention.Janitor{Store: f.store, Policy: c.policy, Clock: at(c.now)}
			stats, err := j.RunOnce(context.Background())
			if got := flashback.ErrorCode(err); got != c.code {
				t.Fatalf("RunOnce error = %v, want code %q", err, c.code)
			}
			if stats.HandledMessages != c.purged || stats.Total() != c.purged {
				t.Errorf("stats = %v, want %d handled message(s) and nothing else", stats, c.purged)
			}
			if kept := f.messageKept(t); kept != (c.purged == 0) {
				t.Errorf("message kept = %v after purging %d", kept, c.purged)
			}
		})
	}
}

func TestRunOnce_NoStore(t *testing.T) {
	if _, err := (retention.Janitor{}).RunOnce(context.Background()); err == nil {
		t.Error("a janitor without a store ran")
	}
}

// syncBuffer is a log destination the test reads while Run writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor polls cond for up to five seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// runJanitor starts j.Run and returns a function that stops it and
// returns Run's result.
func runJanitor(t *testing.T, j retention.Janitor) func() error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- j.Run(ctx) }()
	return func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not stop when its context ended")
			return nil
		}
	}
}

// TestRun_FirstPassAtStart: with an hour between passes, the purge still
// happens at once, is logged, and Run stops cleanly.
func TestRun_FirstPassAtStart(t *testing.T) {
	f := newFixture(t)
	var log syncBuffer
	stop := runJanitor(t, retention.Janitor{Store: f.store, Clock: at(handledAt.Add(366 * 24 * time.Hour)),
		Logger: slog.New(slog.NewTextHandler(&log, nil))})
	waitFor(t, "the first purge", func() bool { return !f.messageKept(t) })
	waitFor(t, "the log line", func() bool { return strings.Contains(log.String(), "handled messages 1") })
	if err := stop(); err != nil {
		t.Errorf("Run = %v, want nil after cancel", err)
	}
}

// TestRun_Repeats: a record that expires after the first pass goes at a
// later tick.
func TestRun_Repeats(t *testing.T) {
	f := newFixture(t)
	var now atomic.Int64
	now.Store(handledAt.Add(24 * time.Hour).UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()).UTC() }
	var passes atomic.Int32
	counting := func() time.Time { passes.Add(1); return clock() }
	stop := runJanitor(t, retention.Janitor{Store: f.store, Clock: counting, Interval: 10 * time.Millisecond})
	waitFor(t, "the first pass", func() bool { return passes.Load() >= 1 })
	if !f.messageKept(t) {
		t.Fatal("purged a day after handling")
	}
	now.Store(handledAt.Add(366 * 24 * time.Hour).UnixNano())
	waitFor(t, "a later pass to purge", func() bool { return !f.messageKept(t) })
	if err := stop(); err != nil {
		t.Errorf("Run = %v", err)
	}
}

func TestRun_InvalidPolicy(t *testing.T) {
	f := newFixture(t)
	j := retention.Janitor{Store: f.store, Policy: flashback.RetentionPolicy{Deliveries: time.Hour}}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := j.Run(ctx); flashback.ErrorCode(err) != flashback.EINVALID {
		t.Errorf("Run = %v, want EINVALID at once", err)
	}
	if !f.messageKept(t) {
		t.Error("an invalid policy purged")
	}
}
