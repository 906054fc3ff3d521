package csvimport

import (
	"bytes"
	"strings"
	"testing"

	"flashback"
)

// FuzzParse checks that no input makes Parse panic, and that whatever it
// returns is a valid, uniquely keyed event with a safe link.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"date,headline,summary\n1929-01-31,Trotsky,\"x, y\"\n",
		"\uFEFFDate;Headline;Body\r\n-0043-03-15;Caesar;\"a\r\nb\"\r\n",
		"year,month,day,headline,calendar,precision\n44 BC,3,15,Caesar,julian,day\n,12,25,Xmas,,\n",
		"date,headline,source_url,key\n--02-29,Leap,https://example.org,k\n1900-02-29,Bad,javascript:x,k\n",
		"headline\tdate\tcategory\nA\t1929\tbirths\n",
		"date,headline\n\"unterminated,x\n",
		"\xff\xfe\x00",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		events, skips, err := Parse(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			if events != nil || skips != nil {
				t.Fatalf("error %v came with results", err)
			}
			return
		}
		keys := map[string]bool{}
		for _, e := range events {
			if flashback.FoldLine(e.Headline) != e.Headline {
				t.Fatalf("headline %q is not one clean line", e.Headline)
			}
			if err := e.Validate(); err != nil {
				t.Fatalf("event %+v does not validate: %v", e, err)
			}
			if keys[e.ExternalKey] || !strings.HasPrefix(e.ExternalKey, "csv:") {
				t.Fatalf("bad or duplicate key %q", e.ExternalKey)
			}
			keys[e.ExternalKey] = true
			for _, s := range e.Sources {
				if s.URL != "" && !strings.HasPrefix(s.URL, "http://") && !strings.HasPrefix(s.URL, "https://") {
					t.Fatalf("unsafe URL %q", s.URL)
				}
			}
		}
		for _, s := range skips {
			if s.Reason == "" || !strings.HasPrefix(s.Ref, "fuzz.csv:row ") {
				t.Fatalf("bad skip %+v", s)
			}
		}
	})
}
