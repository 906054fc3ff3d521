package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"flashback"
	"flashback/http/render"
	"flashback/site"
)

// articleData is what the "article" template shows.
type articleData struct {
	ID       int64
	Headline string
	DateLine string
	// DateMark says why the date is unconfirmed, traditional or
	// disputed; nil when it is none of these.
	DateMark *dateMarkView
	YearsAgo int
	HasYear  bool
	// Anniversary names this year's anniversary when it is a round one
	// ("250th anniversary on 5 December"); empty otherwise.
	Anniversary string
	Category    group // name and slug only
	Body        template.HTML
	// Image is the event's picture with its credit; nil when it has none.
	Image     *flashback.Image
	Summary   string
	Sources   []sourceView
	SameDay   []card
	SameYear  []card
	Year      string
	YearURL   string // the year's page
	ReportURL string
	// Corrections is the article's public corrections log, newest first.
	Corrections []correctionView
	Provenance  *provenanceView
	HasArticle  bool
	Lead        string // the summary, when it says more than the headline
}

type correctionView struct {
	Date       string // "31 January 2026"
	ISO        string // for the <time> element
	Text       string
	References []referenceView
}

// referenceView is a reference a reader can check: a link when it is an
// http(s) URL, else the citation as written.
type referenceView struct {
	Text string
	URL  string
}

func newReference(ref string) referenceView {
	url, _ := flashback.Source{URL: ref}.LinkURL()
	if strings.HasPrefix(url, "/") {
		url = "" // a reference is never a path of this site
	}
	return referenceView{Text: ref, URL: url}
}

// dateMarkView is the mark on an article's date line and its reason.
type dateMarkView struct {
	Label     string
	Reason    string
	Reference *referenceView
}

func newDateMark(m flashback.DateMark) *dateMarkView {
	if m.Kind == "" {
		return nil
	}
	v := &dateMarkView{Label: m.Label(), Reason: m.Reason}
	if m.Reference != "" {
		r := newReference(m.Reference)
		v.Reference = &r
	}
	return v
}

type sourceView struct {
	Title string
	URL   string // set only for http(s) links
	Note  string
}

// article serves /events/{id}/{slug}. A missing or outdated slug gets a
// 301 to the canonical address; drafts do not exist for readers.
func (h *Handler) article(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.Errors.Error(w, r, flashback.Errorf(flashback.ENOTFOUND, "There is no article at this address."))
		return
	}
	rc, err := h.sharedReader(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	key := rc.cacheKey(make([]byte, 0, 128), r.URL.Path)
	if h.fromCache(w, r, key) {
		return
	}
	v := h.cache.Version()
	e, err := h.publishedEvent(r.Context(), id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if p := site.Event(e); p != r.URL.Path {
		http.Redirect(w, r, p, http.StatusMovedPermanently)
		return
	}
	d, err := h.articleData(r.Context(), e, rc.today)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	p := h.pageFor(rc, site.Event(e), e.Headline, e.Summary, "", d)
	p.OGType = "article"
	p.Published, p.Modified = e.CreatedAt, e.UpdatedAt
	if d.Image != nil {
		p.Image = h.BaseURL + d.Image.Path
	}
	p.JSONLD = h.articleLD(p, e, d.Category.Name)
	h.renderAndCache(w, r, key, v, "article", p, shared)
}

// publishedEvent finds an event a reader may see.
func (h *Handler) publishedEvent(ctx context.Context, id int64) (*flashback.Event, error) {
	e, err := h.Events.FindEventByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !e.Published {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "There is no article at this address.")
	}
	return e, nil
}

func (h *Handler) articleData(ctx context.Context, e *flashback.Event, today flashback.CivilDate) (*articleData, error) {
	body, err := render.Markdown(e.Body)
	if err != nil {
		return nil, err
	}
	d := &articleData{
		ID:         e.ID,
		Headline:   e.Headline,
		DateLine:   e.Date.DateLine(),
		DateMark:   newDateMark(e.DateMark),
		HasYear:    e.Date.HasYear(),
		Body:       body,
		Image:      imageView(e.Image),
		Summary:    e.Summary,
		HasArticle: body != "",
		Sources:    sourceViews(e.Sources, site.New(h.BaseURL)),
		ReportURL:  site.Report(e.ID),
		Category:   group{Slug: e.Category, Name: e.Category},
	}
	if d.HasYear {
		d.YearsAgo = e.Date.YearsAgo(today)
		d.Anniversary = anniversaryBadge(e.Date, today)
		d.Year = flashback.FormatYear(e.Date.Year)
		d.YearURL = site.Year(e.Date.Year)
	}
	if flashback.SummaryAdds(e) {
		d.Lead = e.Summary
	}
	if err := h.fillCorrections(ctx, d); err != nil {
		return nil, err
	}
	if err := h.fillProvenance(ctx, d, e); err != nil {
		return nil, err
	}
	if err := h.fillCategory(ctx, d); err != nil {
		return nil, err
	}
	return d, h.fillRelated(ctx, d, e, today)
}

func (h *Handler) fillCategory(ctx context.Context, d *articleData) error {
	cats, err := h.Events.Categories(ctx)
	if err != nil {
		return err
	}
	for _, c := range cats {
		if c.Slug == d.Category.Slug {
			d.Category.Name = c.Name
		}
	}
	return nil
}

// relatedLimit is how many related events of each kind an article lists.
const relatedLimit = 6

// fillRelated finds events of the same day in other years, and of the same
// year on other days.
func (h *Handler) fillRelated(ctx context.Context, d *articleData, e *flashback.Event, today flashback.CivilDate) error {
	if e.Date.OnDatePages() {
		md := e.Date.MonthDay()
		same, _, err := h.Events.FindEvents(ctx, flashback.EventFilter{On: []flashback.MonthDay{md}, Limit: relatedLimit + 1})
		if err != nil {
			return err
		}
		d.SameDay = relatedCards(same, e.ID, today)
	}
	if e.Date.HasYear() {
		y := e.Date.Year
		same, _, err := h.Events.FindEvents(ctx, flashback.EventFilter{Year: &y, Limit: relatedLimit + 1})
		if err != nil {
			return err
		}
		d.SameYear = relatedCards(same, e.ID, today)
	}
	return nil
}

func relatedCards(events []*flashback.Event, self int64, today flashback.CivilDate) []card {
	var out []card
	for _, o := range events {
		if o.ID != self && len(out) < relatedLimit {
			out = append(out, newCard(o, today))
		}
	}
	return out
}

// sourceViews keeps a link only for http and https URLs.
// sourceViews describes an article's sources. A link to a page of this
// site is made absolute, as a printed article shows it.
func sourceViews(sources []flashback.Source, urls site.URLs) []sourceView {
	out := make([]sourceView, 0, len(sources))
	for _, s := range sources {
		v := sourceView{Title: s.Title, Note: s.Note}
		v.URL, _ = s.LinkURL()
		if strings.HasPrefix(v.URL, "/") {
			v.URL = urls.Abs(v.URL)
		}
		if v.Title == "" {
			v.Title = s.URL
		}
		out = append(out, v)
	}
	return out
}

// fillCorrections adds the article's public corrections log. Adding a
// correction changes the store's content version, so cached articles
// refresh with it.
func (h *Handler) fillCorrections(ctx context.Context, d *articleData) error {
	if h.Corrections == nil {
		return nil
	}
	id := d.ID
	list, _, err := h.Corrections.FindCorrections(ctx, flashback.CorrectionFilter{EventID: &id, Limit: 100})
	if err != nil {
		return fmt.Errorf("corrections of event %d: %w", id, err)
	}
	for _, c := range list {
		t := c.CreatedAt.In(h.Location)
		v := correctionView{Date: t.Format("2 January 2006"), ISO: t.Format("2006-01-02"), Text: c.Text}
		for _, ref := range c.References {
			v.References = append(v.References, newReference(ref))
		}
		d.Corrections = append(d.Corrections, v)
	}
	return nil
}

// imageView is img when it is one of this site's media with a safe credit
// link; anything else is not shown.
func imageView(img *flashback.Image) *flashback.Image {
	if img == nil {
		return nil
	}
	credit, ok := flashback.Source{URL: img.CreditURL}.LinkURL()
	if _, _, media := flashback.ParseMediaName(strings.TrimPrefix(img.Path, "/media/")); !ok || !media ||
		!strings.HasPrefix(img.Path, "/media/") {
		return nil
	}
	v := *img
	v.CreditURL = credit
	return &v
}

// anniversaryBadge names the anniversary of d that falls in today's year
// when it is a round one, and when it falls if not yet: "250th anniversary
// on 5 December", "… today", or past this year "50th anniversary". The
// years ago beside it count whole years, one fewer until the day: the
// anniversary a year past is not this year's, and the one to come is. A 29
// February falls on 28 February in common years, as date pages show it.
func anniversaryBadge(d flashback.HistDate, today flashback.CivilDate) string {
	n := today.Year - d.Year
	if !d.HasYear() || !flashback.IsRoundAnniversary(n) {
		return ""
	}
	badge := flashback.Ordinal(n) + " anniversary"
	switch d.Precision {
	case flashback.PrecisionDay:
		on := d.MonthDay()
		if on == (flashback.MonthDay{Month: time.February, Day: 29}) && !flashback.IsLeapYear(today.Year, flashback.Gregorian) {
			on.Day = 28
		}
		switch {
		case on == today.MonthDay():
			return badge + " today"
		case on.Month > today.Month || (on.Month == today.Month && on.Day > today.Day):
			return fmt.Sprintf("%s on %d %s", badge, on.Day, on.Month)
		}
	case flashback.PrecisionMonth:
		if d.Month > today.Month {
			return badge + " in " + d.Month.String()
		}
	}
	return badge
}
