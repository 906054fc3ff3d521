package render

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

//go:embed static
var static embed.FS

// AssetPrefix is the URL path under which assets are served.
const AssetPrefix = "/static/"

// asset is one embedded file, addressed by a URL that contains a hash of its
// content, so it can be cached for a year and still change on deploy.
type asset struct {
	body  []byte
	ctype []string
	size  []string
}

type assets struct {
	byURL  map[string]*asset // "/static/site.1a2b3c4d5e.css"
	byName map[string]string // "site.css" → URL
}

func loadAssets() (*assets, error) {
	a := &assets{byURL: map[string]*asset{}, byName: map[string]string{}}
	err := fs.WalkDir(static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := static.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		url := AssetPrefix + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		a.byName[name] = url
		a.byURL[url] = &asset{body: body, ctype: []string{ctype}, size: []string{strconv.Itoa(len(body))}}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("render: load assets: %w", err)
	}
	return a, nil
}

// AssetURL returns the content-hashed URL of an embedded asset such as
// "site.css". An unknown name is an error, which makes the template that
// asked for it fail; tests render every page, so such a mistake shows there.
func (r *Renderer) AssetURL(name string) (string, error) {
	url, ok := r.assets.byName[name]
	if !ok {
		return "", fmt.Errorf("render: no asset %q", name)
	}
	return url, nil
}

// AssetHandler serves the assets under AssetPrefix. The URLs change whenever
// the content does, so responses may be cached for good.
func (r *Renderer) AssetHandler() http.Handler {
	immutable := []string{"public, max-age=31536000, immutable"}
	nosniff := []string{"nosniff"}
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		a, ok := r.assets.byURL[req.URL.Path]
		if !ok {
			http.NotFound(w, req)
			return
		}
		h := w.Header()
		h["Content-Type"] = a.ctype
		h["Content-Length"] = a.size
		h["Cache-Control"] = immutable
		h["X-Content-Type-Options"] = nosniff
		w.WriteHeader(http.StatusOK)
		if req.Method != http.MethodHead {
			_, _ = w.Write(a.body)
		}
	})
}
