package main

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"flashback"
)

func year(y int) *int { return &y }

// mix is the benchmark's queries: one and two words, phrases, prefixes,
// filters, rare words and words in half of all events.
var mix = []struct {
	kind string
	q    flashback.SearchQuery
}{
	{"common word", flashback.SearchQuery{Text: "born"}},
	{"common word", flashback.SearchQuery{Text: "the"}},
	{"common word", flashback.SearchQuery{Text: "day"}},
	{"mid word", flashback.SearchQuery{Text: "war"}},
	{"rare word", flashback.SearchQuery{Text: "zeppelin"}},
	{"rare word", flashback.SearchQuery{Text: "spectrophotometer"}},
	{"two words", flashback.SearchQuery{Text: "treaty signed"}},
	{"two words", flashback.SearchQuery{Text: "the war"}},
	{"two words", flashback.SearchQuery{Text: "first astronomer"}},
	{"phrase", flashback.SearchQuery{Text: `"battle of"`}},
	{"phrase", flashback.SearchQuery{Text: `"independence day"`}},
	{"prefix", flashback.SearchQuery{Text: "indep"}},
	{"prefix", flashback.SearchQuery{Text: "astro"}},
	{"prefix", flashback.SearchQuery{Text: "the b"}},
	{"category", flashback.SearchQuery{Text: "born", Category: flashback.CategoryMusic}},
	{"BC range", flashback.SearchQuery{Text: "the", FromYear: year(-2999), ToYear: year(0)}},
	{"years+category", flashback.SearchQuery{Text: "war", Category: flashback.CategoryHistory, FromYear: year(1800), ToYear: year(1900)}},
	{"page 5", flashback.SearchQuery{Text: "born", Page: 5}},
	{"no match", flashback.SearchQuery{Text: "qwxzy"}},
}

// runMix runs every query of the mix (those whose kind or description
// holds only, if not empty) rounds times, after one warm-up round, and
// prints each query's p50 and p99 and those of all of them.
func runMix(ctx context.Context, s flashback.Searcher, rounds int, only string) error {
	// The pure-Go driver runs each query on the calling goroutine, so
	// pinning it to one thread lets that thread's CPU time measure a
	// search apart from whatever else the machine is busy with.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var all, allCPU []time.Duration
	// Allocations are counted around the timed rounds alone: a count
	// that, unlike the times, the machine's other work does not change.
	var mallocs uint64
	var mem runtime.MemStats
	for _, m := range mix {
		if only != "" && !strings.Contains(m.kind+" "+describe(m.q), only) {
			continue
		}
		if _, err := s.Search(ctx, m.q); err != nil {
			return err
		}
		var took, cpu []time.Duration
		var res *flashback.SearchResult
		runtime.ReadMemStats(&mem)
		mallocs -= mem.Mallocs
		for range rounds {
			start, startCPU := time.Now(), threadCPU()
			r, err := s.Search(ctx, m.q)
			if err != nil {
				return err
			}
			took, cpu, res = append(took, time.Since(start)), append(cpu, threadCPU()-startCPU), r
		}
		runtime.ReadMemStats(&mem)
		mallocs += mem.Mallocs
		all, allCPU = append(all, took...), append(allCPU, cpu...)
		total := fmt.Sprint(res.Total)
		if !res.Exact {
			total += "+"
		}
		fmt.Printf("%-15s %-36q hits %-6s in headline %-5s wall p50 %-9s p99 %-9s cpu p50 %-9s p99 %s\n", m.kind, describe(m.q), total,
			inHeadline(res), pct(took, 50), pct(took, 99), pct(cpu, 50), pct(cpu, 99))
	}
	fmt.Printf("all %d searches: wall p50 %s, p99 %s, max %s; cpu p50 %s, p99 %s, max %s; %d allocations a search\n", len(all),
		pct(all, 50), pct(all, 99), pct(all, 100), pct(allCPU, 50), pct(allCPU, 99), pct(allCPU, 100),
		mallocs/uint64(max(len(all), 1)))
	return nil
}

// inHeadline tells how many hits of the page have a word marked in their
// headline: a rough measure of how relevant the ranked matches were.
func inHeadline(res *flashback.SearchResult) string {
	n := 0
	for _, h := range res.Hits {
		if len(h.Headline.Marks) > 0 {
			n++
		}
	}
	return fmt.Sprintf("%d/%d", n, len(res.Hits))
}

func describe(q flashback.SearchQuery) string {
	s := q.Text
	if q.Category != "" {
		s += " in " + q.Category
	}
	if q.FromYear != nil {
		s += fmt.Sprintf(" %s–%s", flashback.FormatYear(*q.FromYear), flashback.FormatYear(*q.ToYear))
	}
	if q.Page > 1 {
		s += fmt.Sprintf(" page %d", q.Page)
	}
	return s
}

// pct returns the p-th percentile of ds (nearest rank).
func pct(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := max(0, (p*len(s)+99)/100-1)
	return s[min(i, len(s)-1)].Round(10 * time.Microsecond)
}
