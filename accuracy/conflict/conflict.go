// Package conflict finds incoming events that are evidently the same event
// as one already stored, from another source, but dated differently: the
// disagreements editors must settle before readers see two dates for one
// thing.
//
// Only events of one kind are compared: births with births, deaths with
// deaths, and every other category with every other, since importers file
// one happening under different categories (Wikipedia's events are all
// world history; the BSD calendar has a music file). Observances are never
// compared, one observance being rightly kept on different days in
// different places. "Evidently the same" then means:
//   - what the headlines say happened agrees (package happening): a
//     shuttle's launch and its loss, a birth and a death, are two events;
//     a headline that says nothing of it is compatible with any, but
//     counts the other's kind as one word it does not share;
//   - the numbers that name things (package numeral: "Apollo 11" and
//     "Apollo XI", "Louis XIV" and "Louis the Fourteenth") of one headline
//     are among the other's;
//   - and either the significant words — names and numbers weighing double,
//     stop words, the event's own date and words dating it by another
//     event left out — have a weighted Jaccard similarity of at least 0.65,
//     or the shorter headline is at least 80% contained in the longer with
//     three or more shared words and no name of its own missing there (an
//     elaboration); across two categories, 0.75 and 90%;
//   - or both report a happening that befalls its subject once (a launch, a
//     loss, a premiere, a signing), and the headline with fewer names has
//     its first name and four in five of its names in the other (three in
//     four when both write the same numbered name);
//   - or, for births and deaths, both headlines start with the same name.
//
// Candidates come from the store: one full-text search over headlines,
// ranked by relevance and bounded, for the incoming headline's most telling
// words in every category of its kind.
package conflict

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"flashback"
)

// Conflict is an incoming event that is evidently the same as a stored one
// but dated differently.
type Conflict struct {
	Incoming *flashback.Event
	Existing *flashback.Event
	Reason   string  // for editors: the two dates and why the events match
	Score    float64 // how alike the headlines are, 0–1
}

// Find returns the conflicts between incoming events and the store, in the
// order of incoming and, for one incoming event, best match first. An
// incoming event is never in conflict with a stored event of the same
// ExternalKey or ID: that is the same record being re-imported.
func Find(ctx context.Context, store flashback.EventStore, incoming []*flashback.Event) ([]Conflict, error) {
	f, err := newFinder(ctx, store)
	if err != nil {
		return nil, err
	}
	var out []Conflict
	for _, in := range incoming {
		if in == nil || kindOf(in.Category) == kindObservance {
			continue
		}
		found, err := f.findOne(ctx, in)
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	return out, nil
}

// findOne compares one incoming event with its candidates.
func (f *finder) findOne(ctx context.Context, in *flashback.Event) ([]Conflict, error) {
	same, err := f.sameAs(ctx, in)
	if err != nil {
		return nil, err
	}
	var out []Conflict
	for _, s := range same {
		if disagree(in.Date, s.event.Date) {
			out = append(out, Conflict{Incoming: in, Existing: s.event, Score: s.match.score, Reason: reason(in, s.event, s.match)})
		}
	}
	slices.SortStableFunc(out, func(a, b Conflict) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	return out, nil
}

// scored is a stored event found to be the same event as another, and how.
type scored struct {
	event *flashback.Event
	match match
}

// sameAs returns the stored records, other than in itself, that tell of
// the same event as in, whatever their dates.
func (f *finder) sameAs(ctx context.Context, in *flashback.Event) ([]scored, error) {
	mine := readHeadline(in)
	cands, err := f.candidates(ctx, in, mine)
	if err != nil {
		return nil, err
	}
	var out []scored
	for _, ex := range cands {
		if sameRecord(in, ex) {
			continue
		}
		if m := sameEvent(in, ex, mine); m.same {
			out = append(out, scored{ex, m})
		}
	}
	return out, nil
}

// sameEvent decides whether ex tells of the same event as in, whose
// headline the caller has read once for all its candidates: only events of
// one kind of category are compared (see kindOf), then their headlines.
func sameEvent(in, ex *flashback.Event, mine headline) match {
	if kindOf(ex.Category) != kindOf(in.Category) || kindOf(in.Category) == kindObservance {
		return match{}
	}
	personal := in.Category == flashback.CategoryBirths || in.Category == flashback.CategoryDeaths
	return compare(mine, readHeadline(ex), personal, ex.Category != in.Category)
}

// sameRecord reports whether ex is in itself, already stored.
func sameRecord(in, ex *flashback.Event) bool {
	return (in.ExternalKey != "" && in.ExternalKey == ex.ExternalKey) || (in.ID != 0 && in.ID == ex.ID)
}

// reason writes the explanation editors read. It names the categories
// when they differ, since then one of them is likely wrong too.
func reason(in, ex *flashback.Event, m match) string {
	inCat, exCat := "", ""
	if in.Category != ex.Category {
		inCat, exCat = " (filed under "+in.Category+")", " (filed under "+ex.Category+")"
	}
	return fmt.Sprintf("Dated %s by %s%s but %s by %s%s; %s.",
		in.Date, origin(in), inCat, ex.Date, origin(ex), exCat, m.reason)
}

// origin names where an event came from: "wikimedia onthisday-03-05.json
// events[4]", or "an editor" for hand-written events.
func origin(e *flashback.Event) string {
	p := e.Provenance
	parts := slices.DeleteFunc([]string{p.Importer, p.Origin, p.Ref}, func(s string) bool { return s == "" })
	if len(parts) == 0 {
		return "an editor"
	}
	return strings.Join(parts, " ")
}
