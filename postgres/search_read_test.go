package postgres

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"flashback"
)

// sendCounter counts what a connection sends to the server and waits for:
// each statement sent alone and each batch is a round trip.
type sendCounter struct{ sent atomic.Int64 }

func (c *sendCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.sent.Add(1)
	return ctx
}

func (c *sendCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (c *sendCounter) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	c.sent.Add(1)
	return ctx
}

func (c *sendCounter) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (c *sendCounter) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData)     {}

// countSends gives db a pool whose connections count what they send.
func countSends(t *testing.T, db *DB) *sendCounter {
	t.Helper()
	c := &sendCounter{}
	cfg := db.cfg.Copy()
	cfg.ConnConfig.Tracer = c
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	db.pool.Close()
	db.pool = pool
	return c
}

// TestSearchRead_RoundTrips: a search's transaction begins with its first
// statement and ends with its last, and leaves its connection idle in the
// pool, whatever it found.
func TestSearchRead_RoundTrips(t *testing.T) {
	db := openMigrated(t)
	mustExec(t, db, addEventSQL, 1, "Battle of Waterloo")
	mustExec(t, db, addEventSQL, 2, "Waterloo station opens")
	mustExec(t, db, addEventSQL, 3, "Tramway opens")
	mustExec(t, db, `UPDATE events SET summary = 'The first horse tram of the city.' WHERE id = 3`)
	sends := countSends(t, db)
	s := NewEventStore(db)
	cases := []struct {
		query string
		hits  int
		// sends are the round trips: a statement, a batch or the end.
		sends int64
	}{
		// The walk of "waterloo" with the BEGIN, the newest read, the
		// hits with the end.
		{`"waterloo"`, 2, 3},
		// Nothing to read whole: the end goes alone.
		{`"qwxzy"`, 0, 3},
		// Typed bare, the word asks with its first statement whether a
		// longer word starts with it, and whether any event holds it.
		{"waterloo", 2, 3},
		// None holds "qwxzy": no newest read.
		{"qwxzy", 0, 2},
		// A longer word than "water" starts with it: its prefix is
		// read, after the lookup of the words it starts. None holds
		// "water" itself: no newest read of it.
		{"water", 2, 5},
		// A word in a summary alone is in the vocabulary: its newest
		// read finds it, and its prefix is read too: "tramway", the
		// same event.
		{"tram", 1, 6},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			searchRoundTrips(t, s, sends, c.query, c.hits, c.sends)
			if n := db.pool.Stat().AcquiredConns(); n != 0 {
				t.Errorf("%d connections still taken", n)
			}
		})
	}
}

// TestSearchRead_Transaction: the statements of a searchRead see one
// snapshot, read only, and one that fails leaves no transaction open on
// the connection the pool gets back.
func TestSearchRead_Transaction(t *testing.T) {
	ctx := context.Background()
	db := openMigrated(t)
	r, err := db.beginSearchRead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var isolation, readOnly string
	err = r.QueryRow(ctx, `SELECT current_setting('transaction_isolation'), current_setting('transaction_read_only')`).Scan(&isolation, &readOnly)
	if err != nil {
		t.Fatal(err)
	}
	if isolation != "repeatable read" || readOnly != "on" {
		t.Errorf("isolation %q, read only %q; want repeatable read, on", isolation, readOnly)
	}
	if err := r.QueryRow(ctx, `SELECT 1/0`).Scan(new(int)); err == nil {
		t.Error("a division by zero succeeded")
	}
	conn := r.conn.Conn()
	r.close(ctx)
	if status := conn.PgConn().TxStatus(); status != 'I' && !conn.IsClosed() {
		t.Errorf("connection back in the pool in transaction status %q", status)
	}
	if n := db.pool.Stat().AcquiredConns(); n != 0 {
		t.Errorf("%d connections still taken", n)
	}
}

// TestSearchRead_KnownWordsNotLookedUp: a search of plain words the
// statistics give reads its matches in its first round trip, which takes
// along the lookup of its last word as a prefix; the prefix read, when a
// longer word starts with it, finds what it needs there and asks nothing
// more.
func TestSearchRead_KnownWordsNotLookedUp(t *testing.T) {
	db := openMigrated(t)
	for i, h := range []string{"Battle of Waterloo", "Waterloo battle ends", "Battle at Waterloo", "Battles near Waterloo", "Zeppelin flies"} {
		mustExec(t, db, addEventSQL, i+1, h)
	}
	mustExec(t, db, `ANALYZE headline_words`)
	sends := countSends(t, db)
	s := NewEventStore(db)
	cases := []struct {
		query string
		hits  int
		sends int64
	}{
		// The matches with the BEGIN and the lookup of "battle" as a
		// prefix, the newest read, the prefix's matches, its newest
		// read, the hits with the end.
		{"waterloo battle", 4, 5},
		// Quoted, the search has no prefix: the matches with the
		// BEGIN, the newest read, the hits with the end.
		{`"waterloo" "battle"`, 3, 3},
		// "zeppelin" is not in the statistics: its lookup goes first.
		{`"waterloo" "zeppelin"`, 0, 4},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			searchRoundTrips(t, s, sends, c.query, c.hits, c.sends)
		})
	}
}

// searchRoundTrips runs query twice, so that the second finds what the
// first kept (prepared statements, statistics read), and checks the
// second's hits and round trips.
func searchRoundTrips(t *testing.T, s *EventStore, sends *sendCounter, query string, hits int, trips int64) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.Search(ctx, flashback.SearchQuery{Text: query}); err != nil {
		t.Fatal(err)
	}
	sends.sent.Store(0)
	res, err := s.Search(ctx, flashback.SearchQuery{Text: query})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != hits {
		t.Errorf("%d hits, want %d", len(res.Hits), hits)
	}
	if got := sends.sent.Load(); got != trips {
		t.Errorf("%d round trips, want %d", got, trips)
	}
}
