package search_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// FuzzSearch sends whatever a reader or a script could put in the query
// string to both the page and the API, against a real SQLite store: the
// answer is a page or a refusal, never a server error, and the API's is
// always JSON.
func FuzzSearch(f *testing.F) {
	seeds := [][6]string{
		{"moon", "", "", "", "", ""},
		{`"battle of`, "world-history", "500 BC", "1 BC", "2", "5"},
		{"NEAR(a b) OR c*", "music", "-44", "1e9", "0", "-1"},
		{"a'); DROP TABLE events; --", "../x", "99999999999999999999", "BC", "9999999999", "51"},
		{"\x00\xff\u0301*", "", " 44 bce ", "ad 1", "", ""},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3], s[4], s[5])
	}
	s := newSite(f, nil)
	f.Fuzz(func(t *testing.T, q, category, from, to, page, limit string) {
		v := url.Values{"q": {q}, "category": {category}, "from": {from}, "to": {to}, "page": {page}, "limit": {limit}}
		target := v.Encode()
		w := s.get("/search?" + target)
		if w.Code != 200 && w.Code != 400 {
			t.Fatalf("/search?%s: status %d\n%s", target, w.Code, w.Body)
		}
		if strings.Contains(w.Body.String(), "<script>") {
			t.Fatalf("/search?%s: unescaped script", target)
		}
		w = s.get("/api/v1/search?" + target)
		if w.Code != 200 && w.Code != 400 {
			t.Fatalf("/api/v1/search?%s: status %d\n%s", target, w.Code, w.Body)
		}
		if !json.Valid(w.Body.Bytes()) {
			t.Fatalf("/api/v1/search?%s: not JSON: %s", target, w.Body)
		}
	})
}
