package conflict

import (
	"testing"
	"time"

	"flashback"
)

func TestProbe(t *testing.T) {
	a := &flashback.Event{Headline: "First public bath opened in N.Y.", Date: day(1891, time.August, 17), Category: "world-history"}
	b := &flashback.Event{Headline: "First Public Bath Opened In N.Y.", Date: day(1892, time.August, 17), Category: "world-history"}
	ha, hb := readHeadline(a), readHeadline(b)
	t.Logf("a %+v\nb %+v", ha, hb)
	m := compare(hb, ha, false, false)
	t.Logf("%+v", m)
	t.Logf("terms %q", searchTerms(hb))
}
