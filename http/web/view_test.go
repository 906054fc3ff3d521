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
