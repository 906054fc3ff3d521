package web

import (
	"context"
	"fmt"
	"time"

	"flashback"
)

// ProvenanceReader is what an article's provenance is read from: the
// event's history and the conflicts its imports raised.
type ProvenanceReader interface {
	Revisions(ctx context.Context, eventID int64) ([]*flashback.Revision, error)
	FindConflicts(ctx context.Context, filter flashback.ConflictFilter) ([]*flashback.Conflict, int, error)
}

// provenanceView says plainly where an article's date comes from.
type provenanceView struct {
	Agreement string // whether the sources agree on the date
	Checked   string // when an editor last checked the event
	CheckedOn string // ISO date for <time>, when Checked names one
}

// fillProvenance describes e's provenance for readers.
func (h *Handler) fillProvenance(ctx context.Context, d *articleData, e *flashback.Event) error {
	witnesses, err := h.witnesses(ctx, e)
	if err != nil {
		return err
	}
	p := &provenanceView{Agreement: agreement(e.Date, witnesses, nil)}
	d.Provenance = p
	if h.Provenance == nil {
		return nil
	}
	id := e.ID
	conflicts, _, err := h.Provenance.FindConflicts(ctx, flashback.ConflictFilter{EventID: &id, Limit: 20})
	if err != nil {
		return fmt.Errorf("conflicts of event %d: %w", id, err)
	}
	p.Agreement = agreement(e.Date, witnesses, conflicts)
	revs, err := h.Provenance.Revisions(ctx, id)
	if err != nil {
		return fmt.Errorf("revisions of event %d: %w", id, err)
	}
	if last := lastChecked(revs, conflicts); !last.IsZero() {
		t := last.In(h.Location)
		p.Checked, p.CheckedOn = t.Format("2 January 2006"), t.Format("2006-01-02")
	}
	return nil
}

// lastChecked is when an editor last looked at the event's facts: an edit,
// or a decision on a conflict about its date (keeping the date changes
// nothing, so it leaves no revision). Choosing it as a day's featured
// story is not a check of its facts.
func lastChecked(revs []*flashback.Revision, conflicts []*flashback.Conflict) time.Time {
	var last time.Time
	for _, r := range revs {
		if r.EditorID != 0 && !onlyFeatured(r) && r.CreatedAt.After(last) {
			last = r.CreatedAt
		}
	}
	for _, c := range conflicts {
		if c.ResolvedBy != 0 && c.ResolvedAt.After(last) {
			last = c.ResolvedAt
		}
	}
	return last
}

func onlyFeatured(r *flashback.Revision) bool {
	for _, ch := range r.Changes {
		if ch.Field != flashback.FieldFeatured {
			return false
		}
	}
	return len(r.Changes) > 0
}

// witnesses gathers what the sources say of e's date: its own, and those
// of other sources' published records of the same event (a draft may be
// an entry an erratum withdrew, which is no witness).
func (h *Handler) witnesses(ctx context.Context, e *flashback.Event) ([]flashback.DateWitness, error) {
	ws := e.DateWitnesses()
	if h.SameEvents == nil {
		return ws, nil
	}
	same, err := h.SameEvents.SameEvents(ctx, e)
	if err != nil {
		return nil, fmt.Errorf("records of the same event as %d: %w", e.ID, err)
	}
	for _, o := range same {
		if o.Published {
			ws = append(ws, o.DateWitnesses()...)
		}
	}
	return ws, nil
}

// agreement says how many independent sources give the date and whether
// they agree, in words. A record held back by an open conflict is one more
// source, which disagrees; once editors settle a conflict, the article
// says so, since the event's sources then no longer show the disagreement.
func agreement(date flashback.HistDate, ws []flashback.DateWitness, conflicts []*flashback.Conflict) string {
	var held []flashback.DateWitness
	for _, c := range conflicts {
		if c.Status == flashback.ConflictOpen {
			held = append(held, c.Incoming.DateWitnesses()...)
		}
	}
	if len(held) > 0 {
		return flashback.DateAgreement(date, append(ws[:len(ws):len(ws)], held...)) + " Our editors are checking which is right."
	}
	for _, c := range conflicts {
		if c.Status == flashback.ConflictKept || c.Status == flashback.ConflictTaken {
			return "Sources disagreed on the date (" + c.StoredDate.String() + " or " + c.Incoming.Date.String() + "); our editors settled it."
		}
	}
	return flashback.DateAgreement(date, ws)
}
