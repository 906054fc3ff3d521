package flashback

import (
	"reflect"
	"testing"
	"time"
)

func TestMergeSources(t *testing.T) {
	a, b := Source{Title: "A", URL: "u"}, Source{Title: "B"}
	cases := []struct {
		name       string
		have, more []Source
		want       []Source
	}{
		{"NothingMore", []Source{a}, nil, []Source{a}},
		{"AddsMissing", []Source{a}, []Source{a, b}, []Source{a, b}},
		{"SameTitleOtherURL", []Source{a}, []Source{{Title: "A", URL: "v"}}, []Source{a, {Title: "A", URL: "v"}}},
		{"FromNothing", nil, []Source{b}, []Source{b}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := MergeSources(c.have, c.more); !reflect.DeepEqual(got, c.want) {
				t.Errorf("MergeSources = %v, want %v", got, c.want)
			}
		})
	}
}

func TestProvenanceDescribe(t *testing.T) {
	cases := []struct {
		name string
		p    Provenance
		want string
	}{
		{"ImporterAndOrigin", Provenance{Importer: "bsdcal", Origin: "calendar.history"}, "bsdcal (calendar.history)"},
		{"ImporterOnly", Provenance{Importer: "csv"}, "csv"},
		{"Nothing", Provenance{}, "the import"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.p.Describe(); got != c.want {
				t.Errorf("Describe = %q, want %q", got, c.want)
			}
		})
	}
}

func TestFeaturePickDayLabel(t *testing.T) {
	every := &FeaturePick{Month: time.January, Day: 31}
	once := &FeaturePick{Year: 2027, Month: time.January, Day: 31}
	md := MonthDay{Month: time.January, Day: 31}.String()
	if got := every.DayLabel(); got != "every "+md {
		t.Errorf("every year: %q", got)
	}
	if got := once.DayLabel(); got != md+", 2027" {
		t.Errorf("one year: %q", got)
	}
}
