// Package conflict finds incoming events that are evidently the same event
// as one already stored, from another source, but dated differently: the
// disagreements editors must settle before readers see two dates for one
// thing.
//
// "Evidently the same" means, within one category (observances excepted,
// since one observance is rightly kept on different days in different
// places):
//   - the headlines do not report different kinds of event (a birth and a
//     death of one person are two events);
//   - numbers other than the dates' own ("Apollo 11", "Apollo 14") agree
//     when both headlines have some;
//   - and either the significant words — names and numbers weighing double,
//     stop words and the event's own date left out — have a weighted Jaccard
//     similarity of at least 0.65, or the shorter headline is at least 80%
//     contained in the longer with three or more shared words and no name
//     of its own missing there (an elaboration, as Wikipedia's long
//     headlines are of the BSD calendar's short ones);
//   - or, for births and deaths, both headlines start with the same name of
//     two or more words.
//
// Candidates come from the store: a full-text search for each of the
// incoming headline's three most telling words, and the category's events
// of the same year and of the same day.
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
const (
	searchWords = 3
	searchLimit = 50
	dateLimit   = 200
)

// Conflict is an incoming event that is evidently the same as a stored one
// but dated differently.
type Conflict struct {
	Incoming *flashback.Event
	Existing *flashback.Event
	Reason   string  // for editors: the two dates and why the events match
	Score    float64 // how alike the headlines are, 0–1
}

// Find returns the conflicts between incoming events and the store, in the
// order of incoming and, for one incoming event, best match first. An
// incoming event is never in conflict with a stored event of the same
// ExternalKey or ID: that is the same record being re-imported.
func Find(ctx context.Context, store flashback.EventStore, incoming []*flashback.Event) ([]Conflict, error) {
	var out []Conflict
	for _, in := range incoming {
		if in == nil || in.Category == flashback.CategoryHolidays {
			continue
		}
		found, err := findOne(ctx, store, in)
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	return out, nil
}

// findOne compares one incoming event with its candidates.
func findOne(ctx context.Context, store flashback.EventStore, in *flashback.Event) ([]Conflict, error) {
	cands, err := candidates(ctx, store, in)
	if err != nil {
		return nil, err
	}
	mine := readHeadline(in)
	personal := in.Category == flashback.CategoryBirths || in.Category == flashback.CategoryDeaths
	var out []Conflict
	for _, ex := range cands {
		if sameRecord(in, ex) || ex.Category != in.Category || !disagree(in.Date, ex.Date) {
			continue
		}
		m := compare(mine, readHeadline(ex), personal)
		if !m.same {
			continue
		}
		out = append(out, Conflict{Incoming: in, Existing: ex, Score: m.score, Reason: reason(in, ex, m)})
	}
	slices.SortStableFunc(out, func(a, b Conflict) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	return out, nil
}

// candidates gathers stored events that might be the same as in, each once.
func candidates(ctx context.Context, store flashback.EventStore, in *flashback.Event) ([]*flashback.Event, error) {
	base := flashback.EventFilter{Category: in.Category, IncludeDrafts: true}
	var filters []flashback.EventFilter
	for _, w := range searchTerms(readHeadline(in)) {
		f := base
		f.Query, f.Limit = w, searchLimit
		filters = append(filters, f)
	}
	if in.Date.HasYear() {
		f, year := base, in.Date.Year
		f.Year, f.Limit = &year, dateLimit
		filters = append(filters, f)
	}
	if in.Date.OnDatePages() {
		f := base
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

// sameRecord reports whether ex is in itself, already stored.
func sameRecord(in, ex *flashback.Event) bool {
	return (in.ExternalKey != "" && in.ExternalKey == ex.ExternalKey) || (in.ID != 0 && in.ID == ex.ID)
}

// reason writes the explanation editors read.
func reason(in, ex *flashback.Event, m match) string {
	return fmt.Sprintf("Dated %s by %s but %s by %s; %s.",
		in.Date, origin(in), ex.Date, origin(ex), m.reason)
}

// origin names where an event came from: "wikimedia onthisday-03-05.json
// events[4]", or "an editor" for hand-written events.
func origin(e *flashback.Event) string {
	p := e.Provenance
	parts := slices.DeleteFunc([]string{p.Importer, p.Origin, p.Ref}, func(s string) bool { return s == "" })
	if len(parts) == 0 {
		return "an editor"
	}
	return strings.Join(parts, " ")
}
