package sandbox

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpapi"
)

// Webhook event types (contract section 7).
const (
	TypePaymentSucceeded = "payment.succeeded"
	TypePaymentFailed    = "payment.failed"
	TypeRefundSucceeded  = "refund.succeeded"
	TypeRefundFailed     = "refund.failed"
)

// Event is the body of a webhook (contract section 7).
type Event struct {
	EventID    string    `json:"event_id"`
	Type       string    `json:"type"`
	OrderID    string    `json:"order_id"`
	TxnID      string    `json:"txn_id"`
	Amount     int64     `json:"amount"`
	Currency   string    `json:"currency"`
	OccurredAt time.Time `json:"occurred_at"`
	// RefundID is set on refund.* events only.
	RefundID string `json:"refund_id,omitempty"`
}

// PayRequest asks for a payment webhook. OrderID and a positive Amount are
// required; Currency defaults to CNY, Type to payment.succeeded (or
// payment.failed), and TxnID and EventID to fresh ids. Giving a TxnID or
// EventID already used lets a test play a provider that repeats itself.
type PayRequest struct {
	OrderID  string `json:"order_id"`
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
	Type     string `json:"type"`
	TxnID    string `json:"txn_id"`
	EventID  string `json:"event_id"`
}

// event turns req into the event to send, defaulted and validated.
func (req PayRequest) event(now time.Time) (Event, error) {
	ev := req.withDefaults(now)
	if ps := ev.paymentProblems(); len(ps) > 0 {
		return Event{}, fmt.Errorf("pay order %q: %s %s: %w", req.OrderID, ps[0].Field, ps[0].Problem, ErrInvalidRequest)
	}
	return ev, nil
}

// withDefaults returns the event req asks for, its defaults filled.
func (req PayRequest) withDefaults(now time.Time) Event {
	ev := Event{EventID: req.EventID, Type: req.Type, OrderID: req.OrderID, TxnID: req.TxnID,
		Amount: req.Amount, Currency: req.Currency, OccurredAt: now.UTC().Truncate(time.Millisecond)}
	if ev.Currency == "" {
		ev.Currency = "CNY"
	}
	if ev.Type == "" {
		ev.Type = TypePaymentSucceeded
	}
	if ev.EventID == "" {
		ev.EventID = newID("evt")
	}
	if ev.TxnID == "" {
		ev.TxnID = newID("txn")
	}
	return ev
}

// paymentProblems lists what is wrong with a payment event.
func (ev Event) paymentProblems() httpapi.Details {
	var ps httpapi.Details
	if ev.OrderID == "" || len(ev.OrderID) > 128 {
		ps.Add("order_id", "must be 1 to 128 characters")
	}
	if ev.Amount <= 0 {
		ps.Add("amount", "must be a positive amount in minor units")
	}
	if !currencyPattern.MatchString(ev.Currency) {
		ps.Add("currency", "must be an ISO 4217 code such as CNY")
	}
	if ev.Type != TypePaymentSucceeded && ev.Type != TypePaymentFailed {
		ps.Add("type", "must be payment.succeeded or payment.failed")
	}
	if len(ev.TxnID) > 128 {
		ps.Add("txn_id", "must be at most 128 characters")
	}
	if len(ev.EventID) > 128 {
		ps.Add("event_id", "must be at most 128 characters")
	}
	return ps
}

// newID returns a fresh id such as "evt-sbx-<26 base32 characters>".
func newID(prefix string) string {
	return prefix + "-sbx-" + strings.ToLower(rand.Text())
}

// Pay sends the payment webhook req asks for, signed, to Config.WebhookURL
// and returns the event with the webhook's answer, whatever its status.
// Errors: ErrInvalidRequest (nothing sent), ErrNoSecrets, and
// ErrNotDelivered (the event is kept for Redeliver).
func (p *Provider) Pay(ctx context.Context, req PayRequest) (Delivery, error) {
	ev, err := req.event(p.cfg.Now())
	if err != nil {
		return Delivery{}, err
	}
	p.mu.Lock()
	p.events[ev.EventID] = ev
	p.mu.Unlock()
	p.recordPayment(ev)
	return p.deliver(ctx, ev)
}

// Redeliver sends the event eventID again, with a fresh signature, as a
// provider retrying does. Errors: ErrUnknownEvent, and those of Pay.
func (p *Provider) Redeliver(ctx context.Context, eventID string) (Delivery, error) {
	p.mu.Lock()
	ev, ok := p.events[eventID]
	p.mu.Unlock()
	if !ok {
		return Delivery{}, fmt.Errorf("redeliver %q: %w", eventID, ErrUnknownEvent)
	}
	return p.deliver(ctx, ev)
}
