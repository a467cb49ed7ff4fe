package refund

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ordercenter/ordercenter/shared/order/orderstore"
)

// Index keeps what the Service needs besides the orders
// (*orderstore.RefundIndex, layout in docs/refunds.md): the claim binding
// a refund id to its order, and the pending item of each refund not yet
// settled, whose Data the Service alone reads.
type Index interface {
	// ClaimRefundID binds the refund id to the order unless it is bound,
	// and returns the order it is bound to.
	ClaimRefundID(ctx context.Context, refundID, orderID string) (string, error)
	RefundOrder(ctx context.Context, refundID string) (orderID string, found bool, err error)
	GetPending(ctx context.Context, refundID string) (orderstore.PendingRefund, bool, error)
	// PutPending is a compare and set on the version, failing with
	// orderstore.ErrPendingChanged; it returns the new version.
	PutPending(ctx context.Context, p orderstore.PendingRefund) (int64, error)
	DropPending(ctx context.Context, refundID string) error
	DuePending(ctx context.Context, before time.Time, limit int) ([]orderstore.PendingRefund, error)
}

// index is the Service's view of its Index: refund ids and pending
// items in the Service's terms.
type index struct {
	Index
}

// claim binds the refund id to the order, once and for good: the same id
// on the same order again is fine, on another order ErrRefundIDTaken.
func (x index) claim(ctx context.Context, refundID, orderID string) error {
	owner, err := x.ClaimRefundID(ctx, refundID, orderID)
	if err != nil {
		return err
	}
	if owner != orderID {
		return fmt.Errorf("refund id %s: %w", refundID, ErrRefundIDTaken)
	}
	return nil
}

// orderOf returns the order a refund id is bound to, or ErrNotFound.
func (x index) orderOf(ctx context.Context, refundID string) (string, error) {
	orderID, found, err := x.RefundOrder(ctx, refundID)
	if err == nil && !found {
		err = fmt.Errorf("refund id %s: %w", refundID, ErrNotFound)
	}
	return orderID, err
}

// pending is the retry state of a refund not yet settled.
type pending struct {
	OrderID  string `json:"order_id"`
	RefundID string `json:"refund_id"`
	// Attempts counts the calls made to the provider; Failures the
	// transient ones among them; Polls the "pending" answers.
	Attempts    int       `json:"attempts"`
	Failures    int       `json:"failures"`
	Polls       int       `json:"polls"`
	NextAt      time.Time `json:"next_at"`
	LastFailure string    `json:"last_failure,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	// version guards every write (compare and set); 0: not stored yet.
	version int64
}

// getPending reads a refund's pending item; found is false when there is
// none.
func (x index) getPending(ctx context.Context, refundID string) (pending, bool, error) {
	stored, found, err := x.GetPending(ctx, refundID)
	if err != nil || !found {
		return pending{}, false, err
	}
	p, err := decodePending(stored)
	return p, err == nil, err
}

// putPending writes p if nobody wrote it since it was read (or, for a p
// never stored, if there is none); it returns p as stored, or an error
// wrapping orderstore.ErrPendingChanged.
func (x index) putPending(ctx context.Context, p pending) (pending, error) {
	data, _ := json.Marshal(p)
	v, err := x.PutPending(ctx, orderstore.PendingRefund{RefundID: p.RefundID, DueAt: p.NextAt,
		Version: p.version, Data: data})
	p.version = v
	return p, err
}

// dropPending deletes a refund's pending item; dropping it twice is fine.
func (x index) dropPending(ctx context.Context, refundID string) error {
	return x.DropPending(ctx, refundID)
}

// due returns up to limit pending items due at or before the time, the
// most overdue first.
func (x index) due(ctx context.Context, before time.Time, limit int) ([]pending, error) {
	stored, err := x.DuePending(ctx, before, limit)
	if err != nil {
		return nil, err
	}
	out := make([]pending, 0, len(stored))
	for _, it := range stored {
		p, err := decodePending(it)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func decodePending(it orderstore.PendingRefund) (pending, error) {
	var p pending
	if err := json.Unmarshal(it.Data, &p); err != nil {
		return pending{}, fmt.Errorf("decode pending refund %s: %w", it.RefundID, err)
	}
	p.version = it.Version
	return p, nil
}
