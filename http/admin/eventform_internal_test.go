package admin

import (
	"testing"
	"time"

	"flashback"
)

// Bundled events link their source to the site's licence page; the editor
// must be able to save them unchanged, while unsafe links stay refused.
func TestParseSources(t *testing.T) {
	tests := []struct {
		name string
		text string
		ok   bool
	}{
		{"SitePage", "calendar.history (FreeBSD calendar data)|/licences#bsd-calendar|BSD licence", true},
		{"HTTPS", "Wikipedia|https://en.wikipedia.org/wiki/Leon_Trotsky|CC BY-SA 4.0", true},
		{"NoLink", "A book on the shelf", true},
		{"Script", "x|javascript:alert(1)|", false},
		{"ProtocolRelative", "x|//evil.example/|", false},
		{"Backslash", "x|/\\evil.example|", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseSources(tt.text)
			if (err == nil) != tt.ok {
				t.Errorf("parseSources(%q) err = %v, want ok=%v", tt.text, err, tt.ok)
			}
		})
	}
}

// Saving the form keeps the date a source was recorded as giving (the form
// does not show it), for the sources still listed, and only for them; an
// imported event moved to another date records that its source gave the
// old one.
func TestEventFormKeepsSourceDates(t *testing.T) {
	was := flashback.HistDate{Year: 1947, Month: time.January, Day: 1}
	base := &flashback.Event{Date: flashback.HistDate{Year: 1946, Month: time.March, Day: 5}, Category: flashback.CategoryHistory,
		Headline: "Iron Curtain speech", ExternalKey: "bsdcal:calendar.history:x", Sources: []flashback.Source{
			{Title: "calendar.history (FreeBSD calendar data)", URL: "/licences#bsd-calendar", Date: was},
			{Title: "Britannica", URL: "https://example.org/ic"}}}
	tests := []struct {
		name    string
		sources string
		day     string // typed in the form; "" keeps the event's
		want    []flashback.HistDate
	}{
		{"Unchanged", "calendar.history (FreeBSD calendar data)|/licences#bsd-calendar\nBritannica|https://example.org/ic", "", []flashback.HistDate{was, {}}},
		{"Reordered", "Britannica|https://example.org/ic\ncalendar.history (FreeBSD calendar data)|/licences#bsd-calendar", "", []flashback.HistDate{{}, was}},
		{"OtherLink", "calendar.history (FreeBSD calendar data)|/licences#other", "", []flashback.HistDate{{}}},
		{"DateMoved", "Britannica|https://example.org/ic", "6", []flashback.HistDate{base.Date}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := formFromEvent(base)
			f.Sources = tc.sources
			if tc.day != "" {
				f.Day = tc.day
			}
			e, err := f.apply(base)
			if err != nil {
				t.Fatal(err)
			}
			if len(e.Sources) != len(tc.want) {
				t.Fatalf("sources %+v", e.Sources)
			}
			for i, d := range tc.want {
				if e.Sources[i].Date != d {
					t.Errorf("source %d gives %v, want %v", i, e.Sources[i].Date, d)
				}
			}
		})
	}
}

// An editor writes BC years with their era: a sign or a year 0 would be
// stored astronomically (-44 as 45 BC), which the form would never show.
func TestEditorYear(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"1929", 1929, true},
		{"44 BC", -43, true},
		{"1 BC", 0, true},
		{"AD 1", 1, true},
		{" 79 CE ", 79, true},
		{"-44", 0, false},
		{"+1929", 0, false},
		{"0", 0, false},
		{"000", 0, false},
		{"", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := editorYear(tt.in)
			if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
				t.Errorf("editorYear(%q) = %d, %v; want %d, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
			if err != nil && flashback.ErrorCode(err) != flashback.EINVALID {
				t.Errorf("editorYear(%q): %v, want an EINVALID error to show", tt.in, err)
			}
		})
	}
}
