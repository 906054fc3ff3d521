package conflict

import (
	"bufio"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"flashback"
)

// pair is one line of testdata/pairs.tsv: two sources' records and whether
// they tell of one event.
type pair struct {
	name string
	same bool
	a, b *flashback.Event
}

// readPairs reads the golden table of headline pairs.
func readPairs(t *testing.T) []pair {
	t.Helper()
	f, err := os.Open("testdata/pairs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []pair
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") || strings.HasPrefix(text, "label\t") {
			continue
		}
		c := strings.Split(text, "\t")
		if len(c) != 8 || (c[0] != "same" && c[0] != "different") {
			t.Fatalf("pairs.tsv:%d: want label, case and two date, category, headline triples", line)
		}
		p := pair{name: c[1], same: c[0] == "same"}
		p.a = pairEvent(t, line, "a", c[2:5])
		p.b = pairEvent(t, line, "b", c[5:8])
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// pairEvent builds one side of a pair as an importer would bring it.
func pairEvent(t *testing.T, line int, side string, c []string) *flashback.Event {
	t.Helper()
	var d flashback.HistDate
	if y, err := strconv.Atoi(c[0]); err == nil {
		d = flashback.HistDate{Year: y, Precision: flashback.PrecisionYear}
	} else {
		tm, err := time.Parse(time.DateOnly, c[0])
		if err != nil {
			t.Fatalf("pairs.tsv:%d: date %q: %v", line, c[0], err)
		}
		d = day(tm.Year(), tm.Month(), tm.Day())
	}
	key := "pairs:" + strconv.Itoa(line) + side
	return ev(key, c[1], c[2], d)
}

// TestPairs measures the matcher on the golden table: precision is the
// share of pairs it takes for one event that are one, recall the share of
// pairs that are one event it recognises. go test -v prints both and every
// mistake.
func TestPairs(t *testing.T) {
	pairs := readPairs(t)
	if len(pairs) < 60 {
		t.Fatalf("%d pairs, want at least 60", len(pairs))
	}
	var tp, fp, fn int
	for _, p := range pairs {
		m := sameEvent(p.b, p.a, readHeadline(p.b))
		switch {
		case m.same && p.same:
			tp++
		case m.same:
			fp++
			t.Logf("false match, %s: %q / %q: %s", p.name, p.a.Headline, p.b.Headline, m.reason)
		case p.same:
			fn++
			t.Logf("missed, %s: %q / %q", p.name, p.a.Headline, p.b.Headline)
		}
	}
	precision := float64(tp) / float64(max(tp+fp, 1))
	recall := float64(tp) / float64(max(tp+fn, 1))
	t.Logf("%d pairs, %d of one event: precision %.3f (%d/%d), recall %.3f (%d/%d)",
		len(pairs), tp+fn, precision, tp, tp+fp, recall, tp, tp+fn)
	if precision < 0.95 || recall < 0.90 {
		t.Errorf("precision %.3f, recall %.3f; want at least 0.95 and 0.90", precision, recall)
	}
}

// TestPairsInStore runs the golden table through Find against a store
// holding the bundled corpus and every pair's first record, as an import
// meets them: each second record dated differently from its first must be
// held back exactly when the two are one event, candidate lookup included.
func TestPairsInStore(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	importBundled(t, store)
	pairs := readPairs(t)
	var firsts []*flashback.Event
	for _, p := range pairs {
		firsts = append(firsts, p.a)
	}
	if st, err := store.ImportEvents(ctx, firsts); err != nil || st.Added != len(firsts) {
		t.Fatalf("import: %+v, %v", st, err)
	}
	var held, shouldHold, wrong int
	for _, p := range pairs {
		if !disagree(p.a.Date, p.b.Date) {
			continue
		}
		in := *p.b
		got, err := Find(ctx, store, []*flashback.Event{&in})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, c := range got {
			found = found || c.Existing.ExternalKey == p.a.ExternalKey
		}
		if p.same {
			shouldHold++
		}
		switch {
		case found && p.same:
			held++
		case found:
			wrong++
			t.Errorf("%s: %q held back against %q", p.name, p.b.Headline, p.a.Headline)
		case p.same && sameEvent(p.b, p.a, readHeadline(p.b)).same:
			t.Errorf("%s: the matcher takes %q for %q, but Find did not find it", p.name, p.b.Headline, p.a.Headline)
		}
	}
	t.Logf("dated differently: %d of %d pairs of one event held back, %d other pairs held back", held, shouldHold, wrong)
}
