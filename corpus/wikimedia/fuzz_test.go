package wikimedia

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"flashback"
)

// FuzzParse checks that no input makes Parse panic, and that whatever it
// returns is a valid, uniquely keyed event with safe links.
func FuzzParse(f *testing.F) {
	seeds := []string{
		`{"events": [{"text": "A", "year": 1929, "pages": [{"title": "T", "extract": "E",
			"content_urls": {"desktop": {"page": "https://en.wikipedia.org/wiki/T"}}}]}]}`,
		`{"selected": [{"text": "A", "year": -44}], "events": [{"text": "A", "year": -44}]}`,
		`{"holidays": [{"text": "H", "pages": [{"title": "P"}]}], "births": [{"text": "B", "year": 0}]}`,
		`{"deaths": [{"text": "D\u0000\u202e", "year": 1.5}, null, 3, "x"]}`,
		`{"selected": [{"text": "S", "year": 5, "pages": [{"title": "P", "extract": "E <b>",
			"thumbnail": {"source": "https://u.example/thumb/a/ab/F.jpg/9px-F.jpg", "width": 9, "height": 9},
			"content_urls": {"desktop": {"page": "https://en.wikipedia.org/wiki/P"}}}]}]}`,
		`[]`, `null`, `{"events": {}}`, `{"events": [{"text": "A", "year": 99999}]}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s), uint8(1), uint8(31))
	}
	f.Add([]byte(`{"events": [{"text": "Leap", "year": 1900}]}`), uint8(2), uint8(29))
	f.Fuzz(func(t *testing.T, data []byte, month, day uint8) {
		md := flashback.MonthDay{Month: time.Month(month%13 + 1), Day: int(day % 32)}
		feed, err := ParseDay(bytes.NewReader(data), md, "fuzz.json")
		if err != nil {
			if feed != nil {
				t.Fatalf("error %v came with results", err)
			}
			return
		}
		events, skips := feed.Events, feed.Skips
		for e, pic := range feed.Pictures {
			if !slices.Contains(events, e) || !strings.HasPrefix(pic.FilePage, "http") {
				t.Fatalf("picture %+v of no event or without credit", pic)
			}
		}
		keys := map[string]bool{}
		for _, e := range events {
			if flashback.FoldLine(e.Headline) != e.Headline {
				t.Fatalf("headline %q is not one clean line", e.Headline)
			}
			if err := e.Validate(); err != nil {
				t.Fatalf("event %+v does not validate: %v", e, err)
			}
			if e.Date.MonthDay() != md {
				t.Fatalf("event on %v from a feed for %v", e.Date.MonthDay(), md)
			}
			if keys[e.ExternalKey] {
				t.Fatalf("duplicate key %q", e.ExternalKey)
			}
			keys[e.ExternalKey] = true
			if e.Body != "" && !strings.Contains(e.Body, LicenceURL) {
				t.Fatalf("article without its licence: %q", e.Body)
			}
			for _, s := range e.Sources {
				if s.URL != "" && !strings.HasPrefix(s.URL, "http://") && !strings.HasPrefix(s.URL, "https://") {
					t.Fatalf("unsafe URL %q", s.URL)
				}
			}
		}
		for _, s := range skips {
			if s.Reason == "" {
				t.Fatalf("skip %q without a reason", s.Ref)
			}
		}
	})
}
