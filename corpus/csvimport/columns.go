package csvimport

import (
	"fmt"
	"strings"

	"flashback"
)

// Known column names, as normalised by columnName.
const (
	colDate        = "date"
	colYear        = "year"
	colMonth       = "month"
	colDay         = "day"
	colPrecision   = "precision"
	colCalendar    = "calendar"
	colCategory    = "category"
	colHeadline    = "headline"
	colSummary     = "summary"
	colBody        = "body"
	colSourceTitle = "source_title"
	colSourceURL   = "source_url"
	colKey         = "key"
)

var knownColumns = map[string]bool{
	colDate: true, colYear: true, colMonth: true, colDay: true, colPrecision: true,
	colCalendar: true, colCategory: true, colHeadline: true, colSummary: true, colBody: true,
	colSourceTitle: true, colSourceURL: true, colKey: true,
}

// columns maps known column names to their index in a record.
type columns struct {
	index map[string]int
	width int // fields in the header, named or not
}

// mapColumns reads the header row. It returns the names of columns it does
// not know, and an error when the header cannot serve: a column named
// twice, or no headline or date column.
func mapColumns(header []string) (columns, []string, error) {
	cols := columns{index: map[string]int{}, width: len(header)}
	var unknown []string
	for i, raw := range header {
		name := columnName(raw)
		switch {
		case name == "":
			continue // an unnamed column, as spreadsheets add after the last one
		case !knownColumns[name]:
			unknown = append(unknown, cleanLine(raw))
			continue
		}
		if _, dup := cols.index[name]; dup {
			return cols, nil, flashback.Errorf(flashback.EINVALID, "the column %q appears twice.", name)
		}
		cols.index[name] = i
	}
	if !cols.has(colHeadline) {
		return cols, nil, flashback.Errorf(flashback.EINVALID,
			"there is no headline column (the header is %q).", strings.Join(header, ","))
	}
	if !cols.has(colDate) && !cols.has(colYear) && !(cols.has(colMonth) && cols.has(colDay)) {
		return cols, nil, flashback.Errorf(flashback.EINVALID,
			"there is no date column, nor year, month and day columns.")
	}
	return cols, unknown, nil
}

// columnName normalises a header cell: case, surrounding space, and
// spaces or hyphens inside ("Source URL", "source-url" → "source_url").
func columnName(s string) string {
	s = strings.ToLower(cleanLine(s))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(s)
}

func (c columns) has(name string) bool {
	_, ok := c.index[name]
	return ok
}

// get returns the field of a column in rec, "" when the column or field is
// missing.
func (c columns) get(rec []string, name string) string {
	i, ok := c.index[name]
	if !ok || i >= len(rec) {
		return ""
	}
	return rec[i]
}

// checkWidth refuses a row with more filled fields than the header has
// columns: its values would land under the wrong names. Shorter rows, and
// extra fields left empty, are common in spreadsheet exports and harmless.
func (c columns) checkWidth(rec []string) string {
	for i := c.width; i < len(rec); i++ {
		if strings.TrimSpace(rec[i]) != "" {
			return fmt.Sprintf("the row has %d fields but the header names %d columns (an unquoted delimiter in a field?)", len(rec), c.width)
		}
	}
	// A short row may leave out empty trailing columns, as spreadsheets
	// do, but not the headline: say so rather than "the headline is
	// empty", which blames the wrong field.
	if i := c.index[colHeadline]; i >= len(rec) {
		return fmt.Sprintf("the row has %d fields but the header names %d columns, the headline's among the missing (a lost delimiter or line break?)", len(rec), c.width)
	}
	return ""
}
