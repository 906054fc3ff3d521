package e2e

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/postgres/pgtest"
)

// TestInstances_EditReachesEveryInstance: two instances share one
// PostgreSQL database; an event an editor adds through one shows on the
// other's date page within two seconds, though that instance had the page
// cached from before the change.
func TestInstances_EditReachesEveryInstance(t *testing.T) {
	dsn := pgtest.DSN(t)
	a := StartSite(t, WithDatabase(dsn))
	b := StartSite(t, WithDatabase(dsn))
	const headline = "A new event entered on the other instance"
	page := b.URL + "/on/march/3"
	for range 2 { // the second read comes from b's cache
		if body := getBody(t, page); strings.Contains(body, headline) {
			t.Fatal("the event is on the page before it was added")
		}
	}
	a.AddEvent(t, &flashback.Event{
		Date:     flashback.HistDate{Year: 1931, Month: time.March, Day: 3},
		Category: flashback.CategoryHistory, Headline: headline, Published: true,
	})
	added := time.Now()
	for !strings.Contains(getBody(t, page), headline) {
		if time.Since(added) > 2*time.Second {
			t.Fatalf("instance b still serves the old page %v after instance a's change", time.Since(added))
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("instance b served the change %v after instance a made it", time.Since(added).Round(time.Millisecond))
}

func getBody(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d, %v", url, resp.StatusCode, err)
	}
	return string(body)
}
