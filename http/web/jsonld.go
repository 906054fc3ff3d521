package web

import (
	"time"

	"flashback"
	"flashback/http/render"
)

// The schema.org descriptions pages carry as JSON-LD, so that search
// engines and link previews know an article's dates and what it is about.
// Fields are written by encoding/json through html/template, which keeps
// any text of ours from closing the script element.

type ldThing struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// ldEvent is the historical event an article is about. StartDate is its
// date in ISO 8601 (proleptic Gregorian); empty for one without a year.
type ldEvent struct {
	Type        string `json:"@type"`
	Name        string `json:"name"`
	StartDate   string `json:"startDate,omitempty"`
	Description string `json:"description,omitempty"`
}

type ldArticle struct {
	Context          string  `json:"@context"`
	Type             string  `json:"@type"`
	Headline         string  `json:"headline"`
	Description      string  `json:"description,omitempty"`
	URL              string  `json:"url"`
	MainEntityOfPage string  `json:"mainEntityOfPage"`
	DatePublished    string  `json:"datePublished"`
	DateModified     string  `json:"dateModified"`
	Image            string  `json:"image,omitempty"`
	ArticleSection   string  `json:"articleSection,omitempty"`
	Publisher        ldThing `json:"publisher"`
	About            ldEvent `json:"about"`
}

type ldListItem struct {
	Type     string `json:"@type"`
	Position int    `json:"position"`
	URL      string `json:"url"`
	Name     string `json:"name"`
}

type ldItemList struct {
	Type            string       `json:"@type"`
	NumberOfItems   int          `json:"numberOfItems"`
	ItemListElement []ldListItem `json:"itemListElement"`
}

// ldCollection describes a date page: the list of events it shows.
type ldCollection struct {
	Context     string     `json:"@context"`
	Type        string     `json:"@type"`
	Name        string     `json:"name"`
	Description string     `json:"description"`
	URL         string     `json:"url"`
	MainEntity  ldItemList `json:"mainEntity"`
}

const schemaOrg = "https://schema.org"

func (h *Handler) publisher() ldThing {
	return ldThing{Type: "Organization", Name: render.SiteName, URL: h.BaseURL + "/"}
}

// articleLD describes the article of e, whose page is at p.Canonical.
func (h *Handler) articleLD(p *render.Page, e *flashback.Event, section string) ldArticle {
	return ldArticle{
		Context:          schemaOrg,
		Type:             "Article",
		Headline:         e.Headline,
		Description:      e.Summary,
		URL:              p.Canonical,
		MainEntityOfPage: p.Canonical,
		DatePublished:    e.CreatedAt.UTC().Format(time.RFC3339),
		DateModified:     e.UpdatedAt.UTC().Format(time.RFC3339),
		Image:            p.Image,
		ArticleSection:   section,
		Publisher:        h.publisher(),
		About:            ldEvent{Type: "Event", Name: e.Headline, StartDate: e.Date.ISO8601(), Description: e.Summary},
	}
}

// dayLD describes a date page: its lead first, then the day's events in
// the order the page shows them.
func (h *Handler) dayLD(p *render.Page, d *dayData) ldCollection {
	list := ldItemList{Type: "ItemList", ItemListElement: []ldListItem{}}
	add := func(c card) {
		list.ItemListElement = append(list.ItemListElement,
			ldListItem{Type: "ListItem", Position: len(list.ItemListElement) + 1, URL: h.BaseURL + c.URL, Name: c.Headline})
	}
	if d.Lead != nil {
		add(d.Lead.card)
	}
	for _, g := range d.Groups {
		for _, c := range g.Cards {
			add(c)
		}
	}
	list.NumberOfItems = len(list.ItemListElement)
	return ldCollection{Context: schemaOrg, Type: "CollectionPage", Name: p.Title, Description: p.Description,
		URL: p.Canonical, MainEntity: list}
}
