package wikimedia

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"flashback"
)

// Attribution is the Note of every source: Wikipedia's text licence.
const Attribution = "Wikipedia, CC BY-SA 4.0"

// maxPages bounds the sources kept per entry; real entries link a handful.
const maxPages = 10

// rawEntry is one item of a feed list. Year stays raw so that "absent",
// 0 and non-integers can be told apart; pages stay raw so that one odd page
// does not cost the whole entry.
type rawEntry struct {
	Text  *string           `json:"text"`
	Year  json.RawMessage   `json:"year"`
	Pages []json.RawMessage `json:"pages"`
}

// rawPage is the part of a page summary the importer uses.
type rawPage struct {
	Title           string `json:"title"`
	NormalizedTitle string `json:"normalizedtitle"`
	Titles          struct {
		Normalized string `json:"normalized"`
	} `json:"titles"`
	Extract     string       `json:"extract"`
	Thumbnail   rawThumbnail `json:"thumbnail"`
	ContentURLs struct {
		Desktop struct {
			Page string `json:"page"`
		} `json:"desktop"`
	} `json:"content_urls"`
}

// parser holds the state of one Parse call.
type parser struct {
	md     flashback.MonthDay
	origin string
	events []*flashback.Event
	skips  []flashback.Skip
	// pictures holds the thumbnail of each event that has one.
	pictures map[*flashback.Event]Picture
	// byRef finds the event an entry made, to mark it selected when
	// the "selected" list repeats it.
	byRef map[string]*flashback.Event
	// seen maps an ExternalKey to the entry that took it.
	seen map[string]string
	// pageSets maps a year and the set of linked pages of an "events" entry
	// to that entry, to recognise the same anniversary in "selected" even
	// when its wording differs.
	pageSets map[string]string
}

func newParser(md flashback.MonthDay, origin string) *parser {
	return &parser{md: md, origin: origin, seen: map[string]string{}, pageSets: map[string]string{},
		pictures: map[*flashback.Event]Picture{}, byRef: map[string]*flashback.Event{}}
}

// list reads one feed list ("events", "births", …).
func (p *parser) list(kind string, raw json.RawMessage) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		p.skip(kind, fmt.Sprintf("%q is not a list of entries", kind))
		return
	}
	for i, item := range items {
		p.entry(kind, i, item)
	}
}

// entry turns one list item into an event or a skip.
func (p *parser) entry(kind string, i int, item json.RawMessage) {
	at := ref(kind, i)
	var raw rawEntry
	if err := json.Unmarshal(item, &raw); err != nil {
		p.skip(at, "the entry is not an object with text, year and pages")
		return
	}
	ev, pages, reason := p.build(kind, at, raw)
	if reason != "" {
		p.skip(at, reason)
		return
	}
	if first, dup := p.seen[ev.ExternalKey]; dup {
		p.repeat(kind, at, first, "repeats "+first)
		return
	}
	set := pageSetKey(ev.Date.Year, ev.Sources)
	if first, dup := p.pageSets[set]; dup && kind == "selected" {
		p.repeat(kind, at, first, "the same anniversary as "+first+" (same year and linked pages)")
		return
	}
	if kind == "events" && set != "" {
		p.pageSets[set] = at
	}
	p.seen[ev.ExternalKey] = at
	p.byRef[at] = ev
	p.events = append(p.events, ev)
	if pic, ok := pictureOf(pages); ok {
		p.pictures[ev] = pic
	}
}

// repeat skips an entry that repeats the earlier entry first; when the
// repeat is in "selected", the feed's editors picked the earlier one out.
func (p *parser) repeat(kind, at, first, reason string) {
	if ev := p.byRef[first]; ev != nil && kind == "selected" {
		ev.Selected = true
	}
	p.skip(at, reason)
}

// build makes the event of an entry, or says why it cannot.
func (p *parser) build(kind, at string, raw rawEntry) (*flashback.Event, []rawPage, string) {
	if raw.Text == nil {
		return nil, nil, "the entry has no text"
	}
	text := cleanText(*raw.Text)
	if text == "" {
		return nil, nil, "the entry's text is empty"
	}
	date, reason := p.date(kind, raw.Year)
	if reason != "" {
		return nil, nil, reason
	}
	pages := decodePages(raw.Pages)
	ev := &flashback.Event{
		Date:        date,
		Category:    category(kind),
		Headline:    headlineOf(text),
		Summary:     summaryOf(pages, text),
		Body:        articleOf(pages),
		Sources:     sourcesOf(pages, p.md),
		Provenance:  flashback.Provenance{Importer: Importer, Origin: p.origin, Ref: at},
		ExternalKey: externalKey(kind, p.md, date, text),
		Published:   true,
		Selected:    kind == "selected",
	}
	ev.Slug = flashback.Slugify(ev.Headline)
	if err := ev.Validate(); err != nil {
		return nil, nil, flashback.ErrorMessage(err)
	}
	return ev, pages, ""
}

// date builds the historical date of an entry of list kind.
func (p *parser) date(kind string, rawYear json.RawMessage) (flashback.HistDate, string) {
	if kind == "holidays" {
		// Observances recur every year; a year, if any, is not theirs.
		return flashback.HistDate{Month: p.md.Month, Day: p.md.Day, Precision: flashback.PrecisionMonthDay}, ""
	}
	year, reason := astronomicalYear(rawYear)
	if reason != "" {
		return flashback.HistDate{}, reason
	}
	d := flashback.HistDate{Year: year, Month: p.md.Month, Day: p.md.Day, Precision: flashback.PrecisionDay}
	if beforeReform(d) {
		d.Calendar = flashback.Julian
	}
	return d, ""
}

// astronomicalYear reads the feed's year (historical numbering: -44 is
// 44 BC) and returns it astronomically (44 BC is -43).
func astronomicalYear(raw json.RawMessage) (int, string) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return 0, "the entry has no year"
	}
	y, err := strconv.Atoi(s)
	switch {
	case err != nil:
		return 0, fmt.Sprintf("the year %.40s is not a whole number", s)
	case y == 0:
		return 0, "year 0 does not exist in the feed's numbering (1 BC is -1)"
	case y < flashback.MinYear || y > flashback.MaxYear:
		return 0, fmt.Sprintf("the year %d is outside the supported range", y)
	case y < 0:
		return y + 1, ""
	}
	return y, ""
}

// beforeReform reports whether d falls before the Gregorian reform of
// 15 October 1582; Wikipedia gives such dates in the Julian calendar.
func beforeReform(d flashback.HistDate) bool {
	if d.Year != 1582 {
		return d.Year < 1582
	}
	return d.Month < 10 || (d.Month == 10 && d.Day < 15)
}

func category(kind string) string {
	switch kind {
	case "births":
		return flashback.CategoryBirths
	case "deaths":
		return flashback.CategoryDeaths
	case "holidays":
		return flashback.CategoryHolidays
	}
	return flashback.CategoryHistory
}

// externalKey identifies an entry across imports: its list, day, year and
// a hash of its normalised text. "selected" shares the key space of
// "events", so an anniversary present in both, or imported from both
// files, is one event.
func externalKey(kind string, md flashback.MonthDay, d flashback.HistDate, text string) string {
	if kind == "selected" {
		kind = "events"
	}
	year := "-"
	if d.HasYear() {
		year = strconv.Itoa(d.Year)
	}
	norm := strings.TrimRight(strings.ToLower(text), ".")
	sum := sha256.Sum256([]byte(norm))
	return fmt.Sprintf("%s:%s:%02d-%02d:%s:%s", Importer, kind, int(md.Month), md.Day, year, hex.EncodeToString(sum[:8]))
}

// pageSetKey is the year and sorted page titles of an entry linking two or
// more pages; "" otherwise, as one shared page says little.
func pageSetKey(year int, sources []flashback.Source) string {
	var titles []string
	for _, s := range sources {
		if s.URL != "" {
			titles = append(titles, s.Title)
		}
	}
	if len(titles) < 2 {
		return ""
	}
	slices.Sort(titles)
	return strconv.Itoa(year) + "\x00" + strings.Join(titles, "\x00")
}

// headlineOf is the text, cut with an ellipsis when too long to be a headline.
func headlineOf(text string) string {
	if len(text) <= maxHeadline {
		return text
	}
	return cutWords(text, maxHeadline-len("…")) + "…"
}

func (p *parser) skip(at, reason string) {
	p.skips = append(p.skips, flashback.Skip{Ref: p.origin + ":" + at, Reason: reason})
}
