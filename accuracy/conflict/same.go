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
	f, err := newFinder(ctx, m.Events)
	if err != nil {
		return nil, err
	}
	same, err := f.sameAs(ctx, e)
	if err != nil {
		return nil, err
	}
	out := make([]*flashback.Event, len(same))
	for i, s := range same {
		out[i] = s.event
	}
	return out, nil
}
