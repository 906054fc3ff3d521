package render_test

import (
	"strings"
	"testing"

	"flashback/http/render"
)

// An article body is Markdown; whatever it holds comes out as safe HTML,
// the same for the readers' page and the editors' preview.
func TestMarkdown(t *testing.T) {
	tests := []struct {
		name, src string
		want, not []string
	}{
		{"Empty", "", nil, []string{"<p>"}},
		{"Emphasis", "Caesar is *stabbed*.", []string{"<p>Caesar is <em>stabbed</em>.</p>"}, nil},
		{"RawHTMLLeftOut", "Text <script>alert(1)</script> and <b onclick=x>bold</b>", nil, []string{"<script", "onclick"}},
		{"ScriptLink", "[click](javascript:alert(1))", nil, []string{"javascript:"}},
		{"PlainLink", "[a source](https://example.org/a)", []string{`href="https://example.org/a"`, `rel="nofollow"`}, nil},
		// The content policy shows only the site's own images: one from
		// elsewhere becomes a link to it, named by its alt text.
		{"OffSiteImage", "![The signed treaty](https://example.org/treaty.jpg)",
			[]string{`<a href="https://example.org/treaty.jpg" rel="nofollow">The signed treaty</a>`}, []string{"<img"}},
		{"OffSiteImageNoAlt", "![](//example.org/t.jpg)", []string{`>//example.org/t.jpg</a>`}, []string{"<img"}},
		{"OwnImage", "![A map](/media/abc.png)", []string{`<img src="/media/abc.png" alt="A map"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := render.Markdown(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(got), w) {
					t.Errorf("%q lacks %q", got, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(string(got), n) {
					t.Errorf("%q holds %q", got, n)
				}
			}
		})
	}
}
