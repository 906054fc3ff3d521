package flashback

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Edition is the publication of one calendar date: its featured story, then
// the day's other events by category. The web pages, the digest and the
// machine-readable encodings all render this one value, so that they
// cannot disagree about what the day holds.
type Edition struct {
	Date CivilDate
	Day  MonthDay
	// LeapDay: 28 February of a common year, which shows 29 February too.
	LeapDay  bool
	Lead     *Lead // nil when the day has no event to feature
	Sections []Section
	Count    int // every event of the edition, the lead included
}

// Section is the events of one category, in page order.
type Section struct {
	Category *Category
	Stories  []Story
}

// PreviewStories is how many stories of a section a digest or a feed item
// shows; the rest are counted, and one click away on the day's page. A day
// of a large site holds thousands.
const PreviewStories = 8

// Preview returns the stories a digest or a feed item shows of s, and how
// many it leaves out.
func (s Section) Preview() (shown []Story, more int) {
	if len(s.Stories) <= PreviewStories {
		return s.Stories, 0
	}
	return s.Stories[:PreviewStories], len(s.Stories) - PreviewStories
}

// Story is one event as an edition tells it.
type Story struct {
	Event    *Event
	Year     string // "1929", "44 BC"; empty when the year is unknown
	YearsAgo int
	Round    bool // a round anniversary on the edition's date
	LeapDay  bool // a 29 February event shown on 28 February
	// HasArticle: there is an article to read; nothing may promise one
	// otherwise.
	HasArticle bool
	// Summary is the teaser when it says more than the headline, else "".
	Summary string
}

// Lead is the featured story with what its place at the top adds.
type Lead struct {
	Story
	Category *Category
	Opening  string // the article's opening, plain text; "" without an article
	Reason   string // why it leads, for readers ("80th anniversary"); may be ""
	ByEditor bool
}

// openingWords bounds the lead's opening when the first paragraph is long.
const openingWords = 60

// BuildEdition puts together the edition of date from the day's published
// events (those ShownOn the date), the categories in page order and the
// feature chosen for it.
func BuildEdition(date CivilDate, cats []*Category, events []*Event, f Feature) *Edition {
	days := ShownOn(date.MonthDay(), date.Year)
	ed := &Edition{Date: date, Day: date.MonthDay(), LeapDay: len(days) > 1}
	var leadID int64
	if e := f.Candidate.Event; e != nil {
		leadID = e.ID
		ed.Lead = &Lead{
			Story:    NewStory(e, date),
			Category: categoryOf(cats, e.Category),
			Opening:  Opening(e.Body, openingWords),
			Reason:   f.Reason,
			ByEditor: f.ByEditor,
		}
		ed.Count++
	}
	idx := map[string]int{}
	for _, e := range events {
		if !e.Published || !e.Date.OnDatePages() || !slices.Contains(days, e.Date.MonthDay()) || e.ID == leadID {
			continue
		}
		i, ok := idx[e.Category]
		if !ok {
			i = len(ed.Sections)
			idx[e.Category] = i
			ed.Sections = append(ed.Sections, Section{Category: categoryOf(cats, e.Category)})
		}
		ed.Sections[i].Stories = append(ed.Sections[i].Stories, NewStory(e, date))
		ed.Count++
	}
	slices.SortStableFunc(ed.Sections, func(a, b Section) int { return a.Category.Position - b.Category.Position })
	return ed
}

// categoryOf finds slug among cats; an unlisted category sorts last under
// its slug.
func categoryOf(cats []*Category, slug string) *Category {
	if c, ok := FindCategory(cats, slug); ok {
		return c
	}
	return &Category{Slug: slug, Name: slug, Position: 1 << 30}
}

// NewStory describes e as told on date.
func NewStory(e *Event, date CivilDate) Story {
	s := Story{
		Event:      e,
		LeapDay:    e.Date.MonthDay() != date.MonthDay(),
		HasArticle: strings.TrimSpace(e.Body) != "",
	}
	if SummaryAdds(e) {
		s.Summary = strings.TrimSpace(e.Summary)
	}
	if e.Date.HasYear() {
		s.Year = FormatYear(e.Date.Year)
		s.YearsAgo = yearsOn(e, date)
		s.Round = IsRoundAnniversary(s.YearsAgo)
	}
	return s
}

// yearsOn is how many years ago e happened, as told on date's page. A 29
// February event shown on 28 February is remembered that day, so its years
// count as on its own day of the same year.
func yearsOn(e *Event, date CivilDate) int {
	if e.Date.MonthDay() != date.MonthDay() && e.Date.Precision == PrecisionDay {
		date = CivilDate{date.Year, e.Date.Month, e.Date.Day}
	}
	return e.Date.YearsAgo(date)
}

// SummaryAdds reports whether e's summary says more than its headline.
// One-line sources (the BSD calendar files) repeat the headline, which no
// page or mail should print twice.
func SummaryAdds(e *Event) bool {
	trim := func(s string) string { return strings.TrimRight(strings.TrimSpace(s), ".!") }
	sum := trim(e.Summary)
	return sum != "" && !strings.EqualFold(sum, trim(e.Headline))
}

// Valid reports whether c is a day of the Gregorian calendar.
func (c CivilDate) Valid() bool {
	return c.Month >= time.January && c.Month <= time.December && c.Day >= 1 &&
		c.Day <= DaysIn(c.Year, c.Month, Gregorian)
}

// Weekday returns c's day of the week.
func (c CivilDate) Weekday() time.Weekday {
	return time.Date(c.Year, c.Month, c.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

// WeekStart returns the Monday on or before c, where a featured week's
// balance of categories and eras starts.
func (c CivilDate) WeekStart() CivilDate {
	return c.AddDays(-((int(c.Weekday()) + 6) % 7))
}

// EditionReader gives the edition of a calendar date. Every channel that
// publishes a day reads it here.
type EditionReader interface {
	Edition(ctx context.Context, date CivilDate) (*Edition, error)
}
