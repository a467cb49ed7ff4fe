package order

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Sentinel errors of refunds. Methods wrap them with the order and refund;
// test for them with errors.Is.
var (
	// ErrRefundExceedsPaid: the refund asks for more than was paid minus
	// what is refunded or being refunded (the API answers 422
	// refund_exceeds_paid).
	ErrRefundExceedsPaid = errors.New("refund exceeds paid")
	// ErrTipGoesLast, always with ErrRefundExceedsPaid: the refund would
	// give back a part of the order's tip without all the rest.
	ErrTipGoesLast = errors.New("the tip goes back only with all the rest")
	// ErrRefundNotFound: the order has no refund with the id (404).
	ErrRefundNotFound = errors.New("refund not found")
	// ErrRefundIDReused: the refund id names a refund of another amount
	// on this order (422 idempotency_key_reused).
	ErrRefundIDReused = errors.New("refund id reused")
	// ErrRefundWindowClosed: the user's after-sales window is over (403).
	ErrRefundWindowClosed = errors.New("after-sales window closed")
	// ErrTooManyRefunds: the order has MaxRefunds refunds already (409).
	ErrTooManyRefunds = errors.New("too many refunds")
	// ErrRefundSettled: the refund is final and the outcome contradicts it
	// (a failure reported for a refund that succeeded); nothing changes.
	ErrRefundSettled = errors.New("refund already settled")
)

// MaxRefunds bounds the refunds (payment returns not counted) one order
// may carry, so that its record stays small.
const MaxRefunds = 50

// DefaultAfterSalesWindow is how long after completion a user may ask for
// a refund when AFTER_SALES_WINDOW is not set (contract section 2).
const DefaultAfterSalesWindow = 168 * time.Hour

// RefundKind tells an order's refunds apart from the return of a payment
// the order could not take.
type RefundKind struct{ s string }

// The refund kinds. A payment return gives back a payment that was never
// the order's (late, mismatched or double): it does not count against
// Amounts.Paid and never moves Amounts.Refunded.
var (
	KindRefund        = RefundKind{"refund"}
	KindPaymentReturn = RefundKind{"payment_return"}
)

// String returns the kind's name.
func (k RefundKind) String() string { return k.s }

// MarshalText encodes the kind; the zero kind cannot be encoded.
func (k RefundKind) MarshalText() ([]byte, error) {
	if k.s == "" {
		return nil, fmt.Errorf("%w: zero refund kind", ErrInvalidOrder)
	}
	return []byte(k.s), nil
}

// UnmarshalText decodes a kind name; unknown names are an error.
func (k *RefundKind) UnmarshalText(b []byte) error {
	for _, known := range []RefundKind{KindRefund, KindPaymentReturn} {
		if known.s == string(b) {
			*k = known
			return nil
		}
	}
	return fmt.Errorf("%w: unknown refund kind %q", ErrInvalidOrder, b)
}

// RefundStatus is where a refund stands (contract section 8).
type RefundStatus struct{ s string }

// The refund statuses.
var (
	RefundPending   = RefundStatus{"PENDING"}
	RefundSucceeded = RefundStatus{"SUCCEEDED"}
	RefundFailed    = RefundStatus{"FAILED"}
)

// String returns the status as the contract spells it.
func (s RefundStatus) String() string { return s.s }

// IsFinal reports whether the refund is settled: SUCCEEDED or FAILED.
func (s RefundStatus) IsFinal() bool { return s == RefundSucceeded || s == RefundFailed }

// MarshalText encodes the status; the zero status cannot be encoded.
func (s RefundStatus) MarshalText() ([]byte, error) {
	if s.s == "" {
		return nil, fmt.Errorf("%w: zero refund status", ErrInvalidOrder)
	}
	return []byte(s.s), nil
}

// UnmarshalText decodes a status name; unknown names are an error.
func (s *RefundStatus) UnmarshalText(b []byte) error {
	for _, known := range []RefundStatus{RefundPending, RefundSucceeded, RefundFailed} {
		if known.s == string(b) {
			*s = known
			return nil
		}
	}
	return fmt.Errorf("%w: unknown refund status %q", ErrInvalidOrder, b)
}

// Refund is one refund of an order, or one return of a payment it could
// not take, as stored on the order's master record. Attempts is the number
// of calls made to the provider, written when the refund settles (while
// it is pending the retry index holds the live count). Tip is the part of
// Amount that gives back the order's tip (see RequestRefund).
type Refund struct {
	RefundID  string       `json:"refund_id"`
	Kind      RefundKind   `json:"kind"`
	Status    RefundStatus `json:"status"`
	Amount    int64        `json:"amount"`
	Tip       int64        `json:"tip,omitempty"`
	Currency  string       `json:"currency"`
	TxnID     string       `json:"txn_id"`
	Reason    string       `json:"reason,omitempty"`
	By        Actor        `json:"requested_by"`
	Attempts  int          `json:"attempts"`
	Failure   string       `json:"failure,omitempty"`
	CreatedAt time.Time    `json:"created_at"`
	UpdatedAt time.Time    `json:"updated_at"`
}

// refundIDPattern is what a refund id looks like (contract section 8).
var refundIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// ValidRefundID reports whether s has the form of a refund id.
func ValidRefundID(s string) bool { return refundIDPattern.MatchString(s) }

// Prefixes of the refund ids the order center makes itself; clients may
// not choose ids that start with them.
const (
	cancelRefundPrefix = "cancel-"
	returnRefundPrefix = "ret-"
)

// ReservedRefundID reports whether a refund id is one the order center
// keeps for the refunds it starts itself.
func ReservedRefundID(s string) bool {
	return strings.HasPrefix(s, cancelRefundPrefix) || strings.HasPrefix(s, returnRefundPrefix)
}

// CancelRefundID is the id of the full refund of a cancelled order:
// deterministic, so asking twice refunds once.
func CancelRefundID(orderID string) string { return cancelRefundPrefix + orderID }

// PaymentReturnID is the id of the return of the payment txnID: "ret-"
// and the txn id when that makes a valid refund id, else "ret-" and 40
// hex digits of its SHA-256.
func PaymentReturnID(txnID string) string {
	if id := returnRefundPrefix + txnID; ValidRefundID(id) {
		return id
	}
	sum := sha256.Sum256([]byte(txnID))
	return returnRefundPrefix + hex.EncodeToString(sum[:20])
}

// Refunds returns a copy of the order's refunds and payment returns,
// oldest first.
func (o *Order) Refunds() []Refund { return slices.Clone(o.refunds) }

// Refund returns the refund with the id, and whether there is one.
func (o *Order) Refund(id string) (Refund, bool) {
	if i := o.refundIndex(id); i >= 0 {
		return o.refunds[i], true
	}
	return Refund{}, false
}

// Refundable returns what may still be refunded: paid, minus what is
// refunded or being refunded (payment returns not counted), the tip not
// yet refunded included.
func (o *Order) Refundable() int64 {
	amount, _ := o.committedRefunds()
	return o.amounts.Paid - amount
}

// RefundableTip returns the part of Refundable that is the order's tip:
// it goes back only with the refund that leaves nothing else to refund.
func (o *Order) RefundableTip() int64 {
	if o.amounts.Paid == 0 {
		return 0
	}
	_, tip := o.committedRefunds()
	return min(o.amounts.Tip-tip, o.Refundable())
}

// committedRefunds sums the order's refunds that succeeded or may still,
// and the tip they give back.
func (o *Order) committedRefunds() (amount, tip int64) {
	for _, r := range o.refunds {
		if r.Kind == KindRefund && r.Status != RefundFailed {
			amount, tip = amount+r.Amount, tip+r.Tip
		}
	}
	return amount, tip
}

func (o *Order) refundIndex(id string) int {
	return slices.IndexFunc(o.refunds, func(r Refund) bool { return r.RefundID == id })
}

// CompletedAt returns when the order was completed, or the zero time.
func (o *Order) CompletedAt() time.Time { return o.completedAt }
