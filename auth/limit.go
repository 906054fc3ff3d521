package auth

import (
	"net"
	"net/http"

	"flashback"
)

// ClientIP is the address of the client that sent r: the connection's
// peer. Forwarding headers are not trusted here, since anyone can send
// them; the server rewrites RemoteAddr for requests from trusted proxies.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// ClientKey is what per-client limits count: the address, or for IPv6 its
// /64 (see flashback.ClientKey).
func ClientKey(r *http.Request) string {
	return flashback.ClientKey(ClientIP(r))
}
