package storecopy_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite"

	"flashback/postgres/pgtest"
	"flashback/stores"
)

// schemaChanges bend a migrated database's record of its schema.
var schemaChanges = []struct {
	name, sql, err string
}{
	{"Behind", `DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)`,
		"run flashback migrate on it first"},
	{"Ahead", `INSERT INTO schema_migrations (version, name, applied_at) SELECT 999, '999_future.sql', applied_at FROM schema_migrations LIMIT 1`,
		"upgrade Flashback"},
	{"NotFlashback", `DROP TABLE schema_migrations`, "not a Flashback database"},
}

// A source is read as it is or not at all: its schema must be this
// program's, and copying never migrates it.
func TestOpenCopySource_SQLite(t *testing.T) {
	t.Run("Missing", func(t *testing.T) {
		_, err := stores.OpenCopySource("sqlite:" + filepath.Join(t.TempDir(), "none.db"))
		if err == nil || !strings.Contains(err.Error(), "no database at") {
			t.Fatalf("OpenCopySource = %v, want no database", err)
		}
	})
	for _, tt := range schemaChanges {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "site.db")
			openStores(t, path).Close()
			db, err := sql.Open("sqlite", path)
			must(t, err)
			_, err = db.Exec(tt.sql)
			must(t, err)
			must(t, db.Close())
			_, err = stores.OpenCopySource(path)
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("OpenCopySource = %v, want an error with %q", err, tt.err)
			}
		})
	}
}

func TestOpenCopySource_Postgres(t *testing.T) {
	for _, tt := range schemaChanges {
		t.Run(tt.name, func(t *testing.T) {
			dsn := pgtest.DSN(t)
			openStores(t, dsn).Close()
			conn, err := pgx.Connect(context.Background(), dsn)
			must(t, err)
			_, err = conn.Exec(context.Background(), tt.sql)
			must(t, err)
			must(t, conn.Close(context.Background()))
			_, err = stores.OpenCopySource(dsn)
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("OpenCopySource = %v, want an error with %q", err, tt.err)
			}
		})
	}
}
