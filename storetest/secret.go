package storetest

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"flashback"
)

// testSecretStore runs the secrets' conformance cases against fresh stores.
func testSecretStore(t *testing.T, newStore func(t *testing.T) flashback.SecretStore) {
	cases := []struct {
		name string
		run  func(*testing.T, flashback.SecretStore)
	}{
		{"MadeOnFirstUse", testSecretMade},
		{"StableAcrossCalls", testSecretStable},
		{"NamesApart", testSecretNamesApart},
		{"RacingFirstUsesAgree", testSecretRace},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, newStore(t)) })
	}
}

func mustSecret(t *testing.T, s flashback.SecretStore, name string) []byte {
	t.Helper()
	v, err := s.Secret(context.Background(), name)
	if err != nil {
		t.Fatalf("Secret(%q): %v", name, err)
	}
	return v
}

func testSecretMade(t *testing.T, s flashback.SecretStore) {
	v := mustSecret(t, s, "csrf")
	if len(v) != 32 {
		t.Fatalf("secret of %d bytes, want 32", len(v))
	}
	if bytes.Equal(v, make([]byte, 32)) {
		t.Error("the secret is all zeros")
	}
}

func testSecretStable(t *testing.T, s flashback.SecretStore) {
	first := mustSecret(t, s, "newsletter-links")
	if again := mustSecret(t, s, "newsletter-links"); !bytes.Equal(first, again) {
		t.Errorf("second Secret = %x, want the first %x", again, first)
	}
}

func testSecretNamesApart(t *testing.T, s flashback.SecretStore) {
	if a, b := mustSecret(t, s, "csrf"), mustSecret(t, s, "rate-limits"); bytes.Equal(a, b) {
		t.Error("two names share one secret")
	}
}

// testSecretRace: instances starting together each ask for a secret never
// used; they must all sign with the same one.
func testSecretRace(t *testing.T, s flashback.SecretStore) {
	const n = 8
	got := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { got[i], errs[i] = s.Secret(context.Background(), "raced") })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("Secret %d: %v", i, errs[i])
		}
		if !bytes.Equal(got[i], got[0]) {
			t.Errorf("caller %d got %x, caller 0 %x", i, got[i], got[0])
		}
	}
}
