package sqlite

import (
	"encoding/json"
	"fmt"

	"flashback"
)

// storedImage is the JSON shape of an event's image; spelled out so that
// renaming a Go field cannot silently change what is on disk.
type storedImage struct {
	Path   string `json:"path"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Alt    string `json:"alt,omitempty"`
	Credit string `json:"credit,omitempty"`
}

// encodeImage gives "" for no image, so that the column stays cheap for
// the many events without one.
func encodeImage(img *flashback.Image) (string, error) {
	if img == nil {
		return "", nil
	}
	b, err := json.Marshal(storedImage{img.Path, img.Width, img.Height, img.Alt, img.CreditURL})
	if err != nil {
		return "", fmt.Errorf("encode image: %w", err)
	}
	return string(b), nil
}

func decodeImage(s string) (*flashback.Image, error) {
	if s == "" {
		return nil, nil
	}
	var in storedImage
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, fmt.Errorf("decode image: %w", err)
	}
	return &flashback.Image{Path: in.Path, Width: in.Width, Height: in.Height, Alt: in.Alt, CreditURL: in.Credit}, nil
}
