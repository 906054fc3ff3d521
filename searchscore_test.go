package flashback

import (
	"testing"
)

// unskippedScores is SearchScores as it was before scoredWords: every
// field split into words, whether a term can match in it or not.
func unskippedScores(terms []SearchTerm, cands []SearchFields) []float64 {
	return searchScores(terms, cands, func(words []textWord, text string, _ []foldedTerm) []textWord {
		return appendWords(words[:0], text)
	})
}

// The fields scored: one that matches, ones that cannot, and the cases
// where a piece of text only looks like a match or hides one (case,
// accents, a word inside another, letters beyond ASCII).
var scoredFields = []SearchFields{
	{Headline: "Treaty of Paris signed", Summary: "The treaty ends the war."},
	{Headline: "TREATY SIGNED", Summary: ""},
	{Headline: "Nothing here", Summary: "Nor here either."},
	{Headline: "Retreaty is not a word", Summary: "treatyless, signedness"},
	{Headline: "Traité de Paris", Summary: "Le traité est signé."},
	{Headline: "Ärzte signed in Köln", Summary: "Naïve treaty"},
	{Headline: "Astronomer royal", Summary: "astro-physics and ASTRONOMY"},
	{Headline: "Battle of Hastings", Summary: "the battle, of course"},
	{Headline: "Kelvin sign \u212a in the text", Summary: "k"},
}

func TestSearchScores_SkipChangesNoScore(t *testing.T) {
	tests := []struct{ name, query string }{
		{"OneWord", "treaty"},
		{"TwoWords", "treaty signed"},
		{"OneWordAbsentEverywhere", "qwxzy"},
		{"OneTermAbsent", "treaty qwxzy"},
		{"Prefix", "astro"},
		{"Phrase", `"battle of"`},
		{"PhraseAndWord", `"battle of" hastings`},
		{"Accented", "traité"},
		{"Folded", "naive"},
		{"Digits", "1848"},
		{"Kelvin", "k"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			terms := ParseSearch(tt.query)
			if len(terms) == 0 {
				t.Fatalf("ParseSearch(%q) gave no terms", tt.query)
			}
			got, want := SearchScores(terms, scoredFields), unskippedScores(terms, scoredFields)
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("field %d (%q): score %v, want %v", i, scoredFields[i].Headline, got[i], want[i])
				}
			}
		})
	}
}

func TestScoredWords_SkipsOnlyWhatCannotMatch(t *testing.T) {
	tests := []struct {
		name, query, text string
		skipped           bool
	}{
		{"Absent", "treaty", "The war ends", true},
		{"OtherCase", "treaty", "TREATY", false},
		{"InsideAWord", "treaty", "retreaty", false}, // not a match, but only words tell
		{"PrefixPiece", "astro", "Astronomy", false},
		{"NonASCIIText", "treaty", "Traité", false},
		{"NonASCIITerm", "traité", "traite", false},
		{"OneTermOfTwo", "treaty qwxzy", "treaty", false},
		{"NoTermOfTwo", "treaty qwxzy", "the war", true},
		{"PhraseHalf", `"battle of"`, "of mice", true},
		{"Empty", "treaty", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			words := scoredWords(nil, tt.text, foldTerms(ParseSearch(tt.query)))
			if skipped := len(words) == 0; skipped != tt.skipped {
				t.Errorf("scoredWords(%q, %q) gave %d words; skipped = %v, want %v", tt.query, tt.text, len(words), skipped, tt.skipped)
			}
		})
	}
}

// FuzzSearchScores checks that skipping the fields no term can match
// changes no score, whatever the query and the texts.
func FuzzSearchScores(f *testing.F) {
	f.Add("treaty signed", "Treaty of Paris signed", "The treaty ends the war.")
	f.Add("astro", "Astronomer royal", "ASTRONOMY")
	f.Add(`"battle of" k`, "Kelvin \u212a", "Naïve ärzte")
	f.Fuzz(func(t *testing.T, query, headline, summary string) {
		terms := ParseSearch(query)
		if len(terms) == 0 {
			return
		}
		fields := append([]SearchFields{{Headline: headline, Summary: summary}}, scoredFields...)
		got, want := SearchScores(terms, fields), unskippedScores(terms, fields)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("query %q, field %d %q | %q: score %v, want %v", query, i, fields[i].Headline, fields[i].Summary, got[i], want[i])
			}
		}
	})
}
