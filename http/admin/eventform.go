package admin

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"flashback"
)

// eventForm is the event editor's fields as typed, so that a form with an
// error comes back exactly as the editor left it.
type eventForm struct {
	Headline, Category, Summary, Body, Slug, Sources string
	Year, Month, Day, Precision, Calendar            string
	Mark, MarkReason, MarkReference                  string
	Note, Override, Correction                       string
}

func formFromEvent(e *flashback.Event) eventForm {
	d := e.Date
	f := eventForm{
		Headline: e.Headline, Category: e.Category, Summary: e.Summary, Body: e.Body, Slug: e.Slug,
		Precision: d.Precision.String(), Calendar: d.Calendar.String(),
		Sources: formatSources(e.Sources),
		Mark:    string(e.DateMark.Kind), MarkReason: e.DateMark.Reason, MarkReference: e.DateMark.Reference,
	}
	if d.HasYear() {
		f.Year = yearField(d.Year)
	}
	if d.Month != 0 {
		f.Month = strconv.Itoa(int(d.Month))
	}
	if d.Day != 0 {
		f.Day = strconv.Itoa(d.Day)
	}
	return f
}

// yearField writes an astronomical year as editors type it: "1929", "44 BC".
func yearField(y int) string {
	if y <= 0 {
		return strconv.Itoa(1-y) + " BC"
	}
	return strconv.Itoa(y)
}

func readEventForm(r *http.Request) eventForm {
	v := func(k string) string { return r.PostFormValue(k) }
	return eventForm{
		Headline: v("headline"), Category: v("category"), Summary: v("summary"), Body: v("body"),
		Slug: strings.TrimSpace(v("slug")), Sources: v("sources"),
		Year: v("year"), Month: v("month"), Day: v("day"), Precision: v("precision"), Calendar: v("calendar"),
		Mark: v("mark"), MarkReason: strings.TrimSpace(v("mark_reason")), MarkReference: strings.TrimSpace(v("mark_reference")),
		Note: strings.TrimSpace(v("note")), Override: strings.TrimSpace(v("override")),
		Correction: strings.TrimSpace(v("correction")),
	}
}

// apply returns a copy of base with the form's fields; base keeps what the
// form does not show (provenance, external key, publication).
func (f eventForm) apply(base *flashback.Event) (*flashback.Event, error) {
	e := *base
	d, err := f.date()
	if err != nil {
		return nil, err
	}
	e.Date = d
	e.Headline = strings.TrimSpace(f.Headline)
	e.Category = f.Category
	e.Summary = strings.TrimSpace(f.Summary)
	e.Body = strings.ReplaceAll(f.Body, "\r\n", "\n")
	e.Slug = flashback.Slugify(f.Slug)
	if strings.TrimSpace(f.Slug) == "" {
		e.Slug = flashback.Slugify(e.Headline)
	}
	if e.Sources, err = parseSources(f.Sources); err != nil {
		return nil, err
	}
	// The form does not show what date each source gives; without this,
	// a calendar file an erratum or an editor corrected would seem to
	// give the new date.
	flashback.KeepSourceDates(base, &e)
	if e.DateMark, err = f.dateMark(); err != nil {
		return nil, err
	}
	return &e, e.Validate()
}

// dateMark reads the mark an editor gives the date: none clears it, so
// an editor who confirms a date an erratum marked can say so.
func (f eventForm) dateMark() (flashback.DateMark, error) {
	if f.Mark == "" {
		return flashback.DateMark{}, nil
	}
	kind, err := flashback.ParseDateMarkKind(f.Mark)
	if err != nil {
		return flashback.DateMark{}, err
	}
	if f.MarkReason == "" {
		return flashback.DateMark{}, flashback.Errorf(flashback.EINVALID,
			"Say why the date is marked: readers see the reason beside it.")
	}
	return flashback.DateMark{Kind: kind, Reason: f.MarkReason, Reference: f.MarkReference}, nil
}

func (f eventForm) date() (flashback.HistDate, error) {
	var d flashback.HistDate
	var err error
	if d.Precision, err = flashback.ParsePrecision(f.Precision); err != nil {
		return d, err
	}
	if d.Calendar, err = flashback.ParseCalendar(f.Calendar); err != nil {
		return d, err
	}
	if d.Precision != flashback.PrecisionMonthDay {
		if d.Year, err = editorYear(f.Year); err != nil {
			return d, err
		}
	}
	if d.Precision != flashback.PrecisionYear {
		m, err := strconv.Atoi(strings.TrimSpace(f.Month))
		if err != nil || m < 1 || m > 12 {
			return d, flashback.Errorf(flashback.EINVALID, "Choose a month.")
		}
		d.Month = time.Month(m)
	}
	if d.Precision == flashback.PrecisionDay || d.Precision == flashback.PrecisionMonthDay {
		if d.Day, err = strconv.Atoi(strings.TrimSpace(f.Day)); err != nil {
			return d, flashback.Errorf(flashback.EINVALID, "The day must be a number.")
		}
	}
	return d, d.Validate()
}

// editorYear reads the year an editor typed. A signed or zero year is
// refused: flashback.ParseYear reads it astronomically (-43 is 44 BC), as
// machines write years, but an editor copying "-44" from a page meant 44
// BC or not, and nothing on the form would show which was stored.
func editorYear(s string) (int, error) {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "+") || strings.Trim(t, "0") == "" && t != "" {
		return 0, flashback.Errorf(flashback.EINVALID, "Write the year with its era and no sign: 44 BC, 1 BC, AD 1 or 1929 (there is no year 0).")
	}
	return flashback.ParseYear(t)
}

// formatSources writes one source per line: "Title | URL | Note".
func formatSources(ss []flashback.Source) string {
	lines := make([]string, len(ss))
	for i, s := range ss {
		parts := []string{s.Title}
		if s.URL != "" || s.Note != "" {
			parts = append(parts, s.URL)
		}
		if s.Note != "" {
			parts = append(parts, s.Note)
		}
		lines[i] = strings.Join(parts, " | ")
	}
	return strings.Join(lines, "\n")
}

func parseSources(text string) ([]flashback.Source, error) {
	var out []flashback.Source
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		parts := strings.SplitN(line, "|", 3)
		for len(parts) < 3 {
			parts = append(parts, "")
		}
		s := flashback.Source{Title: strings.TrimSpace(parts[0]), URL: strings.TrimSpace(parts[1]), Note: strings.TrimSpace(parts[2])}
		if _, ok := s.LinkURL(); s.URL != "" && !ok {
			return nil, flashback.Errorf(flashback.EINVALID, "Source %d: a link must start with http:// or https://, or be a page of this site such as /licences.", i+1)
		}
		if s.Title == "" {
			s.Title = s.URL
		}
		if s.Title == "" {
			continue
		}
		out = append(out, s)
	}
	return out, nil
}
