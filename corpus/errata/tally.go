package errata

import (
	"regexp"
	"strconv"
	"strings"

	"flashback"
)

// Tally counts what files of errata record, for the closing note of a
// review: how many events were reviewed, corrected, marked and withdrawn.
type Tally struct {
	// Reviewed is the number of events the reviewers' comments say they
	// reviewed ("# Reviewed 2026-12-02: all 700 events of …").
	Reviewed int
	// Corrected counts events with at least one year, day, headline or
	// calendar row; ByField counts the rows of each field.
	Corrected int
	ByField   map[Field]int
	// Marked counts events with a dating row, by mark.
	Marked    map[flashback.DateMarkKind]int
	Withdrawn int
	// Claimed are the counts the comments state ("C corrected, M marked,
	// W withdrawn"), to be compared with the counted ones.
	Claimed struct{ Corrected, Marked, Withdrawn int }
}

// TotalMarked is the number of events with a date mark.
func (t Tally) TotalMarked() int {
	n := 0
	for _, c := range t.Marked {
		n += c
	}
	return n
}

var (
	reviewedComment = regexp.MustCompile(`(?i)\breviewed\b[^:]*:\s*(?:all\s+)?([\d,]+)\s+events?\b`)
	claimedComment  = regexp.MustCompile(`(?i)([\d,]+)\s+corrected,\s*([\d,]+)\s+marked,\s*([\d,]+)\s+withdrawn`)
)

// Count tallies files.
func Count(files []*File) Tally {
	t := Tally{ByField: map[Field]int{}, Marked: map[flashback.DateMarkKind]int{}}
	for _, f := range files {
		for _, c := range f.Comments {
			if m := reviewedComment.FindStringSubmatch(c); m != nil {
				t.Reviewed += number(m[1])
			}
			if m := claimedComment.FindStringSubmatch(c); m != nil {
				t.Claimed.Corrected += number(m[1])
				t.Claimed.Marked += number(m[2])
				t.Claimed.Withdrawn += number(m[3])
			}
		}
		for _, rows := range groupByKey(f.Errata) {
			corrected := false
			for _, r := range rows {
				t.ByField[r.Field]++
				switch r.Field {
				case FieldDating:
					t.Marked[flashback.DateMarkKind(r.New)]++
				case FieldWithdraw:
					t.Withdrawn++
				default:
					corrected = true
				}
			}
			if corrected {
				t.Corrected++
			}
		}
	}
	return t
}

// number reads "1,234" as 1234.
func number(s string) int {
	n, _ := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	return n
}
