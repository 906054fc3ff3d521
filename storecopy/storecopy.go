// Package storecopy moves a whole site from one store to another (SQLite to
// PostgreSQL, or back) and proves the copy: every table's row count and a
// checksum of its canonical values must agree between the source and the
// target before the target's transaction commits.
//
// The two schemas are parallel but not alike: SQLite keeps instants as
// text, booleans as integers and JSON as text with "" for none, where
// PostgreSQL has timestamptz, boolean and jsonb with NULL. So each store
// reads and writes canonical values (Value), converting to and from its own
// column types; this package only moves and hashes them, and never sees a
// driver.
package storecopy

import (
	"context"
	"fmt"

	"flashback"
)

// Kind is what a column holds, whatever type a store gives it.
type Kind int

// Kinds, with the Go type of their canonical value.
const (
	Int   Kind = iota // int64
	Float             // float64
	Text              // string
	Bool              // bool
	Time              // time.Time, in UTC
	Date              // flashback.CivilDate
	Bytes             // []byte
	// JSON is a JSON document as text, "" for none: a store whose column
	// keeps NULL for none reads it as "" and writes "" as NULL.
	JSON // string
)

// Column is one column of a table.
type Column struct {
	Name string
	Kind Kind
	// Null says the column may be NULL, read as a nil value. (A JSON
	// column's none is "", not nil.)
	Null bool
}

// Table is a table both stores have, under the same name and columns.
type Table struct {
	Name    string
	Columns []Column
	// Key names the columns rows are read in order of, so that both
	// stores hand them over in the same order.
	Key []string
	// Serial names the column a store numbers new rows by ("" for none),
	// whose counter must pass the copied rows.
	Serial string
	// Seeded says the schema's migrations fill the table (default
	// categories, the content version), so rows in it do not make a
	// target non-empty; the copy replaces them.
	Seeded bool
}

// Column returns t's column name.
func (t Table) Column(name string) Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return Column{Name: name}
}

// Row is one row's canonical values, in the order of Table.Columns.
type Row []any

// Row makes a row of t from the values a driver read, in the order of
// t.Columns, with canonical turning each into its canonical value.
func (t Table) Row(vals []any, canonical func(Column, any) (any, error)) (Row, error) {
	row := make(Row, len(vals))
	for i, col := range t.Columns {
		var err error
		if row[i], err = canonical(col, vals[i]); err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t.Name, col.Name, err)
		}
	}
	return row, nil
}

// Reader reads a store's tables.
type Reader interface {
	// Count returns how many rows t holds.
	Count(ctx context.Context, t Table) (int64, error)
	// Rows calls fn with every row of t in the order of t.Key. fn may keep
	// the row.
	Rows(ctx context.Context, t Table, fn func(Row) error) error
}

// Snapshot is a Reader that sees the source as of one moment.
type Snapshot interface {
	Reader
	Close() error
}

// Writer is the target's one transaction: nothing it does is seen, or
// kept, until Commit.
type Writer interface {
	// Reader reads the transaction's own rows back, for verifying.
	Reader
	// Clear deletes every row of t.
	Clear(ctx context.Context, t Table) error
	// Insert adds rows to t as they are, keeping their keys.
	Insert(ctx context.Context, t Table, rows []Row) error
	// SetCounter moves the counter of t's Serial column past its rows,
	// so that the next row a store adds does not take a copied key.
	SetCounter(ctx context.Context, t Table) error
	Commit() error
	// Rollback undoes everything; after Commit it does nothing.
	Rollback() error
}

// Database is what a store's database offers a copy.
type Database interface {
	// Snapshot starts reading the database as of now.
	Snapshot(ctx context.Context) (Snapshot, error)
	// BeginCopy starts the one transaction that writes a copy.
	BeginCopy(ctx context.Context) (Writer, error)
}

// Store is one database a site is copied from or to.
type Store struct {
	// Stores are the database's stores, for what a copy settles first
	// through them (outcomes waiting in journals).
	Stores *flashback.Stores
	DB     Database
}

// Close closes the database.
func (s Store) Close() error { return s.Stores.Close() }
