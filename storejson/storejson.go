// Package storejson holds the encodings the stores keep inside rows: JSON
// for an event's sources and image, a revision's changes and a conflict's
// incoming record, and the text keys of conflicts. Both stores write the
// same bytes, so a site copied from one to the other reads back the same.
// The shapes are spelled out so that renaming a Go field cannot silently
// change what is on disk.
package storejson

import (
	"encoding/json"
	"fmt"
	"time"

	"flashback"
)

type source struct {
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
	Note  string `json:"note,omitempty"`
	Date  *date  `json:"date,omitempty"` // only when it differs from the event's
}

type date struct {
	Year      int `json:"year"`
	Month     int `json:"month"`
	Day       int `json:"day"`
	Precision int `json:"precision"`
	Calendar  int `json:"calendar"`
}

func toSource(s flashback.Source) source {
	out := source{Title: s.Title, URL: s.URL, Note: s.Note}
	if d := s.Date; d != (flashback.HistDate{}) {
		out.Date = &date{d.Year, int(d.Month), d.Day, int(d.Precision), int(d.Calendar)}
	}
	return out
}

func (s source) source() flashback.Source {
	out := flashback.Source{Title: s.Title, URL: s.URL, Note: s.Note}
	if d := s.Date; d != nil {
		out.Date = flashback.HistDate{Year: d.Year, Month: time.Month(d.Month), Day: d.Day,
			Precision: flashback.Precision(d.Precision), Calendar: flashback.Calendar(d.Calendar)}
	}
	return out
}

// EncodeSources gives "[]" for no sources.
func EncodeSources(sources []flashback.Source) (string, error) {
	out := make([]source, len(sources))
	for i, s := range sources {
		out[i] = toSource(s)
	}
	b, err := json.Marshal(out)
	if err != nil {
		return "", fmt.Errorf("encode sources: %w", err)
	}
	return string(b), nil
}

// DecodeSources gives nil for an empty list.
func DecodeSources(s string) ([]flashback.Source, error) {
	var in []source
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, fmt.Errorf("decode sources: %w", err)
	}
	if len(in) == 0 {
		return nil, nil
	}
	out := make([]flashback.Source, len(in))
	for i, s := range in {
		out[i] = s.source()
	}
	return out, nil
}

type image struct {
	Path   string `json:"path"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Alt    string `json:"alt,omitempty"`
	Credit string `json:"credit,omitempty"`
}

// EncodeImage gives "" for no image, so that the column stays cheap for
// the many events without one.
func EncodeImage(img *flashback.Image) (string, error) {
	if img == nil {
		return "", nil
	}
	b, err := json.Marshal(image{img.Path, img.Width, img.Height, img.Alt, img.CreditURL})
	if err != nil {
		return "", fmt.Errorf("encode image: %w", err)
	}
	return string(b), nil
}

// DecodeImage gives nil for "".
func DecodeImage(s string) (*flashback.Image, error) {
	if s == "" {
		return nil, nil
	}
	var in image
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, fmt.Errorf("decode image: %w", err)
	}
	return &flashback.Image{Path: in.Path, Width: in.Width, Height: in.Height, Alt: in.Alt, CreditURL: in.Credit}, nil
}

// EncodeChanges encodes a revision's changes.
func EncodeChanges(changes []flashback.FieldChange) (string, error) {
	b, err := json.Marshal(changes)
	if err != nil {
		return "", fmt.Errorf("encode changes: %w", err)
	}
	return string(b), nil
}

// DecodeChanges decodes what EncodeChanges made.
func DecodeChanges(s string) ([]flashback.FieldChange, error) {
	var changes []flashback.FieldChange
	if err := json.Unmarshal([]byte(s), &changes); err != nil {
		return nil, fmt.Errorf("decode changes: %w", err)
	}
	return changes, nil
}

type incoming struct {
	Year        int      `json:"year"`
	Month       int      `json:"month"`
	Day         int      `json:"day"`
	Precision   int      `json:"precision"`
	Calendar    int      `json:"calendar"`
	Category    string   `json:"category"`
	Headline    string   `json:"headline"`
	Summary     string   `json:"summary,omitempty"`
	Body        string   `json:"body,omitempty"`
	Sources     []source `json:"sources,omitempty"`
	Importer    string   `json:"importer,omitempty"`
	Origin      string   `json:"origin,omitempty"`
	Ref         string   `json:"ref,omitempty"`
	ExternalKey string   `json:"external_key,omitempty"`
	Published   bool     `json:"published,omitempty"`
	// DateMark keeps an erratum's mark on a held-back bundled event, so
	// that dismissing the conflict stores the event as imported.
	DateMark *dateMark `json:"date_mark,omitempty"`
}

// EncodeIncoming encodes the imported record a conflict holds.
func EncodeIncoming(e *flashback.Event) (string, error) {
	d := e.Date
	in := incoming{
		Year: d.Year, Month: int(d.Month), Day: d.Day, Precision: int(d.Precision), Calendar: int(d.Calendar),
		Category: e.Category, Headline: e.Headline, Summary: e.Summary, Body: e.Body,
		Importer: e.Provenance.Importer, Origin: e.Provenance.Origin, Ref: e.Provenance.Ref,
		ExternalKey: e.ExternalKey, Published: e.Published,
	}
	if m := e.DateMark; m != (flashback.DateMark{}) {
		in.DateMark = &dateMark{Kind: string(m.Kind), Reason: m.Reason, Reference: m.Reference}
	}
	for _, s := range e.Sources {
		in.Sources = append(in.Sources, toSource(s))
	}
	b, err := json.Marshal(in)
	if err != nil {
		return "", fmt.Errorf("encode incoming event: %w", err)
	}
	return string(b), nil
}

// DecodeIncoming decodes what EncodeIncoming made.
func DecodeIncoming(s string) (flashback.Event, error) {
	var in incoming
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return flashback.Event{}, fmt.Errorf("decode incoming event: %w", err)
	}
	e := flashback.Event{
		Date: flashback.HistDate{Year: in.Year, Month: time.Month(in.Month), Day: in.Day,
			Precision: flashback.Precision(in.Precision), Calendar: flashback.Calendar(in.Calendar)},
		Category: in.Category, Headline: in.Headline, Summary: in.Summary, Body: in.Body,
		Provenance:  flashback.Provenance{Importer: in.Importer, Origin: in.Origin, Ref: in.Ref},
		ExternalKey: in.ExternalKey, Published: in.Published,
	}
	if m := in.DateMark; m != nil {
		e.DateMark = flashback.DateMark{Kind: flashback.DateMarkKind(m.Kind), Reason: m.Reason, Reference: m.Reference}
	}
	for _, s := range in.Sources {
		e.Sources = append(e.Sources, s.source())
	}
	return e, nil
}

type dateMark struct {
	Kind      string `json:"kind"`
	Reason    string `json:"reason"`
	Reference string `json:"reference,omitempty"`
}

// EncodeDateMark gives "" for no mark.
func EncodeDateMark(m flashback.DateMark) (string, error) {
	if m == (flashback.DateMark{}) {
		return "", nil
	}
	b, err := json.Marshal(dateMark{Kind: string(m.Kind), Reason: m.Reason, Reference: m.Reference})
	if err != nil {
		return "", fmt.Errorf("encode date mark: %w", err)
	}
	return string(b), nil
}

// DecodeDateMark gives the zero mark for "".
func DecodeDateMark(s string) (flashback.DateMark, error) {
	if s == "" {
		return flashback.DateMark{}, nil
	}
	var m dateMark
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return flashback.DateMark{}, fmt.Errorf("decode date mark: %w", err)
	}
	return flashback.DateMark{Kind: flashback.DateMarkKind(m.Kind), Reason: m.Reason, Reference: m.Reference}, nil
}
