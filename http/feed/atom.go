package feed

import (
	"encoding/xml"

	"github.com/gorilla/feeds"
)

// atomFeed is the library's Atom feed with room for more than one link:
// besides the site's page (alternate), RFC 4287 asks a feed to name its
// own address (rel="self"), which feed readers use as the feed's identity
// and validators ask for. The rest is the library's, field for field.
type atomFeed struct {
	XMLName  xml.Name `xml:"feed"`
	Xmlns    string   `xml:"xmlns,attr"`
	Title    string   `xml:"title"`
	ID       string   `xml:"id"`
	Updated  string   `xml:"updated"`
	Rights   string   `xml:"rights,omitempty"`
	Subtitle string   `xml:"subtitle,omitempty"`
	Links    []feeds.AtomLink
	Author   *feeds.AtomAuthor  `xml:"author,omitempty"`
	Entries  []*feeds.AtomEntry `xml:"entry"`
}

// FeedXml lets feeds.ToXML write it, with the library's XML header.
func (a *atomFeed) FeedXml() any { return a }

// toAtom writes f as Atom whose self link is self.
func toAtom(f *feeds.Feed, self string) (string, error) {
	a := (&feeds.Atom{Feed: f}).AtomFeed()
	out := &atomFeed{Xmlns: a.Xmlns, Title: a.Title, ID: a.Id, Updated: a.Updated, Rights: a.Rights,
		Subtitle: a.Subtitle, Author: a.Author, Entries: a.Entries,
		Links: []feeds.AtomLink{{Href: a.Link.Href, Rel: "alternate", Type: "text/html"},
			{Href: self, Rel: "self", Type: "application/atom+xml"}}}
	return feeds.ToXML(out)
}
