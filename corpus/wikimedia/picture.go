package wikimedia

import (
	"net/url"
	"path"
	"strings"

	"flashback"
)

// Picture is the thumbnail a feed gives for an event, still at its source:
// a fetcher downloads it, checks it and stores it on this site.
type Picture struct {
	Source        string // the thumbnail's address
	Width, Height int    // as the feed states them
	Alt           string // the page's title
	// FilePage is the picture's description page (author, licence),
	// credited beside it.
	FilePage string
}

// rawThumbnail is a page summary's thumbnail.
type rawThumbnail struct {
	Source string `json:"source"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

// pictureOf is the first linked page's thumbnail that can be credited.
func pictureOf(pages []rawPage) (Picture, bool) {
	for _, pg := range pages {
		src := webURL(pg.Thumbnail.Source)
		page := webURL(pg.ContentURLs.Desktop.Page)
		if src == "" || page == "" {
			continue
		}
		if file := filePage(src, page); file != "" {
			return Picture{Source: src, Width: pg.Thumbnail.Width, Height: pg.Thumbnail.Height,
				Alt: pageTitle(pg), FilePage: file}, true
		}
	}
	return Picture{}, false
}

// filePage derives the description page of an image from its address and
// the article's: ".../thumb/a/ab/Name.jpg/320px-Name.jpg" or
// ".../a/ab/Name.jpg" is "File:Name.jpg" on the article's wiki.
func filePage(src, article string) string {
	su, err1 := url.Parse(src)
	au, err2 := url.Parse(article)
	if err1 != nil || err2 != nil {
		return ""
	}
	parts := strings.Split(strings.Trim(su.Path, "/"), "/")
	name := parts[len(parts)-1]
	if i := indexOf(parts, "thumb"); i >= 0 && i+3 < len(parts) {
		name = parts[i+3]
	}
	if name == "" || path.Ext(name) == "" {
		return ""
	}
	file := url.URL{Scheme: au.Scheme, Host: au.Host, Path: "/wiki/File:" + mustUnescape(name)}
	return file.String()
}

func indexOf(parts []string, s string) int {
	for i, p := range parts {
		if p == s {
			return i
		}
	}
	return -1
}

func mustUnescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// Day is everything one day's feed gives: the events, the entries left
// out, and the picture of each event that has one.
type Day struct {
	Events   []*flashback.Event
	Skips    []flashback.Skip
	Pictures map[*flashback.Event]Picture
}
