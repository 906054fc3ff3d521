package cache

import (
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	fhttp "flashback/http"
	"flashback/http/compress"
)

// Policy says who may keep a copy of an answer and what it varies with:
// the Cache-Control and Vary values it is sent with, built once by the
// caller so that serving a hit allocates nothing for them. Vary must name
// Accept-Encoding, since an Entry is sent in the coding each client asks.
type Policy struct {
	CacheControl []string
	Vary         []string
}

// Header is one more response header an Entry carries (a Link, say).
type Header struct {
	Name  string // canonical form
	Value []string
}

var (
	contentEncoding = [compress.NumCodings][]string{
		compress.Gzip:   {"gzip"},
		compress.Brotli: {"br"},
	}
	// cookieControl replaces the policy's Cache-Control on an answer that
	// sets a cookie: it is that reader's, whatever the policy says.
	cookieControl = []string{"private, no-cache"}
)

// Entry is one answer with its validators, in each content coding it was
// worth compressing into, ready to send. Nothing changes it once made but
// its use stamp, which is atomic, so any number of requests may send it at
// once.
type Entry struct {
	key      string
	used     atomic.Uint64 // the cache's use counter when last served or kept
	modified time.Time
	size     int // of every variant's body, for the cache's byte budget
	have     compress.Set
	variants [compress.NumCodings]variant
}

// variant is the answer in one content coding. Each has its own ETag: the
// bytes differ, and a cache must not answer a gzip request with a 304 that
// validates the Brotli copy it holds.
type variant struct {
	body []byte
	etag string
	hdr  []Header
}

// NewEntry prepares body, of media type ctype, for serving under policy p
// with the extra headers. Bodies large enough to gain are compressed here,
// once, rather than on every request. The identity variant's ETag is
// fhttp.ETag of body, as answers sent without an Entry have.
func NewEntry(body []byte, ctype []string, now time.Time, p Policy, extra ...Header) *Entry {
	return newEntry(body, ctype, now, p, allCodings, extra)
}

// NewEntryFor is NewEntry for an answer sent once, to r, and not kept:
// only the coding r asks for is made.
func NewEntryFor(r *http.Request, body []byte, ctype []string, now time.Time, p Policy, extra ...Header) *Entry {
	c := compress.Choose(first(r.Header["Accept-Encoding"]), allCodings)
	return newEntry(body, ctype, now, p, compress.Set(0).With(c), extra)
}

// allCodings are those an entry kept for every client is made in.
var allCodings = compress.Set(0).With(compress.Gzip).With(compress.Brotli)

func newEntry(body []byte, ctype []string, now time.Time, p Policy, codings compress.Set, extra []Header) *Entry {
	tag := strings.Trim(fhttp.ETag(body), `"`)
	mod := now.UTC().Truncate(time.Second)
	e := &Entry{modified: mod}
	common := append([]Header{
		{"Content-Type", ctype},
		{"Last-Modified", []string{mod.Format(http.TimeFormat)}},
		{"Cache-Control", p.CacheControl},
		{"Vary", p.Vary},
	}, extra...)
	e.add(compress.Identity, body, `"`+tag+`"`, common)
	if !compress.Worthwhile(len(body)) {
		return e
	}
	for _, c := range []compress.Coding{compress.Gzip, compress.Brotli} {
		if !codings.Has(c) {
			continue
		}
		// Encoding into memory cannot fail short of a bug in the encoder;
		// the answer is then served without that coding.
		enc, err := compress.Encode(body, c)
		if err == nil && len(enc) < len(body) {
			e.add(c, enc, `"`+tag+"-"+c.Token()+`"`, common)
		}
	}
	return e
}

func (e *Entry) add(c compress.Coding, body []byte, etag string, common []Header) {
	hdr := append(common[:len(common):len(common)],
		Header{"Content-Length", []string{strconv.Itoa(len(body))}},
		Header{"Etag", []string{etag}})
	if c != compress.Identity {
		hdr = append(hdr, Header{"Content-Encoding", contentEncoding[c]})
		e.have = e.have.With(c)
	}
	e.variants[c] = variant{body: body, etag: etag, hdr: hdr}
	e.size += len(body)
}

// Size is the bytes the entry keeps, every coding's body together.
func (e *Entry) Size() int { return e.size }

// Serve writes the entry in the coding the client prefers, or 304 Not
// Modified when the client's copy is current. If-None-Match wins over
// If-Modified-Since (RFC 9110, 13.2.2).
func (e *Entry) Serve(w http.ResponseWriter, r *http.Request) {
	v := &e.variants[compress.Choose(first(r.Header["Accept-Encoding"]), e.have)]
	h := w.Header()
	for _, kv := range v.hdr {
		h[kv.Name] = kv.Value
	}
	if _, ok := h["Set-Cookie"]; ok {
		// The handler set a cookie for this reader (a zone they chose):
		// no shared cache may hand this response to anyone else.
		h["Cache-Control"] = cookieControl
	}
	if e.notModified(r, v.etag) {
		delete(h, "Content-Type")
		delete(h, "Content-Length")
		delete(h, "Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(v.body)
	}
}

func (e *Entry) notModified(r *http.Request, etag string) bool {
	if inm := first(r.Header["If-None-Match"]); inm != "" {
		return fhttp.ETagMatch(inm, etag)
	}
	if ims := first(r.Header["If-Modified-Since"]); ims != "" {
		t, err := http.ParseTime(ims)
		return err == nil && !e.modified.After(t)
	}
	return false
}

// first is the first value of a request header looked up by its canonical
// name, as Header.Get gives it, without canonicalising the name again on
// every cached hit.
func first(values []string) string {
	if len(values) == 0 {
		return ""
	}
	return values[0]
}
