package postgres

import (
	"context"
	"strings"
	"testing"

	"flashback"
)

// TestSearchFold_SpellsLettersAsSQLiteDoes: every letter the program
// spells out for SQLite's indexes (flashback.FoldSearchText) comes out of
// PostgreSQL's search_fold the same, so a search finds the same events on
// both stores.
func TestSearchFold_SpellsLettersAsSQLiteDoes(t *testing.T) {
	db := openMigrated(t)
	for r, want := range flashback.SearchLetters() {
		t.Run(string(r), func(t *testing.T) {
			var got string
			if err := db.pool.QueryRow(context.Background(), `SELECT search_fold($1)`, string(r)).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("search_fold(%q) = %q; the program spells it %q", string(r), got, want)
			}
			if sqlite := strings.ToLower(flashback.FoldSearchText(string(r))); sqlite != want {
				t.Errorf("FoldSearchText(%q) = %q, want %q", string(r), sqlite, want)
			}
		})
	}
}
