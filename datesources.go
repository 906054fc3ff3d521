package flashback

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// DateWitness is one source's word on an event's date.
type DateWitness struct {
	Source Source
	Date   HistDate
}

// SameEventFinder finds the stored records of other sources that tell of
// the same event as e (a Wikipedia feed record beside a calendar entry),
// whatever dates they give.
type SameEventFinder interface {
	SameEvents(ctx context.Context, e *Event) ([]*Event, error)
}

// DateWitnesses returns what e's own sources say of its date. A source
// with no date of its own gives the event's: importers read the date there.
func (e *Event) DateWitnesses() []DateWitness {
	out := make([]DateWitness, 0, len(e.Sources))
	for _, s := range e.Sources {
		d := s.Date
		if d == (HistDate{}) {
			d = e.Date
		}
		out = append(out, DateWitness{Source: s, Date: d})
	}
	return out
}

// Agrees reports whether two dates are consistent on what both know: a
// year-only date agrees with any day of its year, a date without a year
// with any year on its day, and one day written in two calendars
// (25 October 1917 Old Style, 7 November 1917) with itself.
func (d HistDate) Agrees(o HistDate) bool {
	if d.Precision == PrecisionDay && o.Precision == PrecisionDay && d.JDN() == o.JDN() {
		return true
	}
	if d.HasYear() && o.HasYear() && d.Year != o.Year {
		return false
	}
	if d.Precision != PrecisionYear && o.Precision != PrecisionYear && d.Month != o.Month {
		return false
	}
	return !(d.OnDatePages() && o.OnDatePages() && d.Day != o.Day)
}

// SourceFamily names the publication a source belongs to. Sources of one
// family are not independent witnesses of a date: the rule is mechanical
// and errs towards counting fewer, since copying between publications
// cannot be seen from a citation. Every page of one web site is one
// family (all of Wikipedia's languages too: they translate one another,
// and the Wikimedia feed copies Wikipedia); a path on this site is one
// family per path (every BSD calendar file links the same licence page,
// and they are one project's data); a citation without a link is one
// family per title, case and spacing aside.
func SourceFamily(s Source) string {
	if link, ok := s.LinkURL(); ok {
		u, _ := url.Parse(link) // LinkURL only returns what parses
		if u.Host == "" {
			return "site:" + u.Path + "#" + u.Fragment
		}
		return "web:" + siteOf(strings.ToLower(u.Hostname()))
	}
	return "cite:" + strings.ToLower(strings.Join(strings.Fields(s.Title), " "))
}

// siteOf keeps the part of a host name that one owner registers:
// "en.wikipedia.org" is wikipedia.org, "www.bbc.co.uk" bbc.co.uk (a short
// second-level label under a country code is taken as a public suffix).
func siteOf(host string) string {
	labels := strings.Split(host, ".")
	n := 2
	if len(labels) >= 3 && len(labels[len(labels)-1]) == 2 && len(labels[len(labels)-2]) <= 3 {
		n = 3
	}
	if len(labels) <= n {
		return host
	}
	return strings.Join(labels[len(labels)-n:], ".")
}

// DateAgreement says in one or two sentences how many independent sources
// give date, an event's date as shown, and whether they agree: "Date given
// by 2 independent sources; they agree.", or "Sources disagree:
// calendar.history gives 1 January 1947; Britannica gives 5 March 1946."
func DateAgreement(date HistDate, ws []DateWitness) string {
	families := familiesOf(ws)
	claims := claimsOf(families)
	switch {
	case len(families) == 0:
		return "No source is recorded for this date yet."
	case len(claims) > 1:
		return "Sources disagree: " + claimsText(claims) + "."
	case !claims[0].date.Agrees(date):
		// An editor corrected the date and gave no source for it.
		return "No recorded source gives this date: " + claimsText(claims) + "."
	case len(families) == 1:
		return "Date given by one source, not yet confirmed by a second."
	}
	return fmt.Sprintf("Date given by %d independent sources; they agree.", len(families))
}

// claimsText writes "A gives D1; B and C give D2".
func claimsText(claims []*claim) string {
	parts := make([]string, len(claims))
	for i, c := range claims {
		verb := " gives "
		if len(c.names) > 1 {
			verb = " give "
		}
		parts[i] = joinNames(c.names) + verb + c.date.String()
	}
	return strings.Join(parts, "; ")
}

// KeepSourceDates carries over to after's sources what before's sources
// (matched by title and link) gave for the date: the date recorded on
// them, or before's own date when after moves an imported event to
// another date. The importer read that date in them, and correcting the
// event does not change what a source says. An editor's own event is
// left alone: its sources are the editor's, and follow the editor's date.
func KeepSourceDates(before, after *Event) {
	for i := range after.Sources {
		s := &after.Sources[i]
		for _, b := range before.Sources {
			if b.Title != s.Title || b.URL != s.URL {
				continue
			}
			s.Date = b.Date
			if s.Date == (HistDate{}) && before.ExternalKey != "" && before.Date != after.Date {
				s.Date = before.Date
			}
			break
		}
	}
}

// family is the witnesses of one SourceFamily, in the order first seen.
type family struct {
	name  string
	dates []HistDate // the distinct dates its members give
}

func familiesOf(ws []DateWitness) []*family {
	var out []*family
	index := map[string]*family{}
	for _, w := range ws {
		key := SourceFamily(w.Source)
		f := index[key]
		if f == nil {
			name := w.Source.Title
			if name == "" {
				name = w.Source.URL
			}
			f = &family{name: name}
			index[key] = f
			out = append(out, f)
		}
		if !agreesWithAny(f.dates, w.Date) {
			f.dates = append(f.dates, w.Date)
		}
	}
	return out
}

// claim is one date and the families that give it.
type claim struct {
	date  HistDate
	names []string
}

func claimsOf(families []*family) []*claim {
	var out []*claim
	for _, f := range families {
		for _, d := range f.dates {
			var found *claim
			for _, c := range out {
				if c.date.Agrees(d) {
					found = c
					break
				}
			}
			if found == nil {
				found = &claim{date: d}
				out = append(out, found)
			}
			found.names = append(found.names, f.name)
		}
	}
	return out
}

func agreesWithAny(ds []HistDate, d HistDate) bool {
	for _, o := range ds {
		if o.Agrees(d) {
			return true
		}
	}
	return false
}

// joinNames writes "A", "A and B", "A, B and C".
func joinNames(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
