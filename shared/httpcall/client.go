package httpcall

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/ordercenter/ordercenter/shared/breaker"
)

// Client calls one dependency (see the package documentation). It is
// safe for concurrent use; keep one per dependency, since its breaker
// learns from every call.
type Client struct {
	cfg     Config
	base    string
	breaker *breaker.Breaker
}

// New returns a client of the dependency cfg describes. It connects to
// nothing.
func New(cfg Config) (*Client, error) {
	cfg.setDefaults()
	base, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	cfg.HTTPClient = instrumented(cfg.HTTPClient, cfg.Name, cfg.TracerProvider, cfg.MeterProvider)
	return &Client{cfg: cfg, base: base, breaker: breaker.New(cfg.Name, cfg.Breaker)}, nil
}

// BaseURL returns the dependency's base URL as the client uses it.
func (c *Client) BaseURL() string { return c.base }

// Breaker returns the dependency's circuit breaker.
func (c *Client) Breaker() *breaker.Breaker { return c.breaker }

// Request is one call.
type Request struct {
	// Method is the HTTP method (default GET).
	Method string
	// Path follows the base URL, escaped, for example "/stores/s-1".
	Path string
	// Query is the raw query, without "?".
	Query string
	// Body, when set, is sent as JSON.
	Body []byte
	// IdempotencyKey, when set, is sent as the Idempotency-Key header.
	IdempotencyKey string
}

// Answer is a 2xx answer.
type Answer struct {
	// StatusCode is the HTTP status.
	StatusCode int
	// Header is the answer's header.
	Header http.Header
	// Body is the answer's body, at most MaxAnswerBytes.
	Body []byte
}

// Do makes the call under the breaker and the deadline, and returns the
// 2xx answer or an *Error (see the package documentation).
func (c *Client) Do(ctx context.Context, req Request) (Answer, error) {
	record, err := c.breaker.Allow()
	if err != nil {
		return Answer{}, c.refused(err)
	}
	ans, err := c.call(ctx, req)
	record(breaker.Judge(ctx, err, isAnswer))
	return ans, err
}

// isAnswer tells the breaker that a permanent failure is the
// dependency's answer: it is up.
func isAnswer(err error) bool { return errors.Is(err, ErrPermanent) }

// refused is the error of a call the breaker refused with err.
func (c *Client) refused(err error) *Error {
	wait := c.cfg.Breaker.OpenFor
	var open *breaker.OpenError
	if errors.As(err, &open) && open.RetryIn > 0 {
		wait = open.RetryIn
	}
	return &Error{Dependency: c.cfg.Name, Kind: ErrCircuitOpen, RetryAfter: wait,
		Detail: "too many failures in a row", Cause: err}
}

// call makes the request within the deadline and sorts its outcome.
func (c *Client) call(ctx context.Context, req Request) (Answer, error) {
	cctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	hreq, err := c.request(cctx, req)
	if err != nil {
		return Answer{}, &Error{Dependency: c.cfg.Name, Kind: ErrPermanent, Detail: "bad request", Cause: err}
	}
	resp, err := c.cfg.HTTPClient.Do(hreq)
	if err != nil {
		return Answer{}, c.noAnswer(ctx, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.cfg.MaxAnswerBytes+1))
	return c.outcome(ctx, resp, body, err)
}

// request builds the HTTP request of req.
func (c *Client) request(ctx context.Context, req Request) (*http.Request, error) {
	target := c.base + req.Path
	if req.Query != "" {
		target += "?" + req.Query
	}
	var body io.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	hreq, err := http.NewRequestWithContext(ctx, cmp.Or(req.Method, http.MethodGet), target, body)
	if err != nil {
		return nil, err
	}
	for k, vs := range c.cfg.Header {
		hreq.Header[k] = vs
	}
	hreq.Header.Set("Accept", "application/json")
	if req.Body != nil {
		hreq.Header.Set("Content-Type", "application/json")
	}
	if req.IdempotencyKey != "" {
		hreq.Header.Set("Idempotency-Key", req.IdempotencyKey)
	}
	return hreq, nil
}
