package bsdcal

import (
	"bytes"
	"strings"
	"testing"

	"flashback"
)

// FuzzParse checks that no input makes Parse or Events panic, and that what
// they return always holds: entries on real days of the year with a line
// inside the input, and events that a store would accept.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"01/31\tExplorer I launched, 1958\n",
		"/*\n * History\n */\n#ifndef _x_\n#define _x_\nLANG=UTF-8\n03/15\tCaesar,\n\t44BC\n#endif\n",
		"05/SunSecond\tMother's Day\nEaster-2\tGood Friday\n03/20*\tEquinox\n* 15\tPay day\n",
		"02/29\tLeap, 1900\n02/30\tNever\n13/01\tNo month\n",
		"May 08\tVictory Day \r\n31 Jan\tX, c. 1400\n1/5\tY (1066 AD)\n",
		"\torphan\n/* open comment\n01/01\tinside\n",
		"01/01\tWilhelm Beer born, 1797, first astronomer; x, 323 B.C., y\n",
		"12/18\tH\xfcnfeld\x00\x7f, 1995?\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, skips, err := Parse(bytes.NewReader(data), "calendar.fuzz")
		if err != nil {
			return // only an over-long line; nothing to check
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, e := range entries {
			if !e.MonthDay().Valid() {
				t.Fatalf("entry on a day that does not exist: %+v", e)
			}
			if e.Line < 1 || e.Line > lines {
				t.Fatalf("entry line %d outside 1..%d", e.Line, lines)
			}
			if strings.TrimSpace(e.Text) == "" {
				t.Fatalf("entry without text: %+v", e)
			}
			if e.HasYear && (e.Year < flashback.MinYear || e.Year > flashback.MaxYear) {
				t.Fatalf("year out of range: %+v", e)
			}
		}
		for _, s := range skips {
			if s.Ref == "" || s.Reason == "" {
				t.Fatalf("skip without a ref or reason: %+v", s)
			}
		}
		events, _ := Events(entries, "calendar.fuzz")
		keys := make(map[string]bool, len(events))
		for _, ev := range events {
			if flashback.FoldLine(ev.Headline) != ev.Headline {
				t.Fatalf("headline %q is not one clean line", ev.Headline)
			}
			if err := ev.Validate(); err != nil {
				t.Fatalf("invalid event %+v: %v", ev, err)
			}
			if keys[ev.ExternalKey] {
				t.Fatalf("duplicate key %s", ev.ExternalKey)
			}
			keys[ev.ExternalKey] = true
		}
	})
}
