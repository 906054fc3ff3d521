package http

import (
	"errors"
	"io"
	"net/http"
)

// limitedBody is a request body under http.MaxBytesReader that remembers
// whether a read ran into the limit.
type limitedBody struct {
	io.ReadCloser
	over bool
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var tooBig *http.MaxBytesError
	if err != nil && errors.As(err, &tooBig) {
		b.over = true
	}
	return n, err
}

// limitWriter answers 413 in place of the handler's response when the
// handler's reading ran into the body limit: whatever the handler made of
// its cut-off input (an unreadable form, a missing CSRF token), the reason
// is the size. Once the response has started it is left alone.
type limitWriter struct {
	http.ResponseWriter
	body     *limitedBody
	tooLarge func(http.ResponseWriter)
	started  bool // the status has been decided
	replaced bool // it was the 413: the handler's writes are dropped
}

func (w *limitWriter) WriteHeader(code int) {
	switch {
	case w.replaced:
		return
	case !w.started && w.body.over:
		w.started, w.replaced = true, true
		h := w.ResponseWriter.Header()
		for _, k := range []string{"Location", "Content-Length", "Content-Disposition", "Content-Encoding", "ETag", "Last-Modified"} {
			h.Del(k)
		}
		w.tooLarge(w.ResponseWriter)
		return
	}
	w.started = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *limitWriter) Write(p []byte) (int, error) {
	if !w.started {
		w.WriteHeader(http.StatusOK)
	}
	if w.replaced {
		return len(p), nil
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *limitWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
