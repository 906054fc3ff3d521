package pgtest_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"

	"flashback/postgres/pgtest"
)

func TestDSN_FreshDatabaseEachCall(t *testing.T) {
	a, b := pgtest.DSN(t), pgtest.DSN(t)
	if a == b {
		t.Fatalf("two calls gave one database: %s", a)
	}
	exec(t, a, `CREATE TABLE only_in_a (x integer)`)
	if tableExists(t, b, "only_in_a") {
		t.Error("a table made in one test database shows in another")
	}
}

func TestClone_SetupOncePerKey(t *testing.T) {
	var setups atomic.Int32
	setup := func(dsn string) error {
		setups.Add(1)
		conn, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			return err
		}
		defer conn.Close(context.Background())
		_, err = conn.Exec(context.Background(), `CREATE TABLE from_template (x integer)`)
		return err
	}
	// A key of this run's own, so that an earlier run's template is not
	// what is found.
	key := "pgtest_" + randomKey(t)
	first, second := pgtest.Clone(t, key, setup), pgtest.Clone(t, key, setup)
	if setups.Load() != 1 {
		t.Errorf("setup ran %d times for one key, want once", setups.Load())
	}
	for _, dsn := range []string{first, second} {
		if !tableExists(t, dsn, "from_template") {
			t.Errorf("%s lacks the template's table", dsn)
		}
	}
	exec(t, first, `DROP TABLE from_template`)
	if !tableExists(t, second, "from_template") {
		t.Error("a change to one clone shows in another")
	}
	t.Cleanup(func() { dropTemplate(t, "flashback_tmpl_"+key) })
}

func exec(t *testing.T, dsn, sql string) {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), sql); err != nil {
		t.Fatal(err)
	}
}

func tableExists(t *testing.T, dsn, name string) bool {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var ok bool
	if err := conn.QueryRow(context.Background(), `SELECT to_regclass($1) IS NOT NULL`, name).Scan(&ok); err != nil {
		t.Fatal(err)
	}
	return ok
}
