package app

import (
	"runtime/debug"
	"testing"
)

func TestTuneGC(t *testing.T) {
	tests := []struct {
		name string
		gogc string
		want int
	}{
		{"DefaultIsTheServingTarget", "", servingGCPercent},
		{"OperatorsGOGCWins", "100", 100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			prev := debug.SetGCPercent(100)
			defer debug.SetGCPercent(prev)
			TuneGC(func(k string) string {
				if k == "GOGC" {
					return tc.gogc
				}
				return ""
			})
			if got := debug.SetGCPercent(100); got != tc.want {
				t.Errorf("GC percent after TuneGC = %d, want %d", got, tc.want)
			}
		})
	}
}
