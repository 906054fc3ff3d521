// Command bare serves one file's bytes from memory with net/http and nothing
// else: the fastest a Go server can answer on this machine, the reference
// the today-page benchmark compares Flashback with.
package main

import (
	"flag"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	file := flag.String("file", "", "file whose bytes every response carries")
	headers := flag.String("headers", "", "optional file of response headers (curl -D output) to send as well")
	timeouts := flag.Bool("timeouts", false, "serve with Flashback's server timeouts (read, write, idle), which cost deadline updates on every request")
	flag.Parse()
	body, err := os.ReadFile(*file)
	if err != nil {
		log.Fatal(err)
	}
	extra, err := readHeaders(*headers)
	if err != nil {
		log.Fatal(err)
	}
	length := strconv.Itoa(len(body))
	htmlType := []string{"text/html; charset=utf-8"} // unless the headers file names another
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Content-Type"] = htmlType
		for k, v := range extra {
			h[k] = v
		}
		h.Set("Content-Length", length)
		w.Write(body)
	})
	srv := &http.Server{Addr: *addr, Handler: handler}
	if *timeouts {
		// The values of flashback/http.Server.Open: each sets a deadline
		// on the connection for every request, which a bare server skips.
		srv.ReadHeaderTimeout = 10 * time.Second
		srv.ReadTimeout = 30 * time.Second
		srv.WriteTimeout = 60 * time.Second
		srv.IdleTimeout = 120 * time.Second
	}
	log.Fatal(srv.ListenAndServe())
}

// readHeaders reads "Name: value" lines as curl -D writes them, so the
// reference can send the same headers as the server it is compared with
// (the load generator shares the machine: bigger responses cost it too).
func readHeaders(name string) (http.Header, error) {
	h := http.Header{}
	if name == "" {
		return h, nil
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok || strings.HasPrefix(k, "HTTP/") {
			continue
		}
		switch http.CanonicalHeaderKey(k) {
		case "Date", "Content-Length", "Connection":
			continue
		}
		h.Add(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	return h, nil
}
