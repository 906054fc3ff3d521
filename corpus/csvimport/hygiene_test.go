package csvimport

import (
	"strings"
	"testing"
)

// A quoted CSV field may hold line breaks and invisible controls: the
// headline is folded to one line, and invalid UTF-8 skips the row with a
// reason instead of storing mojibake.
func TestParseCleansText(t *testing.T) {
	input := "date,headline,body\n" +
		"1929-01-31,\"Trotsky\r\nis \u202eexiled\",\"one\r\ntwo\"\n" +
		"1929-02-01,\"caf\xe9 opens\",\n"
	events, skips := mustParse(t, input)
	if len(events) != 1 || events[0].Headline != "Trotsky is exiled" || events[0].Body != "one\ntwo" {
		t.Fatalf("events = %+v", events)
	}
	if len(skips) != 1 || !strings.Contains(skips[0].Reason, "UTF-8") {
		t.Errorf("skips = %+v, want the invalid row skipped", skips)
	}
}
