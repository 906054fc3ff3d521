package http

import "strings"

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
