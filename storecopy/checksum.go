package storecopy

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"math"
	"time"

	"flashback"
)

// Checksum hashes a table's rows, in the order they come, as canonical
// values: two stores that hold the same values give the same sum whatever
// types they keep them in, and a changed value changes it.
//
// Instants count to the microsecond. That is what PostgreSQL keeps, and
// what both stores stamp rows with; SQLite's text keeps nanoseconds, which
// a few instants from outside a transaction's clock carry (an instance's
// start): they matter only to the process that wrote them, and no process
// lives through a move.
type Checksum struct {
	table Table
	h     hash.Hash
	rows  int64
	buf   []byte
}

// NewChecksum starts the checksum of t's rows.
func NewChecksum(t Table) *Checksum {
	return &Checksum{table: t, h: sha256.New()}
}

// Add hashes row, or says why it is not a row of the table.
func (c *Checksum) Add(row Row) error {
	if len(row) != len(c.table.Columns) {
		return fmt.Errorf("%s: row of %d values for %d columns", c.table.Name, len(row), len(c.table.Columns))
	}
	b := c.buf[:0]
	for i, col := range c.table.Columns {
		var err error
		if b, err = appendValue(b, col, row[i]); err != nil {
			return fmt.Errorf("%s.%s: %w", c.table.Name, col.Name, err)
		}
	}
	c.buf = b
	c.h.Write(b)
	c.rows++
	return nil
}

// Rows returns how many rows were added.
func (c *Checksum) Rows() int64 { return c.rows }

// Sum returns the hash of the rows added, in hex.
func (c *Checksum) Sum() string { return hex.EncodeToString(c.h.Sum(nil)) }

// appendValue writes v with a tag byte and, where its length varies, a
// length prefix, so that no two rows run together into the same bytes.
func appendValue(b []byte, col Column, v any) ([]byte, error) {
	if v == nil {
		if !col.Null {
			return b, fmt.Errorf("NULL in a column that takes none")
		}
		return append(b, 'N'), nil
	}
	switch col.Kind {
	case Int:
		n, ok := v.(int64)
		return appendFixed(b, 'i', uint64(n)), check(ok, v, "int64")
	case Float:
		f, ok := v.(float64)
		return appendFixed(b, 'f', math.Float64bits(f)), check(ok, v, "float64")
	case Bool:
		t, ok := v.(bool)
		if t {
			return append(b, 't'), check(ok, v, "bool")
		}
		return append(b, 'F'), check(ok, v, "bool")
	case Time:
		t, ok := v.(time.Time)
		return appendFixed(b, 'T', uint64(t.UnixMicro())), check(ok, v, "time.Time")
	case Date:
		d, ok := v.(flashback.CivilDate)
		return appendFixed(b, 'D', uint64(d.Year)<<16|uint64(d.Month)<<8|uint64(d.Day)), check(ok, v, "flashback.CivilDate")
	case Bytes:
		p, ok := v.([]byte)
		return appendBytes(b, 'B', p), check(ok, v, "[]byte")
	case JSON:
		s, ok := v.(string)
		return appendBytes(b, 'J', canonicalJSON(s)), check(ok, v, "string")
	}
	s, ok := v.(string)
	return appendBytes(b, 'S', []byte(s)), check(ok, v, "string")
}

func check(ok bool, v any, want string) error {
	if !ok {
		return fmt.Errorf("value of type %T, not %s", v, want)
	}
	return nil
}

func appendFixed(b []byte, tag byte, v uint64) []byte {
	return binary.BigEndian.AppendUint64(append(b, tag), v)
}

func appendBytes(b []byte, tag byte, p []byte) []byte {
	b = binary.BigEndian.AppendUint64(append(b, tag), uint64(len(p)))
	return append(b, p...)
}

// canonicalJSON rewrites a JSON document so that the forms a store may
// give the same value in agree: PostgreSQL's jsonb orders keys its own
// way and spaces them, where SQLite keeps the text as written. Keys come
// out sorted, numbers as written; text that is not JSON stays as it is,
// so that it still compares.
func canonicalJSON(s string) []byte {
	if s == "" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return []byte(s)
	}
	out, err := json.Marshal(v)
	if err != nil {
		return []byte(s)
	}
	return out
}
