package wikimedia

import "testing"

// The feed's text may carry bidi controls or Unicode line separators; the
// headline comes out as one clean line.
func TestParseCleansText(t *testing.T) {
	js := `{"events": [{"text": "Trotsky\u2028is \u202eexiled\u202c", "year": 1929}]}`
	events, skips := mustParse(t, jan31, js)
	if len(events) != 1 || len(skips) != 0 || events[0].Headline != "Trotsky is exiled" {
		t.Fatalf("events = %+v, skips %v", events, skips)
	}
}
