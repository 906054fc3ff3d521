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

// yearPageSize bounds one page of a year's events: a busy year of a large
// corpus has thousands.
const yearPageSize = 200

// yearData is what the "year" template shows.
type yearData struct {
	Year   string // "44 BC"
	Groups []yearGroup
	Total  int
	pager
	// Julian: some events are dated in the Julian calendar, whose dates
	// the list gives with their Gregorian equivalents.
	Julian bool
}

// yearGroup is the events of one month, or those known only by the year.
type yearGroup struct {
	Heading string // "January", or "Sometime in 44 BC"
	Items   []yearItem
}

type yearItem struct {
	DateLine string // with the Gregorian equivalent of a Julian date
	Headline string
	URL      string
	Category group
}

// year serves /year/{year}: what happened in that year, by date. Years are
// written "1929" and "44-bc"; other spellings ParseYear knows ("-43",
// "44 BC", "AD 79") redirect there, and anything else is a 400.
func (h *Handler) year(w http.ResponseWriter, r *http.Request) {
	y, err := parseYearParam(r.PathValue("year"))
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if p := site.Year(y); p != r.URL.Path {
		http.Redirect(w, r, p, http.StatusMovedPermanently)
		return
	}
	page, err := fhttp.PageParam(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	rc, err := h.sharedReader(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	key := rc.cacheKey(make([]byte, 0, 128), r.URL.Path+"?page="+strconv.Itoa(page))
	if h.fromCache(w, r, key) {
		return
	}
	v := h.cache.Version()
	p, err := h.yearPage(r.Context(), rc, y, page)
	if err != nil {
		h.yearError(w, r, y, err)
		return
	}
	h.renderAndCache(w, r, key, v, "year", p, shared)
}

// parseYearParam reads the path's year: "44-bc" is the URL form of 44 BC.
func parseYearParam(s string) (int, error) {
	lower := strings.ToLower(s)
	for _, era := range []string{"-bce", "-bc"} {
		if rest, ok := strings.CutSuffix(lower, era); ok {
			return flashback.ParseYear(rest + " BC")
		}
	}
	return flashback.ParseYear(s)
}

func (h *Handler) yearPage(ctx context.Context, rc *readerContext, y, page int) (*render.Page, error) {
	events, total, err := h.Events.FindEvents(ctx, flashback.EventFilter{
		Year: &y, Offset: (page - 1) * yearPageSize, Limit: yearPageSize,
	})
	if err != nil {
		return nil, err
	}
	name := flashback.FormatYear(y)
	if total == 0 {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "We have no events of %s yet.", name)
	}
	pg, ok := newPager(total, yearPageSize, page, func(n int) string { return site.Year(y) + "?page=" + strconv.Itoa(n) })
	if !ok {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "%s has %s, on %s.", name, flashback.Plural(total, "event", "events"), flashback.Plural(pg.Pages, "page", "pages"))
	}
	names, err := h.categoryNames(ctx)
	if err != nil {
		return nil, err
	}
	d := &yearData{Year: name, Total: total, pager: pg}
	for _, e := range events {
		heading := "Sometime in " + name
		if e.Date.Month != 0 {
			heading = e.Date.Month.String()
		}
		if n := len(d.Groups); n == 0 || d.Groups[n-1].Heading != heading {
			d.Groups = append(d.Groups, yearGroup{Heading: heading})
		}
		g := &d.Groups[len(d.Groups)-1]
		g.Items = append(g.Items, yearItem{DateLine: e.Date.DateLine(), Headline: e.Headline, URL: site.Event(e),
			Category: group{Slug: e.Category, Name: names[e.Category]}})
		d.Julian = d.Julian || e.Date.Calendar == flashback.Julian
	}
	desc := "What happened in " + name + ": " + flashback.Plural(total, "event", "events") + " by date."
	return h.pageFor(rc, site.Year(y), name+" in history", desc, "", d), nil
}

// yearError answers a year page that could not be built. A year without
// events points to the nearest years that have some.
func (h *Handler) yearError(w http.ResponseWriter, r *http.Request, y int, err error) {
	if flashback.ErrorCode(err) != flashback.ENOTFOUND {
		h.Errors.Error(w, r, err)
		return
	}
	var links []render.Link
	if ix, ierr := h.siteIndex(r.Context()); ierr == nil {
		before, okBefore, after, okAfter := ix.nearestYears(y)
		if okBefore {
			links = append(links, yearLink(before))
		}
		if okAfter {
			links = append(links, yearLink(after))
		}
	}
	h.Errors.Error(w, r, err, append(links, render.Link{URL: "/", Text: "Today in history"})...)
}

func yearLink(y int) render.Link {
	return render.Link{URL: site.Year(y), Text: flashback.FormatYear(y)}
}

// categoryNames maps each category's slug to its name.
func (h *Handler) categoryNames(ctx context.Context) (map[string]string, error) {
	cats, err := h.Events.Categories(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(cats))
	for _, c := range cats {
		names[c.Slug] = c.Name
	}
	return names, nil
}
