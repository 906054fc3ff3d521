package flashback

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Category groups events on date pages ("World History", "Births", …).
type Category struct {
	Slug        string
	Name        string
	Description string
	Position    int // order on pages, ascending
}

// FindCategory returns the category of slug among cats.
func FindCategory(cats []*Category, slug string) (*Category, bool) {
	for _, c := range cats {
		if c.Slug == slug {
			return c, true
		}
	}
	return nil, false
}

// Well-known category slugs. The bundled corpus and importers use them; editors
// may add others.
const (
	CategoryHistory  = "world-history"
	CategoryScience  = "science-technology"
	CategoryMusic    = "music"
	CategoryCulture  = "arts-culture"
	CategoryBirths   = "births"
	CategoryDeaths   = "deaths"
	CategoryHolidays = "holidays-observances"
)

// Source is where a fact came from: a title, and a link where there is one.
type Source struct {
	Title string
	URL   string
	Note  string // e.g. a licence or attribution line
	// Date is the date this source gives for the event, recorded when it
	// differs from the event's own (an erratum corrected what the source
	// said). Zero means the source gives the event's date: an importer
	// reads an event's date from its source.
	Date HistDate
}

// LinkURL returns the source's link in a form safe to put in a page: an
// absolute http(s) URL, or a path on this site ("/licences#bsd-calendar").
// Anything else (javascript:, data:, "//host", backslashes) gives "", false.
func (s Source) LinkURL() (string, bool) {
	if s.URL == "" || strings.ContainsAny(s.URL, "\\ \t\r\n") {
		return "", false
	}
	u, err := url.Parse(s.URL)
	if err != nil {
		return "", false
	}
	switch {
	case (u.Scheme == "http" || u.Scheme == "https") && u.Host != "":
		return u.String(), true
	case u.Scheme == "" && u.Host == "" && strings.HasPrefix(s.URL, "/") && !strings.HasPrefix(s.URL, "//"):
		return u.String(), true
	}
	return "", false
}

// Provenance records which importer brought an event in, from what.
type Provenance struct {
	Importer string // "bsdcal", "wikimedia", "csv", "editor"
	Origin   string // file or feed name, e.g. "calendar.history"
	Ref      string // position inside it, e.g. "line 214"
}

// Event is one thing that happened on a historical date.
type Event struct {
	ID         int64
	Date       HistDate
	Category   string // Category.Slug
	Headline   string
	Summary    string // plain-text teaser shown on date pages
	Body       string // the long-form article in Markdown; may be empty
	Slug       string // URL slug derived from the headline
	Sources    []Source
	Provenance Provenance
	// ExternalKey is the stable identity of an imported record, so that
	// re-running an import updates rather than duplicates. Empty for events
	// written by editors.
	ExternalKey string
	Published   bool
	// Selected records that the source itself picked the event out, as
	// Wikipedia's "selected" list does; a featured-story picker may
	// prefer such events.
	Selected bool
	// Image is the event's picture, kept and served by this site; nil
	// when it has none.
	Image *Image
	// DateMark qualifies the date when it is not simply established
	// (unconfirmed, traditional, disputed); zero when it is.
	DateMark DateMark
	// Corrections are public corrections an importer publishes with the
	// event (the bundled corpus's errata). A store writes each one once,
	// matched by its Key, and updates its text when that changed; reads
	// leave the field empty (the log is read with CorrectionFinder).
	Corrections []Correction
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Validate checks the fields a store refuses to keep without.
func (e *Event) Validate() error {
	if err := e.Date.Validate(); err != nil {
		return err
	}
	if err := e.cleanText(); err != nil {
		return err
	}
	if e.Headline == "" {
		return Errorf(EINVALID, "An event needs a headline.")
	}
	if len(e.Headline) > 500 {
		return Errorf(EINVALID, "The headline is too long (500 characters at most).")
	}
	if e.Category == "" {
		return Errorf(EINVALID, "An event needs a category.")
	}
	if err := e.DateMark.Validate(); err != nil {
		return err
	}
	for _, s := range e.Sources {
		if s.Date != (HistDate{}) {
			if err := s.Date.Validate(); err != nil {
				return err
			}
		}
	}
	return nil
}

// cleanText cleans every text field in place, as CleanLine and CleanText
// say: importers, the editor and the store all pass through Validate, so
// no path can store a headline with a line break or a bidi override.
func (e *Event) cleanText() error {
	err := cleanLines(textField{"The headline", &e.Headline}, textField{"The category", &e.Category},
		textField{"The origin", &e.Provenance.Origin}, textField{"The origin's position", &e.Provenance.Ref})
	if err != nil {
		return err
	}
	if err := cleanTexts(textField{"The summary", &e.Summary}); err != nil {
		return err
	}
	if e.Body, err = CleanText("The article", e.Body); err != nil {
		return err
	}
	for i := range e.Sources {
		s, what := &e.Sources[i], "Source "+strconv.Itoa(i+1)
		if err := cleanLines(textField{what, &s.Title}, textField{what, &s.URL}, textField{what, &s.Note}); err != nil {
			return err
		}
	}
	m := &e.DateMark
	return cleanLines(textField{"The date mark's reason", &m.Reason}, textField{"The date mark's reference", &m.Reference})
}

// EventFilter selects events. Zero fields do not filter.
type EventFilter struct {
	ID       *int64
	On       []MonthDay // day-precision events remembered on any of these days
	Year     *int       // astronomical year
	Category string
	Query    string // full-text search over headline, summary and body
	// IncludeDrafts includes unpublished events; readers never see them.
	IncludeDrafts bool
	// OnlyDrafts keeps the unpublished events alone, for the editors'
	// calendar, which would otherwise read a large site's every published
	// event of each day to find the few drafts among them.
	OnlyDrafts bool
	// PerDay, when positive, keeps at most this many events of each day
	// of the year, and only events remembered on one (their month and day
	// known, as On lists them): a calendar of a large site's
	// anniversaries stays one an app can load. A day keeps first the
	// events dated in one of Prefer's years (astronomical; year-less
	// entries never are), then those with an article, then the rest in
	// page order. Those kept come in page order, and the total counts
	// only them.
	PerDay int
	Prefer []int
	Offset int
	Limit  int // 0 means no limit
}

// Days returns the days of the year f asks for: those of On, else all
// 366, as PerDay ranks each of them.
func (f EventFilter) Days() []MonthDay {
	if len(f.On) > 0 {
		return f.On
	}
	return AllMonthDays()
}

// HeadlineMatch asks for the events whose headlines share the most, and
// the rarest, of some words: the likely retellings of one headline, found
// without reading or counting every event that shares a common word.
type HeadlineMatch struct {
	Words      []string // any of them may match; case and accents do not matter
	Categories []string // only events filed under these; none means every category
	Limit      int      // at most this many; it must be positive
}

// ImportStats counts what an import did.
type ImportStats struct {
	Added     int
	Updated   int
	Unchanged int
	Skipped   []Skip
}

// Skip is one input record an importer or store did not take, and why.
type Skip struct {
	Ref    string // where in the input, e.g. "calendar.history:214"
	Reason string
}

// EventStore keeps events and categories.
type EventStore interface {
	// FindEventByID returns ENOTFOUND when there is no such event.
	FindEventByID(ctx context.Context, id int64) (*Event, error)
	// FindEvents returns the matching events, ordered by month, day, year,
	// and the total number that match regardless of Offset/Limit.
	FindEvents(ctx context.Context, filter EventFilter) ([]*Event, int, error)
	// MatchHeadlines returns up to m.Limit events, drafts included, whose
	// headlines hold any of m.Words, the best match first. Its cost is
	// bounded by the words' matches in an index, not by the events'
	// articles, and it counts nothing.
	MatchHeadlines(ctx context.Context, m HeadlineMatch) ([]*Event, error)
	CreateEvent(ctx context.Context, e *Event) error
	UpdateEvent(ctx context.Context, e *Event) error
	// ImportEvents adds or updates events by ExternalKey in one transaction.
	ImportEvents(ctx context.Context, events []*Event) (ImportStats, error)
	Categories(ctx context.Context) ([]*Category, error)
	// ContentVersion changes whenever readers' content changes, so caches
	// of rendered pages know when to drop what they hold.
	ContentVersion(ctx context.Context) (int64, error)
}

// maxSlug bounds a slug's length.
const maxSlug = 80

// Slugify turns a headline into a URL slug: lower-case ASCII letters and
// digits separated by single hyphens, at most maxSlug characters, cut
// after a whole word unless one word alone is longer than half of that.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		// One character past the bound tells whether the bound falls
		// between words.
		if b.Len() > maxSlug {
			break
		}
		if unicode.Is(unicode.Mn, r) {
			continue // a mark belongs to the letter before it ("i̇" of "İ")
		}
		folded := slugLetters(r)
		if folded == "" {
			dash = true
			continue
		}
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash = false
		b.WriteString(folded)
	}
	slug := b.String()
	if len(slug) > maxSlug {
		if i := strings.LastIndexByte(slug[:maxSlug+1], '-'); i >= maxSlug/2 {
			slug = slug[:i]
		} else {
			slug = slug[:maxSlug]
		}
	}
	out := strings.TrimRight(slug, "-")
	if out == "" {
		return "event"
	}
	return out
}

// slugLetters is a lower-case letter or digit as a slug writes it: ASCII
// as it is, an accented Latin letter as its plain letters ("ó" is "o"),
// and "" for anything else, which only separates words.
func slugLetters(r rune) string {
	switch {
	case r < unicode.MaxASCII:
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return string(r)
		}
		return ""
	case foldLatin[r] != "":
		return foldLatin[r]
	case slugOnly[r] != "":
		return slugOnly[r]
	}
	// A letter with marks decomposes into its base and the marks: "ź" is
	// "z" and an acute accent.
	var base strings.Builder
	for _, c := range norm.NFD.String(string(r)) {
		if c < unicode.MaxASCII && unicode.IsLetter(c) {
			base.WriteRune(c)
		}
	}
	return base.String()
}

// slugOnly spells, for slugs, Latin letters that decompose into no plain
// letter and that foldLatin leaves out. Search spells most of them the same
// way (see searchLetters), but as PostgreSQL's unaccent does, which makes
// "ŋ" an "n" where a reader of an address expects "ng".
var slugOnly = map[rune]string{
	'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i", 'ħ': "h", 'ŧ': "t", 'ŀ': "l", 'ŋ': "ng", 'ĸ': "k",
}

// foldLatin maps common accented letters to ASCII so slugs stay readable.
var foldLatin = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'æ': "ae",
	'ç': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ì': "i", 'í': "i",
	'î': "i", 'ï': "i", 'ñ': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o",
	'ö': "o", 'ø': "o", 'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ý': "y",
	'ÿ': "y", 'ß': "ss", 'œ': "oe", 'ł': "l", 'č': "c", 'š': "s", 'ž': "z",
}
