package conflict

import (
	"context"

	"flashback"
)

// Matcher finds, among stored events, the records of other sources that
// tell of the same event as a given one, by the rules of this package but
// whatever their dates: the witnesses an article counts for its date.
type Matcher struct {
	Events flashback.EventStore
}

var _ flashback.SameEventFinder = (*Matcher)(nil)

// SameEvents returns the stored events, other than e itself, that are
// evidently the same event as e. Observances never are.
func (m *Matcher) SameEvents(ctx context.Context, e *flashback.Event) ([]*flashback.Event, error) {
	if kindOf(e.Category) == kindObservance {
		return nil, nil
	}
	cands, err := candidates(ctx, m.Events, e)
	if err != nil {
		return nil, err
	}
	mine := readHeadline(e)
	personal := e.Category == flashback.CategoryBirths || e.Category == flashback.CategoryDeaths
	var out []*flashback.Event
	for _, ex := range cands {
		if sameRecord(e, ex) || kindOf(ex.Category) != kindOf(e.Category) {
			continue
		}
		if compare(mine, readHeadline(ex), personal, ex.Category != e.Category).same {
			out = append(out, ex)
		}
	}
	return out, nil
}
