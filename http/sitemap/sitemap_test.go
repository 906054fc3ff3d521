package sitemap_test

import (
	"encoding/xml"
	"testing"
	"time"

	"flashback/http/sitemap"
)

type parsed struct {
	XMLName xml.Name
	Items   []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:",any"`
}

// What is written parses back, escaped, with the protocol's namespace.
func TestWrite(t *testing.T) {
	mod := time.Date(2026, 1, 31, 8, 0, 0, 0, time.FixedZone("X", 3600))
	urls := []sitemap.URL{
		{Loc: "https://example.org/on/january/31", LastMod: mod},
		{Loc: "https://example.org/search?q=a&b=<c>"},
	}
	tests := []struct {
		name string
		body []byte
		root string
	}{
		{"URLSet", sitemap.URLSet(urls), "urlset"},
		{"Index", sitemap.Index(urls), "sitemapindex"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var p parsed
			if err := xml.Unmarshal(tc.body, &p); err != nil {
				t.Fatalf("%v:\n%s", err, tc.body)
			}
			if p.XMLName.Local != tc.root || p.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" {
				t.Errorf("root %v", p.XMLName)
			}
			if len(p.Items) != 2 || p.Items[1].Loc != urls[1].Loc {
				t.Fatalf("items %+v", p.Items)
			}
			if p.Items[0].LastMod != "2026-01-31T07:00:00Z" || p.Items[1].LastMod != "" {
				t.Errorf("lastmod %q and %q", p.Items[0].LastMod, p.Items[1].LastMod)
			}
		})
	}
}
