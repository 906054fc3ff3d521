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

// daySectionData is what the "daysection" template shows: one category's
// stories on a date page, in pages of dayPageStories.
type daySectionData struct {
	Day    flashback.MonthDay
	DayURL string
	Name   string
	Slug   string
	// Featured is the day's featured story when it belongs to this
	// category, on the first page: the date page sets it above the
	// category lists, so they leave it out, and the pages of a list
	// follow the date page's. Nil otherwise.
	Featured *card
	Cards    []card
	Total    int // the featured story included
	pager
}

// daySection serves /on/{month}/{day}/{slug}?page=N: every story of one
// category on a date page, which shows dayPageStories of each. It lists
// the same edition as the date page, so the two never disagree about
// which stories a day holds (29 February's on the 28th of a common year).
func (h *Handler) daySection(w http.ResponseWriter, r *http.Request) {
	md, ok := parseMonthDay(r.PathValue("month"), r.PathValue("day"))
	if !ok {
		h.noSuchDate(w, r, r.PathValue("month"), r.PathValue("day"))
		return
	}
	page, err := fhttp.PageParam(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	// Slugs are lower case: /on/march/15/Births is a reader's typing.
	slug := strings.ToLower(r.PathValue("slug"))
	if site.Date(md)+"/"+slug != r.URL.Path {
		// /on/6/17/… and the like: the page's one address.
		http.Redirect(w, r, site.DateCategory(md, slug, page), http.StatusMovedPermanently)
		return
	}
	rc, err := h.sharedReader(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	key := rc.cacheKey(make([]byte, 0, 128), site.DateCategory(md, slug, page))
	h.serveCached(w, r, key, shared, func(ctx context.Context) (*render.Page, string, error) {
		return h.daySectionPage(ctx, rc, md, slug, page)
	})
}

func (h *Handler) daySectionPage(ctx context.Context, rc *readerContext, md flashback.MonthDay, slug string, page int) (*render.Page, string, error) {
	cat, err := h.findCategory(ctx, slug)
	if err != nil {
		return nil, "", err
	}
	ed, err := h.editions.Edition(ctx, flashback.CivilDate{Year: rc.today.Year, Month: md.Month, Day: md.Day})
	if err != nil {
		return nil, "", err
	}
	var stories []flashback.Story
	for _, s := range ed.Sections {
		if s.Category.Slug == cat.Slug {
			stories = s.Stories
		}
	}
	pg, ok := newPager(len(stories), dayPageStories, page, func(n int) string { return site.DateCategory(md, slug, n) })
	if !ok {
		return nil, "", flashback.Errorf(flashback.ENOTFOUND, "%s on %s has %s; there is no page %d.", cat.Name, md, flashback.Plural(pg.Pages, "page", "pages"), page)
	}
	d := &daySectionData{Day: md, DayURL: site.Date(md), Name: cat.Name, Slug: cat.Slug, Total: len(stories), pager: pg}
	if l := ed.Lead; l != nil && l.Category.Slug == cat.Slug {
		d.Total++
		if page == 1 {
			c := storyCard(l.Story)
			d.Featured = &c
		}
	}
	for _, st := range stories[(page-1)*dayPageStories : min(len(stories), page*dayPageStories)] {
		d.Cards = append(d.Cards, storyCard(st))
	}
	title := cat.Name + " on " + md.String()
	if page > 1 {
		title += " (page " + strconv.Itoa(page) + ")"
	}
	desc := "Every " + cat.Name + " story Flashback remembers on " + md.String() + "."
	p := h.pageFor(rc, site.DateCategory(md, slug, page), title, desc, "today", d)
	p.FeedCategory = cat.Slug
	return p, "daysection", nil
}
