package wikimedia

import (
	"strings"
)

// LicenceURL is the text licence of Wikipedia, linked from every paragraph
// an article takes from it.
const LicenceURL = "https://creativecommons.org/licenses/by-sa/4.0/"

// maxArticle bounds the article built from extracts, in bytes; a few
// paragraphs of lead sections are far smaller.
const maxArticle = 20000

// articleOf builds an event's article in Markdown from its linked pages'
// extracts: one paragraph per page, each followed by its attribution, a
// link to the page and the licence, as CC BY-SA asks of every reuse.
// Pages without an extract or a link add nothing; no extract, no article.
func articleOf(pages []rawPage) string {
	var b strings.Builder
	seen := map[string]bool{}
	for _, pg := range pages {
		text, link, title := cleanText(pg.Extract), webURL(pg.ContentURLs.Desktop.Page), pageTitle(pg)
		if text == "" || link == "" || title == "" || seen[link] {
			continue
		}
		seen[link] = true
		para := escapeMarkdown(text) + "\n\n*From the Wikipedia article [" + escapeMarkdown(title) + "](" +
			markdownURL(link) + "), under [CC BY-SA 4.0](" + LicenceURL + ").*\n\n"
		if b.Len()+len(para) > maxArticle {
			break
		}
		b.WriteString(para)
	}
	return strings.TrimSpace(b.String())
}

// markdownSpecial are the characters that could make plain text into
// Markdown structure (emphasis, links, HTML, headings, lists, code).
const markdownSpecial = "\\`*_{}[]()<>#+-.!|~&"

// escapeMarkdown makes text render as itself: a feed's text must never
// become a link, an HTML tag or a heading.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(markdownSpecial, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// markdownURL escapes what would end a link destination early; webURL has
// already refused spaces, quotes and angle brackets.
func markdownURL(u string) string {
	return strings.NewReplacer("(", "%28", ")", "%29").Replace(u)
}
