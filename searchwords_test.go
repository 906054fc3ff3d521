package flashback

import (
	"reflect"
	"strings"
	"testing"
)

func TestSearchWords(t *testing.T) {
	cases := []struct {
		name, input string
		want        []string
	}{
		{"Words", "Apollo 11 moon", []string{"Apollo", "11", "moon"}},
		{"Operators", `NEAR(moon "apollo*") -x`, []string{"NEAR", "moon", "apollo", "x"}},
		{"Hyphen", "jean-paul", []string{"jean", "paul"}},
		{"NonASCII", "Bornholmer Straße", []string{"Bornholmer", "Straße"}},
		{"CombiningMark", "Cafe\u0301", []string{"Cafe\u0301"}},
		{"NoWord", `"*-:^ `, nil},
		{"NUL", "moon\x00", []string{"moon"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := SearchWords(c.input); !reflect.DeepEqual(got, c.want) && (len(got) != 0 || len(c.want) != 0) {
				t.Errorf("SearchWords(%q) = %q, want %q", c.input, got, c.want)
			}
		})
	}
	t.Run("Capped", func(t *testing.T) {
		if got := SearchWords(strings.Repeat("w ", 100)); len(got) != maxFilterWords {
			t.Errorf("%d words, want %d", len(got), maxFilterWords)
		}
	})
}
