package natsconn

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
)

// Config names the NATS servers and where the client's secrets are.
type Config struct {
	// URL is one server or several, comma-separated (NATS_URL).
	URL string
	// Name names the connection on the servers: the process (a
	// function's name, "ocadmin", ...).
	Name string
	// SecretsDir holds the optional secret files (nats-creds, nats-nkey,
	// nats-user and nats-password, nats-ca.crt); empty: none are read.
	SecretsDir string
	// Log receives disconnections, reconnections and asynchronous errors
	// (nil: slog.Default()).
	Log *slog.Logger
}

// Timing of a connection, for functions that start cold.
const (
	// DialTimeout bounds each server's dial and handshake.
	DialTimeout = 2 * time.Second
	// ReconnectWait is the pause before trying a server again, plus
	// up to ReconnectJitter (ReconnectJitterTLS with TLS) so that many
	// clients do not come back at once.
	ReconnectWait      = 500 * time.Millisecond
	ReconnectJitter    = 250 * time.Millisecond
	ReconnectJitterTLS = time.Second
	// PingInterval and MaxPingsOut: a server silent for about
	// PingInterval x MaxPingsOut is given up for another.
	PingInterval = 10 * time.Second
	MaxPingsOut  = 3
	// firstErrorWait bounds the wait for the first dial's error once
	// Connect knows there is one (it comes from nats.go's goroutine).
	firstErrorWait = 5 * time.Second
)

// ErrRefused means NATS, or its TLS handshake, refused the client for a
// reason no retry mends: the configuration or the secrets are wrong.
var ErrRefused = errors.New("nats refused the client")

// Connect opens a connection to the servers of cfg.URL, proving the
// client with its secrets. When no server can be reached it returns the
// connection all the same, trying in the background (forever, across the
// servers), and logs a warning. It fails, naming the cause and wrapping
// ErrRefused, when the first dial meets a refusal (credentials refused,
// certificate not trusted, TLS on one side only); and, before any dial,
// when the URL or a secret is malformed or names two ways to
// authenticate.
func Connect(cfg Config) (*nats.Conn, error) {
	log := cfg.Log
	if log == nil {
		log = slog.Default()
	}
	urls, wantTLS, err := servers(cfg.URL)
	if err != nil {
		return nil, err
	}
	creds, err := readCredentials(cfg.SecretsDir)
	if err != nil {
		return nil, fmt.Errorf("nats: %w", err)
	}
	where := strings.Join(urls, ",")
	first := make(chan error, 1)
	opts := append(options(cfg.Name, log, first), creds.options(wantTLS)...)
	nc, err := nats.Connect(where, opts...)
	if err != nil {
		return nil, explain(where, creds.via, err)
	}
	if nc.IsConnected() {
		return nc, nil
	}
	err = awaitFirstError(first)
	if refusal(err, creds.via) != "" {
		nc.Close()
		return nil, explain(where, creds.via, err)
	}
	log.Warn("NATS not reachable at start; joining in the background", "servers", where, "err", err)
	return nc, nil
}

// options are those of every connection; the first dial's error, when it
// fails, goes to first.
func options(name string, log *slog.Logger, first chan<- error) []nats.Option {
	return []nats.Option{
		nats.Name(name),
		nats.Timeout(DialTimeout),
		nats.RetryOnFailedConnect(true),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(ReconnectWait),
		nats.ReconnectJitter(ReconnectJitter, ReconnectJitterTLS),
		nats.PingInterval(PingInterval),
		nats.NoCallbacksAfterClientClose(),
		nats.MaxPingsOutstanding(MaxPingsOut),
		nats.ReconnectErrHandler(func(_ *nats.Conn, err error) {
			select {
			case first <- err:
			default:
			}
		}),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			log.Warn("NATS disconnected; reconnecting", "err", err)
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			log.Info("NATS connected", "server", nc.ConnectedUrlRedacted())
		}),
		nats.ClosedHandler(func(nc *nats.Conn) {
			if err := nc.LastError(); err != nil {
				log.Error("NATS connection closed for good", "err", err)
			}
		}),
		nats.ErrorHandler(func(_ *nats.Conn, sub *nats.Subscription, err error) {
			subject := ""
			if sub != nil {
				subject = sub.Subject
			}
			log.Warn("NATS error", "subject", subject, "err", err)
		}),
	}
}

// options prove the client and set its TLS.
func (c credentials) options(wantTLS bool) []nats.Option {
	var opts []nats.Option
	if c.auth != nil {
		opts = append(opts, c.auth)
	}
	if t := c.tls(wantTLS); t != nil {
		opts = append(opts, nats.Secure(t))
	}
	return opts
}

// awaitFirstError is the error of the failed first dial, which nats.go
// hands to the reconnect handler as it starts trying in the background.
func awaitFirstError(first <-chan error) error {
	select {
	case err := <-first:
		return err
	case <-time.After(firstErrorWait):
		return nats.ErrNoServers
	}
}
