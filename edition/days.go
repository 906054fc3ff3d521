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
	bytes   int                   // estimated, of the stories in days
}

// maxMemoBytes bounds the memory the memo's stories hold, by estimate (see
// storyBytes). A day of the bundled site holds a few events, of a large
// site thousands, and an event with an article holds kilobytes where one
// without holds hundreds of bytes: a bound on stories alone let the
// second kind take ten times the first's memory. Past the bound the days
// kept first go first. On the generated site of a million events (about
// 700 bytes a story) it holds the editors' calendar, 66 days of 168,589
// stories, which a bound of 100,000 stories made read again on every view.
const maxMemoBytes = 128 << 20

// storyOverhead is what a story holds besides its text: the event's
// struct, the candidate, and the allocations of its strings. A heap
// profile of the memo holding 100,000 stories of the generated site, 213
// bytes of text on average, gave 701 bytes a story.
const storyOverhead = 512

// storyBytes estimates the memory one candidate holds.
func storyBytes(c flashback.Candidate) int {
	n := storyOverhead
	if e := c.Event; e != nil {
		n += len(e.Headline) + len(e.Summary) + len(e.Body) + len(e.Slug) + len(e.ExternalKey) + len(e.Category)
		for _, src := range e.Sources {
			n += 96 + len(src.Title) + len(src.URL) + len(src.Note)
		}
	}
	return n
}

// dayBytes is storyBytes over a day's candidates.
func dayBytes(cands []flashback.Candidate) int {
	n := 0
	for _, c := range cands {
		n += storyBytes(c)
	}
	return n
}

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
		m.days, m.order, m.version, m.bytes = map[flashback.CivilDate][]flashback.Candidate{}, nil, v, 0
	}
	if v != m.version || m.days[d] != nil {
		return
	}
	size := dayBytes(cands)
	if size > maxMemoBytes {
		return
	}
	for m.bytes+size > maxMemoBytes {
		m.bytes -= dayBytes(m.days[m.order[0]])
		delete(m.days, m.order[0])
		m.order = m.order[1:]
	}
	m.days[d] = cands
	m.order = append(m.order, d)
	m.bytes += size
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
