package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"

	"flashback"
	"flashback/postgres/pgtest"
)

// watchNow is the pinned clock of these tests: the seeded digests are due.
var watchNow = time.Date(2026, 1, 31, 7, 0, 0, 0, time.UTC)

// openWatched opens a migrated database with n confirmed subscribers due
// and claims them all, returning the claims by address.
func openWatched(t *testing.T, n int) (*DB, map[string]*flashback.Claim) {
	t.Helper()
	db := NewDB(pgtest.DSN(t))
	db.Now = func() time.Time { return watchNow }
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	SeedDue(t, db, "w", n)
	ctx := context.Background()
	res, err := NewDeliveryStore(db).ClaimDeliveries(ctx,
		flashback.ClaimOptions{Limit: 100, Lease: 5 * time.Minute, Cutoff: 12 * time.Hour})
	if err != nil || len(res.Claims) != n {
		t.Fatalf("ClaimDeliveries = %v, %v; want %d claims", res, err, n)
	}
	claims := map[string]*flashback.Claim{}
	for _, c := range res.Claims {
		claims[c.Subscriber.Email] = c
	}
	return db, claims
}

func mustSendable(t *testing.T, db *DB, sub *flashback.Subscriber, want bool) {
	t.Helper()
	why, err := NewDeliveryStore(db).Sendable(context.Background(), sub)
	if err != nil || (why == "") != want {
		t.Errorf("Sendable(%s) = %q, %v; want sendable %v", sub.Email, why, err, want)
	}
}

// A claim's unchanged subscribers are answered without a query, once; a
// second check of the same claim asks the database.
func TestSendWatch_UnchangedAnsweredFromMemory(t *testing.T) {
	db, claims := openWatched(t, 3)
	for _, c := range claims {
		mustSendable(t, db, c.Subscriber, true)
	}
	if mem, asked := NewDeliveryStore(db).SendChecks(); mem != 3 || asked != 0 {
		t.Errorf("from memory %d, asked %d; want 3 and 0", mem, asked)
	}
	mustSendable(t, db, claims["w0@example.org"].Subscriber, true)
	if mem, asked := NewDeliveryStore(db).SendChecks(); mem != 3 || asked != 1 {
		t.Errorf("after a second check: from memory %d, asked %d; want 3 and 1", mem, asked)
	}
}

// A change made through the same DB is seen by the next check at once,
// without waiting for its notice.
func TestSendWatch_OwnChangesSeenAtOnce(t *testing.T) {
	db, claims := openWatched(t, 4)
	ctx, subs := context.Background(), NewSubscriberStore(db)
	id := func(i int) int64 { return claims[fmt.Sprintf("w%d@example.org", i)].Subscriber.ID }
	for _, err := range []error{
		subs.Unsubscribe(ctx, id(1), "test"),
		subs.SuppressSubscriber(ctx, id(2), flashback.SuppressBounce),
		subs.DeleteSubscriber(ctx, id(3)),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := range 4 {
		mustSendable(t, db, claims[fmt.Sprintf("w%d@example.org", i)].Subscriber, i == 0)
	}
}

// A change made elsewhere (another instance, or a statement outside the
// stores) reaches the watch by its notice; once it has, the check sees it.
func TestSendWatch_ChangesElsewhereSeenByNotice(t *testing.T) {
	db, claims := openWatched(t, 5)
	other := NewDB(db.DSN)
	if err := other.Open(); err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx, subs := context.Background(), NewSubscriberStore(other)
	sub := func(i int) *flashback.Subscriber { return claims[fmt.Sprintf("w%d@example.org", i)].Subscriber }
	changes := []func() error{
		func() error { return subs.Unsubscribe(ctx, sub(1).ID, "test") },
		func() error { return subs.SuppressSubscriber(ctx, sub(2).ID, flashback.SuppressBounce) },
		func() error { return subs.DeleteSubscriber(ctx, sub(3).ID) },
		func() error { // an address suppressed by hand, its subscriber untouched
			_, err := other.pool.Exec(ctx, `INSERT INTO suppressions (email_hash, reason, created_at)
				VALUES ($1, 'manual', now())`, flashback.EmailHash(sub(4).Email))
			return err
		},
	}
	for i, change := range changes {
		if err := change(); err != nil {
			t.Fatal(err)
		}
		done := time.Now()
		for !db.watch.noticed(sub(i + 1)) {
			if time.Since(done) > 10*time.Second {
				t.Fatalf("change %d: no notice within 10 s", i+1)
			}
			time.Sleep(100 * time.Microsecond)
		}
		t.Logf("change %d noticed %v after it returned", i+1, time.Since(done))
	}
	for i := range 5 {
		mustSendable(t, db, sub(i), i == 0)
	}
}

// noticed reports whether a change of sub's has reached the watch.
func (w *sendWatch) noticed(sub *flashback.Subscriber) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.ids[sub.ID] > 0 || w.hashes[string(flashback.EmailHash(sub.Email))] > 0
}

// When the listening connection is lost, the claims made before go to the
// database, which sees even a change no notice announced; once the watch
// listens again, new claims are answered from memory again.
func TestSendWatch_LostListenerSendsChecksToDatabase(t *testing.T) {
	db, claims := openWatched(t, 2)
	ctx := context.Background()
	gen := func() uint64 {
		db.watch.mu.Lock()
		defer db.watch.mu.Unlock()
		return db.watch.gen
	}
	before := gen()
	tag, err := db.pool.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name LIKE '%'||$1`, watchRole)
	if err != nil || tag.RowsAffected() != 1 {
		t.Fatalf("terminate the watch's connection: %v, %v", tag, err)
	}
	for deadline := time.Now().Add(10 * time.Second); gen() == before; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the watch never noticed its connection was gone")
		}
	}
	// A change that announces nothing: the triggers are off for this
	// session, as for a restore.
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	silent := claims["w1@example.org"].Subscriber
	_, err = conn.Exec(ctx, `SET session_replication_role = replica;
		UPDATE subscribers SET status = 'unsubscribed' WHERE id = `+fmt.Sprint(silent.ID)+`;
		SET session_replication_role = DEFAULT`)
	conn.Release()
	if err != nil {
		t.Fatal(err)
	}
	mustSendable(t, db, claims["w0@example.org"].Subscriber, true)
	mustSendable(t, db, silent, false)
	if mem, asked := NewDeliveryStore(db).SendChecks(); mem != 0 || asked != 2 {
		t.Errorf("from memory %d, asked %d; want 0 and 2", mem, asked)
	}

	// The watch listens again and a new claim is answered from memory.
	SeedDue(t, db, "late", 1)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		db.watch.mu.Lock()
		listening := db.watch.listening
		db.watch.mu.Unlock()
		if listening {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the watch did not listen again within 10 s")
		}
	}
	res, err := NewDeliveryStore(db).ClaimDeliveries(ctx,
		flashback.ClaimOptions{Limit: 100, Lease: 5 * time.Minute, Cutoff: 12 * time.Hour})
	if err != nil || len(res.Claims) != 1 {
		t.Fatalf("ClaimDeliveries again = %v, %v; want the new subscriber's claim", res, err)
	}
	mustSendable(t, db, res.Claims[0].Subscriber, true)
	if mem, _ := NewDeliveryStore(db).SendChecks(); mem != 1 {
		t.Errorf("from memory %d after listening again; want 1", mem)
	}
}

// A LISTEN that succeeds but brings no notices (as behind a pooler in
// transaction mode) never makes the watch trusted: its probe does not come
// back, and every check asks the database.
func TestSendWatch_DeafListenerIsNotTrusted(t *testing.T) {
	db := NewDB(pgtest.DSN(t))
	db.Now = func() time.Time { return watchNow }
	db.watch.listenOn = "flashback_nobody_notifies_this"
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	SeedDue(t, db, "deaf", 1)
	ctx := context.Background()
	start := time.Now()
	res, err := NewDeliveryStore(db).ClaimDeliveries(ctx,
		flashback.ClaimOptions{Limit: 100, Lease: 5 * time.Minute, Cutoff: 12 * time.Hour})
	if err != nil || len(res.Claims) != 1 {
		t.Fatalf("ClaimDeliveries = %v, %v; want one claim", res, err)
	}
	if waited := time.Since(start); waited < watchFirst {
		t.Errorf("the first claim went ahead after %v, before its probe could have been missed", waited)
	}
	mustSendable(t, db, res.Claims[0].Subscriber, true)
	if mem, asked := NewDeliveryStore(db).SendChecks(); mem != 0 || asked != 1 {
		t.Errorf("from memory %d, asked %d; want 0 and 1", mem, asked)
	}
}

// The rules that need no server: a notice it cannot read, a silent
// connection, and forgetting what no claim needs.
func TestSendWatch_Memory(t *testing.T) {
	sub := &flashback.Subscriber{ID: 7, Email: "m@example.org"}
	claim := func(w *sendWatch) {
		w.claimed(watchMark{ok: true, gen: w.gen, seq: w.seq}, []*flashback.Claim{
			{Subscriber: sub, LeaseUntil: time.Now().Add(time.Minute)}})
	}
	listening := func() *sendWatch { return &sendWatch{listening: true, alive: time.Now().Add(-time.Second)} }
	tests := []struct {
		name  string
		after func(t *testing.T, w *sendWatch)
		want  bool
	}{
		{"nothing since", func(*testing.T, *sendWatch) {}, true},
		{"another subscriber changed", func(t *testing.T, w *sendWatch) { w.notice("s8") }, true},
		{"this subscriber changed", func(t *testing.T, w *sendWatch) { w.notice("s7") }, false},
		{"this address suppressed", func(t *testing.T, w *sendWatch) {
			w.notice(fmt.Sprintf("h%x", flashback.EmailHash(sub.Email)))
		}, false},
		{"marked by this DB", func(t *testing.T, w *sendWatch) { w.mark([]int64{7}, nil) }, false},
		{"unreadable notice", func(t *testing.T, w *sendWatch) { w.notice("x7") }, false},
		{"another instance's probe", func(t *testing.T, w *sendWatch) { w.notice("pAAAA") }, true},
		{"its own probe back", func(t *testing.T, w *sendWatch) {
			w.probe, w.probeSent = "pBBBB", time.Now()
			if !w.notice("pBBBB") {
				t.Error("its own probe was not recognised")
			}
		}, true},
		{"its own probe back, the last sent long ago", func(t *testing.T, w *sendWatch) {
			w.probe, w.probeSent = "pBBBB", time.Now().Add(-watchStale)
			w.notice("pBBBB")
		}, false},
		{"silent for too long", func(t *testing.T, w *sendWatch) { w.alive = time.Now().Add(-watchStale) }, false},
		{"lost and listening again", func(t *testing.T, w *sendWatch) { w.newGeneration() }, false},
		{"many changes of others since", func(t *testing.T, w *sendWatch) {
			for id := range int64(100_000) {
				w.notice(fmt.Sprintf("s%d", 1000+id))
			}
		}, true},
		{"this subscriber changed among many", func(t *testing.T, w *sendWatch) {
			w.notice("s7")
			for id := range int64(100_000) {
				w.notice(fmt.Sprintf("s%d", 1000+id))
			}
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := listening()
			w.notice("s7") // before the claim: the claim saw it
			claim(w)
			tt.after(t, w)
			if got := w.unchanged(sub); got != tt.want {
				t.Errorf("unchanged = %v, want %v", got, tt.want)
			}
			if len(w.ids) > 1<<17 {
				t.Errorf("%d changes kept", len(w.ids))
			}
		})
	}
	t.Run("changes older than every claim are forgotten", func(t *testing.T) {
		w := listening()
		for id := range int64(100_000) {
			w.notice(fmt.Sprintf("s%d", id))
		}
		if len(w.ids) > 1<<16 {
			t.Errorf("%d changes kept with no claim to need them", len(w.ids))
		}
	})
}
