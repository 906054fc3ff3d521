package sqlite

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"flashback"
)

func openJournalDB(t *testing.T) *DB {
	t.Helper()
	db := NewDB(filepath.Join(t.TempDir(), "flashback.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func journalFiles(t *testing.T, db *DB) []string {
	t.Helper()
	paths, err := filepath.Glob(db.path + ".outcomes.*")
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range paths {
		paths[i] = filepath.Base(p)
	}
	return paths
}

// recorder is an apply function that keeps what it was given.
type recorder struct {
	got []flashback.Outcome
	err error
}

func (r *recorder) apply(_ context.Context, outcomes []flashback.Outcome) error {
	if r.err != nil {
		return r.err
	}
	r.got = append(r.got, outcomes...)
	return nil
}

var self = flashback.Instance{ID: "inst-1"}

func TestOutcomeJournal_Replay(t *testing.T) {
	all := sampleOutcomes()
	tests := []struct {
		name string
		// run leaves journals behind; Replay then runs with apply.
		run       func(t *testing.T, j *OutcomeJournal) flashback.OutcomeLog
		applyErr  error
		want      []flashback.Outcome
		wantFiles []string
	}{
		{"DeadProcessIsReplayedAndRemoved", func(t *testing.T, j *OutcomeJournal) flashback.OutcomeLog {
			l := mustOpen(t, j, self)
			mustAppend(t, l, all[:2])
			mustAppend(t, l, all[2:])
			dieWith(l) // the lock goes with the process
			return nil
		}, nil, all, nil},
		{"LiveProcessIsLeftAlone", func(t *testing.T, j *OutcomeJournal) flashback.OutcomeLog {
			l := mustOpen(t, j, self)
			mustAppend(t, l, all)
			return l
		}, nil, nil, []string{"flashback.db.outcomes.inst-1.1"}},
		{"AppliedIsForgotten", func(t *testing.T, j *OutcomeJournal) flashback.OutcomeLog {
			l := mustOpen(t, j, self)
			mustAppend(t, l, all[:1])
			mustAppend(t, l, all[1:])
			if err := l.Applied(1); err != nil {
				t.Fatal(err)
			}
			dieWith(l)
			return nil
		}, nil, all, nil}, // a file is emptied only when all of it is applied
		{"AllAppliedLeavesNothing", func(t *testing.T, j *OutcomeJournal) flashback.OutcomeLog {
			l := mustOpen(t, j, self)
			mustAppend(t, l, all)
			if err := l.Applied(len(all)); err != nil {
				t.Fatal(err)
			}
			dieWith(l)
			return nil
		}, nil, nil, nil},
		{"FailedApplyKeepsTheFile", func(t *testing.T, j *OutcomeJournal) flashback.OutcomeLog {
			l := mustOpen(t, j, self)
			mustAppend(t, l, all)
			dieWith(l)
			return nil
		}, errors.New("disk full"), nil, []string{"flashback.db.outcomes.inst-1.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openJournalDB(t)
			j := NewOutcomeJournal(db)
			if l := tt.run(t, j); l != nil {
				defer l.Close()
			}
			r := &recorder{err: tt.applyErr}
			err := j.Replay(context.Background(), r.apply)
			if (err != nil) != (tt.applyErr != nil) {
				t.Fatalf("Replay: %v", err)
			}
			if !slices.EqualFunc(r.got, tt.want, sameOutcome) {
				t.Errorf("applied %+v\nwant %+v", r.got, tt.want)
			}
			if got := journalFiles(t, db); !slices.Equal(got, tt.wantFiles) {
				t.Errorf("files %v, want %v", got, tt.wantFiles)
			}
		})
	}
}

func mustOpen(t *testing.T, j *OutcomeJournal, inst flashback.Instance) flashback.OutcomeLog {
	t.Helper()
	l, err := j.Open(inst)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func mustAppend(t *testing.T, l flashback.OutcomeLog, outcomes []flashback.Outcome) {
	t.Helper()
	if _, err := l.Append(outcomes); err != nil {
		t.Fatal(err)
	}
}

// dieWith drops l's locks and leaves its files, as a killed process does.
func dieWith(l flashback.OutcomeLog) {
	for _, s := range l.(*outcomeLog).segs {
		s.f.Close()
	}
}

// TestOutcomeJournal_Rotates: a journal moves on to a new file once its
// file is large, and removes the old one once all of it is applied.
func TestOutcomeJournal_Rotates(t *testing.T) {
	db := openJournalDB(t)
	l := mustOpen(t, NewOutcomeJournal(db), self)
	one := sampleOutcomes()[:1]
	n := 0
	for len(journalFiles(t, db)) < 2 {
		mustAppend(t, l, one)
		n++
	}
	mustAppend(t, l, one)
	if err := l.Applied(n); err != nil {
		t.Fatal(err)
	}
	if got := journalFiles(t, db); !slices.Equal(got, []string{"flashback.db.outcomes.inst-1.2"}) {
		t.Errorf("after applying the first file: %v", got)
	}
	if err := l.Applied(1); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(db.path + ".outcomes.inst-1.2"); err != nil || fi.Size() != int64(headerLen) {
		t.Errorf("all applied: %v, %v; want the file emptied", fi, err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if got := journalFiles(t, db); len(got) != 0 {
		t.Errorf("after Close: %v", got)
	}
}

func TestOutcomeJournal_Errors(t *testing.T) {
	t.Run("CorruptFileIsNamed", func(t *testing.T) {
		db := openJournalDB(t)
		path := db.path + ".outcomes.dead.1"
		if err := os.WriteFile(path, flip(encodeJournal(t, sampleOutcomes()), headerLen+recordHeadLen), 0o600); err != nil {
			t.Fatal(err)
		}
		err := NewOutcomeJournal(db).Replay(context.Background(), (&recorder{}).apply)
		if !errors.Is(err, errCorrupt) || !strings.Contains(err.Error(), path) {
			t.Errorf("got %v; want errCorrupt naming %s", err, path)
		}
	})
	t.Run("OpenRefusesAnUnreplayedJournal", func(t *testing.T) {
		db := openJournalDB(t)
		j := NewOutcomeJournal(db)
		l := mustOpen(t, j, self)
		mustAppend(t, l, sampleOutcomes())
		dieWith(l)
		if _, err := j.Open(self); err == nil {
			t.Error("opened over outcomes not replayed")
		}
	})
	t.Run("BadInstanceID", func(t *testing.T) {
		if _, err := NewOutcomeJournal(openJournalDB(t)).Open(flashback.Instance{ID: "../x"}); err == nil {
			t.Error("an ID with a path in it named a file")
		}
	})
}

// TestOutcomeJournal_ReplayIsIdempotent: replaying outcomes the ledger
// already has (the crash came after the apply, before the journal forgot)
// changes nothing, and stale retries and failures do not undo a sent
// digest or a newer attempt.
func TestOutcomeJournal_ReplayIsIdempotent(t *testing.T) {
	db := openJournalDB(t)
	now := time.Date(2026, 1, 31, 7, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	ctx := context.Background()
	claims := seedClaims(t, db, 3)
	deliveries := NewDeliveryStore(db)
	outcome := func(c *flashback.Claim, st flashback.DeliveryState) flashback.Outcome {
		o := flashback.Outcome{SubscriberID: c.Subscriber.ID, LocalDate: c.LocalDate, Attempt: c.Attempt, State: st}
		switch st {
		case flashback.DeliverySent:
			o.MessageID = "<m>"
		case flashback.DeliveryRetry:
			o.RetryAt, o.Reason = now.Add(time.Minute), "421"
		default:
			o.Reason = "550"
		}
		return o
	}
	applied := []flashback.Outcome{outcome(claims[0], flashback.DeliverySent),
		outcome(claims[1], flashback.DeliveryRetry), outcome(claims[2], flashback.DeliveryFailed)}
	if err := deliveries.CompleteDeliveries(ctx, applied); err != nil {
		t.Fatal(err)
	}
	want := dumpLedger(t, db)
	j := NewOutcomeJournal(db)
	l := mustOpen(t, j, self)
	// The same outcomes again, and stale ones for the sent digest.
	mustAppend(t, l, applied)
	mustAppend(t, l, []flashback.Outcome{outcome(claims[0], flashback.DeliveryRetry), outcome(claims[0], flashback.DeliveryFailed)})
	dieWith(l)
	now = now.Add(time.Hour) // a replay's rows would carry a later time
	if err := j.Replay(ctx, deliveries.CompleteDeliveries); err != nil {
		t.Fatal(err)
	}
	if got := dumpLedger(t, db); !slices.Equal(got, want) {
		t.Errorf("replay changed the ledger:\n%v\nwant\n%v", got, want)
	}
}

// seedClaims makes n subscribers due now and claims their digests.
func seedClaims(t *testing.T, db *DB, n int) []*flashback.Claim {
	t.Helper()
	ctx := context.Background()
	var seed []*flashback.Subscriber
	for i := range n {
		seed = append(seed, &flashback.Subscriber{Email: string(rune('a'+i)) + "@example.org",
			Preferences: flashback.Preferences{TimeZone: "UTC", WakeHour: 7}, NextDate: jan31})
	}
	if err := NewSubscriberStore(db).SeedConfirmed(ctx, seed); err != nil {
		t.Fatal(err)
	}
	res, err := NewDeliveryStore(db).ClaimDeliveries(ctx, flashback.ClaimOptions{Limit: 10, Lease: time.Minute, Cutoff: time.Hour})
	if err != nil || len(res.Claims) != n {
		t.Fatalf("claims: %v, %v", res, err)
	}
	return res.Claims
}
