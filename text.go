package flashback

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CleanLine cleans a one-line field (a headline, a name, a subject, a
// source title): line breaks of every kind become spaces, runs of white
// space become one space, invisible controls are dropped and the ends are
// trimmed. One-line fields end up in mail headers and page titles, where a
// line break is refused or, worse, starts a new header. Text that is not
// valid UTF-8 is refused with an EINVALID error naming the field (what):
// guessing its encoding would store mojibake that nobody asked for.
func CleanLine(what, s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", invalidText(what)
	}
	return FoldLine(s), nil
}

// CleanText cleans a multi-line field (an article body, a message): line
// breaks are kept but written as "\n" whatever the browser or file used,
// tabs are kept, other invisible controls are dropped. The text is not
// trimmed: leading spaces can mean something in Markdown. Invalid UTF-8 is
// refused as in CleanLine.
func CleanText(what, s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", invalidText(what)
	}
	if isPlain(s, true) {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch {
		case r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
			// the "\n" that follows is the break
		case isLineBreak(r):
			b.WriteByte('\n')
		case r == '\t' || !isInvisible(r):
			b.WriteRune(r)
		}
	}
	return b.String(), nil
}

// FoldLine is CleanLine for text that must not be refused, such as a
// stored headline on its way into a mail subject: invalid bytes become
// U+FFFD instead of an error.
func FoldLine(s string) string {
	if isPlain(s, false) && !strings.Contains(s, "  ") && strings.TrimSpace(s) == s {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is pending: written only before a later word
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case unicode.IsSpace(r) || isLineBreak(r):
			space = b.Len() > 0
		case isInvisible(r):
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

func invalidText(what string) error {
	return Errorf(EINVALID, "%s contains characters that are not valid text (UTF-8). Please type it again or paste it from another program.", what)
}

// isPlain reports whether s has nothing to clean: printable ASCII, plus
// "\n" and "\t" when lines are kept. It is the fast path for the bulk of
// imported text, which would otherwise be copied rune by rune.
func isPlain(s string, lines bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			continue
		}
		if lines && (c == '\n' || c == '\t') {
			continue
		}
		return false
	}
	return true
}

// isLineBreak reports the characters that end a line: "\n", "\r", vertical
// tab, form feed, NEL and the Unicode line and paragraph separators.
func isLineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029':
		return true
	}
	return false
}

// isInvisible reports characters that no field should keep: control
// characters, the bidi embedding, override and isolate controls (which can
// make a headline read backwards, or hide what a link says), the byte
// order mark and the interlinear annotation marks. Joiners (U+200C, U+200D)
// and the directional marks (U+200E, U+200F, U+061C) stay: scripts and
// emoji need them, and they cannot reorder text.
func isInvisible(r rune) bool {
	switch {
	case r < 0x20 || (r >= 0x7f && r <= 0x9f):
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0xfeff, r >= 0xfff9 && r <= 0xfffb:
		return true
	}
	return false
}

// textField is a field to clean in place; what names it in errors.
type textField struct {
	what string
	s    *string
}

// cleanLines runs CleanLine on each field in place.
func cleanLines(fs ...textField) error { return cleanEach(CleanLine, fs) }

// cleanTexts runs CleanText on each field in place and trims it: for
// readers' and editors' prose, where edge space means nothing.
func cleanTexts(fs ...textField) error {
	return cleanEach(func(what, s string) (string, error) {
		s, err := CleanText(what, s)
		return strings.TrimSpace(s), err
	}, fs)
}

func cleanEach(clean func(what, s string) (string, error), fs []textField) error {
	for _, f := range fs {
		s, err := clean(f.what, *f.s)
		if err != nil {
			return err
		}
		*f.s = s
	}
	return nil
}

// CleanNote cleans an editor's free text in place (CleanText, trimmed) and
// refuses it past max characters; what names it in errors ("The note").
func CleanNote(what string, s *string, max int) error {
	if err := cleanTexts(textField{what, s}); err != nil {
		return err
	}
	return maxChars(what, *s, max)
}

// checkVisible refuses an e-mail address with invisible characters: the
// mail parser accepts a bidi override in one, and an address that reads
// differently from what it is has no honest use. It is refused, not
// cleaned, because a changed address would be someone else's.
func checkVisible(addr string) error {
	if strings.IndexFunc(addr, isInvisible) >= 0 {
		return Errorf(EINVALID, "That e-mail address contains invisible characters. Please type it again.")
	}
	return nil
}
