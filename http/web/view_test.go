package web

import (
	"testing"
	"time"

	"flashback"
)

func TestTeaser(t *testing.T) {
	hp := flashback.HistDate{Year: 1939, Month: time.January, Day: 1}
	bastille := flashback.HistDate{Month: time.July, Day: 14, Precision: flashback.PrecisionMonthDay}
	tests := []struct {
		name, headline, summary string
		date                    flashback.HistDate
		want                    string
	}{
		{"RepeatsHeadline", "Hewlett-Packard founded", "Hewlett-Packard founded.", hp, "Sunday, 1 January 1939."},
		{"RepeatsHeadlineOtherCase", "Hewlett-Packard founded", "hewlett-packard FOUNDED", hp, "Sunday, 1 January 1939."},
		{"SaysMore", "Explorer I launched", "The first American satellite reaches orbit.", hp, "The first American satellite reaches orbit."},
		{"Empty", "Hewlett-Packard founded", "", hp, "Sunday, 1 January 1939."},
		{"NoYearNoWeekday", "Bastille Day", "Bastille Day", bastille, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := teaser(&flashback.Event{Headline: tt.headline, Summary: tt.summary, Date: tt.date}); got != tt.want {
				t.Errorf("teaser = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSourceViews_Links(t *testing.T) {
	tests := []struct {
		name, url, want string
	}{
		{"HTTPS", "https://en.wikipedia.org/wiki/Leon_Trotsky", "https://en.wikipedia.org/wiki/Leon_Trotsky"},
		{"SitePage", "/licences#bsd-calendar", "/licences#bsd-calendar"},
		{"ProtocolRelative", "//evil.example/x", ""},
		{"Backslash", "/\\evil.example", ""},
		{"Script", "javascript:alert(1)", ""},
		{"Data", "data:text/html,hi", ""},
		{"Relative", "licences", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sourceViews([]flashback.Source{{Title: "t", URL: tt.url}})[0].URL
			if got != tt.want {
				t.Errorf("link %q, want %q", got, tt.want)
			}
		})
	}
}
