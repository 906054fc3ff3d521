package conflict

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"flashback"
)

// Candidate lookup bounds. One ranked full-text query an incoming event,
// over headlines only: the stored headlines sharing the most, and the
// rarest, of its most telling words. Its cost grows with those words'
// postings in the index, not with the events' articles, and nothing is
// counted; a lookup by date would need an index the year lacks.
const (
	searchWords = 4
	searchLimit = 50
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

// finder looks up candidates in one store, knowing its categories by kind.
type finder struct {
	store  flashback.EventStore
	byKind map[string][]string
}

func newFinder(ctx context.Context, store flashback.EventStore) (*finder, error) {
	cats, err := store.Categories(ctx)
	if err != nil {
		return nil, fmt.Errorf("find conflicts: %w", err)
	}
	f := &finder{store: store, byKind: map[string][]string{}}
	for _, c := range cats {
		k := kindOf(c.Slug)
		f.byKind[k] = append(f.byKind[k], c.Slug)
	}
	return f, nil
}

// candidates gathers the stored events, of every category of in's kind,
// whose headlines best match in's most telling words.
func (f *finder) candidates(ctx context.Context, in *flashback.Event, h headline) ([]*flashback.Event, error) {
	terms := searchTerms(h)
	if len(terms) == 0 {
		return nil, nil
	}
	events, err := f.store.MatchHeadlines(ctx, flashback.HeadlineMatch{
		Words: terms, Categories: f.byKind[kindOf(in.Category)], Limit: searchLimit})
	if err != nil {
		return nil, fmt.Errorf("find conflict candidates for %q: %w", in.Headline, err)
	}
	return events, nil
}

// searchTerms picks the words most likely to find the same event told
// differently: names first, then the longest words. Numbers are left to the
// comparison, since one source's "11" is another's "XI".
func searchTerms(h headline) []string {
	var ws []word
	for _, w := range h.words {
		if w.kind != numberWord && !strings.HasPrefix(w.key, "~") {
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
