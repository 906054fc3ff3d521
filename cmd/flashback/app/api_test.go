package app_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"testing"
	"time"

	"flashback"
)

var leadIDRE = regexp.MustCompile(`<article class="card lead"(?s:.*?)href="/events/(\d+)/`)

// TestAPI_EncodesTheDatePagesEdition asks the running program for days of
// the bundled corpus through the API and through the date pages: both
// encode one edition, so they must show the same events and lead.
func TestAPI_EncodesTheDatePagesEdition(t *testing.T) {
	m := MustOpenMain(t, time.Date(2026, time.June, 17, 12, 0, 0, 0, time.UTC), "UTC")
	days := []flashback.MonthDay{{Month: time.February, Day: 28}, {Month: time.February, Day: 29}}
	for mo := time.January; mo <= time.December; mo++ {
		days = append(days, flashback.MonthDay{Month: mo, Day: 1 + int(mo)})
	}
	for _, md := range days {
		t.Run(md.String(), func(t *testing.T) {
			page := get(t, m.HTTP.URL()+fmt.Sprintf("/on/%s/%d", flashback.MonthSlug(md.Month), md.Day))
			var ed struct {
				Featured                         *struct{ ID int64 }
				Events, Births, Deaths, Holidays []struct{ ID int64 }
			}
			body := get(t, m.HTTP.URL()+fmt.Sprintf("/api/v1/onthisday/all/%02d/%02d", int(md.Month), md.Day))
			if err := json.Unmarshal([]byte(body), &ed); err != nil {
				t.Fatal(err)
			}
			// Each list holds the featured story where it belongs; the page
			// shows it once, at the top.
			stories := len(ed.Events) + len(ed.Births) + len(ed.Deaths) + len(ed.Holidays)
			if cards := len(cardRE.FindAllString(page, -1)); stories != cards {
				t.Errorf("API: %d stories, date page: %d cards", stories, cards)
			}
			lead := leadIDRE.FindStringSubmatch(page)
			switch {
			case lead == nil && ed.Featured != nil:
				t.Errorf("API features event %d, the page features none", ed.Featured.ID)
			case lead != nil && (ed.Featured == nil || fmt.Sprint(ed.Featured.ID) != lead[1]):
				t.Errorf("API features %+v, the page event %s", ed.Featured, lead[1])
			}
		})
	}
}
