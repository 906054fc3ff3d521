package postgres

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"flashback/migration"
	"flashback/migration/migrationtest"
	"flashback/postgres/pgtest"
)

// openBare connects to a fresh database without migrating it, so a test can
// run the migrator on migrations of its own.
func openBare(t *testing.T) *DB {
	t.Helper()
	db := NewDB(pgtest.DSN(t))
	pool, err := pgxpool.New(context.Background(), db.DSN)
	if err != nil {
		t.Fatal(err)
	}
	db.pool = pool
	t.Cleanup(func() { db.Close() })
	return db
}

func tableExists(t *testing.T, db *DB, name string) bool {
	t.Helper()
	var exists bool
	err := db.pool.QueryRow(context.Background(), `SELECT to_regclass($1) IS NOT NULL`, name).Scan(&exists)
	if err != nil {
		t.Fatal(err)
	}
	return exists
}

func TestMigrate_FreshOpen(t *testing.T) {
	db := NewDB(pgtest.DSN(t))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ms, err := migration.Load(migrationFS)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v == 0 || v != migration.Last(ms) {
		t.Errorf("schema version %d, want %d", v, migration.Last(ms))
	}
	for _, table := range []string{"categories", "events", "content_version", "subscribers", "deliveries", "users", "leases"} {
		if !tableExists(t, db, table) {
			t.Errorf("table %s missing", table)
		}
	}
	// A 2xx must mean the write is on disk, whatever the server's default.
	var sync string
	if err := db.pool.QueryRow(ctx, `SHOW synchronous_commit`).Scan(&sync); err != nil || sync != "on" {
		t.Errorf("synchronous_commit = %q (%v), want on", sync, err)
	}
}

func TestMigrate_ReopenIsNoop(t *testing.T) {
	dsn := pgtest.DSN(t)
	applied := func() string {
		db := NewDB(dsn)
		db.Now = func() time.Time { return time.Now().Add(time.Hour) } // a second run would show
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var out string
		err := db.pool.QueryRow(context.Background(),
			`SELECT string_agg(version || '@' || applied_at, ',' ORDER BY version) FROM schema_migrations`).Scan(&out)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	first := applied()
	if second := applied(); second != first {
		t.Errorf("reopen changed schema_migrations from %s to %s", first, second)
	}
}

func TestMigrate_NewerSchemaRefused(t *testing.T) {
	dsn := pgtest.DSN(t)
	db := NewDB(dsn)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	_, err := db.pool.Exec(context.Background(),
		`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '999_future.sql', now())`)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = NewDB(dsn)
	err = db.Open()
	if err == nil {
		db.Close()
		t.Fatal("Open accepted a database from a newer version")
	}
	if !strings.Contains(err.Error(), "migration 999") || !strings.Contains(err.Error(), "upgrade") {
		t.Errorf("error %q does not say what is wrong and what to do", err)
	}
	if db.pool != nil {
		t.Error("refused Open left the pool open")
	}
}

func TestMigrate_Runner(t *testing.T) {
	migrationtest.Run(t, func(t *testing.T) migrationtest.Runner {
		db := openBare(t)
		return migrationtest.Runner{
			Migrate:  func(ctx context.Context, fsys fs.FS) error { return migrate(ctx, db, fsys) },
			Version:  db.SchemaVersion,
			HasTable: func(name string) bool { return tableExists(t, db, name) },
		}
	})
	t.Run("ConcurrentOpens", func(t *testing.T) {
		// Instances started together must not both apply a migration.
		dsn := pgtest.DSN(t)
		errs := make(chan error, 3)
		for range 3 {
			go func() {
				db := NewDB(dsn)
				err := db.Open()
				db.Close()
				errs <- err
			}()
		}
		for range 3 {
			if err := <-errs; err != nil {
				t.Error(err)
			}
		}
	})
}
