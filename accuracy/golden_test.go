package accuracy_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/accuracy"
)

// goldenCase is one article of testdata/golden: a record, and either a clean
// article or one with exactly one planted contradiction at line:span.
type goldenCase struct {
	file  string
	event flashback.Event
	class string
	clean bool
	line  int
	span  string
	body  string
}

// Goals of issue 9, measured on the golden articles.
const (
	minRecall     = 0.95
	maxFalseAlarm = 0.05
)

// goldenSets are the article folders. The held-back batch was written with
// the rest but kept out of sight while the rules were tuned, so its numbers
// say how the linter does on articles nobody fitted it to.
var goldenSets = []struct{ name, dir string }{
	{"tuning", filepath.Join("testdata", "golden")},
	{"held-back", filepath.Join("testdata", "golden", "heldout")},
}

func TestGolden(t *testing.T) {
	var all score
	for _, set := range goldenSets {
		cases := readGolden(t, set.dir)
		var s score
		for _, c := range cases {
			t.Run(set.name+"/"+strings.TrimSuffix(c.file, ".md"), func(t *testing.T) {
				s.add(t, c)
			})
		}
		t.Logf("%s: %s", set.name, s)
		all.merge(s)
	}
	t.Logf("all: %s", all)
	for _, class := range all.classNames() {
		t.Logf("  %-14s %d/%d", class, all.classHit[class], all.classN[class])
	}
	if all.planted+all.clean < 200 {
		t.Errorf("%d golden cases; the issue asks for at least 200", all.planted+all.clean)
	}
	if r := all.recall(); r < minRecall {
		t.Errorf("recall %.1f%% is below the goal of %.0f%%", 100*r, 100*minRecall)
	}
	if fa := all.falseAlarmRate(); fa > maxFalseAlarm {
		t.Errorf("false alarms on %.1f%% of clean articles, above the goal of %.0f%%", 100*fa, 100*maxFalseAlarm)
	}
}

// score counts outcomes. A miss or a false alarm is logged, not failed, on
// its own subtest: the goals are rates, checked once over the whole set.
type score struct {
	planted, found    int
	clean, falseAlarm int
	strayErrors       int // planted articles with an error away from the plant
	classN, classHit  map[string]int
}

func (s *score) add(t *testing.T, c goldenCase) {
	t.Helper()
	if s.classN == nil {
		s.classN, s.classHit = map[string]int{}, map[string]int{}
	}
	fs := accuracy.LintEvent(&c.event)
	s.classN[c.class]++
	if c.clean {
		s.clean++
		if errs := errorsIn(fs); len(errs) > 0 {
			s.falseAlarm++
			t.Logf("%s: false alarm: %s", c.file, strings.Join(errs, "; "))
			return
		}
		s.classHit[c.class]++
		return
	}
	s.planted++
	off := plantedOffset(c)
	if off < 0 {
		t.Fatalf("span %q not on line %d", c.span, c.line)
	}
	hit, stray := false, false
	for _, f := range fs {
		if f.Severity != accuracy.Error {
			continue
		}
		if f.Field == "body" && f.Offset < off+len(c.span) && off < f.End {
			hit = true
		} else {
			stray = true
		}
	}
	if stray {
		s.strayErrors++
		t.Logf("%s: error away from the planted span: %s", c.file, strings.Join(errorsIn(fs), "; "))
	}
	if !hit {
		t.Logf("%s: missed %s at %d %q; findings: %s", c.file, c.class, c.line, c.span, strings.Join(describeAll(fs), "; "))
		return
	}
	s.found++
	s.classHit[c.class]++
}

func (s *score) merge(o score) {
	s.planted += o.planted
	s.found += o.found
	s.clean += o.clean
	s.falseAlarm += o.falseAlarm
	s.strayErrors += o.strayErrors
	if s.classN == nil {
		s.classN, s.classHit = map[string]int{}, map[string]int{}
	}
	for k, v := range o.classN {
		s.classN[k] += v
	}
	for k, v := range o.classHit {
		s.classHit[k] += v
	}
}

func (s score) recall() float64 {
	if s.planted == 0 {
		return 1
	}
	return float64(s.found) / float64(s.planted)
}

func (s score) falseAlarmRate() float64 {
	if s.clean == 0 {
		return 0
	}
	return float64(s.falseAlarm) / float64(s.clean)
}

func (s score) String() string {
	return fmt.Sprintf("recall %d/%d = %.1f%%, false alarms %d/%d = %.1f%%, planted articles with a stray error %d",
		s.found, s.planted, 100*s.recall(), s.falseAlarm, s.clean, 100*s.falseAlarmRate(), s.strayErrors)
}

func (s score) classNames() []string {
	var out []string
	for k := range s.classN {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func errorsIn(fs []accuracy.Finding) []string {
	var out []string
	for _, f := range fs {
		if f.Severity == accuracy.Error {
			out = append(out, describeFinding(f))
		}
	}
	return out
}

func describeAll(fs []accuracy.Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, describeFinding(f))
	}
	return out
}

func describeFinding(f accuracy.Finding) string {
	return fmt.Sprintf("%s %s %s %d:%d %q", f.Field, f.Severity, f.Rule, f.Line, f.Column, f.Span)
}

// plantedOffset finds the planted span on its line.
func plantedOffset(c goldenCase) int {
	start := 0
	for line := 1; line < c.line; line++ {
		k := strings.IndexByte(c.body[start:], '\n')
		if k < 0 {
			return -1
		}
		start += k + 1
	}
	end := len(c.body)
	if k := strings.IndexByte(c.body[start:], '\n'); k >= 0 {
		end = start + k
	}
	k := strings.Index(c.body[start:end], c.span)
	if k < 0 {
		return -1
	}
	return start + k
}

func readGolden(t testing.TB, dir string) []goldenCase {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no golden articles in %s: %v", dir, err)
	}
	var out []goldenCase
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		c, err := parseGolden(string(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		c.file = filepath.Base(name)
		out = append(out, c)
	}
	return out
}

// parseGolden reads "key: value" lines up to "---", then the article.
func parseGolden(s string) (goldenCase, error) {
	var c goldenCase
	head, body, ok := strings.Cut(s, "\n---\n")
	if !ok {
		return c, fmt.Errorf("no --- line between header and article")
	}
	h := map[string]string{}
	for _, l := range strings.Split(head, "\n") {
		k, v, ok := strings.Cut(l, ": ")
		if !ok {
			return c, fmt.Errorf("header line %q is not key: value", l)
		}
		h[k] = v
	}
	date, err := parseRecordDate(h["date"], h["calendar"])
	if err != nil {
		return c, err
	}
	c.body, c.class = body, h["class"]
	c.event = flashback.Event{Date: date, Category: h["category"], Headline: h["headline"], Body: body}
	if err := c.event.Validate(); err != nil {
		return c, fmt.Errorf("record: %w", err)
	}
	switch h["expect"] {
	case "clean":
		c.clean = true
	case "error":
		c.span = h["span"]
		if c.line, err = strconv.Atoi(h["line"]); err != nil || c.span == "" {
			return c, fmt.Errorf("an error case needs line and span")
		}
	default:
		return c, fmt.Errorf("expect is %q, want clean or error", h["expect"])
	}
	return c, nil
}

var (
	dateForm     = regexp.MustCompile(`^(-?\d+)(?:-(\d\d)(?:-(\d\d))?)?$`)
	monthDayForm = regexp.MustCompile(`^--(\d\d)-(\d\d)$`)
)

// parseRecordDate reads 1946-03-05, 1946-03, 1946, --03-05 (a month and day
// without a year) and astronomical BC years such as -43-03-15.
func parseRecordDate(s, calendar string) (flashback.HistDate, error) {
	var d flashback.HistDate
	cal, err := flashback.ParseCalendar(calendar)
	if err != nil {
		return d, err
	}
	d.Calendar = cal
	if m := monthDayForm.FindStringSubmatch(s); m != nil {
		mo, _ := strconv.Atoi(m[1])
		d.Day, _ = strconv.Atoi(m[2])
		d.Month, d.Precision = time.Month(mo), flashback.PrecisionMonthDay
		return d, nil
	}
	m := dateForm.FindStringSubmatch(s)
	if m == nil {
		return d, fmt.Errorf("date %q", s)
	}
	d.Year, _ = strconv.Atoi(m[1])
	d.Precision = flashback.PrecisionYear
	if m[2] != "" {
		mo, _ := strconv.Atoi(m[2])
		d.Month, d.Precision = time.Month(mo), flashback.PrecisionMonth
	}
	if m[3] != "" {
		d.Day, _ = strconv.Atoi(m[3])
		d.Precision = flashback.PrecisionDay
	}
	return d, nil
}
