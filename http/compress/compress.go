// Package compress prepares a response body in the content codings browsers
// ask for (gzip and Brotli) and picks, from a request's Accept-Encoding, the
// one to send. Bodies are meant to be compressed once, when a page is
// cached, and served many times: Choose allocates nothing.
package compress

import (
	"bytes"
	"compress/gzip"
	"fmt"

	"github.com/andybalholm/brotli"
)

// Coding is a content coding this package produces.
type Coding uint8

// The codings, in the order Choose prefers them when a client likes several
// equally: Brotli is the smallest, identity the last resort.
const (
	Identity Coding = iota
	Gzip
	Brotli
	// NumCodings bounds the values above, for arrays indexed by Coding.
	NumCodings
)

// Token is the coding's name in Content-Encoding; "" for identity, which
// is never sent.
func (c Coding) Token() string {
	switch c {
	case Gzip:
		return "gzip"
	case Brotli:
		return "br"
	}
	return ""
}

// Set is a set of codings a body is available in.
type Set uint8

// Has reports whether c is in s. Identity is always available.
func (s Set) Has(c Coding) bool { return c == Identity || s&(1<<c) != 0 }

// With returns s with c added.
func (s Set) With(c Coding) Set { return s | 1<<c }

// Levels used for bodies compressed once and served many times: a good
// ratio is worth its cost. Brotli's top level (11) takes tens of
// milliseconds on a 10 KB page in pure Go, which a cache miss would pay, so
// a lower one that gives nearly the same size is used; large bodies (a
// site map of 50,000 URLs is 7 MB) get the faster levels, so that one
// cache miss costs a fraction of a second rather than seconds.
const (
	gzipLevel        = gzip.BestCompression
	brotliLevel      = 9
	largeBody        = 256 << 10
	gzipLevelLarge   = gzip.DefaultCompression
	brotliLevelLarge = 4
)

// Encode returns body in coding c.
func Encode(body []byte, c Coding) ([]byte, error) {
	gzLevel, brLevel := gzipLevel, brotliLevel
	if len(body) > largeBody {
		gzLevel, brLevel = gzipLevelLarge, brotliLevelLarge
	}
	var buf bytes.Buffer
	buf.Grow(len(body)/3 + 64)
	switch c {
	case Gzip:
		zw, err := gzip.NewWriterLevel(&buf, gzLevel)
		if err != nil {
			return nil, err
		}
		if _, err := zw.Write(body); err != nil {
			return nil, err
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
	case Brotli:
		bw := brotli.NewWriterLevel(&buf, brLevel)
		if _, err := bw.Write(body); err != nil {
			return nil, err
		}
		if err := bw.Close(); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("compress: no encoder for coding %d", c)
	}
	return buf.Bytes(), nil
}

// Worthwhile reports whether a body of n bytes is worth compressing at
// all: below about one TCP packet the coding's own framing and the
// client's work outweigh the bytes saved.
func Worthwhile(n int) bool { return n >= 1024 }
