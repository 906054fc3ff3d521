package flashback_test

import (
	"slices"
	"testing"
	"time"

	"flashback"
)

// ev is a published day-precision event of year/month/day in cat.
func ev(id int64, year int, m time.Month, d int, cat string) *flashback.Event {
	return &flashback.Event{ID: id, Date: flashback.HistDate{Year: year, Month: m, Day: d},
		Category: cat, Headline: "Event " + string(rune('A'+id%26)), Published: true}
}

func cand(e *flashback.Event) flashback.Candidate { return flashback.Candidate{Event: e} }

func TestChooseFeatures_OneDay(t *testing.T) {
	june17 := flashback.CivilDate{Year: 2026, Month: time.June, Day: 17}
	selected := ev(3, 1900, time.June, 17, flashback.CategoryMusic)
	selected.Selected = true
	reported := flashback.Candidate{Event: ev(4, 1926, time.June, 17, flashback.CategoryHistory),
		Issues: flashback.EventIssues{OpenReports: 1}}
	conflicted := flashback.Candidate{Event: ev(5, 1926, time.June, 17, flashback.CategoryHistory),
		Issues: flashback.EventIssues{OpenConflicts: 1}}
	article := flashback.Candidate{Event: ev(6, 1931, time.June, 17, flashback.CategoryScience), CleanArticle: true}
	bc := ev(7, -43, time.June, 17, flashback.CategoryHistory)    // 44 BC: 2069 years before 2026
	bc100 := ev(8, -74, time.June, 17, flashback.CategoryHistory) // 75 BC: 2100 years before 2026
	draft := ev(9, 1926, time.June, 17, flashback.CategoryHistory)
	draft.Published = false
	observance := &flashback.Event{ID: 10, Date: flashback.HistDate{Month: time.June, Day: 17, Precision: flashback.PrecisionMonthDay},
		Category: flashback.CategoryHolidays, Headline: "A feast", Published: true}

	tests := []struct {
		name       string
		cands      []flashback.Candidate
		picks      []*flashback.FeaturePick
		wantID     int64
		wantReason string
		wantEditor bool
	}{
		{"NothingToFeature", nil, nil, 0, "", false},
		{"RoundAnniversaryOverPlain", []flashback.Candidate{cand(ev(1, 1931, time.June, 17, flashback.CategoryHistory)), cand(ev(2, 1946, time.June, 17, flashback.CategoryHistory))}, nil, 2, "80th anniversary", false},
		{"SelectedOverPlain", []flashback.Candidate{cand(ev(1, 1931, time.June, 17, flashback.CategoryHistory)), cand(selected)}, nil, 3, "A highlight of the day in our sources", false},
		{"CleanArticleOverAnniversary", []flashback.Candidate{cand(ev(2, 1946, time.June, 17, flashback.CategoryHistory)), article}, nil, 6, "", false},
		{"NeverWithOpenReport", []flashback.Candidate{reported, cand(ev(1, 1931, time.June, 17, flashback.CategoryHistory))}, nil, 1, "", false},
		{"NeverWithOpenConflict", []flashback.Candidate{conflicted}, nil, 0, "", false},
		{"NeverADraft", []flashback.Candidate{cand(draft)}, nil, 0, "", false},
		{"BCYearAnniversary", []flashback.Candidate{cand(bc), cand(bc100)}, nil, 8, "2100th anniversary", false},
		{"DatedOverObservance", []flashback.Candidate{cand(observance), cand(ev(1, 1931, time.June, 17, flashback.CategoryHistory))}, nil, 1, "", false},
		{"ObservanceWhenAlone", []flashback.Candidate{cand(observance)}, nil, 10, "", false},
		{"EditorsMonthDayPick", []flashback.Candidate{article, cand(ev(1, 1931, time.June, 17, flashback.CategoryHistory))},
			[]*flashback.FeaturePick{{Month: time.June, Day: 17, EventID: 1}}, 1, "Editors’ choice", true},
		{"CalendarDatePickBeatsMonthDay", []flashback.Candidate{cand(ev(1, 1931, time.June, 17, "x")), cand(ev(2, 1946, time.June, 17, "x"))},
			[]*flashback.FeaturePick{{Month: time.June, Day: 17, EventID: 1}, {Year: 2026, Month: time.June, Day: 17, EventID: 2}}, 2, "Editors’ choice · 80th anniversary", true},
		{"PickForAnotherYearIgnored", []flashback.Candidate{cand(ev(1, 1931, time.June, 17, "x")), cand(ev(2, 1946, time.June, 17, "x"))},
			[]*flashback.FeaturePick{{Year: 2027, Month: time.June, Day: 17, EventID: 1}}, 2, "80th anniversary", false},
		{"PickWithOpenReportSetAside", []flashback.Candidate{reported, cand(ev(1, 1931, time.June, 17, "x"))},
			[]*flashback.FeaturePick{{Month: time.June, Day: 17, EventID: 4}}, 1, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := flashback.ChooseFeatures([]flashback.FeatureDay{{Date: june17, Candidates: tc.cands, Picks: tc.picks}})[0]
			var id int64
			if got.Candidate.Event != nil {
				id = got.Candidate.Event.ID
			}
			if id != tc.wantID || got.Reason != tc.wantReason || got.ByEditor != tc.wantEditor {
				t.Errorf("got event %d, reason %q, by editor %v; want %d, %q, %v", id, got.Reason, got.ByEditor, tc.wantID, tc.wantReason, tc.wantEditor)
			}
		})
	}
}

// The same inputs give the same pick, whatever order the store returned
// the candidates in.
func TestChooseFeatures_Deterministic(t *testing.T) {
	date := flashback.CivilDate{Year: 2026, Month: time.March, Day: 3}
	var cs []flashback.Candidate
	for i := int64(1); i <= 8; i++ {
		cs = append(cs, cand(ev(i, 1901+int(i), time.March, 3, flashback.CategoryHistory)))
	}
	first := flashback.ChooseFeatures([]flashback.FeatureDay{{Date: date, Candidates: cs}})[0].Candidate.Event.ID
	rev := make([]flashback.Candidate, len(cs))
	for i := range cs {
		rev[len(cs)-1-i] = cs[i]
	}
	if again := flashback.ChooseFeatures([]flashback.FeatureDay{{Date: date, Candidates: rev}})[0].Candidate.Event.ID; again != first {
		t.Errorf("reordered candidates chose %d, first time %d", again, first)
	}
}

// Across a week, a category already featured gives way to another one; a
// new week starts afresh on Monday.
func TestChooseFeatures_WeekBalance(t *testing.T) {
	monday := flashback.CivilDate{Year: 2026, Month: time.June, Day: 15}
	if monday.Weekday() != time.Monday || monday.AddDays(3).WeekStart() != monday {
		t.Fatal("test date is not a Monday")
	}
	var days []flashback.FeatureDay
	for i := range 8 {
		d := monday.AddDays(i)
		days = append(days, flashback.FeatureDay{Date: d, Candidates: []flashback.Candidate{
			cand(ev(int64(100+i), 1905, d.Month, d.Day, flashback.CategoryHistory)),
			cand(ev(int64(200+i), 1905, d.Month, d.Day, flashback.CategoryMusic)),
			cand(ev(int64(300+i), 1805, d.Month, d.Day, flashback.CategoryScience)),
		}})
	}
	got := flashback.ChooseFeatures(days)
	seen := map[string]int{}
	for _, f := range got[:3] {
		seen[f.Candidate.Event.Category]++
	}
	if len(seen) != 3 {
		t.Errorf("the first three days featured categories %v; want three different ones", seen)
	}
	alone := flashback.ChooseFeatures(days[7:])[0]
	if got[7].Date.Weekday() != time.Monday || got[7].Candidate.Event != alone.Candidate.Event {
		t.Errorf("next Monday featured %d; a fresh week should choose as if it were the first day (%d)",
			got[7].Candidate.Event.ID, alone.Candidate.Event.ID)
	}
}

func TestByPreference(t *testing.T) {
	june17 := flashback.CivilDate{Year: 2026, Month: time.June, Day: 17}
	plain := cand(ev(1, 1931, time.June, 17, flashback.CategoryHistory))
	round := cand(ev(2, 1946, time.June, 17, flashback.CategoryHistory))
	century := cand(ev(3, 1926, time.June, 17, flashback.CategoryHistory))
	article := flashback.Candidate{Event: ev(4, 1931, time.June, 17, flashback.CategoryScience), CleanArticle: true}
	reported := flashback.Candidate{Event: ev(5, 1926, time.June, 17, flashback.CategoryHistory), CleanArticle: true,
		Issues: flashback.EventIssues{OpenReports: 1}}
	draft := cand(ev(6, 1946, time.June, 17, flashback.CategoryHistory))
	draft.Event.Published = false
	observance := cand(&flashback.Event{ID: 7, Date: flashback.HistDate{Month: time.June, Day: 17, Precision: flashback.PrecisionMonthDay},
		Category: flashback.CategoryHolidays, Headline: "A feast", Published: true})

	tests := []struct {
		name  string
		cands []flashback.Candidate
		want  []int64
	}{
		{"Nothing", nil, []int64{}},
		{"ArticleThenCenturyThenRoundThenPlain", []flashback.Candidate{plain, round, century, article}, []int64{4, 3, 2, 1}},
		{"DatedBeforeObservance", []flashback.Candidate{observance, plain}, []int64{1, 7}},
		// Those the choice may not take come last, in page order, however
		// well they would score.
		{"UnchoosableLastInPageOrder", []flashback.Candidate{draft, reported, plain}, []int64{1, 6, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := flashback.FeatureDay{Date: june17, Candidates: tt.cands}
			got := []int64{}
			for _, c := range flashback.ByPreference(d) {
				got = append(got, c.Event.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("order %v, want %v", got, tt.want)
			}
			// The first it may choose is what the day's choice takes when
			// the week has featured nothing yet.
			if f := flashback.ChooseFeatures([]flashback.FeatureDay{d})[0]; len(got) > 0 && f.Candidate.Event != nil && f.Candidate.Event.ID != got[0] {
				t.Errorf("chosen %d, first by preference %d", f.Candidate.Event.ID, got[0])
			}
		})
	}
}

func TestOrdinalAndPlural(t *testing.T) {
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 80: "80th", 101: "101st", 112: "112th"} {
		if got := flashback.Ordinal(n); got != want {
			t.Errorf("Ordinal(%d) = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int]string{0: "no open reports", 1: "1 open report", 2: "2 open reports"} {
		if got := flashback.Plural(n, "open report", "open reports"); got != want {
			t.Errorf("Plural(%d) = %q, want %q", n, got, want)
		}
	}
}
