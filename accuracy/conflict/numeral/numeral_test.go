package numeral

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// numbered lists the words of text that number a name, as "text=n".
func numbered(text string) []string {
	var out []string
	for _, w := range Words(text) {
		if w.N > 0 {
			out = append(out, fmt.Sprintf("%s=%d", w.Text, w.N))
		}
	}
	return out
}

func TestWords(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"Arabic after a name", "Apollo 11 lands on the Moon", []string{"11=11"}},
		{"Roman after a name", "Apollo XI lands on the Moon", []string{"XI=11"}},
		{"regnal Roman", "King Louis XIV of France is born", []string{"XIV=14"}},
		{"ordinal digits after a name", "Louis 14th dies at Versailles", []string{"14th=14"}},
		{"ordinal word after the", "Louis the Fourteenth dies at Versailles", []string{"Fourteenth=14"}},
		{"ordinal word before a name, mid-sentence", "Pope John XXIII opens the Second Vatican Council", []string{"XXIII=23", "Second=2"}},
		{"ordinal word opening a long name", "Second Vatican Council opens in Rome", []string{"Second=2"}},
		{"ordinal word opening a short name", "First Apple II shipped", []string{"II=2"}},
		{"compound ordinal", "The Twenty-first Amendment is ratified", []string{"Twenty-first=21"}},
		{"ordinal digits before a name", "Tenzin Gyatso is enthroned as the 14th Dalai Lama", []string{"14th=14"}},
		{"WWII", "Germany surrenders, ending WWII in Europe", []string{"WWII=2"}},
		{"WW1", "Armistice ends WW1", []string{"WW1=1"}},
		{"Second World War", "The Second World War ends", []string{"Second=2"}},
		{"World War I", "Britain declares war on Germany starting World War I", []string{"I=1"}},
		{"spacecraft with I", "Explorer I launched. Van Allen Belt discovered", []string{"I=1"}},
		{"hyphenated name", "Ham the Chimp flies on Mercury-Redstone 2", []string{"2=2"}},
		{"mission code", "Space Shuttle Challenger launches on STS-6", []string{"6=6"}},
		{"spelled cardinal after a name", "Apollo Eleven returns to Earth", []string{"Eleven=11"}},
		{"regnal X with a title", "Pope Pius X is elected", []string{"X=10"}},
		{"regnal X with of", "Charles X of France is crowned at Reims", []string{"X=10"}},
		{"Henry V", "Henry V becomes the king of England", []string{"V=5"}},
		{"Super Bowl L", "Super Bowl L is played in Santa Clara", nil},

		{"Malcolm X is a name", "Malcolm X is assassinated in Harlem", nil},
		{"I as a word", "I Want to Hold Your Hand is released", nil},
		{"I after a quote", `The Beatles' "I Want to Hold Your Hand" tops the chart`, nil},
		{"I after a comma", `Stanley asks, "Dr. Livingstone, I presume?"`, nil},
		{"initial", "John V. Atanasoff is born", nil},
		{"initial of another", "Sandpaper invented by I. Fischer, Jr.", nil},
		{"name with a hyphenated letter", "Joe Walker flies the X-15 to 67 miles", nil},
		{"V-2", "The first V-2 rocket hits London", nil},
		{"counts", "An earthquake kills 300 in Lisbon", nil},
		{"year after a comma", `Churchill delivers his "Iron Curtain" speech, 1947`, nil},
		{"date", "On July 20, 1969, Apollo lands", nil},
		{"year before a name", "The 1936 Summer Olympics open in Berlin", nil},
		{"number sign", "The Beatles reach No. 1", nil},
		{"Washington DC", "Marchers gather in Washington DC", nil},
		{"first as an adjective", "First flight of the Wright Flyer", nil},
		{"ordinal before a lower-case word", "The second man walks on the Moon", nil},
		{"lower-case ordinal after the, before a name", "The first Super Bowl is played in Los Angeles", []string{"first=1"}},
		{"lower-case ordinal without the", "Armstrong is first American to orbit", nil},
		{"not canonical Roman", "Apollo IIII is a typo", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := numbered(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("numbered(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

// TestWordsDropsWhatNumeralsConsume checks the words themselves: "the" of
// "Louis the Fourteenth" goes with the numeral, and "WWII" is spelled out.
func TestWordsDropsWhatNumeralsConsume(t *testing.T) {
	tests := []struct {
		name, text string
		want       string
	}{
		{"the of an ordinal", "Louis the Fourteenth dies", "Louis Fourteenth dies"},
		{"the of a nickname stays", "Peter the Great dies", "Peter the Great dies"},
		{"abbreviation", "WWII ends", "World War WWII ends"},
		{"punctuation dropped", `"Apollo 11," it said.`, "Apollo 11 it said"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, w := range Words(tt.text) {
				got = append(got, w.Text)
			}
			if s := strings.Join(got, " "); s != tt.want {
				t.Errorf("Words(%q) = %q, want %q", tt.text, s, tt.want)
			}
		})
	}
}

func TestRoman(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
		ok   bool
	}{
		{"one", "I", 1, true},
		{"four", "IV", 4, true},
		{"nine", "IX", 9, true},
		{"fourteen", "XIV", 14, true},
		{"twenty-three", "XXIII", 23, true},
		{"forty-nine", "XLIX", 49, true},
		{"eighty-nine", "LXXXIX", 89, true},
		{"not canonical", "IIII", 0, false},
		{"subtraction out of order", "IXI", 0, false},
		{"VX is not five", "VX", 0, false},
		{"lower case", "xiv", 0, false},
		{"C is left out", "XC", 0, false},
		{"word", "LIVID", 0, false},
		{"empty", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, ok := Roman(tt.in)
			if n != tt.want || ok != tt.ok {
				t.Errorf("Roman(%q) = %d, %v; want %d, %v", tt.in, n, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestRomanRoundTrip checks every number the reader knows in both
// directions.
func TestRomanRoundTrip(t *testing.T) {
	for n := 1; n <= 89; n++ {
		if got, ok := Roman(FormatRoman(n)); !ok || got != n {
			t.Errorf("Roman(FormatRoman(%d)) = %d, %v", n, got, ok)
		}
	}
}

// styles writes n as the sources do after a name.
var styles = []func(n int) string{
	func(n int) string { return fmt.Sprint(n) },
	FormatRoman,
	func(n int) string { return fmt.Sprintf("%d%s", n, suffix(n)) },
	func(n int) string { return "the " + spellOrdinal(n) },
}

func suffix(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return "th"
	case n%10 == 1:
		return "st"
	case n%10 == 2:
		return "nd"
	case n%10 == 3:
		return "rd"
	}
	return "th"
}

// spellOrdinal spells n as a capitalised ordinal, "Twenty-third".
func spellOrdinal(n int) string {
	name := func(m map[string]int, v int) string {
		for k, x := range m {
			if x == v {
				return strings.ToUpper(k[:1]) + k[1:]
			}
		}
		return ""
	}
	if n < 20 || n%10 == 0 {
		return name(ordinals, n)
	}
	return name(tens, n-n%10) + "-" + strings.ToLower(name(ordinals, n%10))
}

// FuzzWords checks, on any text before a numbered name, that the name's
// number is read whichever way it is written, and that nothing panics or
// reads a number out of range.
func FuzzWords(f *testing.F) {
	f.Add("The crew of", 11, 0)
	f.Add("Pope", 23, 1)
	f.Add("I", 14, 3)
	f.Add("Malcolm X, WWII and", 2, 2)
	f.Fuzz(func(t *testing.T, before string, n, style int) {
		for _, w := range Words(before) {
			if w.N < 0 || w.N > 999999 || w.Text == "" {
				t.Fatalf("Words(%q) gave %+v", before, w)
			}
		}
		n = 1 + abs(n)%89
		style = abs(style) % len(styles)
		num := styles[style](n)
		if num == "X" || num == "L" {
			num += " of Rome" // a lone X or L needs a ruler's context
		}
		text := before + " Apollo " + num + " lands"
		words := Words(text)
		for i, w := range words {
			if w.N == n && i > 0 && words[i-1].Text == "Apollo" {
				return
			}
		}
		t.Errorf("Words(%q) = %+v: no Apollo %d", text, words, n)
	})
}

func abs(n int) int {
	if n < 0 {
		return -(n + 1)
	}
	return n
}
