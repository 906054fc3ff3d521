package api

import (
	"net/http"

	"flashback"
	fhttp "flashback/http"
	"flashback/site"
)

// editionPerPage is how many stories a page of an edition's lists holds,
// all its lists together: a day of the bundled corpus, or one synced from
// Wikipedia, fits on one page, while a site of millions of events sends a
// day of thousands in pages of some hundred kilobytes.
const editionPerPage = 200

// editionTypes are the {type}s of /api/v1/onthisday.
var editionTypes = []string{"all", "featured", "events", "births", "deaths", "holidays"}

// editionJSON is a date's edition, or the part of it one type asks for:
// a list is present only when asked for, and then always an array.
type editionJSON struct {
	Date     string        `json:"date"` // the calendar date told, "2026-01-31"
	Month    int           `json:"month"`
	Day      int           `json:"day"`
	LeapDay  bool          `json:"leap_day"` // 28 February of a common year, showing 29 February too
	URL      string        `json:"url"`
	Featured *featuredJSON `json:"featured"` // null when the day has no event to feature
	Events   *[]storyJSON  `json:"events,omitempty"`
	Births   *[]storyJSON  `json:"births,omitempty"`
	Deaths   *[]storyJSON  `json:"deaths,omitempty"`
	Holidays *[]storyJSON  `json:"holidays,omitempty"`
	Page     int           `json:"page"`
	Pages    int           `json:"pages"`
	Total    int           `json:"total"` // stories in the lists asked for, on every page
	PerPage  int           `json:"per_page"`
	Next     *string       `json:"next"`
	Prev     *string       `json:"prev"`
}

// onThisDay serves /api/v1/onthisday/{type}/{month}/{day}?page=N: the
// edition of that day in the site's current year, as the day's page shows
// it. The featured story also appears in its own list, so that each list
// is whole across the pages. The lists' stories are paged together in the
// page's order, which depends only on the events, so a walk of the pages
// meets each story once while the day's events stay as they are.
func (h *Handler) onThisDay(w http.ResponseWriter, r *http.Request) {
	page, err := fhttp.PageParam(r)
	if err != nil {
		h.Problem(w, r, err)
		return
	}
	kind, ed, err := h.edition(r, editionTypes)
	if err != nil {
		h.Problem(w, r, err)
		return
	}
	lists := map[string]*[]storyJSON{}
	for _, k := range []string{"events", "births", "deaths", "holidays"} {
		if kind == k || kind == "all" {
			lists[k] = &[]storyJSON{}
		}
	}
	var asked []flashback.Story
	for _, st := range editionStories(ed) {
		if lists[kindOf(st.Event.Category)] != nil {
			asked = append(asked, st)
		}
	}
	pages := max(1, (len(asked)+editionPerPage-1)/editionPerPage)
	if page > pages {
		h.Problem(w, r, flashback.Errorf(flashback.ENOTFOUND, "This day's lists have %d pages; there is no page %d.", pages, page))
		return
	}
	out := editionJSON{
		Date: ed.Date.String(), Month: int(ed.Day.Month), Day: ed.Day.Day, LeapDay: ed.LeapDay,
		URL: h.URLs.Abs(site.Date(ed.Day)), Featured: h.featured(ed.Lead),
		Events: lists["events"], Births: lists["births"], Deaths: lists["deaths"], Holidays: lists["holidays"],
		Page: page, Pages: pages, Total: len(asked), PerPage: editionPerPage,
	}
	for _, st := range asked[(page-1)*editionPerPage : min(len(asked), page*editionPerPage)] {
		l := lists[kindOf(st.Event.Category)]
		*l = append(*l, h.story(st))
	}
	if page < pages {
		out.Next = h.pageLink(w, site.APIEdition(kind, ed.Day, page+1), "next")
	}
	if page > 1 {
		out.Prev = h.pageLink(w, site.APIEdition(kind, ed.Day, page-1), "prev")
	}
	h.JSON(w, r, cacheContent, out)
}

// edition checks the route's {type} against types and reads the edition
// of its {month}/{day}.
func (h *Handler) edition(r *http.Request, types []string) (string, *flashback.Edition, error) {
	kind, err := listType(r.PathValue("type"), types)
	if err != nil {
		return "", nil, err
	}
	md, err := monthDay(r.PathValue("month"), r.PathValue("day"))
	if err != nil {
		return "", nil, err
	}
	ed, err := h.editions.Edition(r.Context(), flashback.CivilDate{Year: h.today().Year, Month: md.Month, Day: md.Day})
	return kind, ed, err
}

// editionStories lists every story of ed in page order, the lead first.
func editionStories(ed *flashback.Edition) []flashback.Story {
	out := make([]flashback.Story, 0, ed.Count)
	if ed.Lead != nil {
		out = append(out, ed.Lead.Story)
	}
	for _, s := range ed.Sections {
		out = append(out, s.Stories...)
	}
	return out
}
