package api

import (
	"net/http"

	"flashback"
	"flashback/site"
)

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
}

// onThisDay serves /api/v1/onthisday/{type}/{month}/{day}: the edition of
// that day in the site's current year, as the day's page shows it. The
// featured story also appears in its own list, so that each list is whole.
func (h *Handler) onThisDay(w http.ResponseWriter, r *http.Request) {
	kind, ed, err := h.edition(r, editionTypes)
	if err != nil {
		h.Problem(w, r, err)
		return
	}
	out := editionJSON{
		Date: ed.Date.String(), Month: int(ed.Day.Month), Day: ed.Day.Day, LeapDay: ed.LeapDay,
		URL: h.URLs.Abs(site.Date(ed.Day)), Featured: h.featured(ed.Lead),
	}
	lists := map[string]*[]storyJSON{}
	for _, k := range []string{"events", "births", "deaths", "holidays"} {
		if kind == k || kind == "all" {
			lists[k] = &[]storyJSON{}
		}
	}
	out.Events, out.Births, out.Deaths, out.Holidays = lists["events"], lists["births"], lists["deaths"], lists["holidays"]
	for _, st := range editionStories(ed) {
		if l := lists[kindOf(st.Event.Category)]; l != nil {
			*l = append(*l, h.story(st))
		}
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
