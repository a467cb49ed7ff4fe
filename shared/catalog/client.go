package catalog

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/ordercenter/ordercenter/shared/breaker"
	"github.com/ordercenter/ordercenter/shared/httpcall"
)

// Defaults of a Client.
const (
	// DefaultTimeout bounds one call when the caller's context sets no
	// earlier deadline. Callers on a trade path set their own, shorter one.
	DefaultTimeout = 2 * time.Second
	// DefaultMaxBodyBytes caps the body of one answer (1 MiB); a longer
	// answer is an ErrBadResponse.
	DefaultMaxBodyBytes = 1 << 20
)

// name is the catalog's name in errors, its breaker and logs.
const name = "catalog"

// Client calls the catalog service over HTTP. It is safe for concurrent
// use; create one per process and share it.
type Client struct {
	http *httpcall.Client
}

// Option changes a Client built by New.
type Option func(*httpcall.Config) error

// WithHTTPClient makes the client send its requests through hc, for
// example one with its own transport or tracing; hc should follow no
// redirects. The default is httpcall's (see httpcall.NoRedirects).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *httpcall.Config) error {
		if hc == nil {
			return errors.New("nil http client")
		}
		c.HTTPClient = hc
		return nil
	}
}

// WithMaxBodyBytes caps the body of one answer at n bytes instead of
// DefaultMaxBodyBytes.
func WithMaxBodyBytes(n int64) Option {
	return func(c *httpcall.Config) error {
		if n <= 0 {
			return fmt.Errorf("max body bytes %d: must be positive", n)
		}
		c.MaxAnswerBytes = n
		return nil
	}
}

// WithBreaker shapes the client's circuit breaker (default
// breaker.Config{}: the package breaker's defaults).
func WithBreaker(b breaker.Config) Option {
	return func(c *httpcall.Config) error {
		c.Breaker = b
		return nil
	}
}

// WithTracerProvider makes the client span of each call with tp (the
// default is the global provider).
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *httpcall.Config) error {
		c.TracerProvider = tp
		return nil
	}
}

// New returns a client for the catalog at baseURL, an absolute http or
// https URL that may end in a path prefix (the local runner's built-in
// catalog is under /sandbox/catalog). It connects to nothing.
func New(baseURL string, opts ...Option) (*Client, error) {
	cfg := httpcall.Config{Name: name, BaseURL: baseURL, Timeout: DefaultTimeout, MaxAnswerBytes: DefaultMaxBodyBytes}
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return nil, fmt.Errorf("catalog client: %w", err)
		}
	}
	hc, err := httpcall.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("catalog client: %w", err)
	}
	return &Client{http: hc}, nil
}

// BaseURL returns the catalog's base URL as the client uses it.
func (c *Client) BaseURL() string { return c.http.BaseURL() }

// get sends GET base+path?query and returns the body of a 200 answer.
func (c *Client) get(ctx context.Context, path, query string) ([]byte, error) {
	ans, err := c.http.Do(ctx, httpcall.Request{Path: path, Query: query})
	if err != nil {
		return nil, err
	}
	if ans.StatusCode != http.StatusOK {
		return nil, c.http.Fail(ErrBadResponse, ans, "want 200")
	}
	return ans.Body, nil
}

// pathID escapes one id as a path segment. ok is false for ids that
// cannot name a catalog entry: empty, "." and "..", which a server would
// clean out of the path.
func pathID(id string) (seg string, ok bool) {
	if id == "" || id == "." || id == ".." {
		return "", false
	}
	return url.PathEscape(id), true
}
