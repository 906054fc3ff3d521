package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"flashback"
	fhttp "flashback/http"
	"flashback/http/render"
	"flashback/site"
)

// categoryPageSize is the number of events per category page.
const categoryPageSize = 30

// categoryData is what the "category" template shows.
type categoryData struct {
	Category *flashback.Category
	Cards    []card
	Total    int
	pager
}

// category serves /category/{slug}?page=N: its events in date order.
func (h *Handler) category(w http.ResponseWriter, r *http.Request) {
	// Past the last page is a 404 that says how many there are
	// (categoryPage); only a malformed number is the reader's error.
	page, err := fhttp.PageParam(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	rcv, err := h.reader(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	rc := &rcv
	slug := r.PathValue("slug")
	if lower := strings.ToLower(slug); lower != slug {
		// Slugs are lower case; /category/Music is a reader's typing.
		http.Redirect(w, r, site.CategoryPage(lower, page), http.StatusMovedPermanently)
		return
	}
	key := rc.cacheKey(make([]byte, 0, 128), r.URL.Path+"?page="+strconv.Itoa(page))
	h.serveCached(w, r, key, private, func(ctx context.Context) (*render.Page, string, error) {
		return h.categoryPage(ctx, rc, slug, page)
	})
}

func (h *Handler) categoryPage(ctx context.Context, rc *readerContext, slug string, page int) (*render.Page, string, error) {
	cat, err := h.findCategory(ctx, slug)
	if err != nil {
		return nil, "", err
	}
	events, total, err := h.Events.FindEvents(ctx, flashback.EventFilter{
		Category: slug, Offset: (page - 1) * categoryPageSize, Limit: categoryPageSize,
	})
	if err != nil {
		return nil, "", err
	}
	pg, ok := newPager(total, categoryPageSize, page, func(n int) string { return site.CategoryPage(slug, n) })
	if !ok {
		return nil, "", flashback.Errorf(flashback.ENOTFOUND, "%s has %s; there is no page %d.", cat.Name, flashback.Plural(pg.Pages, "page", "pages"), page)
	}
	d := &categoryData{Category: cat, Total: total, pager: pg}
	for _, e := range events {
		d.Cards = append(d.Cards, newCard(e, rc.today))
	}
	path, title := site.Category(slug), cat.Name
	if page > 1 {
		path, title = site.CategoryPage(slug, page), cat.Name+" (page "+strconv.Itoa(page)+")"
	}
	p := h.pageFor(rc, path, title, cat.Description, "categories", d)
	p.FeedCategory = cat.Slug
	return p, "category", nil
}

func (h *Handler) findCategory(ctx context.Context, slug string) (*flashback.Category, error) {
	cats, err := h.Events.Categories(ctx)
	if err != nil {
		return nil, err
	}
	if c, ok := flashback.FindCategory(cats, slug); ok {
		return c, nil
	}
	return nil, flashback.Errorf(flashback.ENOTFOUND, "There is no category %q.", truncate(slug, 60))
}

// categories serves /categories, the index of categories.
func (h *Handler) categories(w http.ResponseWriter, r *http.Request) {
	rcv, err := h.reader(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	rc := &rcv
	h.serveCached(w, r, rc.cacheKey(make([]byte, 0, 128), r.URL.Path), private, func(ctx context.Context) (*render.Page, string, error) {
		cats, err := h.Events.Categories(ctx)
		if err != nil {
			return nil, "", err
		}
		return h.pageFor(rc, "/categories", "Categories", "Browse history by category.", "categories", cats), "categories", nil
	})
}
