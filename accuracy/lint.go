// Package accuracy checks what an article says about dates against the event
// record it belongs to: days, months, years, weekdays and ages that contradict
// the record are reported before the article is published.
//
// The linter reads English prose and Markdown the way an editor does. It
// tells claims about the event's own date from the other dates an article
// naturally mentions ("expelled from the party in 1927"): only a claim can
// contradict the record. The lead paragraph's first date is the article's
// dateline, whatever opens it ("On …", "Shortly after midnight on …", "By
// the evening of …", "Waterloo (18 June 1815) …", an ISO date, "in March
// 1946"); so is the lead's first year when it sets the story's time ("In
// 1958, …") and the lead never names the record's year. A date opening a
// sentence, or introduced by "on" in a clause that restates the headline, is
// a claim as well. A claim wrong in its day or its year is an error; one
// wrong in both is an error where it restates the event or the article never
// gives the record's year, and otherwise a warning, as likely background
// ("On 4 October 1957, Sputnik 1 …" over the Moon landing of 1969). A lead
// that tells what led up to the event, when the prose dates the event
// elsewhere, is a warning too. Dates measured against something else ("a
// month later, on …", "weeks after the decision on …", "from 1 May to 3
// June"), told in the pluperfect or as a plan are never claims. Errors are
// kept for what is certainly wrong; doubtful cases are warnings.
//
// Independently of claims, every date is checked for a year zero, a day its
// month lacks (29 February in the right calendar), and a weekday written with
// it or apart from it ("That Friday morning …", "It was a Sunday"); a date
// marked with its calendar beside the record's date ("or 8 November New
// Style") must be the record's date in that calendar; ages ("aged 60",
// "60-year-old") are checked against a birth year the text gives; in a
// births or deaths article the first "born"/"died" date is the event's own.
//
// The package does no I/O.
package accuracy

import (
	"sort"

	"flashback"
)

// Lint checks text — an article body in Markdown, a headline or a summary —
// against the event record e. Findings are ordered by position. A nil event,
// or one whose date is invalid, is checked only for dates that cannot exist.
func Lint(e *flashback.Event, text string) []Finding {
	return lintField(e, text, "")
}

// LintEvent checks the headline, summary and body of e. Each finding names
// its Field, and its offsets are within that field's text.
func LintEvent(e *flashback.Event) []Finding {
	if e == nil {
		return nil
	}
	var out []Finding
	out = append(out, lintField(e, e.Headline, "headline")...)
	out = append(out, lintField(e, e.Summary, "summary")...)
	out = append(out, lintField(e, e.Body, "body")...)
	return out
}

func lintField(e *flashback.Event, text, field string) []Finding {
	rec := newRecord(e)
	headline := ""
	if e != nil {
		headline = e.Headline
	}
	d := analyze(text, headline)
	fs := d.check(rec)
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Offset != fs[j].Offset {
			return fs[i].Offset < fs[j].Offset
		}
		return fs[i].End < fs[j].End
	})
	for i := range fs {
		fs[i].Field = field
		place(&fs[i], text)
	}
	return fs
}

// record is the event as the rules need it.
type record struct {
	valid    bool
	date     flashback.HistDate
	category string
}

func newRecord(e *flashback.Event) record {
	if e == nil || e.Date.Validate() != nil {
		return record{}
	}
	return record{valid: true, date: e.Date, category: e.Category}
}

// doc is the analysed text.
type doc struct {
	text   string
	toks   []token
	sents  []sentence
	sentOf []int // sentence of each token; -1 for breaks
	ments  []mention
	used   []bool   // tokens that are part of a date
	stems  []string // the headline's content words
	// dateline is the lead paragraph's first date, which tells when the
	// event happened; nil if the lead gives none.
	dateline *mention
	// leadDated is set when the lead paragraph gives the record's date: its
	// other dates then tell other moments.
	leadDated bool
}

func analyze(text, headline string) *doc {
	d := &doc{text: text, toks: tokenize(text)}
	d.sents = splitSentences(d.toks)
	markLead(d.toks, d.sents)
	d.stems = headlineStems(headline)
	markRefs(d.toks, d.sents, d.stems)
	d.sentOf = make([]int, len(d.toks))
	for i := range d.sentOf {
		d.sentOf[i] = -1
	}
	for k, s := range d.sents {
		for i := s.first; i < s.end; i++ {
			d.sentOf[i] = k
		}
	}
	d.ments, d.used = scanMentions(d.toks)
	for i := range d.ments {
		d.place(&d.ments[i])
	}
	return d
}

// findings collects findings, one per span and rule.
type findings struct {
	list []Finding
	seen map[[2]int]bool // spans that already have a finding
}

func (f *findings) add(start, end int, rule string, sev Severity, msg string) {
	if f.seen == nil {
		f.seen = map[[2]int]bool{}
	}
	key := [2]int{start, end}
	if f.seen[key] {
		return
	}
	f.seen[key] = true
	f.list = append(f.list, Finding{Offset: start, End: end, Rule: rule, Severity: sev, Message: msg})
}

func (f *findings) has(start, end int) bool { return f.seen[[2]int{start, end}] }

func (d *doc) check(r record) []Finding {
	var f findings
	for i := range d.ments {
		d.checkIntrinsic(&f, r, &d.ments[i])
	}
	if r.valid {
		d.dateline = d.findDateline(r)
		for i := range d.ments {
			d.checkClaim(&f, r, &d.ments[i])
		}
		d.checkEquivalents(&f, r)
		d.checkHeading(&f, r)
		d.checkBareWeekdays(&f, r)
		d.checkAges(&f, r)
		d.checkLeadYear(&f, r)
	}
	return f.list
}
