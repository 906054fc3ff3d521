package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// FindEvents returns the events matching filter in page order (month, day,
// year, with year-less entries after the dated ones of their day) and the
// number that match regardless of Offset and Limit.
func (s *EventStore) FindEvents(ctx context.Context, filter flashback.EventFilter) ([]*flashback.Event, int, error) {
	w, ok := eventWhere(filter)
	if !ok {
		return []*flashback.Event{}, 0, nil
	}
	tx, err := s.db.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer rollback(ctx, tx)
	if filter.PerDay > 0 {
		w.perDay(filter)
	}
	// A page is chosen on the sort key alone, from an index of the
	// published events in page order where one fits (a category's, a
	// year's), and only its rows are read whole, as on SQLite: sorted
	// whole, the rows before a page deep in a category of 308,000 events
	// took 8.4 s to read and sort.
	where := w.cond
	if filter.Limit > 0 || filter.Offset > 0 {
		where = `id IN (SELECT id FROM events WHERE ` + w.cond + ` ORDER BY ` + eventOrder + limitClause(filter) + `)`
	}
	rows, err := tx.Query(ctx, `SELECT id, `+eventColumns+` FROM events
		WHERE `+where+` ORDER BY `+eventOrder, w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find events: %w", err)
	}
	events, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*flashback.Event, error) {
		return scanEvent(row)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find events: %w", err)
	}
	total := len(events)
	if filter.Limit > 0 || filter.Offset > 0 {
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM events WHERE `+w.cond, w.args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("count events: %w", err)
		}
	}
	return events, total, nil
}

// eventOrder is the order of every event list: by month and day, events of
// precision 3 after the others, then by year and id.
const eventOrder = `month, day, precision = 3, year, id`

// where builds a condition with numbered placeholders.
type where struct {
	conds []string
	args  []any
}

// add appends cond, whose placeholders are written "?", numbering them
// after those already taken.
func (w *where) add(cond string, args ...any) {
	var b strings.Builder
	for _, r := range cond {
		if r == '?' {
			w.args = append(w.args, args[0])
			args = args[1:]
			b.WriteString("$" + strconv.Itoa(len(w.args)))
			continue
		}
		b.WriteRune(r)
	}
	w.conds = append(w.conds, b.String())
}

// placeholder adds arg and returns its placeholder, for a value used
// outside the conditions.
func (w *where) placeholder(arg any) string {
	w.args = append(w.args, arg)
	return "$" + strconv.Itoa(len(w.args))
}

type eventCond struct {
	cond string
	args []any
}

// perDay narrows c to what filter.PerDay keeps of its events, ranked within
// each day as flashback.EventFilter says.
//
// Ranked over every match, the window sorted a million events and read
// each one's article to test it: 4.4–4.8 s for a site's calendar. So it ranks
// only each day's candidates (perDayCandidates) unless filter narrows the
// matches by an index of their own (an id, a year, a search), when they
// are few and the window over them all is the cheaper read.
func (c *eventCond) perDay(filter flashback.EventFilter) {
	w := &where{args: c.args}
	prefer := w.placeholder(append([]int{}, filter.Prefer...)) + `::integer[]`
	cond := c.cond
	if filter.ID == nil && filter.Year == nil && strings.TrimSpace(filter.Query) == "" {
		cond = perDayCandidates(filter, c.cond, prefer)
	}
	c.cond = `id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY month, day
		ORDER BY precision <> 3 AND year = ANY (` + prefer + `) DESC,
			` + hasArticle + ` DESC, ` + eventOrder + `) AS kept
		FROM events WHERE ` + cond + ` AND precision IN (0, 3)) AS r WHERE kept <= ` + strconv.Itoa(filter.PerDay) + `)`
	c.args = w.args
}

// hasArticle tests that an event's body is not blank: as on SQLite, only
// spaces, tabs and line breaks count as blank. Migration 018's partial
// indexes hold the events it holds for, and a query reads them through
// those indexes only when its condition implies theirs, as the same
// expression does.
const hasArticle = `length(btrim(body, E' \t\n\r')) > 0`

// perDayCandidates returns a condition of the events PerDay could keep of
// those matching cond; prefer is the placeholder of the preferred years.
// A day keeps the first PerDay of four groups in turn, each in page order:
// the preferred years' events with an article, the other preferred ones,
// the others with an article, the rest. Each group is found among the
// first PerDay in page order of a list that adds to it only events of the
// groups before it: the preferred with an article, the preferred, those
// with an article, all. If the groups before hold t < PerDay events, the
// day takes the first PerDay-t of the group, which are among the list's
// first PerDay, as at most t of those are from earlier groups. So the
// candidates are each day's first PerDay of the four lists, each a LIMIT
// read in an index in page order (migration 018's of the articles; 016's
// and 017's of all and of a category's): a calendar reads about 40
// entries of each of the 366 days instead of every event. The candidates
// match cond already, so it is not repeated beside them.
func perDayCandidates(filter flashback.EventFilter, cond, prefer string) string {
	days := filter.Days()
	values := make([]string, len(days))
	for i, md := range days {
		values[i] = "(" + strconv.Itoa(int(md.Month)) + ", " + strconv.Itoa(md.Day) + ")"
	}
	preferred := `precision <> 3 AND year = ANY (` + prefer + `)`
	arm := func(more string) string {
		return `(SELECT id FROM events WHERE month = d.month AND day = d.day AND precision IN (0, 3)
			AND ` + cond + more + ` ORDER BY (precision = 3), year, id LIMIT ` + strconv.Itoa(filter.PerDay) + `)`
	}
	return `id IN (SELECT c.id FROM (VALUES ` + strings.Join(values, ", ") + `) AS d (month, day)
		CROSS JOIN LATERAL (` + arm(` AND `+hasArticle+` AND `+preferred) + `
			UNION ALL ` + arm(` AND `+preferred) + `
			UNION ALL ` + arm(` AND `+hasArticle) + `
			UNION ALL ` + arm(``) + `) AS c)`
}

// eventWhere turns filter into a WHERE condition and its arguments. ok is
// false when the filter can match nothing (a search without any word).
func eventWhere(filter flashback.EventFilter) (eventCond, bool) {
	w := &where{conds: []string{"true"}}
	if filter.ID != nil {
		w.add("id = ?", *filter.ID)
	}
	switch {
	case filter.OnlyDrafts:
		w.add("NOT published")
	case !filter.IncludeDrafts:
		w.add("published")
	}
	if filter.Category != "" {
		w.add("category = ?", filter.Category)
	}
	if filter.Year != nil {
		// Year-less entries store year 0, which would read as 1 BC.
		w.add("year = ? AND precision <> 3", *filter.Year)
	}
	if len(filter.On) > 0 {
		days := make([]string, len(filter.On))
		var args []any
		for i, md := range filter.On {
			days[i] = "(month = ? AND day = ?)"
			args = append(args, int(md.Month), md.Day)
		}
		w.add("precision IN (0, 3) AND ("+strings.Join(days, " OR ")+")", args...)
	}
	if strings.TrimSpace(filter.Query) != "" {
		words := flashback.SearchWords(filter.Query)
		if len(words) == 0 {
			return eventCond{}, false
		}
		w.add("search @@ plainto_tsquery('simple', search_fold(?))", strings.Join(words, " "))
	}
	return eventCond{cond: strings.Join(w.conds, " AND "), args: w.args}, true
}

func limitClause(filter flashback.EventFilter) string {
	switch {
	case filter.Limit > 0:
		return fmt.Sprintf(" LIMIT %d OFFSET %d", filter.Limit, max(filter.Offset, 0))
	case filter.Offset > 0:
		return fmt.Sprintf(" OFFSET %d", filter.Offset)
	}
	return ""
}
