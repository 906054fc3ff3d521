package happening

import (
	"slices"
	"strings"
	"testing"
)

func TestOf(t *testing.T) {
	tests := []struct {
		name     string
		headline string
		want     string
	}{
		{"launch", "Space Shuttle Challenger is launched on its maiden flight, STS-6", "launch"},
		{"lift-off phrase", "Apollo 11 lifts off from Kennedy Space Center", "launch"},
		{"landing", "Luna 9 lands on the Moon", "landing"},
		{"touch down", "The Eagle touches down in the Sea of Tranquility", "landing"},
		{"disaster, with a launch for timing", "Space Shuttle Challenger disintegrates 73 seconds after launch, killing all seven astronauts", "disaster+death"},
		{"loss", "Loss of Space Shuttle Columbia during re-entry over Texas", "disaster"},
		{"crash", "A Concorde crashes on take-off from Paris", "disaster"},
		{"sinking", "RMS Titanic sinks in the North Atlantic", "disaster"},
		{"birth", "Wolfgang Amadeus Mozart is born in Salzburg", "birth"},
		{"death", "Franz Schubert dies in Vienna", "death"},
		{"assassination", "Archduke Franz Ferdinand of Austria assassinated in Sarajevo", "death"},
		{"death after a birthday is still a death", "Shakespeare dies on his birthday", "birth+death"},
		{"timing phrase ends at the comma", "A year after the launch, Hubble's mirror is found flawed", "unknown"},
		{"founding", "The United Nations is founded", "founding"},
		{"established", "The Commonwealth of Australia is established", "founding"},
		{"signing", "The Treaty of Versailles is signed", "signing"},
		{"treaty alone", "Treaty of Paris between Britain and the United States", "signing"},
		{"treaty ends a war", "Treaty of Paris ends the American Revolutionary War", "ending"},
		{"moment of another happening", "The airliner breaks up on landing at Heathrow", "disaster"},
		{"treaty in force", "The Treaty of Rome comes into force", "ratification"},
		{"premiere", "Stravinsky's The Rite of Spring premieres in Paris", "premiere"},
		{"first performance", "First performance of Handel's Messiah in Dublin", "premiere"},
		{"release", "The Beatles release Abbey Road", "premiere"},
		{"released from prison", "Nelson Mandela is released from prison", "unknown"},
		{"battle noun", "Battle of Hastings", "battle"},
		{"battle with a death", "Harold Godwinson is killed at the Battle of Hastings", "death"},
		{"election", "John F. Kennedy is elected President of the United States", "election"},
		{"inauguration", "John F. Kennedy is inaugurated as President", "accession"},
		{"sworn in", "Nelson Mandela is sworn in as President of South Africa", "accession"},
		{"abdication", "Edward VIII abdicates the British throne", "resignation"},
		{"independence", "India gains independence from the United Kingdom", "independence"},
		{"discovery", "Alexander Fleming discovers penicillin", "discovery"},
		{"invention", "Alfred Nobel invents dynamite", "discovery"},
		{"speech", "Winston Churchill delivers his Iron Curtain speech", "speech"},
		{"surrender", "Germany surrenders unconditionally", "surrender"},
		{"opening", "The Golden Gate Bridge opens to traffic", "opening"},
		{"open fire is no opening", "Troops open fire on marchers in Derry", "battle"},
		{"shot dead is a death", "John Lennon is shot dead in New York City", "death"},
		{"shot alone is an attack", "Pope John Paul II is shot in St. Peter's Square", "attack"},
		{"construction", "Construction of the Berlin Wall begins", "construction+beginning"},
		{"war ends", "World War II ends with Japan's formal surrender", "surrender+ending"},
		{"war breaks out", "War breaks out between France and Prussia", "beginning"},
		{"take-off", "Charles Lindbergh takes off from New York", "launch"},
		{"capitalised cue is a name", "Space Shuttle Discovery is launched", "launch"},
		{"capitalised cue opening the headline", "Discovery of the planet Neptune", "discovery"},
		{"spaceflight", "Ham the Chimp travels into space aboard Mercury-Redstone 2", "launch"},
		{"nothing said", "The Last Waltz at Winterland", "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Of(tt.headline).String(); got != tt.want {
				t.Errorf("Of(%q) = %s, want %s", tt.headline, got, tt.want)
			}
		})
	}
}

func TestCompatible(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"launch and loss", "Space Shuttle Columbia is launched on STS-1", "Space Shuttle Columbia disintegrates during re-entry", false},
		{"birth and death", "Franz Schubert is born", "Franz Schubert dies", false},
		{"launch and landing", "Apollo 11 is launched", "Apollo 11 lands on the Moon", false},
		{"election and inauguration", "Kennedy is elected President", "Kennedy is inaugurated as President", false},
		{"signing and entry into force", "The Treaty of Rome is signed", "The Treaty of Rome comes into force", false},
		{"same kind", "Luna 9 lands on the Moon", "Luna IX makes the first soft landing on the Moon", true},
		{"disaster kills", "Titanic sinks", "1,500 die as RMS Titanic goes down", true},
		{"inauguration opens a building", "The Eiffel Tower is inaugurated", "The Eiffel Tower opens", true},
		{"one unknown", "The Last Waltz at Winterland", "The Band plays its last concert", true},
		{"treaty of surrender", "Japan signs the instrument of surrender", "Japan surrenders", true},
		{"beginning and end", "World War II begins", "World War II ends", false},
		{"construction and opening", "Construction begins on the Golden Gate Bridge", "The Golden Gate Bridge opens", false},
		{"shooting and death", "Pope John Paul II is shot", "Pope John Paul II dies", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := Of(tt.a), Of(tt.b)
			if got := Compatible(a, b); got != tt.want {
				t.Errorf("Compatible(%s, %s) = %v, want %v", a, b, got, tt.want)
			}
			if Compatible(b, a) != Compatible(a, b) {
				t.Errorf("Compatible is not symmetric for %s and %s", a, b)
			}
		})
	}
}

func TestContext(t *testing.T) {
	tests := []struct {
		name, headline string
		want           []string
	}{
		{"after a comma-free phrase", "The United States declares war on Japan after the attack on Pearl Harbor",
			[]string{"after", "attack", "harbor", "pearl"}},
		{"word also outside stays", "Challenger explodes after the Challenger launch", []string{"after", "launch", "the"}},
		{"clause ends the phrase", "A year after the launch, Hubble is repaired", []string{"after", "launch", "the"}},
		{"no timing", "Apollo 11 lands on the Moon", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for w := range Read(tt.headline).Context {
				got = append(got, w)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Context(%q) = %v, want %v", tt.headline, got, tt.want)
			}
		})
	}
}

func TestRelated(t *testing.T) {
	tests := []struct {
		name string
		in   Set
		has  []Kind
		not  []Kind
	}{
		{"a disaster is told as deaths", 1 << Disaster, []Kind{Death}, []Kind{Disaster, Launch}},
		{"the relation is symmetric", 1 << Death, []Kind{Disaster}, []Kind{Birth}},
		{"an opening is a premiere, a founding or an accession", 1 << Opening, []Kind{Premiere, Founding, Accession}, []Kind{Opening}},
		{"nothing for nothing", 0, nil, []Kind{Death}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Related(tt.in)
			for _, k := range tt.has {
				if !r.Has(k) {
					t.Errorf("Related(%s) = %s, lacks %s", tt.in, r, k)
				}
			}
			for _, k := range tt.not {
				if r.Has(k) {
					t.Errorf("Related(%s) = %s, has %s", tt.in, r, k)
				}
			}
		})
	}
}

// FuzzOf checks that any text classifies without panicking, into known
// kinds only, the same way twice, and that its context words are its own.
func FuzzOf(f *testing.F) {
	f.Add("Space Shuttle Challenger disintegrates 73 seconds after launch, killing all seven")
	f.Add("Troops open fire on marchers; the Treaty of Rome comes into force")
	f.Add("")
	f.Fuzz(func(t *testing.T, headline string) {
		r := Read(headline)
		if r.Kinds>>nKinds != 0 || r.Kinds.Has(Unknown) {
			t.Fatalf("Read(%q).Kinds = %b: bits outside the kinds", headline, r.Kinds)
		}
		if again := Of(headline); again != r.Kinds {
			t.Fatalf("Of(%q) = %s, then %s", headline, r.Kinds, again)
		}
		lower := strings.ToLower(headline)
		for w := range r.Context {
			if !strings.Contains(lower, w) {
				t.Fatalf("Read(%q).Context has %q, not in the headline", headline, w)
			}
		}
	})
}
