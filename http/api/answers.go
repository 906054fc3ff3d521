package api

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	fhttp "flashback/http"
	"flashback/http/cache"
)

// Answers are kept ready to send in an answer cache, as the pages are
// (http/cache): encoded and compressed once, then served to every client
// that asks, in the coding it asks for, with a 304 for a copy it has. The
// cache drops everything when the stored content changes.

// Bounds of the answer cache: a year of days in both edition shapes fits
// several times over.
const (
	answerEntries = 2048
	answerBytes   = 8 << 20
)

var (
	jsonType     = []string{"application/json"}
	varyEncoding = []string{"Accept-Encoding"}
)

// keepKey marks, in the context of a request the cache could not answer,
// where JSON is to keep the answer built for it.
type keepKey struct{}

type keep struct {
	key   string
	ver   int64        // the content version the answer is built from
	entry *cache.Entry // the answer built, for requests that waited for it
}

// cached answers a route from the answer cache; on a miss, next builds
// the answer and JSON keeps it. Only routes whose answer depends on
// nothing but the path and the stored content may be cached: the key is
// the path, with the site's date, in whose year editions are told and to
// which years ago count. A query is not part of it, so that a client
// cannot fill the cache, and push out what others read, by sending one
// answer's address with queries that change nothing.
func (h *Handler) cached(next http.HandlerFunc) http.HandlerFunc {
	return h.cache(next, false)
}

// cachedPages is cached for a route paged by ?page=N, which joins the key
// as the number it reads: ?page=01, ?page=1 and no page are one answer.
func (h *Handler) cachedPages(next http.HandlerFunc) http.HandlerFunc {
	return h.cache(next, true)
}

func (h *Handler) cache(next http.HandlerFunc, paged bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		page := 0
		if paged && r.URL.RawQuery == "" {
			page = 1 // without parsing the query, which allocates
		} else if paged {
			var err error
			if page, err = fhttp.PageParam(r); err != nil {
				next(w, r) // which says what is wrong with it
				return
			}
		}
		key := h.answerKey(make([]byte, 0, 128), r, page)
		if e := h.answers.Get(r.Context(), key); e != nil {
			e.Serve(w, r)
			return
		}
		k := &keep{key: string(key), ver: h.answers.Version()}
		miss := r.WithContext(context.WithValue(r.Context(), keepKey{}, k))
		// Misses of one answer at once wait for the first to build it
		// (cache.Fill says why) and send what it built, kept or not (the
		// content may have moved meanwhile, as it does on the first
		// requests after a start); after an error each tries for itself.
		built := false
		v, _, _ := h.building.Do(strconv.FormatInt(k.ver, 10)+" "+k.key, func() (any, error) {
			built = true
			next(w, miss)
			return k.entry, nil
		})
		if built {
			return
		}
		if e, _ := v.(*cache.Entry); e != nil {
			e.Serve(w, r)
			return
		}
		next(w, miss)
	}
}

// CacheStats reports how many requests the answer cache has answered
// (hits) and how many it sent to be built (misses) since Register. It is
// cheap enough to call at every metrics scrape.
func (h *Handler) CacheStats() (hits, misses uint64) {
	if h.answers == nil {
		return 0, 0
	}
	return h.answers.Stats()
}

// answerKey builds the cache key of r, on its page if above 0, in buf,
// which the caller keeps on its stack: a hit then allocates nothing.
func (h *Handler) answerKey(buf []byte, r *http.Request, page int) []byte {
	buf = append(buf, r.URL.Path...)
	if page > 0 {
		buf = append(buf, "?page="...)
		buf = strconv.AppendInt(buf, int64(page), 10)
	}
	buf = append(buf, '|')
	d := h.today()
	return strconv.AppendInt(buf, int64(d.Year)*10000+int64(d.Month)*100+int64(d.Day), 10)
}

// answer prepares body to be sent to r under cacheControl, with the Link
// headers the route set, and keeps it when r is a cache miss.
func (h *Handler) answer(w http.ResponseWriter, r *http.Request, cacheControl string, body []byte) *cache.Entry {
	p := cache.Policy{CacheControl: []string{cacheControl}, Vary: varyEncoding}
	var extra []cache.Header
	if links := w.Header()["Link"]; links != nil {
		extra = append(extra, cache.Header{Name: "Link", Value: slices.Clone(links)})
	}
	k, _ := r.Context().Value(keepKey{}).(*keep)
	if k == nil {
		return cache.NewEntryFor(r, body, jsonType, time.Now(), p, extra...)
	}
	e := cache.NewEntry(body, jsonType, time.Now(), p, extra...)
	h.answers.Put(k.key, e, k.ver)
	k.entry = e
	return e
}
