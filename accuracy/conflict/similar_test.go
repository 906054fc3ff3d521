package conflict

import (
	"testing"
	"time"

	"flashback"
)

// TestCompareCategoriesApart checks that headlines filed under different
// categories need more likeness: a pair alike enough within one category
// (similarity 0.69, overlap 0.82) is not enough across two, while a pair
// told in the same words is.
func TestCompareCategoriesApart(t *testing.T) {
	versailles := day(1919, time.June, 28)
	read := func(s string) headline { return readHeadline(&flashback.Event{Headline: s, Date: versailles}) }
	tests := []struct {
		name   string
		a, b   string
		apart  bool
		same   bool
		scores [2]float64 // bounds of the score when same
	}{
		{"fairly alike, one category",
			"Peace Conference of Versailles meets in the Hall of Mirrors with envoys and delegates",
			"Peace Conference of Versailles meets in the Hall of Mirrors at the Palace", false, true, [2]float64{0.65, 0.75}},
		{"fairly alike, two categories",
			"Peace Conference of Versailles meets in the Hall of Mirrors with envoys and delegates",
			"Peace Conference of Versailles meets in the Hall of Mirrors at the Palace", true, false, [2]float64{}},
		{"same words, two categories",
			"Treaty of Versailles is signed in the Hall of Mirrors",
			"The Treaty of Versailles is signed in the Hall of Mirrors", true, true, [2]float64{1, 1}},
		{"elaboration, two categories",
			"Treaty of Versailles is signed",
			"Treaty of Versailles is signed in the Hall of Mirrors", true, true, [2]float64{1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := compare(read(tt.a), read(tt.b), false, tt.apart)
			if m.same != tt.same {
				t.Fatalf("same = %v (score %.2f, %s), want %v", m.same, m.score, m.reason, tt.same)
			}
			if m.same && (m.score < tt.scores[0] || m.score > tt.scores[1]) {
				t.Errorf("score %.3f, want within %v", m.score, tt.scores)
			}
		})
	}
}
