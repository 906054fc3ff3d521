// Package bsdcal reads the data files of the BSD calendar(1) program: lines
// of "MM/DD<TAB>text", continuation lines that begin with a TAB, C
// preprocessor lines and /* … */ comments. Parse turns a file into entries;
// Events turns entries into Flashback events.
package bsdcal

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"flashback"
)

// maxLine is the longest line Parse accepts. Real calendar lines are under
// 200 bytes; the limit only stops a hostile file from using unbounded memory.
const maxLine = 64 * 1024

// Entry is one dated line of a calendar file, continuations included.
type Entry struct {
	Month time.Month
	Day   int
	// Text is the entry as written, continuation lines joined by a space
	// and runs of white space collapsed.
	Text string
	// WithoutYear is Text with the year (", 1959", "(44BC)", …) taken out;
	// it equals Text when no year was found.
	WithoutYear string
	// Year is astronomical (44 BC is -43); meaningful only when HasYear.
	Year    int
	HasYear bool
	// Approx marks a year the source gives as uncertain ("1757?", "c. 1400").
	Approx bool
	// Line is the 1-based line of the file where the entry starts.
	Line int
}

// MonthDay returns the day of the year the entry is remembered on.
func (e Entry) MonthDay() flashback.MonthDay { return flashback.MonthDay{Month: e.Month, Day: e.Day} }

// pending is the entry being read, kept open for continuation lines. When
// skip is set the entry will not be returned, but its continuation lines
// still belong to it.
type pending struct {
	entry Entry
	parts []string
	skip  string
}

// parser holds the state of one Parse call.
type parser struct {
	origin    string
	inComment bool
	cur       *pending
	entries   []Entry
	skips     []flashback.Skip
}

// Parse reads a calendar file. origin names it in skip references, e.g.
// "calendar.history". Entries whose date recurs without a fixed day (Easter,
// "the second Sunday of May", wildcards) or does not exist are returned as
// skips with a reason; the error is only for a failed read.
func Parse(r io.Reader, origin string) ([]Entry, []flashback.Skip, error) {
	p := &parser{origin: origin}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	n := 0
	for sc.Scan() {
		n++
		p.line(cleanLine(sc.Bytes()), n)
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		return nil, nil, flashback.Errorf(flashback.EINVALID,
			"%s: line %d is longer than %d KiB; is it a calendar file?", origin, n+1, maxLine/1024)
	} else if err != nil {
		return nil, nil, fmt.Errorf("read %s after line %d: %w", origin, n, err)
	}
	p.flush()
	return p.entries, p.skips, nil
}

// line handles one physical line.
func (p *parser) line(s string, n int) {
	s = p.stripComments(s)
	switch {
	case strings.TrimSpace(s) == "":
		// Blank lines, and lines that were all comment, carry nothing and
		// do not end the pending entry: a comment may sit between an entry
		// and its continuation.
	case s[0] == '\t' || s[0] == ' ':
		p.continuation(strings.TrimSpace(s), n)
	case s[0] == '#':
		p.flush()
		p.directive(s, n)
	case isAssignment(s):
		// LANG=UTF-8, SEQUENCE=…, Easter=Ostern: settings for calendar(1).
		p.flush()
	default:
		p.flush()
		p.start(s, n)
	}
}

// stripComments removes /* … */ comments, which may span lines.
func (p *parser) stripComments(s string) string {
	var b strings.Builder
	for s != "" {
		if p.inComment {
			end := strings.Index(s, "*/")
			if end < 0 {
				return b.String()
			}
			p.inComment = false
			s = s[end+2:]
			continue
		}
		start := strings.Index(s, "/*")
		if start < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:start])
		p.inComment = true
		s = s[start+2:]
	}
	return b.String()
}

// directive handles a preprocessor line. Include guards and defines need no
// action; an #include is reported because its entries are not read from here.
func (p *parser) directive(s string, n int) {
	fields := strings.Fields(strings.TrimPrefix(s, "#"))
	if len(fields) == 0 || fields[0] != "include" {
		return
	}
	target := ""
	if len(fields) > 1 {
		target = strings.Trim(fields[1], `<>"`)
	}
	p.skip(n, fmt.Sprintf("#include %s is not followed; import that file itself", target))
}

// start begins a new entry from a "date<TAB>text" line.
func (p *parser) start(s string, n int) {
	date, text, ok := strings.Cut(s, "\t")
	if !ok {
		p.skip(n, "no TAB between the date and the text")
		return
	}
	cur := &pending{entry: Entry{Line: n}, parts: []string{text}}
	md, reason := parseDate(date)
	if reason != "" {
		cur.skip = reason
	} else {
		cur.entry.Month, cur.entry.Day = md.Month, md.Day
	}
	p.cur = cur
}

func (p *parser) continuation(text string, n int) {
	if p.cur == nil {
		p.skip(n, "continuation line without an entry before it")
		return
	}
	p.cur.parts = append(p.cur.parts, text)
}

// flush finishes the pending entry, if any.
func (p *parser) flush() {
	cur := p.cur
	if cur == nil {
		return
	}
	p.cur = nil
	e := cur.entry
	e.Text = strings.Join(strings.Fields(strings.Join(cur.parts, " ")), " ")
	switch {
	case cur.skip != "":
		p.skip(e.Line, cur.skip)
		return
	case e.Text == "":
		p.skip(e.Line, "the entry has no text")
		return
	}
	e.WithoutYear, e.Year, e.HasYear, e.Approx = splitYear(e.Text)
	p.entries = append(p.entries, e)
}

func (p *parser) skip(line int, reason string) {
	p.skips = append(p.skips, flashback.Skip{
		Ref:    p.origin + ":" + strconv.Itoa(line),
		Reason: reason,
	})
}

// isAssignment reports whether s is a NAME=value setting line.
func isAssignment(s string) bool {
	name, _, ok := strings.Cut(s, "=")
	if !ok || name == "" || strings.ContainsAny(name, "\t /") {
		return false
	}
	for _, r := range name {
		if !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// cleanLine returns a line as valid UTF-8 without control characters other
// than TAB. Old calendar files may be Latin-1, so bytes that are not UTF-8
// are read as Latin-1 rather than dropped.
func cleanLine(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			r, size = rune(b[0]), 1
		}
		b = b[size:]
		if r != '\t' && unicode.IsControl(r) {
			if r == '\r' && len(b) == 0 {
				continue // CRLF line ending
			}
			r = ' '
		}
		sb.WriteRune(r)
	}
	return sb.String()
}
