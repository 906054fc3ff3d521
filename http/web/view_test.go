package web

import (
	"testing"

	"flashback"
)

func TestTeaser(t *testing.T) {
	tests := []struct {
		name, headline, summary, want string
	}{
		{"RepeatsHeadline", "Hewlett-Packard founded", "Hewlett-Packard founded.", ""},
		{"RepeatsHeadlineOtherCase", "Explorer I launched", "explorer i launched", ""},
		{"SaysMore", "Explorer I launched", "The first American satellite reaches orbit.", "The first American satellite reaches orbit."},
		{"Empty", "Explorer I launched", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := teaser(&flashback.Event{Headline: tt.headline, Summary: tt.summary}); got != tt.want {
				t.Errorf("teaser = %q, want %q", got, tt.want)
			}
		})
	}
}
