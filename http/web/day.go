package web

import (
	"context"
	"net/http"

	"flashback"
	"flashback/http/render"
	"flashback/site"
)

// dayData is what the "day" template shows.
type dayData struct {
	Day        flashback.MonthDay
	Heading    string
	IsToday    bool
	ReaderDate string // the reader's civil date, for the zone script
	Zone       string
	ZoneAction string // where the change-zone form goes
	Lead       *lead
	Groups     []group
	Count      int
	LeapDay    bool // 28 February of a common year: 29 February is shown too
	Prev, Next render.Link
	Months     []monthOption
}

// today serves "/": the date page of the reader's today.
func (h *Handler) today(w http.ResponseWriter, r *http.Request) {
	rcv, err := h.reader(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	rc := &rcv
	rc.remember(w, h.secureCookies())
	md := rc.today.MonthDay()
	h.serveCached(w, r, rc.cacheKey(make([]byte, 0, 128), "/"), private, func(ctx context.Context) (*render.Page, string, error) {
		return h.dayPage(ctx, rc, md, true)
	})
}

// dayPage loads and describes the date page for md: the edition of md in
// the reader's year. The heading and the edition come from the same md, so
// they cannot disagree.
func (h *Handler) dayPage(ctx context.Context, rc *readerContext, md flashback.MonthDay, isToday bool) (*render.Page, string, error) {
	ed, err := h.editions.Edition(ctx, flashback.CivilDate{Year: rc.today.Year, Month: md.Month, Day: md.Day})
	if err != nil {
		return nil, "", err
	}
	d := &dayData{
		Day:        md,
		Heading:    "Flashback to " + md.String(),
		IsToday:    isToday,
		Zone:       rc.zoneName,
		ZoneAction: site.Date(md),
		Count:      ed.Count,
		LeapDay:    ed.LeapDay,
		Prev:       dateLink(md.Prev()),
		Next:       dateLink(md.Next()),
		Months:     monthOptions(md.Month),
	}
	d.Lead, d.Groups = editionView(ed)
	path, title := site.Date(md), md.String()+" in history"
	if isToday {
		d.ReaderDate = rc.today.String()
		d.ZoneAction = "/"
		path = "/" // the title keeps the date: shared links show which day
	}
	desc := "What happened on " + md.String() + " in history: events, births and observances."
	p := h.pageFor(rc, path, title, desc, "today", d)
	p.JSONLD = h.dayLD(p, d)
	return p, "day", nil
}
