package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"flashback"
	"flashback/site"
)

// eventJSON is an event with what stands behind it.
type eventJSON struct {
	ID       int64        `json:"id"`
	Headline string       `json:"headline"`
	Summary  string       `json:"summary"`
	Body     string       `json:"body"` // the article in Markdown; "" when none is written
	Category categoryJSON `json:"category"`
	Date     dateJSON     `json:"date"`
	// YearsAgo counts to the site's today; null without a year.
	YearsAgo     *int             `json:"years_ago"`
	URL          string           `json:"url"`
	Sources      []sourceJSON     `json:"sources"`
	Corrections  []correctionJSON `json:"corrections"`
	LastRevision *revisionJSON    `json:"last_revision"`
	UpdatedAt    time.Time        `json:"updated_at"`
}

// dateJSON is a historical date as the source gave it. Month and day are
// 0 when the precision leaves them out; the year is astronomical.
type dateJSON struct {
	Year      *int   `json:"year"`
	Month     int    `json:"month"`
	Day       int    `json:"day"`
	Precision string `json:"precision"`
	Calendar  string `json:"calendar"`
	Text      string `json:"text"`
	DateLine  string `json:"date_line"`
}

type sourceJSON struct {
	Title string `json:"title"`
	URL   string `json:"url,omitempty"` // only http(s) links and site paths
	Note  string `json:"note,omitempty"`
}

// revisionJSON says when an event last changed and which fields; who and
// why stay with the editors.
type revisionJSON struct {
	At     time.Time `json:"at"`
	Fields []string  `json:"fields"`
}

// event serves /api/v1/events/{id}; drafts do not exist for readers.
func (h *Handler) event(w http.ResponseWriter, r *http.Request) {
	id, err := eventID(r.PathValue("id"))
	if err != nil {
		h.Problem(w, r, err)
		return
	}
	out, err := h.eventRecord(r.Context(), id)
	if err != nil {
		h.Problem(w, r, err)
		return
	}
	h.JSON(w, r, cacheContent, out)
}

func (h *Handler) eventRecord(ctx context.Context, id int64) (*eventJSON, error) {
	e, err := h.Events.FindEventByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !e.Published {
		return nil, flashback.Errorf(flashback.ENOTFOUND, "There is no event %d.", id)
	}
	cats, err := h.Events.Categories(ctx)
	if err != nil {
		return nil, err
	}
	out := &eventJSON{
		ID: e.ID, Headline: e.Headline, Summary: e.Summary, Body: e.Body,
		Category: h.category(categoryNamed(cats, e.Category)), Date: newDate(e.Date),
		URL: h.URLs.Abs(site.Event(e)), Sources: h.sources(e.Sources), UpdatedAt: e.UpdatedAt.UTC(),
		Corrections: []correctionJSON{},
	}
	if e.Date.HasYear() {
		ago := e.Date.YearsAgo(h.today())
		out.YearsAgo = &ago
	}
	list, _, err := h.Corrections.FindCorrections(ctx, flashback.CorrectionFilter{EventID: &id, Limit: 100})
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		out.Corrections = append(out.Corrections, h.correction(c, e))
	}
	out.LastRevision, err = h.lastRevision(ctx, id)
	return out, err
}

// lastRevision is nil, without error, for an event never revised or when
// no revisions are kept: the field is null then.
func (h *Handler) lastRevision(ctx context.Context, id int64) (*revisionJSON, error) {
	if h.Revisions == nil {
		return nil, nil
	}
	revs, err := h.Revisions.Revisions(ctx, id)
	if err != nil || len(revs) == 0 {
		return nil, err
	}
	rev := &revisionJSON{At: revs[0].CreatedAt.UTC(), Fields: []string{}}
	for _, c := range revs[0].Changes {
		rev.Fields = append(rev.Fields, c.Field)
	}
	return rev, nil
}

func newDate(d flashback.HistDate) dateJSON {
	out := dateJSON{Month: int(d.Month), Day: d.Day, Precision: d.Precision.String(), Calendar: d.Calendar.String(),
		Text: d.String(), DateLine: d.DateLine()}
	if d.HasYear() {
		y := d.Year
		out.Year = &y
	}
	return out
}

// sources keeps only safe links, and makes the site's own absolute.
func (h *Handler) sources(ss []flashback.Source) []sourceJSON {
	out := make([]sourceJSON, 0, len(ss))
	for _, s := range ss {
		v := sourceJSON{Title: s.Title, Note: s.Note}
		v.URL, _ = s.LinkURL()
		if strings.HasPrefix(v.URL, "/") {
			v.URL = h.URLs.Abs(v.URL)
		}
		out = append(out, v)
	}
	return out
}
