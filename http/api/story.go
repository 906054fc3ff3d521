package api

import (
	"flashback"
	"flashback/site"
)

// storyJSON is one event of an edition.
type storyJSON struct {
	ID       int64  `json:"id"`
	Headline string `json:"headline"`
	// Summary is left out when it would only repeat the headline.
	Summary  string `json:"summary,omitempty"`
	Category string `json:"category"`
	Date     string `json:"date"` // as given: "31 January 1929"
	// Year is astronomical (44 BC is -43), null when the source gave none;
	// YearLabel is how people write it.
	Year             *int   `json:"year"`
	YearLabel        string `json:"year_label,omitempty"`
	YearsAgo         *int   `json:"years_ago"`
	RoundAnniversary bool   `json:"round_anniversary"`
	LeapDay          bool   `json:"leap_day"`
	HasArticle       bool   `json:"has_article"`
	URL              string `json:"url"`
	APIURL           string `json:"api_url"`
}

// featuredJSON is the day's featured story with why it leads.
type featuredJSON struct {
	storyJSON
	CategoryName   string `json:"category_name"`
	Opening        string `json:"opening,omitempty"`
	Reason         string `json:"reason,omitempty"`
	ChosenByEditor bool   `json:"chosen_by_editor"`
}

func (h *Handler) story(s flashback.Story) storyJSON {
	e := s.Event
	out := storyJSON{
		ID: e.ID, Headline: e.Headline, Summary: s.Summary, Category: e.Category, Date: e.Date.String(),
		YearLabel: s.Year, RoundAnniversary: s.Round, LeapDay: s.LeapDay, HasArticle: s.HasArticle,
		URL: h.URLs.Abs(site.Event(e)), APIURL: h.URLs.Abs(site.APIEvent(e.ID)),
	}
	if e.Date.HasYear() {
		y, ago := e.Date.Year, s.YearsAgo
		out.Year, out.YearsAgo = &y, &ago
	}
	return out
}

func (h *Handler) featured(l *flashback.Lead) *featuredJSON {
	if l == nil {
		return nil
	}
	return &featuredJSON{
		storyJSON: h.story(l.Story), CategoryName: l.Category.Name,
		Opening: l.Opening, Reason: l.Reason, ChosenByEditor: l.ByEditor,
	}
}

// kindOf is the list of an edition by type that a category's events go
// to: births, deaths and observances have their own, the rest are events.
func kindOf(category string) string {
	switch category {
	case flashback.CategoryBirths:
		return "births"
	case flashback.CategoryDeaths:
		return "deaths"
	case flashback.CategoryHolidays:
		return "holidays"
	}
	return "events"
}
