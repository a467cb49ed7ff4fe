package provider

import (
	"cmp"
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
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxRetryAfter <= 0 {
		c.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	c.Breaker = c.Breaker.WithDefaults(breaker.Config{OpenFor: DefaultBreakerOpenFor, Now: c.Now})
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
	caller  httpcall.Caller
	breaker *breaker.Breaker
}

// New returns a client of the provider at cfg.URL.
func New(cfg Config) (*Client, error) {
	cfg.setDefaults()
	if !httpcall.ValidBaseURL(cfg.URL) {
		return nil, fmt.Errorf("payment provider URL %q: want http(s)://host[/path]", cfg.URL)
	}
	return &Client{cfg: cfg, breaker: breaker.New("payment provider", cfg.Breaker),
		caller: httpcall.Caller{Client: cfg.HTTPClient, Timeout: cfg.Timeout, MaxAnswerBytes: maxAnswerBytes}}, nil
}

// Refund asks the provider to carry out the refund req, with its refund id
// as the Idempotency-Key: asking again under the same id never refunds
// twice. Errors wrap ErrTransient or ErrPermanent (see the package
// documentation).
func (c *Client) Refund(ctx context.Context, req Request) (Answer, error) {
	record, err := c.breaker.Allow()
	if err != nil {
		return Answer{}, &Failure{Kind: ErrCircuitOpen, RetryAfter: c.openWait(err), Detail: "too many failures in a row"}
	}
	ans, err := c.call(ctx, req)
	record(breaker.Judge(ctx, err, isAnswer))
	return ans, err
}

// isAnswer tells the breaker that a permanent failure is the provider's
// answer: it is up.
func isAnswer(err error) bool { return !errors.Is(err, ErrTransient) }

// openWait is how long the open breaker of err asks to wait: its whole
// open time while a trial call is out.
func (c *Client) openWait(err error) time.Duration {
	var open *breaker.OpenError
	if errors.As(err, &open) {
		return cmp.Or(open.RetryIn, c.cfg.Breaker.OpenFor)
	}
	return c.cfg.Breaker.OpenFor
}

func (c *Client) call(ctx context.Context, req Request) (Answer, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return Answer{}, fmt.Errorf("refund %s: encode: %w", req.RefundID, err)
	}
	ans, err := c.caller.Post(ctx, httpcall.Request{URL: c.cfg.URL + "/refunds", Body: body,
		IdempotencyKey: req.RefundID, Bearer: c.cfg.APIKey})
	switch {
	case ans.Status == 0:
		return Answer{}, &Failure{Kind: ErrTransient, Detail: "no answer (refused, reset or timed out)"}
	case err != nil:
		return Answer{}, &Failure{Kind: ErrTransient, Status: ans.Status, Detail: "answer cut short"}
	}
	return c.interpret(ans.Status, ans.Header, ans.Body)
}

// interpret turns the provider's answer into an Answer or a *Failure.
func (c *Client) interpret(status int, h http.Header, raw []byte) (Answer, error) {
	switch {
	case status == http.StatusTooManyRequests || status >= 500:
		return Answer{}, &Failure{Kind: ErrTransient, Status: status,
			RetryAfter: httpcall.RetryAfter(h, c.cfg.Now(), c.cfg.MaxRetryAfter), Detail: "provider unavailable"}
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
