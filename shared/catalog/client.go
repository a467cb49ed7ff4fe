package catalog

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults of a Client.
const (
	// DefaultTimeout bounds one call when the caller's context sets no
	// earlier deadline. Callers on a trade path set their own, shorter one.
	DefaultTimeout = 2 * time.Second
	// DefaultMaxBodyBytes caps the body of one answer (1 MiB); a longer
	// answer is an ErrBadResponse.
	DefaultMaxBodyBytes = 1 << 20
	// DefaultMaxIdleConnsPerHost is how many idle connections to the
	// catalog the default transport keeps for concurrent calls (the
	// standard library keeps 2, which makes a busy function reconnect).
	DefaultMaxIdleConnsPerHost = 64
)

// Client calls the catalog service over HTTP. It is safe for concurrent
// use; create one per process and share it.
type Client struct {
	base    string // scheme://host[/path], escaped, no trailing slash
	http    *http.Client
	maxBody int64
}

// Option changes a Client built by New.
type Option func(*Client) error

// WithHTTPClient makes the client send its requests through hc, for
// example one with its own transport or tracing. The default is an
// http.Client with DefaultTimeout over a copy of http.DefaultTransport
// keeping DefaultMaxIdleConnsPerHost idle connections.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("nil http client")
		}
		c.http = hc
		return nil
	}
}

// WithMaxBodyBytes caps the body of one answer at n bytes instead of
// DefaultMaxBodyBytes.
func WithMaxBodyBytes(n int64) Option {
	return func(c *Client) error {
		if n <= 0 {
			return fmt.Errorf("max body bytes %d: must be positive", n)
		}
		c.maxBody = n
		return nil
	}
}

// New returns a client for the catalog at baseURL, an absolute http or
// https URL that may end in a path prefix (the local runner's built-in
// catalog is under /sandbox/catalog). It connects to nothing.
func New(baseURL string, opts ...Option) (*Client, error) {
	base, err := parseBase(baseURL)
	if err != nil {
		return nil, fmt.Errorf("catalog client: %w", err)
	}
	c := &Client{
		base:    base,
		http:    defaultHTTPClient(),
		maxBody: DefaultMaxBodyBytes,
	}
	for _, opt := range opts {
		if err := opt(c); err != nil {
			return nil, fmt.Errorf("catalog client: %w", err)
		}
	}
	return c, nil
}

// defaultHTTPClient returns the client New uses without WithHTTPClient.
func defaultHTTPClient() *http.Client {
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok { // replaced by the program, for example for tracing: keep it
		return &http.Client{Timeout: DefaultTimeout}
	}
	t := base.Clone()
	t.MaxIdleConnsPerHost = DefaultMaxIdleConnsPerHost
	return &http.Client{Timeout: DefaultTimeout, Transport: t}
}

// parseBase checks baseURL and returns it escaped, without a trailing
// slash.
func parseBase(baseURL string) (string, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return "", fmt.Errorf("base url: %w", err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("base url %q: scheme must be http or https", baseURL)
	case u.Host == "":
		return "", fmt.Errorf("base url %q: no host", baseURL)
	case u.User != nil:
		return "", fmt.Errorf("base url: must not hold credentials")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "", fmt.Errorf("base url %q: must have no query or fragment", baseURL)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// BaseURL returns the catalog's base URL as the client uses it.
func (c *Client) BaseURL() string { return c.base }

// pathID escapes one id as a path segment. ok is false for ids that
// cannot name a catalog entry: empty, "." and "..", which a server would
// clean out of the path.
func pathID(id string) (seg string, ok bool) {
	if id == "" || id == "." || id == ".." {
		return "", false
	}
	return url.PathEscape(id), true
}
