package bsdcal

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"flashback"
)

// Importer is the Provenance.Importer of events made here.
const Importer = "bsdcal"

// licenceNote is the attribution every event carries: the calendar files
// are under the BSD licence, whose notice must travel with the data.
const licenceNote = "From the BSD calendar(1) data files, Copyright (C) 1980-1998 The Regents " +
	"of the University of California and contributors; redistributed under the BSD licence."

// LicenceID names the licence of the calendar files among those the
// corpus package lists (corpus.Licences); LicenceURL is the site-relative
// address where readers find its text, set on every event's source so the
// notice travels with the data as the licence asks.
const (
	LicenceID  = "bsd-calendar"
	LicenceURL = "/licences#" + LicenceID
)

// maxHeadline keeps headlines within what flashback.Event.Validate accepts.
const maxHeadline = 500

// Events turns the entries of one file into events. origin is the file
// name ("calendar.history"); it chooses the category and is part of each
// event's ExternalKey. Entries whose date does not exist in their year
// (29 February of a common year) and repeats of an earlier entry are
// returned as skips.
func Events(entries []Entry, origin string) ([]*flashback.Event, []flashback.Skip) {
	origin = path.Base(strings.ReplaceAll(origin, `\`, "/"))
	events := make([]*flashback.Event, 0, len(entries))
	var skips []flashback.Skip
	seen := make(map[string]int, len(entries))
	for _, e := range entries {
		ref := origin + ":" + strconv.Itoa(e.Line)
		key := ExternalKey(origin, e)
		if first, dup := seen[key]; dup {
			skips = append(skips, flashback.Skip{Ref: ref, Reason: fmt.Sprintf("repeats the entry of line %d", first)})
			continue
		}
		ev, err := event(e, origin, key)
		if err != nil {
			skips = append(skips, flashback.Skip{Ref: ref, Reason: flashback.ErrorMessage(err)})
			continue
		}
		seen[key] = e.Line
		events = append(events, ev)
	}
	return events, skips
}

// event builds and validates the event of one entry.
func event(e Entry, origin, key string) (*flashback.Event, error) {
	headline := headlineOf(e.WithoutYear)
	if headline == "" {
		return nil, flashback.Errorf(flashback.EINVALID, "The entry has no text besides its year.")
	}
	ev := &flashback.Event{
		Date:     dateOf(e),
		Category: Category(origin, e),
		Headline: headline,
		Summary:  summaryOf(headline, e.Approx),
		Slug:     flashback.Slugify(headline),
		Sources: []flashback.Source{{
			Title: origin + " (FreeBSD calendar data)",
			URL:   LicenceURL,
			Note:  licenceNote,
		}},
		Provenance:  flashback.Provenance{Importer: Importer, Origin: origin, Ref: "line " + strconv.Itoa(e.Line)},
		ExternalKey: key,
		Published:   true,
	}
	if err := ev.Validate(); err != nil {
		return nil, err
	}
	return ev, nil
}

// dateOf returns the historical date of an entry. The calendar files, like
// most references, give dates before the Gregorian reform of 15 October 1582
// in the Julian calendar.
func dateOf(e Entry) flashback.HistDate {
	if !e.HasYear {
		return flashback.HistDate{Month: e.Month, Day: e.Day, Precision: flashback.PrecisionMonthDay}
	}
	d := flashback.HistDate{Year: e.Year, Month: e.Month, Day: e.Day, Precision: flashback.PrecisionDay}
	if beforeReform(e.Year, e.Month, e.Day) {
		d.Calendar = flashback.Julian
	}
	return d
}

func beforeReform(y int, m time.Month, d int) bool {
	if y != 1582 {
		return y < 1582
	}
	return m < time.October || (m == time.October && d < 15)
}

// ExternalKey returns the stable identity of an entry: the file name, and a
// hash of its day and normalised text. Line numbers are left out so that
// edits elsewhere in the file do not change it.
func ExternalKey(origin string, e Entry) string {
	norm := strings.ToLower(strings.Join(strings.Fields(e.Text), " "))
	sum := sha256.Sum256(fmt.Appendf(nil, "%02d/%02d\t%s", int(e.Month), e.Day, norm))
	return Importer + ":" + origin + ":" + hex.EncodeToString(sum[:8])
}

// headlineOf tidies the text of an entry for use as a headline.
func headlineOf(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.TrimRight(s, " ,;:")
	if dropPeriod(s) {
		s = strings.TrimSuffix(s, ".")
	}
	if len(s) > maxHeadline {
		s = cutWords(s, maxHeadline-len("…")) + "…"
	}
	return s
}

// dropPeriod reports whether a final period ends a sentence rather than an
// abbreviation ("Inc.", "etc.", "U.S.", "B.C.").
func dropPeriod(s string) bool {
	if !strings.HasSuffix(s, ".") {
		return false
	}
	word := s[strings.LastIndexAny(s, " \t")+1 : len(s)-1]
	return len(word) >= 4 && !strings.Contains(word, ".")
}

// summaryOf writes the plain-text teaser: the headline as a sentence.
func summaryOf(headline string, approx bool) string {
	s := headline
	if last, _ := utf8.DecodeLastRuneInString(s); !strings.ContainsRune(".!?…", last) {
		s += "."
	}
	if approx {
		s += " The source gives the year as uncertain."
	}
	return s
}

// cutWords shortens s to at most n bytes, at a word boundary where possible.
func cutWords(s string, n int) string {
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, ' '); i > n/2 {
		s = s[:i]
	}
	return strings.TrimRight(s, " ,;:")
}

// DefaultFiles returns the calendar files that read well on a history site
// and make up the bundled corpus. Left out: calendar.world (only #include
// lines), fiction and jokes (lotr, discordian), the FreeBSD developers'
// birthdays, and files of movable feasts with few fixed dates.
func DefaultFiles() []string {
	return []string{
		"calendar.birthday",
		"calendar.computer",
		"calendar.history",
		"calendar.holiday",
		"calendar.music",
		"calendar.usholiday",
	}
}
