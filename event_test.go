package flashback_test

import (
	"testing"
	"time"

	"flashback"
)

// Validate is the path every importer, the editor and the stores take, so
// it is where an event's text is cleaned.
func TestEventValidate_CleansText(t *testing.T) {
	e := &flashback.Event{
		Date:     flashback.HistDate{Year: 1969, Month: time.July, Day: 20},
		Category: flashback.CategoryScience, Headline: " Apollo 11\r\nlands\u202e ",
		Summary: "\r\nFirst\r\nsteps. ", Body: "# Moon\r\n\r\nText\u2066.",
		Sources:    []flashback.Source{{Title: "NASA\nhistory", URL: "https://example.org/a", Note: "public\u2028domain"}},
		Provenance: flashback.Provenance{Importer: "csv", Origin: "list\r\n.csv", Ref: "row 2"},
	}
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ field, got, want string }{
		{"Headline", e.Headline, "Apollo 11 lands"},
		{"Summary", e.Summary, "First\nsteps."},
		{"Body", e.Body, "# Moon\n\nText."},
		{"Source title", e.Sources[0].Title, "NASA history"},
		{"Source note", e.Sources[0].Note, "public domain"},
		{"Origin", e.Provenance.Origin, "list .csv"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
	t.Run("OnlyInvisibleHeadline", func(t *testing.T) {
		bad := *e
		bad.Headline = "\u202e\r\n"
		if err := bad.Validate(); flashback.ErrorCode(err) != flashback.EINVALID {
			t.Errorf("Validate = %v, want EINVALID (no headline)", err)
		}
	})
}
