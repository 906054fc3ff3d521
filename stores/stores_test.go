package stores_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"flashback"
	"flashback/postgres/pgtest"
	"flashback/stores"
)

func TestBackendOf(t *testing.T) {
	tests := []struct {
		name, dsn string
		want      stores.Backend
		err       string // part of the error; "" for none
	}{
		{"PlainPath", "data/flashback.db", stores.SQLite, ""},
		{"AbsolutePath", "/var/lib/flashback/flashback.db", stores.SQLite, ""},
		{"SQLiteURL", "sqlite:data/flashback.db", stores.SQLite, ""},
		{"SQLiteSlashes", "sqlite:///var/lib/flashback.db", stores.SQLite, ""},
		{"FileURL", "file:flashback.db", stores.SQLite, ""},
		{"Postgres", "postgres://flashback:secret@db.internal/flashback", stores.Postgres, ""},
		{"PostgresQL", "postgresql://db.internal/flashback", stores.Postgres, ""},
		{"UpperCaseScheme", "POSTGRES://db.internal/flashback", stores.Postgres, ""},
		{"UnknownScheme", "mysql://root:hunter2@db/flashback", "", `"mysql://root:xxxxx@db/flashback" is not supported`},
		{"UpperCaseSQLite", "SQLITE:data/flashback.db", stores.SQLite, ""},
		{"PathWithColon", "./postgres:x.db", stores.SQLite, ""},
		{"MemoryPath", ":memory:", stores.SQLite, ""},
		// What would otherwise open a new SQLite file named after it.
		{"PostgresOneSlash", "postgres:/fb:hunter2@127.0.0.1/fb1", "", "starts with postgres://"},
		{"PostgresNoSlash", "postgresql:fb@db/fb", "", "starts with postgresql://"},
		{"SchemeWithoutSlashes", "mysql:root@db", "", `scheme "mysql" is not supported`},
		{"KeyValue", "host=127.0.0.1 port=5432 user=u password=hunter2 dbname=x", "", "key=value form"},
		{"KeyValueDatabaseFirst", "dbname=x host=db", "", "key=value form"},
		{"PasswordInQuery", "mysql://db/flashback?password=hunter2", "", "password=xxxxx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := stores.BackendOf(tt.dsn)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("BackendOf(%q) = %q, %v; want an error with %q", tt.dsn, got, err, tt.err)
				}
				if strings.Contains(err.Error(), "hunter2") {
					t.Errorf("the error shows the password: %v", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("BackendOf(%q) = %q, %v; want %q", tt.dsn, got, err, tt.want)
			}
		})
	}
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		dsn  func(t *testing.T) string
	}{
		{"PlainPath", func(*testing.T) string { return filepath.Join(dir, "a", "flashback.db") }},
		{"SQLiteURL", func(*testing.T) string { return "sqlite:" + filepath.Join(dir, "b.db") }},
		// Without a server this case skips, saying how to give it one.
		{"Postgres", func(t *testing.T) string { return pgtest.DSN(t) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dsn := tt.dsn(t)
			st, err := stores.Open(dsn, nil)
			if err != nil {
				t.Fatalf("Open(%q): %v", dsn, err)
			}
			defer st.Close()
			ctx := context.Background()
			if err := st.DB.Ping(ctx); err != nil {
				t.Fatal(err)
			}
			cats, err := st.Events.Categories(ctx)
			if err != nil || len(cats) == 0 {
				t.Errorf("a fresh database has categories %v, %v; want the well-known ones", cats, err)
			}
			assertComplete(t, st)
		})
	}
}

// A PostgreSQL that cannot be reached is an error that names the server
// but never shows the password.
func TestOpen_PostgresErrorHidesPassword(t *testing.T) {
	for _, dsn := range []string{
		"postgres://flashback:secret@127.0.0.1:1/flashback?connect_timeout=5",
		"postgres://flashback@127.0.0.1:1/flashback?connect_timeout=5&password=secret",
	} {
		st, err := stores.Open(dsn, nil)
		if err == nil {
			st.Close()
			t.Fatal("Open succeeded on a port nothing listens on")
		}
		if strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "127.0.0.1") {
			t.Errorf("error %q: want the host and no password", err)
		}
	}
}

// assertComplete fails when a backend left a store of the bundle unset,
// which would only show as a nil dereference where it is used.
func assertComplete(t *testing.T, st *flashback.Stores) {
	t.Helper()
	v := reflect.ValueOf(st).Elem()
	for i := range v.NumField() {
		if v.Field(i).IsNil() {
			t.Errorf("Stores.%s is not set", v.Type().Field(i).Name)
		}
	}
}

func TestRestore_PostgresRefused(t *testing.T) {
	_, err := stores.Restore(context.Background(), filepath.Join(t.TempDir(), "backup.db"),
		"postgres://flashback:secret@127.0.0.1/flashback")
	if !errors.Is(err, stores.ErrPostgresRestore) {
		t.Errorf("Restore = %v, want ErrPostgresRestore", err)
	}
}

func TestSameDatabase(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "site.db")
	st, err := stores.Open(file, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	other := filepath.Join(dir, "other.db")
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"SameText", "postgres://db/site", " postgres://db/site", true},
		{"FileAndURL", file, "sqlite:" + file, true},
		{"RelativeSpelling", file, filepath.Join(dir, ".", "site.db"), true},
		{"OtherFile", file, other, false},
		{"OtherPostgres", "postgres://db/site", "postgres://db/copy", false},
		{"SQLiteAndPostgres", file, "postgres://db/site", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stores.SameDatabase(tt.a, tt.b); got != tt.want {
				t.Errorf("SameDatabase(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}
