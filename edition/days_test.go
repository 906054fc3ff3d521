package edition_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"flashback"
	"flashback/edition"
	"flashback/sqlite"
)

// countingEvents counts the days read from the store.
type countingEvents struct {
	*sqlite.EventStore
	reads atomic.Int32
}

func (c *countingEvents) FindEvents(ctx context.Context, f flashback.EventFilter) ([]*flashback.Event, int, error) {
	c.reads.Add(1)
	return c.EventStore.FindEvents(ctx, f)
}

// TestService_ReadsEachDayOnce: the days a date's week needs are read once
// while the content stays as it is, and again once it moves; what stands
// open against an event is asked every time.
func TestService_ReadsEachDayOnce(t *testing.T) {
	d := newDesk(t)
	ev := &countingEvents{EventStore: d.events}
	svc := &edition.Service{Events: ev, Features: d.store}
	clean := d.add(1926, time.June, 6, "A clean article", cleanArticle)
	d.add(1930, time.June, 6, "A plain story", "")

	edition := func(day int) *flashback.Edition {
		t.Helper()
		ed, err := svc.Edition(t.Context(), flashback.CivilDate{Year: 2026, Month: time.June, Day: day})
		if err != nil {
			t.Fatal(err)
		}
		return ed
	}
	steps := []struct {
		name  string
		do    func()
		day   int // the edition asked for, in June 2026 (1 June is a Monday)
		reads int32
		lead  string
	}{
		{"SundayReadsItsWeek", nil, 7, 7, ""},
		{"SaturdayReadsNothing", nil, 6, 0, "A clean article"},
		{"NextMondayReadsItself", nil, 8, 1, ""},
		// What a caller does to the days it got stays its own.
		{"CallersOwnTheirDays", func() {
			days, _, err := svc.Plan(t.Context(), flashback.CivilDate{Year: 2026, Month: time.June, Day: 6}, 1)
			if err != nil {
				t.Fatal(err)
			}
			for i := range days[0].Candidates {
				days[0].Candidates[i].CleanArticle = days[0].Candidates[i].Event.ID != clean.ID
			}
		}, 6, 0, "A clean article"},
		// A reader's report moves the content version (the story is then
		// set aside): the days are read again.
		{"ReportReadsAgain", func() {
			if err := d.store.CreateReport(t.Context(), &flashback.Report{EventID: clean.ID, Problem: "Wrong year?"}); err != nil {
				t.Fatal(err)
			}
		}, 6, 6, "A plain story"},
		{"NewEventReadsAgain", func() { d.add(1946, time.June, 6, "An eightieth anniversary", cleanArticle) }, 6, 6, "An eightieth anniversary"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.do != nil {
				st.do()
			}
			before := ev.reads.Load()
			ed := edition(st.day)
			if got := ev.reads.Load() - before; got != st.reads {
				t.Errorf("%d days read, want %d", got, st.reads)
			}
			if st.lead != "" && (ed.Lead == nil || ed.Lead.Event.Headline != st.lead) {
				t.Errorf("lead %+v, want %q", ed.Lead, st.lead)
			}
		})
	}
}
