package edition_test

import (
	"context"
	"testing"
	"time"

	"flashback"
	"flashback/edition"
)

// countingReader counts the editions it builds.
type countingReader struct{ built int }

func (r *countingReader) Edition(_ context.Context, date flashback.CivilDate) (*flashback.Edition, error) {
	r.built++
	return &flashback.Edition{Date: date}, nil
}

func TestCache(t *testing.T) {
	jan31 := flashback.CivilDate{Year: 2026, Month: time.January, Day: 31}
	feb1 := jan31.AddDays(1)
	tests := []struct {
		name     string
		versions []int64 // the store's version at each request
		dates    []flashback.CivilDate
		built    int
	}{
		{"SameDayTwice", []int64{1, 1}, []flashback.CivilDate{jan31, jan31}, 1},
		{"TwoDays", []int64{1, 1, 1}, []flashback.CivilDate{jan31, feb1, jan31}, 2},
		{"ContentChanged", []int64{1, 2, 2}, []flashback.CivilDate{jan31, jan31, jan31}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &countingReader{}
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
