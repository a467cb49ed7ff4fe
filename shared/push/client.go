package push

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

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
	// Now is the clock (default time.Now).
	Now func() time.Time
}

func (c *Config) setDefaults() {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxAnswerBytes <= 0 {
		c.MaxAnswerBytes = DefaultMaxAnswerBytes
	}
	if c.MaxRetryAfter <= 0 {
		c.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	c.Breaker = c.Breaker.WithDefaults(breaker.Config{OpenFor: DefaultBreakerOpenFor, Now: c.Now})
}

// validate checks the defaulted config.
func (c *Config) validate() error {
	if !httpcall.ValidBaseURL(c.URL) {
		return errors.New("push gateway URL: want http(s)://host[/path]")
	}
	return nil
}

// Client sends pushes to one gateway. It is safe for concurrent use; keep
// one per gateway, since its circuit breaker learns from every call.
type Client struct {
	cfg      Config
	endpoint string
	caller   httpcall.Caller
	breaker  *breaker.Breaker
}

// NewClient returns a Client of the gateway at cfg.URL. It makes no call.
func NewClient(cfg Config) (*Client, error) {
	cfg.setDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return &Client{cfg: cfg, endpoint: strings.TrimSuffix(cfg.URL, "/") + "/push",
		caller:  httpcall.Caller{Client: cfg.HTTPClient, Timeout: cfg.Timeout, MaxAnswerBytes: cfg.MaxAnswerBytes},
		breaker: breaker.New("push gateway", cfg.Breaker)}, nil
}

// Send posts n with Idempotency-Key n.NotificationID. It returns nil once
// the gateway took it (2xx); otherwise an error wrapping ErrUnavailable
// (send it again later; see RetryAfter) or ErrRejected (never send it
// again), and the cause: a *StatusError, a network error, or
// ErrCircuitOpen.
func (c *Client) Send(ctx context.Context, n Notification) error {
	if err := n.Validate(); err != nil {
		return fmt.Errorf("push %s: %w: %w", n.NotificationID, ErrRejected, err)
	}
	record, err := c.breaker.Allow()
	if err != nil {
		return fmt.Errorf("push %s: %w: %w", n.NotificationID, ErrUnavailable, refused(err))
	}
	err = c.post(ctx, n)
	record(breaker.Judge(ctx, err, isRejection))
	if err != nil {
		return fmt.Errorf("push %s: %w", n.NotificationID, err)
	}
	return nil
}

// post makes the call and maps its outcome.
func (c *Client) post(ctx context.Context, n Notification) error {
	body, err := json.Marshal(n)
	if err != nil {
		return fmt.Errorf("%w: encode: %w", ErrRejected, err)
	}
	answer, err := c.caller.Post(ctx, httpcall.Request{URL: c.endpoint, Body: body, IdempotencyKey: n.NotificationID})
	switch {
	case answer.Status == 0:
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	case err != nil && answer.Status/100 != 2:
		return fmt.Errorf("%w: read answer %d: %w", ErrUnavailable, answer.Status, err)
	}
	return c.outcome(answer)
}

// isRejection tells the breaker that a rejection is an answer: the
// gateway is up.
func isRejection(err error) bool { return errors.Is(err, ErrRejected) }
