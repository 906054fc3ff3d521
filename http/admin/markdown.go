package admin

import (
	"bytes"
	"html/template"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"

	"flashback/accuracy"
)

// markdown renders an article body as the readers' page will: goldmark
// leaves raw HTML out, and bluemonday's user-content policy cleans the rest.
func markdown(src string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := goldmark.New().Convert([]byte(src), &buf); err != nil {
		return "", err
	}
	return template.HTML(bluemonday.UGCPolicy().SanitizeBytes(buf.Bytes())), nil
}

// lintView is the linter's verdict as the editor sees it.
type lintView struct {
	Findings         []accuracy.Finding
	Errors, Warnings int
}

func newLintView(fs []accuracy.Finding) lintView {
	e, w := accuracy.Summary(fs)
	return lintView{Findings: fs, Errors: e, Warnings: w}
}
