package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Defaults of Config.
const (
	// DefaultTimeout bounds one refund call, well below the deadline of
	// any function that makes it.
	DefaultTimeout = 3 * time.Second
	// DefaultMaxRetryAfter caps a Retry-After the provider asks for.
	DefaultMaxRetryAfter = time.Hour
	maxAnswerBytes       = 16 << 10
)

// Refund statuses a 2xx answer may carry.
const (
	StatusSucceeded = "succeeded"
	StatusPending   = "pending"
	statusFailed    = "failed"
)

// Config is what a Client needs; only URL is required.
type Config struct {
	// URL is $PAYMENT_PROVIDER_URL; refunds go to URL + "/refunds".
	URL string
	// APIKey, when set, is sent as "Authorization: Bearer <key>" (the
	// payment-api-key secret).
	APIKey string
	// HTTPClient makes the calls; default one that follows no redirects.
	HTTPClient *http.Client
	// Timeout bounds one call (default DefaultTimeout); an earlier
	// deadline of the caller's context applies.
	Timeout time.Duration
	// MaxRetryAfter caps the provider's Retry-After (default
	// DefaultMaxRetryAfter).
	MaxRetryAfter time.Duration
	// Breaker shapes the circuit breaker.
	Breaker BreakerConfig
	// Now is the clock (default time.Now).
	Now func() time.Time
}

func (c *Config) setDefaults() {
	c.URL = strings.TrimSuffix(c.URL, "/")
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}}
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxRetryAfter <= 0 {
		c.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Request is the body of POST /refunds.
type Request struct {
	RefundID string `json:"refund_id"`
	TxnID    string `json:"txn_id"`
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// Answer is the provider's 2xx answer: Status is StatusSucceeded or
// StatusPending (a webhook follows).
type Answer struct {
	RefundID string `json:"refund_id"`
	Status   string `json:"status"`
}

// Client calls the refund API. It is safe for concurrent use.
type Client struct {
	cfg     Config
	breaker *breaker
}

// New returns a client of the provider at cfg.URL.
func New(cfg Config) (*Client, error) {
	cfg.setDefaults()
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("payment provider URL %q: want http(s)://host[/path]", cfg.URL)
	}
	return &Client{cfg: cfg, breaker: newBreaker(cfg.Breaker, cfg.Now)}, nil
}

// Refund asks the provider to carry out the refund req, with its refund id
// as the Idempotency-Key: asking again under the same id never refunds
// twice. Errors wrap ErrTransient or ErrPermanent (see the package
// documentation).
func (c *Client) Refund(ctx context.Context, req Request) (Answer, error) {
	if ok, wait := c.breaker.allow(); !ok {
		return Answer{}, &Failure{Kind: ErrCircuitOpen, RetryAfter: wait, Detail: "too many failures in a row"}
	}
	ans, err := c.call(ctx, req)
	c.breaker.record(errors.Is(err, ErrTransient))
	return ans, err
}

func (c *Client) call(ctx context.Context, req Request) (Answer, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	body, err := json.Marshal(req)
	if err != nil {
		return Answer{}, fmt.Errorf("refund %s: encode: %w", req.RefundID, err)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.URL+"/refunds", bytes.NewReader(body))
	if err != nil {
		return Answer{}, fmt.Errorf("refund %s: %w", req.RefundID, err)
	}
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set("Idempotency-Key", req.RefundID)
	if c.cfg.APIKey != "" {
		hreq.Header.Set("Authorization", "Bearer "+c.cfg.APIKey)
	}
	resp, err := c.cfg.HTTPClient.Do(hreq)
	if err != nil {
		return Answer{}, &Failure{Kind: ErrTransient, Detail: "no answer (refused, reset or timed out)"}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes))
	if err != nil {
		return Answer{}, &Failure{Kind: ErrTransient, Status: resp.StatusCode, Detail: "answer cut short"}
	}
	return c.interpret(resp.StatusCode, resp.Header, raw)
}

// interpret turns the provider's answer into an Answer or a *Failure.
func (c *Client) interpret(status int, h http.Header, raw []byte) (Answer, error) {
	switch {
	case status == http.StatusTooManyRequests || status >= 500:
		return Answer{}, &Failure{Kind: ErrTransient, Status: status,
			RetryAfter: c.retryAfter(h), Detail: "provider unavailable"}
	case status < 200 || status >= 300:
		return Answer{}, &Failure{Kind: ErrPermanent, Status: status, Detail: "refund refused: " + errorCode(raw)}
	}
	var ans Answer
	if err := json.Unmarshal(raw, &ans); err != nil {
		return Answer{}, &Failure{Kind: ErrTransient, Status: status, Detail: "unreadable answer"}
	}
	switch ans.Status {
	case StatusSucceeded, StatusPending:
		return ans, nil
	case statusFailed:
		return Answer{}, &Failure{Kind: ErrPermanent, Status: status, Detail: "refund failed at the provider"}
	}
	return Answer{}, &Failure{Kind: ErrTransient, Status: status, Detail: "unknown refund status"}
}

func (c *Client) retryAfter(h http.Header) time.Duration {
	secs, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After")))
	if err != nil || secs <= 0 {
		return 0
	}
	return min(time.Duration(secs)*time.Second, c.cfg.MaxRetryAfter)
}

// errorCode reads the contract's error code from an error answer, for the
// record; "" when there is none. It never returns more than 64 bytes.
func errorCode(raw []byte) string {
	var body struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(raw, &body) != nil || body.Error.Code == "" {
		return "no error code"
	}
	if len(body.Error.Code) > 64 {
		return body.Error.Code[:64]
	}
	return body.Error.Code
}
