package storetest

import (
	"testing"
	"time"

	"flashback"
)

func searchFixture(t *testing.T, newStore NewStore) flashback.EventStore {
	s := newStore(t)
	moon := day("Apollo 11 lands on the Moon", 1969, time.July, 20)
	moon.Body = "Neil Armstrong and Buzz Aldrin walk on the lunar surface."
	wall := day("The Berlin Wall falls", 1989, time.November, 9)
	wall.Summary = "Crowds cross the border at Bornholmer Straße."
	mustCreate(t, s, moon, wall, day("Sputnik 1 is launched", 1957, time.October, 4))
	return s
}

func testSearch(t *testing.T, newStore NewStore) {
	s := searchFixture(t, newStore)
	cases := []struct {
		name, query string
		want        []string
	}{
		{"Headline", "apollo", []string{"Apollo 11 lands on the Moon"}},
		{"CaseInsensitive", "BERLIN", []string{"The Berlin Wall falls"}},
		{"Summary", "crowds", []string{"The Berlin Wall falls"}},
		{"Body", "armstrong", []string{"Apollo 11 lands on the Moon"}},
		{"AllWordsMustMatch", "moon armstrong", []string{"Apollo 11 lands on the Moon"}},
		{"NotAllWordsMatch", "moon berlin", nil},
		{"Number", "11", []string{"Apollo 11 lands on the Moon"}},
		{"NoMatch", "zeppelin", nil},
		{"Blank", "   ", []string{"Apollo 11 lands on the Moon", "Sputnik 1 is launched", "The Berlin Wall falls"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			events, total := mustFind(t, s, flashback.EventFilter{Query: c.query})
			assertHeadlines(t, events, c.want...)
			if total != len(c.want) {
				t.Errorf("total = %d, want %d", total, len(c.want))
			}
		})
	}
}

// testSearchHostileInput feeds the search box what users (and attackers)
// type: every string must be accepted, never a syntax error.
func testSearchHostileInput(t *testing.T, newStore NewStore) {
	s := searchFixture(t, newStore)
	moon := []string{"Apollo 11 lands on the Moon"}
	cases := []struct {
		name, query string
		want        []string // nil: any result is fine, as long as there is no error
	}{
		{"LoneQuote", `"`, nil},
		{"UnbalancedQuote", `"moon`, moon},
		{"QuotedWord", `"moon"`, moon},
		{"Star", `*`, nil},
		{"PrefixStar", `moo*`, nil},
		{"Near", `NEAR(`, nil},
		{"NearWithWords", `NEAR(moon apollo`, nil},
		{"Minus", `-`, nil},
		{"MinusWord", `-moon`, nil},
		{"OperatorsOnly", `AND OR NOT`, nil},
		{"ColumnFilter", `headline:moon`, nil},
		{"Caret", `^moon`, nil},
		{"Braces", `{headline body}: moon`, nil},
		{"Parens", `((moon`, nil},
		{"SQLInjection", `moon'); DROP TABLE events; --`, nil},
		{"Backslash", `\`, nil},
		{"Percent", `100%`, nil},
		{"Plus", `+moon+`, nil},
		{"Colon", `:`, nil},
		{"NUL", "moon\x00", nil},
		{"Emoji", "🌕 moon", nil},
		{"Long", string(make([]byte, 2000)), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			events, _ := mustFind(t, s, flashback.EventFilter{Query: c.query, Limit: 10})
			if c.want != nil {
				assertHeadlines(t, events, c.want...)
			}
		})
	}
	// The table is still there, whatever the injection case did.
	if _, total := mustFind(t, s, flashback.EventFilter{}); total != 3 {
		t.Errorf("total = %d after hostile searches, want 3", total)
	}
}
