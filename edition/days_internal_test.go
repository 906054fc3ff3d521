package edition

import (
	"strings"
	"testing"
	"time"

	"flashback"
)

// TestDayMemo_Bound: past maxMemoBytes the days kept first go first; a
// newer version empties the memo and an older one keeps nothing.
func TestDayMemo_Bound(t *testing.T) {
	day := func(d int) flashback.CivilDate { return flashback.CivilDate{Year: 2026, Month: time.June, Day: d} }
	// Stories without text: each weighs storyOverhead.
	perMemo := maxMemoBytes / storyOverhead
	cands := func(n int) []flashback.Candidate { return make([]flashback.Candidate, n) }
	var m dayMemo
	m.keep(1, day(1), cands(perMemo*6/10))
	m.keep(1, day(2), cands(perMemo*3/10))
	m.keep(1, day(3), cands(perMemo*2/10)) // past the bound: day 1 goes
	m.keep(1, day(4), cands(perMemo+1))
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
	if want := (perMemo*3/10 + perMemo*2/10) * storyOverhead; m.bytes != want {
		t.Errorf("%d bytes counted, want %d", m.bytes, want)
	}
	m.keep(2, day(6), cands(1))
	if m.get(2, day(2)) != nil || m.get(2, day(6)) == nil || m.bytes != storyOverhead {
		t.Errorf("a newer version kept the older days or lost its own (%d bytes)", m.bytes)
	}
}

// TestDayMemo_ArticlesWeigh: the bound is on what the stories hold, so a
// day of long articles pushes out more days than one of headlines alone.
func TestDayMemo_ArticlesWeigh(t *testing.T) {
	day := func(d int) flashback.CivilDate { return flashback.CivilDate{Year: 2026, Month: time.June, Day: d} }
	stories := func(n, body int) []flashback.Candidate {
		out := make([]flashback.Candidate, n)
		for i := range out {
			out[i].Event = &flashback.Event{Headline: "A headline of forty characters, roughly",
				Body: strings.Repeat("x", body), Sources: []flashback.Source{{Title: "A source", URL: "https://example.org/a"}}}
		}
		return out
	}
	var m dayMemo
	for d := 1; d <= 10; d++ {
		m.keep(1, day(d), stories(1_000, 0)) // about 0.6 MB each
	}
	m.keep(1, day(11), stories(1_000, 100_000)) // about 100 MB of articles
	kept := 0
	for d := 1; d <= 10; d++ {
		if m.get(1, day(d)) != nil {
			kept++
		}
	}
	if m.get(1, day(11)) == nil || kept != 10 {
		t.Fatalf("the day of articles kept %v, with %d of the ten days before it", m.get(1, day(11)) != nil, kept)
	}
	m.keep(1, day(12), stories(500, 100_000)) // 50 MB more: past the bound
	if m.get(1, day(11)) != nil {
		t.Error("the day of articles stayed past the bound")
	}
	for d := 1; d <= 10; d++ {
		if m.get(1, day(d)) != nil {
			t.Errorf("day %d, kept before the day of articles, stayed after it went", d)
		}
	}
	if m.bytes > maxMemoBytes {
		t.Errorf("%d bytes kept, past the bound of %d", m.bytes, maxMemoBytes)
	}
}
