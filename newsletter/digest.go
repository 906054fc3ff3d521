package newsletter

import (
	"context"
	"fmt"
	"html"
	"strconv"
	"strings"
	"sync"

	"flashback"
	"flashback/mail"
	"flashback/site"
)

// Placeholders for the per-subscriber links. A digest is rendered once per
// (date, categories) and each copy only swaps these in, which keeps
// rendering far below the cost of sending.
const (
	manageMarker = "https://flashback.invalid/manage-link-marker"
	unsubMarker  = "https://flashback.invalid/unsubscribe-link-marker"
)

// Digest is one day's digest for one choice of categories, before the
// subscriber's own links are put in.
type Digest struct {
	Date    flashback.CivilDate
	Subject string
	Events  int // how many events it lists
	html    bodyParts
	text    bodyParts
	tmpl    *mail.Template // the same, encoded once for Senders that take templates
}

// bodyParts is a rendered body cut at the link placeholders: parts[i] is
// followed by the link links[i] names (0 manage, 1 unsubscribe).
type bodyParts struct {
	parts []string
	links []int
	size  int
}

func cut(s string) bodyParts {
	t := bodyParts{size: len(s)}
	for {
		i, j := strings.Index(s, manageMarker), strings.Index(s, unsubMarker)
		switch {
		case i < 0 && j < 0:
			t.parts = append(t.parts, s)
			return t
		case j < 0 || (i >= 0 && i < j):
			t.parts, t.links = append(t.parts, s[:i]), append(t.links, 0)
			s = s[i+len(manageMarker):]
		default:
			t.parts, t.links = append(t.parts, s[:j]), append(t.links, 1)
			s = s[j+len(unsubMarker):]
		}
	}
}

// fill puts the links in: one pass, one allocation.
func (t bodyParts) fill(links [2]string) string {
	var b strings.Builder
	b.Grow(t.size + len(t.links)*len(links[0]))
	for i, p := range t.parts {
		b.WriteString(p)
		if i < len(t.links) {
			b.WriteString(links[t.links[i]])
		}
	}
	return b.String()
}

// digestKey identifies a rendered digest: the local date (whose year decides
// whether 29 February events show on the 28th) and the category choice.
type digestKey struct {
	date flashback.CivilDate
	cats string
}

// digestCache holds the digests of one delivery pass, so that editions
// are read and rendered once per (date, categories), not once per
// subscriber.
type digestCache struct {
	s        *Service
	mu       sync.Mutex
	entries  map[digestKey]*digestEntry
	editions map[flashback.CivilDate]*editionEntry
}

// editionEntry is one date's edition, read once for every category choice.
type editionEntry struct {
	once sync.Once
	ed   *flashback.Edition
	err  error
}

type digestEntry struct {
	once sync.Once
	d    *Digest
	err  error
}

func (s *Service) newDigestCache() *digestCache {
	return &digestCache{s: s, entries: map[digestKey]*digestEntry{}, editions: map[flashback.CivilDate]*editionEntry{}}
}

// get returns the digest for date and the subscriber's categories,
// composing it on first use; concurrent callers wait for the one composer.
func (c *digestCache) get(ctx context.Context, date flashback.CivilDate, p flashback.Preferences) (*Digest, error) {
	key := digestKey{date, strings.Join(p.Categories, ",")}
	c.mu.Lock()
	e := c.entries[key]
	if e == nil {
		e = &digestEntry{}
		c.entries[key] = e
	}
	ee := c.editions[date]
	if ee == nil {
		ee = &editionEntry{}
		c.editions[date] = ee
	}
	c.mu.Unlock()
	e.once.Do(func() {
		ee.once.Do(func() { ee.ed, ee.err = c.s.Editions.Edition(ctx, date) })
		if ee.err != nil {
			e.err = fmt.Errorf("digest edition of %s: %w", date, ee.err)
			return
		}
		e.d, e.err = c.s.composeDigest(ee.ed, p)
	})
	return e.d, e.err
}

// ComposeDigest renders the digest of date for preferences p (the links to
// manage and unsubscribe are placeholders until Personalize).
func (s *Service) ComposeDigest(ctx context.Context, date flashback.CivilDate, p flashback.Preferences) (*Digest, error) {
	return s.newDigestCache().get(ctx, date, p)
}

func (s *Service) composeDigest(ed *flashback.Edition, p flashback.Preferences) (*Digest, error) {
	date := ed.Date
	v := s.digestView(ed, p)
	var h, t strings.Builder
	if err := s.tmpl.digestHTML.Execute(&h, v); err != nil {
		return nil, fmt.Errorf("render digest: %w", err)
	}
	if err := s.tmpl.digestText.Execute(&t, v); err != nil {
		return nil, fmt.Errorf("render digest text: %w", err)
	}
	d := &Digest{Date: date, Subject: v.Subject, Events: v.Count, html: cut(h.String()), text: cut(t.String())}
	var err error
	if d.tmpl, err = s.newTemplate(d); err != nil {
		return nil, err
	}
	return d, nil
}

// Personalize returns the digest as a message to sub, with their links and
// the headers of a list mail. The Message-ID depends only on the subscriber
// and the date, so a copy resent after a crash carries the same one.
func (s *Service) Personalize(d *Digest, sub *flashback.Subscriber) *mail.Message {
	manage, unsub := s.ManageURL(sub), s.UnsubscribeURL(sub)
	headers := s.listHeaders()
	headers["List-Unsubscribe"] = s.listUnsubscribe(unsub)
	return &mail.Message{
		From:      s.cfg.From,
		To:        sub.Email,
		Subject:   d.Subject,
		HTML:      d.html.fill([2]string{html.EscapeString(manage), html.EscapeString(unsub)}),
		Text:      d.text.fill([2]string{manage, unsub}),
		MessageID: s.MessageID(sub.ID, d.Date),
		Date:      s.Clock(),
		Headers:   headers,
	}
}

// MessageID is the deterministic Message-ID of a subscriber's digest.
func (s *Service) MessageID(id int64, d flashback.CivilDate) string {
	return "<digest-" + strconv.FormatInt(id, 10) + "-" + d.String() + "@" + s.host + ">"
}

// digestView is what the digest templates show.
type digestView struct {
	Subject  string
	Heading  string // "Flashback to January 31"
	DateLine string // "Saturday, 31 January 2026"
	DayURL   string
	SiteURL  string
	Lead     *digestLead
	Sections []digestSection
	Count    int
	Manage   string
	Unsub    string
}

type digestSection struct {
	Name   string
	Events []digestEvent
	More   int // events left out of this section
}

// digestEvent is one story. Summary is empty when it would only repeat the
// headline; Read more is offered only when there is an article.
type digestEvent struct {
	Year       string
	YearsAgo   int
	Round      bool
	LeapDay    bool
	Headline   string
	Summary    string
	URL        string
	HasArticle bool
	DateMark   string // "Date unconfirmed", "Traditional date", "Disputed date" or ""
}

// digestLead is the day's featured story, the same for every reader.
type digestLead struct {
	digestEvent
	Category string
	Opening  string
	Reason   string
}

func (s *Service) digestView(ed *flashback.Edition, p flashback.Preferences) *digestView {
	md := ed.Day
	v := &digestView{
		Heading:  "Flashback to " + md.String(),
		DateLine: dateLine(ed.Date),
		DayURL:   s.URL(site.Date(md)),
		SiteURL:  s.URL(site.Home()),
		Manage:   manageMarker,
		Unsub:    unsubMarker,
	}
	// The lead is the same for every reader, but not for one who chose to
	// leave its category out.
	if l := ed.Lead; l != nil && p.WantsCategory(l.Category.Slug) {
		v.Lead = &digestLead{digestEvent: s.digestEvent(l.Story), Category: l.Category.Name, Opening: l.Opening, Reason: l.Reason}
		v.Count++
	}
	for _, sec := range ed.Sections { // sections come in page order
		if !p.WantsCategory(sec.Category.Slug) {
			continue
		}
		shown, more := sec.Preview()
		ds := digestSection{Name: sec.Category.Name, More: more}
		for _, st := range shown {
			ds.Events = append(ds.Events, s.digestEvent(st))
			v.Count++
		}
		v.Sections = append(v.Sections, ds)
	}
	v.Subject = v.Heading
	switch {
	case v.Lead != nil:
		v.Subject += ": " + shorten(v.Lead.Headline, 90)
	case len(v.Sections) > 0:
		v.Subject += ": " + shorten(v.Sections[0].Events[0].Headline, 90)
	}
	return v
}

func (s *Service) digestEvent(st flashback.Story) digestEvent {
	e := st.Event
	return digestEvent{
		Headline:   e.Headline,
		Summary:    st.Summary,
		URL:        s.URL(site.Event(e)),
		LeapDay:    st.LeapDay,
		Year:       st.Year,
		YearsAgo:   st.YearsAgo,
		Round:      st.Round,
		HasArticle: st.HasArticle,
		DateMark:   e.DateMark.Label(),
	}
}

func dateLine(d flashback.CivilDate) string {
	h := flashback.HistDate{Year: d.Year, Month: d.Month, Day: d.Day}
	return h.Weekday().String() + ", " + h.String()
}

// shorten cuts s to at most n runes at a word boundary, marking the cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}
