// Package ical writes iCalendar (RFC 5545) files of all-day events, such
// as yearly anniversaries: content lines folded at 75 octets, text
// escaped, CRLF line ends. It writes only what Flashback publishes; it
// does not read calendars.
package ical

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"flashback"
)

// Calendar is a VCALENDAR of all-day events.
type Calendar struct {
	ProdID      string // who made it, e.g. "-//Flashback//Anniversaries//EN"
	Name        string // what calendar apps call it (NAME, X-WR-CALNAME)
	Description string
	// Refresh is how often subscribers should fetch it again; 0 leaves it
	// to them.
	Refresh time.Duration
	Events  []Event
}

// Event is one all-day VEVENT, recurring when RRule is set.
type Event struct {
	UID   string    // stable across fetches, so apps update rather than duplicate
	Stamp time.Time // when this version of it was made (DTSTAMP)
	Start flashback.CivilDate
	// RRule is the recurrence rule's value, e.g. "FREQ=YEARLY"; "" for a
	// single day.
	RRule string
	// Except are occurrences of RRule left out (EXDATE), e.g. where a
	// separate event marks that year's anniversary.
	Except      []flashback.CivilDate
	Summary     string
	Description string
	URL         string
	Categories  []string
}

// Encode returns the calendar as an iCalendar file.
func (c *Calendar) Encode() []byte {
	var w writer
	w.line("BEGIN:VCALENDAR")
	w.line("VERSION:2.0")
	w.line("PRODID:" + escape(c.ProdID))
	w.line("CALSCALE:GREGORIAN")
	w.line("METHOD:PUBLISH")
	if c.Name != "" {
		w.line("NAME:" + escape(c.Name))
		w.line("X-WR-CALNAME:" + escape(c.Name))
	}
	if c.Description != "" {
		w.line("DESCRIPTION:" + escape(c.Description))
	}
	if c.Refresh > 0 {
		d := duration(c.Refresh)
		w.line("REFRESH-INTERVAL;VALUE=DURATION:" + d)
		w.line("X-PUBLISHED-TTL:" + d)
	}
	for i := range c.Events {
		c.Events[i].encode(&w)
	}
	w.line("END:VCALENDAR")
	return w.buf.Bytes()
}

func (e *Event) encode(w *writer) {
	w.line("BEGIN:VEVENT")
	w.line("UID:" + escape(e.UID))
	w.line("DTSTAMP:" + e.Stamp.UTC().Format("20060102T150405Z"))
	w.line("DTSTART;VALUE=DATE:" + date(e.Start))
	w.line("DTEND;VALUE=DATE:" + date(e.Start.AddDays(1)))
	if e.RRule != "" {
		w.line("RRULE:" + e.RRule)
	}
	// One EXDATE a date: the RFC allows a list, but not every reader
	// takes one.
	for _, d := range e.Except {
		w.line("EXDATE;VALUE=DATE:" + date(d))
	}
	w.line("SUMMARY:" + escape(e.Summary))
	if e.Description != "" {
		w.line("DESCRIPTION:" + escape(e.Description))
	}
	if e.URL != "" {
		w.line("URL;VALUE=URI:" + uri(e.URL))
	}
	if len(e.Categories) > 0 {
		cs := make([]string, len(e.Categories))
		for i, c := range e.Categories {
			cs[i] = escape(c)
		}
		w.line("CATEGORIES:" + strings.Join(cs, ","))
	}
	w.line("TRANSP:TRANSPARENT") // an anniversary does not make anyone busy
	w.line("END:VEVENT")
}

// date writes a DATE value. Years before 1 or after 9999 have no form in
// iCalendar; callers keep to real years.
func date(d flashback.CivilDate) string {
	return fmt.Sprintf("%04d%02d%02d", d.Year, int(d.Month), d.Day)
}

// duration writes d as an iCalendar DURATION in whole days, hours or
// minutes, the largest unit that divides it.
func duration(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return "P" + strconv.Itoa(int(d/(24*time.Hour))) + "D"
	case d%time.Hour == 0:
		return "PT" + strconv.Itoa(int(d/time.Hour)) + "H"
	}
	return "PT" + strconv.Itoa(max(1, int(d/time.Minute))) + "M"
}

// escape writes a TEXT value (RFC 5545, 3.3.11): backslashes, semicolons
// and commas escaped, line breaks as \n, other control characters (which
// TEXT may not hold) dropped.
func escape(s string) string {
	var b strings.Builder
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || r == utf8.RuneError:
			// not allowed in TEXT; invalid UTF-8 becomes nothing too
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// uri keeps a URI value on its line: a URI has no escapes in iCalendar,
// so anything that could end the line or the value is left out.
func uri(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x21 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, s)
}

// writer folds content lines: no line longer than 75 octets, a long one
// continued on lines starting with a space, never inside a UTF-8
// sequence (RFC 5545, 3.1).
type writer struct {
	buf bytes.Buffer
}

const maxLine = 75

func (w *writer) line(s string) {
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.buf.WriteString(s[:cut])
		w.buf.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	w.buf.WriteString(s)
	w.buf.WriteString("\r\n")
}
