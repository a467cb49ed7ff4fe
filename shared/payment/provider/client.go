package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"go.opentelemetry.io/otel/trace"

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
	StatusFailed    = "failed"
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
	// Now is the clock that reads Retry-After dates (default time.Now).
	Now func() time.Time
	// TracerProvider makes the client span of each call (default the
	// global provider).
	TracerProvider trace.TracerProvider
}

// base is the httpcall configuration of cfg.
func (cfg Config) base() httpcall.Config {
	c := httpcall.Config{Name: "payment provider", BaseURL: cfg.URL, HTTPClient: cfg.HTTPClient,
		Timeout: cfg.Timeout, MaxAnswerBytes: maxAnswerBytes, MaxRetryAfter: cfg.MaxRetryAfter, Now: cfg.Now, TracerProvider: cfg.TracerProvider,
		Breaker: cfg.Breaker.WithDefaults(breaker.Config{OpenFor: DefaultBreakerOpenFor})}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxRetryAfter <= 0 {
		c.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if cfg.APIKey != "" {
		c.Header = http.Header{"Authorization": {"Bearer " + cfg.APIKey}}
	}
	return c
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
	http *httpcall.Client
}

// New returns a client of the provider at cfg.URL.
func New(cfg Config) (*Client, error) {
	hc, err := httpcall.New(cfg.base())
	if err != nil {
		return nil, fmt.Errorf("payment provider: %w", err)
	}
	return &Client{http: hc}, nil
}

// Refund asks the provider to carry out the refund req, with its refund id
// as the Idempotency-Key: asking again under the same id never refunds
// twice. Errors are *httpcall.Error values wrapping ErrTransient or
// ErrPermanent (see the package documentation).
func (c *Client) Refund(ctx context.Context, req Request) (Answer, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return Answer{}, fmt.Errorf("refund %s: encode: %w", req.RefundID, err)
	}
	raw, err := c.http.Do(ctx, httpcall.Request{Method: http.MethodPost, Path: "/refunds", Body: body,
		IdempotencyKey: req.RefundID})
	if err != nil {
		return Answer{}, err
	}
	return c.interpret(raw)
}

// interpret reads a 2xx answer.
func (c *Client) interpret(raw httpcall.Answer) (Answer, error) {
	var ans Answer
	if err := json.Unmarshal(raw.Body, &ans); err != nil {
		return Answer{}, c.http.Fail(httpcall.ErrBadAnswer, raw, "unreadable answer")
	}
	switch ans.Status {
	case StatusSucceeded, StatusPending:
		return ans, nil
	case StatusFailed:
		return Answer{}, c.http.Fail(ErrPermanent, raw, "refund failed at the provider")
	}
	return Answer{}, c.http.Fail(httpcall.ErrBadAnswer, raw, "unknown refund status")
}

// Payment statuses the payment query answers.
const (
	PaymentSucceeded = "succeeded"
	PaymentFailed    = "failed"
)

// Payment is one payment the provider took, or failed to take, for an
// order (GET /payments?order_id=).
type Payment struct {
	TxnID      string    `json:"txn_id"`
	OrderID    string    `json:"order_id"`
	Amount     int64     `json:"amount"`
	Currency   string    `json:"currency"`
	Status     string    `json:"status"`
	OccurredAt time.Time `json:"occurred_at"`
}

// Payments asks the provider for the payments of an order, oldest first:
// what reconciliation applies when a webhook never came. Errors as for
// Refund.
func (c *Client) Payments(ctx context.Context, orderID string) ([]Payment, error) {
	raw, err := c.http.Do(ctx, httpcall.Request{Path: "/payments", Query: url.Values{"order_id": {orderID}}.Encode()})
	if err != nil {
		return nil, err
	}
	var ans struct {
		Payments []Payment `json:"payments"`
	}
	if err := json.Unmarshal(raw.Body, &ans); err != nil {
		return nil, c.http.Fail(httpcall.ErrBadAnswer, raw, "unreadable payments")
	}
	for _, p := range ans.Payments {
		if p.OrderID != orderID || p.TxnID == "" || (p.Status != PaymentSucceeded && p.Status != PaymentFailed) {
			return nil, c.http.Fail(httpcall.ErrBadAnswer, raw, "a payment of another order or of no known status")
		}
	}
	return ans.Payments, nil
}

// RefundState is a refund as the provider has it now (GET
// /refunds/<refund_id>).
type RefundState struct {
	RefundID  string    `json:"refund_id"`
	TxnID     string    `json:"txn_id"`
	Amount    int64     `json:"amount"`
	Currency  string    `json:"currency"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

// RefundStatus asks the provider how the refund refundID stands: its
// Status is StatusSucceeded, StatusPending or StatusFailed. A refund the
// provider does not know is an error wrapping httpcall.ErrNotFound (send
// it again under the same Idempotency-Key); other errors as for Refund.
func (c *Client) RefundStatus(ctx context.Context, refundID string) (RefundState, error) {
	raw, err := c.http.Do(ctx, httpcall.Request{Path: "/refunds/" + url.PathEscape(refundID)})
	if err != nil {
		return RefundState{}, err
	}
	var st RefundState
	if err := json.Unmarshal(raw.Body, &st); err != nil {
		return RefundState{}, c.http.Fail(httpcall.ErrBadAnswer, raw, "unreadable refund")
	}
	switch st.Status {
	case StatusSucceeded, StatusPending, StatusFailed:
	default:
		return RefundState{}, c.http.Fail(httpcall.ErrBadAnswer, raw, "unknown refund status")
	}
	if st.RefundID != refundID {
		return RefundState{}, c.http.Fail(httpcall.ErrBadAnswer, raw, "the answer names another refund")
	}
	return st, nil
}

// Types of a ledger entry.
const (
	EntryPayment = "payment"
	EntryRefund  = "refund"
)

// LedgerEntry is one entry of the provider's ledger of a day (GET
// /ledger?day=): a payment (Type EntryPayment, status PaymentSucceeded or
// PaymentFailed, At when it occurred) or a refund (EntryRefund, RefundID
// set, status StatusSucceeded, StatusPending or StatusFailed as it stands
// now, At when it was taken). OrderID is the order of the txn, empty for
// a refund of a txn the provider cannot tie to an order.
type LedgerEntry struct {
	Type     string    `json:"type"`
	OrderID  string    `json:"order_id"`
	TxnID    string    `json:"txn_id"`
	RefundID string    `json:"refund_id,omitempty"`
	Amount   int64     `json:"amount"`
	Currency string    `json:"currency"`
	Status   string    `json:"status"`
	At       time.Time `json:"at"`
}

// maxLedgerPages bounds the pages Ledger reads: a provider whose cursor
// never ends must not keep the caller forever.
const maxLedgerPages = 100_000

// Ledger reads the provider's ledger of the UTC day of day, every page of
// it, oldest first. Errors as for Refund; a page whose entries are of no
// known type or status is an httpcall.ErrBadAnswer.
func (c *Client) Ledger(ctx context.Context, day time.Time) ([]LedgerEntry, error) {
	var all []LedgerEntry
	q := url.Values{"day": {day.UTC().Format(time.DateOnly)}}
	for range maxLedgerPages {
		raw, err := c.http.Do(ctx, httpcall.Request{Path: "/ledger", Query: q.Encode()})
		if err != nil {
			return nil, err
		}
		var page struct {
			Entries    []LedgerEntry `json:"entries"`
			NextCursor string        `json:"next_cursor"`
		}
		if err := json.Unmarshal(raw.Body, &page); err != nil {
			return nil, c.http.Fail(httpcall.ErrBadAnswer, raw, "unreadable ledger page")
		}
		for _, e := range page.Entries {
			if !e.known() {
				return nil, c.http.Fail(httpcall.ErrBadAnswer, raw, "a ledger entry of no known type or status")
			}
		}
		all = append(all, page.Entries...)
		if page.NextCursor == "" {
			return all, nil
		}
		q.Set("cursor", page.NextCursor)
	}
	return nil, fmt.Errorf("ledger of %s: more than %d pages", q.Get("day"), maxLedgerPages)
}

// known reports whether the entry has a type and a status of it.
func (e LedgerEntry) known() bool {
	switch e.Type {
	case EntryPayment:
		return e.TxnID != "" && (e.Status == PaymentSucceeded || e.Status == PaymentFailed)
	case EntryRefund:
		return e.RefundID != "" && (e.Status == StatusSucceeded || e.Status == StatusPending || e.Status == StatusFailed)
	}
	return false
}
