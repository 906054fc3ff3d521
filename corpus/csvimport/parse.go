package csvimport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"

	"flashback"
)

// Importer is the Provenance.Importer of events made here.
const Importer = "csv"

// MaxInput is the largest file Parse reads; an editor's list is a few
// hundred kilobytes at most.
const MaxInput = 32 << 20

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Parse reads a CSV file of events. origin names it in provenance and skip
// references, e.g. "anniversaries.csv". Rows that cannot become events are
// returned as skips with their row number and a reason; the error is for a
// file whose header cannot be used, a file too large, or a failed read.
func Parse(r io.Reader, origin string) ([]*flashback.Event, []flashback.Skip, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInput+1))
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", origin, err)
	}
	if len(data) > MaxInput {
		return nil, nil, flashback.Errorf(flashback.EINVALID, "%s is larger than %d MiB.", origin, MaxInput>>20)
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return nil, nil, flashback.Errorf(flashback.EINVALID,
			"%s is in UTF-16; save it as \"CSV UTF-8\" instead.", origin)
	}
	data = bytes.TrimPrefix(data, utf8BOM)

	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = detectDelimiter(data)
	cr.FieldsPerRecord = -1 // rows are checked against the header here
	p := &parser{origin: origin, seen: map[string]int{}}
	if err := p.header(cr); err != nil {
		return nil, nil, err
	}
	p.rows(cr)
	return p.events, p.skips, nil
}

// parser holds the state of one Parse call.
type parser struct {
	origin string
	cols   columns
	events []*flashback.Event
	skips  []flashback.Skip
	seen   map[string]int // ExternalKey → row that took it
}

// header reads the first row and maps its columns.
func (p *parser) header(cr *csv.Reader) error {
	rec, err := cr.Read()
	var perr *csv.ParseError
	switch {
	case errors.Is(err, io.EOF):
		return flashback.Errorf(flashback.EINVALID, "%s is empty: it needs a header row naming its columns.", p.origin)
	case errors.As(err, &perr):
		return flashback.Errorf(flashback.EINVALID, "The header row of %s is not valid CSV: %s.", p.origin, perr.Err)
	case err != nil:
		return fmt.Errorf("read %s: %w", p.origin, err)
	}
	cols, unknown, err := mapColumns(rec)
	if err != nil {
		return flashback.Errorf(flashback.EINVALID, "The header row of %s cannot be used: %s", p.origin, flashback.ErrorMessage(err))
	}
	p.cols = cols
	for _, name := range unknown {
		p.skip(1, fmt.Sprintf("the column %q is not known and was ignored", name))
	}
	return nil
}

// rows reads every data row; the header is row 1.
func (p *parser) rows(cr *csv.Reader) {
	for row := 2; ; row++ {
		rec, err := cr.Read()
		var perr *csv.ParseError
		switch {
		case errors.Is(err, io.EOF):
			return
		case errors.As(err, &perr):
			p.skip(row, fmt.Sprintf("the row is not valid CSV (line %d, column %d): %s", perr.Line, perr.Column, perr.Err))
			continue
		case err != nil:
			p.skip(row, "the row cannot be read: "+err.Error())
			return
		}
		p.row(row, rec)
	}
}

// row turns one record into an event or a skip.
func (p *parser) row(row int, rec []string) {
	if blank(rec) {
		return // spreadsheets leave empty rows; they say nothing
	}
	if reason := p.cols.checkWidth(rec); reason != "" {
		p.skip(row, reason)
		return
	}
	ev, err := p.cols.event(rec)
	if err != nil {
		p.skip(row, flashback.ErrorMessage(err))
		return
	}
	ev.Provenance = flashback.Provenance{Importer: Importer, Origin: p.origin, Ref: "row " + strconv.Itoa(row)}
	if first, dup := p.seen[ev.ExternalKey]; dup {
		p.skip(row, fmt.Sprintf("has the same key as row %d (%s)", first, ev.ExternalKey))
		return
	}
	p.seen[ev.ExternalKey] = row
	p.events = append(p.events, ev)
}

func (p *parser) skip(row int, reason string) {
	p.skips = append(p.skips, flashback.Skip{Ref: p.origin + ":row " + strconv.Itoa(row), Reason: reason})
}

// detectDelimiter picks the comma, semicolon or TAB that occurs most often
// outside quotes in the first line; spreadsheets in locales with a decimal
// comma write semicolons. A tie, or none, means comma.
func detectDelimiter(data []byte) rune {
	counts := map[byte]int{}
	quoted := false
	for _, c := range data {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if !quoted && (c == '\n' || c == '\r') {
			break
		}
		if !quoted {
			counts[c]++
		}
	}
	best, delim := 0, ','
	for _, d := range []byte{',', ';', '\t'} {
		if counts[d] > best {
			best, delim = counts[d], rune(d)
		}
	}
	return delim
}

func blank(rec []string) bool {
	for _, f := range rec {
		if cleanLine(f) != "" {
			return false
		}
	}
	return true
}
