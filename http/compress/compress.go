// Package compress prepares a response body in the content codings browsers
// ask for (gzip and Brotli) and picks, from a request's Accept-Encoding, the
// one to send. Bodies are meant to be compressed once, when a page is
// cached, and served many times: Choose allocates nothing.
package compress

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"sync"

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

// Levels used for bodies compressed once and served many times. Brotli
// above 5 gains under 1% on our pages for four times the time (and level 9
// allocates 33 MB for a 12 KB page); gzip's best level costs little at
// page size. Large bodies (a site map of 50,000 URLs is 7 MB) get faster
// levels, so that one cache miss costs a fraction of a second.
const (
	largeBody = 256 << 10
)

var levels = [NumCodings][2]int{ // [coding][large]
	Gzip:   {gzip.BestCompression, gzip.DefaultCompression},
	Brotli: {5, 4},
}

// encoder is a compressor that can start over on a new destination, so
// that its tables (hundreds of kilobytes) are kept for the next body.
type encoder interface {
	io.WriteCloser
	Reset(io.Writer)
}

// pools keep encoders by coding and size class; a page compressed on a
// cache miss then allocates little more than its output.
var pools [NumCodings][2]sync.Pool

func getEncoder(c Coding, large int, dst io.Writer) (encoder, error) {
	if e, ok := pools[c][large].Get().(encoder); ok {
		e.Reset(dst)
		return e, nil
	}
	level := levels[c][large]
	switch c {
	case Gzip:
		return gzip.NewWriterLevel(dst, level)
	case Brotli:
		return brotli.NewWriterLevel(dst, level), nil
	}
	return nil, fmt.Errorf("compress: no encoder for coding %d", c)
}

// Encode returns body in coding c.
func Encode(body []byte, c Coding) ([]byte, error) {
	if c >= NumCodings {
		return nil, fmt.Errorf("compress: no encoder for coding %d", c)
	}
	large := 0
	if len(body) > largeBody {
		large = 1
	}
	var buf bytes.Buffer
	buf.Grow(len(body)/3 + 64)
	enc, err := getEncoder(c, large, &buf)
	if err != nil {
		return nil, err
	}
	if _, err := enc.Write(body); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	enc.Reset(nil) // let go of buf before the encoder waits in the pool
	pools[c][large].Put(enc)
	return buf.Bytes(), nil
}

// Worthwhile reports whether a body of n bytes is worth compressing at
// all: below about one TCP packet the coding's own framing and the
// client's work outweigh the bytes saved.
func Worthwhile(n int) bool { return n >= 1024 }

// all are the codings this package makes.
var all = Set(0).With(Gzip).With(Brotli)

// ForRequest returns body as it should go to the client whose request
// said acceptEncoding, for an answer made for one request and not kept (a
// search result, a form): only the coding that client prefers is made, and
// only for a body worth it. It sets Content-Encoding on h when it encodes,
// and names Accept-Encoding in Vary either way, since the answer depends
// on it. A failed encoding, a bug short of which it cannot fail, sends the
// body as it is.
func ForRequest(h http.Header, acceptEncoding string, body []byte) []byte {
	h.Add("Vary", "Accept-Encoding")
	c := Choose(acceptEncoding, all)
	if c == Identity || !Worthwhile(len(body)) {
		return body
	}
	enc, err := Encode(body, c)
	if err != nil || len(enc) >= len(body) {
		return body
	}
	h.Set("Content-Encoding", c.Token())
	return enc
}
