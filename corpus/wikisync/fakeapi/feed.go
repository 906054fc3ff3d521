package fakeapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strings"
)

// item and page are the feed's shapes, as much of them as the importer reads.
type item struct {
	Text  string `json:"text"`
	Year  *int   `json:"year,omitempty"`
	Pages []page `json:"pages"`
}

type page struct {
	Title  string `json:"title"`
	Titles struct {
		Normalized string `json:"normalized"`
	} `json:"titles"`
	Description string     `json:"description"`
	Extract     string     `json:"extract"`
	Thumbnail   *thumbnail `json:"thumbnail,omitempty"`
	ContentURLs struct {
		Desktop struct {
			Page string `json:"page"`
		} `json:"desktop"`
	} `json:"content_urls"`
}

type thumbnail struct {
	Source string `json:"source"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

// Feed is a day's "all" feed of n items in the real lists' proportions,
// including BC years, a year-less entry, right-to-left and accented text.
// The same arguments always give the same bytes; version changes them.
func Feed(month, day, n int, version int64, base string) []byte {
	lists := map[string][]item{}
	kinds := []string{"selected", "events", "events", "events", "births", "births", "deaths", "holidays"}
	for i := range n {
		kind := kinds[i%len(kinds)]
		lists[kind] = append(lists[kind], makeItem(kind, month, day, i, version, base))
	}
	b, _ := json.Marshal(lists)
	return b
}

// makeItem is item i of a day's feed.
func makeItem(kind string, month, day, i int, version int64, base string) item {
	title := fmt.Sprintf("%s_%s_%02d%02d%d", word(month, day, i, 0), word(month, day, i, 1), month, day, i)
	text := fmt.Sprintf("%s %s %s the %s of %s (rev %d)", word(month, day, i, 2), word(month, day, i, 3),
		word(month, day, i, 4), word(month, day, i, 5), strings.ReplaceAll(title, "_", " "), version)
	switch i % 11 {
	case 3:
		text = fmt.Sprintf("تأسيس مدينة رقم %d — Zürich, Łódź and São Paulo sign the accord %s", i, title)
	case 7:
		text = fmt.Sprintf("נוסדה העיר %d in %s", i, title)
	}
	it := item{Text: text, Pages: []page{makePage(title, i, base)}}
	if kind != "holidays" {
		y := year(month, day, i)
		it.Year = &y
	}
	return it
}

// year is a feed year (negative is BC) valid on month/day: leap days get
// leap years in both calendars.
func year(month, day, i int) int {
	if month == 2 && day == 29 {
		return 1604 + 4*(i%90)
	}
	if i%9 == 5 {
		return -(44 + i) // BC
	}
	return 1000 + (i*37)%1025
}

func makePage(title string, i int, base string) page {
	p := page{Title: title, Description: "A generated topic"}
	p.Titles.Normalized = strings.ReplaceAll(title, "_", " ")
	p.Extract = strings.Repeat("This is a generated lead paragraph about "+p.Titles.Normalized+
		", long enough to read like the opening of an encyclopaedia article. ", 3)
	p.ContentURLs.Desktop.Page = base + "/wiki/" + title
	if i%4 == 0 {
		p.Thumbnail = &thumbnail{Source: fmt.Sprintf("%s/img/thumb/a/ab/Pic_%d.png/320px-Pic_%d.png", base, i%16, i%16), Width: 16, Height: 12}
	}
	return p
}

// servePNG answers any /img/ address with a small picture.
func servePNG(w http.ResponseWriter, _ *http.Request) {
	img := image.NewRGBA(image.Rect(0, 0, 16, 12))
	for x := range 16 {
		img.Set(x, x%12, color.RGBA{R: 200, A: 255})
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	w.Header().Set("Content-Type", "image/png")
	w.Write(buf.Bytes())
}

// word is a made-up word, the same for the same arguments: real feeds'
// texts share few telling words, and nor must generated ones, or every
// item would look like a candidate duplicate of every other.
func word(month, day, i, k int) string {
	syllables := []string{"ka", "lo", "mi", "ter", "san", "vo", "rel", "du", "phi", "gan", "tor", "we", "bri", "sol", "nu", "qua"}
	h := uint32(month*7919 + day*104729 + i*1299709 + k*15485863)
	h ^= h >> 13
	h *= 0x5bd1e995
	h ^= h >> 15
	var b strings.Builder
	for range 2 + h%3 {
		b.WriteString(syllables[h%uint32(len(syllables))])
		h /= uint32(len(syllables))
	}
	return b.String()
}
