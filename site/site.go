// Package site is the one place that knows the addresses of the public
// site: pages, articles, categories, years, feeds, the API and the links
// mailed to subscribers and editors. Handlers, the digest, the API and the
// feeds ask here, so that a page's address cannot differ between the link
// that leads to it and the route that serves it.
//
// Functions return paths ("/on/january/31"); URLs joins a path to the
// site's public base for links that leave the site (mail, feeds, the API).
package site

import (
	"net/url"
	"strconv"
	"strings"

	"flashback"
)

// URLs makes absolute links under the site's public address.
type URLs struct {
	base string // without a trailing slash; "" keeps paths relative
}

// New returns the builder for the site at base, e.g. "https://example.org".
// A trailing slash is dropped, so that paths join without doubling it.
func New(base string) URLs { return URLs{base: strings.TrimRight(base, "/")} }

// Base is the site's address without a trailing slash.
func (u URLs) Base() string { return u.base }

// Abs is the absolute URL of a path made by this package.
func (u URLs) Abs(path string) string { return u.base + path }

// Home is the today page.
func Home() string { return "/" }

// Date is the page of a day of the year.
func Date(md flashback.MonthDay) string {
	return "/on/" + flashback.MonthSlug(md.Month) + "/" + strconv.Itoa(md.Day)
}

// DateCategory is page n of the list of one category's stories on a date
// page, for a day that holds more than the date page shows.
func DateCategory(md flashback.MonthDay, slug string, n int) string {
	p := Date(md) + "/" + url.PathEscape(slug)
	if n > 1 {
		p += "?page=" + strconv.Itoa(n)
	}
	return p
}

// Event is the canonical address of an event's article. An event saved
// without a slug gets its headline's, as the article route expects.
func Event(e *flashback.Event) string {
	return Article(e.ID, EventSlug(e))
}

// Article is the address of the article with that id and slug, for lists
// that hold no whole event.
func Article(id int64, slug string) string {
	return "/events/" + strconv.FormatInt(id, 10) + "/" + slug
}

// EventSlug is the last segment of an article's address.
func EventSlug(e *flashback.Event) string {
	if e.Slug != "" {
		return e.Slug
	}
	return flashback.Slugify(e.Headline)
}

// Report is the form for reporting an inaccuracy in event id.
func Report(id int64) string { return "/events/" + strconv.FormatInt(id, 10) + "/report" }

// ReportThanks is where a sent report leads.
func ReportThanks(id int64) string { return Report(id) + "/thanks" }

// Category is a category's page; page 1 has no parameter.
func Category(slug string) string { return "/category/" + url.PathEscape(slug) }

// CategoryPage is page n of a category's list.
func CategoryPage(slug string, n int) string {
	if n <= 1 {
		return Category(slug)
	}
	return Category(slug) + "?page=" + strconv.Itoa(n)
}

// Year is the page of an astronomical year: "/year/1929", "/year/44-bc"
// for 44 BC (the year page redirects other spellings here).
func Year(year int) string {
	if year <= 0 {
		return "/year/" + strconv.Itoa(1-year) + "-bc"
	}
	return "/year/" + strconv.Itoa(year)
}

// Corrections is the public log of corrections.
func Corrections() string { return "/corrections" }

// Confirm, Manage and Unsubscribe are a subscriber's links, each under
// its own token.
func Confirm(token string) string     { return "/confirm/" + token }
func Manage(token string) string      { return "/subscription/" + token }
func Unsubscribe(token string) string { return "/unsubscribe/" + token }

// AdminReport and AdminMessage are where editors are sent from a notice.
func AdminReport(id int64) string  { return "/admin/reports/" + strconv.FormatInt(id, 10) }
func AdminMessage(id int64) string { return "/admin/messages/" + strconv.FormatInt(id, 10) }

// Feed formats, the file names of a feed under the site or a category.
const (
	RSS      = "rss.xml"
	Atom     = "atom.xml"
	Calendar = "calendar.ics"
)

// Feed is a feed of the whole site (category "") or of one category.
func Feed(category, format string) string {
	if category == "" {
		return "/" + format
	}
	return Category(category) + "/" + format
}

// API addresses.
const (
	APIPrefix = "/api/v1"
	OpenAPI   = "/api/openapi.json"
	APISearch = APIPrefix + "/search"
)

// APIEvent is the API's record of event id.
func APIEvent(id int64) string { return APIPrefix + "/events/" + strconv.FormatInt(id, 10) }

// APIEdition is page n of the API's lists of kind (all, events, …) for
// day; page 1 is the address without a page.
func APIEdition(kind string, day flashback.MonthDay, n int) string {
	p := APIPrefix + "/onthisday/" + kind + "/" + twoDigits(int(day.Month)) + "/" + twoDigits(day.Day)
	if n > 1 {
		p += "?page=" + strconv.Itoa(n)
	}
	return p
}

// twoDigits writes 1 to 99 as Wikimedia's routes do: 01, 31.
func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// APICorrections is page n of the API's corrections log.
func APICorrections(n int) string {
	return APIPrefix + "/corrections?page=" + strconv.Itoa(n)
}
