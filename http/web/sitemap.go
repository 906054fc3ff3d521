package web

import (
	"context"
	"flashback/http/cache"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"flashback"
	"flashback/http/sitemap"
	"flashback/site"
)

var xmlType = []string{"application/xml; charset=utf-8"}

// sitemapIndex serves /sitemap.xml: every date page, category, year and
// article, with when its content last changed. A site with more URLs than
// one sitemap may hold gets an index of parts, /sitemaps/1.xml and on.
func (h *Handler) sitemapIndex(w http.ResponseWriter, r *http.Request) {
	h.serveSitemap(w, r, 0)
}

// sitemapPart serves /sitemaps/{n}.xml, the n-th part of a large site's map.
func (h *Handler) sitemapPart(w http.ResponseWriter, r *http.Request) {
	n, ok := parseSitemapPart(r.PathValue("file"))
	if !ok {
		h.Errors.Error(w, r, flashback.Errorf(flashback.ENOTFOUND, "There is no such part of the site map; /sitemap.xml lists them."))
		return
	}
	h.serveSitemap(w, r, n)
}

// parseSitemapPart reads "12.xml", the file name of part 12, in the one
// spelling the index gives it: no sign, no leading zero.
func parseSitemapPart(file string) (int, bool) {
	num, ok := strings.CutSuffix(file, ".xml")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || n < 1 || strconv.Itoa(n) != num {
		return 0, false
	}
	return n, true
}

// serveSitemap serves the index (part 0) or part n, compressed once per
// content version.
func (h *Handler) serveSitemap(w http.ResponseWriter, r *http.Request, n int) {
	ver, err := h.Events.ContentVersion(r.Context())
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if e := h.sitemaps.get(ver, n); e != nil {
		e.Serve(w, r)
		return
	}
	body, err := h.sitemapBody(r.Context(), n)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	e := cache.NewEntry(body, xmlType, time.Now(), shared)
	h.sitemaps.put(ver, n, e)
	e.Serve(w, r)
}

// sitemapCache keeps the site map's files apart from the page cache: one
// part of a large site is megabytes, and the page cache keeps even a single
// entry over its budget, so a crawler reading the map would push every
// page out. A few parts are kept; crawlers read them one after another.
type sitemapCache struct {
	mu    sync.Mutex
	ver   int64
	parts map[int]*cache.Entry
}

const sitemapCacheParts = 3

func (c *sitemapCache) get(ver int64, n int) *cache.Entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ver != ver {
		return nil
	}
	return c.parts[n]
}

func (c *sitemapCache) put(ver int64, n int, e *cache.Entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ver != ver || c.parts == nil {
		c.ver, c.parts = ver, map[int]*cache.Entry{}
	}
	if len(c.parts) >= sitemapCacheParts {
		clear(c.parts) // simplest fair bound: parts are read in turn
	}
	c.parts[n] = e
}

// sitemapBody writes part n of the site map, the index when n is 0. A
// site within one file's MaxURLs gets one file; a larger one an index of
// parts: the first lists the home page, dates, categories and years (some
// thousands at most), the others the articles, MaxURLs each, read from the
// store when asked for.
func (h *Handler) sitemapBody(ctx context.Context, n int) ([]byte, error) {
	ix, err := h.siteIndex(ctx)
	if err != nil {
		return nil, err
	}
	pages, err := h.sitemapPages(ctx, ix)
	if err != nil {
		return nil, err
	}
	if len(pages)+ix.articles <= sitemap.MaxURLs {
		if n != 0 {
			return nil, flashback.Errorf(flashback.ENOTFOUND, "The site map is one file, /sitemap.xml.")
		}
		// Within the limit even if events were published since the index.
		articles, err := h.sitemapArticles(ctx, 0, sitemap.MaxURLs-len(pages))
		if err != nil {
			return nil, err
		}
		return sitemap.URLSet(append(pages, articles...)), nil
	}
	parts := 1 + len(ix.runs)
	switch {
	case n == 0:
		index := []sitemap.URL{{Loc: h.sitemapPartURL(1), LastMod: ix.all}}
		for i, run := range ix.runs {
			index = append(index, sitemap.URL{Loc: h.sitemapPartURL(i + 2), LastMod: run.lastMod})
		}
		return sitemap.Index(index), nil
	case n == 1:
		return sitemap.URLSet(pages), nil
	case n <= parts:
		run := ix.runs[n-2]
		articles, err := h.sitemapArticles(ctx, run.after, run.count)
		if err != nil {
			return nil, err
		}
		return sitemap.URLSet(articles), nil
	}
	return nil, flashback.Errorf(flashback.ENOTFOUND, "The site map has %s; /sitemap.xml lists them.", flashback.Plural(parts, "part", "parts"))
}

func (h *Handler) sitemapPartURL(n int) string {
	return h.BaseURL + "/sitemaps/" + strconv.Itoa(n) + ".xml"
}

// sitemapPages lists the pages other than articles a search engine should
// know, each dated by the latest change of the events it shows: the home
// page, the 366 date pages, categories and years.
func (h *Handler) sitemapPages(ctx context.Context, ix *siteIndex) ([]sitemap.URL, error) {
	cats, err := h.Events.Categories(ctx)
	if err != nil {
		return nil, err
	}
	urls := make([]sitemap.URL, 0, 1+366+len(cats)+len(ix.years))
	urls = append(urls, sitemap.URL{Loc: h.BaseURL + "/", LastMod: ix.all})
	for _, md := range flashback.AllMonthDays() {
		urls = append(urls, sitemap.URL{Loc: h.BaseURL + site.Date(md), LastMod: ix.days[md]})
	}
	for _, c := range cats {
		if t, ok := ix.catMod[c.Slug]; ok {
			urls = append(urls, sitemap.URL{Loc: h.BaseURL + "/category/" + c.Slug, LastMod: t})
		}
	}
	for _, y := range ix.years {
		urls = append(urls, sitemap.URL{Loc: h.BaseURL + site.Year(y), LastMod: ix.yearMod[y]})
	}
	return urls, nil
}

// sitemapArticles lists the articles of up to limit published events
// after id after.
func (h *Handler) sitemapArticles(ctx context.Context, after int64, limit int) ([]sitemap.URL, error) {
	stamps, err := h.eventStamps(ctx, after, limit)
	if err != nil {
		return nil, err
	}
	urls := make([]sitemap.URL, len(stamps))
	for i, st := range stamps {
		urls[i] = sitemap.URL{Loc: h.BaseURL + site.Article(st.ID, st.Slug), LastMod: st.UpdatedAt}
	}
	return urls, nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
