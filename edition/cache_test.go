package edition_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"flashback"
	"flashback/edition"
)

// countingReader counts the editions it builds, each of stories events.
type countingReader struct {
	built   int
	stories int
}

func (r *countingReader) Edition(_ context.Context, date flashback.CivilDate) (*flashback.Edition, error) {
	r.built++
	return &flashback.Edition{Date: date, Count: r.stories}, nil
}

func TestCache(t *testing.T) {
	jan31 := flashback.CivilDate{Year: 2026, Month: time.January, Day: 31}
	feb1 := jan31.AddDays(1)
	tests := []struct {
		name     string
		versions []int64 // the store's version at each request
		dates    []flashback.CivilDate
		stories  int // in each edition
		built    int
	}{
		{"SameDayTwice", []int64{1, 1}, []flashback.CivilDate{jan31, jan31}, 10, 1},
		{"TwoDays", []int64{1, 1, 1}, []flashback.CivilDate{jan31, feb1, jan31}, 10, 2},
		{"ContentChanged", []int64{1, 2, 2}, []flashback.CivilDate{jan31, jan31, jan31}, 10, 2},
		// Two days of a large site's 60,000 events each are past the
		// bound: the second empties the cache, and the first is built
		// again.
		{"BoundedByStories", []int64{1, 1, 1}, []flashback.CivilDate{jan31, feb1, jan31}, 60_000, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &countingReader{stories: tt.stories}
			i := 0
			c := &edition.Cache{Reader: r, Version: func() int64 { return tt.versions[i] }}
			for i = range tt.dates {
				ed, err := c.Edition(t.Context(), tt.dates[i])
				if err != nil || ed.Date != tt.dates[i] {
					t.Fatalf("request %d: %v, %v", i, ed, err)
				}
			}
			if r.built != tt.built {
				t.Errorf("built %d editions, want %d", r.built, tt.built)
			}
		})
	}
}

// gatedReader counts the editions it builds, each held until gate opens.
type gatedReader struct {
	built atomic.Int32
	gate  chan struct{}
}

func (r *gatedReader) Edition(_ context.Context, date flashback.CivilDate) (*flashback.Edition, error) {
	r.built.Add(1)
	<-r.gate
	return &flashback.Edition{Date: date}, nil
}

// TestCache_ManyAtOnce: requests for one day at once share one build.
func TestCache_ManyAtOnce(t *testing.T) {
	r := &gatedReader{gate: make(chan struct{})}
	c := &edition.Cache{Reader: r, Version: func() int64 { return 1 }}
	day := flashback.CivilDate{Year: 2026, Month: time.June, Day: 17}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if ed, err := c.Edition(t.Context(), day); err != nil || ed.Date != day {
				t.Errorf("%v, %v", ed, err)
			}
		})
	}
	time.Sleep(20 * time.Millisecond) // let them meet the build under way; the count holds without it
	close(r.gate)
	wg.Wait()
	if n := r.built.Load(); n != 1 {
		t.Errorf("built %d editions for 20 requests at once, want 1", n)
	}
}
