package flashback

import (
	"context"
	"regexp"
)

// Image is a picture of an event, stored and served by this site itself so
// that pages load nothing from elsewhere.
type Image struct {
	Path          string // on this site, e.g. "/media/3f2a….jpg"
	Width, Height int    // in pixels
	Alt           string // what it shows, for readers who cannot see it
	// CreditURL is the page of the picture at its source, naming its
	// author and licence; pages link it beside the picture.
	CreditURL string
}

// Media is the stored bytes of an image, named by the hash of its content.
type Media struct {
	Hash          string // lower-case hex SHA-256 of Data
	ContentType   string // one of MediaTypes
	Data          []byte
	Width, Height int
}

// MediaTypes maps each image type the site serves to its file extension.
// Nothing else is stored: these are what browsers show as images and
// never run as documents.
var MediaTypes = map[string]string{
	"image/jpeg": "jpg",
	"image/png":  "png",
	"image/webp": "webp",
	"image/gif":  "gif",
}

// MediaPath is the address on this site of stored media m.
func MediaPath(m *Media) string {
	return "/media/" + m.Hash + "." + MediaTypes[m.ContentType]
}

// mediaName matches the last part of a MediaPath.
var mediaName = regexp.MustCompile(`^([0-9a-f]{64})\.(jpg|png|webp|gif)$`)

// ParseMediaName reads "HASH.EXT" as MediaPath writes it; ok is false for
// anything else.
func ParseMediaName(name string) (hash, ext string, ok bool) {
	m := mediaName.FindStringSubmatch(name)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// MediaStore keeps images by their hash.
type MediaStore interface {
	// PutMedia stores m; storing the same hash again changes nothing.
	PutMedia(ctx context.Context, m *Media) error
	// FindMedia returns ENOTFOUND when there is no such media.
	FindMedia(ctx context.Context, hash string) (*Media, error)
}
