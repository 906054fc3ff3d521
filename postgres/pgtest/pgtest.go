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
	server := os.Getenv(EnvVar)
	if server == "" {
		const msg = "no PostgreSQL: run scripts/test, or scripts/postgres go test ./..., " +
			"or set " + EnvVar + " to a server URL whose user may create databases"
		if os.Getenv("FLASHBACK_TEST_REQUIRE_ALL") == "1" {
			t.Fatal(msg + " (FLASHBACK_TEST_REQUIRE_ALL=1, so this is a failure, not a skip)")
		}
		t.Skip(msg)
	}
	name := "flashback_test_" + randomHex(t)
	admin(t, server, "CREATE DATABASE "+name)
	t.Cleanup(func() {
		// FORCE ends connections a failed test left open.
		admin(t, server, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("%s: %v", EnvVar, err)
	}
	u.Path = "/" + name
	return u.String()
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
