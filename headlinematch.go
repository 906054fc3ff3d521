package flashback

// HeadlineMatch ranking, the same on every store: Okapi BM25 over the
// headlines alone, with FTS5's constants and formula (k1 = 1.2, b = 0.75;
// a term's IDF is ln((N - n + 0.5) / (n + 0.5)), and 1e-6 where that is not
// positive; N counts every event, drafts and all categories, n those whose
// headline holds the term; lengths are counted in words), the terms
// summed in the order MatchTerms gives them, the lower id first among
// equal scores. Conflict detection keeps the best few, so two stores that
// ranked differently would set aside different conflicts.
const (
	MatchK1 = 1.2
	MatchB  = 0.75
)

// MatchTerms returns the words of m.Words a headline match looks for:
// folded as the indexes fold them, each once, in the order given.
func MatchTerms(words []string) []string {
	var terms []string
	seen := map[string]bool{}
	for _, w := range words {
		for _, word := range SearchWords(w) {
			f := foldWord(word)
			if !seen[f] {
				seen[f] = true
				terms = append(terms, f)
			}
		}
	}
	return terms
}
