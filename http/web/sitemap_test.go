package web_test

import (
	"encoding/xml"
	"strconv"
	"strings"
	"testing"
)

type urlset struct {
	URLs []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
}

// The site map lists the home page, every date page, the categories and
// years that have events and every published article, dated by the store.
func TestSitemap(t *testing.T) {
	s, e := yearSite(t)
	w := s.get("/sitemap.xml")
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/xml; charset=utf-8" {
		t.Fatalf("status %d, Content-Type %q", w.Code, w.Header().Get("Content-Type"))
	}
	var set urlset
	if err := xml.Unmarshal(w.Body.Bytes(), &set); err != nil {
		t.Fatal(err)
	}
	mods := map[string]string{}
	for _, u := range set.URLs {
		mods[strings.TrimPrefix(u.Loc, "https://flashback.example")] = u.LastMod
	}
	stamp := e.UpdatedAt.UTC().Format("2006-01-02T15:04:05Z07:00")
	tests := []struct {
		name, path string
		listed     bool
		lastmod    string // "" for any
	}{
		{"Home", "/", true, stamp},
		{"DatePage", "/on/january/31", true, stamp},
		{"EmptyDatePage", "/on/june/17", true, ""},
		{"Year", "/year/1929", true, stamp},
		{"BCYear", "/year/44-bc", true, ""},
		{"Category", "/category/world-history", true, ""},
		{"Article", "/events/" + strconv.FormatInt(e.ID, 10) + "/" + e.Slug, true, stamp},
		{"NoDrafts", "/year/1929#draft", false, ""},
		{"NoAdmin", "/admin", false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mod, ok := mods[tc.path]
			if ok != tc.listed {
				t.Fatalf("listed %v, want %v", ok, tc.listed)
			}
			if tc.lastmod != "" && mod != tc.lastmod {
				t.Errorf("lastmod %q, want %q", mod, tc.lastmod)
			}
		})
	}
	if n := len(set.URLs); n != 1+366+1+3+6 {
		t.Errorf("%d URLs, want %d", n, 1+366+1+3+6)
	}
	for path := range mods {
		if strings.Contains(path, "draft") {
			t.Errorf("draft listed: %s", path)
		}
	}
}

func TestRobots(t *testing.T) {
	s, _ := yearSite(t)
	w := s.get("/robots.txt")
	if w.Code != 200 || w.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Fatalf("status %d, Content-Type %q", w.Code, w.Header().Get("Content-Type"))
	}
	mustContain(t, w.Body.String(), "User-agent: *\nAllow: /\n", "Disallow: /admin\n", "Disallow: /subscription/\n",
		"Sitemap: https://flashback.example/sitemap.xml\n")
}
