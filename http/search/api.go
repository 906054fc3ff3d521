package search

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"flashback"
	fhttp "flashback/http"
)

// apiResult is the JSON answer of /api/v1/search.
type apiResult struct {
	Query      apiQuery `json:"query"`
	Total      int      `json:"total"`
	TotalExact bool     `json:"total_exact"`
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

// api serves /api/v1/search?q=&category=&from=&to=&page=&limit=.
func (h *Handler) api(w http.ResponseWriter, r *http.Request) {
	cors(w)
	if err := h.allow(r); err != nil {
		h.problem(w, r, err)
		return
	}
	q, f, err := h.apiQuery(r)
	if err != nil {
		h.problem(w, r, err)
		return
	}
	res, err := h.Search.Search(r.Context(), q)
	if err != nil {
		h.problem(w, r, err)
		return
	}
	body, err := json.Marshal(h.encode(q, f, res))
	if err != nil {
		h.problem(w, r, err)
		return
	}
	h.sendJSON(w, r, body)
}

// apiQuery reads the parameters; unlike the page, the API needs words.
func (h *Handler) apiQuery(r *http.Request) (flashback.SearchQuery, form, error) {
	v := r.URL.Query()
	f := readForm(v)
	if f.Q == "" {
		return flashback.SearchQuery{}, f, flashback.Errorf(flashback.EINVALID, "Give the words to search for as ?q=.")
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
		Total: res.Total, TotalExact: res.Exact, Page: res.Page, HasMore: res.HasMore, Hits: []apiHit{},
	}
	if res.HasMore {
		v := f.values(res.Page + 1)
		if q.Limit != flashback.DefaultSearchLimit {
			v.Set("limit", strconv.Itoa(q.Limit))
		}
		out.Next = "/api/v1/search?" + v.Encode()
	}
	for _, hit := range res.Hits {
		e := hit.Event
		d := apiDate{Month: int(e.Date.Month), Day: e.Date.Day, Precision: e.Date.Precision.String(), Display: e.Date.String()}
		if e.Date.HasYear() {
			d.Year = &e.Date.Year
		}
		out.Hits = append(out.Hits, apiHit{
			ID: e.ID, URL: h.EventURL(e), Date: d, Category: e.Category, Headline: e.Headline, Summary: e.Summary,
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

// sendJSON answers with body, or with 304 when the client holds it
// already. The ETag is a digest of the body, so it changes exactly when
// the answer does, whatever the reason.
func (h *Handler) sendJSON(w http.ResponseWriter, r *http.Request, body []byte) {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	hdr := w.Header()
	hdr.Set("ETag", etag)
	hdr.Set("Cache-Control", "public, max-age=60")
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hdr.Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// etagMatches applies If-None-Match (RFC 9110, 13.1.2): a list of tags,
// compared weakly, or "*".
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// problem answers with an RFC 9457 problem document. Internal errors are
// logged and described to the client only as such.
func (h *Handler) problem(w http.ResponseWriter, r *http.Request, err error) {
	status := fhttp.FormStatus(w, err) // sets Retry-After for 429
	detail := flashback.ErrorMessage(err)
	if status == http.StatusInternalServerError {
		h.Logger.Error("search api: internal error", "path", r.URL.Path, "err", err)
		detail = "Something went wrong on our side; please try again in a little while."
	}
	body, _ := json.Marshal(map[string]any{
		"type": "about:blank", "title": http.StatusText(status), "status": status, "detail": detail,
	})
	hdr := w.Header()
	hdr.Set("Content-Type", "application/problem+json")
	hdr.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(body)
}

// cors lets pages on any site read the API's answers: they are public
// and need no credentials.
func cors(w http.ResponseWriter) {
	hdr := w.Header()
	hdr.Set("Access-Control-Allow-Origin", "*")
	hdr.Set("Access-Control-Expose-Headers", "ETag, Retry-After")
}

// preflight answers a browser's CORS preflight for GET.
func (h *Handler) preflight(w http.ResponseWriter, r *http.Request) {
	cors(w)
	hdr := w.Header()
	hdr.Set("Access-Control-Allow-Methods", "GET, HEAD")
	hdr.Set("Access-Control-Allow-Headers", "If-None-Match")
	hdr.Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
}
