package web

import (
	"fmt"
	"time"

	"flashback"
	"flashback/http/render"
	"flashback/site"
)

// card is one event as a list shows it.
type card struct {
	URL      string
	Headline string
	Teaser   string // the summary, only when it says more than the headline
	Year     string // empty when the year is unknown
	Date     string // the full date as given, for lists spanning days
	MonthDay string // "01-31": the day the event is remembered on, for machines and tests
	YearsAgo int
	Round    bool // a round anniversary worth a badge
	Ordinal  string
	LeapDay  bool // a 29 February event shown on 28 February
	// HasArticle: the headline's link leads to an article; otherwise to a
	// page with the date line and sources, and nothing promises more.
	HasArticle bool
	// DateMark is "Date unconfirmed", "Traditional date" or "Disputed
	// date" when the date carries such a mark; the article says why.
	DateMark string
}

// lead is the featured story at the top of a day page.
type lead struct {
	card
	Category group  // name and slug
	Opening  string // the article's first paragraph
	Reason   string // why it leads ("80th anniversary")
	DateLine string
	Sources  int
	Image    *flashback.Image // the import's picture, checked by imageView; nil when none
}

// group is the events of one category on a page.
type group struct {
	Slug  string
	Name  string
	Cards []card
	// More counts the stories past dayPageStories, listed at MoreURL.
	More    int
	MoreURL string
}

// dayPageStories is the most stories of one category a date page lists: a
// day of a large site holds thousands (1.6 MB of page on a million
// events). The rest are a click away, in pages of as many (daySection).
const dayPageStories = 50

func dateLink(md flashback.MonthDay) render.Link {
	return render.Link{URL: site.Date(md), Text: md.String()}
}

// newCard describes e for a reader whose date is today, on a list that
// spans days (a category, an article's related events).
func newCard(e *flashback.Event, today flashback.CivilDate) card {
	return storyCard(flashback.NewStory(e, today))
}

// storyCard describes a story of an edition.
func storyCard(s flashback.Story) card {
	e := s.Event
	return card{
		URL:        site.Event(e),
		Headline:   e.Headline,
		Teaser:     s.Summary,
		Date:       e.Date.String(),
		MonthDay:   fmt.Sprintf("%02d-%02d", int(e.Date.Month), e.Date.Day),
		Year:       s.Year,
		YearsAgo:   s.YearsAgo,
		Round:      s.Round,
		Ordinal:    flashback.Ordinal(s.YearsAgo),
		LeapDay:    s.LeapDay,
		HasArticle: s.HasArticle,
		DateMark:   e.DateMark.Label(),
	}
}

// editionView turns an edition into the day page's lead and groups.
func editionView(ed *flashback.Edition) (*lead, []group) {
	var l *lead
	if ed.Lead != nil {
		l = &lead{
			card:     storyCard(ed.Lead.Story),
			Category: group{Slug: ed.Lead.Category.Slug, Name: ed.Lead.Category.Name},
			Opening:  ed.Lead.Opening,
			Reason:   ed.Lead.Reason,
			DateLine: ed.Lead.Event.Date.DateLine(),
			Sources:  len(ed.Lead.Event.Sources),
			Image:    imageView(ed.Lead.Event.Image),
		}
	}
	groups := make([]group, 0, len(ed.Sections))
	for _, s := range ed.Sections {
		g := group{Slug: s.Category.Slug, Name: s.Category.Name}
		shown := s.Stories
		if len(shown) > dayPageStories {
			shown = shown[:dayPageStories]
			g.More, g.MoreURL = len(s.Stories)-dayPageStories, site.DateCategory(ed.Day, s.Category.Slug, 2)
		}
		for _, st := range shown {
			g.Cards = append(g.Cards, storyCard(st))
		}
		groups = append(groups, g)
	}
	return l, groups
}

// monthOption is one month in the jump-to-date form.
type monthOption struct {
	Number   int
	Name     string
	Selected bool
}

func monthOptions(selected time.Month) []monthOption {
	out := make([]monthOption, 12)
	for m := time.January; m <= time.December; m++ {
		out[m-1] = monthOption{Number: int(m), Name: m.String(), Selected: m == selected}
	}
	return out
}
