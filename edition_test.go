package flashback_test

import (
	"strings"
	"testing"
	"time"

	"flashback"
)

func TestBuildEdition(t *testing.T) {
	cats := []*flashback.Category{{Slug: "a", Name: "A", Position: 1}, {Slug: "b", Name: "B", Position: 2}}
	feb28 := ev(1, 1900, time.February, 28, "b")
	feb29 := ev(2, 1876, time.February, 29, "a")
	feb29.Body = "# Leap\n\nA **leap-day** [story](https://example.org).\n\nMore."
	feb29.Summary = "Event C" // repeats the headline ev gives id 2
	tests := []struct {
		name      string
		date      flashback.CivilDate
		lead      *flashback.Event
		wantCount int
		wantLeap  bool
		wantFirst string // slug of the first section
	}{
		{"CommonYear28FebShowsLeapDay", flashback.CivilDate{Year: 2026, Month: time.February, Day: 28}, feb29, 2, true, "b"},
		{"LeapYear28FebShowsOnlyItsOwn", flashback.CivilDate{Year: 2028, Month: time.February, Day: 28}, nil, 1, false, "b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var f flashback.Feature
			if tc.lead != nil {
				f.Candidate.Event = tc.lead
			}
			ed := flashback.BuildEdition(tc.date, cats, []*flashback.Event{feb28, feb29}, f)
			if ed.Count != tc.wantCount || ed.LeapDay != tc.wantLeap || ed.Sections[0].Category.Slug != tc.wantFirst {
				t.Fatalf("count %d leap %v first %s; want %d %v %s", ed.Count, ed.LeapDay, ed.Sections[0].Category.Slug, tc.wantCount, tc.wantLeap, tc.wantFirst)
			}
			for _, s := range ed.Sections {
				for _, st := range s.Stories {
					if ed.Lead != nil && st.Event == ed.Lead.Event {
						t.Error("the lead is listed again below itself")
					}
				}
			}
		})
	}
	t.Run("LeadOnCommonYear", func(t *testing.T) {
		ed := flashback.BuildEdition(flashback.CivilDate{Year: 2026, Month: time.February, Day: 28}, cats,
			[]*flashback.Event{feb28, feb29}, flashback.Feature{Candidate: flashback.Candidate{Event: feb29}})
		l := ed.Lead
		if !l.LeapDay || !l.HasArticle || l.Summary != "" || l.Opening != "A leap-day story." || l.YearsAgo != 150 || !l.Round {
			t.Errorf("lead %+v", l)
		}
	})
}

func TestNewStory_BCAndYearless(t *testing.T) {
	date := flashback.CivilDate{Year: 2026, Month: time.March, Day: 15}
	caesar := ev(1, -43, time.March, 15, "a")
	if s := flashback.NewStory(caesar, date); s.Year != "44 BC" || s.YearsAgo != 2069 || s.HasArticle {
		t.Errorf("44 BC story: %+v", s)
	}
	feast := &flashback.Event{Date: flashback.HistDate{Month: time.March, Day: 15, Precision: flashback.PrecisionMonthDay}, Headline: "Feast"}
	if s := flashback.NewStory(feast, date); s.Year != "" || s.YearsAgo != 0 || s.Round {
		t.Errorf("year-less story: %+v", s)
	}
}

func TestOpening(t *testing.T) {
	long, cut := strings.Repeat("word ", 80), strings.Repeat("word ", 60)
	cut = strings.TrimSpace(cut) + "…"
	tests := []struct{ name, in, want string }{
		{"Empty", "", ""},
		{"FirstParagraph", "First *one*.\nStill first.\n\nSecond.", "First one. Still first."},
		{"SkipsHeadings", "## Title\n\n> Quoted `code` and [a link](javascript:x).", "Quoted code and a link."},
		{"CutsLong", long, cut},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := flashback.Opening(tc.in, 60); got != tc.want {
				t.Errorf("Opening = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSummaryAdds(t *testing.T) {
	tests := []struct {
		name, headline, summary string
		want                    bool
	}{
		{"RepeatsHeadline", "Hewlett-Packard founded", "Hewlett-Packard founded.", false},
		{"RepeatsHeadlineOtherCase", "Hewlett-Packard founded", "hewlett-packard FOUNDED", false},
		{"SaysMore", "Explorer I launched", "The first American satellite reaches orbit.", true},
		{"Empty", "Hewlett-Packard founded", "  ", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := flashback.SummaryAdds(&flashback.Event{Headline: tc.headline, Summary: tc.summary}); got != tc.want {
				t.Errorf("SummaryAdds = %v, want %v", got, tc.want)
			}
		})
	}
}
