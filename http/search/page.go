package search

import (
	"net/http"

	"flashback"
	fhttp "flashback/http"
	"flashback/http/render"
)

// pageData is what the "search" template shows.
type pageData struct {
	Form       form
	Categories []*flashback.Category
	Error      string // why the query was refused, shown above the form
	NoWords    bool   // the reader typed something without a single word
	Result     *flashback.SearchResult
	Hits       []hitView
	First      int // positions of the first and last hits shown, from 1
	Last       int
	Prev, Next string // links to neighbouring pages, empty at the ends
	// Unfiltered is the same search without its filters, offered when a
	// filtered search finds nothing.
	Unfiltered string
}

type hitView struct {
	URL, Date, Category string
	Headline, Snippet   flashback.Snippet
}

// page serves /search?q=&category=&from=&to=&page=.
func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	if err := h.allow(r); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	cats, err := h.Categories(r.Context())
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	d := &pageData{Form: readForm(r.URL.Query()), Categories: cats}
	page, err := fhttp.PageParam(r)
	if err != nil {
		h.render(w, r, d, err)
		return
	}
	q, err := d.Form.query(cats, page, 0)
	if err != nil || d.Form.Q == "" {
		h.render(w, r, d, err)
		return
	}
	if d.NoWords = len(flashback.ParseSearch(q.Text)) == 0; d.NoWords {
		h.render(w, r, d, nil)
		return
	}
	if d.Result, err = h.Search.Search(r.Context(), q); err != nil {
		h.render(w, r, d, err)
		return
	}
	h.fill(d, cats, q)
	h.render(w, r, d, nil)
}

// fill turns the result into what the page shows.
func (h *Handler) fill(d *pageData, cats []*flashback.Category, q flashback.SearchQuery) {
	names := map[string]string{}
	for _, c := range cats {
		names[c.Slug] = c.Name
	}
	for _, hit := range d.Result.Hits {
		d.Hits = append(d.Hits, hitView{
			URL: h.EventURL(hit.Event), Date: hit.Event.Date.String(), Category: names[hit.Event.Category],
			Headline: hit.Headline, Snippet: hit.Snippet,
		})
	}
	d.First = (q.Page-1)*q.Limit + 1
	d.Last = d.First + len(d.Hits) - 1
	if q.Page > 1 {
		d.Prev = "/search?" + d.Form.values(prevPage(q.Page, q.Limit, d.Result)).Encode()
	}
	if d.Result.HasMore {
		d.Next = "/search?" + d.Form.values(q.Page+1).Encode()
	}
	if len(d.Hits) == 0 && (d.Form.Category != "" || d.Form.From != "" || d.Form.To != "") {
		d.Unfiltered = "/search?" + form{Q: d.Form.Q}.values(1).Encode()
	}
}

// prevPage is the page the link back from page leads to: the one before
// it, or, from past the end of the results (an old link, a hand-typed
// number), the last page that holds any, rather than another empty one.
func prevPage(page, limit int, res *flashback.SearchResult) int {
	if len(res.Hits) > 0 {
		return page - 1
	}
	return max(1, min(page-1, (res.Total+limit-1)/limit))
}

// render sends the page; a refused query (EINVALID) is shown on it with
// status 400, anything else goes to the error page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, d *pageData, err error) {
	status := http.StatusOK
	if err != nil {
		if flashback.ErrorCode(err) != flashback.EINVALID {
			h.Errors.Error(w, r, err)
			return
		}
		status, d.Error = http.StatusBadRequest, flashback.ErrorMessage(err)
	}
	title := "Search"
	if d.Form.Q != "" {
		title = "Search: " + d.Form.Q
	}
	// Result pages are many and thin: keep them out of search engines.
	w.Header().Set("X-Robots-Tag", "noindex")
	// Told in the reader's zone, as the today page is: no shared cache
	// keeps it, and a browser asks again.
	w.Header().Set("Cache-Control", "private, no-cache")
	p := &render.Page{Title: title, Description: "Search the history Flashback remembers.", Nav: "search", Zone: fhttp.ReaderZoneOr(r, h.DefaultZone), Data: d}
	if err := h.Render.WriteCompressed(w, r, status, "search", p); err != nil {
		h.Errors.Error(w, r, err)
	}
}
