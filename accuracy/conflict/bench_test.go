package conflict

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"flashback"
	"flashback/corpus"
)

// BenchmarkFind measures the cost per incoming event against the bundled
// corpus in a real SQLite file: each operation runs Find for one bundled
// event, re-read as an importer would bring it again.
func BenchmarkFind(b *testing.B) {
	store := openStore(b)
	importBundled(b, store)
	benchFind(b, store)
}

// BenchmarkFindGrown is BenchmarkFind on a database grown by imports:
// 5,000 and 20,000 more events with articles, written from the bundled
// headlines' own words so that common words match thousands of them, as
// "war", "first" or "launched" do once the whole Wikipedia feed is in. The
// two sizes show how the cost per incoming event grows with the database.
func BenchmarkFindGrown(b *testing.B) {
	for _, n := range []int{5_000, 20_000} {
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			store := openStore(b)
			importBundled(b, store)
			grown := grownEvents(b, n)
			if st, err := store.ImportEvents(context.Background(), grown); err != nil || st.Added != len(grown) {
				b.Fatalf("import: added %d of %d, %v", st.Added, len(grown), err)
			}
			benchFind(b, store)
		})
	}
}

func benchFind(b *testing.B, store flashback.EventStore) {
	ctx := context.Background()
	events, _, err := corpus.Bundled()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := Find(ctx, store, []*flashback.Event{events[i%len(events)]}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// grownEvents makes n events whose headlines and articles draw, with a
// fixed seed, on the words of the bundled headlines: distinct events that
// share vocabulary the way a large corpus does.
func grownEvents(b *testing.B, n int) []*flashback.Event {
	bundled, _, err := corpus.Bundled()
	if err != nil {
		b.Fatal(err)
	}
	var vocab []string
	for _, e := range bundled {
		vocab = append(vocab, strings.Fields(e.Headline)...)
	}
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = vocab[r.IntN(len(vocab))]
		}
		return strings.Join(ws, " ")
	}
	out := make([]*flashback.Event, n)
	for i := range out {
		e := *bundled[r.IntN(len(bundled))]
		e.ID, e.Summary = 0, ""
		e.Headline = pick(8)
		e.Body = pick(400)
		e.Date = day(1000+r.IntN(1000), time.Month(1+r.IntN(12)), 1+r.IntN(28))
		e.ExternalKey = fmt.Sprintf("grown:%d", i)
		e.Provenance = flashback.Provenance{Importer: "grown"}
		out[i] = &e
	}
	return out
}
