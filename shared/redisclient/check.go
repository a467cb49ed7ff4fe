package redisclient

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// CheckTimeout bounds Check.
const CheckTimeout = time.Second

// ErrRefused means Redis (or its TLS handshake) refused the client for a
// reason that no retry mends: the configuration or the secrets are
// wrong.
var ErrRefused = errors.New("redis refused the client")

// Check sends one PING, within CheckTimeout, and tells a configuration
// that cannot work: it returns an error wrapping ErrRefused, naming the
// cause, when Redis refuses the credentials, its certificate is not
// trusted, TLS is on one side only, or the Sentinels know no such
// primary. An unreachable Redis says nothing of the configuration: Check
// logs it to log (a warning) and returns nil, the client going on behind
// its breaker. TLS on the client's side alone is told only when the
// server answers the handshake with something; a plain-text client at a
// TLS port looks like an unreachable Redis (the server hangs up), and so
// does a TLS client at a plain port that stays silent (it times out).
func (c *Client) Check(ctx context.Context, log *slog.Logger) error {
	ctx, cancel := context.WithTimeout(ctx, CheckTimeout)
	defer cancel()
	err := c.Ping(ctx).Err()
	if err == nil {
		return nil
	}
	if cause := refusal(err); cause != "" {
		return fmt.Errorf("%w: %s: %v", ErrRefused, cause, err)
	}
	log.WarnContext(ctx, "Redis not reachable at start; going on behind its breaker", "err", err)
	return nil
}

// refusals tell a refusal by what its error says. They are read from the
// text because the Sentinel client joins the Sentinels' errors into
// text, types lost.
var refusals = []struct{ marker, cause string }{
	{"unreachable: WRONGPASS", "the Sentinels refused the password (secret redis-sentinel-password)"},
	{"unreachable: NOAUTH", "the Sentinels want a password (secret redis-sentinel-password)"},
	{"WRONGPASS", "wrong user or password (secrets redis-username, redis-password)"},
	{"NOAUTH", "Redis wants a password (secret redis-password)"},
	{"NOPERM", "the user may not run the order center's commands (see its ACL)"},
	{"x509: ", "the server's certificate is not trusted for its address (secret redis-ca.crt)"},
	{"first record does not look like a TLS handshake", "the server does not speak TLS there (rediss:// or redis-ca.crt for a plain-text port)"},
	{"remote error: tls: ", "the server refused the TLS handshake (client certificates are not supported)"},
	{"redis: nil", "the Sentinels know no primary of that name (REDIS_SENTINEL_MASTER)"},
}

// refusal is the cause of a refusal, or "" when err is none.
func refusal(err error) string {
	msg := err.Error()
	for _, r := range refusals {
		if strings.Contains(msg, r.marker) {
			return r.cause
		}
	}
	return ""
}
