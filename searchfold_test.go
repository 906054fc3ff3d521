package flashback

import "testing"

func TestFoldSearchText(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"Empty", "", ""},
		{"ASCIIUntouched", "Apollo 11 lands", "Apollo 11 lands"},
		{"AccentsLeftToTheTokenizer", "Café Müller", "Café Müller"},
		{"SharpS", "Bornholmer Straße", "Bornholmer Strasse"},
		{"CapitalSharpS", "STRAẞE", "STRAssE"},
		{"Stroke", "Łódź", "lódź"},
		{"Ligatures", "Æthelred, Œuvre, ﬁrst ﬂight", "aethelred, oeuvre, first flight"},
		{"Thorn", "Þingvellir", "thingvellir"},
		{"AfterOtherLetters", "Ørsted né à Rudkøbing", "orsted né à Rudkobing"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := FoldSearchText(c.in); got != c.want {
				t.Errorf("FoldSearchText(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

// TestHighlight_SpelledLetters: a word typed with the plain letters marks
// the word as written, whichever way the reader spells it.
func TestHighlight_SpelledLetters(t *testing.T) {
	cases := []struct{ text, query, want string }{
		{"Bornholmer Straße opens", "strasse", "Straße"},
		{"Bornholmer Strasse opens", "straße", "Strasse"},
		{"Łódź Ghetto sealed", "lodz", "Łódź"},
		{"Ørsted discovers electromagnetism", "orsted", "Ørsted"},
		{"The ﬁrst ﬂight", "first", "ﬁrst"},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			s := Highlight(c.text, ParseSearch(c.query))
			var got []string
			for _, p := range s.Parts() {
				if p.Marked {
					got = append(got, p.Text)
				}
			}
			if len(got) != 1 || got[0] != c.want {
				t.Errorf("Highlight(%q, %q) marks %q, want %q", c.text, c.query, got, c.want)
			}
		})
	}
}
