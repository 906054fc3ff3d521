package flashback

import (
	"regexp"
	"strings"
)

var (
	mdLink     = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	mdEmphasis = strings.NewReplacer("**", "", "__", "", "*", "", "`", "")
)

// Opening returns the first paragraph of a Markdown article as plain text,
// cut at a word boundary after at most words words: what a lead story or a
// digest shows before "Read more". Headings, quotes' markers, list bullets,
// links' targets and emphasis marks are left out; the caller escapes the
// result like any text.
func Opening(markdown string, words int) string {
	for _, para := range strings.Split(strings.ReplaceAll(markdown, "\r\n", "\n"), "\n\n") {
		var lines []string
		for _, l := range strings.Split(para, "\n") {
			l = strings.TrimSpace(l)
			if strings.HasPrefix(l, "#") || strings.HasPrefix(l, "---") || strings.HasPrefix(l, "```") {
				continue
			}
			l = strings.TrimSpace(strings.TrimLeft(l, ">-+ "))
			if l != "" {
				lines = append(lines, l)
			}
		}
		text := mdEmphasis.Replace(mdLink.ReplaceAllString(strings.Join(lines, " "), "$1"))
		if f := strings.Fields(text); len(f) > 0 {
			if len(f) > words {
				return strings.TrimRight(strings.Join(f[:words], " "), ",;:") + "…"
			}
			return strings.Join(f, " ")
		}
	}
	return ""
}
