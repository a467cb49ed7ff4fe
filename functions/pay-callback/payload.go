package function

import (
	"encoding/json"
	"fmt"
	"regexp"
	"time"

	"github.com/ordercenter/ordercenter/shared/httpapi"
	"github.com/ordercenter/ordercenter/shared/order"
)

// Notification types (contract section 7).
const (
	TypePaymentSucceeded = "payment.succeeded"
	TypePaymentFailed    = "payment.failed"
	TypeRefundSucceeded  = "refund.succeeded"
	TypeRefundFailed     = "refund.failed"
)

// maxIDLen bounds the provider's ids.
const maxIDLen = 128

var currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)

// Notification is the body of a webhook (contract section 7).
type Notification struct {
	EventID    string    `json:"event_id"`
	Type       string    `json:"type"`
	OrderID    string    `json:"order_id"`
	TxnID      string    `json:"txn_id"`
	Amount     int64     `json:"amount"`
	Currency   string    `json:"currency"`
	OccurredAt time.Time `json:"occurred_at"`
	RefundID   string    `json:"refund_id,omitempty"`
}

// IsPayment reports whether the notification is about a payment.
func (n Notification) IsPayment() bool {
	return n.Type == TypePaymentSucceeded || n.Type == TypePaymentFailed
}

// Decode reads a verified body: one JSON object, fields the provider may
// add later ignored (a provider retries a refused webhook for days; the
// contract's rule against unknown fields is for the order center's own
// API). Currency defaults to CNY. A body that is not a well-formed
// notification is an *httpapi.Problem (400) naming every field at fault.
func Decode(body []byte) (Notification, error) {
	var n Notification
	if err := json.Unmarshal(body, &n); err != nil {
		return Notification{}, httpapi.Invalid("body", "not a notification: "+describe(err))
	}
	if n.Currency == "" {
		n.Currency = order.DefaultCurrency
	}
	if ps := n.problems(); len(ps) > 0 {
		return Notification{}, ps.Invalid()
	}
	return n, nil
}

// problems lists what is wrong with a decoded notification.
func (n Notification) problems() httpapi.Details {
	var ps httpapi.Details
	if !isID(n.EventID, true) {
		ps.Add("event_id", "required, at most 128 visible characters")
	}
	payment := n.IsPayment()
	switch {
	case !payment && n.Type != TypeRefundSucceeded && n.Type != TypeRefundFailed:
		ps.Add("type", "must be payment.succeeded, payment.failed, refund.succeeded or refund.failed")
	case payment && !isID(n.OrderID, true):
		ps.Add("order_id", "required, at most 128 visible characters")
	case payment && !isID(n.TxnID, true):
		ps.Add("txn_id", "required, at most 128 visible characters")
	case !payment && (!order.ValidRefundID(n.RefundID) || !isID(n.OrderID, false) || !isID(n.TxnID, false)):
		ps.Add("refund_id", "a refund notification needs a refund_id of 1 to 64 of A-Z a-z 0-9 _ -")
	}
	if n.Amount < 0 || (n.Type == TypePaymentSucceeded && n.Amount == 0) {
		ps.Add("amount", "must be a positive amount in minor units")
	}
	if !currencyPattern.MatchString(n.Currency) {
		ps.Add("currency", "must be an ISO 4217 code such as CNY")
	}
	return ps
}

// isID reports whether s is an id of visible ASCII, at most maxIDLen;
// empty only when not required.
func isID(s string, required bool) bool {
	if s == "" {
		return !required
	}
	if len(s) > maxIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// describe names a decoding error without echoing the body.
func describe(err error) string {
	switch e := err.(type) {
	case *json.SyntaxError:
		return fmt.Sprintf("malformed JSON at byte %d", e.Offset)
	case *json.UnmarshalTypeError:
		if e.Field == "" {
			return "must be a JSON object"
		}
		return fmt.Sprintf("field %q has the wrong type", e.Field)
	case *time.ParseError:
		return "occurred_at is not an RFC 3339 time"
	}
	return "malformed JSON"
}
