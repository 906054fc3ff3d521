package feed_test

import (
	"bytes"
	"strconv"
	"testing"

	"flashback/http/compress/compresstest"
)

// Feeds go out in the coding the client asks for (a calendar of a whole
// site runs to a megabyte, polled by every subscribed calendar app), decode
// to the plain feed's very bytes, say so in Vary, and revalidate with an
// ETag of their own coding.
func TestFeedsCompressed(t *testing.T) {
	f := newFixture(t)
	stock(f)
	tests := []struct{ name, path, accept, want string }{
		{"RSSGzip", "/rss.xml", "gzip", "gzip"},
		{"AtomBrotli", "/atom.xml", "gzip, deflate, br", "br"},
		{"CalendarGzip", "/calendar.ics", "gzip", "gzip"},
		{"CategoryRSSBrotli", "/category/music/rss.xml", "br", "br"},
		{"CalendarIdentity", "/calendar.ics", "identity", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plain := f.mustGet(tt.path)
			w := f.get(tt.path, "Accept-Encoding", tt.accept)
			h := w.Header()
			if w.Code != 200 || h.Get("Content-Encoding") != tt.want || h.Get("Vary") != "Accept-Encoding" {
				t.Fatalf("status %d, Content-Encoding %q, Vary %q", w.Code, h.Get("Content-Encoding"), h.Get("Vary"))
			}
			if h.Get("Access-Control-Allow-Origin") != "*" || h.Get("Cache-Control") != "public, max-age=900" {
				t.Errorf("headers %v", h)
			}
			if got := h.Get("Content-Length"); got != strconv.Itoa(w.Body.Len()) {
				t.Errorf("Content-Length %s for %d bytes", got, w.Body.Len())
			}
			if !bytes.Equal(compresstest.Decode(t, tt.want, w.Body.Bytes()), plain.Body.Bytes()) {
				t.Fatal("decoded body differs from the plain feed")
			}
			if tt.want != "" && (h.Get("ETag") == plain.Header().Get("ETag") || w.Body.Len() >= plain.Body.Len()) {
				t.Errorf("the %s feed: ETag %s (plain %s), %d bytes from %d", tt.want, h.Get("ETag"),
					plain.Header().Get("ETag"), w.Body.Len(), plain.Body.Len())
			}
			again := f.get(tt.path, "Accept-Encoding", tt.accept, "If-None-Match", h.Get("ETag"))
			if again.Code != 304 || again.Body.Len() != 0 {
				t.Errorf("revalidating: status %d, %d bytes", again.Code, again.Body.Len())
			}
		})
	}
}
