package flashback

import (
	"context"
	"strings"
	"time"
)

// FieldChange is one field of an event before and after an edit.
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Revision records one change to an event: who, when and what.
type Revision struct {
	ID       int64
	EventID  int64
	EditorID int64 // 0 for changes made by the system (imports)
	// EditorName is filled in by reads.
	EditorName string
	Changes    []FieldChange
	// Note says why: a lint override reason, "report #12 accepted", …
	Note      string
	CreatedAt time.Time
}

// Correction is a public note on an article saying what was corrected.
type Correction struct {
	ID       int64
	EventID  int64
	ReportID int64 // the reader's report that led to it; 0 if none
	Text     string
	// Key identifies a correction an import publishes ("the erratum's
	// event key#date"), so that importing again does not repeat it; empty
	// for editors' corrections.
	Key string
	// References are where a reader can check the correction: URLs or
	// bibliographic references. Editors' corrections have none.
	References []string
	// CreatedAt is the date shown ("Corrected on …").
	CreatedAt time.Time

	// EventHeadline and EventSlug are filled in by reads, for lists.
	EventHeadline string
	EventSlug     string
}

// MaxCorrectionText bounds a public correction, in characters.
const MaxCorrectionText = 2000

// EventEdit is one save of an event from the admin: the new state and
// everything that is recorded with it.
type EventEdit struct {
	Event    *Event // ID 0 creates the event
	EditorID int64
	// Note is recorded in the revision (why the change; a lint override).
	Note string
	// Correction, when not empty, is published as a correction note.
	Correction string
	// ReportID, when not 0, closes that open report as accepted with
	// ReportNote.
	ReportID   int64
	ReportNote string
}

// DiffEvents lists the fields in which b differs from a, in a form editors
// read: dates as written, sources one per line.
func DiffEvents(a, b *Event) []FieldChange {
	var out []FieldChange
	add := func(field, old, new string) {
		if old != new {
			out = append(out, FieldChange{Field: field, Old: old, New: new})
		}
	}
	add("date", dateForDiff(a.Date), dateForDiff(b.Date))
	add("category", a.Category, b.Category)
	add("headline", a.Headline, b.Headline)
	add("summary", a.Summary, b.Summary)
	add("body", a.Body, b.Body)
	add("slug", a.Slug, b.Slug)
	add("sources", sourcesForDiff(a.Sources), sourcesForDiff(b.Sources))
	add("published", publishedWord(a.Published), publishedWord(b.Published))
	add("date mark", markForDiff(a.DateMark), markForDiff(b.DateMark))
	return out
}

// markForDiff writes a date mark for the history: "disputed: reason
// (reference)", or "" for none.
func markForDiff(m DateMark) string {
	if m.Kind == "" {
		return ""
	}
	s := string(m.Kind) + ": " + m.Reason
	if m.Reference != "" {
		s += " (" + m.Reference + ")"
	}
	return s
}

// SuggestCorrection drafts the public correction for an edit from a to b:
// what readers were told and what is right, for the fields readers see.
// It returns "" when nothing readers see changed.
func SuggestCorrection(a, b *Event) string {
	var parts []string
	if a.Date != b.Date {
		parts = append(parts, "the date was given as "+a.Date.String()+"; it is "+b.Date.String())
	}
	if a.Headline != b.Headline {
		parts = append(parts, "the headline read \u201c"+a.Headline+"\u201d; it now reads \u201c"+b.Headline+"\u201d")
	}
	if len(parts) == 0 {
		if a.Summary != b.Summary || a.Body != b.Body {
			return "The text of this article was corrected."
		}
		return ""
	}
	s := strings.Join(parts, "; ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func dateForDiff(d HistDate) string {
	if d == (HistDate{}) {
		return "" // no date yet: the event is being created
	}
	s := d.String()
	if d.Calendar == Julian {
		s += " (Julian)"
	}
	return s
}

func sourcesForDiff(ss []Source) string {
	lines := make([]string, len(ss))
	for i, s := range ss {
		lines[i] = strings.TrimSpace(strings.Join([]string{s.Title, s.URL, s.Note}, " "))
	}
	return strings.Join(lines, "\n")
}

func publishedWord(p bool) string {
	if p {
		return "published"
	}
	return "draft"
}

// CorrectionFilter selects corrections. Zero fields do not filter.
// CorrectionFinder reads public corrections: the part of EditStore that
// readers' pages need.
type CorrectionFinder interface {
	FindCorrections(ctx context.Context, filter CorrectionFilter) ([]*Correction, int, error)
}

type CorrectionFilter struct {
	EventID *int64
	// IncludeDrafts includes corrections on unpublished events; readers
	// never see them.
	IncludeDrafts bool
	Offset        int
	Limit         int
}

// EditStore saves editors' changes to events together with their history.
type EditStore interface {
	// EditEvent creates or updates edit.Event, records a revision of what
	// changed, and (when asked) publishes a correction and closes a report
	// as accepted — all in one transaction, so that no event changes
	// without its history. An update that changes nothing records nothing.
	// ECONFLICT when the report is no longer open.
	EditEvent(ctx context.Context, edit EventEdit) error
	// Revisions returns an event's revisions, newest first.
	Revisions(ctx context.Context, eventID int64) ([]*Revision, error)
	// FindCorrections returns corrections newest first, and the total.
	FindCorrections(ctx context.Context, filter CorrectionFilter) ([]*Correction, int, error)
}
