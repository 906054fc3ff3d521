package wikimedia

import (
	"encoding/json"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"flashback"
)

const (
	// maxHeadline keeps headlines within what flashback.Event.Validate accepts.
	maxHeadline = 500
	// maxSummary is the teaser length on date pages, in bytes.
	maxSummary = 400
	// maxTitle bounds a source title; real page titles are far shorter.
	maxTitle = 300
)

// cleanText turns feed text into one line of plain text: control and
// formatting characters become spaces and runs of white space collapse.
func cleanText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || invisible(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// decodePages reads the page summaries of an entry, ignoring any that are
// not objects, and at most maxPages of them.
func decodePages(raws []json.RawMessage) []rawPage {
	pages := make([]rawPage, 0, min(len(raws), maxPages))
	for _, raw := range raws {
		var pg rawPage
		if json.Unmarshal(raw, &pg) != nil {
			continue
		}
		pages = append(pages, pg)
		if len(pages) == maxPages {
			break
		}
	}
	return pages
}

// pageTitle is the readable title of a page: the normalised one where the
// feed gives it, else the database title with its underscores as spaces.
func pageTitle(pg rawPage) string {
	for _, t := range []string{pg.NormalizedTitle, pg.Titles.Normalized, strings.ReplaceAll(pg.Title, "_", " ")} {
		if t = cleanText(t); t != "" {
			return cutWords(t, maxTitle)
		}
	}
	return ""
}

// sourcesOf lists one source per linked page, each with the licence
// attribution; an entry without pages still credits Wikipedia's day page.
func sourcesOf(pages []rawPage, md flashback.MonthDay) []flashback.Source {
	var out []flashback.Source
	seen := map[string]bool{}
	for _, pg := range pages {
		title := pageTitle(pg)
		if title == "" || seen[title] {
			continue
		}
		seen[title] = true
		out = append(out, flashback.Source{Title: title, URL: webURL(pg.ContentURLs.Desktop.Page), Note: Attribution})
	}
	if len(out) == 0 {
		out = append(out, flashback.Source{Title: "Wikipedia: " + md.String(), Note: Attribution})
	}
	return out
}

// webURL returns s when it is an absolute http or https address, else "":
// a link of any other scheme (javascript:, data:) must never reach a page.
func webURL(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 2048 || strings.ContainsAny(s, " \t\r\n\"<>\\") {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return ""
	}
	return u.String()
}

// summaryOf is the teaser: the first page's extract, else the text itself.
func summaryOf(pages []rawPage, text string) string {
	for _, pg := range pages {
		if ex := cleanText(pg.Extract); ex != "" {
			return shorten(ex, maxSummary)
		}
	}
	return shorten(text, maxSummary)
}

// shorten cuts s to at most n bytes, at the end of a sentence if one ends
// in the second half, else at a word boundary followed by an ellipsis.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := cutWords(s, n-len("…"))
	if i := strings.LastIndex(cut, ". "); i >= n/2 {
		return cut[:i+1]
	}
	return cut + "…"
}

// cutWords shortens s to at most n bytes at a rune boundary, preferring a
// word boundary; s is returned whole when it fits.
func cutWords(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, ' '); i > n/2 {
		s = s[:i]
	}
	return strings.TrimRight(s, " ,;:")
}

// invisible reports characters that change how text displays without being
// seen: bidirectional overrides (which can reverse a headline on screen),
// zero-width spaces and byte-order marks. Joiners stay: scripts and emoji
// need them.
func invisible(r rune) bool {
	return unicode.Is(unicode.Bidi_Control, r) || r == '\u200b' || r == '\ufeff'
}
