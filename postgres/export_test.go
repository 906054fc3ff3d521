package postgres

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
)

// SchemaKey names the schema the embedded migrations make, so that tests
// share one migrated template per schema (see pgtest.Clone).
func SchemaKey() string {
	h := sha256.New()
	names, _ := fs.Glob(migrationFS, "migrations/*.sql")
	for _, name := range names {
		body, _ := fs.ReadFile(migrationFS, name)
		h.Write([]byte(name))
		h.Write(body)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
