package ratelimit

import (
	"net/netip"
	"strings"
)

// ClientAddress returns the client address to limit: from the
// X-Forwarded-For value xff, the entry trustedHops places left of the
// right-most one (0: the right-most, which the gateway appended); when
// xff has no such entry, peer (host or host:port, "" when unknown). The
// result is a normalised IP; IPv6 addresses are cut to their /64, since
// one client commonly holds a whole /64. It is "" when no valid address
// is found.
func ClientAddress(xff string, trustedHops int, peer string) string {
	if xff != "" {
		parts := strings.Split(xff, ",")
		if i := len(parts) - 1 - max(trustedHops, 0); i >= 0 {
			if a := normalise(strings.TrimSpace(parts[i])); a != "" {
				return a
			}
		}
	}
	return normalise(peer)
}

func normalise(s string) string {
	if s == "" {
		return ""
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		s = ap.Addr().String()
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return ""
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}
