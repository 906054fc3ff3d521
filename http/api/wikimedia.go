package api

import (
	"cmp"
	"html"
	"net/http"
	"slices"
	"strings"

	"flashback"
	"flashback/site"
)

// wikimediaTypes are the {type}s of Wikipedia's on-this-day feed.
var wikimediaTypes = []string{"all", "selected", "births", "deaths", "events", "holidays"}

// wikiEntry is one item of a feed list in Wikimedia's shape. Year uses the
// feed's historical numbering (44 BC is -44, there is no year 0) and is
// absent from holidays, as there.
type wikiEntry struct {
	Text  string     `json:"text"`
	Year  *int       `json:"year,omitempty"`
	Pages []wikiPage `json:"pages"`
}

// wikiPage is the part of a Wikipedia page summary that feed clients read,
// describing the Flashback article instead.
type wikiPage struct {
	Type            string     `json:"type"`
	Title           string     `json:"title"`
	DisplayTitle    string     `json:"displaytitle"`
	NormalizedTitle string     `json:"normalizedtitle"`
	Titles          wikiTitles `json:"titles"`
	Extract         string     `json:"extract"`
	ContentURLs     wikiURLs   `json:"content_urls"`
}

type wikiTitles struct {
	Canonical  string `json:"canonical"`
	Normalized string `json:"normalized"`
	Display    string `json:"display"`
}

type wikiURLs struct {
	Desktop wikiLink `json:"desktop"`
	Mobile  wikiLink `json:"mobile"`
}

type wikiLink struct {
	Page string `json:"page"`
}

// extractWords bounds the extract taken from an article's opening.
const extractWords = 60

// wikimediaFeed serves /api/v1/feed/onthisday/{type}/{month}/{day} in the
// shape of Wikipedia's feed, so that its clients can read a Flashback
// site unchanged. "selected" is the featured story and the events a
// source marked as selected; events without a year, which that shape
// cannot hold outside holidays, are left out, and so are 29 February's on
// 28 February of a common year, which the shape cannot mark (its clients
// would tell them as 28 February's: they ask for 02/29 themselves). Lists
// run newest first, as Wikipedia's do.
func (h *Handler) wikimediaFeed(w http.ResponseWriter, r *http.Request) {
	kind, ed, err := h.edition(r, wikimediaTypes)
	if err != nil {
		h.Problem(w, r, err)
		return
	}
	out := map[string][]wikiEntry{}
	for _, k := range wikimediaTypes[1:] {
		if kind == k || kind == "all" {
			out[k] = []wikiEntry{}
		}
	}
	for i, st := range editionStories(ed) {
		k := kindOf(st.Event.Category)
		if (k != "holidays" && !st.Event.Date.HasYear()) || st.LeapDay {
			continue
		}
		entry := h.wikiEntry(st, k == "holidays")
		if l, ok := out[k]; ok {
			out[k] = append(l, entry)
		}
		if l, ok := out["selected"]; ok && k != "holidays" && ((i == 0 && ed.Lead != nil) || st.Event.Selected) {
			out["selected"] = append(l, entry)
		}
	}
	for k, l := range out {
		if k != "holidays" {
			slices.SortStableFunc(l, func(a, b wikiEntry) int { return cmp.Compare(*b.Year, *a.Year) })
		}
	}
	h.JSON(w, r, cacheContent, out)
}

func (h *Handler) wikiEntry(st flashback.Story, holiday bool) wikiEntry {
	e := st.Event
	url := h.URLs.Abs(site.Event(e))
	extract := st.Summary
	if extract == "" {
		extract = flashback.Opening(e.Body, extractWords)
	}
	if extract == "" {
		extract = e.Headline
	}
	entry := wikiEntry{Text: e.Headline, Pages: []wikiPage{{
		Type: "standard", Title: strings.ReplaceAll(e.Headline, " ", "_"),
		DisplayTitle: html.EscapeString(e.Headline), NormalizedTitle: e.Headline,
		Titles: wikiTitles{
			Canonical: strings.ReplaceAll(e.Headline, " ", "_"), Normalized: e.Headline, Display: html.EscapeString(e.Headline),
		},
		Extract:     extract,
		ContentURLs: wikiURLs{Desktop: wikiLink{url}, Mobile: wikiLink{url}},
	}}}
	if !holiday {
		y := historicalYear(e.Date.Year)
		entry.Year = &y
	}
	return entry
}

// historicalYear turns an astronomical year into the feed's numbering,
// which has no year 0: 1 BC (0) is -1, 44 BC (-43) is -44.
func historicalYear(y int) int {
	if y <= 0 {
		return y - 1
	}
	return y
}
