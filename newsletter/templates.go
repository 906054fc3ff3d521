package newsletter

import (
	"embed"
	"fmt"
	htmltemplate "html/template"
	texttemplate "text/template"

	"flashback"
)

//go:embed templates
var templateFS embed.FS

// mailTemplates are the mail templates, parsed once by New so that one that
// does not parse stops the program at start-up.
type mailTemplates struct {
	digestHTML  *htmltemplate.Template
	digestText  *texttemplate.Template
	confirmHTML *htmltemplate.Template
	confirmText *texttemplate.Template
	noticeText  *texttemplate.Template
}

// mailFuncs are the mail templates' functions.
var mailFuncs = texttemplate.FuncMap{"yearsAgo": flashback.YearsAgoText}

func parseTemplates() (*mailTemplates, error) {
	var t mailTemplates
	var err error
	html := func(name string) *htmltemplate.Template {
		if err != nil {
			return nil
		}
		var tt *htmltemplate.Template
		tt, err = htmltemplate.New(name).Funcs(htmltemplate.FuncMap(mailFuncs)).ParseFS(templateFS, "templates/"+name)
		return tt
	}
	text := func(name string) *texttemplate.Template {
		if err != nil {
			return nil
		}
		var tt *texttemplate.Template
		tt, err = texttemplate.New(name).Funcs(mailFuncs).ParseFS(templateFS, "templates/"+name)
		return tt
	}
	t.digestHTML, t.digestText = html("digest.html"), text("digest.txt")
	t.confirmHTML, t.confirmText = html("confirm.html"), text("confirm.txt")
	t.noticeText = text("notice.txt")
	if err != nil {
		return nil, fmt.Errorf("newsletter: parse mail templates: %w", err)
	}
	return &t, nil
}
