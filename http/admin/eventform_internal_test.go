package admin

import "testing"

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
