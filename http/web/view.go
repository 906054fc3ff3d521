package web

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"flashback"
	"flashback/http/render"
)

// card is one event as a list shows it.
type card struct {
	URL      string
	Headline string
	Teaser   string
	Year     string // empty when the year is unknown
	Date     string // the full date as given, for lists spanning days
	MonthDay string // "01-31": the day the event is remembered on, for machines and tests
	YearsAgo int
	Round    bool // a round anniversary worth a badge
	LeapDay  bool // a 29 February event shown on 28 February
}

// group is the events of one category on a page.
type group struct {
	Slug  string
	Name  string
	Cards []card
}

// eventPath is the canonical address of an event's article.
func eventPath(e *flashback.Event) string {
	return "/events/" + strconv.FormatInt(e.ID, 10) + "/" + eventSlug(e)
}

func eventSlug(e *flashback.Event) string {
	if e.Slug != "" {
		return e.Slug
	}
	return flashback.Slugify(e.Headline)
}

// datePath is the canonical address of a date page.
func datePath(md flashback.MonthDay) string {
	return "/on/" + flashback.MonthSlug(md.Month) + "/" + strconv.Itoa(md.Day)
}

func dateLink(md flashback.MonthDay) render.Link {
	return render.Link{URL: datePath(md), Text: md.String()}
}

// newCard describes e for a reader whose date is today. page is the day the
// list is for; an event of another day on it is a leap-day event.
func newCard(e *flashback.Event, today flashback.CivilDate, page flashback.MonthDay) card {
	c := card{
		URL:      eventPath(e),
		Headline: e.Headline,
		Teaser:   teaser(e),
		Date:     e.Date.String(),
		MonthDay: fmt.Sprintf("%02d-%02d", int(e.Date.Month), e.Date.Day),
		LeapDay:  page.Valid() && e.Date.MonthDay() != page,
	}
	if e.Date.HasYear() {
		c.Year = flashback.FormatYear(e.Date.Year)
		c.YearsAgo = e.Date.YearsAgo(today)
		c.Round = flashback.IsRoundAnniversary(c.YearsAgo)
	}
	return c
}

// teaser is the summary shown under a headline. A summary that only
// repeats the headline (one-line sources such as the BSD calendar files give
// nothing more) is replaced by the full date line, weekday and calendar
// included, which says something the card does not already say.
func teaser(e *flashback.Event) string {
	trim := func(s string) string { return strings.TrimRight(strings.TrimSpace(s), ".!") }
	if !strings.EqualFold(trim(e.Summary), trim(e.Headline)) && strings.TrimSpace(e.Summary) != "" {
		return e.Summary
	}
	if e.Date.HasWeekday() {
		return e.Date.DateLine() + "."
	}
	return ""
}

// onDays keeps the events remembered on one of days. The store was asked
// for exactly these days; checking again here makes a page with a date in
// its heading and another date in its list impossible even if a store
// gets its query wrong.
func onDays(events []*flashback.Event, days []flashback.MonthDay) []*flashback.Event {
	out := events[:0:0]
	for _, e := range events {
		if e.Date.OnDatePages() && slices.Contains(days, e.Date.MonthDay()) {
			out = append(out, e)
		}
	}
	return out
}

// groupByCategory puts cards under their categories, in the categories'
// page order; events of a category the store does not list come last.
func groupByCategory(cats []*flashback.Category, events []*flashback.Event, today flashback.CivilDate, page flashback.MonthDay) []group {
	idx := map[string]int{}
	groups := make([]group, 0, len(cats))
	for _, c := range cats {
		idx[c.Slug] = len(groups)
		groups = append(groups, group{Slug: c.Slug, Name: c.Name})
	}
	for _, e := range events {
		i, ok := idx[e.Category]
		if !ok {
			i = len(groups)
			idx[e.Category] = i
			groups = append(groups, group{Slug: e.Category, Name: e.Category})
		}
		groups[i].Cards = append(groups[i].Cards, newCard(e, today, page))
	}
	return slices.DeleteFunc(groups, func(g group) bool { return len(g.Cards) == 0 })
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
