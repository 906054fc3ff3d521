package app_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"flashback"
)

// An imported picture is served by the site itself, shown on its article
// with a credit link, and cached for good.
func TestMedia_PictureServedFromTheSite(t *testing.T) {
	m := MustOpenMain(t, time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC), "UTC")
	ctx := context.Background()
	data := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")
	sum := sha256.Sum256(data)
	media := &flashback.Media{Hash: hex.EncodeToString(sum[:]), ContentType: "image/gif", Data: data, Width: 1, Height: 1}
	if err := m.Stores.Media.PutMedia(ctx, media); err != nil {
		t.Fatal(err)
	}
	e := &flashback.Event{Date: flashback.HistDate{Year: 1929, Month: time.January, Day: 31}, Category: flashback.CategoryHistory,
		Headline: "Trotsky exiled", Published: true, Body: "Exiled.",
		Image: &flashback.Image{Path: flashback.MediaPath(media), Width: 1, Height: 1, Alt: "Leon Trotsky",
			CreditURL: "https://en.wikipedia.org/wiki/File:Trotsky.gif"}}
	if err := m.Stores.Events.CreateEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	base := m.HTTP.URL()
	page := get(t, fmt.Sprintf("%s/events/%d/%s", base, e.ID, e.Slug))
	if !strings.Contains(page, `<img src="`+flashback.MediaPath(media)+`" width="1" height="1" alt="Leon Trotsky">`) ||
		!strings.Contains(page, `href="https://en.wikipedia.org/wiki/File:Trotsky.gif"`) {
		t.Errorf("article does not show the credited picture:\n%s", page)
	}
	// Chosen to lead 31 January 2026, it leads with its picture.
	if err := m.Stores.Features.SetFeaturePick(ctx, &flashback.FeaturePick{Year: 2026, Month: time.January, Day: 31, EventID: e.ID}); err != nil {
		t.Fatal(err)
	}
	day := get(t, base+"/on/january/31")
	lead := day[strings.Index(day, `<article class="card lead"`):]
	lead = lead[:strings.Index(lead, "</article>")]
	if !strings.Contains(lead, "Trotsky exiled") || !strings.Contains(lead, `<img src="`+flashback.MediaPath(media)+`"`) ||
		!strings.Contains(lead, `href="https://en.wikipedia.org/wiki/File:Trotsky.gif"`) {
		t.Errorf("the day's lead does not show its credited picture:\n%s", lead)
	}
	tests := []struct {
		name, path, etag string
		status           int
	}{
		{"served", flashback.MediaPath(media), "", http.StatusOK},
		{"revalidated", flashback.MediaPath(media), `"` + media.Hash + `"`, http.StatusNotModified},
		{"wrong extension", "/media/" + media.Hash + ".png", "", http.StatusNotFound},
		{"unknown hash", "/media/" + strings.Repeat("0", 64) + ".gif", "", http.StatusNotFound},
		{"not a hash", "/media/..%2fflashback.db", "", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, base+tt.path, nil)
			if tt.etag != "" {
				req.Header.Set("If-None-Match", tt.etag)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status != http.StatusOK {
				return
			}
			h := resp.Header
			if h.Get("Content-Type") != "image/gif" || !strings.Contains(h.Get("Cache-Control"), "immutable") ||
				h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "img-src 'self'") {
				t.Errorf("headers = %v", h)
			}
		})
	}
}
