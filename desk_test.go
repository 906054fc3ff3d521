package flashback

import (
	"reflect"
	"strings"
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

func TestSplitSent(t *testing.T) {
	d := CivilDate{Year: 2027, Month: time.January, Day: 31}
	sent1 := Outcome{SubscriberID: 1, LocalDate: d, State: DeliverySent}
	retry2 := Outcome{SubscriberID: 2, LocalDate: d, State: DeliveryRetry}
	sent3 := Outcome{SubscriberID: 3, LocalDate: d, State: DeliverySent}
	sent2 := Outcome{SubscriberID: 2, LocalDate: d, State: DeliverySent}
	cases := []struct {
		name       string
		in         []Outcome
		sent, rest []Outcome
	}{
		{"Mixed", []Outcome{sent1, retry2, sent3}, []Outcome{sent1, sent3}, []Outcome{retry2}},
		{"AllSent", []Outcome{sent1, sent3}, []Outcome{sent1, sent3}, nil},
		{"SubscriberTwiceGoesInOrder", []Outcome{retry2, sent1, sent2}, nil, []Outcome{retry2, sent1, sent2}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sent, rest := SplitSent(c.in)
			if !reflect.DeepEqual(sent, c.sent) || !reflect.DeepEqual(rest, c.rest) {
				t.Errorf("SplitSent = %v, %v; want %v, %v", sent, rest, c.sent, c.rest)
			}
		})
	}
}

func TestEventEditCleanTexts(t *testing.T) {
	ok := EventEdit{Note: "  why  ", Correction: "fixed", ReportNote: "thanks"}
	if err := ok.CleanTexts(); err != nil {
		t.Errorf("CleanTexts = %v", err)
	}
	long := EventEdit{Correction: strings.Repeat("x", MaxCorrectionText+1)}
	if err := long.CleanTexts(); ErrorCode(err) != EINVALID {
		t.Errorf("a correction past the limit: %v, want EINVALID", err)
	}
	res := ConflictResolution{Note: strings.Repeat("x", MaxEditorNote+1)}
	if err := res.CleanTexts(); ErrorCode(err) != EINVALID {
		t.Errorf("a resolution note past the limit: %v, want EINVALID", err)
	}
}
