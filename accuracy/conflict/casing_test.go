package conflict

import (
	"testing"
	"time"

	"flashback"
)

func TestSentenceCase(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"Shouted", "FIRST PUBLIC BATH OPENED IN N.Y.", "First public bath opened in n.y."},
		{"TitleWithSmallWords", "First Public Bath Opened In N.Y.", "First public bath opened in N.Y."},
		{"TitleKeepsAcronyms", "NASA Sends Explorer 1 To Orbit", "NASA sends explorer 1 to orbit"},
		{"SentenceUntouched", "First public bath opened in N.Y.", "First public bath opened in N.Y."},
		{"NamesUntouched", "Coronation of Queen Elizabeth II at Westminster Abbey", "Coronation of Queen Elizabeth II at Westminster Abbey"},
		{"BirthUntouched", "Franz Schubert born", "Franz Schubert born"},
		{"ShortShoutUntouched", "USA", "USA"},
		{"QuotedFirstWord", `"HAIR" OPENS ON BROADWAY`, `"Hair" opens on broadway`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := sentenceCase(c.in); got != c.want {
				t.Errorf("sentenceCase(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

// TestCompare_CasingSaysNothing: a record told in capitals or as a title is
// the same event as the one told in a sentence, and still not the same as a
// different event.
func TestCompare_CasingSaysNothing(t *testing.T) {
	read := func(s string, year int) headline {
		return readHeadline(&flashback.Event{Headline: s, Date: day(year, time.August, 17), Category: flashback.CategoryHistory})
	}
	stored := read("First public bath opened in N.Y.", 1891)
	cases := []struct {
		name, incoming string
		same           bool
	}{
		{"Shouted", "FIRST PUBLIC BATH OPENED IN N.Y.", true},
		{"Title", "First Public Bath Opened In N.Y.", true},
		{"ShoutedOtherEvent", "FIRST TRANSATLANTIC TELEGRAPH MESSAGE SENT FROM N.Y.", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := compare(read(c.incoming, 1892), stored, false, false)
			if m.same != c.same {
				t.Errorf("same = %v (score %.2f, %s), want %v", m.same, m.score, m.reason, c.same)
			}
		})
	}
}
