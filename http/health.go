package http

import (
	"context"
	"encoding/json"
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

// healthBody is what /healthz answers.
type healthBody struct {
	Status  string `json:"status"`
	Version string `json:"version,omitempty"`
}

// health answers /healthz with a small JSON document: the status and the
// build's version, so an operator can tell which build is answering. The
// reason for a failure goes to the log, not to whoever asks.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	body := healthBody{Status: "ok", Version: s.Version}
	if s.Check != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.Check(ctx); err != nil {
			s.Logger.Error("health check failed", "err", err)
			body.Status = "unavailable"
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}
	_ = json.NewEncoder(w).Encode(body)
}
