package csvimport

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"flashback"
)

// Field limits. Headlines follow flashback.Event.Validate; the others are
// far above what a real row holds and only stop a runaway cell.
const (
	maxHeadline = 500
	maxSummary  = 2000
	maxBody     = 256 << 10
	maxKey      = 200
	maxTitle    = 300
	maxURL      = 2048
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// event builds and validates the event of one record. Its error messages
// are for editors and name the column at fault.
func (c columns) event(rec []string) (*flashback.Event, error) {
	for _, f := range rec {
		if !utf8.ValidString(f) {
			return nil, flashback.Errorf(flashback.EINVALID, "the row is not UTF-8 text; save the file as \"CSV UTF-8\".")
		}
	}
	date, err := c.date(rec)
	if err != nil {
		return nil, err
	}
	ev := &flashback.Event{Date: date, Published: true}
	if ev.Headline, err = limited("headline", cleanLine(c.get(rec, colHeadline)), maxHeadline); err != nil {
		return nil, err
	}
	if ev.Headline == "" {
		return nil, flashback.Errorf(flashback.EINVALID, "the headline is empty.")
	}
	if ev.Summary, err = limited("summary", cleanLine(c.get(rec, colSummary)), maxSummary); err != nil {
		return nil, err
	}
	if ev.Body, err = limited("body", cleanBody(c.get(rec, colBody)), maxBody); err != nil {
		return nil, err
	}
	if ev.Category, err = category(c.get(rec, colCategory)); err != nil {
		return nil, err
	}
	if ev.Sources, err = c.sources(rec); err != nil {
		return nil, err
	}
	if ev.ExternalKey, err = externalKey(cleanLine(c.get(rec, colKey)), date, ev.Headline); err != nil {
		return nil, err
	}
	ev.Slug = flashback.Slugify(ev.Headline)
	if err := ev.Validate(); err != nil {
		return nil, err
	}
	return ev, nil
}

func limited(column, s string, n int) (string, error) {
	if len(s) > n {
		return "", flashback.Errorf(flashback.EINVALID, "the %s is %d bytes long; %d at most.", column, len(s), n)
	}
	return s, nil
}

// category reads a category slug; empty means world history. Whether the
// category exists is the store's to say.
func category(s string) (string, error) {
	s = strings.ToLower(cleanLine(s))
	switch {
	case s == "":
		return flashback.CategoryHistory, nil
	case len(s) > 64 || !slugPattern.MatchString(s):
		return "", flashback.Errorf(flashback.EINVALID,
			"the category %q is not a slug (lower-case letters, digits and hyphens, like world-history).", cut(s, 64))
	}
	return s, nil
}

// sources reads the source_title and source_url columns into at most one
// source. A link must be an absolute http or https address.
func (c columns) sources(rec []string) ([]flashback.Source, error) {
	title := cleanLine(c.get(rec, colSourceTitle))
	raw := strings.TrimSpace(c.get(rec, colSourceURL))
	if title == "" && raw == "" {
		return nil, nil
	}
	if len(title) > maxTitle {
		return nil, flashback.Errorf(flashback.EINVALID, "the source_title is %d bytes long; %d at most.", len(title), maxTitle)
	}
	src := flashback.Source{Title: title}
	if raw != "" {
		u, err := url.Parse(raw)
		if len(raw) > maxURL || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			u.User != nil || strings.ContainsFunc(raw, unicode.IsSpace) {
			return nil, flashback.Errorf(flashback.EINVALID,
				"the source_url %q is not an http or https address.", cut(raw, 80))
		}
		src.URL = u.String()
		if src.Title == "" {
			src.Title = u.Host
		}
	}
	return []flashback.Source{src}, nil
}

// externalKey is "csv:" and the key column, or "csv:" and the date and a
// hash of the normalised headline when the column is empty.
func externalKey(key string, d flashback.HistDate, headline string) (string, error) {
	if key != "" {
		if len(key) > maxKey {
			return "", flashback.Errorf(flashback.EINVALID, "the key is %d bytes long; %d at most.", len(key), maxKey)
		}
		return Importer + ":" + key, nil
	}
	norm := strings.ToLower(strings.Join(strings.Fields(headline), " "))
	sum := sha256.Sum256([]byte(norm))
	return Importer + ":" + isoDate(d) + ":" + hex.EncodeToString(sum[:8]), nil
}

// cleanLine turns a cell into one line of text: control and formatting
// characters become spaces and runs of white space collapse.
func cleanLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || invisible(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// cleanBody keeps a Markdown cell's line breaks and TABs, normalised to
// "\n", and drops other control and formatting characters.
func cleanBody(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return '\n'
		case unicode.IsControl(r) || invisible(r):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// cut shortens s for quoting in a message.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// invisible reports characters that change how text displays without being
// seen: bidirectional overrides (which can reverse a headline on screen),
// zero-width spaces and byte-order marks. Joiners stay: scripts and emoji
// need them.
func invisible(r rune) bool {
	return unicode.Is(unicode.Bidi_Control, r) || r == '\u200b' || r == '\ufeff'
}
