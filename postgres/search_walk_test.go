package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"flashback"
	"flashback/postgres/pgtest"
)

// openMigrated opens a fresh database of the test's own with every
// migration applied.
func openMigrated(t *testing.T) *DB {
	t.Helper()
	db := NewDB(pgtest.Clone(t, SchemaKey(), func(dsn string) error {
		db := NewDB(dsn)
		defer db.Close()
		return db.Open()
	}))
	if err := db.Open(); err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustExec(t *testing.T, db *DB, sql string, args ...any) {
	t.Helper()
	if _, err := db.pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// addEventSQL adds a published event of the given id and headline.
const addEventSQL = `INSERT INTO events (id, year, month, day, precision, calendar, category, headline, slug,
	published, created_at, updated_at) VALUES ($1, 1900, 3, 5, 0, 0, 'world-history', $2, 'e', true, now(), now())`

// readTx begins a read transaction that ends with the test.
func readTx(t *testing.T, db *DB) pgx.Tx {
	t.Helper()
	ctx := context.Background()
	tx, err := db.beginRead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rollback(ctx, tx) })
	return tx
}

// migratedFrom returns a database made before migration n, holding
// published events of these headlines (IDs from 1), then migrated to the
// newest schema: what a migration that fills a table from the events
// meets on a live site.
func migratedFrom(t *testing.T, n int, headlines ...string) *DB {
	t.Helper()
	ctx := context.Background()
	db := openBare(t)
	if err := migrate(ctx, db, migrationsBefore(t, n)); err != nil {
		t.Fatal(err)
	}
	for i, h := range headlines {
		mustExec(t, db, addEventSQL, i+1, h)
	}
	if err := migrate(ctx, db, migrationFS); err != nil {
		t.Fatal(err)
	}
	return db
}

// headlineWordsOf returns the entries of event id, each "word length".
func headlineWordsOf(t *testing.T, db *DB, id int64) []string {
	t.Helper()
	rows, err := db.pool.Query(context.Background(), `SELECT word || ' ' || headline_length FROM headline_words
		WHERE event_id = $1 ORDER BY word`, id)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkHeadlineWords fails t unless headline_words is exactly what the
// events' headlines make, each entry with its event's filters.
func checkHeadlineWords(t *testing.T, db *DB) {
	t.Helper()
	var extra, missing int
	err := db.pool.QueryRow(context.Background(), `WITH want AS (
			SELECT w AS word, length(headline) AS headline_length, id AS event_id, published, category, precision, year
			FROM events, unnest(tsvector_to_array(headline_search)) AS w
		)
		SELECT (SELECT count(*) FROM (SELECT * FROM headline_words EXCEPT ALL SELECT * FROM want) x),
			(SELECT count(*) FROM (SELECT * FROM want EXCEPT ALL SELECT * FROM headline_words) x)`).Scan(&extra, &missing)
	if err != nil {
		t.Fatal(err)
	}
	if extra+missing > 0 {
		t.Errorf("headline_words out of step: %d entries too many, %d missing", extra, missing)
	}
}

// TestHeadlineWords_KeptInStep: whatever a statement does to events, the
// word lists follow their headlines, published or not.
func TestHeadlineWords_KeptInStep(t *testing.T) {
	db := openMigrated(t)
	mustExec(t, db, addEventSQL, 1, "Battle of Waterloo")
	steps := []struct {
		name, sql string
		args      []any
		want      []string // the entries of event 1
	}{
		{"Insert", addEventSQL, []any{2, "Waterloo station opens"},
			[]string{"battle 18", "of 18", "waterloo 18"}},
		{"HeadlineEdited", `UPDATE events SET headline = 'Battle of Wáterloo fought' WHERE id = 1`, nil,
			[]string{"battle 25", "fought 25", "of 25", "waterloo 25"}},
		{"Unpublished", `UPDATE events SET published = false WHERE id = 1`, nil,
			[]string{"battle 25", "fought 25", "of 25", "waterloo 25"}},
		{"SummaryEdited", `UPDATE events SET summary = 'Napoleon loses' WHERE id = 1`, nil,
			[]string{"battle 25", "fought 25", "of 25", "waterloo 25"}},
		// The entries carry the event's filters (checkHeadlineWords).
		{"Republished", `UPDATE events SET published = true WHERE id = 1`, nil,
			[]string{"battle 25", "fought 25", "of 25", "waterloo 25"}},
		{"Redated", `UPDATE events SET year = 1815, precision = 3 WHERE id = 1`, nil,
			[]string{"battle 25", "fought 25", "of 25", "waterloo 25"}},
		{"Refiled", `UPDATE events SET category = 'music' WHERE id = 1`, nil,
			[]string{"battle 25", "fought 25", "of 25", "waterloo 25"}},
		{"CategoryRenamed", `UPDATE categories SET slug = 'tunes' WHERE slug = 'music'`, nil,
			[]string{"battle 25", "fought 25", "of 25", "waterloo 25"}},
		{"FiltersAndHeadline", `UPDATE events SET headline = 'Battle of Waterloo', category = 'world-history', year = 1816 WHERE id = 1`, nil,
			[]string{"battle 18", "of 18", "waterloo 18"}},
		{"SeveralInOneStatement", `UPDATE events SET headline = headline || ' again'`, nil,
			[]string{"again 24", "battle 24", "of 24", "waterloo 24"}},
		{"Deleted", `DELETE FROM events WHERE id = 1`, nil, nil},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			mustExec(t, db, s.sql, s.args...)
			if got := headlineWordsOf(t, db, 1); !slices.Equal(got, s.want) {
				t.Errorf("entries of event 1: %q, want %q", got, s.want)
			}
			checkHeadlineWords(t, db)
		})
	}
}

// TestMigrate_HeadlineWordsBackFilled: a database made before migration
// 011 gets the lists of the events it holds, and keeps them after.
func TestMigrate_HeadlineWordsBackFilled(t *testing.T) {
	db := migratedFrom(t, 11, "Battle of Waterloo", "Waterloo station opens")
	if got, want := headlineWordsOf(t, db, 2), []string{"opens 22", "station 22", "waterloo 22"}; !slices.Equal(got, want) {
		t.Errorf("entries of event 2: %q, want %q", got, want)
	}
	checkHeadlineWords(t, db)
	mustExec(t, db, `UPDATE events SET headline = 'Waterloo station closes' WHERE id = 2`)
	checkHeadlineWords(t, db)
}

// TestPlanHeadlineWalk: a read walks the list of its one word, of its
// rarest word checking the others in the lists, or of the few words its
// prefix starts; and leaves to the events table's plans the queries whose
// lists are all long and the prefixes of many words.
func TestPlanHeadlineWalk(t *testing.T) {
	ctx := context.Background()
	db := openMigrated(t)
	counts := map[string]int{"war": 9000, "born": 20000, "treaty": 40, "signed": 4000, "day": 20000,
		"independence": 300, "independent": 200, "independently": 5, "elan": 3}
	for i := range maxPrefixWords + 1 {
		counts[fmt.Sprintf("many%02d", i)] = 1
	}
	for w, n := range counts {
		mustExec(t, db, `INSERT INTO headline_words (word, headline_length, event_id, published, category, precision, year)
			SELECT $1, 10, g, true, 'world-history', 0, 1900 FROM generate_series(1, $2::int) AS g`, w, n)
	}
	// A search reads its last word whole first (see flashback.GatherSearch),
	// so a query here is read whole unless it says "*".
	cases := []struct {
		query string
		want  *headlineWalk // nil: the events table's plans
	}{
		{"war", &headlineWalk{words: []string{"war"}}},
		{"qwxzy", &headlineWalk{words: []string{"qwxzy"}}},
		{"Élan", &headlineWalk{words: []string{"elan"}}},
		{"treaty signed", &headlineWalk{sorted: true}},
		{`"independence day"`, &headlineWalk{sorted: true}},
		{"born signed", &headlineWalk{sorted: true}},
		{"born qwxzy", &headlineWalk{sorted: true}},
		{"born signed*", &headlineWalk{sorted: true}},
		{"treaty indep*", &headlineWalk{sorted: true}},
		// Lists are counted only up to maxWalk: of two longer ones, the
		// first leads.
		{"born war", &headlineWalk{words: []string{"born"}, probes: [][]string{{"war"}}, bounded: true}},
		{"war born", &headlineWalk{words: []string{"war"}, probes: [][]string{{"born"}}, bounded: true}},
		{"war many*", &headlineWalk{words: []string{"war"}, bounded: true}},
		{"qwxzy*", &headlineWalk{words: []string{}}},
		{"indep*", &headlineWalk{words: []string{"independence", "independent", "independently"}}},
		{"independentl*", &headlineWalk{words: []string{"independently"}}},
		{"many*", nil},
		{"war day*", &headlineWalk{words: []string{"war"}, probes: [][]string{{"day"}}, bounded: true}},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			tx := readTx(t, db)
			terms := flashback.ParseSearch(c.query)
			if !strings.HasSuffix(c.query, "*") {
				terms = wholeWords(terms)
			}
			got, err := planHeadlineWalk(ctx, tx, terms, nil)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("walk %+v, want %+v", got, c.want)
			}
		})
	}
}

// TestPlainLetters: a word taken as plain without asking the database is
// one the database finds plain, as its own lexeme.
func TestPlainLetters(t *testing.T) {
	ctx := context.Background()
	db := openMigrated(t)
	words := []string{"war", "e", "zeppelin", "http", "www", "9e9e9", "1e5", "1980s", "élan", "straße", "ǆ"}
	prefix := make([]bool, len(words))
	tx := readTx(t, db)
	looked, err := lookUpWords(ctx, tx, words, prefix, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range words {
		if plainLetters(w) && (!looked[i].plain || looked[i].folded != w) {
			t.Errorf("%q taken as plain; the database folds it to %q, plain %v", w, looked[i].folded, looked[i].plain)
		}
	}
	if looked[3].plain != true || looked[5].plain != false {
		t.Errorf("http plain %v, 9e9e9 plain %v; want true, false", looked[3].plain, looked[5].plain)
	}
}

// TestHeadlineWalk_ReadsWhatTheEventsTableDoes: on events of a few words
// drawn at random, some unpublished, every walk reads the same matches in
// the same order as the events table's own plans, up to the limit for the
// words in more headlines than that.
func TestHeadlineWalk_ReadsWhatTheEventsTableDoes(t *testing.T) {
	ctx := context.Background()
	db := openMigrated(t)
	// "independence" is drawn most, and the other words "indep" starts
	// are in few headlines, so that the first matches of the prefix are
	// nearly all the first entries of one word, cut at the limit.
	vocab := strings.Fields("war treaty signed born day independence independence independence independence astronomer first battle of the Élan elan")
	r := rand.New(rand.NewPCG(1, 2))
	var batch pgx.Batch
	for id := 1; id <= 6000; id++ {
		words := make([]string, 1+r.IntN(5))
		for i := range words {
			words[i] = vocab[r.IntN(len(vocab))]
		}
		if id%3 == 0 {
			words = []string{"independence", "day"}
		}
		if id%300 == 0 {
			words = append(words, []string{"independent", "independently"}[id%600/300])
		}
		batch.Queue(`INSERT INTO events (id, year, month, day, precision, calendar, category, headline, slug,
			published, created_at, updated_at) VALUES ($1, $2, 3, 5, 0, 0, $3, $4, 'e', $5, now(), now())`,
			id, 1700+r.IntN(300), []string{"world-history", "music"}[r.IntN(2)], strings.Join(words, " "), r.IntN(10) > 0)
	}
	if err := db.pool.SendBatch(ctx, &batch).Close(); err != nil {
		t.Fatal(err)
	}
	queries := []flashback.SearchQuery{
		{Text: "war"}, {Text: "born"}, {Text: "Élan"}, {Text: "treaty signed"}, {Text: "first astronomer"},
		{Text: `"independence day"`}, {Text: `"battle of"`}, {Text: "indep"}, {Text: "astro"}, {Text: "treaty indep"}, {Text: "born indep"}, {Text: "first astro"},
		{Text: "war", Category: flashback.CategoryMusic}, {Text: "born", FromYear: ptr(1800), ToYear: ptr(1850)},
		{Text: "indep", Category: flashback.CategoryMusic, ToYear: ptr(1900)}, {Text: "treaty signed", Category: flashback.CategoryMusic},
		// Filters that admit most: the walk stops after the window.
		{Text: "born", FromYear: ptr(1700)}, {Text: "indep", FromYear: ptr(1700)},
	}
	// A third of the headlines are "independence day": with walks of
	// 2,500 entries, the phrase's lists are longer, and the first entries
	// of one hold the limit's matches. Shorter walks run out of entries before the limit
	// for every search of several words, which the events table's plans
	// then read.
	walks := []int{maxWalk, 2500, 300}
	t.Cleanup(func() { maxWalk = walks[0] })
	for _, q := range queries {
		for _, maxWalk = range walks {
			testSameMatches(t, db, q)
		}
	}
}

func testSameMatches(t *testing.T, db *DB, q flashback.SearchQuery) {
	ctx := context.Background()
	{
		t.Run(fmt.Sprintf("%s/walk%d", q.Text, maxWalk), func(t *testing.T) {
			tx := readTx(t, db)
			// A prefix is read after its whole word, both walked.
			for i, terms := range [][]flashback.SearchTerm{flashback.ParseSearch(q.Text), wholeWords(flashback.ParseSearch(q.Text))} {
				walk, err := planHeadlineWalk(ctx, tx, terms, nil)
				if err != nil {
					t.Fatal(err)
				}
				if walk == nil {
					t.Fatalf("%v: no walk planned", terms)
				}
				// The events table's read stops after the window, as a
				// walk that tests its filters apart does; the others read
				// on.
				walked, want := readAll(t, tx, &q, terms, walk), readAll(t, tx, &q, terms, nil)
				if !walk.filtersApart(&q) {
					walked = throughWindow(walked)
				}
				if !slices.Equal(walked, want) || i == 0 && len(want) == 0 {
					t.Errorf("%v: the walk read %d matches, the events table %d; first differing at %d", terms, len(walked), len(want), firstDiff(walked, want))
				}
			}
		})
	}
}

func ptr(n int) *int { return &n }

// throughWindow returns the matches up to the first admitted after the
// SearchRankWindow-th, where a walk that tests its filters apart stops.
func throughWindow(matches []flashback.SearchMatch) []flashback.SearchMatch {
	admitted := 0
	for i, m := range matches {
		if m.Admitted {
			if admitted++; admitted > flashback.SearchRankWindow {
				return matches[:i+1]
			}
		}
	}
	return matches
}

// wholeWords returns terms with no prefix.
func wholeWords(terms []flashback.SearchTerm) []flashback.SearchTerm {
	out := slices.Clone(terms)
	for i := range out {
		out[i].Prefix = false
	}
	return out
}

func readAll(t *testing.T, tx pgx.Tx, q *flashback.SearchQuery, terms []flashback.SearchTerm, walk *headlineWalk) []flashback.SearchMatch {
	t.Helper()
	var out []flashback.SearchMatch
	err := readMatches(context.Background(), tx, q, terms, flashback.ByHeadline, walk, func(m flashback.SearchMatch) bool {
		out = append(out, m)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func firstDiff(a, b []flashback.SearchMatch) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestNextBatch: a walk reads the window, one and an eighth more first,
// then what would fill the window at the share admitted so far, never
// fewer than a few dozen, never past the limit.
func TestNextBatch(t *testing.T) {
	cases := []struct {
		name                  string
		read, admitted, batch int
	}{
		{"First", 0, 0, 338},
		{"FewRefused", 338, 290, 37},
		{"HalfRefused", 338, 169, 328},
		{"MostRefused", 338, 30, 662},
		{"NoneAdmitted", 338, 0, 662},
		{"NearTheLimit", 990, 100, 10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := nextBatch(c.read, c.admitted); got != c.batch {
				t.Errorf("nextBatch(%d, %d) = %d, want %d", c.read, c.admitted, got, c.batch)
			}
		})
	}
}

// TestWordLookups_OneRoundTrip: the read of a search's whole words learns
// what its prefix read needs too, which then asks the database nothing.
func TestWordLookups_OneRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := openMigrated(t)
	terms := flashback.ParseSearch("treaty sig")
	known := newWordLookups(terms)
	tx := readTx(t, db)
	if _, err := planHeadlineWalk(ctx, tx, wholeWords(terms), known); err != nil {
		t.Fatal(err)
	}
	if _, ok := known.known[wordKey{"sig", true}]; !ok || len(known.known) != 3 {
		t.Fatalf("after the whole words, known %v; want treaty, sig and sig as a prefix", known.known)
	}
	// A transaction that has failed answers no query: the prefix read
	// must not ask.
	if _, err := tx.Exec(ctx, `SELECT 1/0`); err == nil {
		t.Fatal("division by zero succeeded")
	}
	if _, err := planHeadlineWalk(ctx, tx, terms, known); err != nil {
		t.Errorf("prefix read asked the database again: %v", err)
	}
}

// TestMigrate_HeadlineWordsFilters: on a database made before migration
// 15, the entries get their events' filters, and a walk that tests only
// filters reads them from the list's index alone and reads what the
// events table does.
func TestMigrate_HeadlineWordsFilters(t *testing.T) {
	ctx := context.Background()
	db := migratedFrom(t, 15, "War ends", "War begins", "Peace signed")
	checkHeadlineWords(t, db)
	mustExec(t, db, `VACUUM ANALYZE headline_words`)
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SET enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(ctx, `RESET enable_seqscan`)
	rows, err := conn.Query(ctx, `EXPLAIN SELECT published, category, precision, year FROM headline_words
		WHERE word = 'war' ORDER BY headline_length, event_id DESC`)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(plan, "\n"), "Index Only Scan using headline_words_order") {
		t.Errorf("the filters of a list's entries are not read from its index alone:\n%s", strings.Join(plan, "\n"))
	}
	for _, q := range []flashback.SearchQuery{{Text: "war", Category: flashback.CategoryHistory}, {Text: "war", Category: flashback.CategoryMusic}} {
		testSameMatches(t, db, q)
	}
}

// TestHeadlineWalk_FiltersFollowEvents: a walk that tests its filters in
// the list's entries finds what the events table does after each change
// of an event's filters that leaves its headline alone.
func TestHeadlineWalk_FiltersFollowEvents(t *testing.T) {
	db := openMigrated(t)
	for id := 1; id <= 20; id++ {
		mustExec(t, db, addEventSQL, id, fmt.Sprintf("War number %d", id))
	}
	mustExec(t, db, `UPDATE events SET published = id % 4 <> 0, year = 1795 + 5 * id,
		category = CASE WHEN id % 5 = 0 THEN 'music' ELSE category END`)
	queries := []flashback.SearchQuery{
		{Text: "war"}, {Text: "war", Category: flashback.CategoryMusic}, {Text: "war", Category: flashback.CategoryHistory},
		{Text: "war", FromYear: ptr(1800), ToYear: ptr(1850)}, {Text: "war", FromYear: ptr(1890)},
		{Text: "war", Category: flashback.CategoryMusic, ToYear: ptr(1850)},
	}
	steps := []struct{ name, sql string }{
		{"Drafted", ``},
		{"Published", `UPDATE events SET published = true WHERE id IN (4, 8)`},
		{"Unpublished", `UPDATE events SET published = false WHERE id IN (1, 2, 3)`},
		{"Redated", `UPDATE events SET year = 1815 WHERE id % 3 = 0`},
		{"Refiled", `UPDATE events SET category = 'music' WHERE id % 2 = 0`},
		{"MadeCirca", `UPDATE events SET precision = 3 WHERE id IN (6, 9)`},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.sql != "" {
				mustExec(t, db, s.sql)
			}
			for _, q := range queries {
				testSameMatches(t, db, q)
			}
		})
	}
}

// TestReadWhole_StopsAfterWindow: a read of the matches whole, from the
// events table or sorted, sends those up to the first admitted match
// after the window's last, where the gatherer stops, and no more.
func TestReadWhole_StopsAfterWindow(t *testing.T) {
	ctx := context.Background()
	db := openMigrated(t)
	// 400 matches, one in ten unpublished.
	mustExec(t, db, `INSERT INTO events (id, year, month, day, precision, calendar, category, headline, slug,
		published, created_at, updated_at)
		SELECT g, 1900, 3, 5, 0, 0, 'world-history', 'War news ' || g, 'e', g % 10 <> 0, now(), now()
		FROM generate_series(1, 400) AS g`)
	terms := flashback.ParseSearch(`"war" "news"`)
	cases := []struct {
		name  string
		order flashback.SearchOrder
		walk  *headlineWalk
	}{
		{"headlines", flashback.ByHeadline, nil},
		{"sorted", flashback.ByHeadline, &headlineWalk{sorted: true}},
		{"newest", flashback.Newest, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var read []flashback.SearchMatch
			err := readMatches(ctx, readTx(t, db), &flashback.SearchQuery{Text: "war news"}, terms, c.order, c.walk, func(m flashback.SearchMatch) bool {
				read = append(read, m)
				return true
			})
			if err != nil {
				t.Fatal(err)
			}
			admitted := 0
			for _, m := range read {
				if m.Admitted {
					admitted++
				}
			}
			if admitted != flashback.SearchRankWindow+1 || !read[len(read)-1].Admitted {
				t.Errorf("read %d matches, %d admitted, the last admitted %v; want them through admitted match %d",
					len(read), admitted, read[len(read)-1].Admitted, flashback.SearchRankWindow+1)
			}
		})
	}
}
