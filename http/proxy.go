package http

import (
	"net/http"
	"net/netip"
	"strings"
)

// ParsePrefixes reads a comma-separated list of addresses and CIDR prefixes
// ("10.0.0.0/8, 127.0.0.1"), as FLASHBACK_TRUSTED_PROXIES gives them.
func ParsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if p, err := netip.ParsePrefix(item); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(item)
		if err != nil {
			return nil, err
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// realClient makes r.RemoteAddr the reader's address when the request came
// through one of the trusted proxies, so that every per-client limit counts
// readers rather than the proxy. X-Forwarded-For is read from the right,
// skipping trusted hops: the first untrusted address is the one the nearest
// trusted proxy saw, and anything left of it may be forged by the client.
// From any other peer the header is ignored.
func (s *Server) realClient(next http.Handler) http.Handler {
	if len(s.TrustedProxies) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if addr, ok := s.forwardedFor(r); ok {
			r.RemoteAddr = netip.AddrPortFrom(addr, 0).String()
		}
		next.ServeHTTP(w, r)
	})
}

// forwardedFor walks the X-Forwarded-For hops from the right, over every
// line of the header, in place: every request through a proxy passes
// here, and splitting the lists into slices cost allocations on each.
func (s *Server) forwardedFor(r *http.Request) (netip.Addr, bool) {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil || !s.trusted(peer.Addr()) {
		return netip.Addr{}, false
	}
	lines := r.Header["X-Forwarded-For"]
	for i := len(lines) - 1; i >= 0; i-- {
		rest := lines[i]
		for {
			hop := rest
			cut := strings.LastIndexByte(rest, ',')
			if cut >= 0 {
				hop, rest = rest[cut+1:], rest[:cut]
			}
			a, err := netip.ParseAddr(strings.TrimSpace(hop))
			if err != nil {
				return netip.Addr{}, false
			}
			if !s.trusted(a) {
				return a.Unmap(), true
			}
			if cut < 0 {
				break
			}
		}
	}
	return netip.Addr{}, false
}

func (s *Server) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
