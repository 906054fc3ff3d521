package flashback

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"time"
)

// FeaturePick is an editor's choice of the featured story: for one calendar
// date (Year set) or for a month-day every year (Year 0). A pick for the
// calendar date wins over one for its month-day.
type FeaturePick struct {
	Year      int // 0: every year
	Month     time.Month
	Day       int
	EventID   int64 // 0 in SetFeaturePick removes the pick
	EditorID  int64
	Note      string
	CreatedAt time.Time
}

// EveryYear reports whether p applies to its month-day in every year.
func (p *FeaturePick) EveryYear() bool { return p.Year == 0 }

// AppliesTo reports whether p is a pick for date.
func (p *FeaturePick) AppliesTo(date CivilDate) bool {
	return p.Month == date.Month && p.Day == date.Day && (p.Year == 0 || p.Year == date.Year)
}

// Validate checks the day a pick is for.
func (p *FeaturePick) Validate() error {
	md := MonthDay{p.Month, p.Day}
	if !md.Valid() || p.Year < 0 {
		return Errorf(EINVALID, "A featured story is chosen for a real date.")
	}
	if p.Year > 0 && p.Day > DaysIn(p.Year, p.Month, Gregorian) {
		return Errorf(EINVALID, "%s %d has no %s.", p.Month, p.Year, md)
	}
	return nil
}

// FieldFeatured is the field of the revision that records a change of
// pick: the day an event gains or loses as the featured story.
const FieldFeatured = "featured"

// EventIssues is what stands open against an event: readers' reports and
// import conflicts. An event with either is never featured.
type EventIssues struct {
	OpenReports   int
	OpenConflicts int
}

// Open reports whether anything stands open.
func (i EventIssues) Open() bool { return i.OpenReports > 0 || i.OpenConflicts > 0 }

// FeatureStore keeps editors' picks and answers what the automatic choice
// needs to know about candidates.
type FeatureStore interface {
	// FeaturePicks returns the picks for calendar dates from..to
	// (inclusive) and every month-day pick.
	FeaturePicks(ctx context.Context, from, to CivilDate) ([]*FeaturePick, error)
	// SetFeaturePick stores p in place of any pick for the same day (EventID
	// 0 removes it) and records a revision on each event it concerns, in one
	// transaction. ENOTFOUND when the event does not exist.
	SetFeaturePick(ctx context.Context, p *FeaturePick) error
	// OpenIssues returns the open reports and conflicts of the events ids;
	// events with none are absent from the map.
	OpenIssues(ctx context.Context, ids []int64) (map[int64]EventIssues, error)
}

// Candidate is an event that could lead a day's edition, with what the
// choice weighs that the event itself does not say.
type Candidate struct {
	Event *Event
	// CleanArticle: the event has an article and the accuracy linter finds
	// no error in it.
	CleanArticle bool
	Issues       EventIssues
}

// FeatureDay is one calendar date to choose for.
type FeatureDay struct {
	Date       CivilDate
	Candidates []Candidate
	Picks      []*FeaturePick // editors' picks; those not for Date are ignored
	// Drafts are the day's unpublished events (imports held for review,
	// say): never candidates, but the editorial calendar lists them.
	Drafts []*Event
}

// Feature is the featured story chosen for a date.
type Feature struct {
	Date      CivilDate
	Candidate Candidate // zero Event when the day has nothing to feature
	ByEditor  bool
	Pick      *FeaturePick // the editor's pick that applies, even if set aside
	// SetAside says why the editor's pick is not featured ("1 open report").
	SetAside string
	Reason   string // why it was chosen, for readers; may be empty
}

// ChooseFeatures chooses the featured story of each of days, which must be
// consecutive dates in order. The choice depends only on its arguments, so
// every reader, instance and the digest get the same story. Categories and
// eras already featured earlier in the same week (from Monday) count
// against a candidate; callers pass the days from the Monday of the first
// date they need.
func ChooseFeatures(days []FeatureDay) []Feature {
	out := make([]Feature, len(days))
	var w weekBalance
	for i, d := range days {
		if i == 0 || d.Date.Weekday() == time.Monday {
			w = weekBalance{cats: map[string]int{}, eras: map[int]int{}}
		}
		out[i] = chooseFeature(d, w)
		if e := out[i].Candidate.Event; e != nil {
			w.cats[e.Category]++
			w.eras[era(e.Date)]++
		}
	}
	return out
}

// weekBalance counts what this week has featured so far.
type weekBalance struct {
	cats map[string]int
	eras map[int]int
}

func chooseFeature(d FeatureDay, w weekBalance) Feature {
	f := Feature{Date: d.Date}
	f.Pick = editorsPick(d)
	if f.Pick != nil {
		if c, ok := findCandidate(d.Candidates, f.Pick.EventID); !ok {
			f.SetAside = "the chosen event is not published on this date"
		} else if c.Issues.Open() {
			f.SetAside = c.Issues.String()
		} else {
			f.Candidate, f.ByEditor = c, true
			f.Reason = reasonFor(c, d.Date, true)
			return f
		}
	}
	best, bestScore := -1, 0
	for i, c := range d.Candidates {
		if !eligible(c) {
			continue
		}
		s := score(c, d.Date, w)
		if best < 0 || s > bestScore {
			best, bestScore = i, s
		}
	}
	if best >= 0 {
		f.Candidate = d.Candidates[best]
		f.Reason = reasonFor(f.Candidate, d.Date, false)
	}
	return f
}

// ByPreference returns d's candidates as the automatic choice weighs them
// on their own, best first: those it may choose by score, then those it
// may not (a draft, an open issue) in page order. The week's balance is
// left out, as it depends on the days before: the day's choice itself
// may differ from the first of this order where the week already has a
// story of the same category or era. Editors choosing among thousands of
// a large site's events read this order.
func ByPreference(d FeatureDay) []Candidate {
	out := slices.Clone(d.Candidates)
	scores := make(map[int64]int, len(out))
	for _, c := range out {
		if eligible(c) {
			scores[c.Event.ID] = score(c, d.Date, weekBalance{})
		}
	}
	slices.SortStableFunc(out, func(a, b Candidate) int {
		sa, okA := scores[a.Event.ID]
		sb, okB := scores[b.Event.ID]
		switch {
		case okA != okB && okA:
			return -1
		case okA != okB:
			return 1
		}
		return cmp.Compare(sb, sa)
	})
	return out
}

// editorsPick returns the pick for the calendar date, else the one for its
// month-day, else nil.
func editorsPick(d FeatureDay) *FeaturePick {
	var everyYear *FeaturePick
	for _, p := range d.Picks {
		if !p.AppliesTo(d.Date) || p.EventID == 0 {
			continue
		}
		if !p.EveryYear() {
			return p
		}
		everyYear = p
	}
	return everyYear
}

func findCandidate(cs []Candidate, id int64) (Candidate, bool) {
	for _, c := range cs {
		if c.Event.ID == id && c.Event.Published {
			return c, true
		}
	}
	return Candidate{}, false
}

func eligible(c Candidate) bool {
	return c.Event.Published && c.Event.Date.OnDatePages() && !c.Issues.Open()
}

// Weights of the automatic choice. An article that lints clean outweighs
// everything else; the week's balance can overturn an anniversary or a
// source's selection, but not an article.
const (
	weightArticle  = 1000
	weightRound    = 300
	weightCentury  = 100 // on top of weightRound for 100, 200, … years
	weightSelected = 200
	weightYear     = 50 // a dated event reads better as a lead than an observance
	weightSummary  = 20
	penaltyCat     = 150 // per story of the same category earlier this week
	penaltyEra     = 80  // per story of the same era earlier this week
)

func score(c Candidate, date CivilDate, w weekBalance) int {
	e := c.Event
	s := 0
	if c.CleanArticle {
		s += weightArticle
	}
	if e.Selected {
		s += weightSelected
	}
	if e.Date.HasYear() {
		s += weightYear
		if n := yearsOn(e, date); IsRoundAnniversary(n) {
			s += weightRound
			if n%100 == 0 {
				s += weightCentury
			}
		}
	}
	if SummaryAdds(e) {
		s += weightSummary
	}
	s -= penaltyCat*w.cats[e.Category] + penaltyEra*w.eras[era(e.Date)]
	// Ties go to a hash of date and event, so that equal candidates are
	// not always decided by storage order, yet always the same way.
	return s*1000 + tieBreak(date, e.ID)
}

// tieBreak is FNV-1a (32 bits) of "date/id" modulo 1000. It is written
// out rather than taken from hash/fnv, whose hash escapes to the heap: it
// runs for every candidate of every day chosen, 168,589 for the editors'
// calendar on a site of a million events.
func tieBreak(date CivilDate, id int64) int {
	var buf [48]byte
	b := date.AppendTo(buf[:0])
	b = append(b, '/')
	b = strconv.AppendInt(b, id, 10)
	h := uint32(fnvOffset32)
	for _, c := range b {
		h ^= uint32(c)
		h *= fnvPrime32
	}
	return int(h % 1000)
}

// The FNV-1a parameters for 32 bits.
const (
	fnvOffset32 = 2166136261
	fnvPrime32  = 16777619
)

// era buckets a year for the week's balance; -1 for year-less entries,
// which have no era.
func era(d HistDate) int {
	if !d.HasYear() {
		return -1
	}
	for i, limit := range []int{500, 1500, 1800, 1900, 1950, 2000} {
		if d.Year < limit {
			return i
		}
	}
	return 6
}

// reasonFor says why c leads date's edition, for readers.
func reasonFor(c Candidate, date CivilDate, byEditor bool) string {
	var parts []string
	if byEditor {
		parts = append(parts, "Editors’ choice")
	}
	if n := yearsOn(c.Event, date); c.Event.Date.HasYear() && IsRoundAnniversary(n) {
		parts = append(parts, Ordinal(n)+" anniversary")
	}
	if len(parts) == 0 && c.Event.Selected {
		parts = append(parts, "A highlight of the day in our sources")
	}
	s := ""
	for i, p := range parts {
		if i > 0 {
			s += " · "
		}
		s += p
	}
	return s
}

// String says what stands open, for editors: "1 open report and 2 open
// conflicts"; "" when nothing does.
func (i EventIssues) String() string {
	var s string
	if i.OpenReports > 0 {
		s = Plural(i.OpenReports, "open report", "open reports")
	}
	if i.OpenConflicts > 0 {
		if s != "" {
			s += " and "
		}
		s += Plural(i.OpenConflicts, "open conflict", "open conflicts")
	}
	return s
}

// Ordinal writes n as an English ordinal: 1st, 2nd, 3rd, 11th, 80th, 101st.
func Ordinal(n int) string {
	suffix := "th"
	switch n % 10 {
	case 1:
		suffix = "st"
	case 2:
		suffix = "nd"
	case 3:
		suffix = "rd"
	}
	if m := n % 100; m >= 11 && m <= 13 {
		suffix = "th"
	}
	return strconv.Itoa(n) + suffix
}

// Plural writes a count with the noun that fits it: "1 open report",
// "3 open reports", and "no open reports" for none.
func Plural(n int, one, many string) string {
	switch n {
	case 0:
		return "no " + many
	case 1:
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
