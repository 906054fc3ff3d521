package compress_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/andybalholm/brotli"

	"flashback/http/compress"
)

// Each coding decodes, with an independent reader, to the original bytes,
// and a page-like body shrinks.
func TestEncode(t *testing.T) {
	body := []byte(strings.Repeat("<li><a href=\"/events/1/slug\">A headline of some length</a></li>\n", 150))
	tests := []struct {
		name   string
		coding compress.Coding
		reader func(io.Reader) (io.Reader, error)
	}{
		{"Gzip", compress.Gzip, func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
		{"Brotli", compress.Brotli, func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc, err := compress.Encode(body, tt.coding)
			if err != nil {
				t.Fatal(err)
			}
			if len(enc) >= len(body)/4 {
				t.Errorf("%d bytes from %d: hardly compressed", len(enc), len(body))
			}
			r, err := tt.reader(bytes.NewReader(enc))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, body) {
				t.Error("decoded body differs from the original")
			}
		})
	}
	t.Run("ErrIdentity", func(t *testing.T) {
		if _, err := compress.Encode(body, compress.Identity); err == nil {
			t.Error("no error for a coding with no encoder")
		}
	})
}

// Encoders are reused: bodies compressed at once, of both size classes,
// each decode to themselves and not to a neighbour's bytes.
func TestEncode_ReusedEncoders(t *testing.T) {
	bodies := [][]byte{
		[]byte(strings.Repeat("small page ", 200)),
		[]byte(strings.Repeat("<url><loc>https://example.org/events/1/x</loc></url>\n", 6000)), // past largeBody
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 8 {
		wg.Go(func() {
			for i := range 6 {
				body := append(bytes.Clone(bodies[(g+i)%2]), byte('a'+g))
				for _, c := range []compress.Coding{compress.Gzip, compress.Brotli} {
					enc, err := compress.Encode(body, c)
					if err != nil {
						errs <- err
						return
					}
					var r io.Reader = brotli.NewReader(bytes.NewReader(enc))
					if c == compress.Gzip {
						if r, err = gzip.NewReader(bytes.NewReader(enc)); err != nil {
							errs <- err
							return
						}
					}
					if got, err := io.ReadAll(r); err != nil || !bytes.Equal(got, body) {
						errs <- fmt.Errorf("%s: a body did not decode to itself (%v)", c.Token(), err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// ForRequest makes the one coding a client prefers, for bodies worth it,
// and says in Vary that the answer depends on Accept-Encoding either way.
func TestForRequest(t *testing.T) {
	page := []byte(strings.Repeat("<p>A search result, with its snippet.</p>\n", 60))
	tiny := []byte("<p>short</p>")
	gunzip := func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }
	unbrotli := func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }
	tests := []struct {
		name, accept string
		body         []byte
		want         string // Content-Encoding; "" for none
		decode       func(io.Reader) (io.Reader, error)
	}{
		{"Browser", "gzip, deflate, br, zstd", page, "br", unbrotli},
		{"GzipOnly", "gzip", page, "gzip", gunzip},
		{"NoHeader", "", page, "", nil},
		{"Refused", "gzip;q=0, br;q=0", page, "", nil},
		{"TooSmall", "gzip, br", tiny, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{"Vary": {"Cookie"}}
			got := compress.ForRequest(h, tt.accept, tt.body)
			if enc := h.Get("Content-Encoding"); enc != tt.want {
				t.Fatalf("Content-Encoding %q, want %q", enc, tt.want)
			}
			if v := h.Values("Vary"); len(v) != 2 || v[0] != "Cookie" || v[1] != "Accept-Encoding" {
				t.Errorf("Vary %q: the handler's own lost, or Accept-Encoding not named", v)
			}
			if tt.want == "" {
				if !bytes.Equal(got, tt.body) {
					t.Error("an uncompressed answer differs from the body")
				}
				return
			}
			if len(got) >= len(tt.body)/2 {
				t.Errorf("%d bytes from %d", len(got), len(tt.body))
			}
			r, err := tt.decode(bytes.NewReader(got))
			if err != nil {
				t.Fatal(err)
			}
			if plain, err := io.ReadAll(r); err != nil || !bytes.Equal(plain, tt.body) {
				t.Errorf("decoded body differs from the original (%v)", err)
			}
		})
	}
}

// BenchmarkForRequest is what a page made per request (a search result of
// about 7 kB) costs to compress for a browser, in each coding.
func BenchmarkForRequest(b *testing.B) {
	var page bytes.Buffer
	for i := range 40 {
		fmt.Fprintf(&page, "<li><a href=\"/events/%d/a-headline\">A headline of <mark>moon</mark> number %d</a> <span>%d BC</span></li>\n", i*37, i, 1000-i*13)
	}
	for _, accept := range []string{"gzip", "br"} {
		b.Run(accept, func(b *testing.B) {
			b.SetBytes(int64(page.Len()))
			for b.Loop() {
				compress.ForRequest(http.Header{}, accept, page.Bytes())
			}
		})
	}
}
