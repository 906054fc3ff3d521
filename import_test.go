package flashback

import "testing"

func TestSameImport(t *testing.T) {
	base := func() *Event {
		return &Event{Headline: "H", Category: CategoryHistory, Image: &Image{Path: "p", Width: 1}}
	}
	cases := []struct {
		name   string
		change func(*Event)
		same   bool
	}{
		{"Identical", func(*Event) {}, true},
		{"EqualImageElsewhere", func(e *Event) { e.Image = &Image{Path: "p", Width: 1} }, true},
		{"OnlyTimestamps", func(e *Event) { e.ID = 7 }, true},
		{"Headline", func(e *Event) { e.Headline = "G" }, false},
		{"ImageRemoved", func(e *Event) { e.Image = nil }, false},
		{"ImageChanged", func(e *Event) { e.Image = &Image{Path: "q", Width: 1} }, false},
		{"Sources", func(e *Event) { e.Sources = []Source{{Title: "T"}} }, false},
		{"Selected", func(e *Event) { e.Selected = true }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := base()
			c.change(b)
			if got := SameImport(base(), b); got != c.same {
				t.Errorf("SameImport = %v, want %v", got, c.same)
			}
		})
	}
}

func TestSkipRef(t *testing.T) {
	cases := []struct {
		name string
		e    Event
		want string
	}{
		{"Provenance", Event{Provenance: Provenance{Origin: "calendar.history", Ref: "214"}, ExternalKey: "k"}, "calendar.history:214"},
		{"Key", Event{Provenance: Provenance{Origin: "o"}, ExternalKey: "k"}, "k"},
		{"Position", Event{}, "#3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := SkipRef(2, &c.e); got != c.want {
				t.Errorf("SkipRef = %q, want %q", got, c.want)
			}
		})
	}
}
