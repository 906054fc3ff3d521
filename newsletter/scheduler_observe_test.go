package newsletter_test

import (
	"testing"

	"flashback/newsletter"
)

// passes records what a PassObserver was told.
type passes []newsletter.PassStats

func (p *passes) ObservePass(stats newsletter.PassStats, err error) { *p = append(*p, stats) }

// The observer hears of every pass, empty ones too, with its counts.
func TestScheduler_ObserverHearsEachPass(t *testing.T) {
	e := newEnv(t, "")
	e.seedJan31(t)
	e.confirmed(t, "vienna@example.org", "Europe/Vienna", "07:00")
	var seen passes
	sc := newsletter.Scheduler{Service: e.svc, Workers: 2, Observer: &seen}
	e.clock.Set(jan31)
	runPass(t, sc)
	runPass(t, sc)
	if len(seen) != 2 || seen[0].Claimed != 1 || seen[0].Sent != 1 || seen[1].Claimed != 0 {
		t.Errorf("observed %v, want one digest sent in the first of two passes", seen)
	}
}
