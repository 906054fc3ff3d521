// Package pgtest gives each PostgreSQL test a database of its own on the
// server named by $FLASHBACK_TEST_POSTGRES, so that tests never see one
// another's rows and may run in parallel.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvVar names the server the tests may create databases on, as a URL.
const EnvVar = "FLASHBACK_TEST_POSTGRES"

// DSN creates an empty database for t and returns its URL; the database is
// dropped when t ends. Without $FLASHBACK_TEST_POSTGRES the test is skipped,
// or fails when $FLASHBACK_TEST_REQUIRE_ALL=1 (as scripts/test sets it), so a
// green full run means the PostgreSQL tests really ran.
func DSN(t testing.TB) string {
	t.Helper()
	return create(t, serverURL(t), "")
}

// serverURL returns $FLASHBACK_TEST_POSTGRES, or skips t without it.
func serverURL(t testing.TB) string {
	t.Helper()
	server := os.Getenv(EnvVar)
	if server == "" {
		const msg = "no PostgreSQL: run scripts/test, or scripts/postgres go test ./..., " +
			"or set " + EnvVar + " to a server URL whose user may create databases"
		if os.Getenv("FLASHBACK_TEST_REQUIRE_ALL") == "1" {
			t.Fatal(msg + " (FLASHBACK_TEST_REQUIRE_ALL=1, so this is a failure, not a skip)")
		}
		t.Skip(msg)
	}
	return server
}

// Clone is DSN with a head start: the new database is a copy of a template
// that setup prepared (migrated, say) once for every test and process that
// ask for the same key. The key must change whenever what setup does
// changes; a template for another key is never used. The key becomes part
// of a database name: at most 40 lower-case letters, digits or '_'.
func Clone(t testing.TB, key string, setup func(dsn string) error) string {
	t.Helper()
	server := serverURL(t)
	tmpl := "flashback_tmpl_" + key
	withLock(t, server, tmpl, func(conn *pgx.Conn) {
		var exists bool
		err := conn.QueryRow(context.Background(),
			`SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, tmpl).Scan(&exists)
		if err != nil {
			t.Fatal(err)
		}
		if exists {
			return
		}
		// Built under another name and renamed when complete, so that a
		// process killed halfway leaves no template that looks finished.
		build := tmpl + "_build"
		exec(t, conn, "DROP DATABASE IF EXISTS "+build+" WITH (FORCE)")
		exec(t, conn, "CREATE DATABASE "+build)
		if err := setup(withDB(t, server, build)); err != nil {
			t.Fatalf("prepare template %s: %v", tmpl, err)
		}
		exec(t, conn, "ALTER DATABASE "+build+" RENAME TO "+tmpl)
	})
	return create(t, server, tmpl)
}

// create makes a database with a random name, from template when not "",
// dropped when t ends.
func create(t testing.TB, server, template string) string {
	t.Helper()
	name := "flashback_test_" + randomHex(t)
	sql := "CREATE DATABASE " + name
	if template != "" {
		sql += " TEMPLATE " + template
	}
	admin(t, server, sql)
	t.Cleanup(func() {
		// FORCE ends connections a failed test left open.
		admin(t, server, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return withDB(t, server, name)
}

// withDB returns server's URL with the database name replaced.
func withDB(t testing.TB, server, name string) string {
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("%s: %v", EnvVar, err)
	}
	u.Path = "/" + name
	return u.String()
}

// withLock runs f holding an advisory lock named name on the server, so
// that concurrent test processes build a template once.
func withLock(t testing.TB, server, name string, f func(*pgx.Conn)) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatalf("connect to %s: %v", EnvVar, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(hashtext($1))`, name); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(ctx, `SELECT pg_advisory_unlock(hashtext($1))`, name)
	f(conn)
}

func exec(t testing.TB, conn *pgx.Conn, sql string) {
	t.Helper()
	if _, err := conn.Exec(context.Background(), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// admin runs one statement outside any transaction (CREATE DATABASE cannot
// run in one) on a connection of its own.
func admin(t testing.TB, server, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatalf("connect to %s: %v", EnvVar, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func randomHex(t testing.TB) string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
