package flashback_test

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"flashback"
)

func TestParseSearch(t *testing.T) {
	word := func(w string, prefix bool) flashback.SearchTerm {
		return flashback.SearchTerm{Words: []string{w}, Prefix: prefix}
	}
	cases := []struct {
		name, in string
		want     []flashback.SearchTerm
	}{
		{"Empty", "", nil},
		{"OnlyPunctuation", `-*"":()`, nil},
		{"OneWordIsPrefix", "Moon", []flashback.SearchTerm{word("moon", true)}},
		{"ShortLastWordIsWhole", "of", []flashback.SearchTerm{word("of", false)}},
		{"OnlyLastWordIsPrefix", "apollo moon", []flashback.SearchTerm{word("apollo", false), word("moon", true)}},
		{"Star", "apo* moon", []flashback.SearchTerm{word("apo", true), word("moon", true)}},
		{"Phrase", `"Berlin Wall" falls`, []flashback.SearchTerm{{Words: []string{"berlin", "wall"}}, word("falls", true)}},
		{"PhraseLastIsWhole", `falls "berlin wall"`, []flashback.SearchTerm{word("falls", false), {Words: []string{"berlin", "wall"}}}},
		{"UnclosedPhrase", `"berlin wall`, []flashback.SearchTerm{{Words: []string{"berlin", "wall"}}}},
		{"CurlyQuotes", "“Berlin Wall” falls", []flashback.SearchTerm{{Words: []string{"berlin", "wall"}}, word("falls", true)}},
		{"LowHighQuotes", "„Berliner Mauer“ fällt", []flashback.SearchTerm{{Words: []string{"berliner", "mauer"}}, word("fällt", true)}},
		{"Guillemets", "«mur de Berlin»", []flashback.SearchTerm{{Words: []string{"mur", "de", "berlin"}}}},
		{"OperatorsAreWords", "moon AND NOT NEAR", []flashback.SearchTerm{word("moon", false), word("not", false), word("near", true)}},
		{"StopWordLeftOut", "the war", []flashback.SearchTerm{word("war", true)}},
		{"LastStopWordLeftOut", "War of the", []flashback.SearchTerm{word("war", false)}},
		{"OnlyStopWords", "of the", []flashback.SearchTerm{word("of", false), word("the", true)}},
		{"StopWordInPhrase", `"battle of" the`, []flashback.SearchTerm{{Words: []string{"battle", "of"}}}},
		{"StarredStopWordKept", "the* war", []flashback.SearchTerm{word("the", true), word("war", true)}},
		{"NotEveryShortWordIsStop", "vitamin a", []flashback.SearchTerm{word("vitamin", false), word("a", false)}},
		{"Repeats", "moon Moon moon", []flashback.SearchTerm{word("moon", true)}},
		{"ColumnSyntax", "headline:moon", []flashback.SearchTerm{word("headline", false), word("moon", true)}},
		{"LoneMarks", "\u0301\u0301 moon", []flashback.SearchTerm{word("moon", true)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := flashback.ParseSearch(c.in); !reflect.DeepEqual(got, c.want) {
				t.Errorf("ParseSearch(%q) = %+v, want %+v", c.in, got, c.want)
			}
		})
	}
	t.Run("Capped", func(t *testing.T) {
		var b strings.Builder
		for i := range 100 {
			b.WriteString(strings.Repeat("x", i+1) + " ")
		}
		if n := len(flashback.ParseSearch(b.String())); n != flashback.MaxSearchTerms {
			t.Errorf("%d terms, want %d", n, flashback.MaxSearchTerms)
		}
	})
}

func TestExcerpt(t *testing.T) {
	terms := flashback.ParseSearch(`"wall falls" crowd`)
	long := strings.Repeat("one two three ", 20) + "the wall falls before the crowd " + strings.Repeat("four five ", 20)
	cases := []struct {
		name, text string
		maxWords   int
		wantMarks  []string
		wantMatch  bool
		cut        bool
	}{
		{"Short", "The wall falls; a crowd gathers.", 30, []string{"wall falls", "crowd"}, true, false},
		{"PhraseNeedsOrder", "The falls wall.", 30, nil, false, false},
		{"Long", long, 12, []string{"wall falls", "crowd"}, true, true},
		{"NoMatch", strings.Repeat("nothing here ", 40), 10, nil, false, true},
		{"Accents", "The Crowd's wall fälls", 30, []string{"Crowd", "wall fälls"}, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, ok := flashback.Excerpt(c.text, terms, c.maxWords)
			var marked []string
			for _, p := range s.Parts() {
				if p.Marked {
					marked = append(marked, p.Text)
				}
			}
			if ok != c.wantMatch || !reflect.DeepEqual(marked, c.wantMarks) {
				t.Errorf("Excerpt = %q marks %q (%v), want %q (%v)", s.Text, marked, ok, c.wantMarks, c.wantMatch)
			}
			if cut := s.Text != c.text; cut != c.cut {
				t.Errorf("cut = %v, want %v: %q", cut, c.cut, s.Text)
			}
		})
	}
}

func TestSearchScores(t *testing.T) {
	terms := flashback.ParseSearch("war")
	cases := []struct {
		name          string
		better, worse [2]string // headline, summary
	}{
		{"HeadlineOverSummary", [2]string{"War ends", ""}, [2]string{"Peace", "The war ends"}},
		{"WholeOverPrefix", [2]string{"War ends", ""}, [2]string{"Warsaw ends", ""}},
		{"ShortOverLong", [2]string{"War ends", ""}, [2]string{"War ends after many long years of fighting", ""}},
		{"MoreOverFewer", [2]string{"War", "War again"}, [2]string{"War", "Peace"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			scores := flashback.SearchScores(terms, []flashback.SearchFields{{c.better[0], c.better[1]}, {c.worse[0], c.worse[1]}})
			if b, w := scores[0], scores[1]; b <= w {
				t.Errorf("score %v for %q is not above %v for %q", b, c.better, w, c.worse)
			}
		})
	}
}

// FuzzSearchText checks that any input parses into plain word terms and
// that snippets of any text keep their marks inside the text, in order.
func FuzzSearchText(f *testing.F) {
	for _, s := range []string{`"berlin wall" fal`, `NEAR(a b)*`, "\u0301x", `"""`, "Müller ß 🌕"} {
		f.Add(s, "The Berlin Wall falls in Müller's street")
	}
	f.Fuzz(func(t *testing.T, query, text string) {
		terms := flashback.ParseSearch(query)
		if len(terms) > flashback.MaxSearchTerms {
			t.Fatalf("%d terms", len(terms))
		}
		for _, term := range terms {
			for _, w := range term.Words {
				if w == "" || strings.ContainsAny(w, "\"*:()^{}- ") {
					t.Fatalf("term word %q carries syntax", w)
				}
			}
		}
		if !utf8.ValidString(text) {
			return
		}
		for _, s := range []flashback.Snippet{flashback.Highlight(text, terms), excerpt(text, terms)} {
			at := 0
			for _, m := range s.Marks {
				if m.Start < at || m.End <= m.Start || m.End > len(s.Text) {
					t.Fatalf("mark %+v out of order or bounds in %q", m, s.Text)
				}
				at = m.End
			}
			var joined strings.Builder
			for _, p := range s.Parts() {
				joined.WriteString(p.Text)
			}
			if joined.String() != s.Text {
				t.Fatalf("parts join to %q, want %q", joined.String(), s.Text)
			}
		}
	})
}

func excerpt(text string, terms []flashback.SearchTerm) flashback.Snippet {
	s, _ := flashback.Excerpt(text, terms, 8)
	return s
}

func TestSearchQueryLengthInCharacters(t *testing.T) {
	cases := []struct {
		name string
		text string
		ok   bool
	}{
		{"ASCIIAtLimit", strings.Repeat("a", flashback.MaxSearchLength), true},
		{"AccentsAtLimit", strings.Repeat("é", flashback.MaxSearchLength), true},
		{"OverLimit", strings.Repeat("é", flashback.MaxSearchLength+1), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := flashback.SearchQuery{Text: c.text}
			if err := q.Validate(); (err == nil) != c.ok {
				t.Errorf("Validate: %v, want ok %v", err, c.ok)
			}
		})
	}
}

func TestSearchQueryValidateDefaults(t *testing.T) {
	q := flashback.SearchQuery{Text: "moon"}
	if err := q.Validate(); err != nil || q.Page != 1 || q.Limit != flashback.DefaultSearchLimit {
		t.Errorf("Validate: %v, page %d, limit %d", err, q.Page, q.Limit)
	}
}

func TestEventExcerpt(t *testing.T) {
	terms := flashback.ParseSearch("zeppelin")
	cases := []struct {
		name, headline, summary, body, want string
	}{
		{"Summary", "Airship flies", "The zeppelin rises.", "", "The zeppelin rises."},
		{"SummaryWithoutMatch", "Zeppelin flies", "An airship rises.", "", "An airship rises."},
		{"BodyWhenSummaryMisses", "Airship flies", "An airship rises.", "Count Zeppelin watched.", "Count Zeppelin watched."},
		{"RepeatedHeadline", "Zeppelin flies", "Zeppelin flies.", "", ""},
		{"RepeatedHeadlineBody", "Zeppelin flies", "Zeppelin flies.", "The zeppelin was long.", "The zeppelin was long."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := &flashback.Event{Headline: c.headline, Summary: c.summary, Body: c.body}
			if got := flashback.EventExcerpt(e, terms).Text; got != c.want {
				t.Errorf("excerpt %q, want %q", got, c.want)
			}
		})
	}
}
