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
		classes  []string
	}{
		{"own year and stop words dropped", `Churchill delivers his "Iron Curtain" speech, 1947`,
			day(1947, time.January, 1), []string{"churchill", "curtain", "deliver", "iron", "speech"}, "", nil},
		{"own BC year dropped", "Caesar crosses the Rubicon in 49 BC", julian(-48, time.January, 10),
			[]string{"caesar", "cross", "rubicon"}, "", nil},
		{"other numbers kept", "Apollo 11 lands on 20 July", day(1969, time.July, 20),
			[]string{"11", "apollo", "land"}, "", nil},
		{"accents folded", "Antonín Dvořák is born", day(1841, time.September, 8),
			[]string{"antonin", "dvorak"}, "antonin dvorak", []string{"birth"}},
		{"lead stops at the comma", "Franz Schubert, Austrian composer (d. 1828)", day(1797, time.January, 31),
			[]string{"1828", "austrian", "composer", "franz", "schubert"}, "franz schubert", nil},
		{"lead keeps particles", "Ludwig van Beethoven dies in Vienna", day(1827, time.March, 26),
			[]string{"beethoven", "ludwig", "van", "vienna"}, "ludwig van beethoven", []string{"death"}},
		{"one capitalised word is no lead", "Churchill resigns", day(1955, time.April, 5),
			[]string{"churchill", "resign"}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := readHeadline(&flashback.Event{Headline: tt.headline, Date: tt.date})
			var keys, classes []string
			for k := range h.words {
				keys = append(keys, k)
			}
			for c := range h.classes {
				classes = append(classes, c)
			}
			slices.Sort(keys)
			if !slices.Equal(keys, tt.words) || h.lead != tt.lead || !slices.Equal(classes, tt.classes) {
				t.Errorf("words %v lead %q classes %v; want %v %q %v", keys, h.lead, classes, tt.words, tt.lead, tt.classes)
			}
		})
	}
}
