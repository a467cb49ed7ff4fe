package natsconn

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/ordercenter/ordercenter/shared/secrets"
)

// servers reads NATS_URL: the URLs it lists, each with a scheme, and
// whether one of them asks for TLS. It refuses an empty list, a URL
// nats.go cannot dial and credentials in a URL (they belong in the secret
// files).
func servers(raw string) (urls []string, tls bool, err error) {
	for s := range strings.SplitSeq(raw, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if !strings.Contains(s, "://") {
			s = "nats://" + s
		}
		u, err := url.Parse(s)
		if err != nil {
			return nil, false, fmt.Errorf("NATS_URL: %q is no URL", redact(s))
		}
		switch {
		case u.User != nil:
			return nil, false, fmt.Errorf("NATS_URL: %s holds credentials: put them in the secrets %s and %s (or %s, %s)",
				u.Redacted(), secrets.NATSUser, secrets.NATSPassword, secrets.NATSCreds, secrets.NATSNKey)
		case u.Hostname() == "":
			return nil, false, fmt.Errorf("NATS_URL: %s names no host", s)
		case u.Scheme != "nats" && u.Scheme != "tls" && u.Scheme != "ws" && u.Scheme != "wss":
			return nil, false, fmt.Errorf("NATS_URL: %s: the scheme must be nats, tls, ws or wss", s)
		}
		urls = append(urls, s)
		tls = tls || u.Scheme == "tls" || u.Scheme == "wss"
	}
	if len(urls) == 0 {
		return nil, false, errors.New("NATS_URL: no server")
	}
	return urls, tls, nil
}

// redact is raw with everything before an @ masked, for a URL too broken
// to parse.
func redact(raw string) string {
	if i := strings.LastIndex(raw, "@"); i >= 0 {
		return "***" + raw[i:]
	}
	return raw
}
