package web

import (
	"testing"

	"flashback"
	"flashback/site"
)

func TestSourceViews_Links(t *testing.T) {
	tests := []struct {
		name, url, want string
	}{
		{"HTTPS", "https://en.wikipedia.org/wiki/Leon_Trotsky", "https://en.wikipedia.org/wiki/Leon_Trotsky"},
		{"SitePage", "/licences#bsd-calendar", "https://flashback.example/licences#bsd-calendar"},
		{"ProtocolRelative", "//evil.example/x", ""},
		{"Backslash", "/\\evil.example", ""},
		{"Script", "javascript:alert(1)", ""},
		{"Data", "data:text/html,hi", ""},
		{"Relative", "licences", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sourceViews([]flashback.Source{{Title: "t", URL: tt.url}}, site.New("https://flashback.example/"))[0].URL
			if got != tt.want {
				t.Errorf("link %q, want %q", got, tt.want)
			}
		})
	}
}
