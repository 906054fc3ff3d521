// Package render turns page templates into HTML inside the shared Flashback
// layout, and serves the static assets the layout links to.
//
// Templates are parsed once, when New is called, so that a broken template
// stops the program at start-up rather than on a reader's request. Each area
// of the site (readers' pages, admin, subscriptions, …) brings its own page
// templates as an fs.FS; every page is framed by the same layout, or by the
// area's own when its partials define one.
//
// A page renders in two steps, its content and then the layout around it,
// so that the layout and an area's partials are parsed and kept once rather
// than once per page: html/template copies every tree of a set it clones,
// and a copy of the layout per page was most of a server's live heap, which
// the collector marks again on every cycle.
package render

import (
	"bytes"
	"embed"
	"flashback"
	"flashback/http/compress"
	"flashback/site"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

//go:embed layout/*.html pages/*.html
var builtin embed.FS

// SiteName is the name shown in the header, titles and OpenGraph tags.
const SiteName = "Flashback"

// Link is a labelled URL, e.g. a suggestion on an error page.
type Link struct {
	URL  string
	Text string
}

// Page is what the layout needs to know about the page it wraps. Data is
// given to the page's own template as .Data.
type Page struct {
	Title       string // without the site name; empty for the home page
	Description string // meta description and og:description
	Canonical   string // absolute URL of the canonical form of the page
	OGType      string // "website" (default) or "article"
	Nav         string // current nav item: "today", "categories", "contact"
	Zone        string // reader's time zone, pre-filled in the sign-up form
	// FeedCategory is the slug of a category whose feeds the page offers
	// besides the site's (a category's own page); "" for none.
	FeedCategory string
	// Image is the absolute URL of the page's picture, for og:image.
	Image string
	// Published and Modified date an article for OpenGraph; zero leaves
	// them out.
	Published, Modified time.Time
	// JSONLD is the page's schema.org description, written as JSON in a
	// script element (html/template escapes it there: a "</script>" in a
	// headline cannot end the element). Nil leaves it out.
	JSONLD any
	Data   any

	// content is the page's own content, rendered, while the layout
	// around it renders.
	content template.HTML
}

// Content is the page's content as rendered for its layout, which places
// it: html/template's own output, escaped for the text between elements
// where both layouts place it.
func (p *Page) Content() template.HTML { return p.content }

// FullTitle is the text of the <title> element.
func (p *Page) FullTitle() string {
	if p.Title == "" {
		return SiteName + " · Today in history"
	}
	return p.Title + " · " + SiteName
}

// Renderer holds the parsed pages and the asset table.
type Renderer struct {
	// Location is the site's time zone, in which the "local" template
	// function shows stored instants; UTC when nil.
	Location *time.Location

	pages  map[string]page
	assets *assets
}

// page is a parsed page: its content template, kept in its area's set
// under the name content, and the set whose "layout" frames it.
type page struct {
	area    *template.Template
	content string
	frame   *template.Template
}

// Sub returns the directory dir of an area's embedded templates, for New.
// The directory is embedded at build time, so a failure is a programming
// error and panics at start-up.
func Sub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// New parses the layout, the built-in pages ("error") and every *.html file
// at the root of each given file system. A file's name without ".html" is
// the page's name, and the file defines its "content" (and may define
// templates of its own besides); files whose names start with "_" are
// partials shared by the pages of the same file system, and a partial that
// defines "layout" frames that area's pages instead of the site's layout.
// Two pages with the same name are an error, as is a name defined twice in
// one area and any template that does not parse.
func New(areas ...fs.FS) (*Renderer, error) {
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	r := &Renderer{pages: map[string]page{}, assets: a}
	layout, err := template.New("layout").Funcs(r.funcs()).ParseFS(builtin, "layout/*.html")
	if err != nil {
		return nil, fmt.Errorf("render: parse layout: %w", err)
	}
	sub, err := fs.Sub(builtin, "pages")
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	for _, area := range append([]fs.FS{sub}, areas...) {
		if err := r.addArea(layout, area); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func (r *Renderer) addArea(layout *template.Template, area fs.FS) error {
	names, err := fs.Glob(area, "*.html")
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	var partials, pages []string
	for _, n := range names {
		if strings.HasPrefix(n, "_") {
			partials = append(partials, n)
		} else {
			pages = append(pages, n)
		}
	}
	set := template.New("").Funcs(r.funcs())
	if len(partials) > 0 {
		if set, err = set.ParseFS(area, partials...); err != nil {
			return fmt.Errorf("render: parse partials: %w", err)
		}
	}
	frame := layout
	if set.Lookup("layout") != nil {
		frame = set
	}
	for _, n := range pages {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if _, dup := r.pages[name]; dup {
			return fmt.Errorf("render: page %q is defined twice", name)
		}
		// Parsed on its own first, so that every page may call its
		// content "content"; its trees then move into the area's set.
		own, err := template.New(n).Funcs(r.funcs()).ParseFS(area, n)
		if err != nil {
			return fmt.Errorf("render: parse %s: %w", n, err)
		}
		if own.Lookup("content") == nil {
			return fmt.Errorf("render: %s defines no \"content\" template", n)
		}
		content := "page/" + name
		for _, t := range own.Templates() {
			as := t.Name()
			switch as {
			case n: // the text outside the file's definitions
				continue
			case "content":
				as = content
			default:
				if set.Lookup(as) != nil || layout.Lookup(as) != nil {
					return fmt.Errorf("render: %s defines %q, which its area or the layout defines already", n, as)
				}
			}
			if _, err := set.AddParseTree(as, t.Tree); err != nil {
				return fmt.Errorf("render: %s: %w", n, err)
			}
		}
		r.pages[name] = page{area: set, content: content, frame: frame}
	}
	return nil
}

// Has reports whether a page of that name exists.
func (r *Renderer) Has(name string) bool { _, ok := r.pages[name]; return ok }

// Bytes renders the named page inside the layout. Rendering goes to a
// buffer first so that a failing template never sends half a page.
func (r *Renderer) Bytes(name string, p *Page) ([]byte, error) {
	pg, ok := r.pages[name]
	if !ok {
		return nil, fmt.Errorf("render: no page %q", name)
	}
	if p.OGType == "" {
		p.OGType = "website"
	}
	var content, buf bytes.Buffer
	if err := pg.area.ExecuteTemplate(&content, pg.content, p); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	buf.Grow(content.Len() + 8<<10) // the layout adds about 6 kB
	p.content = template.HTML(content.String())
	defer func() { p.content = "" }()
	if err := pg.frame.ExecuteTemplate(&buf, "layout", p); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// Write renders the page and sends it with the given status. It is meant for
// responses that are not cached (errors, forms); it returns the render error
// before anything was written so the caller can still answer differently.
//
// It does not compress: a form carries a CSRF token, and a secret
// compressed beside text that an attacker can have put into the same
// answer (a query parameter shown back, a reader's report on a desk page)
// can be read from the answer's length, one guessed character at a time
// (BREACH).
func (r *Renderer) Write(w http.ResponseWriter, status int, name string, p *Page) error {
	b, err := r.Bytes(name, p)
	if err != nil {
		return err
	}
	send(w, b, status)
	return nil
}

// WriteCompressed is Write for a page that holds no secret (no CSRF token,
// nothing bound to the reader's session or cookie), such as a search
// result: it goes out compressed as req asks.
func (r *Renderer) WriteCompressed(w http.ResponseWriter, req *http.Request, status int, name string, p *Page) error {
	b, err := r.Bytes(name, p)
	if err != nil {
		return err
	}
	send(w, compress.ForRequest(w.Header(), req.Header.Get("Accept-Encoding"), b), status)
	return nil
}

// send writes a rendered page as it is.
func send(w http.ResponseWriter, b []byte, status int) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// ErrorData is the .Data of the built-in "error" page.
type ErrorData struct {
	Status  int
	Heading string
	Message string
	Links   []Link
}

// Error renders the built-in error page. If even that fails, a plain-text
// answer goes out so the reader is never left with nothing.
func (r *Renderer) Error(w http.ResponseWriter, status int, heading, message string, links ...Link) {
	p := &Page{
		Title: heading,
		Data:  ErrorData{Status: status, Heading: heading, Message: message, Links: links},
	}
	if err := r.Write(w, status, "error", p); err != nil {
		http.Error(w, message, status)
	}
}

func (r *Renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":    r.AssetURL,
		"siteName": func() string { return SiteName },
		"hours":    hours,
		"local":    r.local,
		"plural":   flashback.Plural,
		"yearsAgo": flashback.YearsAgoText,
		// feedPath is the site-wide feed of a format (site.RSS, …).
		"feedPath": func(format string) string { return site.Feed("", format) },
		// categoryFeedPath is a category's feed of a format.
		"categoryFeedPath": site.Feed,
		// sourceLink is a source's link if it is safe to put in a page,
		// else "" (flashback.Source.LinkURL's two results are one for a
		// template).
		"sourceLink": func(s flashback.Source) string { u, _ := s.LinkURL(); return u },
		// clip is a text's first words, for a list whose rows link to
		// the whole.
		"clip": clip,
	}
}

// local converts a stored instant (kept in UTC) to the site's time zone,
// so editors and readers see the site's day and hour.
func (r *Renderer) local(t time.Time) time.Time {
	if r.Location == nil {
		return t.UTC()
	}
	return t.In(r.Location)
}

// clip returns text's first words, up to words of them, ending with "…"
// when it cut.
func clip(text string, words int) string {
	f := strings.Fields(text)
	if len(f) <= words {
		return strings.Join(f, " ")
	}
	return strings.Join(f[:words], " ") + "…"
}

// hours lists the wake-up hours offered by the sign-up form.
func hours() []string {
	h := make([]string, 24)
	for i := range h {
		h[i] = fmt.Sprintf("%02d:00", i)
	}
	return h
}
