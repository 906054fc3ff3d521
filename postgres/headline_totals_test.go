package postgres

import (
	"context"
	"testing"
)

// TestHeadlineTotals_KeptInStep: the events and headline words a headline
// match ranks by stay what counting them again gives, through inserts of
// several rows, headline edits, other edits and deletes.
func TestHeadlineTotals_KeptInStep(t *testing.T) {
	db := openMigrated(t)
	check := func(step string, wantEvents, wantWords int64) {
		t.Helper()
		var events, words, countedEvents, countedWords int64
		err := db.pool.QueryRow(context.Background(), `SELECT t.events, t.words, c.n, c.w FROM headline_totals t,
			(SELECT count(*) AS n, coalesce(sum(tsvector_tokens(headline_search)), 0) AS w FROM events) c`).
			Scan(&events, &words, &countedEvents, &countedWords)
		if err != nil {
			t.Fatal(err)
		}
		if events != countedEvents || words != countedWords || events != wantEvents || words != wantWords {
			t.Errorf("%s: totals %d events, %d words; counted %d, %d; want %d, %d",
				step, events, words, countedEvents, countedWords, wantEvents, wantWords)
		}
	}
	check("empty", 0, 0)
	mustExec(t, db, addEventSQL, 1, "War of 1812 begins")
	mustExec(t, db, addEventSQL, 2, "Straße-Łódź war, war again")
	check("inserted", 2, 4+5)
	mustExec(t, db, `UPDATE events SET headline = 'War ends' WHERE id = 1`)
	check("headline edited", 2, 2+5)
	mustExec(t, db, `UPDATE events SET summary = 'A long summary of many words' WHERE id = 2`)
	check("summary edited", 2, 2+5)
	mustExec(t, db, `UPDATE events SET headline = headline || ' today'`)
	check("every headline edited in one statement", 2, 3+6)
	mustExec(t, db, `DELETE FROM events WHERE id = 2`)
	check("deleted", 1, 3)
}

// TestMigrate_HeadlineTotalsFilled: a database of events written before
// migration 021 gets their headlines' words counted and totalled.
func TestMigrate_HeadlineTotalsFilled(t *testing.T) {
	ctx := context.Background()
	db := openBare(t)
	if err := migrate(ctx, db, migrationsBefore(t, 21)); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, addEventSQL, 1, "War of 1812 begins")
	mustExec(t, db, addEventSQL, 2, "Moon, moon and the Moon")
	if err := migrate(ctx, db, migrationFS); err != nil {
		t.Fatal(err)
	}
	var events, words, second int64
	if err := db.pool.QueryRow(ctx, `SELECT events, words, (SELECT headline_tokens FROM events WHERE id = 2) FROM headline_totals`).
		Scan(&events, &words, &second); err != nil {
		t.Fatal(err)
	}
	if events != 2 || words != 4+5 || second != 5 {
		t.Errorf("after the migration: %d events, %d words, the second headline %d; want 2, 9, 5", events, words, second)
	}
}
