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
// "every 31 January" or "31 January, 2027".
func (p *FeaturePick) DayLabel() string {
	md := MonthDay{Month: p.Month, Day: p.Day}.String()
	if p.EveryYear() {
		return "every " + md
	}
	return md + ", " + strconv.Itoa(p.Year)
}
