// Package sitemap writes the Sitemaps protocol's XML (sitemaps.org, 0.9):
// a URL set, or an index of URL sets for a site with more URLs than one set
// may hold.
package sitemap

import (
	"bytes"
	"encoding/xml"
	"time"
)

// MaxURLs is the most URLs one sitemap file may list (the protocol's limit;
// its 50 MB limit is far off for URLs as short as ours).
const MaxURLs = 50_000

// URL is one entry: an absolute address and, when known, when its content
// last changed.
type URL struct {
	Loc     string
	LastMod time.Time // zero: left out
}

const header = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// URLSet writes a <urlset> of urls. The caller keeps to MaxURLs.
func URLSet(urls []URL) []byte {
	return list("urlset", "url", urls)
}

// Index writes a <sitemapindex> listing sitemap files.
func Index(sitemaps []URL) []byte {
	return list("sitemapindex", "sitemap", sitemaps)
}

func list(root, item string, urls []URL) []byte {
	var b bytes.Buffer
	b.Grow(len(header) + 100 + len(urls)*120)
	b.WriteString(header)
	b.WriteString(`<` + root + ` xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, u := range urls {
		b.WriteString("<" + item + "><loc>")
		// Escaping cannot fail when writing to memory.
		_ = xml.EscapeText(&b, []byte(u.Loc))
		b.WriteString("</loc>")
		if !u.LastMod.IsZero() {
			b.WriteString("<lastmod>")
			b.WriteString(u.LastMod.UTC().Format(time.RFC3339))
			b.WriteString("</lastmod>")
		}
		b.WriteString("</" + item + ">\n")
	}
	b.WriteString("</" + root + ">\n")
	return b.Bytes()
}
