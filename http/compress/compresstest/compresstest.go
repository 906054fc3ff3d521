// Package compresstest decodes what a test received in a content coding,
// with readers that share nothing with the encoders under test: the
// standard library's gzip reader and the Brotli package's.
package compresstest

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"

	"github.com/andybalholm/brotli"
)

// Decode returns body decoded from the coding a Content-Encoding value
// names ("" for none), failing the test when it does not decode.
func Decode(t testing.TB, contentEncoding string, body []byte) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(body)
	switch contentEncoding {
	case "":
		return body
	case "gzip":
		gz, err := gzip.NewReader(r)
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		r = gz
	case "br":
		r = brotli.NewReader(r)
	default:
		t.Fatalf("no decoder for Content-Encoding %q", contentEncoding)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s: %v", contentEncoding, err)
	}
	return out
}
