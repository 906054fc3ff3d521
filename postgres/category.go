package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"flashback"
)

// Categories returns every category in page order.
func (s *EventStore) Categories(ctx context.Context) ([]*flashback.Category, error) {
	rows, err := s.db.pool.Query(ctx,
		`SELECT slug, name, description, position FROM categories ORDER BY position, slug`)
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	cats, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*flashback.Category, error) {
		var c flashback.Category
		return &c, row.Scan(&c.Slug, &c.Name, &c.Description, &c.Position)
	})
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	return cats, nil
}

// ContentVersion returns a number that grows with every change readers
// could see; triggers in the schema keep it.
func (s *EventStore) ContentVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.pool.QueryRow(ctx, `SELECT version FROM content_version WHERE id = 1`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("read content version: %w", err)
	}
	return v, nil
}
