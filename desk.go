package flashback

import "strconv"

// These are what the desk writes when an editor resolves a conflict or
// changes a featured pick, the same whatever store keeps it.

// MergeSources returns have followed by the sources of more it lacks (same
// title and URL), as when an editor takes an imported date.
func MergeSources(have, more []Source) []Source {
	out := append([]Source(nil), have...)
	for _, m := range more {
		dup := false
		for _, h := range have {
			if h.Title == m.Title && h.URL == m.URL {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, m)
		}
	}
	return out
}

// Describe names where an import came from, for a revision's note.
func (p Provenance) Describe() string {
	switch {
	case p.Importer != "" && p.Origin != "":
		return p.Importer + " (" + p.Origin + ")"
	case p.Importer != "":
		return p.Importer
	}
	return "the import"
}

// DayLabel writes the day of a pick as editors read it in a revision:
// "every January 31" or "January 31, 2027".
func (p *FeaturePick) DayLabel() string {
	md := MonthDay{Month: p.Month, Day: p.Day}.String()
	if p.EveryYear() {
		return "every " + md
	}
	return md + ", " + strconv.Itoa(p.Year)
}

// PickRevision is the history one event gains from a changed pick.
type PickRevision struct {
	EventID int64
	Changes []FieldChange
}

// Revisions are what a change of pick from event old (0 for none) to
// p.EventID (0 for none) records: the "featured" field of the old event
// loses the day, that of the new one gains it.
func (p *FeaturePick) Revisions(old int64) []PickRevision {
	day := p.DayLabel()
	var out []PickRevision
	if old != 0 {
		out = append(out, PickRevision{old, []FieldChange{{Field: FieldFeatured, Old: day, New: ""}}})
	}
	if p.EventID != 0 {
		out = append(out, PickRevision{p.EventID, []FieldChange{{Field: FieldFeatured, Old: "", New: day}}})
	}
	return out
}

// CleanTexts cleans and bounds the free texts an editor attaches to an
// edit, in place; EINVALID when one is too long.
func (e *EventEdit) CleanTexts() error {
	return cleanDeskTexts(&e.Note, &e.Correction, &e.ReportNote)
}

// CleanTexts cleans and bounds the note and correction of a resolution, in
// place; EINVALID when one is too long.
func (r *ConflictResolution) CleanTexts() error {
	return cleanDeskTexts(&r.Note, &r.Correction, new(string))
}

func cleanDeskTexts(note, correction, reportNote *string) error {
	if err := CleanNote("The note", note, MaxEditorNote); err != nil {
		return err
	}
	if err := CleanNote("The note", reportNote, MaxEditorNote); err != nil {
		return err
	}
	return CleanNote("The correction", correction, MaxCorrectionText)
}

// SplitSent separates the sent outcomes of a group, which a store may
// record together, from the rest, to be recorded one by one. A group that
// names a subscriber twice goes one by one throughout, in order, since its
// outcomes may depend on one another.
func SplitSent(outcomes []Outcome) (sent, rest []Outcome) {
	seen := make(map[int64]bool, len(outcomes))
	for _, o := range outcomes {
		if seen[o.SubscriberID] {
			return nil, outcomes
		}
		seen[o.SubscriberID] = true
	}
	for _, o := range outcomes {
		if o.State == DeliverySent {
			sent = append(sent, o)
		} else {
			rest = append(rest, o)
		}
	}
	return sent, rest
}

// CleanCorrections cleans and checks the corrections an import brings
// with e, as an editor's are checked.
func (e *Event) CleanCorrections() error {
	for i := range e.Corrections {
		c := &e.Corrections[i]
		if c.Key == "" {
			return Errorf(EINVALID, "A correction an import publishes needs a key.")
		}
		if err := CleanNote("The correction", &c.Text, MaxCorrectionText); err != nil {
			return err
		}
		if c.Text == "" {
			return Errorf(EINVALID, "The correction %s has no text.", c.Key)
		}
		for j, ref := range c.References { // one line each: they are stored one per line
			var err error
			if c.References[j], err = CleanLine("A correction's reference", ref); err != nil {
				return err
			}
		}
	}
	return nil
}
