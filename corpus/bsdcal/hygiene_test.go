package bsdcal

import "testing"

// A calendar line may carry controls or bidi overrides: the headline comes
// out clean. Bytes that are not UTF-8 are read as Latin-1, as old calendar
// files were written, so the headline is still valid text.
func TestEventsCleanText(t *testing.T) {
	for _, tc := range []struct{ name, line, want string }{
		{"Controls", "01/31\tTrotsky \u202eis\x1b exiled, 1929\n", "Trotsky is exiled"},
		{"Latin1", "02/01\tCaf\xe9 opens, 1929\n", "Café opens"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if ev := oneEvent(t, tc.line, "calendar.history"); ev.Headline != tc.want {
				t.Errorf("Headline = %q, want %q", ev.Headline, tc.want)
			}
		})
	}
}
