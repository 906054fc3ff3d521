package sqlite

import (
	"context"
	"fmt"

	"flashback"
)

// Categories returns every category in page order.
func (s *EventStore) Categories(ctx context.Context) ([]*flashback.Category, error) {
	rows, err := s.db.read.QueryContext(ctx,
		`SELECT slug, name, description, position FROM categories ORDER BY position, slug`)
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	defer rows.Close()
	var cats []*flashback.Category
	for rows.Next() {
		var c flashback.Category
		if err := rows.Scan(&c.Slug, &c.Name, &c.Description, &c.Position); err != nil {
			return nil, fmt.Errorf("read category: %w", err)
		}
		cats = append(cats, &c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	return cats, nil
}

// ContentVersion returns a number that grows with every change to events or
// categories; triggers in the schema keep it.
func (s *EventStore) ContentVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.read.QueryRowContext(ctx, `SELECT version FROM content_version WHERE id = 1`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("read content version: %w", err)
	}
	return v, nil
}
