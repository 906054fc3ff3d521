package conflict

import (
	"testing"
	"time"

	"flashback"
)

func TestSameSubjectAndKind(t *testing.T) {
	read := func(s string) headline {
		return readHeadline(&flashback.Event{Headline: s, Date: day(1900, time.January, 1)})
	}
	tests := []struct {
		name string
		a, b string
		same bool
	}{
		{"loss told two ways", "Loss of the Space Shuttle Columbia",
			"Space Shuttle Columbia disintegrates over Texas, killing all seven astronauts", true},
		{"launch and loss", "Space Shuttle Columbia lifts off", "Loss of the Space Shuttle Columbia", false},
		{"a kind that recurs", "Alfred Nobel patents a blasting cap", "Alfred Nobel invents dynamite", false},
		{"unknown kind decides nothing", "Apollo 8 is launched", "Apollo 8 enters lunar orbit", false},
		{"another subject first", "Attlee opens the college library at Fulton", "Churchill opens the college library at Fulton", false},
		{"two shuttles' names", "The Hubble Space Telescope is launched aboard Space Shuttle Discovery",
			"Space Shuttle Endeavour launches on the first Hubble servicing mission", false},
		{"a numbered name allows one name fewer", "The First Vatican Council opens in Rome",
			"Pope Pius IX opens Vatican I in St. Peter's Basilica, Rome", true},
		{"a number one source leaves out", "The Second Boer War begins",
			"The Boer War begins as the Boer republics declare war on Britain", true},
		{"related kinds", "Star Wars is released in cinemas", "George Lucas's Star Wars opens in 32 theaters", true},
		{"a cue word as the subject", "The Armistice of Compiègne ends the First World War",
			"World War I ends as Germany signs the armistice at Compiègne", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, order := range [][2]string{{tt.a, tt.b}, {tt.b, tt.a}} {
				if m := sameSubjectAndKind(read(order[0]), read(order[1])); m.same != tt.same {
					t.Errorf("sameSubjectAndKind(%q, %q) = %v (%s), want %v", order[0], order[1], m.same, m.reason, tt.same)
				}
			}
		})
	}
}

func TestSameLead(t *testing.T) {
	tests := []struct {
		name, a, b string
		want       bool
	}{
		{"equal", "franz schubert", "franz schubert", true},
		{"middle name added", "franz schubert", "franz peter schubert", true},
		{"another family", "franz schubert", "franz liszt", false},
		{"two long names differ in the middle", "george herbert walker bush", "george walker bush", false},
		{"no lead", "", "franz schubert", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sameLead(tt.a, tt.b); got != tt.want {
				t.Errorf("sameLead(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}
