package render_test

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"flashback/http/render"
)

func TestNew(t *testing.T) {
	page := &fstest.MapFile{Data: []byte(`{{define "content"}}<h1>{{.Data}}</h1>{{template "note"}}{{end}}`)}
	partial := &fstest.MapFile{Data: []byte(`{{define "note"}}<p>note</p>{{end}}`)}
	helper := &fstest.MapFile{Data: []byte(`{{define "content"}}{{template "aside"}}{{end}}{{define "aside"}}<aside></aside>{{end}}`)}
	good := fstest.MapFS{"hello.html": page, "_note.html": partial}
	tests := []struct {
		name    string
		areas   []fs.FS
		wantErr string
	}{
		{"OK", []fs.FS{good}, ""},
		{"Duplicate", []fs.FS{good, good}, "defined twice"},
		{"DuplicateBuiltin", []fs.FS{fstest.MapFS{"error.html": page, "_note.html": partial}}, "defined twice"},
		{"Broken", []fs.FS{fstest.MapFS{"bad.html": {Data: []byte(`{{define "content"}}{{.Oops}`)}}}, "parse bad.html"},
		{"NoContent", []fs.FS{fstest.MapFS{"empty.html": {Data: []byte(`<p>no define</p>`)}}}, `no "content"`},
		// The pages of an area share one set, so a name beside "content"
		// may be defined once in it.
		{"HelperTwiceInArea", []fs.FS{fstest.MapFS{"a.html": helper, "b.html": helper}}, `b.html defines "aside"`},
		{"HelperOverPartial", []fs.FS{fstest.MapFS{"a.html": helper, "_aside.html": {Data: []byte(`{{define "aside"}}x{{end}}`)}}}, `a.html defines "aside"`},
		{"HelperOverLayout", []fs.FS{fstest.MapFS{"a.html": {Data: []byte(`{{define "content"}}x{{end}}{{define "signup"}}{{end}}`)}}}, `a.html defines "signup"`},
		{"BrokenPartial", []fs.FS{fstest.MapFS{"a.html": page, "_bad.html": {Data: []byte(`{{define "x"}}`)}}}, "parse partials"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := render.New(tc.areas...)
			if tc.wantErr == "" && err != nil {
				t.Fatal(err)
			}
			if tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestRenderer_Bytes(t *testing.T) {
	area := fstest.MapFS{"hello.html": {Data: []byte(`{{define "content"}}<h1>{{.Data}}</h1>{{end}}`)}}
	r, err := render.New(area)
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.Bytes("hello", &render.Page{Title: `Hi "you"`, Canonical: "https://example.org/x", Zone: "Europe/Paris", Data: "<script>x</script>"})
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{
		"<h1>&lt;script&gt;x&lt;/script&gt;</h1>",
		"<title>Hi &#34;you&#34; · Flashback</title>",
		`<link rel="canonical" href="https://example.org/x">`,
		`<meta property="og:type" content="website">`,
		`value="Europe/Paris"`,
		`<option value="07:00" selected>`,
		// Feed readers find the daily feeds from any page.
		`<link rel="alternate" type="application/rss+xml" title="Flashback (RSS)" href="/rss.xml">`,
		`<link rel="alternate" type="application/atom+xml" title="Flashback (Atom)" href="/atom.xml">`,
		`<a href="/calendar.ics">`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(s, "<script>") {
		t.Error("inline script in page")
	}
	if n := strings.Count(s, "<h1"); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
	if _, err := r.Bytes("nope", &render.Page{}); err == nil {
		t.Error("unknown page rendered")
	}
}

// A page's content goes into the layout once, escaped once: its markup as
// written, its data escaped, its own helpers and its area's partials found.
// An area whose partials define "layout" is framed by it, and the other
// areas keep the site's.
func TestRenderer_Frames(t *testing.T) {
	desk := fstest.MapFS{
		"_frame.html": {Data: []byte(`{{define "layout"}}<div class="desk">{{.Title}}|{{.Content}}|{{template "stamp" .}}</div>{{end}}{{define "stamp"}}<i>{{.Data}}</i>{{end}}`)},
		"desk-a.html": {Data: []byte(`{{define "content"}}<b>{{.Data}}</b>{{template "aside" .Data}}{{end}}{{define "aside"}}<small>{{.}}</small>{{end}}`)},
		"desk-b.html": {Data: []byte(`{{define "content"}}<em>{{.Data}}</em>{{end}}`)},
	}
	site := fstest.MapFS{"hello.html": {Data: []byte(`{{define "content"}}<h1>{{.Data}}</h1>{{end}}`)}}
	r, err := render.New(site, desk)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		page string
		want string
		not  []string
	}{
		{"desk-a", `<div class="desk">T|<b>&lt;x&gt;</b><small>&lt;x&gt;</small>|<i>&lt;x&gt;</i></div>`, []string{"<html", "&lt;b&gt;", "&amp;lt;"}},
		{"desk-b", `<div class="desk">T|<em>&lt;x&gt;</em>|<i>&lt;x&gt;</i></div>`, []string{"<html", "<small>"}},
		{"hello", `<main id="main" class="wrap">
<h1>&lt;x&gt;</h1>
</main>`, []string{`class="desk"`, "&amp;lt;"}},
	} {
		t.Run(tc.page, func(t *testing.T) {
			b, err := r.Bytes(tc.page, &render.Page{Title: "T", Data: "<x>"})
			if err != nil {
				t.Fatal(err)
			}
			s := string(b)
			if !strings.Contains(s, tc.want) {
				t.Errorf("page lacks %q:\n%s", tc.want, s)
			}
			for _, n := range tc.not {
				if strings.Contains(s, n) {
					t.Errorf("page holds %q:\n%s", n, s)
				}
			}
		})
	}
}

// Every input, select and textarea has a label that points at it.
func TestLayout_Labels(t *testing.T) {
	r, err := render.New()
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	r.Error(w, http.StatusNotFound, "Not here", "Nothing at this address.", render.Link{URL: "/on/march/1", Text: "March 1"})
	s := w.Body.String()
	if w.Code != http.StatusNotFound || !strings.Contains(s, `<a href="/on/march/1">March 1</a>`) {
		t.Fatalf("status %d, body %s", w.Code, s)
	}
	ids := regexp.MustCompile(`<(?:input|select|textarea)[^>]* id="([^"]+)"`).FindAllStringSubmatch(s, -1)
	if len(ids) < 3 {
		t.Fatalf("found %d form fields, want the sign-up form's 3", len(ids))
	}
	for _, m := range ids {
		if !strings.Contains(s, `<label for="`+m[1]+`"`) {
			t.Errorf("field %q has no label", m[1])
		}
	}
}

func TestAssetHandler(t *testing.T) {
	r, err := render.New()
	if err != nil {
		t.Fatal(err)
	}
	css, err := r.AssetURL("site.css")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^/static/site\.[0-9a-f]{10}\.css$`).MatchString(css) {
		t.Fatalf("asset URL %q has no content hash", css)
	}
	h := r.AssetHandler()
	t.Run("OK", func(t *testing.T) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", css, nil))
		if w.Code != 200 || !strings.Contains(w.Header().Get("Cache-Control"), "immutable") ||
			!strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") || !strings.Contains(w.Body.String(), "--accent") {
			t.Fatalf("got %d %v", w.Code, w.Header())
		}
	})
	t.Run("StaleHash", func(t *testing.T) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/static/site.0000000000.css", nil))
		if w.Code != 404 {
			t.Fatalf("got %d", w.Code)
		}
	})
	if _, err := r.AssetURL("missing.css"); err == nil {
		t.Error("unknown asset has a URL")
	}
}

// Stored instants are shown in the site's zone: 07:30 UTC on 26 November is
// still 25 November in Los Angeles.
func TestRenderer_LocalTimes(t *testing.T) {
	area := fstest.MapFS{"when.html": {Data: []byte(`{{define "content"}}<p>{{(local .Data).Format "2 January 2006 15:04 MST"}}</p>{{end}}`)}}
	r, err := render.New(area)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, time.November, 26, 7, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		zone string
		want string
	}{
		{"", "26 November 2026 07:30 UTC"},
		{"America/Los_Angeles", "25 November 2026 23:30 PST"},
	} {
		r.Location = nil
		if tc.zone != "" {
			if r.Location, err = time.LoadLocation(tc.zone); err != nil {
				t.Fatal(err)
			}
		}
		b, err := r.Bytes("when", &render.Page{Data: at})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), tc.want) {
			t.Errorf("zone %q: page does not show %q", tc.zone, tc.want)
		}
	}
}

// BenchmarkRenderer_Bytes renders a page of fifty items inside the layout,
// as a cache miss of a date page does.
func BenchmarkRenderer_Bytes(b *testing.B) {
	area := fstest.MapFS{"list.html": {Data: []byte(`{{define "content"}}<h1>{{.Title}}</h1><ol>{{range .Data}}<li><a href="/events/{{.}}">Event {{.}} &amp; more</a></li>{{end}}</ol>{{end}}`)}}
	r, err := render.New(area)
	if err != nil {
		b.Fatal(err)
	}
	items := make([]int, 50)
	for i := range items {
		items[i] = i
	}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		out, err := r.Bytes("list", &render.Page{Title: "June 17", Zone: "Europe/Paris", Data: items})
		if err != nil {
			b.Fatal(err)
		}
		n = len(out)
	}
	b.SetBytes(int64(n))
}
