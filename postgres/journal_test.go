package postgres_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/postgres"
)

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

// sampleOutcomes are outcomes the journal keeps: none was sent (Append
// writes those into the ledger).
func sampleOutcomes() []flashback.Outcome {
	d := flashback.CivilDate{Year: 2027, Month: time.January, Day: 31}
	return []flashback.Outcome{
		{SubscriberID: 1, LocalDate: d, Attempt: 1, State: flashback.DeliverySkipped, Reason: "unsubscribed before sending"},
		{SubscriberID: 2, LocalDate: d, Attempt: 2, State: flashback.DeliveryRetry, Reason: "421 busy",
			RetryAt: time.Date(2027, 1, 31, 8, 0, 0, 0, time.UTC)},
		{SubscriberID: 3, LocalDate: d, Attempt: 1, State: flashback.DeliveryFailed, Reason: "550 no such user"},
	}
}

func TestOutcomeJournal(t *testing.T) {
	all := sampleOutcomes()
	inst := flashback.Instance{ID: "inst-1", StartedAt: time.Now().UTC()}
	tests := []struct {
		name string
		// run leaves journals behind (and may keep one open); Replay then
		// runs with apply.
		run      func(t *testing.T, j *postgres.OutcomeJournal) flashback.OutcomeLog
		applyErr error
		want     []flashback.Outcome
		wantErr  string
	}{
		{"AllAppliedLeavesNothing", func(t *testing.T, j *postgres.OutcomeJournal) flashback.OutcomeLog {
			l := mustOpenLog(t, j, inst)
			mustDo(t, appendErr(l, all), l.Applied(3), l.Close())
			return nil
		}, nil, nil, ""},
		{"UnappliedReplayedInOrder", func(t *testing.T, j *postgres.OutcomeJournal) flashback.OutcomeLog {
			l := mustOpenLog(t, j, inst)
			mustDo(t, appendErr(l, all[:1]), appendErr(l, all[1:]), l.Applied(1), l.Close())
			return nil
		}, nil, all[1:], ""},
		{"LiveJournalLeftAlone", func(t *testing.T, j *postgres.OutcomeJournal) flashback.OutcomeLog {
			l := mustOpenLog(t, j, inst)
			mustDo(t, appendErr(l, all))
			return l
		}, nil, nil, ""},
		{"SeveralInstancesEachReplayed", func(t *testing.T, j *postgres.OutcomeJournal) flashback.OutcomeLog {
			// Dead runs on either side of a live one: each journal is
			// found, in the order of the instances' IDs.
			for i, id := range []string{"inst-c", "inst-a"} {
				l := mustOpenLog(t, j, flashback.Instance{ID: id, StartedAt: inst.StartedAt})
				mustDo(t, appendErr(l, all[i*2:i*2+1]), l.Close())
			}
			l := mustOpenLog(t, j, flashback.Instance{ID: "inst-b", StartedAt: inst.StartedAt})
			mustDo(t, appendErr(l, all[1:2]))
			return l
		}, nil, []flashback.Outcome{all[2], all[0]}, ""},
		{"FailedApplyKeepsJournal", func(t *testing.T, j *postgres.OutcomeJournal) flashback.OutcomeLog {
			l := mustOpenLog(t, j, inst)
			mustDo(t, appendErr(l, all), l.Close())
			return nil
		}, errors.New("ledger down"), nil, "ledger down"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := postgres.NewOutcomeJournal(MustOpenDB(t))
			if open := tt.run(t, j); open != nil {
				defer open.Close()
			}
			r := &recorder{err: tt.applyErr}
			err := j.Replay(context.Background(), r.apply)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Replay = %v, want an error with %q", err, tt.wantErr)
				}
				// Kept: a second Replay that succeeds gets it all.
				r.err = nil
				if err := j.Replay(context.Background(), r.apply); err != nil || !reflect.DeepEqual(r.got, all) {
					t.Errorf("second Replay = %v, got %+v", err, r.got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(r.got, tt.want) && (len(r.got) > 0 || len(tt.want) > 0) {
				t.Errorf("replayed %+v, want %+v", r.got, tt.want)
			}
			// Replayed journals are gone: a second Replay finds nothing.
			again := &recorder{}
			if err := j.Replay(context.Background(), again.apply); err != nil || len(again.got) != 0 {
				t.Errorf("second Replay = %v, %+v", err, again.got)
			}
		})
	}
}

func TestOutcomeJournal_OpenRefuses(t *testing.T) {
	inst := flashback.Instance{ID: "inst-1", StartedAt: time.Now().UTC()}
	t.Run("HeldByARunningProcess", func(t *testing.T) {
		j := postgres.NewOutcomeJournal(MustOpenDB(t))
		l := mustOpenLog(t, j, inst)
		defer l.Close()
		if second, err := j.Open(inst); err == nil || !strings.Contains(err.Error(), "running process") {
			if second != nil {
				second.Close()
			}
			t.Errorf("second Open = %v, want a refusal", err)
		}
	})
	t.Run("NotReplayed", func(t *testing.T) {
		j := postgres.NewOutcomeJournal(MustOpenDB(t))
		l := mustOpenLog(t, j, inst)
		mustDo(t, appendErr(l, sampleOutcomes()), l.Close())
		if again, err := j.Open(inst); err == nil || !strings.Contains(err.Error(), "not replayed") {
			if again != nil {
				again.Close()
			}
			t.Errorf("Open = %v, want a refusal until Replay", err)
		}
		if err := j.Replay(context.Background(), (&recorder{}).apply); err != nil {
			t.Fatal(err)
		}
		l = mustOpenLog(t, j, inst)
		mustDo(t, l.Close())
	})
	t.Run("AppliedMoreThanAppended", func(t *testing.T) {
		j := postgres.NewOutcomeJournal(MustOpenDB(t))
		l := mustOpenLog(t, j, inst)
		defer l.Close()
		mustDo(t, appendErr(l, sampleOutcomes()[:1]))
		if err := l.Applied(2); err == nil {
			t.Error("Applied(2) after one append succeeded")
		}
	})
}

func mustOpenLog(t *testing.T, j *postgres.OutcomeJournal, inst flashback.Instance) flashback.OutcomeLog {
	t.Helper()
	l, err := j.Open(inst)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// appendErr appends outcomes to l and returns only the error.
func appendErr(l flashback.OutcomeLog, outcomes []flashback.Outcome) error {
	_, err := l.Append(outcomes)
	return err
}

func mustDo(t *testing.T, errs ...error) {
	t.Helper()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestHeartbeat_RestartWaitsForEarlierJournal: a restart's first heartbeat
// frees its earlier run's claims only once that run's journal is let go
// (as the server does when it notices a killed process's connection
// closed), so that the journal is replayed before the claims are taken.
func TestHeartbeat_RestartWaitsForEarlierJournal(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	deliveries, journal := postgres.NewDeliveryStore(db), postgres.NewOutcomeJournal(db)
	now := time.Now()
	earlier := flashback.Instance{ID: "a", StartedAt: now.Add(-time.Minute)}
	if err := deliveries.Heartbeat(ctx, earlier); err != nil {
		t.Fatal(err)
	}
	held, err := journal.Open(earlier)
	if err != nil {
		t.Fatal(err)
	}
	released, closed := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(closed)
		time.Sleep(200 * time.Millisecond)
		close(released)
		if err := held.Close(); err != nil {
			t.Error(err)
		}
	}()
	defer func() { <-closed }()
	if err := deliveries.Heartbeat(ctx, flashback.Instance{ID: "a", StartedAt: now}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-released:
	default:
		t.Error("the restart's first heartbeat returned while its earlier run's journal was held")
	}
}

// TestHeartbeat_RestartLeavesJournaledClaims: a restart frees its earlier
// run's claims for every instance, except those whose outcome is in that
// run's journal: another instance could take them before the journal is
// replayed, and send a retry before its time.
func TestHeartbeat_RestartLeavesJournaledClaims(t *testing.T) {
	db := MustOpenDB(t)
	now := time.Date(2026, 1, 31, 7, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	ctx := context.Background()
	deliveries := postgres.NewDeliveryStore(db)
	d := flashback.CivilDate{Year: 2026, Month: time.January, Day: 31}
	seed := []*flashback.Subscriber{
		{Email: "journaled@example.org", Preferences: flashback.Preferences{TimeZone: "UTC", WakeHour: 7}, NextDate: d},
		{Email: "in-flight@example.org", Preferences: flashback.Preferences{TimeZone: "UTC", WakeHour: 7}, NextDate: d},
	}
	if err := postgres.NewSubscriberStore(db).SeedConfirmed(ctx, seed); err != nil {
		t.Fatal(err)
	}
	claim := func(owner flashback.Instance) []string {
		t.Helper()
		if err := deliveries.Heartbeat(ctx, owner); err != nil {
			t.Fatal(err)
		}
		res, err := deliveries.ClaimDeliveries(ctx, flashback.ClaimOptions{Limit: 10, Lease: 10 * time.Minute,
			Cutoff: time.Hour, Owner: owner})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range res.Claims {
			got = append(got, c.Subscriber.Email)
		}
		return got
	}
	earlier := flashback.Instance{ID: "a", StartedAt: now.Add(-time.Hour)}
	if got := claim(earlier); len(got) != 2 {
		t.Fatalf("the earlier run claimed %v, want both", got)
	}
	log, err := postgres.NewOutcomeJournal(db).Open(earlier)
	if err != nil {
		t.Fatal(err)
	}
	retry := flashback.Outcome{SubscriberID: seed[0].ID, LocalDate: d, Attempt: 1, State: flashback.DeliveryRetry,
		Reason: "421 busy", RetryAt: now.Add(time.Hour)}
	if err := appendErr(log, []flashback.Outcome{retry}); err != nil {
		t.Fatal(err)
	}
	if err := log.Close(); err != nil { // as the server does once the process is dead
		t.Fatal(err)
	}
	now = now.Add(time.Second)
	if err := deliveries.Heartbeat(ctx, flashback.Instance{ID: "a", StartedAt: now}); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Second)
	if got := claim(flashback.Instance{ID: "b", StartedAt: now.Add(-time.Hour)}); len(got) != 1 || got[0] != "in-flight@example.org" {
		t.Errorf("another instance claimed %v after the restart, want only in-flight@example.org", got)
	}
}

// TestOutcomeJournal_OpenWaitsOutAReplay: a journal held for a moment, as
// another instance's Replay holds it, opens once it is let go.
func TestOutcomeJournal_OpenWaitsOutAReplay(t *testing.T) {
	j := postgres.NewOutcomeJournal(MustOpenDB(t))
	inst := flashback.Instance{ID: "a", StartedAt: time.Now()}
	held, err := j.Open(inst)
	if err != nil {
		t.Fatal(err)
	}
	closed := make(chan error, 1)
	go func() {
		time.Sleep(200 * time.Millisecond)
		closed <- held.Close()
	}()
	l, err := j.Open(inst)
	if err != nil {
		t.Fatalf("Open after a moment's hold: %v", err)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestOutcomeJournal_SentGoesToTheLedger: Append writes a sent outcome into
// its ledger row at once, and keeps only the others for the ledger to
// apply later; a sent digest then needs nothing more (its claim moved the
// schedule on).
func TestOutcomeJournal_SentGoesToTheLedger(t *testing.T) {
	db := MustOpenDB(t)
	now := time.Date(2026, 1, 31, 7, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	ctx := context.Background()
	deliveries := postgres.NewDeliveryStore(db)
	d := flashback.CivilDate{Year: 2026, Month: time.January, Day: 31}
	seed := []*flashback.Subscriber{
		{Email: "sent@example.org", Preferences: flashback.Preferences{TimeZone: "UTC", WakeHour: 7}, NextDate: d},
		{Email: "retry@example.org", Preferences: flashback.Preferences{TimeZone: "UTC", WakeHour: 7}, NextDate: d},
	}
	if err := postgres.NewSubscriberStore(db).SeedConfirmed(ctx, seed); err != nil {
		t.Fatal(err)
	}
	inst := flashback.Instance{ID: "a", StartedAt: now.Add(-time.Hour)}
	res, err := deliveries.ClaimDeliveries(ctx, flashback.ClaimOptions{Limit: 10, Lease: 10 * time.Minute,
		Cutoff: time.Hour, Owner: inst})
	if err != nil || len(res.Claims) != 2 {
		t.Fatalf("ClaimDeliveries = %+v, %v; want 2 claims", res, err)
	}
	j := postgres.NewOutcomeJournal(db)
	l := mustOpenLog(t, j, inst)
	sent := flashback.Outcome{SubscriberID: seed[0].ID, LocalDate: d, Attempt: 1, State: flashback.DeliverySent,
		MessageID: "<m@x>"}
	retry := flashback.Outcome{SubscriberID: seed[1].ID, LocalDate: d, Attempt: 1, State: flashback.DeliveryRetry,
		Reason: "421 busy", RetryAt: now.Add(time.Hour)}
	inLedger, err := l.Append([]flashback.Outcome{retry, sent})
	if err != nil || !inLedger {
		t.Fatalf("Append = %v, %v; want the sent outcome in the ledger", inLedger, err)
	}
	state := func(id int64) *flashback.Delivery {
		t.Helper()
		rows, err := deliveries.FindDeliveries(ctx, id)
		if err != nil || len(rows) != 1 {
			t.Fatalf("FindDeliveries(%d) = %+v, %v", id, rows, err)
		}
		return rows[0]
	}
	if row := state(seed[0].ID); row.State != flashback.DeliverySent || row.MessageID != "<m@x>" {
		t.Errorf("sent digest's row: %s %q, want sent <m@x>", row.State, row.MessageID)
	}
	if row := state(seed[1].ID); row.State != flashback.DeliverySending {
		t.Errorf("retried digest's row: %s, want sending until the retry is applied", row.State)
	}
	mustDo(t, l.Close())
	r := &recorder{}
	if err := j.Replay(ctx, r.apply); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.got, []flashback.Outcome{retry}) {
		t.Errorf("replayed %+v, want only the retry", r.got)
	}
}
