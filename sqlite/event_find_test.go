package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"flashback"
)

func TestFTSQuery(t *testing.T) {
	cases := []struct{ in, want string }{
		{"moon", `"moon"`},
		{"Moon landing", `"Moon" "landing"`},
		{`"moon`, `"moon"`},
		{`NEAR(moon apollo`, `"NEAR" "moon" "apollo"`},
		{`-moon* OR sun`, `"moon" "OR" "sun"`},
		{`headline:moon`, `"headline" "moon"`},
		{`Bornholmer Straße`, `"Bornholmer" "Strasse"`}, // as the index holds it
		{`Łódź`, `"lódź"`},
		{`Sputnik-1`, `"Sputnik" "1"`},
		{`" * - ( ) :`, ``},
		{"", ""},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			if got := ftsQuery(c.in); got != c.want {
				t.Errorf("ftsQuery(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
	t.Run("Capped", func(t *testing.T) {
		got := ftsQuery(strings.Repeat("word ", 1000))
		// As many as flashback.SearchWords keeps, which is fewer than given.
		if n, want := strings.Count(got, `"word"`), len(flashback.SearchWords(strings.Repeat("word ", 1000))); n != want || n >= 1000 {
			t.Errorf("%d terms, want %d", n, want)
		}
	})
}

// FuzzSearch checks that no search input is an error, against a real
// full-text index.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"moon", `"`, "NEAR(", "-", "*", "a:b", "é\u0301", "AND OR", "x\x00y"} {
		f.Add(s)
	}
	db := NewDB(filepath.Join(f.TempDir(), "fuzz.db"))
	if err := db.Open(); err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	s := NewEventStore(db)
	if err := s.CreateEvent(context.Background(), testEvent(1)); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if _, _, err := s.FindEvents(context.Background(), flashback.EventFilter{Query: in}); err != nil {
			t.Fatalf("search %q (as %q): %v", in, ftsQuery(in), err)
		}
	})
}

func TestEventColumnCount(t *testing.T) {
	if n := len(strings.Split(eventColumns, ",")); n != eventColumnCount {
		t.Errorf("eventColumns names %d columns, eventColumnCount says %d", n, eventColumnCount)
	}
}
