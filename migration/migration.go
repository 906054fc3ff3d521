// Package migration reads a store's numbered schema migrations and checks
// them against the ones a database has applied. Each store applies them in
// its own way (one transaction each); the rules of numbering and refusing
// are the same for all, so they live here once.
package migration

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migration is one numbered schema change, from migrations/NNN_name.sql.
type Migration struct {
	Version int
	Name    string // the file's name
	SQL     string
}

// Load reads and orders the migrations in fsys/migrations. Numbers must be
// unique; gaps are allowed so that a removed draft leaves no hole to fill.
func Load(fsys fs.FS) ([]Migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	var ms []Migration
	seen := map[int]string{}
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %q: name must be NNN_name.sql", base)
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %q and %q share number %d", prev, base, v)
		}
		seen[v] = base
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read migration %q: %w", base, err)
		}
		ms = append(ms, Migration{Version: v, Name: base, SQL: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	return ms, nil
}

// CheckKnown refuses a database that has applied a migration not in ms:
// running old code on a newer schema could damage what it does not
// understand.
func CheckKnown(applied map[int]bool, ms []Migration) error {
	known := map[int]bool{}
	for _, m := range ms {
		known[m.Version] = true
	}
	for v := range applied {
		if !known[v] {
			return fmt.Errorf("database schema has migration %d, which this program does not know (it knows up to %d): upgrade Flashback before opening this database", v, Last(ms))
		}
	}
	return nil
}

// Pending returns the migrations of ms not yet applied, in order. One
// numbered below the last applied still counts when it was never applied,
// as happens when branches each add one.
func Pending(applied map[int]bool, ms []Migration) []Migration {
	var out []Migration
	for _, m := range ms {
		if !applied[m.Version] {
			out = append(out, m)
		}
	}
	return out
}

// Last returns the highest version in ordered ms, 0 for none.
func Last(ms []Migration) int {
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// ErrBehind marks a database whose schema lacks migrations this program
// has.
var ErrBehind = errors.New("database schema is behind this program")

// CheckCurrent refuses a database whose schema is not exactly ms: one
// ahead, as CheckKnown does, or one behind, for work that must not change
// a schema but needs it current (reading a site out of it, say).
func CheckCurrent(applied map[int]bool, ms []Migration) error {
	if err := CheckKnown(applied, ms); err != nil {
		return err
	}
	if p := Pending(applied, ms); len(p) > 0 {
		return fmt.Errorf("%w: it lacks %d migration(s), from %s on; run flashback migrate on it first",
			ErrBehind, len(p), p[0].Name)
	}
	return nil
}
