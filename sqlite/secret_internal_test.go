package sqlite

import (
	"bytes"
	"context"
	"io/fs"
	"testing"
	"testing/fstest"

	"flashback/migration"
)

// Keys made before migration 011, in the site_keys table it folds into
// secrets, come out of SecretStore unchanged, so an upgrade voids no CSRF
// token and resets no rate limit; the secrets made there stay too.
func TestMigrate_SiteKeysJoinSecrets(t *testing.T) {
	ctx := context.Background()
	db := openBare(t)
	if err := migrate(ctx, db, migrationsBefore(t, 11)); err != nil {
		t.Fatal(err)
	}
	csrf, links := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	if _, err := db.write.Exec(`INSERT INTO site_keys (name, key, created_at) VALUES ('csrf', ?, '')`, csrf); err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.Exec(`INSERT INTO secrets (name, value, created_at) VALUES ('newsletter-links', ?, '')`, links); err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, migrationFS); err != nil {
		t.Fatal(err)
	}
	secrets := NewSecretStore(db)
	for name, want := range map[string][]byte{"csrf": csrf, "newsletter-links": links} {
		got, err := secrets.Secret(ctx, name)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("Secret(%q) = %x, %v; want %x", name, got, err, want)
		}
	}
	if tableExists(t, db, "site_keys") {
		t.Error("site_keys is still there")
	}
}

// migrationsBefore returns the embedded migrations numbered below v.
func migrationsBefore(t *testing.T, v int) fs.FS {
	t.Helper()
	ms, err := migration.Load(migrationFS)
	if err != nil {
		t.Fatal(err)
	}
	out := fstest.MapFS{}
	for _, m := range ms {
		if m.Version < v {
			out["migrations/"+m.Name] = &fstest.MapFile{Data: []byte(m.SQL)}
		}
	}
	return out
}
