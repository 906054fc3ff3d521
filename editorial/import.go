// Package editorial holds the accuracy desk's operations that are not tied
// to HTTP, so that the admin pages and the command line share them:
// importing a file with its conflicts set aside, linting the corpus, and
// adding users.
package editorial

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"flashback"
	"flashback/accuracy/conflict"
	"flashback/corpus"
	"flashback/corpus/bsdcal"
	"flashback/corpus/csvimport"
	"flashback/corpus/wikimedia"
)

// Formats an import accepts.
const (
	FormatBSD       = "bsd"
	FormatWikimedia = "wikimedia"
	FormatCSV       = "csv"
)

// Upload is one file to import.
type Upload struct {
	Format string // FormatBSD, FormatWikimedia or FormatCSV
	Name   string // the file's name: provenance, and the day of a feed
	Data   io.Reader
	// Day is the day a Wikimedia feed describes; when zero it is read
	// from Name ("onthisday-01-31.json").
	Day flashback.MonthDay
}

// Parse turns an upload into events, with the records it could not use.
func Parse(u Upload) ([]*flashback.Event, []flashback.Skip, error) {
	name := u.Name
	if name == "" {
		name = "upload"
	}
	switch u.Format {
	case FormatBSD:
		entries, skips, err := bsdcal.Parse(u.Data, name)
		if err != nil {
			return nil, nil, err
		}
		events, more := bsdcal.Events(entries, name)
		return events, append(skips, more...), nil
	case FormatWikimedia:
		md := u.Day
		if md == (flashback.MonthDay{}) {
			var err error
			if md, err = wikimedia.MonthDayFromFileName(name); err != nil {
				return nil, nil, err
			}
		}
		return wikimedia.Parse(u.Data, md, name)
	case FormatCSV:
		return csvimport.Parse(u.Data, name)
	}
	return nil, nil, flashback.Errorf(flashback.EINVALID, "Unknown import format %q: choose bsd, wikimedia or csv.", u.Format)
}

// ImportReport says what an import did.
type ImportReport struct {
	Stats flashback.ImportStats
	// ParseSkips are the input records the parser could not use.
	ParseSkips []flashback.Skip
	// SetAside counts incoming events held back because they conflict
	// with a stored event; NewConflicts is how many of those conflicts
	// were not recorded before (re-imports add none).
	SetAside, NewConflicts int
}

// Skipped is every record not imported, parse skips first.
func (r *ImportReport) Skipped() []flashback.Skip {
	return append(append([]flashback.Skip(nil), r.ParseSkips...), r.Stats.Skipped...)
}

// Importer imports events, holding back those that contradict the store.
type Importer struct {
	Events    flashback.EventStore
	Conflicts flashback.ConflictStore
	// Progress, when set, is told after each stored batch (see corpus.Import).
	Progress func(done, total int)
	// Observer, when set, is told of each import that completed.
	Observer Observer
	// Now is the clock that tells which dates have not come yet;
	// flashback.SystemClock when nil.
	Now flashback.Clock
}

// ImportUpload parses u and imports it.
func (im *Importer) ImportUpload(ctx context.Context, u Upload) (*ImportReport, error) {
	events, skips, err := Parse(u)
	if err != nil {
		return nil, err
	}
	rep, err := im.Import(ctx, events)
	if err != nil {
		return nil, err
	}
	rep.ParseSkips = skips
	return rep, nil
}

// Import stores incoming events. An incoming event that is evidently the
// same as a stored one but dated differently is not stored: the pair is
// recorded as a conflict for the editors instead.
func (im *Importer) Import(ctx context.Context, incoming []*flashback.Event) (*ImportReport, error) {
	incoming, future := im.notYet(incoming)
	found, err := conflict.Find(ctx, im.Events, incoming)
	if err != nil {
		return nil, fmt.Errorf("find conflicts: %w", err)
	}
	held := map[*flashback.Event]bool{}
	var cs []*flashback.Conflict
	for _, f := range found {
		held[f.Incoming] = true
		cs = append(cs, &flashback.Conflict{EventID: f.Existing.ID, Incoming: *f.Incoming,
			StoredDate: f.Existing.Date, Reason: f.Reason})
	}
	rest := make([]*flashback.Event, 0, len(incoming))
	for _, e := range incoming {
		if !held[e] {
			rest = append(rest, e)
		}
	}
	rep := &ImportReport{SetAside: len(held)}
	if len(cs) > 0 {
		if rep.NewConflicts, err = im.Conflicts.AddConflicts(ctx, cs); err != nil {
			return nil, err
		}
	}
	rep.Stats, err = corpus.Import(ctx, im.Events, rest, im.Progress)
	rep.Stats.Skipped = append(rep.Stats.Skipped, future...)
	if err != nil {
		return rep, err
	}
	if im.Observer != nil {
		im.Observer.ObserveImport(rep)
	}
	return rep, nil
}

// notYet sets aside the events dated after today anywhere on Earth: a
// source's typo (2062 for 1962) is no event to publish.
func (im *Importer) notYet(incoming []*flashback.Event) (kept []*flashback.Event, skips []flashback.Skip) {
	now := im.Now
	if now == nil {
		now = flashback.SystemClock
	}
	latest := flashback.LatestDate(now())
	kept = make([]*flashback.Event, 0, len(incoming))
	for _, e := range incoming {
		if !e.Date.BeginsAfter(latest) {
			kept = append(kept, e)
			continue
		}
		// As the parsers name a record: "list.csv:row 3".
		ref := e.Provenance.Origin + ":" + e.Provenance.Ref
		if e.Provenance.Ref == "" {
			ref = e.Headline
		}
		skips = append(skips, flashback.Skip{Ref: ref, Reason: fmt.Sprintf("dated %s, which has not come yet", e.Date)})
	}
	return kept, skips
}

// ReadLimited reads at most limit bytes of r, refusing larger input with a
// clear message rather than importing part of a file.
func ReadLimited(r io.Reader, limit int64, name string) (*bytes.Reader, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(b)) > limit {
		return nil, flashback.Errorf(flashback.EINVALID, "%s is larger than %d MiB.", strings.TrimSpace(name), limit>>20)
	}
	return bytes.NewReader(b), nil
}
