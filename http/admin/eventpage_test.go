package admin_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"flashback"
)

// The editor's page of an event lists its sources, linking only those whose
// link is safe in a page (flashback.Source.LinkURL), and opens after a save.
// Every bundled event has sources, so a page that cannot render them keeps
// editors out of all of them.
func TestEventPageListsSources(t *testing.T) {
	s := newSite(t)
	b := s.signedIn("ed@example.org", flashback.RoleEditor)
	e := s.addEvent(&flashback.Event{Date: flashback.HistDate{Year: 1969, Month: time.July, Day: 20},
		Category: flashback.CategoryScience, Headline: "Moon landing", Summary: "Apollo 11 lands.", Published: true,
		Sources: []flashback.Source{
			{Title: "NASA history", URL: "https://history.nasa.gov/ap11.html"},
			{Title: "Licence notes", URL: "/licences#bsd-calendar"},
			{Title: "Scripted <source>", URL: "javascript:alert(1)"},
			{Title: "Elsewhere", URL: "//evil.example/x"},
			{Title: "A book", Note: "p. 12"},
		}})
	for _, path := range []string{
		fmt.Sprintf("/admin/events/%d", e.ID),
		fmt.Sprintf("/admin/events/%d?done=saved", e.ID),
	} {
		t.Run(path, func(t *testing.T) {
			res, body := b.get(path)
			wantStatus(t, res, body, http.StatusOK)
			wantContains(t, body,
				`<a href="https://history.nasa.gov/ap11.html" rel="nofollow noopener">NASA history</a>`,
				`<a href="/licences#bsd-calendar" rel="nofollow noopener">Licence notes</a>`,
				`<li>Scripted &lt;source&gt;`, `<li>Elsewhere`, `<li>A book <span class="small">(p. 12)</span>`)
			// The form's sources field shows every link as typed; only
			// links must leave the unsafe ones out.
			for _, bad := range []string{`href="javascript:`, `href="//evil.example`, `href="#ZgotmplZ"`} {
				if strings.Contains(body, bad) {
					t.Errorf("the page links %q", bad)
				}
			}
		})
	}
}
