package compress_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
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
