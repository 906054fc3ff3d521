package feed

import (
	"context"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/feeds"

	"flashback"
	"flashback/site"
)

// itemHTML is the body of a day's item: the featured story, then the day's
// list by category. Feed readers show it as HTML, so all of it is escaped
// by html/template.
var itemHTML = template.Must(template.New("item").Funcs(template.FuncMap{"yearsAgo": flashback.YearsAgoText}).Parse(`
{{- with .Lead}}<p><strong>{{.Category}}</strong>{{if .Year}} · {{.Year}} · {{yearsAgo .YearsAgo}}{{end}}{{with .Reason}} · {{.}}{{end}}</p>
<h2><a href="{{.URL}}">{{.Headline}}</a></h2>
{{with .Opening}}<p>{{.}}</p>{{end}}
{{end}}
{{- range .Sections}}<h3>{{.Name}}</h3>
<ul>{{range .Stories}}
<li>{{with .Year}}{{.}}: {{end}}<a href="{{.URL}}">{{.Headline}}</a>{{if .Round}} ({{.Ordinal}} anniversary){{end}}{{if .LeapDay}} (29 February){{end}}</li>{{end}}
</ul>
{{- with .More}}<p><a href="{{$.DayURL}}">{{.}} more on the site</a></p>{{end}}
{{end}}
{{- if .More}}<p><a href="{{.DayURL}}">The whole day on Flashback</a></p>{{end}}`))

type itemView struct {
	Lead     *leadView
	Sections []sectionView
	DayURL   string
	More     bool
}

type leadView struct {
	storyView
	Category, Opening, Reason string
}

type sectionView struct {
	Name    string
	Stories []storyView
	More    int // stories left out (flashback.Section.Preview)
}

type storyView struct {
	Headline, URL, Year, Ordinal string
	YearsAgo                     int
	Round, LeapDay               bool
}

func (h *Handler) storyView(s flashback.Story) storyView {
	return storyView{Headline: s.Event.Headline, URL: h.URLs.Abs(site.Event(s.Event)), Year: s.Year,
		Ordinal: flashback.Ordinal(s.YearsAgo), YearsAgo: s.YearsAgo, Round: s.Round, LeapDay: s.LeapDay}
}

func (h *Handler) rss(w http.ResponseWriter, r *http.Request) {
	h.serve(w, r, "application/rss+xml; charset=utf-8", h.encoded(toRSS))
}

// toRSS writes f as RSS 2.0 without its author: RSS has a place only for
// the managing editor's e-mail address, which the site does not publish,
// and the library would write the name there alone.
func toRSS(f *feeds.Feed) (string, error) {
	f.Author = nil
	return f.ToRss()
}

func (h *Handler) atom(w http.ResponseWriter, r *http.Request) {
	self := h.URLs.Abs(site.Feed(r.PathValue("slug"), site.Atom))
	h.serve(w, r, "application/atom+xml; charset=utf-8", h.encoded(func(f *feeds.Feed) (string, error) { return toAtom(f, self) }))
}

// encoded builds the daily feed and writes it in one format.
func (h *Handler) encoded(format func(*feeds.Feed) (string, error)) func(context.Context, *flashback.Category, flashback.CivilDate) ([]byte, error) {
	return func(ctx context.Context, cat *flashback.Category, today flashback.CivilDate) ([]byte, error) {
		f, err := h.daily(ctx, cat, today)
		if err != nil {
			return nil, err
		}
		s, err := format(f)
		return []byte(s), err
	}
}

// daily is the feed of the last Days editions up to today, newest first;
// a category's feed leaves out days with nothing of it.
func (h *Handler) daily(ctx context.Context, cat *flashback.Category, today flashback.CivilDate) (*feeds.Feed, error) {
	eds, err := h.Editions.Editions(ctx, today.AddDays(1-h.Days), h.Days)
	if err != nil {
		return nil, err
	}
	f := &feeds.Feed{
		Title:       "Flashback",
		Link:        &feeds.Link{Href: h.URLs.Abs(site.Home())},
		Description: "Each day's Flashback: what happened on that day in history.",
		Author:      &feeds.Author{Name: "Flashback"},
		Updated:     h.midnight(today),
	}
	if cat != nil {
		f.Title = "Flashback: " + cat.Name
		f.Link.Href = h.URLs.Abs(site.Category(cat.Slug))
		f.Description = "Each day's " + cat.Name + " on Flashback."
	}
	for i := len(eds) - 1; i >= 0; i-- {
		v := h.itemView(eds[i], cat)
		if v.Lead == nil && len(v.Sections) == 0 {
			continue
		}
		item, err := h.item(eds[i], cat, v)
		if err != nil {
			return nil, err
		}
		f.Add(item)
		if item.Updated.After(f.Updated) {
			f.Updated = item.Updated
		}
	}
	return f, nil
}

// itemView is what of ed a feed of cat (nil: the whole site) shows.
func (h *Handler) itemView(ed *flashback.Edition, cat *flashback.Category) itemView {
	v := itemView{DayURL: h.URLs.Abs(site.Date(ed.Day))}
	if l := ed.Lead; l != nil && (cat == nil || l.Category.Slug == cat.Slug) {
		v.Lead = &leadView{storyView: h.storyView(l.Story), Category: l.Category.Name, Opening: l.Opening, Reason: l.Reason}
	}
	for _, s := range ed.Sections {
		if cat != nil && s.Category.Slug != cat.Slug {
			continue
		}
		shown, more := s.Preview()
		sv := sectionView{Name: s.Category.Name, More: more}
		for _, st := range shown {
			sv.Stories = append(sv.Stories, h.storyView(st))
		}
		v.Sections = append(v.Sections, sv)
	}
	// A category's item is part of the day; a whole day has no more.
	v.More = cat != nil
	return v
}

// item is the day's entry, showing v.
func (h *Handler) item(ed *flashback.Edition, cat *flashback.Category, v itemView) (*feeds.Item, error) {
	var b strings.Builder
	if err := itemHTML.Execute(&b, v); err != nil {
		return nil, err
	}
	title, first := "Flashback to "+ed.Day.String(), ""
	switch {
	case v.Lead != nil:
		first = v.Lead.Headline
	default:
		first = v.Sections[0].Stories[0].Headline
	}
	at := h.midnight(ed.Date)
	return &feeds.Item{
		Title:       title + ": " + first,
		Link:        &feeds.Link{Href: v.DayURL},
		Id:          h.itemID(ed.Date, cat),
		IsPermaLink: "false",
		// Readers take both the RSS description and the Atom summary
		// (written as type="html") for HTML: the headline goes in escaped.
		Description: template.HTMLEscapeString(first),
		Content:     b.String(),
		Created:     at,
		Updated:     lastChange(ed, cat, at),
	}, nil
}

// lastChange is when the events of ed that a feed of cat (nil: the whole
// site) shows last changed, and at the latest since: readers that compare
// an entry's time see an edited story. A story taken off the day changes
// no event left on it, so the entry keeps its time then.
func lastChange(ed *flashback.Edition, cat *flashback.Category, since time.Time) time.Time {
	last := since
	see := func(s flashback.Story) {
		if s.Event.UpdatedAt.After(last) {
			last = s.Event.UpdatedAt
		}
	}
	if l := ed.Lead; l != nil && (cat == nil || l.Category.Slug == cat.Slug) {
		see(l.Story)
	}
	for _, sec := range ed.Sections {
		if cat != nil && sec.Category.Slug != cat.Slug {
			continue
		}
		for _, s := range sec.Stories {
			see(s)
		}
	}
	return last
}

// itemID names a day's item for good (RFC 4151 tag URI): the same day's
// item is updated in readers when its content changes, never doubled.
func (h *Handler) itemID(d flashback.CivilDate, cat *flashback.Category) string {
	id := "tag:" + h.host + "," + d.String() + ":edition"
	if cat != nil {
		id += "/" + cat.Slug
	}
	return id
}

// midnight is when a date begins in the site's zone: its edition's time.
func (h *Handler) midnight(d flashback.CivilDate) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, h.Location)
}
