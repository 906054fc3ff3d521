package wikisync

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	_ "image/gif" // decoders of the allowed types, for their dimensions
	_ "image/jpeg"
	_ "image/png"
	"mime"
	"net/http"
	"net/url"

	"flashback"
	"flashback/corpus/wikimedia"
)

const (
	// MaxImage bounds a downloaded thumbnail; the feed's are tens of KiB.
	MaxImage = 2 << 20
	// maxSide bounds each side of a picture: a thumbnail is a few hundred
	// pixels, and a huge claimed size is a decompression bomb.
	maxSide = 4096
)

// storeImage downloads pic, checks it and keeps it, returning the event's
// Image. A picture that fails a check is refused with the reason.
func (s *Syncer) storeImage(ctx context.Context, pic wikimedia.Picture) (*flashback.Image, error) {
	if !s.allowedImageURL(pic.Source) {
		return nil, fmt.Errorf("picture %s: only https addresses (or the API's own host) are fetched", pic.Source)
	}
	res, err := s.Client.Get(ctx, pic.Source, wikimedia.Validators{}, MaxImage)
	if err != nil {
		return nil, err
	}
	m, err := checkImage(res)
	if err != nil {
		return nil, fmt.Errorf("picture %s: %w", pic.Source, err)
	}
	if err := s.Media.PutMedia(ctx, m); err != nil {
		return nil, err
	}
	return &flashback.Image{Path: flashback.MediaPath(m), Width: m.Width, Height: m.Height,
		Alt: pic.Alt, CreditURL: pic.FilePage}, nil
}

// checkImage accepts a body only when the server's type, the bytes'
// own signature and a readable, sanely sized header all agree.
func checkImage(res *wikimedia.Response) (*flashback.Media, error) {
	declared, _, _ := mime.ParseMediaType(res.ContentType)
	if _, ok := flashback.MediaTypes[declared]; !ok {
		return nil, fmt.Errorf("type %q is not an image the site serves", res.ContentType)
	}
	if sniffed := http.DetectContentType(res.Body); sniffed != declared {
		return nil, fmt.Errorf("declared %s but the bytes look like %s", declared, sniffed)
	}
	w, h, err := dimensions(declared, res.Body)
	if err != nil {
		return nil, err
	}
	if w < 1 || h < 1 || w > maxSide || h > maxSide {
		return nil, fmt.Errorf("%d×%d pixels is not a sane size", w, h)
	}
	sum := sha256.Sum256(res.Body)
	return &flashback.Media{Hash: hex.EncodeToString(sum[:]), ContentType: declared, Data: res.Body, Width: w, Height: h}, nil
}

// dimensions reads the size an image's header states.
func dimensions(contentType string, data []byte) (int, int, error) {
	if contentType == "image/webp" {
		return webpSize(data)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return 0, 0, fmt.Errorf("unreadable image: %w", err)
	}
	return cfg.Width, cfg.Height, nil
}

// allowedImageURL permits https, and the API's own origin (a local
// stand-in in tests, or an operator's mirror).
func (s *Syncer) allowedImageURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	base, err := url.Parse(s.Base)
	return u.Scheme == "https" || (err == nil && u.Scheme == base.Scheme && u.Host == base.Host)
}
