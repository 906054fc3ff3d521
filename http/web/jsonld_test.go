package web_test

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"flashback"
)

var ldRE = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// jsonLD returns the page's only JSON-LD block, decoded.
func jsonLD(t *testing.T, body string) map[string]any {
	t.Helper()
	m := ldRE.FindAllStringSubmatch(body, -1)
	if len(m) != 1 {
		t.Fatalf("%d JSON-LD blocks, want 1", len(m))
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(m[0][1]), &v); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[0][1])
	}
	return v
}

// A hostile headline stays inside the JSON: it cannot close the script
// element, and it decodes back to itself.
func TestJSONLD_Article(t *testing.T) {
	s := newSite(t, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	hostile := `Evil </script><script>alert(1)</script> <!-- & "quotes"`
	caesar := flashback.Event{Date: day(-43, time.March, 15), Headline: hostile, Summary: "Stabbed </SCRIPT >"}
	caesar.Date.Calendar = flashback.Julian
	e := s.add(caesar)
	body := s.mustGet("/events/"+strconv.FormatInt(e.ID, 10)+"/"+e.Slug, 200)
	if strings.Contains(body, "<script>alert") || strings.Contains(strings.ToLower(body), "</script >") {
		t.Fatal("the headline broke out of the JSON-LD script element")
	}
	ld := jsonLD(t, body)
	about, _ := ld["about"].(map[string]any)
	canonical := "https://flashback.example/events/" + strconv.FormatInt(e.ID, 10) + "/" + e.Slug
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"Type", ld["@type"], "Article"},
		{"Headline", ld["headline"], hostile},
		{"URL", ld["url"], canonical},
		{"Published", ld["datePublished"], e.CreatedAt.UTC().Format(time.RFC3339)},
		{"Modified", ld["dateModified"], e.UpdatedAt.UTC().Format(time.RFC3339)},
		{"AboutEvent", about["@type"], "Event"},
		{"HistoricalDate", about["startDate"], "-0043-03-13"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %v, want %v", tc.got, tc.want)
			}
		})
	}
	mustContain(t, body, `<link rel="canonical" href="`+canonical+`">`, `<meta property="og:type" content="article">`,
		`<meta property="article:published_time" content="`+e.CreatedAt.UTC().Format(time.RFC3339)+`">`)
}

// A date page describes itself as a collection of the events it lists.
func TestJSONLD_DatePage(t *testing.T) {
	s := newSite(t, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	e := s.add(flashback.Event{Date: day(1929, time.January, 31), Headline: "Trotsky exiled"})
	body := s.mustGet("/on/january/31", 200)
	ld := jsonLD(t, body)
	list, _ := ld["mainEntity"].(map[string]any)
	items, _ := list["itemListElement"].([]any)
	if ld["@type"] != "CollectionPage" || ld["url"] != "https://flashback.example/on/january/31" || len(items) != 1 {
		t.Fatalf("JSON-LD %v", ld)
	}
	first, _ := items[0].(map[string]any)
	if first["url"] != "https://flashback.example/events/"+strconv.FormatInt(e.ID, 10)+"/"+e.Slug || first["name"] != "Trotsky exiled" {
		t.Errorf("item %v", first)
	}
	mustContain(t, body, `<meta property="og:url" content="https://flashback.example/on/january/31">`)
}
