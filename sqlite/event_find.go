package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"flashback"
)

// FindEvents returns the events matching filter in page order (month, day,
// year, with year-less entries after the dated ones of their day) and the
// number that match regardless of Offset and Limit.
func (s *EventStore) FindEvents(ctx context.Context, filter flashback.EventFilter) ([]*flashback.Event, int, error) {
	where, args, ok := eventWhere(filter)
	if !ok {
		return []*flashback.Event{}, 0, nil
	}
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()

	// The page is chosen on the sort key alone and only its rows are read
	// whole: a window count or a sort over whole rows would read every
	// match's article, which made a common word cost half a second on a
	// database of 20,000 imported articles.
	from := `events WHERE ` + where
	if filter.PerDay > 0 {
		var err error
		if from, args, err = perDay(filter, where, args); err != nil {
			return nil, 0, err
		}
	}
	rows, err := tx.QueryContext(ctx, findQuery(filter, from), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find events: %w", err)
	}
	events, err := readEvents(rows)
	if err != nil {
		return nil, 0, fmt.Errorf("find events: %w", err)
	}
	total := len(events)
	if filter.Limit > 0 || filter.Offset > 0 {
		// Counting reads only what the condition needs.
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+from, args...).Scan(&total)
		if err != nil {
			return nil, 0, fmt.Errorf("count events: %w", err)
		}
	}
	return events, total, nil
}

// findQuery reads the events of from in page order. Every match read
// whole is one walk in that order; a window's ids are chosen first and
// then only its rows read, with a sort of the few it keeps. The first
// form for a whole list read each match's row twice and sorted them all:
// a day of a site of a million events, 2,900 of them, in about 1.5 times
// the time.
func findQuery(filter flashback.EventFilter, from string) string {
	if filter.Limit == 0 && filter.Offset == 0 && filter.PerDay == 0 {
		return `SELECT id, ` + eventColumns + ` FROM ` + from + ` ORDER BY ` + eventOrder
	}
	page := `SELECT id FROM ` + from + ` ORDER BY ` + eventOrder + limitClause(filter)
	return `SELECT id, ` + eventColumns + ` FROM events WHERE id IN (` + page + `) ORDER BY ` + eventOrder
}

// readEvents reads and closes rows of an id and eventColumns.
func readEvents(rows *sql.Rows) ([]*flashback.Event, error) {
	return collectRows(rows, "read events", func(row rowScanner) (*flashback.Event, error) {
		e, err := scanEvent(row)
		if err != nil {
			return nil, fmt.Errorf("read event: %w", err)
		}
		return e, nil
	})
}

// eventOrder is the order of every event list: by month and day, events of
// precision 3 after the others, then by year and id.
const eventOrder = `month, day, precision = 3, year, id`

// perDay returns the FROM clause of what filter.PerDay keeps of the events
// that match where, ranked within each day as flashback.EventFilter says,
// with its arguments: the preferred years go first, as a JSON array, for
// the placeholder in the ranking ahead of where's.
//
// Ranked over every match, the window sorted a million events and read
// each one's article to test it: 10 s for a site's calendar. So it ranks
// only each day's candidates (perDayCandidates) unless filter narrows the
// matches by an index of their own (an id, a year, a search), when they
// are few and the window over them all is the cheaper read.
func perDay(filter flashback.EventFilter, where string, args []any) (string, []any, error) {
	prefer, err := json.Marshal(append([]int{}, filter.Prefer...)) // [], not null
	if err != nil {
		return "", nil, err
	}
	cond, condArgs := where, args
	if filter.ID == nil && filter.Year == nil && strings.TrimSpace(filter.Query) == "" {
		cond, condArgs = perDayCandidates(filter, where, args, string(prefer))
	}
	from := `(SELECT id, month, day, precision, year, row_number() OVER (PARTITION BY month, day
		ORDER BY precision <> 3 AND year IN (SELECT value FROM json_each(?)) DESC,
			` + hasArticle + ` DESC, ` + eventOrder + `) AS kept
		FROM events WHERE ` + cond + ` AND precision IN (0, 3)) WHERE kept <= ` + strconv.Itoa(filter.PerDay)
	return from, append([]any{string(prefer)}, condArgs...), nil
}

// hasArticle tests that an event's body is not blank. Migration 019's
// partial indexes hold the events it holds for, and a query reads them
// through those indexes only when it writes the test exactly so.
const hasArticle = `length(trim(body, ' ' || char(9, 10, 13))) > 0`

// perDayCandidates narrows where, with its args, to the events PerDay
// could keep. A day keeps the first PerDay of four groups in turn, each in
// page order: the preferred years' events with an article, the other
// preferred ones, the others with an article, the rest. Each group is
// found among the first PerDay in page order of a list that adds to it
// only events of the groups before it: the preferred with an article, the
// preferred, those with an article, all. If the groups before hold t <
// PerDay events, the day takes the first PerDay-t of the group, which are
// among the list's first PerDay, as at most t of those are from earlier
// groups. So the candidates are each day's first PerDay of the four
// lists, each a LIMIT read in an index in page order (migration 019's of
// the articles; 017's and 018's of all and of a category's): a calendar
// reads about 40 entries of each of the 366 days instead of every event.
func perDayCandidates(filter flashback.EventFilter, where string, args []any, prefer string) (string, []any) {
	days := filter.Days()
	values := make([]string, len(days))
	for i, md := range days {
		values[i] = "(" + strconv.Itoa(int(md.Month)) + ", " + strconv.Itoa(md.Day) + ")"
	}
	// SQLite has no LATERAL join: a list subquery correlated with the day
	// reads its LIMIT for each day, and its ids are looked up by rowid. The
	// order leaves out the month and day, which the day fixes: ordered by
	// them too, SQLite 3.54 read the day's every row and sorted them, as
	// if no index held the order.
	const preferred = `precision <> 3 AND year IN (SELECT value FROM json_each(?))`
	arm := func(cond string) string {
		return `SELECT e.id FROM days, events e WHERE e.id IN (SELECT id FROM events
			WHERE month = days.month AND day = days.day AND precision IN (0, 3) AND ` + where + cond + `
			ORDER BY precision = 3, year, id LIMIT ` + strconv.Itoa(filter.PerDay) + `)`
	}
	lists := []struct {
		cond string
		args []any // after where's
	}{
		{` AND ` + hasArticle + ` AND ` + preferred, []any{prefer}},
		{` AND ` + preferred, []any{prefer}},
		{` AND ` + hasArticle, nil},
		{``, nil},
	}
	arms := make([]string, len(lists))
	var all []any
	for i, l := range lists {
		arms[i] = arm(l.cond)
		all = append(append(all, args...), l.args...)
	}
	// The candidates match where already: tested again beside them, a
	// category's made SQLite read the category's every event instead.
	return `id IN (WITH days (month, day) AS (VALUES ` + strings.Join(values, ", ") + `)
		` + strings.Join(arms, "\n\t\tUNION ALL ") + `)`, all
}

// eventWhere turns filter into a WHERE condition and its arguments. ok is
// false when the filter can match nothing (a search without any word).
func eventWhere(filter flashback.EventFilter) (where string, args []any, ok bool) {
	conds := []string{"1 = 1"}
	if filter.ID != nil {
		conds, args = append(conds, "id = ?"), append(args, *filter.ID)
	}
	switch {
	case filter.OnlyDrafts:
		conds = append(conds, "published = 0")
	case !filter.IncludeDrafts:
		conds = append(conds, "published = 1")
	}
	if filter.Category != "" {
		conds, args = append(conds, "category = ?"), append(args, filter.Category)
	}
	if filter.Year != nil {
		// Year-less entries store year 0, which would read as 1 BC.
		conds, args = append(conds, "year = ? AND precision <> 3"), append(args, *filter.Year)
	}
	if len(filter.On) > 0 {
		days := make([]string, len(filter.On))
		for i, md := range filter.On {
			days[i] = "(month = ? AND day = ?)"
			args = append(args, int(md.Month), md.Day)
		}
		conds = append(conds, "precision IN (0, 3) AND ("+strings.Join(days, " OR ")+")")
	}
	if strings.TrimSpace(filter.Query) != "" {
		match := ftsQuery(filter.Query)
		if match == "" {
			return "", nil, false
		}
		conds = append(conds, "id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
		args = append(args, match)
	}
	return strings.Join(conds, " AND "), args, true
}

func limitClause(filter flashback.EventFilter) string {
	switch {
	case filter.Limit > 0:
		return fmt.Sprintf(" LIMIT %d OFFSET %d", filter.Limit, max(filter.Offset, 0))
	case filter.Offset > 0:
		return fmt.Sprintf(" LIMIT -1 OFFSET %d", filter.Offset)
	}
	return ""
}

// ftsQuery turns what a reader typed into an FTS5 query that cannot be a
// syntax error: every word (flashback.SearchWords) becomes a quoted term,
// and all terms must appear. It returns "" when the input has no word.
func ftsQuery(input string) string {
	return strings.Join(ftsTerms(input), " ")
}

// ftsTerms quotes the words of input as FTS5 terms, folded as the index
// holds them.
func ftsTerms(input string) []string {
	words := flashback.SearchWords(input)
	for i, w := range words {
		// Only letters and digits remain, so no quote needs escaping; the
		// quotes make words like NEAR, AND or NOT plain terms.
		words[i] = `"` + flashback.FoldSearchText(w) + `"`
	}
	return words
}
