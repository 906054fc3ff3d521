package search

import (
	"net/http"
	"strconv"

	"flashback"
	fhttp "flashback/http"
	"flashback/site"
)

// apiResult is the JSON answer of /api/v1/search.
type apiResult struct {
	Query      apiQuery `json:"query"`
	Total      int      `json:"total"`
	TotalExact bool     `json:"total_exact"`
	Ranked     string   `json:"ranked"`
	Page       int      `json:"page"`
	HasMore    bool     `json:"has_more"`
	Next       string   `json:"next,omitempty"`
	Hits       []apiHit `json:"hits"`
}

type apiQuery struct {
	Q        string `json:"q"`
	Category string `json:"category,omitempty"`
	FromYear *int   `json:"from_year,omitempty"`
	ToYear   *int   `json:"to_year,omitempty"`
	Limit    int    `json:"limit"`
}

type apiHit struct {
	ID       int64   `json:"id"`
	URL      string  `json:"url"`
	Date     apiDate `json:"date"`
	Category string  `json:"category"`
	Headline string  `json:"headline"`
	Summary  string  `json:"summary"`
	// The marked forms are runs of text, matched or not, rather than
	// offsets, which JavaScript would count in other units than Go.
	HeadlineMarked []apiPart `json:"headline_marked"`
	Snippet        []apiPart `json:"snippet"`
	Rank           float64   `json:"rank"`
}

type apiDate struct {
	Year      *int   `json:"year"` // astronomical; null for observances without a year
	Month     int    `json:"month"`
	Day       int    `json:"day,omitempty"`
	Precision string `json:"precision"`
	Display   string `json:"display"`
}

type apiPart struct {
	Text string `json:"text"`
	Mark bool   `json:"mark,omitempty"`
}

// api serves /api/v1/search?q=&category=&from=&to=&page=&limit=. The
// API's Guard around it counts the request against the client's API
// limit; allow counts it as one of the client's searches, as on the page.
func (h *Handler) api(w http.ResponseWriter, r *http.Request) {
	if err := h.allow(r); err != nil {
		h.API.Problem(w, r, err)
		return
	}
	q, f, err := h.apiQuery(r)
	if err != nil {
		h.API.Problem(w, r, err)
		return
	}
	res, err := h.Search.Search(r.Context(), q)
	if err != nil {
		h.API.Problem(w, r, err)
		return
	}
	h.API.JSON(w, r, cacheAPI, h.encode(q, f, res))
}

// apiQuery reads the parameters; unlike the page, the API needs words.
func (h *Handler) apiQuery(r *http.Request) (flashback.SearchQuery, form, error) {
	v := r.URL.Query()
	f := readForm(v)
	if f.Q == "" {
		return flashback.SearchQuery{}, f, flashback.Errorf(flashback.EINVALID, "Give the words to search for as ?q=.")
	}
	if len(flashback.ParseSearch(f.Q)) == 0 {
		return flashback.SearchQuery{}, f, flashback.Errorf(flashback.EINVALID, "Give at least one word in ?q=: punctuation alone finds nothing.")
	}
	page, err := fhttp.PageParam(r)
	if err != nil {
		return flashback.SearchQuery{}, f, err
	}
	limit, err := limitParam(v)
	if err != nil {
		return flashback.SearchQuery{}, f, err
	}
	cats, err := h.Categories(r.Context())
	if err != nil {
		return flashback.SearchQuery{}, f, err
	}
	q, err := f.query(cats, page, limit)
	return q, f, err
}

func (h *Handler) encode(q flashback.SearchQuery, f form, res *flashback.SearchResult) apiResult {
	out := apiResult{
		Query: apiQuery{Q: q.Text, Category: q.Category, FromYear: q.FromYear, ToYear: q.ToYear, Limit: q.Limit},
		Total: res.Total, TotalExact: res.Exact, Ranked: ranked(res), Page: res.Page, HasMore: res.HasMore, Hits: []apiHit{},
	}
	if res.HasMore {
		v := f.values(res.Page + 1)
		if q.Limit != flashback.DefaultSearchLimit {
			v.Set("limit", strconv.Itoa(q.Limit))
		}
		out.Next = h.API.Abs(site.APISearch + "?" + v.Encode())
	}
	for _, hit := range res.Hits {
		e := hit.Event
		d := apiDate{Month: int(e.Date.Month), Day: e.Date.Day, Precision: e.Date.Precision.String(), Display: e.Date.String()}
		if e.Date.HasYear() {
			d.Year = &e.Date.Year
		}
		out.Hits = append(out.Hits, apiHit{
			ID: e.ID, URL: h.API.Abs(h.EventURL(e)), Date: d, Category: e.Category, Headline: e.Headline, Summary: e.Summary,
			HeadlineMarked: parts(hit.Headline), Snippet: parts(hit.Snippet), Rank: hit.Rank,
		})
	}
	return out
}

func parts(s flashback.Snippet) []apiPart {
	out := []apiPart{}
	for _, p := range s.Parts() {
		out = append(out, apiPart{Text: p.Text, Mark: p.Marked})
	}
	return out
}

// ranked names which matches a result's hits are the best of, as the
// search page says it in words.
func ranked(res *flashback.SearchResult) string {
	switch {
	case res.Exact:
		return "all"
	case res.HeadlinesCut:
		return "shortest_headlines"
	}
	return "headlines"
}
