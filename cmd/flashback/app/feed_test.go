package app_test

import (
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/mmcdole/gofeed"
)

// TestFeeds_BundledCorpus reads the running program's feeds of the
// bundled corpus with a real feed parser and a real calendar parser.
func TestFeeds_BundledCorpus(t *testing.T) {
	m := MustOpenMain(t, time.Date(2026, time.June, 17, 12, 0, 0, 0, time.UTC), "UTC")
	for _, path := range []string{"/rss.xml", "/atom.xml", "/category/music/rss.xml"} {
		t.Run(path, func(t *testing.T) {
			start := time.Now()
			body := get(t, m.HTTP.URL()+path)
			took := time.Since(start)
			f, err := gofeed.NewParser().ParseString(body)
			if err != nil {
				t.Fatal(err)
			}
			// The newest item is the last day with something to show, at
			// most 14 days back.
			if len(f.Items) == 0 || !strings.HasPrefix(f.Items[0].Title, "Flashback to June ") {
				t.Fatalf("%d items, first %q", len(f.Items), f.Items[0].Title)
			}
			t.Logf("%s: %d items, %d bytes, first build %v", path, len(f.Items), len(body), took)
		})
	}
	for _, path := range []string{"/calendar.ics", "/category/music/calendar.ics"} {
		t.Run(path, func(t *testing.T) {
			start := time.Now()
			body := get(t, m.HTTP.URL()+path)
			took := time.Since(start)
			cal, err := goical.NewDecoder(strings.NewReader(body)).Decode()
			if err != nil {
				t.Fatal(err)
			}
			n := len(cal.Events())
			if n < 50 {
				t.Fatalf("%d events", n)
			}
			t.Logf("%s: %d events, %d bytes, first build %v", path, n, len(body), took)
		})
	}
}
