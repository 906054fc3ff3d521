package storetest

import (
	"context"
	"testing"
	"time"

	"flashback"
)

// testSearchSpelledLetters checks that letters no accent-stripping reduces
// ("ß", "Ł", "Æ", the "ﬁ" ligature) are found as readers type them
// ("ss", "l", "ae", "fi") and as written, on every store, in events
// created, imported and edited, and that the hit marks the word as
// written.
func testSearchSpelledLetters(t *testing.T, newStore NewSearchStore) {
	s, ctx := newStore(t), context.Background()
	lodz := day("Łódź Ghetto sealed", 1940, time.April, 30)
	strasse := day("Bornholmer Straße crossing opens", 1989, time.November, 9)
	flight := day("Wright brothers fly at Kitty Hawk", 1903, time.December, 17)
	flight.Summary = "The ﬁrst powered ﬂight lasts twelve seconds."
	mustCreate(t, s, lodz, strasse, flight)
	aethelred := day("Æthelred the Unready crowned", 978, time.May, 4)
	aethelred.ExternalKey = "letters:1"
	aethelred.Provenance = flashback.Provenance{Importer: "test", Origin: "letters", Ref: "1"}
	mustImport(t, s, []*flashback.Event{aethelred})

	cases := []struct {
		name, text       string
		want             []string
		marked, snippets []string
	}{
		{"TypedPlain", "lodz", []string{lodz.Headline}, []string{"Łódź"}, nil},
		{"TypedAsWritten", "Łódź", []string{lodz.Headline}, []string{"Łódź"}, nil},
		{"Phrase", `"lodz ghetto"`, []string{lodz.Headline}, []string{"Łódź Ghetto"}, nil},
		{"SharpS", "strasse", []string{strasse.Headline}, []string{"Straße"}, nil},
		{"SharpSAsWritten", "straße crossing", []string{strasse.Headline}, []string{"Straße", "crossing"}, nil},
		{"SharpSPrefix", "bornholmer strass", []string{strasse.Headline}, []string{"Bornholmer", "Straße"}, nil},
		{"Ligature", "first flight", []string{flight.Headline}, nil, []string{"ﬁrst", "ﬂight"}},
		{"Imported", "aethelred", []string{aethelred.Headline}, []string{"Æthelred"}, nil},
		{"ImportedPrefix", "æthel", []string{aethelred.Headline}, []string{"Æthelred"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := mustSearch(t, s, flashback.SearchQuery{Text: c.text})
			assertHeadlines(t, hitHeadlines(res), c.want...)
			if len(res.Hits) != 1 {
				return
			}
			assertMarked(t, "headline", res.Hits[0].Headline, c.marked...)
			if c.snippets != nil {
				assertMarked(t, "snippet", res.Hits[0].Snippet, c.snippets...)
			}
		})
	}

	t.Run("HeadlineMatch", func(t *testing.T) {
		got, err := s.MatchHeadlines(ctx, flashback.HeadlineMatch{Words: []string{"Lodz", "Strasse"}, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		assertSameSet(t, got, []string{lodz.Headline, strasse.Headline})
	})
	t.Run("EditedAway", func(t *testing.T) {
		lodz.Headline, lodz.Summary = "Litzmannstadt Ghetto sealed", "The ghetto is closed."
		if err := s.UpdateEvent(ctx, lodz); err != nil {
			t.Fatal(err)
		}
		assertHeadlines(t, hitHeadlines(mustSearch(t, s, flashback.SearchQuery{Text: "lodz"})))
		assertHeadlines(t, hitHeadlines(mustSearch(t, s, flashback.SearchQuery{Text: "litzmannstadt"})), lodz.Headline)
		strasse.Headline, strasse.Summary = "Bornholmer Strasse crossing opens", ""
		if err := s.UpdateEvent(ctx, strasse); err != nil {
			t.Fatal(err)
		}
		res := mustSearch(t, s, flashback.SearchQuery{Text: "straße"})
		assertHeadlines(t, hitHeadlines(res), strasse.Headline)
		if len(res.Hits) == 1 {
			assertMarked(t, "headline", res.Hits[0].Headline, "Strasse")
		}
	})
}
