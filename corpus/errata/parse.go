// Package errata reads the errata of the bundled corpus (one file per
// calendar file, format in README beside them) and applies them to the
// events the import builds, so that a fresh install serves corrected dates
// and each correction shows on its article.
package errata

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"flashback"
)

// Field is what an erratum changes.
type Field string

// The fields of the format.
const (
	FieldYear     Field = "year"
	FieldDay      Field = "day"
	FieldHeadline Field = "headline"
	FieldCalendar Field = "calendar"
	FieldDating   Field = "dating"
	FieldWithdraw Field = "withdraw"
)

// Header is the first line of every file that is not a comment.
const Header = "key\tfield\told\tnew\treason\treference"

// Withdrawn is the only new value of a withdraw row.
const Withdrawn = "withdrawn"

// Erratum is one row of an errata file.
type Erratum struct {
	File      string // the file's name, for messages
	Line      int
	Key       string // the event's ExternalKey
	Field     Field
	Old, New  string
	Reason    string
	Reference string
}

// Where names the row for messages: "calendar.music.tsv:12".
func (e Erratum) Where() string { return e.File + ":" + strconv.Itoa(e.Line) }

// File is one errata file: its rows and its comment lines (the reviewers'
// record of what they reviewed).
type File struct {
	Name     string
	Comments []string // without the leading "#", in order
	Errata   []Erratum
}

// Error is a bad row or file, with its place.
type Error struct {
	File string
	Line int // 0 for the file as a whole
	Msg  string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return e.File + ": " + e.Msg
	}
	return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Msg
}

// maxLine bounds one row; a longer one is refused rather than cut.
const maxLine = 64 << 10

// Parse reads one errata file. It refuses the whole file at the first bad
// line: an erratum half-read would publish a wrong correction.
func Parse(r io.Reader, name string) (*File, error) {
	f := &File{Name: name}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	seen := map[string]int{} // key and field → line
	header := false
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		bad := func(format string, args ...any) error {
			return &Error{File: name, Line: n, Msg: fmt.Sprintf(format, args...)}
		}
		if !utf8.ValidString(line) {
			return nil, bad("the line is not valid UTF-8")
		}
		switch {
		case strings.HasPrefix(line, "#"):
			f.Comments = append(f.Comments, strings.TrimPrefix(line, "#"))
			continue
		case strings.TrimSpace(line) == "":
			continue
		case !header:
			if line != Header {
				return nil, bad("the header must be %q", Header)
			}
			header = true
			continue
		}
		e, err := parseRow(line)
		if err != nil {
			return nil, bad("%s", err)
		}
		e.File, e.Line = name, n
		id := e.Key + "\t" + string(e.Field)
		if first, dup := seen[id]; dup {
			return nil, bad("a second %s row for %s (the first is line %d)", e.Field, e.Key, first)
		}
		seen[id] = n
		f.Errata = append(f.Errata, e)
	}
	if err := sc.Err(); err != nil {
		return nil, &Error{File: name, Msg: err.Error()}
	}
	if !header && len(f.Comments) > 0 {
		return nil, &Error{File: name, Msg: "the header line is missing"}
	}
	return f, nil
}

// ParseFS reads every *.tsv file at the top of fsys, in name order.
func ParseFS(fsys fs.FS) ([]*File, error) {
	names, err := fs.Glob(fsys, "*.tsv")
	if err != nil {
		return nil, err
	}
	var out []*File
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		f, err := Parse(bytes.NewReader(data), name)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// Origin is the calendar file a file of errata corrects: its name without
// ".tsv" ("calendar.history").
func (f *File) Origin() string { return strings.TrimSuffix(path.Base(f.Name), ".tsv") }

// parseRow reads and checks the six columns of one row.
func parseRow(line string) (Erratum, error) {
	cols := strings.Split(line, "\t")
	if len(cols) != 6 {
		return Erratum{}, fmt.Errorf("%d columns; a row has 6: %s", len(cols), Header)
	}
	e := Erratum{Key: cols[0], Field: Field(cols[1]), Old: cols[2], New: cols[3], Reason: cols[4], Reference: cols[5]}
	// A value must be as the importer would write it: no spaces around,
	// no runs of spaces, no invisible characters.
	for i, c := range cols {
		if flashback.FoldLine(c) != c {
			return Erratum{}, fmt.Errorf("column %d has spaces around it, a run of spaces or invisible characters", i+1)
		}
	}
	switch {
	case e.Key == "" || strings.ContainsRune(e.Key, ' '):
		return Erratum{}, fmt.Errorf("the key %q is not an event key", e.Key)
	case e.Reason == "":
		return Erratum{}, fmt.Errorf("the reason is empty")
	case e.Reference == "":
		return Erratum{}, fmt.Errorf("the reference is empty")
	}
	return e, checkValues(e)
}

// checkValues checks old and new as the field asks.
func checkValues(e Erratum) error {
	switch e.Field {
	case FieldYear:
		return both(e, func(s string) error { _, _, err := ParseYear(s); return err })
	case FieldDay:
		if e.Old == "" || e.New == "" {
			return fmt.Errorf("a day row needs old and new days")
		}
		return both(e, func(s string) error { _, err := ParseDay(s); return err })
	case FieldHeadline:
		if e.Old == "" || e.New == "" {
			return fmt.Errorf("a headline row needs old and new headlines")
		}
		return nil
	case FieldCalendar:
		return both(e, func(s string) error {
			if s != "gregorian" && s != "julian" {
				return fmt.Errorf("calendar %q: use gregorian or julian", s)
			}
			return nil
		})
	case FieldDating:
		if e.Old != "" {
			return fmt.Errorf("a dating row leaves old empty")
		}
		_, err := flashback.ParseDateMarkKind(e.New)
		if err != nil {
			return fmt.Errorf("dating %q: use unconfirmed, traditional or disputed", e.New)
		}
		return nil
	case FieldWithdraw:
		if e.Old != "" || e.New != Withdrawn {
			return fmt.Errorf("a withdraw row has old empty and new %q", Withdrawn)
		}
		return nil
	}
	return fmt.Errorf("unknown field %q: use year, day, headline, calendar, dating or withdraw", e.Field)
}

// both checks old and new with check, and that they differ.
func both(e Erratum, check func(string) error) error {
	if e.Old == e.New {
		return fmt.Errorf("old and new are the same")
	}
	if err := check(e.Old); err != nil {
		return fmt.Errorf("old: %w", err)
	}
	if err := check(e.New); err != nil {
		return fmt.Errorf("new: %w", err)
	}
	return nil
}

// ParseYear reads a year as a historian writes it ("1944", "44 BC",
// "AD 79", as flashback.FormatYear writes them) and returns it in
// astronomical numbering (44 BC is -43). The empty string is "no year"
// (an entry the source gives no year), for which known is false.
func ParseYear(s string) (year int, known bool, err error) {
	if s == "" {
		return 0, false, nil
	}
	digits, bc := s, false
	switch {
	case strings.HasSuffix(s, " BC"):
		digits, bc = strings.TrimSuffix(s, " BC"), true
	case strings.HasPrefix(s, "AD "):
		digits = strings.TrimPrefix(s, "AD ")
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n < 1 || strings.HasPrefix(digits, "0") || strings.HasPrefix(digits, "+") || n > flashback.MaxYear {
		return 0, false, fmt.Errorf("year %q: write 1944, 44 BC or AD 79", s)
	}
	if bc {
		if 1-n < flashback.MinYear {
			return 0, false, fmt.Errorf("year %q is too early", s)
		}
		return 1 - n, true, nil
	}
	return n, true, nil
}

// ParseDay reads "MM-DD", one of the 366 days of the year.
func ParseDay(s string) (flashback.MonthDay, error) {
	if len(s) != 5 || s[2] != '-' {
		return flashback.MonthDay{}, fmt.Errorf("day %q: write MM-DD, e.g. 02-27", s)
	}
	m, err1 := strconv.Atoi(s[:2])
	d, err2 := strconv.Atoi(s[3:])
	md := flashback.MonthDay{Month: time.Month(m), Day: d}
	if err1 != nil || err2 != nil || !isDigits(s[:2]) || !isDigits(s[3:]) || !md.Valid() {
		return flashback.MonthDay{}, fmt.Errorf("day %q is not a day of the year", s)
	}
	return md, nil
}

func isDigits(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

// FormatDay writes a day of the year as the format does: "02-27".
func FormatDay(md flashback.MonthDay) string {
	return fmt.Sprintf("%02d-%02d", int(md.Month), md.Day)
}
