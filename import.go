package flashback

import (
	"slices"
	"strconv"
)

// SameImport reports whether a and b differ in nothing an import writes, so
// that re-running an import leaves an unchanged event alone, timestamps
// included.
func SameImport(a, b *Event) bool {
	return a.Date == b.Date && a.Category == b.Category && a.Headline == b.Headline &&
		a.Summary == b.Summary && a.Body == b.Body && a.Slug == b.Slug &&
		slices.Equal(a.Sources, b.Sources) && a.Provenance == b.Provenance &&
		a.Published == b.Published && a.Selected == b.Selected && sameImage(a.Image, b.Image) &&
		a.DateMark == b.DateMark
}

func sameImage(a, b *Image) bool {
	return a == b || (a != nil && b != nil && *a == *b)
}

// SkipRef names the i-th (from 0) event of an import, refused, for the
// editor: its provenance when it has one, else its key, else its position
// in the batch.
func SkipRef(i int, e *Event) string {
	switch {
	case e.Provenance.Origin != "" && e.Provenance.Ref != "":
		return e.Provenance.Origin + ":" + e.Provenance.Ref
	case e.ExternalKey != "":
		return e.ExternalKey
	}
	return "#" + strconv.Itoa(i+1)
}
