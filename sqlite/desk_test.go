package sqlite_test

import (
	"bytes"
	"context"
	"testing"

	"flashback/sqlite"
)

func TestSecretStore(t *testing.T) {
	db := MustOpenDB(t)
	secrets, ctx := sqlite.NewSecretStore(db), context.Background()
	k1, err := secrets.Secret(ctx, "csrf")
	if err != nil || len(k1) != 32 {
		t.Fatalf("Secret = %x, %v", k1, err)
	}
	k2, err := secrets.Secret(ctx, "csrf")
	if err != nil || !bytes.Equal(k1, k2) {
		t.Errorf("second Secret = %x, want the first %x", k2, k1)
	}
	other, _ := secrets.Secret(ctx, "other")
	if bytes.Equal(other, k1) {
		t.Error("two names share one key")
	}
}
