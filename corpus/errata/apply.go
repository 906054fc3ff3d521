package errata

import (
	"fmt"
	"slices"
	"strings"

	"flashback"
)

// Apply corrects events, in place, by the errata of files. Every erratum
// must name an event of its file's calendar file, and its old value must
// be what that event has: an erratum that no longer fits the data (the
// calendar file changed, a key was mistyped) is an error naming its row,
// never silently dropped.
//
// A corrected event carries its public corrections (Event.Corrections,
// keyed by the event's key and "#date" or "#headline", so that importing
// again updates rather than repeats them), its references as sources
// giving the corrected date, and its calendar-file source marked as giving
// the date it gave. Dating rows set Event.DateMark; withdraw rows leave
// the event unpublished.
func Apply(events []*flashback.Event, files []*File) error {
	byKey := make(map[string]*flashback.Event, len(events))
	for _, e := range events {
		byKey[e.ExternalKey] = e
	}
	for _, f := range files {
		for _, rows := range groupByKey(f.Errata) {
			e := byKey[rows[0].Key]
			if e == nil || e.Provenance.Origin != f.Origin() {
				return rowError(rows[0], "no event of %s has the key %s", f.Origin(), rows[0].Key)
			}
			if err := applyEvent(e, rows); err != nil {
				return err
			}
		}
	}
	return nil
}

// groupByKey returns the rows of each key together, keys in the order
// they first appear.
func groupByKey(rows []Erratum) [][]Erratum {
	var out [][]Erratum
	at := map[string]int{}
	for _, r := range rows {
		i, ok := at[r.Key]
		if !ok {
			i = len(out)
			at[r.Key] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], r)
	}
	return out
}

func rowError(r Erratum, format string, args ...any) error {
	return &Error{File: r.File, Line: r.Line, Msg: fmt.Sprintf(format, args...)}
}

// applyEvent applies the rows of one event. Each row's old value is
// compared with the event as imported, so the order of rows does not
// matter; the corrected date is checked once all are applied (a year and
// a day row may only make sense together, as 29 February does).
func applyEvent(e *flashback.Event, rows []Erratum) error {
	was := *e
	var dateRows []Erratum
	for _, r := range rows {
		var err error
		switch r.Field {
		case FieldYear:
			err = applyYear(e, was.Date, r)
		case FieldDay:
			err = applyDay(e, was.Date, r)
		case FieldCalendar:
			err = applyCalendar(e, was.Date, r)
		case FieldHeadline:
			err = applyHeadline(e, was, r)
		case FieldDating:
			kind, _ := flashback.ParseDateMarkKind(r.New) // checked by Parse
			e.DateMark = flashback.DateMark{Kind: kind, Reason: r.Reason, Reference: r.Reference}
		case FieldWithdraw:
			e.Published = false
		}
		if err != nil {
			return err
		}
		if r.Field == FieldYear || r.Field == FieldDay || r.Field == FieldCalendar {
			dateRows = append(dateRows, r)
		}
	}
	if len(dateRows) > 0 {
		if err := e.Date.Validate(); err != nil {
			return rowError(dateRows[0], "the corrected date of %s does not exist: %s", e.ExternalKey, flashback.ErrorMessage(err))
		}
		correctDate(e, was.Date, dateRows)
	}
	if e.Headline != was.Headline {
		r := rows[slices.IndexFunc(rows, func(r Erratum) bool { return r.Field == FieldHeadline })]
		e.Corrections = append(e.Corrections, flashback.Correction{
			Key:        e.ExternalKey + "#headline",
			Text:       "The source gave the headline \u201c" + was.Headline + "\u201d; it is \u201c" + e.Headline + "\u201d. " + sentence(r.Reason),
			References: []string{r.Reference},
		})
	}
	if err := e.Validate(); err != nil {
		return rowError(rows[0], "the corrected event %s is invalid: %s", e.ExternalKey, flashback.ErrorMessage(err))
	}
	return nil
}

func applyYear(e *flashback.Event, was flashback.HistDate, r Erratum) error {
	old, oldKnown, _ := ParseYear(r.Old) // checked by Parse
	if oldKnown != was.HasYear() || (oldKnown && old != was.Year) {
		return rowError(r, "old year %q, but %s has %s", r.Old, r.Key, yearOf(was))
	}
	year, known, _ := ParseYear(r.New)
	// A year given to a year-less entry keeps the Gregorian calendar such
	// entries are imported in.
	switch {
	case !known:
		e.Date.Year, e.Date.Precision, e.Date.Calendar = 0, flashback.PrecisionMonthDay, flashback.Gregorian
	case e.Date.Precision == flashback.PrecisionMonthDay:
		e.Date.Year, e.Date.Precision = year, flashback.PrecisionDay
	default:
		e.Date.Year = year
	}
	return nil
}

func yearOf(d flashback.HistDate) string {
	if !d.HasYear() {
		return "no year"
	}
	return flashback.FormatYear(d.Year)
}

func applyDay(e *flashback.Event, was flashback.HistDate, r Erratum) error {
	old, _ := ParseDay(r.Old) // checked by Parse
	if !was.OnDatePages() || old != was.MonthDay() {
		return rowError(r, "old day %s, but %s is dated %s", r.Old, r.Key, was)
	}
	md, _ := ParseDay(r.New)
	e.Date.Month, e.Date.Day = md.Month, md.Day
	return nil
}

func applyCalendar(e *flashback.Event, was flashback.HistDate, r Erratum) error {
	if was.Precision != flashback.PrecisionDay {
		return rowError(r, "%s has no full date, so no calendar to correct", r.Key)
	}
	if r.Old != was.Calendar.String() {
		return rowError(r, "old calendar %s, but %s was imported as %s", r.Old, r.Key, was.Calendar)
	}
	e.Date.Calendar, _ = flashback.ParseCalendar(r.New)
	return nil
}

// applyHeadline replaces the headline, and with it the slug and the
// summary the calendar importer made of it.
func applyHeadline(e *flashback.Event, was flashback.Event, r Erratum) error {
	if r.Old != was.Headline {
		return rowError(r, "old headline %q, but %s reads %q", r.Old, r.Key, was.Headline)
	}
	e.Headline = r.New
	e.Slug = flashback.Slugify(r.New)
	if rest, ok := strings.CutPrefix(was.Summary, was.Headline); ok {
		e.Summary = r.New + rest
	}
	return nil
}

// correctDate records what the date rows changed: the public correction,
// the date the calendar file gave on its own source, and each reference
// as a source giving the corrected date.
func correctDate(e *flashback.Event, was flashback.HistDate, rows []Erratum) {
	if e.Date == was {
		return
	}
	for i := range e.Sources {
		if e.Sources[i].Date == (flashback.HistDate{}) {
			e.Sources[i].Date = was
		}
	}
	var reasons, refs []string
	for _, r := range rows {
		reasons = append(reasons, sentence(r.Reason))
		if !slices.Contains(refs, r.Reference) {
			refs = append(refs, r.Reference)
			e.Sources = append(e.Sources, referenceSource(r.Reference, e.Date))
		}
	}
	e.Corrections = append(e.Corrections, flashback.Correction{
		Key:        e.ExternalKey + "#date",
		Text:       dateCorrection(was, e.Date) + " " + strings.Join(reasons, " "),
		References: refs,
	})
}

// dateCorrection says what the date was given as and what it is. A
// calendar file names no calendar: when only the calendar changed, the
// mistake was the importer's reading, and the sentence says so.
func dateCorrection(was, is flashback.HistDate) string {
	if was.Calendar == is.Calendar {
		return "The source gave " + was.String() + "; it is " + is.String() + "."
	}
	if was.Year == is.Year && was.Month == is.Month && was.Day == is.Day {
		return "We read the source's " + was.String() + " as a " + calendarName(was) + " date; it is " +
			calendarDate(is) + "."
	}
	return "The source gave " + was.String() + "; it is " + calendarDate(is) + "."
}

// calendarDate writes a date with its calendar, and a Julian date with its
// Gregorian equivalent: "29 February 1704 in the Julian calendar
// (11 March 1704 in the Gregorian)".
func calendarDate(d flashback.HistDate) string {
	if d.Calendar == flashback.Julian {
		return d.String() + " in the Julian calendar (" + d.In(flashback.Gregorian).String() + " in the Gregorian)"
	}
	return d.String() + " in the Gregorian calendar"
}

func calendarName(d flashback.HistDate) string {
	if d.Calendar == flashback.Julian {
		return "Julian"
	}
	return "Gregorian"
}

// referenceSource is an erratum's reference as a source of the event: a
// link when it is one, else a citation.
func referenceSource(ref string, d flashback.HistDate) flashback.Source {
	s := flashback.Source{Title: ref, URL: ref, Date: d}
	if _, ok := s.LinkURL(); !ok || strings.HasPrefix(ref, "/") {
		s.URL = ""
	}
	return s
}

// sentence ends s with a full stop unless it ends a sentence already.
func sentence(s string) string {
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}
