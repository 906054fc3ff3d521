package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Both are safe for concurrent use once made.
var (
	markdownParser = goldmark.New(goldmark.WithParserOptions(
		parser.WithASTTransformers(util.Prioritized(offSiteImages{}, 100))))
	articlePolicy = bluemonday.UGCPolicy()
)

// offSiteImages turns an image from another site into a link to it: the
// site's content policy (img-src 'self') lets its pages show only their
// own images, so one from elsewhere would show broken, and the reader
// would never reach it.
type offSiteImages struct{}

func (offSiteImages) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var off []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering && offSite(string(img.Destination)) {
			off = append(off, img)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range off {
		link := ast.NewLink()
		link.Destination, link.Title = img.Destination, img.Title
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			link.AppendChild(link, c) // the alt text becomes the link's
			c = next
		}
		if link.ChildCount() == 0 {
			link.AppendChild(link, ast.NewString(img.Destination))
		}
		img.Parent().ReplaceChild(img.Parent(), img, link)
	}
}

// offSite reports whether an address leads to another site.
func offSite(dest string) bool {
	d := strings.ToLower(strings.TrimSpace(dest))
	return strings.HasPrefix(d, "http:") || strings.HasPrefix(d, "https:") || strings.HasPrefix(d, "//")
}

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
