// Package fakeapi stands in for Wikimedia's "on this day" API, which tests
// and benchmarks cannot reach: it serves generated feeds of a realistic
// shape on a loopback server, answers conditional requests, serves the
// thumbnails the feeds link, and lets a test break any day on purpose.
package fakeapi

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Fault answers a request in place of the normal handler; it returns false
// to let the normal answer through (for a fault that only strikes once).
type Fault func(w http.ResponseWriter, r *http.Request) bool

// API is the fake server's handler.
type API struct {
	// PerDay is the number of items in a day's feed (at least 10).
	PerDay int
	// Version changes every feed when bumped, as an edit on Wikipedia would.
	Version atomic.Int64
	// Requests, NotModified and Images count what was asked.
	Requests, NotModified, Images atomic.Int64
	// UserAgents holds the distinct User-Agent headers seen.
	UserAgents sync.Map

	mu     sync.Mutex
	faults map[string]Fault // by "MM/DD"
}

// New returns an API serving perDay items a day.
func New(perDay int) *API {
	return &API{PerDay: max(perDay, 10), faults: map[string]Fault{}}
}

// Break makes requests for day "MM/DD" go to f.
func (a *API) Break(day string, f Fault) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.faults[day] = f
}

func (a *API) fault(day string) Fault {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.faults[day]
}

// ServeHTTP serves /feed/v1/wikipedia/{lang}/onthisday/{type}/{MM}/{DD}
// and /img/{n}.png.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.Requests.Add(1)
	a.UserAgents.Store(r.UserAgent(), true)
	if strings.HasPrefix(r.URL.Path, "/img/") {
		a.Images.Add(1)
		servePNG(w, r)
		return
	}
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/feed/v1/wikipedia/"), "/")
	if len(parts) != 5 || parts[1] != "onthisday" {
		http.NotFound(w, r)
		return
	}
	day := parts[3] + "/" + parts[4]
	if f := a.fault(day); f != nil && f(w, r) {
		return
	}
	month, err1 := strconv.Atoi(parts[3])
	d, err2 := strconv.Atoi(parts[4])
	if err1 != nil || err2 != nil || month < 1 || month > 12 || d < 1 || d > 31 {
		http.NotFound(w, r)
		return
	}
	a.serveFeed(w, r, month, d)
}

// serveFeed answers with the day's feed, or 304 when the client has it.
func (a *API) serveFeed(w http.ResponseWriter, r *http.Request, month, day int) {
	body := Feed(month, day, a.PerDay, a.Version.Load(), "http://"+r.Host)
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		a.NotModified.Add(1)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", `application/json; charset=utf-8; profile="https://www.mediawiki.org/wiki/Specs/onthisday/0.3.3"`)
	w.Write(body)
}

// Day formats a day as the fault keys and URLs do: "01/31".
func Day(month, day int) string { return fmt.Sprintf("%02d/%02d", month, day) }
