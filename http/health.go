package http

import (
	"context"
	"net/http"
	"time"

	"flashback"
)

// StoreCheck returns a health check that asks the event store for its
// content version: cheap, and it fails when the database does.
func StoreCheck(store flashback.EventStore) func(context.Context) error {
	return func(ctx context.Context) error {
		_, err := store.ContentVersion(ctx)
		return err
	}
}

// health answers /healthz with a small JSON document. The reason for a
// failure goes to the log, not to whoever asks.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if s.Check != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.Check(ctx); err != nil {
			s.Logger.Error("health check failed", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"status":"unavailable"}` + "\n"))
			return
		}
	}
	_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
}
