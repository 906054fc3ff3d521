package feed_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"flashback"
)

// stock stores the days the daily feeds are tested on: three days with
// events in the last fortnight, one before it, and a draft.
func stock(f *fixture) {
	f.add(flashback.Event{Date: day(1946, time.January, 31), Headline: "Eighty years ago", Body: "An article that lints clean."})
	f.add(flashback.Event{Date: day(1929, time.January, 31), Headline: `Tom & Jerry <script>alert(1)</script>`})
	f.add(flashback.Event{Date: day(1900, time.January, 31), Category: flashback.CategoryBirths, Headline: "Someone born"})
	f.add(flashback.Event{Date: day(1930, time.January, 30), Headline: "On the 30th"})
	f.add(flashback.Event{Date: day(1956, time.January, 25), Category: flashback.CategoryMusic, Headline: "A premiere"})
	f.add(flashback.Event{Date: day(1960, time.January, 10), Headline: "Too long ago for the feed"})
	f.add(flashback.Event{Date: day(1961, time.January, 29), Headline: "DRAFT not published"})
}

func TestDailyFeeds(t *testing.T) {
	f := newFixture(t)
	stock(f)
	tests := []struct {
		name   string
		path   string
		typ    string
		titles []string // newest first
	}{
		{"SiteRSS", "/rss.xml", "rss", []string{"Flashback to January 31: Eighty years ago", "Flashback to January 30: On the 30th", "Flashback to January 25: A premiere"}},
		{"SiteAtom", "/atom.xml", "atom", []string{"Flashback to January 31: Eighty years ago", "Flashback to January 30: On the 30th", "Flashback to January 25: A premiere"}},
		{"CategoryRSS", "/category/music/rss.xml", "rss", []string{"Flashback to January 25: A premiere"}},
		{"CategoryAtom", "/category/births/atom.xml", "atom", []string{"Flashback to January 31: Someone born"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := f.mustGet(tt.path)
			parsed, err := gofeed.NewParser().ParseString(w.Body.String())
			if err != nil {
				t.Fatalf("a real parser refuses it: %v", err)
			}
			if parsed.FeedType != tt.typ {
				t.Errorf("feed type %q, want %q", parsed.FeedType, tt.typ)
			}
			if len(parsed.Items) != len(tt.titles) {
				t.Fatalf("%d items, want %d", len(parsed.Items), len(tt.titles))
			}
			for i, it := range parsed.Items {
				if it.Title != tt.titles[i] {
					t.Errorf("item %d: %q, want %q", i, it.Title, tt.titles[i])
				}
				if !strings.HasPrefix(it.GUID, "tag:flashback.example,2026-01-") || it.PublishedParsed == nil {
					t.Errorf("item %d: guid %q, published %v", i, it.GUID, it.PublishedParsed)
				}
				if !strings.HasPrefix(it.Link, base+"/on/january/") {
					t.Errorf("item %d: link %q", i, it.Link)
				}
			}
		})
	}
	t.Run("Content", func(t *testing.T) {
		parsed, err := gofeed.NewParser().ParseString(f.mustGet("/atom.xml").Body.String())
		if err != nil {
			t.Fatal(err)
		}
		c := parsed.Items[0].Content
		for _, want := range []string{
			`<a href="` + base + `/events/1/eighty-years-ago">Eighty years ago</a>`, "80 years ago", "80th anniversary",
			"<h3>Births</h3>", "1900: <a", "Tom &amp; Jerry &lt;script&gt;",
		} {
			if !strings.Contains(c, want) {
				t.Errorf("content lacks %q:\n%s", want, c)
			}
		}
		if strings.Contains(c, "<script>") || strings.Contains(c, "DRAFT") {
			t.Errorf("content holds what it must not:\n%s", c)
		}
	})
	for _, guess := range []string{"/feed", "/rss"} {
		t.Run("Guess"+guess, func(t *testing.T) {
			w := f.get(guess)
			if w.Code != 301 || w.Header().Get("Location") != "/rss.xml" {
				t.Errorf("status %d, Location %q; want 301 to /rss.xml", w.Code, w.Header().Get("Location"))
			}
		})
	}
	t.Run("UnknownCategory", func(t *testing.T) {
		if w := f.get("/category/nothing/rss.xml"); w.Code != 404 {
			t.Errorf("status %d, want 404", w.Code)
		}
	})
}

// TestDailyFeedCache: a feed is built once per content version and day,
// and answers a matching If-None-Match with 304.
func TestDailyFeedCache(t *testing.T) {
	f := newFixture(t)
	stock(f)
	first := f.mustGet("/rss.xml")
	etag := first.Header().Get("ETag")
	if first.Header().Get("Content-Type") != "application/rss+xml; charset=utf-8" || etag == "" ||
		first.Header().Get("Cache-Control") != "public, max-age=900" || first.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("headers %v", first.Header())
	}
	if w := f.get("/rss.xml", "If-None-Match", etag); w.Code != 304 {
		t.Errorf("revalidation: status %d, want 304", w.Code)
	}
	f.add(flashback.Event{Date: day(1999, time.January, 31), Headline: "Added later"})
	if w := f.mustGet("/rss.xml"); w.Header().Get("ETag") == etag || !strings.Contains(w.Body.String(), "Added later") {
		t.Error("the feed did not change with the content")
	}
	f.now = f.now.Add(24 * time.Hour) // 1 February: a new day, a new item
	parsed, err := gofeed.NewParser().ParseString(f.mustGet("/rss.xml").Body.String())
	if err != nil {
		t.Fatal(err)
	}
	if got := parsed.Items[0].Title; !strings.HasPrefix(got, "Flashback to January 31") {
		t.Errorf("newest item %q: 1 February has no events, so 31 January leads", got)
	}
}

// TestDailyFeed_Preview: a day's item shows a section's first stories, as
// the digest does, and counts the rest with a link to the day's page.
func TestDailyFeed_Preview(t *testing.T) {
	f := newFixture(t)
	// Story 01, the oldest, leads; the section lists the rest.
	extra := 3
	for i := range 1 + flashback.PreviewStories + extra {
		f.add(flashback.Event{Date: day(1801+i, time.January, 31), Headline: fmt.Sprintf("Story %02d", i+1)})
	}
	parsed, err := gofeed.NewParser().ParseString(f.mustGet("/rss.xml").Body.String())
	if err != nil {
		t.Fatal(err)
	}
	c := parsed.Items[0].Content
	last := fmt.Sprintf(">Story %02d<", 1+flashback.PreviewStories)
	if !strings.Contains(c, last) || strings.Contains(c, fmt.Sprintf(">Story %02d<", 2+flashback.PreviewStories)) {
		t.Errorf("content does not end the list at %q:\n%s", last, c)
	}
	if more := fmt.Sprintf(`<a href="%s/on/january/31">%d more on the site</a>`, base, extra); !strings.Contains(c, more) {
		t.Errorf("content lacks %q:\n%s", more, c)
	}
}

// TestDailyFeed_SummaryAndTimes: readers take an item's summary for HTML,
// so a headline's markup goes in escaped; an entry's time moves with its
// stories' edits; RSS names no managing editor, since it would need an
// address the site does not publish.
func TestDailyFeed_SummaryAndTimes(t *testing.T) {
	f := newFixture(t)
	e := f.add(flashback.Event{Date: day(1961, time.January, 29), Headline: "Tag <i>x</i> & AT&amp;T"})
	const want = "Tag &lt;i&gt;x&lt;/i&gt; &amp; AT&amp;amp;T"
	for _, path := range []string{"/rss.xml", "/atom.xml"} {
		t.Run(path, func(t *testing.T) {
			body := f.mustGet(path).Body.String()
			parsed, err := gofeed.NewParser().ParseString(body)
			if err != nil {
				t.Fatal(err)
			}
			if len(parsed.Items) != 1 {
				t.Fatalf("%d items, want 1", len(parsed.Items))
			}
			it := parsed.Items[0]
			if it.Description != want {
				t.Errorf("summary %q, want the headline as HTML text, %q", it.Description, want)
			}
			if it.UpdatedParsed == nil && parsed.FeedType == "atom" {
				t.Fatal("the entry has no updated time")
			}
			if parsed.FeedType == "atom" && !it.UpdatedParsed.Equal(e.UpdatedAt) {
				t.Errorf("entry updated %v, want its story's last edit, %v", it.UpdatedParsed, e.UpdatedAt)
			}
			if parsed.UpdatedParsed == nil || !parsed.UpdatedParsed.Equal(e.UpdatedAt) {
				t.Errorf("feed updated %v, want the last edit of what it shows, %v", parsed.UpdatedParsed, e.UpdatedAt)
			}
			if strings.Contains(body, "managingEditor") {
				t.Error("RSS names a managing editor without an address")
			}
		})
	}
}

// A page's script that revalidates a feed sends If-None-Match, which CORS
// asks about first: the preflight clears it, as the API's does.
func TestDailyFeed_Preflight(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/rss.xml", "/atom.xml", "/calendar.ics", "/category/music/atom.xml"} {
		t.Run(path, func(t *testing.T) {
			r := httptest.NewRequest("OPTIONS", path, nil)
			r.Header.Set("Origin", "https://widget.example")
			r.Header.Set("Access-Control-Request-Method", "GET")
			r.Header.Set("Access-Control-Request-Headers", "if-none-match")
			rec := httptest.NewRecorder()
			f.handler.ServeHTTP(rec, r)
			h := rec.Header()
			if rec.Code != 204 || h.Get("Access-Control-Allow-Origin") != "*" ||
				!strings.EqualFold(h.Get("Access-Control-Allow-Headers"), "If-None-Match") {
				t.Errorf("status %d, headers %v; want 204 allowing If-None-Match", rec.Code, h)
			}
		})
	}
}

// An Atom feed names its own address (rel="self") beside the page it
// follows, for the site and for a category.
func TestAtomSelfLink(t *testing.T) {
	f := newFixture(t)
	stock(f)
	for path, page := range map[string]string{"/atom.xml": base + "/", "/category/music/atom.xml": base + "/category/music"} {
		t.Run(path, func(t *testing.T) {
			parsed, err := gofeed.NewParser().ParseString(f.mustGet(path).Body.String())
			if err != nil {
				t.Fatal(err)
			}
			if parsed.FeedLink != base+path || parsed.Link != page {
				t.Errorf("self %q, alternate %q; want %q and %q", parsed.FeedLink, parsed.Link, base+path, page)
			}
		})
	}
}
