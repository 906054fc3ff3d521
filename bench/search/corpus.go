package main

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"flashback"
)

// generator makes events that read like the bundled corpus: headlines and
// summaries are random walks over the bigrams of its headlines, so words
// keep their natural frequencies (a few very common, most rare) and their
// usual neighbours, which is what ranking and phrase queries depend on.
type generator struct {
	rng        *rand.Rand
	starts     []string
	next       map[string][]string // "" marks the end of a headline
	categories []string            // one entry per bundled event, so as common as there
}

// newGenerator learns the bigrams of the bundled events. The seed is fixed
// so that every run builds the same corpus.
func newGenerator(events []*flashback.Event) *generator {
	g := &generator{rng: rand.New(rand.NewPCG(1, 2)), next: map[string][]string{}}
	for _, e := range events {
		words := strings.Fields(e.Headline)
		if len(words) == 0 {
			continue
		}
		g.starts = append(g.starts, words[0])
		for i, w := range words {
			following := ""
			if i+1 < len(words) {
				following = words[i+1]
			}
			g.next[w] = append(g.next[w], following)
		}
		g.categories = append(g.categories, e.Category)
	}
	return g
}

// sentence walks the bigrams for 4 to 16 words.
func (g *generator) sentence() string {
	w := g.starts[g.rng.IntN(len(g.starts))]
	words := []string{w}
	for len(words) < 16 {
		choices := g.next[w]
		w = choices[g.rng.IntN(len(choices))]
		if w == "" {
			if len(words) >= 4 {
				break
			}
			w = g.starts[g.rng.IntN(len(g.starts))]
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

// year spreads events as history books do: most in the last five
// centuries, some in antiquity, a few BC.
func (g *generator) year() int {
	switch p := g.rng.IntN(100); {
	case p < 80:
		return 1500 + g.rng.IntN(526)
	case p < 95:
		return 1 + g.rng.IntN(1499)
	default:
		return -g.rng.IntN(3000) // astronomical: 0 is 1 BC
	}
}

// event returns the i-th event; one in fifty is a draft.
func (g *generator) event(i int) *flashback.Event {
	month := time.Month(1 + g.rng.IntN(12))
	return &flashback.Event{
		Date:        flashback.HistDate{Year: g.year(), Month: month, Day: 1 + g.rng.IntN(28)},
		Category:    g.categories[g.rng.IntN(len(g.categories))],
		Headline:    g.sentence(),
		Summary:     g.sentence() + ". " + g.sentence() + ".",
		ExternalKey: "bench:" + strconv.Itoa(i),
		Provenance:  flashback.Provenance{Importer: "bench", Origin: "generated"},
		Published:   g.rng.IntN(50) != 0,
	}
}

// batch returns the events numbered from to from+n-1.
func (g *generator) batch(from, n int) []*flashback.Event {
	events := make([]*flashback.Event, n)
	for i := range events {
		events[i] = g.event(from + i)
	}
	return events
}
