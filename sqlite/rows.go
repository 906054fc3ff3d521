package sqlite

import (
	"database/sql"
	"fmt"
)

// collectRows scans every row of rows with scan and closes rows; what names
// the list in the error of a read that broke off. A list of none is empty,
// not nil.
func collectRows[T any](rows *sql.Rows, what string, scan func(rowScanner) (T, error)) ([]T, error) {
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// countRows reads rows of a key and a count, as a GROUP BY gives them, and
// closes rows; what names the count in errors.
func countRows[K ~string](rows *sql.Rows, what string) (map[K]int, error) {
	defer rows.Close()
	out := map[K]int{}
	for rows.Next() {
		var key string
		var n int
		if err := rows.Scan(&key, &n); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out[K(key)] = n
	}
	return out, rows.Err()
}
