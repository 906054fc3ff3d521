package conflict

import (
	"context"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/corpus"
	"flashback/corpus/csvimport"
	"flashback/corpus/wikimedia"
)

// importBundled stores the bundled corpus, as a fresh installation does.
func importBundled(t testing.TB, store flashback.EventStore) {
	t.Helper()
	events, _, err := corpus.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := corpus.Import(context.Background(), store, events, nil); err != nil {
		t.Fatal(err)
	}
}

// TestFindAcrossCategories runs records that the importers file under
// another category than the bundled corpus does against the whole bundled
// corpus: Wikipedia's events are all world history, and an editor's CSV
// may call an invention science where the BSD calendar calls it history.
func TestFindAcrossCategories(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	importBundled(t, store)

	feed := `{"events": [
		{"text": "\"The Last Waltz\" concert is played by The Band at Winterland.", "year": 1978},
		{"text": "New Zealand ratifies the Statute of Westminster.", "year": 1947},
		{"text": "Agatha Christie's play The Mousetrap opens at the Ambassadors Theatre in London.", "year": 1952}]}`
	wiki, skips, err := wikimedia.Parse(strings.NewReader(feed), flashback.MonthDay{Month: time.November, Day: 25}, "onthisday-11-25.json")
	if err != nil || len(skips) != 0 || len(wiki) != 3 {
		t.Fatalf("parse feed: %d events, %v, %v", len(wiki), skips, err)
	}
	sheet := "date,category,headline\n" +
		"1867-05-07,science-technology,Alfred Nobel invents dynamite\n" +
		"1866-11-25,science-technology,Alfred Nobel patents a blasting cap\n"
	rows, skips, err := csvimport.Parse(strings.NewReader(sheet), "inventions.csv")
	if err != nil || len(skips) != 0 || len(rows) != 2 {
		t.Fatalf("parse CSV: %d events, %v, %v", len(rows), skips, err)
	}

	got, err := Find(ctx, store, append(wiki, rows...))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		incoming      *flashback.Event
		existingKey   string
		existingDate  string
		categoryNames []string
	}{
		{wiki[0], "bsdcal:calendar.music:", "25 November 1976", []string{"world-history", "music"}},
		{rows[0], "bsdcal:calendar.history:", "25 November 1867", []string{"science-technology", "world-history"}},
	}
	if len(got) != len(want) {
		for _, c := range got {
			t.Logf("conflict: %q against %q: %s", c.Incoming.Headline, c.Existing.Headline, c.Reason)
		}
		t.Fatalf("got %d conflicts, want %d", len(got), len(want))
	}
	for i, w := range want {
		c := got[i]
		if c.Incoming != w.incoming || !strings.HasPrefix(c.Existing.ExternalKey, w.existingKey) || c.Existing.Date.String() != w.existingDate {
			t.Errorf("conflict %d pairs %q with %q (%s, %s)", i, c.Incoming.Headline, c.Existing.Headline, c.Existing.ExternalKey, c.Existing.Date)
		}
		for _, name := range w.categoryNames {
			if !strings.Contains(c.Reason, "filed under "+name) {
				t.Errorf("reason %q does not name the category %s", c.Reason, name)
			}
		}
	}
}
