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
func (c *eventCond) perDay(filter flashback.EventFilter) {
	w := &where{args: c.args}
	prefer := w.placeholder(append([]int{}, filter.Prefer...))
	c.cond = `id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY month, day
		ORDER BY precision <> 3 AND year = ANY (` + prefer + `::integer[]) DESC,
			length(btrim(body, E' \t\n\r')) > 0 DESC, ` + eventOrder + `) AS kept
		FROM events WHERE ` + c.cond + ` AND precision IN (0, 3)) AS r WHERE kept <= ` + strconv.Itoa(filter.PerDay) + `)`
	c.args = w.args
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
