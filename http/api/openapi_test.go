package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"flashback"
	"flashback/http/api"
	"flashback/site"
)

// contract loads the served OpenAPI document and a router over it.
func contract(t *testing.T) (*openapi3.T, routers.Router) {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("the document is OpenAPI %s, want 3.1", doc.OpenAPI)
	}
	router, err := legacy.NewRouter(doc) // validates the document itself
	if err != nil {
		t.Fatal(err)
	}
	return doc, router
}

// validate checks a real answer against the document: its status must be
// documented, and its headers and body must match.
func validate(t *testing.T, router routers.Router, r *http.Request, w *httptest.ResponseRecorder) {
	t.Helper()
	route, params, err := router.FindRoute(r)
	if err != nil {
		t.Fatalf("%s %s is not in the document: %v", r.Method, r.URL, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route},
		Status:                 w.Code,
		Header:                 w.Header(),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(w.Body.Bytes())
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s (%d) does not match the document: %v\nbody: %s", r.Method, r.URL, w.Code, err, w.Body.String())
	}
}

// TestResponsesMatchDocument sends every route its successes and its
// errors and validates each answer; every documented path must be
// answered with a 200 at least once, so a route added to the document
// without a test fails here.
func TestResponsesMatchDocument(t *testing.T) {
	doc, router := contract(t)
	f := newFixture(t, jan2026)
	lead := f.add(flashback.Event{Date: day(1946, time.January, 31), Headline: "A leader of 1946", Summary: "Eighty years on.", Body: "The article.", Selected: true})
	f.add(flashback.Event{Date: day(1929, time.January, 31), Headline: "Trotsky exiled", Sources: []flashback.Source{{Title: "A book", URL: "https://example.org/b"}, {Title: "Licences", URL: "/licences#x"}}})
	f.add(flashback.Event{Date: day(-43, time.January, 31), Headline: "A Roman date"})
	f.add(flashback.Event{Date: day(1900, time.January, 31), Category: flashback.CategoryBirths, Headline: "Someone born"})
	f.add(flashback.Event{Date: day(1950, time.January, 31), Category: flashback.CategoryDeaths, Headline: "Someone died"})
	f.add(flashback.Event{Date: flashback.HistDate{Month: time.January, Day: 31, Precision: flashback.PrecisionMonthDay}, Category: flashback.CategoryHolidays, Headline: "A national day"})
	f.add(flashback.Event{Date: flashback.HistDate{Month: time.January, Day: 31, Precision: flashback.PrecisionMonthDay}, Headline: "A yearless event"})
	f.add(flashback.Event{Date: day(2000, time.February, 29), Headline: "A leap-day event"})
	f.correct(lead, "A leader of 1946, corrected", "The headline was wrong.")

	cases := []struct {
		name   string
		path   string
		status int
	}{
		{"EditionAll", "/api/v1/onthisday/all/01/31", 200},
		{"EditionFeatured", "/api/v1/onthisday/featured/1/31", 200},
		{"EditionBirths", "/api/v1/onthisday/births/01/31", 200},
		{"EditionEmptyDay", "/api/v1/onthisday/all/07/04", 200},
		{"EditionLeapDayInCommonYear", "/api/v1/onthisday/all/02/28", 200},
		{"EditionFebruary29", "/api/v1/onthisday/events/02/29", 200},
		{"EditionBadType", "/api/v1/onthisday/selected/01/31", 400},
		{"EditionBadMonth", "/api/v1/onthisday/all/13/01", 400},
		{"EditionBadDay", "/api/v1/onthisday/all/02/30", 400},
		{"EditionNotANumber", "/api/v1/onthisday/all/0x/1", 400},
		{"FeedAll", "/api/v1/feed/onthisday/all/01/31", 200},
		{"FeedSelected", "/api/v1/feed/onthisday/selected/01/31", 200},
		{"FeedHolidays", "/api/v1/feed/onthisday/holidays/01/31", 200},
		{"FeedBadType", "/api/v1/feed/onthisday/featured/01/31", 400},
		{"Event", "/api/v1/events/2", 200},
		{"EventCorrected", "/api/v1/events/1", 200},
		{"EventMissing", "/api/v1/events/999", 404},
		{"EventBadID", "/api/v1/events/-1", 400},
		{"Categories", "/api/v1/categories", 200},
		{"Corrections", "/api/v1/corrections", 200},
		{"CorrectionsPastTheEnd", "/api/v1/corrections?page=2", 404},
		{"CorrectionsBadPage", "/api/v1/corrections?page=zero", 400},
		{"Search", "/api/v1/search?q=trotsky", 200},
		{"SearchYearless", "/api/v1/search?q=yearless", 200},
		{"SearchPaged", "/api/v1/search?q=event&limit=1", 200},
		{"SearchSecondPage", "/api/v1/search?q=event&limit=1&page=2", 200},
		{"SearchFiltered", "/api/v1/search?q=roman&category=world-history&from=44+BC&to=1+BC", 200},
		{"SearchNothing", "/api/v1/search?q=zeppelin", 200},
		{"SearchNoWords", "/api/v1/search?q=+", 400},
		{"SearchBadLimit", "/api/v1/search?q=x&limit=51", 400},
		{"SearchBackwards", "/api/v1/search?q=x&from=1+BC&to=44+BC", 400},
		{"SearchBadCategory", "/api/v1/search?q=x&category=nope", 400},
		{"Document", "/api/openapi.json", 200},
	}
	// How many hits each search holds: one without the hits it means to
	// validate would pass whatever their schema says.
	hits := map[string]int{"Search": 1, "SearchYearless": 1, "SearchPaged": 1, "SearchSecondPage": 1, "SearchFiltered": 1, "SearchNothing": 0}
	answered := map[string]bool{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", tc.path, nil)
			w := f.do("GET", tc.path)
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d; body: %s", w.Code, tc.status, w.Body.String())
			}
			validate(t, router, r, w)
			route, _, err := router.FindRoute(r)
			if err != nil || w.Code != 200 {
				return
			}
			answered[route.Path] = true
			if route.Path == site.APISearch {
				checkHits(t, w, hits[tc.name])
			}
		})
	}
	for path := range doc.Paths.Map() {
		if !answered[path] {
			t.Errorf("%s is documented but no case got a 200 from it", path)
		}
	}
}

// checkHits fails unless the search answer w holds want hits.
func checkHits(t *testing.T, w *httptest.ResponseRecorder, want int) {
	t.Helper()
	var res struct{ Hits []json.RawMessage }
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != want {
		t.Errorf("%d hits, want %d", len(res.Hits), want)
	}
}

// TestTooManyMatchesDocument checks the 429 a limited client gets, from
// the API's limit and from the searches' own.
func TestTooManyMatchesDocument(t *testing.T) {
	_, router := contract(t)
	once := flashback.Rate{Burst: 1, Every: time.Hour}
	tests := []struct {
		name, path string
		limit      option
	}{
		{"API", "/api/v1/categories", withLimit(once)},
		{"Searches", "/api/v1/search?q=moon", withSearchLimit(once)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, jan2026, tt.limit)
			for i, want := range []int{200, 429} {
				r := httptest.NewRequest("GET", tt.path, nil)
				w := f.do("GET", tt.path)
				if w.Code != want {
					t.Fatalf("request %d: status %d, want %d", i+1, w.Code, want)
				}
				validate(t, router, r, w)
			}
		})
	}
}

// TestDocumentServed checks that /api/openapi.json is the embedded file.
func TestDocumentServed(t *testing.T) {
	f := newFixture(t, jan2026)
	w := f.getJSON("/api/openapi.json", 200, nil)
	if !bytes.Equal(w.Body.Bytes(), api.OpenAPI()) {
		t.Error("the served document differs from the embedded one")
	}
}

// TestContractCatchesDrift shows that the validation above can fail: real
// answers changed the ways code drifts (a field gone, a field added, a
// wrong type, a header or content type changed) are refused.
func TestContractCatchesDrift(t *testing.T) {
	_, router := contract(t)
	f := newFixture(t, jan2026)
	f.add(flashback.Event{Date: day(1929, time.January, 31), Headline: "Trotsky exiled"})
	tests := []struct {
		name   string
		path   string
		change func(body map[string]any, h http.Header)
	}{
		{"FieldGone", "/api/v1/onthisday/all/01/31", func(b map[string]any, _ http.Header) { delete(b, "leap_day") }},
		{"FieldAdded", "/api/v1/categories", func(b map[string]any, _ http.Header) {
			b["categories"].([]any)[0].(map[string]any)["colour"] = "red"
		}},
		{"WrongType", "/api/v1/onthisday/events/01/31", func(b map[string]any, _ http.Header) {
			b["events"].([]any)[0].(map[string]any)["year"] = "1929"
		}},
		{"NoETag", "/api/v1/categories", func(_ map[string]any, h http.Header) { h.Del("ETag") }},
		{"ContentType", "/api/v1/categories", func(_ map[string]any, h http.Header) { h.Set("Content-Type", "text/plain") }},
		{"SearchHitFieldGone", "/api/v1/search?q=trotsky", func(b map[string]any, _ http.Header) {
			delete(b["hits"].([]any)[0].(map[string]any), "rank")
		}},
		{"SearchWrongType", "/api/v1/search?q=trotsky", func(b map[string]any, _ http.Header) {
			b["hits"].([]any)[0].(map[string]any)["date"].(map[string]any)["year"] = "1929"
		}},
		{"SearchMarkFalse", "/api/v1/search?q=trotsky", func(b map[string]any, _ http.Header) {
			b["hits"].([]any)[0].(map[string]any)["headline_marked"].([]any)[0].(map[string]any)["mark"] = false
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := f.do("GET", tt.path)
			var body map[string]any
			if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			tt.change(body, w.Header())
			changed, _ := json.Marshal(body)
			r := httptest.NewRequest("GET", tt.path, nil)
			route, params, err := router.FindRoute(r)
			if err != nil {
				t.Fatal(err)
			}
			in := &openapi3filter.ResponseValidationInput{
				RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route},
				Status:                 w.Code, Header: w.Header(),
			}
			in.SetBodyBytes(changed)
			if err := openapi3filter.ValidateResponse(context.Background(), in); err == nil {
				t.Error("the drifted answer passes")
			}
		})
	}
}
