package edition

import (
	"testing"
	"time"

	"flashback"
)

// TestDayMemo_Bound: past maxMemoStories the days kept first go first; a
// newer version empties the memo and an older one keeps nothing.
func TestDayMemo_Bound(t *testing.T) {
	day := func(d int) flashback.CivilDate { return flashback.CivilDate{Year: 2026, Month: time.June, Day: d} }
	cands := func(n int) []flashback.Candidate { return make([]flashback.Candidate, n) }
	var m dayMemo
	m.keep(1, day(1), cands(60_000))
	m.keep(1, day(2), cands(30_000))
	m.keep(1, day(3), cands(20_000)) // 110,000: day 1 goes
	m.keep(1, day(4), cands(maxMemoStories+1))
	m.keep(0, day(5), cands(1)) // read before the memo's version
	tests := []struct {
		name string
		v    int64
		day  int
		kept bool
	}{
		{"FirstOut", 1, 1, false},
		{"SecondStays", 1, 2, true},
		{"NewestStays", 1, 3, true},
		{"TooLargeAlone", 1, 4, false},
		{"OlderVersionNotKept", 0, 5, false},
		{"AskedAtAnotherVersion", 2, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := m.get(tt.v, day(tt.day)) != nil; got != tt.kept {
				t.Errorf("kept %v, want %v", got, tt.kept)
			}
		})
	}
	if m.stories != 50_000 {
		t.Errorf("%d stories counted, want 50,000", m.stories)
	}
	m.keep(2, day(6), cands(1))
	if m.get(2, day(2)) != nil || m.get(2, day(6)) == nil || m.stories != 1 {
		t.Errorf("a newer version kept the older days or lost its own (%d stories)", m.stories)
	}
}
