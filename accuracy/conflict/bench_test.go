package conflict

import (
	"context"
	"testing"

	"flashback"
	"flashback/corpus"
)

// BenchmarkFind measures the cost per incoming event against the bundled
// corpus in a real SQLite file: each operation runs Find for one bundled
// event, re-read as an importer would bring it again.
func BenchmarkFind(b *testing.B) {
	ctx := context.Background()
	store := openStore(b)
	importBundled(b, store)
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
