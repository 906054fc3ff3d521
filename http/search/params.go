package search

import (
	"net/url"
	"strconv"
	"strings"

	"flashback"
)

// form is the search as the reader gave it, kept as typed so that the form
// shows it again, and pagination links carry it on.
type form struct {
	Q, Category, From, To string
}

func readForm(v url.Values) form {
	return form{
		Q:        strings.TrimSpace(v.Get("q")),
		Category: strings.TrimSpace(v.Get("category")),
		From:     strings.TrimSpace(v.Get("from")),
		To:       strings.TrimSpace(v.Get("to")),
	}
}

// values returns the form's non-empty fields with page, for a link.
func (f form) values(page int) url.Values {
	v := url.Values{}
	for _, kv := range [][2]string{{"q", f.Q}, {"category", f.Category}, {"from", f.From}, {"to", f.To}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return v
}

// query checks the form and turns it into a SearchQuery; each error says
// which field is wrong and how to put it right. cats are the categories
// a slug may name.
func (f form) query(cats []*flashback.Category, page, limit int) (flashback.SearchQuery, error) {
	q := flashback.SearchQuery{Text: f.Q, Category: f.Category, Page: page, Limit: limit}
	if f.Category != "" && !hasCategory(cats, f.Category) {
		return q, flashback.Errorf(flashback.EINVALID, "There is no such category; choose one from the list.")
	}
	var err error
	if q.FromYear, err = yearField("From", f.From); err != nil {
		return q, err
	}
	if q.ToYear, err = yearField("To", f.To); err != nil {
		return q, err
	}
	return q, q.Validate()
}

func hasCategory(cats []*flashback.Category, slug string) bool {
	for _, c := range cats {
		if c.Slug == slug {
			return true
		}
	}
	return false
}

// yearField reads an optional year ("1969", "44 BC"), naming the field in
// its error.
func yearField(name, s string) (*int, error) {
	if s == "" {
		return nil, nil
	}
	y, err := flashback.ParseYear(s)
	if err != nil {
		return nil, flashback.Errorf(flashback.EINVALID, "%s year: %s", name, flashback.ErrorMessage(err))
	}
	return &y, nil
}

// limitParam reads the API's ?limit=, DefaultSearchLimit when absent.
func limitParam(v url.Values) (int, error) {
	s := v.Get("limit")
	if s == "" {
		return flashback.DefaultSearchLimit, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > flashback.MaxSearchLimit {
		return 0, flashback.Errorf(flashback.EINVALID, "The limit must be a whole number from 1 to %d.", flashback.MaxSearchLimit)
	}
	return n, nil
}
