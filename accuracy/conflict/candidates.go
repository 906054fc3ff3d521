package conflict

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"flashback"
)

// Candidate limits per query. They bound the work per incoming event; the
// full-text queries find the far-away dates, the others the near ones.
// The full-text queries reach into every category of the event's kind,
// whose matches share the limit, hence its room.
const (
	searchWords = 3
	searchLimit = 100
	dateLimit   = 200
)

// Kinds of event. Only events of one kind can be the same event: a birth
// is never a death, and neither is whatever else happened to the person.
const (
	kindEvent      = "event"
	kindBirth      = "birth"
	kindDeath      = "death"
	kindObservance = "observance"
)

// kindOf tells the kind of event a category holds. Every category of
// happenings is one kind, since importers file the same happening
// differently (Wikipedia's events are all world history, the BSD
// calendar's concerts are music); observances are a kind that is never
// compared, being rightly kept on different days in different places.
func kindOf(category string) string {
	switch category {
	case flashback.CategoryBirths:
		return kindBirth
	case flashback.CategoryDeaths:
		return kindDeath
	case flashback.CategoryHolidays:
		return kindObservance
	}
	return kindEvent
}

// candidates gathers stored events that might be the same as in, each once:
// the full-text matches of its most telling words in every category of its
// kind, and the events of its own category in the same year and on the
// same day. The date queries stay in one category because across all of
// them a day's births and deaths would crowd out its events; an event filed
// elsewhere is found by its words, and must share them to match anyway.
func candidates(ctx context.Context, store flashback.EventStore, in *flashback.Event) ([]*flashback.Event, error) {
	own := flashback.EventFilter{Category: in.Category, IncludeDrafts: true}
	search := own
	if kindOf(in.Category) == kindEvent {
		search.Category = ""
	}
	var filters []flashback.EventFilter
	for _, w := range searchTerms(readHeadline(in)) {
		f := search
		f.Query, f.Limit = w, searchLimit
		filters = append(filters, f)
	}
	if in.Date.HasYear() {
		f, year := own, in.Date.Year
		f.Year, f.Limit = &year, dateLimit
		filters = append(filters, f)
	}
	if in.Date.OnDatePages() {
		f := own
		f.On, f.Limit = []flashback.MonthDay{in.Date.MonthDay()}, dateLimit
		filters = append(filters, f)
	}
	seen := map[int64]bool{}
	var out []*flashback.Event
	for _, f := range filters {
		events, _, err := store.FindEvents(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("find conflict candidates for %q: %w", in.Headline, err)
		}
		for _, e := range events {
			if !seen[e.ID] {
				seen[e.ID] = true
				out = append(out, e)
			}
		}
	}
	return out, nil
}

// searchTerms picks the words most likely to find the same event told
// differently: names first, then the longest words. Numbers are left to the
// comparison, as full-text indexes treat them unevenly.
func searchTerms(h headline) []string {
	var ws []word
	for _, w := range h.words {
		if w.kind != numberWord {
			ws = append(ws, w)
		}
	}
	slices.SortFunc(ws, func(a, b word) int {
		if a.kind != b.kind {
			return int(b.kind) - int(a.kind)
		}
		if len(a.surface) != len(b.surface) {
			return len(b.surface) - len(a.surface)
		}
		return strings.Compare(a.surface, b.surface)
	})
	var terms []string
	for _, w := range ws[:min(len(ws), searchWords)] {
		terms = append(terms, w.surface)
	}
	return terms
}
