package edition

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"flashback"
)

// dayMemo keeps the days a Service read, with their articles linted, until
// the content version moves. A date's edition reads every day of its week
// up to it, so without the memo a crawler walking a large site's date pages
// read each day about four times over, and the editors' calendar read again
// the 66 days it had just read; each is thousands of events on a site of a
// million.
type dayMemo struct {
	mu      sync.Mutex
	version int64
	days    map[flashback.CivilDate][]flashback.Candidate
	order   []flashback.CivilDate // kept first, first out
	stories int                   // in days, for the bound on memory
}

// maxMemoStories bounds the memo as maxStories bounds the editions' cache:
// a day of the bundled site holds a few events, of a large site thousands.
// The events are the ones the editions built from them hold, so the memo
// adds little beside that cache. Past the bound the days kept first go
// first: a walk of the calendar's 66 days on a site of a million then
// leaves the last month of them, and the week of a date page asked for
// next stays.
const maxMemoStories = 100_000

// get returns the candidates of d read at version v, nil when not kept.
// They are shared: the caller copies the slice before changing it.
func (m *dayMemo) get(v int64, d flashback.CivilDate) []flashback.Candidate {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.version != v {
		return nil
	}
	return m.days[d]
}

// keep keeps the candidates of d, read after version v was: they are at
// least as new as v. Content versions only grow, so a read begun before
// the latest move is not kept.
func (m *dayMemo) keep(v int64, d flashback.CivilDate, cands []flashback.Candidate) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.days == nil || v > m.version {
		m.days, m.order, m.version, m.stories = map[flashback.CivilDate][]flashback.Candidate{}, nil, v, 0
	}
	if v != m.version || m.days[d] != nil || len(cands) > maxMemoStories {
		return
	}
	for m.stories+len(cands) > maxMemoStories {
		m.stories -= len(m.days[m.order[0]])
		delete(m.days, m.order[0])
		m.order = m.order[1:]
	}
	m.days[d] = cands
	m.order = append(m.order, d)
	m.stories += len(cands)
}

// readDay returns the published events of d as candidates, their
// articles linted, from the memo when the content has not moved since
// version v was read. The slice is the caller's own.
func (s *Service) readDay(ctx context.Context, v int64, d flashback.CivilDate) ([]flashback.Candidate, error) {
	if c := s.days.get(v, d); c != nil {
		return slices.Clone(c), nil
	}
	events, _, err := s.Events.FindEvents(ctx, flashback.EventFilter{On: flashback.ShownOn(d.MonthDay(), d.Year)})
	if err != nil {
		return nil, fmt.Errorf("edition of %s: %w", d, err)
	}
	cands := make([]flashback.Candidate, len(events))
	for i, e := range events {
		cands[i] = flashback.Candidate{Event: e, CleanArticle: cleanArticle(e)}
	}
	s.days.keep(v, d, cands)
	return slices.Clone(cands), nil
}
