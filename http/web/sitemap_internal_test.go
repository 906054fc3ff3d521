package web

import (
	"context"
	"encoding/xml"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"flashback"
	fhttp "flashback/http"
	"flashback/http/render"
)

// indexOnlyStore is a store of n published events that only a site map
// could read: it answers the index, categories and the content version.
type indexOnlyStore struct {
	flashback.EventStore // nil: any other call panics
	n                    int
}

func (s indexOnlyStore) EventIndex(_ context.Context, after int64, limit int) ([]flashback.EventStamp, error) {
	out := []flashback.EventStamp{}
	for i := int(after); i < s.n && len(out) < limit; i++ {
		out = append(out, flashback.EventStamp{ID: int64(i + 1), Slug: "e", Category: flashback.CategoryHistory,
			Date:      flashback.HistDate{Year: 1000 + i%1000, Month: time.January, Day: 1 + i%28},
			UpdatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)})
	}
	return out, nil
}

func (indexOnlyStore) Categories(context.Context) ([]*flashback.Category, error) {
	return []*flashback.Category{{Slug: flashback.CategoryHistory, Name: "World History"}}, nil
}

func (indexOnlyStore) ContentVersion(context.Context) (int64, error) { return 1, nil }

type sitemapDoc struct {
	XMLName xml.Name
	Items   []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:",any"`
}

// latest is the latest lastmod of the document's items (W3C datetimes in
// UTC, which sort as text).
func (d sitemapDoc) latest() string {
	l := ""
	for _, it := range d.Items {
		l = max(l, it.LastMod)
	}
	return l
}

func (d sitemapDoc) locs() []string {
	out := make([]string, len(d.Items))
	for i, it := range d.Items {
		out[i] = it.Loc
	}
	return out
}

// Past MaxURLs the site map becomes an index of parts, each within the
// limit, that together list every page once: the pages first, then the
// articles in runs read from the store when asked for.
func TestSitemap_SplitsIntoParts(t *testing.T) {
	const events = 100_001 // two full runs of articles and one of a single article
	rend, err := render.New(Templates())
	if err != nil {
		t.Fatal(err)
	}
	h := &Handler{Events: indexOnlyStore{n: events}, Render: rend, BaseURL: "https://x.example",
		Errors: &fhttp.Responder{Render: rend, Logger: slog.New(slog.DiscardHandler)}}
	mux := http.NewServeMux()
	h.Register(mux)
	get := func(path string) (int, sitemapDoc) {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		var d sitemapDoc
		if w.Code == 200 {
			if err := xml.Unmarshal(w.Body.Bytes(), &d); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
		}
		return w.Code, d
	}
	_, index := get("/sitemap.xml")
	if index.XMLName.Local != "sitemapindex" || len(index.locs()) != 4 {
		t.Fatalf("root %s with %d entries, want a sitemapindex of 4", index.XMLName.Local, len(index.locs()))
	}
	seen := map[string]bool{}
	for i, loc := range index.locs() {
		if want := "https://x.example/sitemaps/" + strconv.Itoa(i+1) + ".xml"; loc != want {
			t.Fatalf("part %d at %s, want %s", i+1, loc, want)
		}
		code, part := get(loc[len("https://x.example"):])
		if code != 200 || part.XMLName.Local != "urlset" || len(part.locs()) > 50_000 {
			t.Fatalf("part %d: status %d, %s of %d URLs", i+1, code, part.XMLName.Local, len(part.locs()))
		}
		if got, want := index.Items[i].LastMod, part.latest(); got != want || got == "" {
			t.Errorf("part %d dated %q in the index, its latest page %q", i+1, got, want)
		}
		for _, l := range part.locs() {
			if seen[l] {
				t.Fatalf("%s listed twice", l)
			}
			seen[l] = true
		}
	}
	if want := 1 + 366 + 1 + 1000 + events; len(seen) != want {
		t.Errorf("%d URLs in all, want %d", len(seen), want)
	}
	// Megabytes of site map stay out of the page cache, whose budget they
	// would blow, pushing every page out.
	if n := h.cache.Len(); n != 0 {
		t.Errorf("%d site map files in the page cache", n)
	}
	for _, path := range []string{"/sitemaps/5.xml", "/sitemaps/0.xml", "/sitemaps/01.xml", "/sitemaps/1", "/sitemaps/x.xml"} {
		if code, _ := get(path); code != 404 {
			t.Errorf("%s: status %d, want 404", path, code)
		}
	}
}
