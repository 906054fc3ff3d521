package main

import "testing"

// TestChargeRepeats: a repeat is charged to the kill of the run that sent
// the copy before it, whoever sends it again and whatever that run had
// claimed; one whose previous copy a live run sent is left uncharged.
func TestChargeRepeats(t *testing.T) {
	tests := []struct {
		name     string
		repeated map[string][]string
		want     []int // repeats of kills of run-a, run-b and run-c
		charged  int
	}{
		{"sent by a killed run, sent again by a live one",
			map[string][]string{"x": {"run-a", "live"}}, []int{1, 0, 0}, 1},
		// Whoever held the claim between the copies (run-b, say, which took
		// it over and died before sending it) is not charged: only who
		// sent the copy before; and run-c, whose copy came last, caused
		// nothing.
		{"sent again by a run that died afterwards",
			map[string][]string{"x": {"run-a", "run-c"}}, []int{1, 0, 0}, 1},
		{"sent again by a run that was killed too",
			map[string][]string{"x": {"run-a", "run-b", "live"}}, []int{1, 1, 0}, 2},
		{"several digests of one kill",
			map[string][]string{"x": {"run-c", "live"}, "y": {"run-c", "run-a"}, "z": {"run-b", "live"}}, []int{0, 1, 2}, 3},
		{"sent twice by a run never killed",
			map[string][]string{"x": {"live", "live"}}, []int{0, 0, 0}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kills := []*kill{{run: "run-a"}, {run: "run-b"}, {run: "run-c"}}
			if got := chargeRepeats(kills, tt.repeated); got != tt.charged {
				t.Errorf("charged %d, want %d", got, tt.charged)
			}
			for i, k := range kills {
				if k.repeats != tt.want[i] {
					t.Errorf("kill of %s: %d repeats, want %d", k.run, k.repeats, tt.want[i])
				}
			}
		})
	}
}
