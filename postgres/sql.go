package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// commit commits tx. With synchronous_commit on (see Open) a nil error means
// the transaction is on the server's disk.
func commit(ctx context.Context, tx pgx.Tx) error {
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// uniqueViolation is PostgreSQL's SQLSTATE for a duplicate key.
const uniqueViolation = "23505"

// isUniqueViolation reports whether err is a duplicate key in constraint
// (any constraint when "").
func isUniqueViolation(err error, constraint string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == uniqueViolation &&
		(constraint == "" || pe.ConstraintName == constraint)
}

// nullString stores "" as NULL, for columns where NULL means "none" (so a
// unique index ignores it, or a JSON column holds no value).
func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// nullID stores 0 as NULL, for references to a row that may not exist (an
// editor for an automatic change, say).
func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
