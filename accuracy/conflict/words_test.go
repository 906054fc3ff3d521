package conflict

import (
	"slices"
	"testing"
	"time"

	"flashback"
)

func TestReadHeadline(t *testing.T) {
	tests := []struct {
		name     string
		headline string
		date     flashback.HistDate
		words    []string // keys, sorted
		lead     string
		kinds    string
	}{
		{"own year and stop words dropped", `Churchill delivers his "Iron Curtain" speech, 1947`,
			day(1947, time.January, 1), []string{"churchill", "curtain", "iron", "~speech"}, "", "speech"},
		{"own BC year dropped", "Caesar crosses the Rubicon in 49 BC", julian(-48, time.January, 10),
			[]string{"caesar", "cross", "rubicon"}, "", "unknown"},
		{"other numbers kept", "Apollo 11 lands on 20 July", day(1969, time.July, 20),
			[]string{"11", "apollo", "~landing"}, "apollo 11", "landing"},
		{"accents folded", "Antonín Dvořák is born", day(1841, time.September, 8),
			[]string{"antonin", "dvorak", "~birth"}, "antonin dvorak", "birth"},
		{"lead stops at the comma", "Franz Schubert, Austrian composer (d. 1828)", day(1797, time.January, 31),
			[]string{"1828", "austrian", "composer", "franz", "schubert"}, "franz schubert", "unknown"},
		{"lead keeps particles", "Ludwig van Beethoven dies in Vienna", day(1827, time.March, 26),
			[]string{"beethoven", "ludwig", "van", "vienna", "~death"}, "ludwig van beethoven", "death"},
		{"one capitalised word is no lead", "Churchill resigns", day(1955, time.April, 5),
			[]string{"churchill", "~resignation"}, "", "resignation"},
		{"numerals as digits, titles out of the lead", "King Louis the Fourteenth of France, aged 76", day(1715, time.September, 1),
			[]string{"14", "76", "aged", "france", "king", "loui"}, "louis 14", "unknown"},
		{"timing phrase left out", "The United States declares war on Japan after the attack on Pearl Harbor", day(1941, time.December, 8),
			[]string{"declar", "japan", "stat", "unit", "war"}, "", "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := readHeadline(&flashback.Event{Headline: tt.headline, Date: tt.date})
			var keys []string
			for k := range h.words {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if !slices.Equal(keys, tt.words) || h.lead != tt.lead || h.kinds.String() != tt.kinds {
				t.Errorf("words %v lead %q kinds %s; want %v %q %s", keys, h.lead, h.kinds, tt.words, tt.lead, tt.kinds)
			}
		})
	}
}
