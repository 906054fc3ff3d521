package api

import (
	"net/http"
	"time"

	"flashback"
	fhttp "flashback/http"
	"flashback/site"
)

type categoryJSON struct {
	Slug        string    `json:"slug"`
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	URL         string    `json:"url"`
	Feeds       feedsJSON `json:"feeds"`
}

type feedsJSON struct {
	RSS      string `json:"rss"`
	Atom     string `json:"atom"`
	Calendar string `json:"calendar"`
}

// categoryNamed finds slug among cats; an unlisted one is named by its slug.
func categoryNamed(cats []*flashback.Category, slug string) *flashback.Category {
	if c, ok := flashback.FindCategory(cats, slug); ok {
		return c
	}
	return &flashback.Category{Slug: slug, Name: slug}
}

func (h *Handler) category(c *flashback.Category) categoryJSON {
	return categoryJSON{
		Slug: c.Slug, Name: c.Name, Description: c.Description, URL: h.URLs.Abs(site.Category(c.Slug)),
		Feeds: feedsJSON{
			RSS:      h.URLs.Abs(site.Feed(c.Slug, site.RSS)),
			Atom:     h.URLs.Abs(site.Feed(c.Slug, site.Atom)),
			Calendar: h.URLs.Abs(site.Feed(c.Slug, site.Calendar)),
		},
	}
}

// categories serves /api/v1/categories, in page order.
func (h *Handler) categories(w http.ResponseWriter, r *http.Request) {
	cats, err := h.Events.Categories(r.Context())
	if err != nil {
		h.Problem(w, r, err)
		return
	}
	out := struct {
		Categories []categoryJSON `json:"categories"`
	}{Categories: make([]categoryJSON, 0, len(cats))}
	for _, c := range cats {
		out.Categories = append(out.Categories, h.category(c))
	}
	h.JSON(w, r, cacheContent, out)
}

// correctionsPerPage is the size of a page of the corrections log.
const correctionsPerPage = 50

type correctionJSON struct {
	ID       int64     `json:"id"`
	EventID  int64     `json:"event_id"`
	Headline string    `json:"headline"`
	Text     string    `json:"text"`
	At       time.Time `json:"at"`
	URL      string    `json:"url"`
}

type correctionsPage struct {
	Page        int              `json:"page"`
	Pages       int              `json:"pages"`
	Total       int              `json:"total"`
	PerPage     int              `json:"per_page"`
	Next        *string          `json:"next"`
	Prev        *string          `json:"prev"`
	Corrections []correctionJSON `json:"corrections"`
}

func (h *Handler) correction(c *flashback.Correction, e *flashback.Event) correctionJSON {
	if e == nil {
		e = &flashback.Event{ID: c.EventID, Slug: c.EventSlug, Headline: c.EventHeadline}
	}
	return correctionJSON{
		ID: c.ID, EventID: c.EventID, Headline: e.Headline, Text: c.Text, At: c.CreatedAt.UTC(),
		URL: h.URLs.Abs(site.Event(e)),
	}
}

// corrections serves /api/v1/corrections?page=N, newest first. The order
// is by id, which never changes and never repeats, so a new correction
// shifts later pages by one but never hides or doubles one within a page
// walk that starts again from page 1.
func (h *Handler) corrections(w http.ResponseWriter, r *http.Request) {
	page, err := fhttp.PageParam(r)
	if err != nil {
		h.Problem(w, r, err)
		return
	}
	list, total, err := h.Corrections.FindCorrections(r.Context(), flashback.CorrectionFilter{
		Offset: (page - 1) * correctionsPerPage, Limit: correctionsPerPage,
	})
	if err != nil {
		h.Problem(w, r, err)
		return
	}
	pages := max(1, (total+correctionsPerPage-1)/correctionsPerPage)
	if page > pages {
		h.Problem(w, r, flashback.Errorf(flashback.ENOTFOUND, "The corrections log has %d pages; there is no page %d.", pages, page))
		return
	}
	out := correctionsPage{Page: page, Pages: pages, Total: total, PerPage: correctionsPerPage, Corrections: []correctionJSON{}}
	for _, c := range list {
		out.Corrections = append(out.Corrections, h.correction(c, nil))
	}
	if page < pages {
		out.Next = h.pageLink(w, site.APICorrections(page+1), "next")
	}
	if page > 1 {
		out.Prev = h.pageLink(w, site.APICorrections(page-1), "prev")
	}
	h.JSON(w, r, cacheCorrections, out)
}

// pageLink is the absolute address of a list's page at path, also given
// in a Link header (RFC 8288) for clients that follow those.
func (h *Handler) pageLink(w http.ResponseWriter, path, rel string) *string {
	u := h.URLs.Abs(path)
	w.Header().Add("Link", "<"+u+">; rel=\""+rel+"\"")
	return &u
}
