package push

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/shared/breaker"
	"github.com/ordercenter/ordercenter/shared/httpcall"
)

// Defaults of Config.
const (
	// DefaultTimeout bounds one call: below the deadline of any function
	// that sends pushes, so that a slow gateway cannot use it all up.
	DefaultTimeout = 2 * time.Second
	// DefaultMaxAnswerBytes is how much of an answer's body is read.
	DefaultMaxAnswerBytes = 16 << 10
	// DefaultMaxRetryAfter caps the gateway's Retry-After.
	DefaultMaxRetryAfter = 5 * time.Minute
)

// Config is what a Client needs; only URL is required.
type Config struct {
	// URL is the gateway's base URL ($PUSH_GATEWAY_URL); pushes go to
	// URL + "/push".
	URL string
	// HTTPClient makes the calls; default one that does not follow
	// redirects (httpcall.NoRedirects). A given client should not follow
	// them either: a redirect answers ErrUnavailable only when it is
	// returned.
	HTTPClient *http.Client
	// Timeout bounds one call (default DefaultTimeout); the caller's
	// deadline applies when it is earlier.
	Timeout time.Duration
	// MaxAnswerBytes is how much of an answer's body is read (default
	// DefaultMaxAnswerBytes).
	MaxAnswerBytes int64
	// MaxRetryAfter caps the Retry-After reported (default
	// DefaultMaxRetryAfter).
	MaxRetryAfter time.Duration
	// Breaker configures the circuit breaker.
	Breaker BreakerConfig
	// Now is the clock that reads Retry-After dates (default time.Now).
	Now func() time.Time
	// TracerProvider makes the client span of each call (default the
	// global provider).
	TracerProvider trace.TracerProvider
}

// base is the httpcall configuration of cfg.
func (cfg Config) base() httpcall.Config {
	c := httpcall.Config{Name: "push gateway", BaseURL: cfg.URL, HTTPClient: cfg.HTTPClient,
		Timeout: cfg.Timeout, MaxAnswerBytes: cfg.MaxAnswerBytes, MaxRetryAfter: cfg.MaxRetryAfter, Now: cfg.Now, TracerProvider: cfg.TracerProvider,
		Breaker: cfg.Breaker.WithDefaults(breaker.Config{OpenFor: DefaultBreakerOpenFor})}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxAnswerBytes <= 0 {
		c.MaxAnswerBytes = DefaultMaxAnswerBytes
	}
	if c.MaxRetryAfter <= 0 {
		c.MaxRetryAfter = DefaultMaxRetryAfter
	}
	return c
}

// Client sends pushes to one gateway. It is safe for concurrent use; keep
// one per gateway, since its circuit breaker learns from every call.
type Client struct {
	http *httpcall.Client
}

// NewClient returns a Client of the gateway at cfg.URL. It makes no call.
func NewClient(cfg Config) (*Client, error) {
	hc, err := httpcall.New(cfg.base())
	if err != nil {
		return nil, fmt.Errorf("push gateway: %w", err)
	}
	return &Client{http: hc}, nil
}

// Send posts n with Idempotency-Key n.NotificationID. It returns nil once
// the gateway took it (2xx); otherwise an error wrapping ErrUnavailable
// (send it again later; see httpcall.RetryAfterOf) or ErrRejected (never
// send it again): an *httpcall.Error, or the notification's own problem.
func (c *Client) Send(ctx context.Context, n Notification) error {
	if err := n.Validate(); err != nil {
		return fmt.Errorf("push %s: %w: %w", n.NotificationID, ErrRejected, err)
	}
	body, err := json.Marshal(n)
	if err != nil {
		return fmt.Errorf("push %s: %w: encode: %w", n.NotificationID, ErrRejected, err)
	}
	_, err = c.http.Do(ctx, httpcall.Request{Method: http.MethodPost, Path: "/push", Body: body,
		IdempotencyKey: n.NotificationID})
	if err != nil {
		return fmt.Errorf("push %s: %w", n.NotificationID, err)
	}
	return nil
}
