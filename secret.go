package flashback

import "context"

// SecretStore keeps the site's named secrets: the keys that sign CSRF
// tokens and subscribers' links and that hide rate-limit keys. Kept in
// the store, they are the same on every instance and survive restarts, so
// that neither voids the tokens already handed out.
type SecretStore interface {
	// Secret returns the secret called name, 32 random bytes made on its
	// first use. Callers racing on that first use all get the same bytes.
	Secret(ctx context.Context, name string) ([]byte, error)
}
