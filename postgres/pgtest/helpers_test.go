package pgtest_test

import (
	"context"
	"crypto/rand"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"flashback/postgres/pgtest"
)

func randomKey(t *testing.T) string {
	t.Helper()
	return strings.ToLower(rand.Text()[:12])
}

// dropTemplate removes a template this test made; templates are otherwise
// kept for the next run.
func dropTemplate(t *testing.T, name string) {
	conn, err := pgx.Connect(context.Background(), os.Getenv(pgtest.EnvVar))
	if err != nil {
		t.Error(err)
		return
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		t.Error(err)
	}
}
