package corpus

import (
	_ "embed"

	"flashback/corpus/bsdcal"
)

// Licence is the terms under which a part of the content may be shared, as
// readers of the site see them. ID is the anchor that sources link to
// ("/licences#bsd-calendar"); Text is plain text, to be shown as written.
type Licence struct {
	ID, Title, Text string
}

// WikipediaLicenceID names the licence of events imported from Wikipedia
// (package wikimedia) among those of Licences.
const WikipediaLicenceID = "wikipedia"

// bsdNotice is the calendar files' licence notice, the same file Bundled
// ships beside them. The BSD licence asks that binaries reproduce it, so it
// is embedded on its own to be shown to users.
//
//go:embed bundled/COPYRIGHT
var bsdNotice string

// wikipediaTerms is written for Flashback; the licence itself is at the
// address it gives.
const wikipediaTerms = `Events imported from Wikipedia take their text from Wikipedia articles, ` +
	`written by Wikipedia's contributors. That text is shared under the Creative Commons ` +
	`Attribution-ShareAlike 4.0 International licence (CC BY-SA 4.0), and it may have been shortened ` +
	`or tidied on import. The sources of each such event name the articles it came from, with a link ` +
	`to each where the feed gave one, and every paragraph of an article taken from Wikipedia links the ` +
	`article it comes from; that is the attribution. Pictures shown with such events come from Wikimedia ` +
	`Commons under licences of their own, named on the file page each picture links to. You may copy and adapt these texts if ` +
	`you credit them the same way and share what you make under the same licence.

The licence: https://creativecommons.org/licenses/by-sa/4.0/
`

// Licences returns the licences of the content that Flashback ships or
// imports, for a page that shows them: the BSD calendar files of the
// bundled corpus, and Wikipedia's texts.
func Licences() []Licence {
	return []Licence{
		{ID: bsdcal.LicenceID, Title: "FreeBSD calendar data (BSD licence)", Text: bsdNotice},
		{ID: WikipediaLicenceID, Title: "Wikipedia (CC BY-SA 4.0)", Text: wikipediaTerms},
	}
}
