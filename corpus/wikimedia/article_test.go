package wikimedia

import (
	"strings"
	"testing"
)

func TestParseArticleFromExtracts(t *testing.T) {
	js := `{"events": [{"text": "Trotsky is exiled.", "year": 1929, "pages": [
		{"title": "Leon_Trotsky", "extract": "Lev *Trotsky* was a [revolutionary] <b>x</b>.\n# not a heading",
		 "content_urls": {"desktop": {"page": "https://en.wikipedia.org/wiki/Leon_Trotsky"}}},
		{"title": "No_link", "extract": "Dropped: nothing to credit."},
		{"title": "Empty", "extract": "", "content_urls": {"desktop": {"page": "https://en.wikipedia.org/wiki/Empty"}}},
		{"title": "Alma-Ata", "extract": "A city (now Almaty).",
		 "content_urls": {"desktop": {"page": "https://en.wikipedia.org/wiki/Almaty_(city)"}}}]}]}`
	events, _ := mustParse(t, jan31, js)
	body := events[0].Body
	want := `Lev \*Trotsky\* was a \[revolutionary\] \<b\>x\</b\>\. \# not a heading` + "\n\n" +
		`*From the Wikipedia article [Leon Trotsky](https://en.wikipedia.org/wiki/Leon_Trotsky), under [CC BY-SA 4.0](` + LicenceURL + `).*` + "\n\n" +
		`A city \(now Almaty\)\.` + "\n\n" +
		`*From the Wikipedia article [Alma\-Ata](https://en.wikipedia.org/wiki/Almaty_%28city%29), under [CC BY-SA 4.0](` + LicenceURL + `).*`
	if body != want {
		t.Errorf("Body =\n%s\nwant\n%s", body, want)
	}
}

func TestParseNoExtractNoArticle(t *testing.T) {
	events, _ := mustParse(t, jan31, `{"births": [{"text": "Someone", "year": 1900}]}`)
	if events[0].Body != "" {
		t.Errorf("Body = %q, want none", events[0].Body)
	}
}

func TestParseSelectedFlag(t *testing.T) {
	js := `{"selected": [{"text": "Picked and listed.", "year": 1900}, {"text": "Picked only.", "year": 1901}],
		"events": [{"text": "Picked and listed.", "year": 1900}, {"text": "Listed only.", "year": 1902}]}`
	events, _ := mustParse(t, jan31, js)
	got := map[string]bool{}
	for _, e := range events {
		got[e.Headline] = e.Selected
	}
	want := map[string]bool{"Picked and listed.": true, "Listed only.": false, "Picked only.": true}
	for h, sel := range want {
		if s, ok := got[h]; !ok || s != sel {
			t.Errorf("%q: selected %v (present %v), want %v", h, s, ok, sel)
		}
	}
}

func TestParseRightToLeftText(t *testing.T) {
	js := `{"events": [{"text": "\u202eتأسيس مدينة بغداد", "year": 762, "pages": [{"title": "بغداد",
		"extract": "بغداد عاصمة العراق.", "content_urls": {"desktop": {"page": "https://ar.wikipedia.org/wiki/%D8%A8%D8%BA%D8%AF%D8%A7%D8%AF"}}}]}]}`
	events, _ := mustParse(t, jan31, js)
	e := events[0]
	if e.Headline != "تأسيس مدينة بغداد" {
		t.Errorf("Headline = %q: the override character must go, the Arabic stay", e.Headline)
	}
	if !strings.Contains(e.Body, "بغداد عاصمة العراق\\.") || !strings.Contains(e.Body, "[بغداد](https://ar.wikipedia.org/wiki/") {
		t.Errorf("Body = %q", e.Body)
	}
}

func TestParsePictures(t *testing.T) {
	tests := []struct {
		name, thumb, page, wantFile string
	}{
		{"thumbnail", "https://upload.example/wikipedia/commons/thumb/a/ab/Trotsky%201929.jpg/320px-Trotsky%201929.jpg",
			"https://en.wikipedia.org/wiki/Leon_Trotsky", "https://en.wikipedia.org/wiki/File:Trotsky%201929.jpg"},
		{"original", "https://upload.example/wikipedia/commons/a/ab/Map.png",
			"https://de.wikipedia.org/wiki/Karte", "https://de.wikipedia.org/wiki/File:Map.png"},
		{"no page to credit", "https://upload.example/a/ab/Map.png", "", ""},
		{"unsafe thumbnail", "javascript:alert(1)", "https://en.wikipedia.org/wiki/X", ""},
		{"no file name", "https://upload.example/", "https://en.wikipedia.org/wiki/X", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			js := `{"events": [{"text": "A", "year": 1929, "pages": [{"title": "P",
				"thumbnail": {"source": "` + tt.thumb + `", "width": 320, "height": 240},
				"content_urls": {"desktop": {"page": "` + tt.page + `"}}}]}]}`
			day, err := ParseDay(strings.NewReader(js), jan31, "t.json")
			if err != nil {
				t.Fatal(err)
			}
			pic, ok := day.Pictures[day.Events[0]]
			if ok != (tt.wantFile != "") || pic.FilePage != tt.wantFile {
				t.Fatalf("picture %+v (%v), want file page %q", pic, ok, tt.wantFile)
			}
			if ok && (pic.Width != 320 || pic.Height != 240 || pic.Alt != "P" || pic.Source != tt.thumb) {
				t.Errorf("picture = %+v", pic)
			}
		})
	}
}
