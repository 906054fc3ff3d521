package feed_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"strconv"
	"testing"

	"github.com/andybalholm/brotli"
)

// Feeds go out in the coding the client asks for (a calendar of a whole
// site runs to a megabyte, polled by every subscribed calendar app), decode
// to the plain feed's very bytes, say so in Vary, and revalidate with an
// ETag of their own coding.
func TestFeedsCompressed(t *testing.T) {
	f := newFixture(t)
	stock(f)
	gunzip := func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }
	unbrotli := func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }
	plainly := func(r io.Reader) (io.Reader, error) { return r, nil }
	tests := []struct {
		name, path, accept, want string
		decode                   func(io.Reader) (io.Reader, error)
	}{
		{"RSSGzip", "/rss.xml", "gzip", "gzip", gunzip},
		{"AtomBrotli", "/atom.xml", "gzip, deflate, br", "br", unbrotli},
		{"CalendarGzip", "/calendar.ics", "gzip", "gzip", gunzip},
		{"CategoryRSSBrotli", "/category/music/rss.xml", "br", "br", unbrotli},
		{"CalendarIdentity", "/calendar.ics", "identity", "", plainly},
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
			r, err := tt.decode(bytes.NewReader(w.Body.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(body, plain.Body.Bytes()) {
				t.Fatalf("decoded body differs from the plain feed (%v)", err)
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
