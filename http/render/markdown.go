package render

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
)

// Both are safe for concurrent use once made.
var (
	markdownParser = goldmark.New()
	articlePolicy  = bluemonday.UGCPolicy()
)

// Markdown turns an article body into HTML that is safe to embed, the one
// way the readers' page and the editors' preview both show it: goldmark
// leaves raw HTML out, and bluemonday's policy for user content removes
// anything dangerous that remains (javascript: links, event handlers, …).
func Markdown(src string) (template.HTML, error) {
	if src == "" {
		return "", nil
	}
	var buf bytes.Buffer
	if err := markdownParser.Convert([]byte(src), &buf); err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	return template.HTML(articlePolicy.SanitizeBytes(buf.Bytes())), nil
}
