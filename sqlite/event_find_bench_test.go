package sqlite

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"flashback"
)

// BenchmarkFindEventsCommonWord is the conflict detector's query on a
// grown database: a word that thousands of long articles share, the first
// 100 matches wanted. Its cost must not grow with every match's article.
func BenchmarkFindEventsCommonWord(b *testing.B) {
	db := openTestDB(b)
	s := NewEventStore(db)
	ctx := context.Background()
	body := strings.Repeat("A paragraph of an article about the treaty and its signatories. ", 40)
	var events []*flashback.Event
	for i := range 20_000 {
		e := testEvent(i)
		e.Headline = fmt.Sprintf("Treaty number %d signed", i)
		e.Body = body
		e.ExternalKey = fmt.Sprintf("bench:%d", i)
		e.Provenance = flashback.Provenance{Importer: "bench"}
		events = append(events, e)
	}
	if st, err := s.ImportEvents(ctx, events); err != nil || st.Added != len(events) {
		b.Fatalf("import: %+v, %v", st.Skipped[:min(len(st.Skipped), 3)], err)
	}
	b.ResetTimer()
	for b.Loop() {
		got, total, err := s.FindEvents(ctx, flashback.EventFilter{Query: "treaty", Limit: 100, IncludeDrafts: true})
		if err != nil || len(got) != 100 || total != 20_000 {
			b.Fatalf("got %d of %d, %v", len(got), total, err)
		}
	}
}
