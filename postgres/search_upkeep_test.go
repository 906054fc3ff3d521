package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"flashback"
	"flashback/postgres"
)

// TestTidySearchIndexes: events an import adds wait in the search indexes'
// pending lists; tidying empties both lists, says it worked, says nothing
// when there was nothing to do, and every event is still found.
func TestTidySearchIndexes(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	events := postgres.NewEventStore(db)
	var batch []*flashback.Event
	for i := range 200 {
		batch = append(batch, &flashback.Event{Date: flashback.HistDate{Year: 1900 + i, Month: time.March, Day: 5},
			Category: flashback.CategoryHistory, Headline: fmt.Sprintf("Treaty number %d signed", i),
			ExternalKey: fmt.Sprint("test:", i), Published: true})
	}
	if _, err := events.ImportEvents(ctx, batch); err != nil {
		t.Fatal(err)
	}
	took, err := events.TidySearchIndexes(ctx)
	if err != nil || took <= 0 {
		t.Fatalf("first tidy: took %s, err %v; want some time for a pending import", took, err)
	}
	conn, err := pgx.Connect(ctx, db.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, index := range []string{"events_search", "events_headline_search"} {
		var pages int64
		if err := conn.QueryRow(ctx, `SELECT gin_clean_pending_list($1::regclass)`, index).Scan(&pages); err != nil {
			t.Fatal(err)
		}
		if pages != 0 {
			t.Errorf("%s still had %d pending pages after tidying", index, pages)
		}
	}
	if took, err := events.TidySearchIndexes(ctx); err != nil || took != 0 {
		t.Errorf("second tidy: took %s, err %v; want nothing to do", took, err)
	}
	res, err := events.Search(ctx, flashback.SearchQuery{Text: "treaty signed"})
	if err != nil || res.Total != len(batch) {
		t.Fatalf("search after tidying: %v hits, err %v; want %d", res, err, len(batch))
	}
}
