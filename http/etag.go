package http

import (
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
)

// ETagMatch reports whether a weak comparison (RFC 9110, 8.8.3.2) finds
// etag in an If-None-Match list; "*" matches any current representation.
func ETagMatch(list, etag string) bool {
	for tag := range strings.SplitSeq(list, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == etag || tag == "*" {
			return true
		}
	}
	return false
}

// ETag is a strong validator of body: a hash of its bytes, so that the
// same answer built again, on any instance, has the same tag.
func ETag(body []byte) string {
	h := fnv.New64a()
	_, _ = h.Write(body)
	return `"` + strconv.FormatUint(h.Sum64(), 36) + `"`
}

// WriteBody sends a whole representation with its ETag and Cache-Control,
// or 304 Not Modified when the client's If-None-Match names it. For
// machine-readable answers (API, feeds) built whole before sending.
func WriteBody(w http.ResponseWriter, r *http.Request, contentType, cacheControl string, body []byte) {
	etag := ETag(body)
	hd := w.Header()
	hd.Set("ETag", etag)
	hd.Set("Cache-Control", cacheControl)
	if inm := r.Header.Get("If-None-Match"); inm != "" && ETagMatch(inm, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hd.Set("Content-Type", contentType)
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}
