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

func (h *Handler) sitemapBody(ctx context.Context, n int) ([]byte, error) {
	urls, err := h.sitemapURLs(ctx)
	if err != nil {
		return nil, err
	}
	parts := (len(urls) + sitemap.MaxURLs - 1) / sitemap.MaxURLs
	switch {
	case n == 0 && parts <= 1:
		return sitemap.URLSet(urls), nil
	case n == 0:
		index := make([]sitemap.URL, parts)
		for i := range index {
			part := urls[i*sitemap.MaxURLs : min(len(urls), (i+1)*sitemap.MaxURLs)]
			index[i] = sitemap.URL{Loc: h.BaseURL + "/sitemaps/" + strconv.Itoa(i+1) + ".xml", LastMod: latest(part)}
		}
		return sitemap.Index(index), nil
	case parts > 1 && n <= parts:
		return sitemap.URLSet(urls[(n-1)*sitemap.MaxURLs : min(len(urls), n*sitemap.MaxURLs)]), nil
	}
	return nil, flashback.Errorf(flashback.ENOTFOUND, "The site map has %s; /sitemap.xml lists them.", flashback.Plural(max(parts, 1), "part", "parts"))
}

// sitemapURLs lists the pages a search engine should know, each dated by
// the latest change of the events it shows: the home page, the 366 date
// pages, categories, years and articles.
func (h *Handler) sitemapURLs(ctx context.Context) ([]sitemap.URL, error) {
	ix, err := h.siteIndex(ctx)
	if err != nil {
		return nil, err
	}
	cats, err := h.Events.Categories(ctx)
	if err != nil {
		return nil, err
	}
	var all time.Time
	days := map[flashback.MonthDay]time.Time{}
	years := map[int]time.Time{}
	byCat := map[string]time.Time{}
	articles := make([]sitemap.URL, 0, len(ix.stamps))
	for _, st := range ix.stamps {
		t := st.UpdatedAt
		all = later(all, t)
		if st.Date.OnDatePages() {
			days[st.Date.MonthDay()] = later(days[st.Date.MonthDay()], t)
		}
		if st.Date.HasYear() {
			years[st.Date.Year] = later(years[st.Date.Year], t)
		}
		byCat[st.Category] = later(byCat[st.Category], t)
		articles = append(articles, sitemap.URL{Loc: h.BaseURL + site.Article(st.ID, st.Slug), LastMod: t})
	}
	urls := make([]sitemap.URL, 0, 1+366+len(cats)+len(ix.years)+len(articles))
	urls = append(urls, sitemap.URL{Loc: h.BaseURL + "/", LastMod: all})
	for _, md := range flashback.AllMonthDays() {
		urls = append(urls, sitemap.URL{Loc: h.BaseURL + site.Date(md), LastMod: days[md]})
	}
	for _, c := range cats {
		if t, ok := byCat[c.Slug]; ok {
			urls = append(urls, sitemap.URL{Loc: h.BaseURL + "/category/" + c.Slug, LastMod: t})
		}
	}
	for _, y := range ix.years {
		urls = append(urls, sitemap.URL{Loc: h.BaseURL + site.Year(y), LastMod: years[y]})
	}
	return append(urls, articles...), nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func latest(urls []sitemap.URL) time.Time {
	var t time.Time
	for _, u := range urls {
		t = later(t, u.LastMod)
	}
	return t
}
